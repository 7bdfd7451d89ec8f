/**
 * @file command_parser.c
 * @brief Host command parsing (see command_parser.h).
 */

// Includes

#include "command_parser.h"
#include "byte_buffer.h"

// Functions

void command_parser_initialise(CommandParser *const parser) {
    frame_decoder_initialise(&parser->decoder);
}

/** Checks the body of an intact command frame; fills the command's arguments. */
static ProtocolCommandResult parse_body(const DecodedFrame *const frame, ProtocolCommand *const command) {
    ByteReader reader;
    byte_reader_initialise(&reader, frame->body, frame->body_length);
    switch (frame->header.type) {
        case PROTOCOL_COMMAND_START:
        case PROTOCOL_COMMAND_STOP:
        case PROTOCOL_COMMAND_GET_DESCRIPTOR:
        case PROTOCOL_COMMAND_GET_STATUS:
            return frame->body_length == 0u ? PROTOCOL_RESULT_OK : PROTOCOL_RESULT_BAD_LENGTH;
        case PROTOCOL_COMMAND_SET_PLACEMENT:
            if (frame->body_length != PROTOCOL_SET_PLACEMENT_BYTES) {
                return PROTOCOL_RESULT_BAD_LENGTH;
            }
            command->placement = byte_reader_get_u8(&reader);
            return command->placement <= PROTOCOL_PLACEMENT_LAST ? PROTOCOL_RESULT_OK : PROTOCOL_RESULT_BAD_ARGUMENT;
        case PROTOCOL_COMMAND_TIME_SYNC_PING:
            if (frame->body_length != PROTOCOL_TIME_SYNC_PING_BYTES) {
                return PROTOCOL_RESULT_BAD_LENGTH;
            }
            command->ping_id = byte_reader_get_u32(&reader);
            command->host_timestamp_us = byte_reader_get_u64(&reader);
            return PROTOCOL_RESULT_OK;
        default:
            return PROTOCOL_RESULT_UNKNOWN_COMMAND;
    }
}

/**
 * @brief Consumes bytes until one frame ends or the input runs out.
 * @param command On COMMAND_PARSER_COMMAND the command; on COMMAND_PARSER_REFUSED its
 * type, sequence and timestamp (for the STATUS reply).
 * @param refusal On COMMAND_PARSER_REFUSED, why.
 * @return Bytes consumed; call again with the rest.
 */
size_t command_parser_push(CommandParser *const parser, const uint8_t *const bytes, const size_t length,
                           CommandParserResult *const result, ProtocolCommand *const command,
                           ProtocolCommandResult *const refusal) {
    FrameDecoderResult decoder_result;
    FrameDecoderError error;
    DecodedFrame frame;
    const size_t consumed = frame_decoder_push(&parser->decoder, bytes, length, &decoder_result, &frame, &error);

    *refusal = PROTOCOL_RESULT_OK;
    if (decoder_result == FRAME_DECODER_NEED_MORE_DATA) {
        *result = COMMAND_PARSER_NEED_MORE_DATA;
        return consumed;
    }
    if (decoder_result == FRAME_DECODER_REJECTED) {
        *result = COMMAND_PARSER_DAMAGED;
        return consumed;
    }
    command->type = frame.header.type;
    command->sequence = frame.header.sequence;
    command->timestamp_us = frame.header.timestamp_us;
    command->placement = PROTOCOL_PLACEMENT_UNSET;
    command->ping_id = 0;
    command->host_timestamp_us = 0;
    *refusal = parse_body(&frame, command);
    *result = *refusal == PROTOCOL_RESULT_OK ? COMMAND_PARSER_COMMAND : COMMAND_PARSER_REFUSED;
    return consumed;
}

FrameDecoderStatistics command_parser_get_statistics(const CommandParser *const parser) {
    return frame_decoder_get_statistics(&parser->decoder);
}

// End of file
