/**
 * @file frame_encoder.c
 * @brief Builds wire frames (see frame_encoder.h and PROTOCOL.md for every field).
 */

// Includes

#include "frame_encoder.h"
#include "crc32.h"

// Definitions

/** Payload offset of SAMPLE_BATCH.sample_count, patched when the batch is finished. */
#define SAMPLE_BATCH_COUNT_OFFSET (PROTOCOL_HEADER_BYTES + 12u)

// Functions: framing

/**
 * @brief Resets the encoder. first_sequence is 0 at boot; tests start near the wrap.
 */
void frame_encoder_initialise(FrameEncoder *const encoder, const uint32_t first_sequence) {
    encoder->next_sequence = first_sequence;
    encoder->building = false;
    encoder->batch_channel_count = 0;
    encoder->batch_sample_count = 0;
    encoder->batch_max_samples = 0;
}

/**
 * @brief The sequence number the next finished frame will carry.
 */
uint32_t frame_encoder_get_next_sequence(const FrameEncoder *const encoder) {
    return encoder->next_sequence;
}

/** Starts a payload with its header. */
static void begin(FrameEncoder *const encoder, const uint8_t type, const uint64_t timestamp_us) {
    byte_writer_initialise(&encoder->writer, encoder->payload, PROTOCOL_MAX_PAYLOAD_BYTES);
    byte_writer_put_u8(&encoder->writer, PROTOCOL_VERSION);
    byte_writer_put_u8(&encoder->writer, type);
    byte_writer_put_u32(&encoder->writer, encoder->next_sequence);
    byte_writer_put_u64(&encoder->writer, timestamp_us);
    encoder->building = true;
    encoder->batch_channel_count = 0;
    encoder->batch_sample_count = 0;
}

/**
 * @brief Finishes the frame being built: appends the CRC, COBS-encodes into output and
 * appends the delimiter. The sequence number advances only when a frame is produced.
 * @return Bytes written to output, or 0 if nothing was being built, the payload
 * overflowed, or output is smaller than FRAME_ENCODER_WIRE_BYTES(payload length).
 */
size_t frame_encoder_finish(FrameEncoder *const encoder, uint8_t *const output, const size_t capacity) {
    size_t payload_length;
    size_t encoded_length;

    if (!encoder->building || byte_writer_has_overflowed(&encoder->writer)) {
        encoder->building = false;
        return 0;
    }
    encoder->building = false;
    payload_length = byte_writer_get_length(&encoder->writer);
    if (encoder->batch_channel_count != 0u) {
        if (encoder->batch_sample_count == 0u) {
            return 0; /* an empty batch says nothing; never send one */
        }
        encoder->payload[SAMPLE_BATCH_COUNT_OFFSET] = encoder->batch_sample_count;
    }
    if (capacity < FRAME_ENCODER_WIRE_BYTES(payload_length)) {
        return 0;
    }
    /* The payload array has PROTOCOL_CRC_BYTES of room past the payload limit. */
    byte_order_put_u32_le(&encoder->payload[payload_length], crc32_compute(encoder->payload, payload_length));
    encoded_length = cobs_encode(encoder->payload, payload_length + PROTOCOL_CRC_BYTES, output, capacity - 1u);
    if (encoded_length == 0u) {
        return 0;
    }
    output[encoded_length] = PROTOCOL_FRAME_DELIMITER;
    encoder->next_sequence++; /* unsigned: wraps from 0xFFFFFFFF to 0 by definition */
    return encoded_length + 1u;
}

// Functions: device frames

/**
 * @brief Body size of a DESCRIPTOR in bytes (common part, kind part, cells).
 * @return 0 if the descriptor is invalid (unknown kind, bad channel count, no cells).
 */
