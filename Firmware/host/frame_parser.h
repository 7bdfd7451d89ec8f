/**
 * @file frame_parser.h
 * @brief Host side of the protocol: parses the bodies of device frames (after
 * frame_decoder has checked framing and CRC), converts counts to SI units with the
 * DESCRIPTOR's scale factors, and counts lost frames from sequence numbers.
 * A reference for the Swift decoder; used by frame-dump and the tests.
 */

#ifndef FRAME_PARSER_H
#define FRAME_PARSER_H

// Includes

#include "frame_decoder.h"
#include "protocol.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// Definitions

/** Standard gravity, m/s^2 (exact by definition). */
#define FRAME_PARSER_STANDARD_GRAVITY (9.80665)

/** A DESCRIPTOR with storage for its cells. */
typedef struct {
    ProtocolDescriptor descriptor; /* descriptor.cells points at cells below */
    ProtocolCell cells[PROTOCOL_MAX_CHANNELS];
} ParsedDescriptor;

/** A SAMPLE_BATCH with per-sample timestamps resolved. */
typedef struct {
    uint32_t first_sample_index;
    uint64_t first_timestamp_us;
    uint8_t sample_count;
    uint8_t channel_count;
    uint64_t timestamps_us[PROTOCOL_MAX_BATCH_SAMPLES];
    int16_t counts[PROTOCOL_MAX_BATCH_SAMPLES][PROTOCOL_MAX_CHANNELS];
} ParsedSampleBatch;

/** Counts frames lost between consecutive sequence numbers of one stream. */
typedef struct {
    bool has_previous;
    uint32_t previous;
    uint64_t lost_frames;
} SequenceTracker;

// Function declarations

bool frame_parser_descriptor(const DecodedFrame *frame, ParsedDescriptor *parsed, const char **reason);
bool frame_parser_sample_batch(const DecodedFrame *frame, ParsedSampleBatch *parsed, const char **reason);
bool frame_parser_status(const DecodedFrame *frame, ProtocolStatus *status, const char **reason);
bool frame_parser_time_sync(const DecodedFrame *frame, ProtocolTimeSync *time_sync, const char **reason);

double frame_parser_si_per_count(const ProtocolDescriptor *descriptor, unsigned int channel);
const char *frame_parser_channel_unit(const ProtocolDescriptor *descriptor, unsigned int channel);

void sequence_tracker_initialise(SequenceTracker *tracker);
uint32_t sequence_tracker_update(SequenceTracker *tracker, uint32_t sequence);

#endif

// End of file
