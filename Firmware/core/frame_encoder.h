/**
 * @file frame_encoder.h
 * @brief Builds wire frames: header, body, CRC-32, COBS and the 0x00 delimiter.
 *
 * One encoder per direction of a link: it owns that direction's sequence counter, which
 * advances by one for every frame it finishes and wraps from 0xFFFFFFFF to 0, so a
 * receiver counts lost frames exactly as (sequence - previous - 1) mod 2^32.
 */

#ifndef FRAME_ENCODER_H
#define FRAME_ENCODER_H

// Includes

#include "byte_buffer.h"
#include "cobs.h"
#include "protocol.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// Definitions

/** Bytes on the wire for a payload of n bytes, at most (CRC, COBS overhead and delimiter included). */
#define FRAME_ENCODER_WIRE_BYTES(n) (COBS_MAX_ENCODED_LENGTH((n) + PROTOCOL_CRC_BYTES) + 1u)

/** Encoder state. All members are private. */
typedef struct {
    uint32_t next_sequence;
    uint8_t payload[PROTOCOL_MAX_PAYLOAD_BYTES + PROTOCOL_CRC_BYTES];
    ByteWriter writer;
    bool building;
    uint8_t batch_channel_count; /* 0 when the frame being built is not a SAMPLE_BATCH */
    uint8_t batch_sample_count;
    uint8_t batch_max_samples;
} FrameEncoder;

// Function declarations

void frame_encoder_initialise(FrameEncoder *encoder, uint32_t first_sequence);
uint32_t frame_encoder_get_next_sequence(const FrameEncoder *encoder);

size_t frame_encoder_descriptor(FrameEncoder *encoder, uint64_t timestamp_us, const ProtocolDescriptor *descriptor,
                                uint8_t *output, size_t capacity);
size_t frame_encoder_status(FrameEncoder *encoder, uint64_t timestamp_us, const ProtocolStatus *status,
                            uint8_t *output, size_t capacity);
size_t frame_encoder_time_sync(FrameEncoder *encoder, uint64_t timestamp_us, const ProtocolTimeSync *time_sync,
                               uint8_t *output, size_t capacity);
size_t frame_encoder_command(FrameEncoder *encoder, uint64_t timestamp_us, const ProtocolCommand *command,
                             uint8_t *output, size_t capacity);

bool frame_encoder_begin_sample_batch(FrameEncoder *encoder, uint64_t timestamp_us, uint32_t first_sample_index,
                                      uint64_t first_timestamp_us, uint8_t channel_count);
bool frame_encoder_add_sample(FrameEncoder *encoder, uint16_t delta_us, const int16_t *counts);
size_t frame_encoder_finish(FrameEncoder *encoder, uint8_t *output, size_t capacity);

size_t frame_encoder_descriptor_body_bytes(const ProtocolDescriptor *descriptor);

#endif

// End of file
