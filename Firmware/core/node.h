/**
 * @file node.h
 * @brief The sensor node's main-loop logic, board-independent: acquisition through a
 * SensorSource, buffering in a Batcher, framing with a FrameEncoder, host commands
 * through a CommandParser, all on a DeviceClock.
 *
 * Usage (see README.md): node_initialise(), node_set_settings(), then in the main loop
 * node_receive() with whatever bytes the host sent and node_update(). The node never
 * blocks and never allocates: when the link has no room for a frame it waits, the sample
 * buffer absorbs the delay, and samples that still do not fit are dropped and counted.
 *
 * Stream rules (PROTOCOL.md): a single 0x00 when the link starts; a DESCRIPTOR before the
 * first SAMPLE_BATCH after every start of streaming; STATUS every status_period_us and
 * after START, STOP, GET_STATUS and every refused command; DESCRIPTOR after
 * SET_PLACEMENT and GET_DESCRIPTOR; TIME_SYNC after TIME_SYNC_PING.
 */

#ifndef NODE_H
#define NODE_H

// Includes

#include "batcher.h"
#include "board.h"
#include "command_parser.h"
#include "device_clock.h"
#include "frame_encoder.h"
#include "protocol.h"
#include "sensor_source.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// Definitions

/** Node settings. */
typedef struct {
    ProtocolDescriptor descriptor; /* what the node is; firmware version fields are filled by the node */
    uint32_t samples_per_batch;    /* samples; a SAMPLE_BATCH is sent when this many are buffered */
    uint32_t max_batch_age_us;     /* us; ... or when the oldest buffered sample is this old */
    uint32_t status_period_us;     /* us; period of unsolicited STATUS frames, 0 for none */
    bool stream_at_boot;           /* start streaming without waiting for START */
} NodeSettings;

/** Node state. All members are private. */
typedef struct {
    const Board *board;
    const SensorSource *sensor;
    NodeSettings settings;
    ProtocolDescriptor descriptor;
    DeviceClock clock;
    uint64_t boot_us;
    FrameEncoder encoder;
    CommandParser parser;
    Batcher batcher;
    uint8_t *sample_storage;
    size_t sample_storage_bytes;
    uint8_t frame[PROTOCOL_MAX_WIRE_FRAME_BYTES];
    SampleSink sink;
    bool configured;
    bool link_started;           /* the leading 0x00 went out */
    bool streaming;
    bool sensor_fault;
    bool descriptor_due;         /* streaming started: a DESCRIPTOR must precede the next batch */
    bool flush_requested;
    bool pending_descriptor;
    bool pending_status;
    bool pending_time_sync;
    ProtocolTimeSync time_sync_reply;
    uint64_t next_status_us;
    uint32_t next_sample_index;
    uint32_t samples_lost_at_sensor;
    uint32_t samples_saturated;
    uint32_t time_sync_replies_dropped; /* pings answered by a newer ping before their reply went out */
    uint8_t last_command_type;
    uint8_t last_command_result;
    uint32_t last_command_sequence;
    uint32_t commands_accepted;
} Node;

// Function declarations

void node_initialise(Node *node, const Board *board, const SensorSource *sensor, uint8_t *sample_storage,
                     size_t sample_storage_bytes);
bool node_set_settings(Node *node, const NodeSettings *settings);
void node_receive(Node *node, const uint8_t *bytes, size_t length);
void node_update(Node *node);
void node_request_flush(Node *node);
bool node_is_idle(const Node *node);
bool node_is_streaming(const Node *node);
ProtocolStatus node_get_status(const Node *node);
const ProtocolDescriptor *node_get_descriptor(const Node *node);
uint64_t node_get_time_us(const Node *node);

#endif

// End of file
