/**
 * @file test_frames.c
 * @brief Frame encoder, deframer, command parser, host-side body parsers, sequence numbers,
 * and PROTOCOL.md's test vectors.
 */

// Includes

#include "command_parser.h"
#include "crc32.h"
#include "file_util.h"
#include "frame_decoder.h"
#include "frame_encoder.h"
#include "frame_parser.h"
#include "protocol.h"
#include "protocol_vectors.h"
#include "test_harness.h"
#include "test_suites.h"
#include <stdlib.h>
#include <string.h>

// Definitions

/** A stream of frames built for a test. */
typedef struct {
    uint8_t bytes[16384];
    size_t length;
} Stream;

// Functions: helpers

static void append(Stream *const stream, const uint8_t *const bytes, const size_t length) {
    if (TEST_CHECK(stream->length + length <= sizeof(stream->bytes))) {
        memcpy(&stream->bytes[stream->length], bytes, length);
        stream->length += length;
    }
}

/** Decodes exactly one frame from a complete wire frame. */
static bool decode_one(FrameDecoder *const decoder, const uint8_t *const wire, const size_t length,
                       DecodedFrame *const frame) {
    FrameDecoderResult result;
    FrameDecoderError error;
    const size_t consumed = frame_decoder_push(decoder, wire, length, &result, frame, &error);
    return TEST_EQUAL(result, FRAME_DECODER_FRAME) && TEST_EQUAL(consumed, length);
}

static ProtocolDescriptor imu_descriptor(void) {
    ProtocolDescriptor descriptor;
    memset(&descriptor, 0, sizeof(descriptor));
    descriptor.device_id = 0xFEDCBA9876543210ull;
    descriptor.firmware_major = 3;
    descriptor.firmware_minor = 14;
    descriptor.firmware_patch = 159;
    descriptor.kind = PROTOCOL_KIND_IMU;
    descriptor.placement = PROTOCOL_PLACEMENT_PELVIS;
    descriptor.channel_count = PROTOCOL_IMU_CHANNEL_COUNT;
    descriptor.nominal_rate_millihz = 500000u;
    descriptor.count_min = INT16_MIN;
    descriptor.count_max = INT16_MAX;
    descriptor.accel_full_scale_mg = 8000u;
    descriptor.accel_scale.numerator = 1u;
    descriptor.accel_scale.denominator = 4096u;
    descriptor.gyro_full_scale_mdps = 500000u;
    descriptor.gyro_scale.numerator = 10u;
    descriptor.gyro_scale.denominator = 655u;
    return descriptor;
}

// Functions: round trips

