/**
 * @file command_parser.h
 * @brief Host commands from the byte stream: deframing (frame_decoder) and body checks.
 *
 * Intact frames that are not acceptable commands (a device frame type, an unknown type,
 * a wrong body length, an argument out of range) come back as COMMAND_PARSER_REFUSED
 * with a ProtocolCommandResult, so the node can say why in its STATUS. Damaged frames
 * (COBS, CRC, length, version) come back as COMMAND_PARSER_DAMAGED: their header cannot be
 * trusted, so nothing is answered and the host's timeout does the rest.
 */

#ifndef COMMAND_PARSER_H
#define COMMAND_PARSER_H

// Includes

#include "frame_decoder.h"
#include "protocol.h"
#include <stddef.h>
#include <stdint.h>

// Definitions

/** Outcome of command_parser_push(). */
typedef enum {
    COMMAND_PARSER_NEED_MORE_DATA, /* every byte consumed, no frame ended */
    COMMAND_PARSER_COMMAND,        /* a valid command; see ProtocolCommand */
    COMMAND_PARSER_REFUSED,        /* an intact frame that is not a valid command; see refusal */
    COMMAND_PARSER_DAMAGED,        /* bytes up to a delimiter were not an intact frame */
} CommandParserResult;

/** Parser state. All members are private. */
typedef struct {
    FrameDecoder decoder;
} CommandParser;

// Function declarations

void command_parser_initialise(CommandParser *parser);
size_t command_parser_push(CommandParser *parser, const uint8_t *bytes, size_t length, CommandParserResult *result,
                           ProtocolCommand *command, ProtocolCommandResult *refusal);
FrameDecoderStatistics command_parser_get_statistics(const CommandParser *parser);

#endif

// End of file
