/**
 * @file frame_parser.c
 * @brief Device frame bodies, SI conversion, sequence tracking (see frame_parser.h).
 */

// Includes

#include "frame_parser.h"
#include "byte_buffer.h"
#include <string.h>

// Definitions

/** Degrees to radians. */
#define RADIANS_PER_DEGREE (3.14159265358979323846 / 180.0)

// Functions: bodies

static bool refuse(const char **const reason, const char *const text) {
    if (reason != NULL) {
        *reason = text;
    }
    return false;
}

/**
 * @brief Parses a DESCRIPTOR body; checks its length against kind and channel count.
 */
bool frame_parser_descriptor(const DecodedFrame *const frame, ParsedDescriptor *const parsed,
                             const char **const reason) {
    ProtocolDescriptor *const descriptor = &parsed->descriptor;
    ByteReader reader;
    unsigned int cell;

    if (frame->header.type != PROTOCOL_FRAME_DESCRIPTOR) {
        return refuse(reason, "not a DESCRIPTOR");
    }
    memset(parsed, 0, sizeof(*parsed));
    byte_reader_initialise(&reader, frame->body, frame->body_length);
    descriptor->device_id = byte_reader_get_u64(&reader);
    descriptor->firmware_major = byte_reader_get_u8(&reader);
    descriptor->firmware_minor = byte_reader_get_u8(&reader);
    descriptor->firmware_patch = byte_reader_get_u8(&reader);
    descriptor->kind = byte_reader_get_u8(&reader);
    descriptor->placement = byte_reader_get_u8(&reader);
    descriptor->channel_count = byte_reader_get_u8(&reader);
    descriptor->nominal_rate_millihz = byte_reader_get_u32(&reader);
    descriptor->count_min = byte_reader_get_i16(&reader);
    descriptor->count_max = byte_reader_get_i16(&reader);
    if (byte_reader_has_underflowed(&reader)) {
        return refuse(reason, "DESCRIPTOR too short");
    }
    if (descriptor->kind == PROTOCOL_KIND_IMU) {
        if (descriptor->channel_count != PROTOCOL_IMU_CHANNEL_COUNT ||
            frame->body_length != PROTOCOL_DESCRIPTOR_COMMON_BYTES + PROTOCOL_DESCRIPTOR_IMU_BYTES) {
            return refuse(reason, "IMU DESCRIPTOR has the wrong length or channel count");
        }
        descriptor->accel_full_scale_mg = byte_reader_get_u32(&reader);
        descriptor->accel_scale.numerator = byte_reader_get_u32(&reader);
        descriptor->accel_scale.denominator = byte_reader_get_u32(&reader);
        descriptor->gyro_full_scale_mdps = byte_reader_get_u32(&reader);
        descriptor->gyro_scale.numerator = byte_reader_get_u32(&reader);
        descriptor->gyro_scale.denominator = byte_reader_get_u32(&reader);
        if (descriptor->accel_scale.denominator == 0u || descriptor->gyro_scale.denominator == 0u) {
            return refuse(reason, "DESCRIPTOR scale with a zero denominator");
        }
    } else if (descriptor->kind == PROTOCOL_KIND_INSOLE) {
        if (descriptor->channel_count == 0u || descriptor->channel_count > PROTOCOL_MAX_CHANNELS ||
            frame->body_length != PROTOCOL_DESCRIPTOR_COMMON_BYTES + PROTOCOL_DESCRIPTOR_INSOLE_BYTES +
                                      (size_t) descriptor->channel_count * PROTOCOL_DESCRIPTOR_CELL_BYTES) {
            return refuse(reason, "insole DESCRIPTOR has the wrong length or channel count");
        }
        descriptor->pressure_scale.numerator = byte_reader_get_u32(&reader);
        descriptor->pressure_scale.denominator = byte_reader_get_u32(&reader);
        if (descriptor->pressure_scale.denominator == 0u) {
            return refuse(reason, "DESCRIPTOR scale with a zero denominator");
        }
        for (cell = 0; cell < descriptor->channel_count; cell++) {
            parsed->cells[cell].x_0p1mm = byte_reader_get_i16(&reader);
            parsed->cells[cell].y_0p1mm = byte_reader_get_i16(&reader);
            parsed->cells[cell].area_0p01mm2 = byte_reader_get_u32(&reader);
        }
        descriptor->cells = parsed->cells;
    } else {
        return refuse(reason, "DESCRIPTOR of unknown kind");
    }
    if (protocol_placement_name(descriptor->placement) == NULL) {
        return refuse(reason, "DESCRIPTOR with unknown placement code");
    }
    return true;
}

/**
 * @brief Parses a SAMPLE_BATCH body and resolves every sample's timestamp.
 */
