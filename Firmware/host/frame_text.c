/**
 * @file frame_text.c
 * @brief Frame-per-line text rendering (see frame_text.h).
 */

// Includes

#include "frame_text.h"
#include <inttypes.h>
#include <string.h>

// Functions

void frame_text_initialise(FrameText *const text, const FrameTextOptions *const options) {
    memset(text, 0, sizeof(*text));
    text->options = *options;
    sequence_tracker_initialise(&text->device_sequence);
    sequence_tracker_initialise(&text->host_sequence);
}

static const char *result_name(const uint8_t result) {
    switch (result) {
        case PROTOCOL_RESULT_OK: return "ok";
        case PROTOCOL_RESULT_UNKNOWN_COMMAND: return "unknown-command";
        case PROTOCOL_RESULT_BAD_LENGTH: return "bad-length";
        case PROTOCOL_RESULT_BAD_ARGUMENT: return "bad-argument";
        case PROTOCOL_RESULT_SENSOR_FAULT: return "sensor-fault";
        case PROTOCOL_RESULT_NONE: return "none";
        default: return "?";
    }
}

static void print_descriptor(const ProtocolDescriptor *const descriptor, FILE *const out) {
    unsigned int cell;
    fprintf(out, " device_id=0x%016" PRIx64 " firmware=%u.%u.%u kind=%s placement=%s channels=%u rate_hz=%.3f counts=%d..%d",
            descriptor->device_id, descriptor->firmware_major, descriptor->firmware_minor, descriptor->firmware_patch,
            descriptor->kind == PROTOCOL_KIND_IMU ? "imu" : "insole", protocol_placement_name(descriptor->placement),
            descriptor->channel_count, (double) descriptor->nominal_rate_millihz / 1000.0, descriptor->count_min,
            descriptor->count_max);
    if (descriptor->kind == PROTOCOL_KIND_IMU) {
        fprintf(out, " accel_full_scale_mg=%" PRIu32 " accel_g_per_count=%" PRIu32 "/%" PRIu32
                     " gyro_full_scale_mdps=%" PRIu32 " gyro_dps_per_count=%" PRIu32 "/%" PRIu32,
                descriptor->accel_full_scale_mg, descriptor->accel_scale.numerator, descriptor->accel_scale.denominator,
                descriptor->gyro_full_scale_mdps, descriptor->gyro_scale.numerator, descriptor->gyro_scale.denominator);
        return;
    }
    fprintf(out, " kpa_per_count=%" PRIu32 "/%" PRIu32 " cells=", descriptor->pressure_scale.numerator,
            descriptor->pressure_scale.denominator);
    for (cell = 0; cell < descriptor->channel_count; cell++) {
        fprintf(out, "%s(%.1f,%.1f,%.2f)", cell == 0u ? "" : ";", descriptor->cells[cell].x_0p1mm / 10.0,
                descriptor->cells[cell].y_0p1mm / 10.0, descriptor->cells[cell].area_0p01mm2 / 100.0);
    }
}

static void print_batch(FrameText *const text, FILE *const out) {
    const ParsedSampleBatch *const batch = &text->batch;
    const bool si = text->options.si && text->has_descriptor &&
                    text->descriptor.descriptor.channel_count == batch->channel_count;
    unsigned int sample;
    fprintf(out, " first_index=%" PRIu32 " samples=%u channels=%u first_t_us=%" PRIu64 " last_t_us=%" PRIu64,
            batch->first_sample_index, batch->sample_count, batch->channel_count, batch->timestamps_us[0],
            batch->timestamps_us[batch->sample_count - 1u]);
    if (text->has_next_index && batch->first_sample_index != text->next_index) {
        const uint32_t missing = batch->first_sample_index - text->next_index;
        fprintf(out, " missing_before=%" PRIu32, missing);
        text->missing_samples += missing;
    }
    text->has_next_index = true;
    text->next_index = batch->first_sample_index + batch->sample_count;
    text->samples += batch->sample_count;
    if (!text->options.samples) {
        return;
    }
    fprintf(out, " |");
    for (sample = 0; sample < batch->sample_count; sample++) {
        unsigned int channel;
        fprintf(out, " %" PRIu64 ":", batch->timestamps_us[sample]);
        for (channel = 0; channel < batch->channel_count; channel++) {
            if (si) {
                fprintf(out, "%s%.6g", channel == 0u ? "" : ",",
                        batch->counts[sample][channel] *
                            frame_parser_si_per_count(&text->descriptor.descriptor, channel));
            } else {
                fprintf(out, "%s%d", channel == 0u ? "" : ",", batch->counts[sample][channel]);
            }
        }
    }
}

/**
 * @brief Prints one line for a decoded frame.
 * @return false if its body was malformed (the line says why).
 */
