/**
 * @file node.c
 * @brief Sensor-node main-loop logic (see node.h).
 */

// Includes

#include "node.h"
#include "firmware_version.h"

// Definitions

/** Microseconds per millisecond. */
#define US_PER_MS (1000u)

// Functions: sample sink (called by the sensor source during poll)

/** Whether a sample touches the end of its range (the true value may lie beyond). */
static bool is_saturated(const ProtocolDescriptor *const descriptor, const int16_t *const counts) {
    /* IMU channels are bipolar and clip at both ends; a pressure cell at its lowest count is simply unloaded. */
    const bool clips_at_min = descriptor->kind == PROTOCOL_KIND_IMU;
    unsigned int channel;
    for (channel = 0; channel < descriptor->channel_count; channel++) {
        if (counts[channel] >= descriptor->count_max || (clips_at_min && counts[channel] <= descriptor->count_min)) {
            return true;
        }
    }
    return false;
}

static void sink_put(void *const context, const uint64_t timestamp_us, const int16_t *const counts) {
    Node *const node = (Node *) context;
    if (is_saturated(&node->descriptor, counts)) {
        node->samples_saturated++;
    }
    /* A full buffer drops the sample; the batcher counts it and its index stays unused. */
    (void) batcher_push(&node->batcher, node->next_sample_index, timestamp_us, counts);
    node->next_sample_index++;
}

static void sink_skip(void *const context, const uint32_t sample_count) {
    Node *const node = (Node *) context;
    node->next_sample_index += sample_count;
    node->samples_lost_at_sensor += sample_count;
}

// Functions: setup

/**
 * @brief Binds the node to its board, sensor and sample storage (caller-owned, any
 * alignment; its size sets how long the link may stall before samples are dropped).
 */
void node_initialise(Node *const node, const Board *const board, const SensorSource *const sensor,
                     uint8_t *const sample_storage, const size_t sample_storage_bytes) {
    node->board = board;
    node->sensor = sensor;
    node->sample_storage = sample_storage;
    node->sample_storage_bytes = sample_storage_bytes;
    node->sink.context = node;
    node->sink.put = sink_put;
    node->sink.skip = sink_skip;
    device_clock_initialise(&node->clock, board->read_clock_us(board->context));
    node->boot_us = device_clock_get_us(&node->clock);
    frame_encoder_initialise(&node->encoder, 0);
    command_parser_initialise(&node->parser);
    node->configured = false;
    node->link_started = false;
    node->streaming = false;
    node->sensor_fault = false;
    node->descriptor_due = false;
    node->flush_requested = false;
    node->pending_descriptor = false;
    node->pending_status = false;
    node->pending_time_sync = false;
    node->next_status_us = 0;
    node->next_sample_index = 0;
    node->samples_lost_at_sensor = 0;
    node->samples_saturated = 0;
    node->time_sync_replies_dropped = 0;
    node->last_command_type = 0;
    node->last_command_result = PROTOCOL_RESULT_NONE;
    node->last_command_sequence = 0;
    node->commands_accepted = 0;
}

/** Starts the sensor and the stream. */
static ProtocolCommandResult start_streaming(Node *const node) {
    const uint64_t now_us = device_clock_update(&node->clock, node->board->read_clock_us(node->board->context));
    if (node->streaming) {
        return PROTOCOL_RESULT_OK;
    }
    if (!node->sensor->start(node->sensor->context, now_us)) {
        node->sensor_fault = true;
        return PROTOCOL_RESULT_SENSOR_FAULT;
    }
    node->sensor_fault = false;
    node->streaming = true;
    node->descriptor_due = true;
    node->pending_descriptor = true;
    return PROTOCOL_RESULT_OK;
}

/** Stops the sensor; what is buffered still goes out. */
static void stop_streaming(Node *const node) {
    if (!node->streaming) {
        return;
    }
    node->sensor->stop(node->sensor->context);
    node->streaming = false;
    node->flush_requested = true;
}