bool frame_parser_sample_batch(const DecodedFrame *const frame, ParsedSampleBatch *const parsed,
                               const char **const reason) {
    ByteReader reader;
    uint64_t timestamp_us;
    unsigned int sample;

    if (frame->header.type != PROTOCOL_FRAME_SAMPLE_BATCH) {
        return refuse(reason, "not a SAMPLE_BATCH");
    }
    byte_reader_initialise(&reader, frame->body, frame->body_length);
    parsed->first_sample_index = byte_reader_get_u32(&reader);
    parsed->first_timestamp_us = byte_reader_get_u64(&reader);
    parsed->sample_count = byte_reader_get_u8(&reader);
    parsed->channel_count = byte_reader_get_u8(&reader);
    if (byte_reader_has_underflowed(&reader)) {
        return refuse(reason, "SAMPLE_BATCH too short");
    }
    if (parsed->sample_count == 0u || parsed->channel_count == 0u || parsed->channel_count > PROTOCOL_MAX_CHANNELS ||
        frame->body_length != protocol_sample_batch_body_bytes(parsed->sample_count, parsed->channel_count)) {
        return refuse(reason, "SAMPLE_BATCH length does not match its counts");
    }
    timestamp_us = parsed->first_timestamp_us;
    for (sample = 0; sample < parsed->sample_count; sample++) {
        const uint16_t delta_us = byte_reader_get_u16(&reader);
        unsigned int channel;
        if (sample == 0u && delta_us != 0u) {
            return refuse(reason, "SAMPLE_BATCH first delta is not 0");
        }
        timestamp_us += delta_us;
        parsed->timestamps_us[sample] = timestamp_us;
        for (channel = 0; channel < parsed->channel_count; channel++) {
            parsed->counts[sample][channel] = byte_reader_get_i16(&reader);
        }
    }
    return true;
}

/**
 * @brief Parses a STATUS body.
 */
bool frame_parser_status(const DecodedFrame *const frame, ProtocolStatus *const status, const char **const reason) {
    ByteReader reader;
    if (frame->header.type != PROTOCOL_FRAME_STATUS) {
        return refuse(reason, "not a STATUS");
    }
    if (frame->body_length != PROTOCOL_STATUS_BYTES) {
        return refuse(reason, "STATUS has the wrong length");
    }
    byte_reader_initialise(&reader, frame->body, frame->body_length);
    status->uptime_ms = byte_reader_get_u32(&reader);
    status->battery_mv = byte_reader_get_u16(&reader);
    status->sensor_temperature_cdeg = byte_reader_get_i16(&reader);
    status->flags = byte_reader_get_u8(&reader);
    status->last_command_type = byte_reader_get_u8(&reader);
    status->last_command_result = byte_reader_get_u8(&reader);
    status->last_command_sequence = byte_reader_get_u32(&reader);
    status->samples_acquired = byte_reader_get_u32(&reader);
    status->samples_dropped = byte_reader_get_u32(&reader);
    status->samples_lost_at_sensor = byte_reader_get_u32(&reader);
    status->samples_saturated = byte_reader_get_u32(&reader);
    status->rx_frames_accepted = byte_reader_get_u32(&reader);
    status->rx_frames_rejected = byte_reader_get_u32(&reader);
    return true;
}

/**
 * @brief Parses a TIME_SYNC body (the device's transmit time is frame->header.timestamp_us).
 */
bool frame_parser_time_sync(const DecodedFrame *const frame, ProtocolTimeSync *const time_sync,
                            const char **const reason) {
    ByteReader reader;
    if (frame->header.type != PROTOCOL_FRAME_TIME_SYNC) {
        return refuse(reason, "not a TIME_SYNC");
    }
    if (frame->body_length != PROTOCOL_TIME_SYNC_BYTES) {
        return refuse(reason, "TIME_SYNC has the wrong length");
    }
    byte_reader_initialise(&reader, frame->body, frame->body_length);
    time_sync->ping_id = byte_reader_get_u32(&reader);
    time_sync->host_timestamp_us = byte_reader_get_u64(&reader);
    time_sync->device_receive_timestamp_us = byte_reader_get_u64(&reader);
    return true;
}

// Functions: units

/**
 * @brief SI value of one count of a channel: m/s^2 (ax, ay, az), rad/s (gx, gy, gz), kPa (insole).
 * IMU: g per count x 9.80665; degrees per second per count x pi / 180. 0 for a bad channel.
 */
double frame_parser_si_per_count(const ProtocolDescriptor *const descriptor, const unsigned int channel) {
    if (channel >= descriptor->channel_count) {
        return 0.0;
    }
    if (descriptor->kind == PROTOCOL_KIND_IMU) {
        if (channel < PROTOCOL_IMU_FIRST_GYRO_CHANNEL) {
            return (double) descriptor->accel_scale.numerator / (double) descriptor->accel_scale.denominator *
                   FRAME_PARSER_STANDARD_GRAVITY;
        }
        return (double) descriptor->gyro_scale.numerator / (double) descriptor->gyro_scale.denominator *
               RADIANS_PER_DEGREE;
    }
    return (double) descriptor->pressure_scale.numerator / (double) descriptor->pressure_scale.denominator;
}

/**
 * @brief Unit of a channel's SI value.
 */
const char *frame_parser_channel_unit(const ProtocolDescriptor *const descriptor, const unsigned int channel) {
    if (descriptor->kind == PROTOCOL_KIND_IMU) {
        return channel < PROTOCOL_IMU_FIRST_GYRO_CHANNEL ? "m/s^2" : "rad/s";
    }
    return "kPa";
}

// Functions: sequence numbers

void sequence_tracker_initialise(SequenceTracker *const tracker) {
    tracker->has_previous = false;
    tracker->previous = 0;
    tracker->lost_frames = 0;
}

/**
 * @brief Notes a frame's sequence number.
 * @return Frames lost just before it: (sequence - previous - 1) mod 2^32; 0 for the first.
 */
uint32_t sequence_tracker_update(SequenceTracker *const tracker, const uint32_t sequence) {
    uint32_t lost = 0;
    if (tracker->has_previous) {
        lost = sequence - tracker->previous - 1u; /* modulo 2^32: exact across the wrap */
    }
    tracker->has_previous = true;
    tracker->previous = sequence;
    tracker->lost_frames += lost;
    return lost;
}

// End of file