size_t frame_encoder_descriptor_body_bytes(const ProtocolDescriptor *const descriptor) {
    if (descriptor->kind == PROTOCOL_KIND_IMU) {
        if (descriptor->channel_count != PROTOCOL_IMU_CHANNEL_COUNT) {
            return 0;
        }
        return PROTOCOL_DESCRIPTOR_COMMON_BYTES + PROTOCOL_DESCRIPTOR_IMU_BYTES;
    }
    if (descriptor->kind == PROTOCOL_KIND_INSOLE) {
        if (descriptor->channel_count == 0u || descriptor->channel_count > PROTOCOL_MAX_CHANNELS ||
            descriptor->cells == NULL) {
            return 0;
        }
        return PROTOCOL_DESCRIPTOR_COMMON_BYTES + PROTOCOL_DESCRIPTOR_INSOLE_BYTES +
               (size_t) descriptor->channel_count * PROTOCOL_DESCRIPTOR_CELL_BYTES;
    }
    return 0;
}

/**
 * @brief Encodes a DESCRIPTOR frame.
 * @return Bytes written to output, 0 if the descriptor is invalid or output too small.
 */
size_t frame_encoder_descriptor(FrameEncoder *const encoder, const uint64_t timestamp_us,
                                const ProtocolDescriptor *const descriptor, uint8_t *const output,
                                const size_t capacity) {
    ByteWriter *const writer = &encoder->writer;
    unsigned int cell;

    if (frame_encoder_descriptor_body_bytes(descriptor) == 0u ||
        !protocol_placement_fits_kind(descriptor->placement, descriptor->kind) ||
        descriptor->count_min >= descriptor->count_max) {
        return 0;
    }
    begin(encoder, PROTOCOL_FRAME_DESCRIPTOR, timestamp_us);
    byte_writer_put_u64(writer, descriptor->device_id);
    byte_writer_put_u8(writer, descriptor->firmware_major);
    byte_writer_put_u8(writer, descriptor->firmware_minor);
    byte_writer_put_u8(writer, descriptor->firmware_patch);
    byte_writer_put_u8(writer, descriptor->kind);
    byte_writer_put_u8(writer, descriptor->placement);
    byte_writer_put_u8(writer, descriptor->channel_count);
    byte_writer_put_u32(writer, descriptor->nominal_rate_millihz);
    byte_writer_put_i16(writer, descriptor->count_min);
    byte_writer_put_i16(writer, descriptor->count_max);
    if (descriptor->kind == PROTOCOL_KIND_IMU) {
        byte_writer_put_u32(writer, descriptor->accel_full_scale_mg);
        byte_writer_put_u32(writer, descriptor->accel_scale.numerator);
        byte_writer_put_u32(writer, descriptor->accel_scale.denominator);
        byte_writer_put_u32(writer, descriptor->gyro_full_scale_mdps);
        byte_writer_put_u32(writer, descriptor->gyro_scale.numerator);
        byte_writer_put_u32(writer, descriptor->gyro_scale.denominator);
    } else {
        byte_writer_put_u32(writer, descriptor->pressure_scale.numerator);
        byte_writer_put_u32(writer, descriptor->pressure_scale.denominator);
        for (cell = 0; cell < descriptor->channel_count; cell++) {
            byte_writer_put_i16(writer, descriptor->cells[cell].x_0p1mm);
            byte_writer_put_i16(writer, descriptor->cells[cell].y_0p1mm);
            byte_writer_put_u32(writer, descriptor->cells[cell].area_0p01mm2);
        }
    }
    return frame_encoder_finish(encoder, output, capacity);
}

/**
 * @brief Encodes a STATUS frame.
 */
size_t frame_encoder_status(FrameEncoder *const encoder, const uint64_t timestamp_us,
                            const ProtocolStatus *const status, uint8_t *const output, const size_t capacity) {
    ByteWriter *const writer = &encoder->writer;
    begin(encoder, PROTOCOL_FRAME_STATUS, timestamp_us);
    byte_writer_put_u32(writer, status->uptime_ms);
    byte_writer_put_u16(writer, status->battery_mv);
    byte_writer_put_i16(writer, status->sensor_temperature_cdeg);
    byte_writer_put_u8(writer, status->flags);
    byte_writer_put_u8(writer, status->last_command_type);
    byte_writer_put_u8(writer, status->last_command_result);
    byte_writer_put_u32(writer, status->last_command_sequence);
    byte_writer_put_u32(writer, status->samples_acquired);
    byte_writer_put_u32(writer, status->samples_dropped);
    byte_writer_put_u32(writer, status->samples_lost_at_sensor);
    byte_writer_put_u32(writer, status->samples_saturated);
    byte_writer_put_u32(writer, status->rx_frames_accepted);
    byte_writer_put_u32(writer, status->rx_frames_rejected);
    return frame_encoder_finish(encoder, output, capacity);
}