/**
 * @brief Applies settings: the descriptor (copied; its cells array must outlive the node),
 * batching and STATUS period. Starts streaming if stream_at_boot.
 * @return false if the descriptor is invalid or the storage holds fewer than two samples.
 */
bool node_set_settings(Node *const node, const NodeSettings *const settings) {
    BatcherSettings batcher_settings;
    node->configured = false;
    node->settings = *settings;
    node->descriptor = settings->descriptor;
    node->descriptor.firmware_major = FIRMWARE_VERSION_MAJOR;
    node->descriptor.firmware_minor = FIRMWARE_VERSION_MINOR;
    node->descriptor.firmware_patch = FIRMWARE_VERSION_PATCH;
    if (frame_encoder_descriptor_body_bytes(&node->descriptor) == 0u ||
        !protocol_placement_fits_kind(node->descriptor.placement, node->descriptor.kind) ||
        !batcher_initialise(&node->batcher, node->sample_storage, node->sample_storage_bytes,
                            node->descriptor.channel_count)) {
        return false;
    }
    batcher_settings.samples_per_batch = settings->samples_per_batch;
    batcher_settings.max_batch_age_us = settings->max_batch_age_us;
    batcher_set_settings(&node->batcher, &batcher_settings);
    node->next_status_us = device_clock_get_us(&node->clock) + settings->status_period_us;
    node->configured = true;
    if (settings->stream_at_boot) {
        (void) start_streaming(node);
    }
    return true;
}

// Functions: commands

/** Records the outcome of a command for the next STATUS. */
static void note_command(Node *const node, const ProtocolCommand *const command, const ProtocolCommandResult result) {
    node->last_command_type = command->type;
    node->last_command_sequence = command->sequence;
    node->last_command_result = (uint8_t) result;
}

/** Carries out one valid command and queues its reply. */
static void execute(Node *const node, const ProtocolCommand *const command, const uint64_t received_us) {
    ProtocolCommandResult result = PROTOCOL_RESULT_OK;
    switch (command->type) {
        case PROTOCOL_COMMAND_START:
            result = start_streaming(node);
            node->pending_status = true;
            break;
        case PROTOCOL_COMMAND_STOP:
            stop_streaming(node);
            node->pending_status = true;
            break;
        case PROTOCOL_COMMAND_SET_PLACEMENT:
            if (protocol_placement_fits_kind(command->placement, node->descriptor.kind)) {
                node->descriptor.placement = command->placement;
                node->pending_descriptor = true;
            } else {
                result = PROTOCOL_RESULT_BAD_ARGUMENT;
                node->pending_status = true;
            }
            break;
        case PROTOCOL_COMMAND_TIME_SYNC_PING:
            if (node->pending_time_sync) {
                node->time_sync_replies_dropped++; /* one reply slot: the newest ping wins */
            }
            node->time_sync_reply.ping_id = command->ping_id;
            node->time_sync_reply.host_timestamp_us = command->host_timestamp_us;
            node->time_sync_reply.device_receive_timestamp_us = received_us;
            node->pending_time_sync = true;
            break;
        case PROTOCOL_COMMAND_GET_DESCRIPTOR:
            node->pending_descriptor = true;
            break;
        default: /* GET_STATUS */
            node->pending_status = true;
            break;
    }
    note_command(node, command, result);
}

/**
 * @brief Feeds bytes received from the host. Commands take effect at once; their replies
 * go out from node_update(). A TIME_SYNC_PING is timestamped when its delimiter is seen.
 */