static void test_round_trip_descriptors(void) {
    static ProtocolCell cells[PROTOCOL_MAX_CHANNELS];
    static ParsedDescriptor parsed;
    static FrameDecoder decoder;
    FrameEncoder encoder;
    uint8_t wire[PROTOCOL_MAX_WIRE_FRAME_BYTES];
    DecodedFrame frame;
    ProtocolDescriptor descriptor = imu_descriptor();
    size_t length;
    unsigned int cell;
    const char *reason = NULL;

    frame_encoder_initialise(&encoder, 0);
    frame_decoder_initialise(&decoder);
    length = frame_encoder_descriptor(&encoder, 123456789012ull, &descriptor, wire, sizeof(wire));
    TEST_CHECK(length > 0u);
    if (decode_one(&decoder, wire, length, &frame) && TEST_CHECK(frame_parser_descriptor(&frame, &parsed, &reason))) {
        TEST_EQUAL(frame.header.type, PROTOCOL_FRAME_DESCRIPTOR);
        TEST_EQUAL(frame.header.timestamp_us, 123456789012ull);
        TEST_EQUAL(frame.body_length, PROTOCOL_DESCRIPTOR_COMMON_BYTES + PROTOCOL_DESCRIPTOR_IMU_BYTES);
        TEST_EQUAL(parsed.descriptor.device_id, descriptor.device_id);
        TEST_EQUAL(parsed.descriptor.firmware_patch, 159u);
        TEST_EQUAL(parsed.descriptor.placement, PROTOCOL_PLACEMENT_PELVIS);
        TEST_EQUAL(parsed.descriptor.nominal_rate_millihz, 500000u);
        TEST_EQUAL_SIGNED(parsed.descriptor.count_min, INT16_MIN);
        TEST_EQUAL(parsed.descriptor.accel_scale.denominator, 4096u);
        TEST_EQUAL(parsed.descriptor.gyro_scale.denominator, 655u);
        TEST_EQUAL(parsed.descriptor.gyro_full_scale_mdps, 500000u);
    }

    /* Insole with the most cells the protocol allows. */
    memset(&descriptor, 0, sizeof(descriptor));
    descriptor.kind = PROTOCOL_KIND_INSOLE;
    descriptor.placement = PROTOCOL_PLACEMENT_RIGHT_INSOLE;
    descriptor.channel_count = PROTOCOL_MAX_CHANNELS;
    descriptor.nominal_rate_millihz = 148000u;
    descriptor.count_min = 0;
    descriptor.count_max = 4095;
    descriptor.pressure_scale.numerator = 3u;
    descriptor.pressure_scale.denominator = 7u;
    for (cell = 0; cell < PROTOCOL_MAX_CHANNELS; cell++) {
        cells[cell].x_0p1mm = (int16_t) (cell * 40u);
        cells[cell].y_0p1mm = (int16_t) ((int) cell * -13 + 300);
        cells[cell].area_0p01mm2 = 100000u + cell;
    }
    descriptor.cells = cells;
    length = frame_encoder_descriptor(&encoder, 5, &descriptor, wire, sizeof(wire));
    TEST_CHECK(length > 0u && length <= PROTOCOL_MAX_WIRE_FRAME_BYTES);
    if (decode_one(&decoder, wire, length, &frame) && TEST_CHECK(frame_parser_descriptor(&frame, &parsed, &reason))) {
        TEST_EQUAL(frame.header.sequence, 1u);
        TEST_EQUAL(parsed.descriptor.channel_count, PROTOCOL_MAX_CHANNELS);
        TEST_EQUAL(parsed.descriptor.pressure_scale.numerator, 3u);
        TEST_EQUAL_SIGNED(parsed.cells[63].y_0p1mm, 63 * -13 + 300);
        TEST_EQUAL(parsed.cells[17].area_0p01mm2, 100017u);
    }

    /* Invalid descriptors are refused, and refusing does not use up a sequence number. */
    descriptor.channel_count = PROTOCOL_MAX_CHANNELS + 1u;
    TEST_EQUAL(frame_encoder_descriptor(&encoder, 5, &descriptor, wire, sizeof(wire)), 0u);
    descriptor.channel_count = 4;
    descriptor.placement = PROTOCOL_PLACEMENT_LEFT_FOOT; /* an IMU placement for an insole */
    TEST_EQUAL(frame_encoder_descriptor(&encoder, 5, &descriptor, wire, sizeof(wire)), 0u);
    TEST_EQUAL(frame_encoder_get_next_sequence(&encoder), 2u);
}

