/**
 * @file frame_decoder.h
 * @brief Streaming deframer: bytes in, checked frames out.
 *
 * A pure decode in the style of a ByteToMessageDecoder: feed any slice of the byte stream
 * (one byte, a USB packet, a whole file); it consumes bytes until a frame is complete and
 * reports it, or consumes everything and asks for more. Bytes are collected up to each
 * 0x00 delimiter, then COBS-decoded in place and checked (length, CRC, version). Whatever
 * precedes a delimiter and fails a check is one rejected frame; the next byte starts a new
 * frame, so the decoder resynchronises on the first 0x00 after garbage. An empty frame
 * (two delimiters in a row) is ignored silently: senders may pad with 0x00.
 */

#ifndef FRAME_DECODER_H
#define FRAME_DECODER_H

// Includes

#include "protocol.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// Definitions

/** Outcome of frame_decoder_push(). */
typedef enum {
    FRAME_DECODER_NEED_MORE_DATA, /* every byte given was consumed; no frame ended */
    FRAME_DECODER_FRAME,          /* a valid frame ended; see the DecodedFrame */
    FRAME_DECODER_REJECTED,       /* bytes up to a delimiter did not form a valid frame */
} FrameDecoderResult;

/** Why a frame was rejected. */
typedef enum {
    FRAME_DECODER_ERROR_NONE = 0,
    FRAME_DECODER_ERROR_TOO_LONG,   /* more than PROTOCOL_MAX_ENCODED_BYTES before the delimiter */
    FRAME_DECODER_ERROR_COBS,       /* malformed COBS */
    FRAME_DECODER_ERROR_TOO_SHORT,  /* shorter than header + CRC */
    FRAME_DECODER_ERROR_CRC,        /* CRC mismatch */
    FRAME_DECODER_ERROR_VERSION,    /* header version is not PROTOCOL_VERSION */
} FrameDecoderError;

/** A decoded frame. body points into the decoder and stays valid until the next push. */
typedef struct {
    ProtocolHeader header;
    const uint8_t *body;
    size_t body_length; /* bytes */
    size_t wire_length; /* bytes the frame took on the wire, delimiter included */
} DecodedFrame;

/** Counters since initialisation. */
typedef struct {
    uint32_t frames_accepted;
    uint32_t frames_rejected;
    uint32_t bytes_rejected; /* bytes of rejected frames, delimiters included */
} FrameDecoderStatistics;

/** Decoder state. All members are private. */
typedef struct {
    uint8_t buffer[PROTOCOL_MAX_ENCODED_BYTES];
    size_t length;       /* encoded bytes collected for the current frame */
    size_t overlong;     /* bytes dropped past the buffer for the current frame */
    FrameDecoderStatistics statistics;
} FrameDecoder;

// Function declarations

void frame_decoder_initialise(FrameDecoder *decoder);
size_t frame_decoder_push(FrameDecoder *decoder, const uint8_t *bytes, size_t length, FrameDecoderResult *result,
                          DecodedFrame *frame, FrameDecoderError *error);
FrameDecoderStatistics frame_decoder_get_statistics(const FrameDecoder *decoder);
size_t frame_decoder_get_pending_bytes(const FrameDecoder *decoder);
const char *frame_decoder_error_name(FrameDecoderError error);

#endif

// End of file
