/**
 * @file protocol_vectors.c
 * @brief PROTOCOL.md's example frames (see protocol_vectors.h).
 */

// Includes

#include "protocol_vectors.h"
#include "cobs.h"
#include "crc32.h"
#include "byte_buffer.h"
#include "frame_encoder.h"
#include "protocol.h"
#include <string.h>

// Definitions

/** Device timestamps of the device vectors, us. */
#define DEVICE_T0_US (1000000u)

/** Host timestamp of the command vectors, us (any epoch; here Unix time in us). */
#define HOST_T0_US (1700000000000000ull)

/** Expected bytes. Regenerate with `make vectors` only when the protocol changes on purpose. */
static const ProtocolVector vectors[] = {
    {"descriptor-imu",
        "01 01 00 00 00 00 40 42 0F 00 00 00 00 00 EF CD "
        "AB 89 67 45 23 01 00 01 00 01 04 06 40 42 0F 00 "
        "00 80 FF 7F 80 3E 00 00 01 00 00 00 00 08 00 00 "
        "80 84 1E 00 0A 00 00 00 A4 00 00 00",
        "03 01 01 01 01 01 04 40 42 0F 01 01 01 01 09 EF "
        "CD AB 89 67 45 23 01 02 01 07 01 04 06 40 42 0F "
        "01 06 80 FF 7F 80 3E 01 02 01 01 01 01 02 08 01 "
        "04 80 84 1E 02 0A 01 01 02 A4 01 01 05 83 4B 33 "
        "69 00"},
    {"descriptor-insole",
        "01 01 01 00 00 00 A4 42 0F 00 00 00 00 00 0D F0 "
        "FE CA 00 00 00 00 00 01 00 02 08 02 40 0D 03 00 "
        "00 00 FF 0F 01 00 00 00 04 00 00 00 FA 00 B0 FF "
        "C8 AF 00 00 7D 05 7B 00 A2 94 00 00",
        "04 01 01 01 01 01 04 A4 42 0F 01 01 01 01 05 0D "
        "F0 FE CA 01 01 01 01 02 01 07 02 08 02 40 0D 03 "
        "01 01 04 FF 0F 01 01 01 02 04 01 01 02 FA 05 B0 "
        "FF C8 AF 01 04 7D 05 7B 03 A2 94 01 05 E9 A5 C5 "
        "86 00"},
    {"sample-batch-imu",
        "01 02 02 00 00 00 10 4A 0F 00 00 00 00 00 29 00 "
        "00 00 34 44 0F 00 00 00 00 00 03 06 00 00 00 00 "
        "FF FF 00 08 A4 00 5C FF FF 7F E8 03 01 00 FE FF "
        "01 08 00 00 00 00 00 80 E9 03 00 F8 00 01 00 00 "
        "01 00 FF FF 34 12",
        "04 01 02 02 01 01 04 10 4A 0F 01 01 01 01 02 29 "
        "01 01 04 34 44 0F 01 01 01 01 03 03 06 01 01 01 "
        "03 FF FF 03 08 A4 08 5C FF FF 7F E8 03 01 05 FE "
        "FF 01 08 01 01 01 01 04 80 E9 03 02 F8 02 01 01 "
        "02 01 09 FF FF 34 12 BD 8A 49 46 00"},
    {"status",
        "01 03 03 00 00 00 F8 4D 0F 00 00 00 00 00 EB 03 "
        "00 00 80 0E A7 0B 05 81 00 07 00 00 00 2C 00 00 "
        "00 00 00 00 00 02 00 00 00 01 00 00 00 03 00 00 "
        "00 01 00 00 00",
        "04 01 03 03 01 01 04 F8 4D 0F 01 01 01 01 03 EB "
        "03 01 07 80 0E A7 0B 05 81 02 07 01 01 02 2C 01 "
        "01 01 01 01 01 02 02 01 01 02 01 01 01 02 03 01 "
        "01 02 01 01 01 05 11 03 FC DC 00"},
    {"time-sync",
        "01 04 04 00 00 00 E0 51 0F 00 00 00 00 00 2A 00 "
        "00 00 7B 40 1E 18 24 0A 06 00 D6 51 0F 00 00 00 "
        "00 00",
        "04 01 04 04 01 01 04 E0 51 0F 01 01 01 01 02 2A "
        "01 01 08 7B 40 1E 18 24 0A 06 04 D6 51 0F 01 01 "
        "01 01 05 BF AB BE 50 00"},
    {"command-start",
        "01 81 00 00 00 00 00 40 1E 18 24 0A 06 00",
        "03 01 81 01 01 01 01 07 40 1E 18 24 0A 06 05 CB "
        "B4 92 68 00"},
    {"command-stop",
        "01 82 01 00 00 00 01 40 1E 18 24 0A 06 00",
        "04 01 82 01 01 01 08 01 40 1E 18 24 0A 06 05 F4 "
        "94 57 82 00"},
    {"command-set-placement",
        "01 83 02 00 00 00 02 40 1E 18 24 0A 06 00 07",
        "04 01 83 02 01 01 08 02 40 1E 18 24 0A 06 06 07 "
        "C2 AA 7C EF 00"},
    {"command-time-sync-ping",
        "01 84 03 00 00 00 03 40 1E 18 24 0A 06 00 2A 00 "
        "00 00 7B 40 1E 18 24 0A 06 00",
        "04 01 84 03 01 01 08 03 40 1E 18 24 0A 06 02 2A "
        "01 01 08 7B 40 1E 18 24 0A 06 05 B8 9C 33 64 00"},
    {"command-get-descriptor",
        "01 85 04 00 00 00 04 40 1E 18 24 0A 06 00",
        "04 01 85 04 01 01 08 04 40 1E 18 24 0A 06 05 D8 "
        "EB 67 2F 00"},
    {"command-get-status",
        "01 86 05 00 00 00 05 40 1E 18 24 0A 06 00",
        "04 01 86 05 01 01 08 05 40 1E 18 24 0A 06 05 E7 "
        "CB A2 C5 00"},
};