static void test_round_trip_status_time_sync_batch(void) {
    static FrameDecoder decoder;
    static ParsedSampleBatch batch;
    FrameEncoder encoder;
    uint8_t wire[PROTOCOL_MAX_WIRE_FRAME_BYTES];
    DecodedFrame frame;
    ProtocolStatus status;
    ProtocolStatus parsed_status;
    ProtocolTimeSync time_sync;
    ProtocolTimeSync parsed_time_sync;
    size_t length;
    unsigned int sample;
    const size_t max_samples = protocol_sample_batch_max_samples(PROTOCOL_IMU_CHANNEL_COUNT);

    frame_encoder_initialise(&encoder, 100);
    frame_decoder_initialise(&decoder);
    memset(&status, 0xA5, sizeof(status));
    status.sensor_temperature_cdeg = -1234;
    length = frame_encoder_status(&encoder, 77, &status, wire, sizeof(wire));
    if (decode_one(&decoder, wire, length, &frame) && TEST_CHECK(frame_parser_status(&frame, &parsed_status, NULL))) {
        TEST_EQUAL(frame.body_length, PROTOCOL_STATUS_BYTES);
        TEST_EQUAL(parsed_status.uptime_ms, status.uptime_ms);
        TEST_EQUAL_SIGNED(parsed_status.sensor_temperature_cdeg, -1234);
        TEST_EQUAL(parsed_status.rx_frames_rejected, status.rx_frames_rejected);
        TEST_EQUAL(parsed_status.samples_saturated, status.samples_saturated);
        TEST_EQUAL(parsed_status.last_command_sequence, status.last_command_sequence);
    }

    time_sync.ping_id = 0xDEADBEEFu;
    time_sync.host_timestamp_us = 0x0102030405060708ull;
    time_sync.device_receive_timestamp_us = 0xF0E0D0C0B0A09080ull;
    length = frame_encoder_time_sync(&encoder, 99, &time_sync, wire, sizeof(wire));
    if (decode_one(&decoder, wire, length, &frame) &&
        TEST_CHECK(frame_parser_time_sync(&frame, &parsed_time_sync, NULL))) {
        TEST_EQUAL(frame.header.sequence, 101u);
        TEST_EQUAL(parsed_time_sync.ping_id, 0xDEADBEEFu);
        TEST_EQUAL(parsed_time_sync.host_timestamp_us, 0x0102030405060708ull);
        TEST_EQUAL(parsed_time_sync.device_receive_timestamp_us, 0xF0E0D0C0B0A09080ull);
    }

    /* A full IMU batch, the largest frame an IMU sends. */
    TEST_EQUAL(max_samples, 71u);
    TEST_CHECK(frame_encoder_begin_sample_batch(&encoder, 1000, 0xFFFFFFF0u, 999000, PROTOCOL_IMU_CHANNEL_COUNT));
    for (sample = 0; sample < max_samples; sample++) {
        int16_t counts[PROTOCOL_IMU_CHANNEL_COUNT];
        unsigned int channel;
        for (channel = 0; channel < PROTOCOL_IMU_CHANNEL_COUNT; channel++) {
            counts[channel] = (int16_t) ((int) (sample * 900u + channel) - 32768);
        }
        TEST_CHECK(frame_encoder_add_sample(&encoder, (uint16_t) (sample == 0u ? 0u : 1000u + sample % 3u), counts));
    }
    TEST_CHECK(!frame_encoder_add_sample(&encoder, 1000, (const int16_t[6]) {0, 0, 0, 0, 0, 0}));
    length = frame_encoder_finish(&encoder, wire, sizeof(wire));
    TEST_CHECK(length > 0u && length <= PROTOCOL_MAX_WIRE_FRAME_BYTES);
    if (decode_one(&decoder, wire, length, &frame) && TEST_CHECK(frame_parser_sample_batch(&frame, &batch, NULL))) {
        TEST_EQUAL(batch.sample_count, max_samples);
        TEST_EQUAL(batch.first_sample_index, 0xFFFFFFF0u);
        TEST_EQUAL(batch.timestamps_us[0], 999000u);
        TEST_EQUAL(batch.timestamps_us[2], 999000u + 1001u + 1002u);
        TEST_EQUAL_SIGNED(batch.counts[70][5], 70 * 900 + 5 - 32768);
        TEST_EQUAL_SIGNED(batch.counts[0][0], -32768);
    }
    /* An empty batch is never sent. */
    TEST_CHECK(frame_encoder_begin_sample_batch(&encoder, 1000, 0, 0, 1));
    TEST_EQUAL(frame_encoder_finish(&encoder, wire, sizeof(wire)), 0u);
    /* Too little output room: nothing written, sequence kept. */
    TEST_CHECK(frame_encoder_begin_sample_batch(&encoder, 1000, 0, 0, 1));
    TEST_CHECK(frame_encoder_add_sample(&encoder, 0, (const int16_t[1]) {5}));
    TEST_EQUAL(frame_encoder_finish(&encoder, wire, 10), 0u);
    TEST_EQUAL(frame_encoder_get_next_sequence(&encoder), 103u);
}

static void test_round_trip_commands(void) {
    static CommandParser parser;
    static const uint8_t types[] = {PROTOCOL_COMMAND_START,          PROTOCOL_COMMAND_STOP,
                                    PROTOCOL_COMMAND_SET_PLACEMENT,  PROTOCOL_COMMAND_TIME_SYNC_PING,
                                    PROTOCOL_COMMAND_GET_DESCRIPTOR, PROTOCOL_COMMAND_GET_STATUS};
    FrameEncoder encoder;
    uint8_t wire[64];
    unsigned int index;

    frame_encoder_initialise(&encoder, 0xFFFFFFFEu);
    command_parser_initialise(&parser);
    for (index = 0; index < sizeof(types); index++) {
        ProtocolCommand command;
        ProtocolCommand parsed;
        CommandParserResult result;
        ProtocolCommandResult refusal;
        size_t length;
        memset(&command, 0, sizeof(command));
        command.type = types[index];
        command.placement = PROTOCOL_PLACEMENT_RIGHT_THIGH;
        command.ping_id = 1000u + index;
        command.host_timestamp_us = 0x1122334455667788ull;
        length = frame_encoder_command(&encoder, 42u + index, &command, wire, sizeof(wire));
        TEST_CHECK(length > 0u);
        TEST_EQUAL(command_parser_push(&parser, wire, length, &result, &parsed, &refusal), length);
        if (TEST_EQUAL(result, COMMAND_PARSER_COMMAND)) {
            TEST_EQUAL(parsed.type, types[index]);
            TEST_EQUAL(parsed.sequence, (uint32_t) (0xFFFFFFFEu + index)); /* wraps after 0xFFFFFFFF */
            TEST_EQUAL(parsed.timestamp_us, 42u + index);
            if (types[index] == PROTOCOL_COMMAND_SET_PLACEMENT) {
                TEST_EQUAL(parsed.placement, PROTOCOL_PLACEMENT_RIGHT_THIGH);
            }
            if (types[index] == PROTOCOL_COMMAND_TIME_SYNC_PING) {
                TEST_EQUAL(parsed.ping_id, 1000u + index);
                TEST_EQUAL(parsed.host_timestamp_us, 0x1122334455667788ull);
            }
        }
    }
    /* Device frame types are not commands. */
    {
        ProtocolCommand command;
        memset(&command, 0, sizeof(command));
        command.type = PROTOCOL_FRAME_STATUS;
        TEST_EQUAL(frame_encoder_command(&encoder, 0, &command, wire, sizeof(wire)), 0u);
    }
}