void node_receive(Node *const node, const uint8_t *bytes, size_t length) {
    while (length > 0u) {
        CommandParserResult result;
        ProtocolCommand command;
        ProtocolCommandResult refusal;
        const size_t consumed = command_parser_push(&node->parser, bytes, length, &result, &command, &refusal);
        bytes += consumed;
        length -= consumed;
        if (result == COMMAND_PARSER_COMMAND) {
            const uint64_t received_us =
                device_clock_update(&node->clock, node->board->read_clock_us(node->board->context));
            node->commands_accepted++;
            execute(node, &command, received_us);
        } else if (result == COMMAND_PARSER_REFUSED) {
            node->commands_accepted++;
            note_command(node, &command, refusal);
            node->pending_status = true;
        }
        /* Damaged frames are counted by the parser and answered by nothing. */
    }
}

// Functions: output

/** Sends a frame if the link has room for its worst-case size; false if it must wait. */
static bool has_room(const Node *const node, const size_t payload_bytes) {
    return node->board->get_transmit_space(node->board->context) >= FRAME_ENCODER_WIRE_BYTES(payload_bytes);
}

static void transmit(const Node *const node, const size_t length) {
    if (length > 0u) {
        (void) node->board->transmit(node->board->context, node->frame, length);
    }
}

/** Sends the oldest ready batch; false if none is ready or the link is full. */
static bool send_batch(Node *const node, const uint64_t now_us) {
    const uint32_t sample_count = batcher_next_batch_size(&node->batcher, now_us, node->flush_requested);
    BatcherSample sample;
    uint64_t previous_us = 0;
    uint32_t position;

    if (sample_count == 0u ||
        !has_room(node, PROTOCOL_HEADER_BYTES +
                            protocol_sample_batch_body_bytes(sample_count, node->descriptor.channel_count))) {
        return false;
    }
    batcher_peek(&node->batcher, 0, &sample);
    (void) frame_encoder_begin_sample_batch(&node->encoder, now_us, sample.index, sample.timestamp_us,
                                            node->descriptor.channel_count);
    for (position = 0; position < sample_count; position++) {
        if (position > 0u) {
            batcher_peek(&node->batcher, position, &sample);
        }
        /* The batcher cut the run where a step would not fit 16 bits. */
        (void) frame_encoder_add_sample(&node->encoder,
                                        position == 0u ? 0u : (uint16_t) (sample.timestamp_us - previous_us),
                                        sample.counts);
        previous_us = sample.timestamp_us;
    }
    transmit(node, frame_encoder_finish(&node->encoder, node->frame, sizeof(node->frame)));
    batcher_discard(&node->batcher, sample_count);
    return true;
}

/**
 * @brief One main-loop step: reads the clock, polls the sensor, sends what is due and fits.
 */
void node_update(Node *const node) {
    uint64_t now_us = device_clock_update(&node->clock, node->board->read_clock_us(node->board->context));

    if (!node->configured) {
        return;
    }
    if (node->streaming && !node->sensor->poll(node->sensor->context, now_us, &node->sink)) {
        if (!node->sensor_fault) {
            node->pending_status = true; /* say so once */
        }
        node->sensor_fault = true;
    }
    if (node->settings.status_period_us > 0u && now_us >= node->next_status_us) {
        node->pending_status = true;
        node->next_status_us += node->settings.status_period_us;
        if (node->next_status_us <= now_us) {
            node->next_status_us = now_us + node->settings.status_period_us; /* fell behind: do not burst */
        }
    }

    if (!node->link_started) {
        /* The leading 0x00 ends whatever partial frame the host may hold. Until the link
         * takes it, nothing is sent; acquisition goes on into the sample buffer. */
        const uint8_t delimiter = PROTOCOL_FRAME_DELIMITER;
        if (node->board->get_transmit_space(node->board->context) == 0u) {
            return;
        }
        (void) node->board->transmit(node->board->context, &delimiter, 1);
        node->link_started = true;
    }

    /* Replies first, a time-sync reply before all: its transmit time is read just before encoding. */
    if (node->pending_time_sync && has_room(node, PROTOCOL_HEADER_BYTES + PROTOCOL_TIME_SYNC_BYTES)) {
        now_us = device_clock_update(&node->clock, node->board->read_clock_us(node->board->context));
        transmit(node, frame_encoder_time_sync(&node->encoder, now_us, &node->time_sync_reply, node->frame,
                                               sizeof(node->frame)));
        node->pending_time_sync = false;
    }
    if (node->pending_descriptor &&
        has_room(node, PROTOCOL_HEADER_BYTES + frame_encoder_descriptor_body_bytes(&node->descriptor))) {
        transmit(node, frame_encoder_descriptor(&node->encoder, now_us, &node->descriptor, node->frame,
                                                sizeof(node->frame)));
        node->pending_descriptor = false;
        node->descriptor_due = false;
    }
    while (!node->descriptor_due && send_batch(node, now_us)) {
    }
    if (node->flush_requested && batcher_get_count(&node->batcher) == 0u) {
        node->flush_requested = false;
        node->pending_status = true; /* the closing STATUS follows the last batch */
    }
    if (node->pending_status && !node->flush_requested && has_room(node, PROTOCOL_HEADER_BYTES + PROTOCOL_STATUS_BYTES)) {
        const ProtocolStatus status = node_get_status(node);
        transmit(node, frame_encoder_status(&node->encoder, now_us, &status, node->frame, sizeof(node->frame)));
        node->pending_status = false;
    }
}