bool frame_text_print_frame(FrameText *const text, const DecodedFrame *const frame, FILE *const out) {
    const uint8_t type = frame->header.type;
    const char *const name = protocol_frame_type_name(type);
    SequenceTracker *const tracker =
        (type & PROTOCOL_COMMAND_BIT) != 0u ? &text->host_sequence : &text->device_sequence;
    const uint32_t lost = sequence_tracker_update(tracker, frame->header.sequence);
    const char *reason = NULL;
    bool ok = true;

    text->frames++;
    if (name != NULL) {
        fprintf(out, "%s", name);
    } else {
        fprintf(out, "TYPE_0x%02X", type);
    }
    fprintf(out, " seq=%" PRIu32 " t_us=%" PRIu64, frame->header.sequence, frame->header.timestamp_us);
    if (lost > 0u) {
        fprintf(out, " lost_frames_before=%" PRIu32, lost);
    }
    switch (type) {
        case PROTOCOL_FRAME_DESCRIPTOR:
            ok = frame_parser_descriptor(frame, &text->descriptor, &reason);
            if (ok) {
                text->has_descriptor = true;
                print_descriptor(&text->descriptor.descriptor, out);
            }
            break;
        case PROTOCOL_FRAME_SAMPLE_BATCH:
            ok = frame_parser_sample_batch(frame, &text->batch, &reason);
            if (ok) {
                print_batch(text, out);
            }
            break;
        case PROTOCOL_FRAME_STATUS: {
            ProtocolStatus status;
            ok = frame_parser_status(frame, &status, &reason);
            if (ok) {
                fprintf(out, " uptime_ms=%" PRIu32 " battery_mv=%u", status.uptime_ms, status.battery_mv);
                if (status.sensor_temperature_cdeg == PROTOCOL_TEMPERATURE_UNKNOWN) {
                    fprintf(out, " temperature=unknown");
                } else {
                    fprintf(out, " temperature_cdeg=%d", status.sensor_temperature_cdeg);
                }
                fprintf(out, " streaming=%d sensor_fault=%d placement_set=%d acquired=%" PRIu32 " dropped=%" PRIu32
                             " lost_at_sensor=%" PRIu32 " saturated=%" PRIu32 " rx_accepted=%" PRIu32
                             " rx_rejected=%" PRIu32,
                        (status.flags & PROTOCOL_STATUS_FLAG_STREAMING) != 0u,
                        (status.flags & PROTOCOL_STATUS_FLAG_SENSOR_FAULT) != 0u,
                        (status.flags & PROTOCOL_STATUS_FLAG_PLACEMENT_SET) != 0u, status.samples_acquired,
                        status.samples_dropped, status.samples_lost_at_sensor, status.samples_saturated,
                        status.rx_frames_accepted, status.rx_frames_rejected);
                if (status.last_command_type != 0u) {
                    const char *const command = protocol_frame_type_name(status.last_command_type);
                    fprintf(out, " last_command=%s#%" PRIu32 ":%s", command != NULL ? command : "?",
                            status.last_command_sequence, result_name(status.last_command_result));
                }
            }
            break;
        }
        case PROTOCOL_FRAME_TIME_SYNC: {
            ProtocolTimeSync time_sync;
            ok = frame_parser_time_sync(frame, &time_sync, &reason);
            if (ok) {
                fprintf(out, " ping_id=%" PRIu32 " host_t_us=%" PRIu64 " device_rx_t_us=%" PRIu64, time_sync.ping_id,
                        time_sync.host_timestamp_us, time_sync.device_receive_timestamp_us);
            }
            break;
        }
        default:
            fprintf(out, " body_bytes=%zu", frame->body_length);
            break;
    }
    if (!ok) {
        fprintf(out, " MALFORMED %s", reason);
        text->rejected++;
    }
    fputc('\n', out);
    return ok;
}

/**
 * @brief Prints a line for bytes that did not form a frame.
 */
void frame_text_print_rejected(FrameText *const text, const FrameDecoderError error, FILE *const out) {
    text->rejected++;
    fprintf(out, "REJECTED %s\n", frame_decoder_error_name(error));
}

/**
 * @brief Prints totals: frames, rejected, lost frames, samples, missing samples.
 */
void frame_text_print_summary(const FrameText *const text, FILE *const out) {
    fprintf(out, "frames=%" PRIu64 " rejected=%" PRIu64 " lost_frames=%" PRIu64 " samples=%" PRIu64
                 " missing_samples=%" PRIu64 "\n",
            text->frames, text->rejected, text->device_sequence.lost_frames + text->host_sequence.lost_frames,
            text->samples, text->missing_samples);
}

// End of file