// Functions: deframing

static void test_resync_after_garbage(void) {
    static Stream stream;
    static FrameDecoder decoder;
    static const uint8_t garbage[] = {0x13, 0x37, 0xFF, 0x00, 0x42, 0x42, 0x42, 0x00, 0x00, 0x99};
    FrameEncoder encoder;
    uint8_t wire[PROTOCOL_MAX_WIRE_FRAME_BYTES];
    ProtocolTimeSync time_sync = {7u, 8u, 9u};
    size_t length;
    size_t offset = 0;
    unsigned int frames = 0;
    unsigned int rejected = 0;
    uint32_t sequences[4];

    stream.length = 0;
    frame_encoder_initialise(&encoder, 0);
    /* garbage, frame 0, frame 1 glued to garbage that has no delimiter, 0x00, frame 2, frame 3 */
    append(&stream, garbage, sizeof(garbage));
    append(&stream, (const uint8_t *) "\0", 1);
    length = frame_encoder_time_sync(&encoder, 1, &time_sync, wire, sizeof(wire));
    append(&stream, wire, length);
    append(&stream, garbage, 3); /* partial garbage: spoils what follows until the next 0x00 */
    length = frame_encoder_time_sync(&encoder, 2, &time_sync, wire, sizeof(wire));
    append(&stream, wire, length); /* frame 1 is lost with the garbage */
    length = frame_encoder_time_sync(&encoder, 3, &time_sync, wire, sizeof(wire));
    append(&stream, wire, length);
    length = frame_encoder_time_sync(&encoder, 4, &time_sync, wire, sizeof(wire));
    wire[5] ^= 0x40u; /* corrupt frame 3 */
    append(&stream, wire, length);
    length = frame_encoder_time_sync(&encoder, 5, &time_sync, wire, sizeof(wire));
    append(&stream, wire, length);

    frame_decoder_initialise(&decoder);
    while (offset < stream.length) {
        FrameDecoderResult result;
        FrameDecoderError error;
        DecodedFrame frame;
        /* Feed one byte at a time: the decoder must not depend on how input is split. */
        offset += frame_decoder_push(&decoder, &stream.bytes[offset], 1, &result, &frame, &error);
        if (result == FRAME_DECODER_FRAME && frames < 4u) {
            sequences[frames++] = frame.header.sequence;
        } else if (result == FRAME_DECODER_REJECTED) {
            rejected++;
        }
    }
    if (TEST_EQUAL(frames, 3u)) {
        TEST_EQUAL(sequences[0], 0u);
        TEST_EQUAL(sequences[1], 2u);
        TEST_EQUAL(sequences[2], 4u);
    }
    /* "13 37 FF", "42 42 42", "99", frame 1 (+ garbage), frame 3 (corrupt). */
    TEST_EQUAL(rejected, 5u);
    TEST_EQUAL(frame_decoder_get_statistics(&decoder).frames_rejected, 5u);
    TEST_EQUAL(frame_decoder_get_statistics(&decoder).frames_accepted, 3u);
}