// Functions

size_t protocol_vector_count(void) {
    return sizeof(vectors) / sizeof(vectors[0]);
}

const ProtocolVector *protocol_vector(const size_t index) {
    return index < protocol_vector_count() ? &vectors[index] : NULL;
}

static size_t build_device_frame(const size_t index, uint8_t *const wire, const size_t capacity) {
    static const ProtocolCell cells[2] = {
        {250, -80, 45000u},   /* x 25.0 mm, y -8.0 mm, 450.00 mm^2 */
        {1405, 123, 38050u},  /* x 140.5 mm, y 12.3 mm, 380.50 mm^2 */
    };
    static const int16_t samples[3][6] = {
        {0, -1, 2048, 164, -164, 32767},
        {1, -2, 2049, 0, 0, -32768},
        {-2048, 256, 0, 1, -1, 0x1234},
    };
    FrameEncoder encoder;
    ProtocolDescriptor descriptor;
    memset(&descriptor, 0, sizeof(descriptor));
    frame_encoder_initialise(&encoder, (uint32_t) index);
    switch (index) {
        case 0:
            descriptor.device_id = 0x0123456789ABCDEFull;
            descriptor.firmware_major = 0;
            descriptor.firmware_minor = 1;
            descriptor.firmware_patch = 0;
            descriptor.kind = PROTOCOL_KIND_IMU;
            descriptor.placement = PROTOCOL_PLACEMENT_LEFT_SHANK;
            descriptor.channel_count = PROTOCOL_IMU_CHANNEL_COUNT;
            descriptor.nominal_rate_millihz = 1000000u;
            descriptor.count_min = INT16_MIN;
            descriptor.count_max = INT16_MAX;
            descriptor.accel_full_scale_mg = 16000u;
            descriptor.accel_scale.numerator = 1u;
            descriptor.accel_scale.denominator = 2048u;
            descriptor.gyro_full_scale_mdps = 2000000u;
            descriptor.gyro_scale.numerator = 10u;
            descriptor.gyro_scale.denominator = 164u;
            return frame_encoder_descriptor(&encoder, DEVICE_T0_US, &descriptor, wire, capacity);
        case 1:
            descriptor.device_id = 0x00000000CAFEF00Dull;
            descriptor.firmware_major = 0;
            descriptor.firmware_minor = 1;
            descriptor.firmware_patch = 0;
            descriptor.kind = PROTOCOL_KIND_INSOLE;
            descriptor.placement = PROTOCOL_PLACEMENT_LEFT_INSOLE;
            descriptor.channel_count = 2;
            descriptor.nominal_rate_millihz = 200000u;
            descriptor.count_min = 0;
            descriptor.count_max = 4095;
            descriptor.pressure_scale.numerator = 1u;
            descriptor.pressure_scale.denominator = 4u;
            descriptor.cells = cells;
            return frame_encoder_descriptor(&encoder, DEVICE_T0_US + 100u, &descriptor, wire, capacity);
        case 2: {
            unsigned int sample;
            static const uint16_t deltas_us[3] = {0, 1000, 1001};
            (void) frame_encoder_begin_sample_batch(&encoder, DEVICE_T0_US + 2000u, 41u, DEVICE_T0_US + 500u,
                                                    PROTOCOL_IMU_CHANNEL_COUNT);
            for (sample = 0; sample < 3u; sample++) {
                (void) frame_encoder_add_sample(&encoder, deltas_us[sample], samples[sample]);
            }
            return frame_encoder_finish(&encoder, wire, capacity);
        }
        case 3: {
            ProtocolStatus status;
            status.uptime_ms = 1003u;
            status.battery_mv = 3712u;
            status.sensor_temperature_cdeg = 2983;
            status.flags = PROTOCOL_STATUS_FLAG_STREAMING | PROTOCOL_STATUS_FLAG_PLACEMENT_SET;
            status.last_command_type = PROTOCOL_COMMAND_START;
            status.last_command_result = PROTOCOL_RESULT_OK;
            status.last_command_sequence = 7u;
            status.samples_acquired = 44u;
            status.samples_dropped = 0u;
            status.samples_lost_at_sensor = 2u;
            status.samples_saturated = 1u;
            status.rx_frames_accepted = 3u;
            status.rx_frames_rejected = 1u;
            return frame_encoder_status(&encoder, DEVICE_T0_US + 3000u, &status, wire, capacity);
        }
        default: {
            ProtocolTimeSync time_sync;
            time_sync.ping_id = 42u;
            time_sync.host_timestamp_us = HOST_T0_US + 123u;
            time_sync.device_receive_timestamp_us = DEVICE_T0_US + 3990u;
            return frame_encoder_time_sync(&encoder, DEVICE_T0_US + 4000u, &time_sync, wire, capacity);
        }
    }
}

