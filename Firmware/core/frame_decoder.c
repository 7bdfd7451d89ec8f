/**
 * @file frame_decoder.c
 * @brief Streaming deframer (see frame_decoder.h).
 */

// Includes

#include "frame_decoder.h"
#include "byte_buffer.h"
#include "cobs.h"
#include "crc32.h"

// Functions

void frame_decoder_initialise(FrameDecoder *const decoder) {
    decoder->length = 0;
    decoder->overlong = 0;
    decoder->statistics.frames_accepted = 0;
    decoder->statistics.frames_rejected = 0;
    decoder->statistics.bytes_rejected = 0;
}

/** Checks the collected bytes of one frame; fills frame on success. */
static FrameDecoderError check_frame(FrameDecoder *const decoder, DecodedFrame *const frame) {
    size_t payload_length;
    ByteReader reader;

    if (decoder->overlong > 0u) {
        return FRAME_DECODER_ERROR_TOO_LONG;
    }
    if (!cobs_decode(decoder->buffer, decoder->length, decoder->buffer, sizeof(decoder->buffer), &payload_length)) {
        return FRAME_DECODER_ERROR_COBS;
    }
    if (payload_length < PROTOCOL_HEADER_BYTES + PROTOCOL_CRC_BYTES) {
        return FRAME_DECODER_ERROR_TOO_SHORT;
    }
    payload_length -= PROTOCOL_CRC_BYTES;
    if (payload_length > PROTOCOL_MAX_PAYLOAD_BYTES) {
        return FRAME_DECODER_ERROR_TOO_LONG;
    }
    if (crc32_compute(decoder->buffer, payload_length) != byte_order_get_u32_le(&decoder->buffer[payload_length])) {
        return FRAME_DECODER_ERROR_CRC;
    }
    byte_reader_initialise(&reader, decoder->buffer, payload_length);
    frame->header.version = byte_reader_get_u8(&reader);
    frame->header.type = byte_reader_get_u8(&reader);
    frame->header.sequence = byte_reader_get_u32(&reader);
    frame->header.timestamp_us = byte_reader_get_u64(&reader);
    if (frame->header.version != PROTOCOL_VERSION) {
        return FRAME_DECODER_ERROR_VERSION;
    }
    frame->body = &decoder->buffer[PROTOCOL_HEADER_BYTES];
    frame->body_length = payload_length - PROTOCOL_HEADER_BYTES;
    return FRAME_DECODER_ERROR_NONE;
}

/**
 * @brief Consumes bytes until one frame ends (valid or rejected) or the input runs out.
 * @param result What happened; on FRAME_DECODER_FRAME, frame is filled; on
 * FRAME_DECODER_REJECTED, error says why.
 * @return Bytes consumed; call again with the rest.
 */
size_t frame_decoder_push(FrameDecoder *const decoder, const uint8_t *const bytes, const size_t length,
                          FrameDecoderResult *const result, DecodedFrame *const frame,
                          FrameDecoderError *const error) {
    size_t index;

    *error = FRAME_DECODER_ERROR_NONE;
    for (index = 0; index < length; index++) {
        const uint8_t byte = bytes[index];
        size_t wire_length;
        FrameDecoderError check;

        if (byte != PROTOCOL_FRAME_DELIMITER) {
            if (decoder->length < sizeof(decoder->buffer)) {
                decoder->buffer[decoder->length++] = byte;
            } else {
                decoder->overlong++; /* keep counting, but never store past the buffer */
            }
            continue;
        }
        wire_length = decoder->length + decoder->overlong + 1u;
        if (decoder->length == 0u && decoder->overlong == 0u) {
            continue; /* empty frame: padding or a resync delimiter */
        }
        check = check_frame(decoder, frame);
        decoder->length = 0;
        decoder->overlong = 0;
        if (check == FRAME_DECODER_ERROR_NONE) {
            frame->wire_length = wire_length;
            decoder->statistics.frames_accepted++;
            *result = FRAME_DECODER_FRAME;
        } else {
            decoder->statistics.frames_rejected++;
            decoder->statistics.bytes_rejected += (uint32_t) wire_length;
            *error = check;
            *result = FRAME_DECODER_REJECTED;
        }
        return index + 1u;
    }
    *result = FRAME_DECODER_NEED_MORE_DATA;
    return length;
}

FrameDecoderStatistics frame_decoder_get_statistics(const FrameDecoder *const decoder) {
    return decoder->statistics;
}

/**
 * @brief Bytes of an unfinished frame held (no delimiter yet): at the end of a stream,
 * a truncated last frame.
 */
size_t frame_decoder_get_pending_bytes(const FrameDecoder *const decoder) {
    return decoder->length + decoder->overlong;
}

/**
 * @brief A short name for a rejection reason (for logs and frame-dump).
 */
const char *frame_decoder_error_name(const FrameDecoderError error) {
    switch (error) {
        case FRAME_DECODER_ERROR_NONE: return "none";
        case FRAME_DECODER_ERROR_TOO_LONG: return "too-long";
        case FRAME_DECODER_ERROR_COBS: return "bad-cobs";
        case FRAME_DECODER_ERROR_TOO_SHORT: return "too-short";
        case FRAME_DECODER_ERROR_CRC: return "bad-crc";
        case FRAME_DECODER_ERROR_VERSION: return "bad-version";
        default: return "unknown";
    }
}

// End of file