static void test_decoder_split_independence(void) {
    static Stream stream;
    static FrameDecoder decoder;
    FrameEncoder encoder;
    uint8_t wire[PROTOCOL_MAX_WIRE_FRAME_BYTES];
    unsigned int frame_index;
    unsigned int trial;

    stream.length = 0;
    frame_encoder_initialise(&encoder, 0);
    for (frame_index = 0; frame_index < 20u; frame_index++) {
        unsigned int sample;
        const uint8_t channels = (uint8_t) (1u + frame_index * 3u % PROTOCOL_MAX_CHANNELS);
        (void) frame_encoder_begin_sample_batch(&encoder, frame_index, frame_index * 10u, frame_index, channels);
        for (sample = 0; sample < 1u + frame_index % 5u; sample++) {
            int16_t counts[PROTOCOL_MAX_CHANNELS];
            unsigned int channel;
            for (channel = 0; channel < channels; channel++) {
                counts[channel] = (int16_t) (channel % 3u == 0u ? 0 : (int) test_random() % 65536 - 32768);
            }
            (void) frame_encoder_add_sample(&encoder, 1, counts);
        }
        append(&stream, wire, frame_encoder_finish(&encoder, wire, sizeof(wire)));
    }
    for (trial = 0; trial < 3u; trial++) {
        size_t offset = 0;
        unsigned int frames = 0;
        frame_decoder_initialise(&decoder);
        while (offset < stream.length) {
            FrameDecoderResult result;
            FrameDecoderError error;
            DecodedFrame frame;
            /* trial 0: the whole stream at once; 1: random splits; 2: one byte at a time */
            const size_t chunk = trial == 0u ? stream.length - offset
                                 : trial == 1u ? 1u + test_random() % 97u
                                               : 1u;
            const size_t available = stream.length - offset < chunk ? stream.length - offset : chunk;
            size_t used = 0;
            while (used < available) {
                used += frame_decoder_push(&decoder, &stream.bytes[offset + used], available - used, &result, &frame,
                                           &error);
                if (result == FRAME_DECODER_FRAME) {
                    TEST_EQUAL(frame.header.sequence, frames);
                    frames++;
                } else if (result == FRAME_DECODER_REJECTED) {
                    TEST_CHECK(false);
                }
            }
            offset += available;
        }
        TEST_EQUAL(frames, 20u);
    }
}

static void test_decoder_rejects_bad_frames(void) {
    static FrameDecoder decoder;
    static uint8_t long_frame[PROTOCOL_MAX_ENCODED_BYTES + 10u];
    FrameEncoder encoder;
    uint8_t wire[PROTOCOL_MAX_WIRE_FRAME_BYTES];
    uint8_t payload[32];
    uint8_t encoded[64];
    FrameDecoderResult result;
    FrameDecoderError error;
    DecodedFrame frame;
    ProtocolTimeSync time_sync = {1u, 2u, 3u};
    size_t length;
    uint32_t crc;

    frame_decoder_initialise(&decoder);
    /* Longer than any frame: rejected whole, then the decoder is back in step. */
    memset(long_frame, 0x55, sizeof(long_frame));
    long_frame[sizeof(long_frame) - 1u] = 0x00;
    (void) frame_decoder_push(&decoder, long_frame, sizeof(long_frame), &result, &frame, &error);
    TEST_EQUAL(result, FRAME_DECODER_REJECTED);
    TEST_EQUAL(error, FRAME_DECODER_ERROR_TOO_LONG);
    frame_encoder_initialise(&encoder, 0);
    length = frame_encoder_time_sync(&encoder, 1, &time_sync, wire, sizeof(wire));
    (void) decode_one(&decoder, wire, length, &frame);

    /* Wrong version, with a correct CRC. */
    memset(payload, 0, sizeof(payload));
    payload[0] = 2; /* version 2 */
    payload[1] = PROTOCOL_COMMAND_START;
    crc = crc32_compute(payload, PROTOCOL_HEADER_BYTES);
    payload[14] = (uint8_t) crc;
    payload[15] = (uint8_t) (crc >> 8);
    payload[16] = (uint8_t) (crc >> 16);
    payload[17] = (uint8_t) (crc >> 24);
    length = cobs_encode(payload, 18, encoded, sizeof(encoded));
    encoded[length++] = 0;
    (void) frame_decoder_push(&decoder, encoded, length, &result, &frame, &error);
    TEST_EQUAL(error, FRAME_DECODER_ERROR_VERSION);

    /* Too short to hold a header and a CRC. */
    length = cobs_encode(payload, 10, encoded, sizeof(encoded));
    encoded[length++] = 0;
    (void) frame_decoder_push(&decoder, encoded, length, &result, &frame, &error);
    TEST_EQUAL(error, FRAME_DECODER_ERROR_TOO_SHORT);

    /* Bad COBS: a code byte pointing past the end. */
    {
        static const uint8_t bad[] = {0x09, 0x11, 0x22, 0x00};
        (void) frame_decoder_push(&decoder, bad, sizeof(bad), &result, &frame, &error);
        TEST_EQUAL(error, FRAME_DECODER_ERROR_COBS);
    }
    /* A flipped data bit with intact COBS: only the CRC can tell. */
    {
        uint8_t decoded[64];
        size_t decoded_length;
        length = frame_encoder_time_sync(&encoder, 1, &time_sync, wire, sizeof(wire));
        TEST_CHECK(cobs_decode(wire, length - 1u, decoded, sizeof(decoded), &decoded_length));
        decoded[20] ^= 0x04u; /* inside host_timestamp_us; kept non-zero so the COBS shape stays */
        decoded[20] |= 0x01u;
        length = cobs_encode(decoded, decoded_length, encoded, sizeof(encoded));
        encoded[length++] = 0;
        (void) frame_decoder_push(&decoder, encoded, length, &result, &frame, &error);
        TEST_EQUAL(error, FRAME_DECODER_ERROR_CRC);
    }
    /* Padding delimiters are not frames and not errors. */
    {
        static const uint8_t padding[] = {0x00, 0x00, 0x00};
        TEST_EQUAL(frame_decoder_push(&decoder, padding, sizeof(padding), &result, &frame, &error), 3u);
        TEST_EQUAL(result, FRAME_DECODER_NEED_MORE_DATA);
    }
    TEST_EQUAL(frame_decoder_get_statistics(&decoder).frames_rejected, 5u);
}