/**
 * @brief Sends every buffered sample as soon as the link allows, then a STATUS (end of a
 * replay, shutdown).
 */
void node_request_flush(Node *const node) {
    node->flush_requested = true;
}

/**
 * @brief Whether nothing is waiting to be sent (no buffered sample, no pending reply).
 */
bool node_is_idle(const Node *const node) {
    return node->link_started && !node->flush_requested && !node->pending_descriptor && !node->pending_status &&
           !node->pending_time_sync && batcher_get_count(&node->batcher) == 0u;
}

bool node_is_streaming(const Node *const node) {
    return node->streaming;
}

/**
 * @brief The STATUS the node would send now.
 */
ProtocolStatus node_get_status(const Node *const node) {
    const FrameDecoderStatistics rx = command_parser_get_statistics(&node->parser);
    ProtocolStatus status;
    status.uptime_ms = (uint32_t) ((device_clock_get_us(&node->clock) - node->boot_us) / US_PER_MS);
    status.battery_mv = node->board->read_battery_mv != NULL ? node->board->read_battery_mv(node->board->context) : 0u;
    status.sensor_temperature_cdeg = node->sensor->get_temperature_cdeg != NULL
                                         ? node->sensor->get_temperature_cdeg(node->sensor->context)
                                         : PROTOCOL_TEMPERATURE_UNKNOWN;
    status.flags = (uint8_t) ((node->streaming ? PROTOCOL_STATUS_FLAG_STREAMING : 0u) |
                              (node->sensor_fault ? PROTOCOL_STATUS_FLAG_SENSOR_FAULT : 0u) |
                              (node->descriptor.placement != PROTOCOL_PLACEMENT_UNSET ? PROTOCOL_STATUS_FLAG_PLACEMENT_SET
                                                                                      : 0u));
    status.last_command_type = node->last_command_type;
    status.last_command_result = node->last_command_result;
    status.last_command_sequence = node->last_command_sequence;
    status.samples_acquired = node->next_sample_index;
    status.samples_dropped = batcher_get_dropped(&node->batcher);
    status.samples_lost_at_sensor = node->samples_lost_at_sensor;
    status.samples_saturated = node->samples_saturated;
    status.rx_frames_accepted = node->commands_accepted;
    status.rx_frames_rejected = rx.frames_rejected;
    return status;
}

const ProtocolDescriptor *node_get_descriptor(const Node *const node) {
    return &node->descriptor;
}

/**
 * @brief Device clock as of the last update, in us.
 */
uint64_t node_get_time_us(const Node *const node) {
    return device_clock_get_us(&node->clock);
}

// End of file