static size_t build_command_frame(const size_t command_index, uint8_t *const wire, const size_t capacity) {
    static const uint8_t types[6] = {PROTOCOL_COMMAND_START,          PROTOCOL_COMMAND_STOP,
                                     PROTOCOL_COMMAND_SET_PLACEMENT,  PROTOCOL_COMMAND_TIME_SYNC_PING,
                                     PROTOCOL_COMMAND_GET_DESCRIPTOR, PROTOCOL_COMMAND_GET_STATUS};
    FrameEncoder encoder;
    ProtocolCommand command;
    memset(&command, 0, sizeof(command));
    frame_encoder_initialise(&encoder, (uint32_t) command_index);
    command.type = types[command_index];
    command.placement = PROTOCOL_PLACEMENT_RIGHT_FOOT;
    command.ping_id = 42u;
    command.host_timestamp_us = HOST_T0_US + 123u;
    return frame_encoder_command(&encoder, HOST_T0_US + command_index, &command, wire, capacity);
}

/**
 * @brief Builds vector `index` with the encoder.
 * @return Wire length; payload receives the payload recovered from the wire bytes.
 */
size_t protocol_vector_build(const size_t index, uint8_t *const payload, size_t *const payload_length,
                             uint8_t *const wire, const size_t wire_capacity) {
    const size_t device_vectors = 5u;
    const size_t length = index < device_vectors ? build_device_frame(index, wire, wire_capacity)
                                                 : build_command_frame(index - device_vectors, wire, wire_capacity);
    size_t decoded = 0;
    *payload_length = 0;
    if (length < 2u || !cobs_decode(wire, length - 1u, payload, PROTOCOL_MAX_PAYLOAD_BYTES + PROTOCOL_CRC_BYTES,
                                    &decoded) ||
        decoded < PROTOCOL_CRC_BYTES) {
        return 0;
    }
    *payload_length = decoded - PROTOCOL_CRC_BYTES;
    return length;
}

/**
 * @brief Parses whitespace-separated hex byte pairs.
 * @return Bytes parsed (stops at the first non-hex, non-space character or at capacity).
 */
size_t protocol_vector_parse_hex(const char *hex, uint8_t *const bytes, const size_t capacity) {
    size_t count = 0;
    int high = -1;
    for (; *hex != '\0' && count < capacity; hex++) {
        int digit;
        const char c = *hex;
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
            continue;
        }
        if (c >= '0' && c <= '9') {
            digit = c - '0';
        } else if (c >= 'A' && c <= 'F') {
            digit = c - 'A' + 10;
        } else if (c >= 'a' && c <= 'f') {
            digit = c - 'a' + 10;
        } else {
            break;
        }
        if (high < 0) {
            high = digit;
        } else {
            bytes[count++] = (uint8_t) (high * 16 + digit);
            high = -1;
        }
    }
    return count;
}

static void print_hex(FILE *const out, const uint8_t *const bytes, const size_t length) {
    size_t index;
    for (index = 0; index < length; index++) {
        fprintf(out, "%02X%s", bytes[index], (index + 1u) % 16u == 0u || index + 1u == length ? "\n" : " ");
    }
}

/**
 * @brief Prints every vector as PROTOCOL.md shows it (payload, CRC, wire bytes).
 */
void protocol_vector_print_markdown(FILE *const out) {
    size_t index;
    for (index = 0; index < protocol_vector_count(); index++) {
        uint8_t payload[PROTOCOL_MAX_PAYLOAD_BYTES + PROTOCOL_CRC_BYTES];
        uint8_t wire[PROTOCOL_MAX_WIRE_FRAME_BYTES];
        size_t payload_length;
        const size_t wire_length = protocol_vector_build(index, payload, &payload_length, wire, sizeof(wire));
        fprintf(out, "#### %s\n\npayload (%zu bytes), CRC-32 0x%08X:\n\n```text\nvector-payload: %s\n", vectors[index].name,
                payload_length, crc32_compute(payload, payload_length), vectors[index].name);
        print_hex(out, payload, payload_length);
        fprintf(out, "```\n\nwire (%zu bytes):\n\n```text\nvector-wire: %s\n", wire_length, vectors[index].name);
        print_hex(out, wire, wire_length);
        fprintf(out, "```\n\n");
    }
}

// End of file