// Functions: sequence numbers

static void test_sequence_numbers_and_wrap(void) {
    static FrameDecoder decoder;
    FrameEncoder encoder;
    SequenceTracker tracker;
    uint8_t wire[PROTOCOL_MAX_WIRE_FRAME_BYTES];
    ProtocolTimeSync time_sync = {1u, 2u, 3u};
    unsigned int index;
    uint64_t lost_expected = 0;

    frame_encoder_initialise(&encoder, 0xFFFFFFF0u);
    frame_decoder_initialise(&decoder);
    sequence_tracker_initialise(&tracker);
    for (index = 0; index < 40u; index++) {
        DecodedFrame frame;
        const size_t length = frame_encoder_time_sync(&encoder, index, &time_sync, wire, sizeof(wire));
        /* Lose frames 5-7 and 14-20 (straddling the wrap at index 16). */
        if ((index >= 5u && index <= 7u) || (index >= 14u && index <= 20u)) {
            lost_expected++;
            continue;
        }
        if (decode_one(&decoder, wire, length, &frame)) {
            const uint32_t lost = sequence_tracker_update(&tracker, frame.header.sequence);
            TEST_EQUAL(frame.header.sequence, (uint32_t) (0xFFFFFFF0u + index));
            if (index == 8u) {
                TEST_EQUAL(lost, 3u);
            }
            if (index == 21u) {
                TEST_EQUAL(lost, 7u); /* 0xFFFFFFFD -> 0x00000005 */
                TEST_EQUAL(frame.header.sequence, 5u);
            }
        }
    }
    TEST_EQUAL(tracker.lost_frames, lost_expected);
    TEST_EQUAL(frame_encoder_get_next_sequence(&encoder), 0x18u);
}

// Functions: commands