/**
 * @brief Encodes a TIME_SYNC reply. timestamp_us (the header) is the device's transmit time.
 */
size_t frame_encoder_time_sync(FrameEncoder *const encoder, const uint64_t timestamp_us,
                               const ProtocolTimeSync *const time_sync, uint8_t *const output,
                               const size_t capacity) {
    ByteWriter *const writer = &encoder->writer;
    begin(encoder, PROTOCOL_FRAME_TIME_SYNC, timestamp_us);
    byte_writer_put_u32(writer, time_sync->ping_id);
    byte_writer_put_u64(writer, time_sync->host_timestamp_us);
    byte_writer_put_u64(writer, time_sync->device_receive_timestamp_us);
    return frame_encoder_finish(encoder, output, capacity);
}

/**
 * @brief Starts a SAMPLE_BATCH. Samples follow with frame_encoder_add_sample(); then
 * frame_encoder_finish(). Samples of one batch have consecutive indices.
 * @return false if channel_count is 0 or above PROTOCOL_MAX_CHANNELS.
 */
bool frame_encoder_begin_sample_batch(FrameEncoder *const encoder, const uint64_t timestamp_us,
                                      const uint32_t first_sample_index, const uint64_t first_timestamp_us,
                                      const uint8_t channel_count) {
    ByteWriter *const writer = &encoder->writer;
    const size_t max_samples = protocol_sample_batch_max_samples(channel_count);
    if (max_samples == 0u) {
        return false;
    }
    begin(encoder, PROTOCOL_FRAME_SAMPLE_BATCH, timestamp_us);
    byte_writer_put_u32(writer, first_sample_index);
    byte_writer_put_u64(writer, first_timestamp_us);
    byte_writer_put_u8(writer, 0); /* sample_count, patched by frame_encoder_finish() */
    byte_writer_put_u8(writer, channel_count);
    encoder->batch_channel_count = channel_count;
    encoder->batch_max_samples = (uint8_t) max_samples;
    return true;
}

/**
 * @brief Appends one sample to the batch being built.
 * @param delta_us Microseconds since the previous sample of this batch; 0 for the first.
 * @return false (and nothing appended) if the batch is full or none is being built.
 */
bool frame_encoder_add_sample(FrameEncoder *const encoder, const uint16_t delta_us, const int16_t *const counts) {
    ByteWriter *const writer = &encoder->writer;
    unsigned int channel;
    if (!encoder->building || encoder->batch_channel_count == 0u ||
        encoder->batch_sample_count >= encoder->batch_max_samples) {
        return false;
    }
    byte_writer_put_u16(writer, encoder->batch_sample_count == 0u ? 0u : delta_us);
    for (channel = 0; channel < encoder->batch_channel_count; channel++) {
        byte_writer_put_i16(writer, counts[channel]);
    }
    encoder->batch_sample_count++;
    return true;
}

// Functions: host commands

/**
 * @brief Encodes a host command (used by hosts and tests; the device only parses them).
 * The sequence number comes from the encoder, not from command->sequence.
 * @return Bytes written, 0 if the type is not a command or output is too small.
 */
size_t frame_encoder_command(FrameEncoder *const encoder, const uint64_t timestamp_us,
                             const ProtocolCommand *const command, uint8_t *const output, const size_t capacity) {
    ByteWriter *const writer = &encoder->writer;
    if ((command->type & PROTOCOL_COMMAND_BIT) == 0u || protocol_frame_type_name(command->type) == NULL) {
        return 0;
    }
    begin(encoder, command->type, timestamp_us);
    if (command->type == PROTOCOL_COMMAND_SET_PLACEMENT) {
        byte_writer_put_u8(writer, command->placement);
    } else if (command->type == PROTOCOL_COMMAND_TIME_SYNC_PING) {
        byte_writer_put_u32(writer, command->ping_id);
        byte_writer_put_u64(writer, command->host_timestamp_us);
    }
    return frame_encoder_finish(encoder, output, capacity);
}

// End of file