static void test_command_parser_garbage_and_refusals(void) {
    static CommandParser parser;
    static Stream stream;
    FrameEncoder encoder;
    FrameEncoder device_encoder;
    uint8_t wire[PROTOCOL_MAX_WIRE_FRAME_BYTES];
    ProtocolCommand command;
    ProtocolTimeSync time_sync = {1u, 2u, 3u};
    size_t offset = 0;
    unsigned int commands = 0;
    unsigned int refused = 0;
    unsigned int damaged = 0;
    ProtocolCommandResult refusals[4];

    stream.length = 0;
    command_parser_initialise(&parser);
    frame_encoder_initialise(&encoder, 10);
    frame_encoder_initialise(&device_encoder, 0);
    memset(&command, 0, sizeof(command));
    append(&stream, (const uint8_t *) "AT+RESET\r\n\0", 11); /* a modem probe, say */
    command.type = PROTOCOL_COMMAND_START;
    append(&stream, wire, frame_encoder_command(&encoder, 0, &command, wire, sizeof(wire)));
    command.type = PROTOCOL_COMMAND_SET_PLACEMENT;
    command.placement = 42; /* not a placement */
    append(&stream, wire, frame_encoder_command(&encoder, 0, &command, wire, sizeof(wire)));
    /* A device frame sent to the device: intact but not a command. */
    append(&stream, wire, frame_encoder_time_sync(&device_encoder, 0, &time_sync, wire, sizeof(wire)));
    /* START with a body: wrong length. Built by hand from a SET_PLACEMENT frame. */
    {
        uint8_t payload[PROTOCOL_HEADER_BYTES + 1u + PROTOCOL_CRC_BYTES];
        uint8_t encoded[32];
        size_t length;
        uint32_t crc;
        memset(payload, 0, sizeof(payload));
        payload[0] = PROTOCOL_VERSION;
        payload[1] = PROTOCOL_COMMAND_START;
        payload[2] = 99; /* sequence 99 */
        payload[14] = 1;
        crc = crc32_compute(payload, 15);
        payload[15] = (uint8_t) crc;
        payload[16] = (uint8_t) (crc >> 8);
        payload[17] = (uint8_t) (crc >> 16);
        payload[18] = (uint8_t) (crc >> 24);
        length = cobs_encode(payload, sizeof(payload), encoded, sizeof(encoded));
        encoded[length++] = 0;
        append(&stream, encoded, length);
    }
    /* An unknown command type 0x9F. */
    {
        uint8_t payload[PROTOCOL_HEADER_BYTES + PROTOCOL_CRC_BYTES];
        uint8_t encoded[32];
        size_t length;
        uint32_t crc;
        memset(payload, 0, sizeof(payload));
        payload[0] = PROTOCOL_VERSION;
        payload[1] = 0x9F;
        crc = crc32_compute(payload, 14);
        payload[14] = (uint8_t) crc;
        payload[15] = (uint8_t) (crc >> 8);
        payload[16] = (uint8_t) (crc >> 16);
        payload[17] = (uint8_t) (crc >> 24);
        length = cobs_encode(payload, sizeof(payload), encoded, sizeof(encoded));
        encoded[length++] = 0;
        append(&stream, encoded, length);
    }
    command.type = PROTOCOL_COMMAND_GET_STATUS;
    append(&stream, wire, frame_encoder_command(&encoder, 0, &command, wire, sizeof(wire)));

    while (offset < stream.length) {
        CommandParserResult result;
        ProtocolCommand parsed;
        ProtocolCommandResult refusal;
        offset += command_parser_push(&parser, &stream.bytes[offset], stream.length - offset, &result, &parsed,
                                      &refusal);
        if (result == COMMAND_PARSER_COMMAND) {
            TEST_EQUAL(parsed.type, commands == 0u ? PROTOCOL_COMMAND_START : PROTOCOL_COMMAND_GET_STATUS);
            commands++;
        } else if (result == COMMAND_PARSER_REFUSED) {
            if (refused < 4u) {
                refusals[refused] = refusal;
            }
            refused++;
        } else if (result == COMMAND_PARSER_DAMAGED) {
            damaged++;
        }
    }
    TEST_EQUAL(commands, 2u);
    TEST_EQUAL(damaged, 1u); /* the modem probe */
    if (TEST_EQUAL(refused, 4u)) {
        TEST_EQUAL(refusals[0], PROTOCOL_RESULT_BAD_ARGUMENT);
        TEST_EQUAL(refusals[1], PROTOCOL_RESULT_UNKNOWN_COMMAND); /* TIME_SYNC is a device frame */
        TEST_EQUAL(refusals[2], PROTOCOL_RESULT_BAD_LENGTH);
        TEST_EQUAL(refusals[3], PROTOCOL_RESULT_UNKNOWN_COMMAND);
    }
}

// Functions: test vectors

static void test_vectors_match_encoder(void) {
    size_t index;
    for (index = 0; index < protocol_vector_count(); index++) {
        const ProtocolVector *const vector = protocol_vector(index);
        uint8_t payload[PROTOCOL_MAX_PAYLOAD_BYTES + PROTOCOL_CRC_BYTES];
        uint8_t wire[PROTOCOL_MAX_WIRE_FRAME_BYTES];
        uint8_t expected[PROTOCOL_MAX_WIRE_FRAME_BYTES];
        size_t payload_length;
        const size_t wire_length = protocol_vector_build(index, payload, &payload_length, wire, sizeof(wire));
        size_t expected_length = protocol_vector_parse_hex(vector->payload_hex, expected, sizeof(expected));
        if (!TEST_EQUAL(payload_length, expected_length) || !TEST_BYTES(payload, expected, payload_length)) {
            fprintf(stderr, "  vector %s: payload differs (make vectors prints the current bytes)\n", vector->name);
        }
        expected_length = protocol_vector_parse_hex(vector->wire_hex, expected, sizeof(expected));
        if (!TEST_EQUAL(wire_length, expected_length) || !TEST_BYTES(wire, expected, wire_length)) {
            fprintf(stderr, "  vector %s: wire bytes differ\n", vector->name);
        }
    }
}

/** Finds "label name" in text; returns the hex bytes of the lines that follow it. */
static size_t document_bytes(const char *const text, const char *const label, const char *const name,
                             uint8_t *const bytes, const size_t capacity) {
    char marker[128];
    const char *found;
    const char *end;
    char *copy;
    size_t length;
    snprintf(marker, sizeof(marker), "%s %s\n", label, name);
    found = strstr(text, marker);
    if (found == NULL) {
        return 0;
    }
    found += strlen(marker);
    end = strstr(found, "```");
    if (end == NULL) {
        return 0;
    }
    copy = malloc((size_t) (end - found) + 1u);
    if (copy == NULL) {
        return 0;
    }
    memcpy(copy, found, (size_t) (end - found));
    copy[end - found] = '\0';
    length = protocol_vector_parse_hex(copy, bytes, capacity);
    free(copy);
    return length;
}

static void test_vectors_match_protocol_document(void) {
    const char *const path = test_configuration()->protocol_path;
    char error[256];
    size_t text_length;
    char *text;
    size_t index;
    if (!TEST_CHECK(path != NULL)) {
        return;
    }
    text = file_read_all(path, &text_length, error, sizeof(error));
    if (!TEST_CHECK(text != NULL)) {
        fprintf(stderr, "  %s\n", error);
        return;
    }
    for (index = 0; index < protocol_vector_count(); index++) {
        const ProtocolVector *const vector = protocol_vector(index);
        uint8_t payload[PROTOCOL_MAX_PAYLOAD_BYTES + PROTOCOL_CRC_BYTES];
        uint8_t wire[PROTOCOL_MAX_WIRE_FRAME_BYTES];
        uint8_t documented[PROTOCOL_MAX_WIRE_FRAME_BYTES];
        size_t payload_length;
        const size_t wire_length = protocol_vector_build(index, payload, &payload_length, wire, sizeof(wire));
        size_t documented_length =
            document_bytes(text, "vector-payload:", vector->name, documented, sizeof(documented));
        if (!TEST_EQUAL(documented_length, payload_length) || !TEST_BYTES(documented, payload, payload_length)) {
            fprintf(stderr, "  PROTOCOL.md vector-payload: %s is missing or differs\n", vector->name);
        }
        documented_length = document_bytes(text, "vector-wire:", vector->name, documented, sizeof(documented));
        if (!TEST_EQUAL(documented_length, wire_length) || !TEST_BYTES(documented, wire, wire_length)) {
            fprintf(stderr, "  PROTOCOL.md vector-wire: %s is missing or differs\n", vector->name);
        }
    }
    free(text);
}

static void test_vectors_decode(void) {
    static FrameDecoder decoder;
    static ParsedDescriptor descriptor;
    static ParsedSampleBatch batch;
    uint8_t payload[PROTOCOL_MAX_PAYLOAD_BYTES + PROTOCOL_CRC_BYTES];
    uint8_t wire[PROTOCOL_MAX_WIRE_FRAME_BYTES];
    size_t payload_length;
    size_t length;
    DecodedFrame frame;

    frame_decoder_initialise(&decoder);
    length = protocol_vector_build(1, payload, &payload_length, wire, sizeof(wire));
    if (decode_one(&decoder, wire, length, &frame) && TEST_CHECK(frame_parser_descriptor(&frame, &descriptor, NULL))) {
        TEST_EQUAL(descriptor.descriptor.device_id, 0xCAFEF00Du);
        TEST_EQUAL_SIGNED(descriptor.cells[0].y_0p1mm, -80);
        TEST_EQUAL(descriptor.cells[1].area_0p01mm2, 38050u);
        TEST_NEAR(frame_parser_si_per_count(&descriptor.descriptor, 1), 0.25, 0.0);
    }
    length = protocol_vector_build(2, payload, &payload_length, wire, sizeof(wire));
    if (decode_one(&decoder, wire, length, &frame) && TEST_CHECK(frame_parser_sample_batch(&frame, &batch, NULL))) {
        TEST_EQUAL(batch.first_sample_index, 41u);
        TEST_EQUAL(batch.timestamps_us[2], 1000500u + 1000u + 1001u);
        TEST_EQUAL_SIGNED(batch.counts[1][5], -32768);
        TEST_EQUAL_SIGNED(batch.counts[2][5], 0x1234);
    }
}

void test_suite_frames(void) {
    test_run("round trip: DESCRIPTOR (IMU, 64-cell insole), invalid refused", test_round_trip_descriptors);
    test_run("round trip: STATUS, TIME_SYNC, full SAMPLE_BATCH", test_round_trip_status_time_sync_batch);
    test_run("round trip: every host command", test_round_trip_commands);
    test_run("deframer resynchronises after garbage", test_resync_after_garbage);
    test_run("deframer: whole, random-split and byte-by-byte feeds agree", test_decoder_split_independence);
    test_run("deframer rejects too long, bad version, too short, bad COBS, bad CRC", test_decoder_rejects_bad_frames);
    test_run("sequence numbers: +1 per frame, wrap, exact loss count", test_sequence_numbers_and_wrap);
    test_run("command parser: garbage, bad argument, device frame, bad length, unknown",
             test_command_parser_garbage_and_refusals);
    test_run("test vectors: encoder output matches the expected bytes", test_vectors_match_encoder);
    test_run("test vectors: PROTOCOL.md shows the same bytes", test_vectors_match_protocol_document);
    test_run("test vectors decode to their fields", test_vectors_decode);
}

// End of file
