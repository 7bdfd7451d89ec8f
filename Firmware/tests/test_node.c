/**
 * @file test_node.c
 * @brief The node's main-loop logic: stream rules, commands, time sync, back-pressure and
 * dropped-sample accounting, with the real IMU driver on the simulated chip and with a
 * scripted source.
 */

// Includes

#include "frame_decoder.h"
#include "frame_encoder.h"
#include "frame_parser.h"
#include "imu_icm42688.h"
#include "imu_source.h"
#include "node.h"
#include "sim_icm42688.h"
#include "test_harness.h"
#include "test_suites.h"
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

// Definitions

#define OUTPUT_BYTES (400000u)
#define MAX_FRAMES (4000u)

/** A board whose clock the test sets and whose link records everything. */
typedef struct {
    uint32_t clock_us;
    uint8_t output[OUTPUT_BYTES];
    size_t length;
    size_t space; /* what get_transmit_space reports */
} FakeBoard;

/** A decoded output stream. */
typedef struct {
    unsigned int count;
    uint8_t types[MAX_FRAMES];
    uint32_t sequences[MAX_FRAMES];
    uint64_t timestamps_us[MAX_FRAMES];
    ParsedDescriptor descriptor;   /* the last one */
    ProtocolStatus status;         /* the last one */
    ProtocolTimeSync time_sync;    /* the last one */
    unsigned int batches;
    uint32_t samples;
    uint32_t index_gaps;           /* indices missing between batches */
    uint32_t next_index;
    bool descriptor_before_batches;
    bool timestamps_increase;
    uint64_t last_sample_us;
    int16_t last_counts[PROTOCOL_MAX_CHANNELS];
    unsigned int rejected;
    bool starts_with_delimiter;
} Output;

/** A source that produces one sample per period of the fake clock. */
typedef struct {
    FakeBoard *board;
    uint32_t period_us;
    uint64_t next_us;
    uint32_t produced;
    bool running;
    bool fail_start;
    uint32_t skip_at;   /* produce a gap of skip_count at this sample number */
    uint32_t skip_count;
    uint8_t channel_count; /* 0 means an IMU's 6 */
} ScriptedSource;

// Functions: fakes

static uint32_t fake_clock(void *const context) {
    return ((FakeBoard *) context)->clock_us;
}

static size_t fake_space(void *const context) {
    const FakeBoard *const board = (const FakeBoard *) context;
    const size_t room = OUTPUT_BYTES - board->length;
    return room < board->space ? room : board->space;
}

static size_t fake_transmit(void *const context, const uint8_t *const bytes, const size_t length) {
    FakeBoard *const board = (FakeBoard *) context;
    const size_t taken = length <= OUTPUT_BYTES - board->length ? length : OUTPUT_BYTES - board->length;
    memcpy(&board->output[board->length], bytes, taken);
    board->length += taken;
    return taken;
}

static uint16_t fake_battery(void *const context) {
    (void) context;
    return 3700u;
}

static Board fake_board_interface(FakeBoard *const board) {
    Board interface;
    interface.context = board;
    interface.read_clock_us = fake_clock;
    interface.get_transmit_space = fake_space;
    interface.transmit = fake_transmit;
    interface.read_battery_mv = fake_battery;
    return interface;
}

static bool scripted_start(void *const context, const uint64_t now_us) {
    ScriptedSource *const source = (ScriptedSource *) context;
    if (source->fail_start) {
        return false;
    }
    source->running = true;
    source->next_us = now_us;
    return true;
}

static void scripted_stop(void *const context) {
    ((ScriptedSource *) context)->running = false;
}

static bool scripted_poll(void *const context, const uint64_t now_us, const SampleSink *const sink) {
    ScriptedSource *const source = (ScriptedSource *) context;
    while (source->running && source->next_us <= now_us) {
        int16_t counts[PROTOCOL_MAX_CHANNELS];
        const unsigned int channels = source->channel_count != 0u ? source->channel_count : PROTOCOL_IMU_CHANNEL_COUNT;
        unsigned int channel;
        if (source->skip_count > 0u && source->produced == source->skip_at) {
            sink->skip(sink->context, source->skip_count);
            source->produced += source->skip_count;
            source->next_us += (uint64_t) source->skip_count * source->period_us;
            continue;
        }
        for (channel = 0; channel < channels; channel++) {
            counts[channel] = (int16_t) (source->produced * 7u + channel);
        }
        if (source->produced == 5u) {
            counts[2] = INT16_MAX; /* saturated */
        }
        sink->put(sink->context, source->next_us, counts);
        source->produced++;
        source->next_us += source->period_us;
    }
    return true;
}

static SensorSource scripted_interface(ScriptedSource *const source) {
    SensorSource sensor;
    sensor.context = source;
    sensor.start = scripted_start;
    sensor.stop = scripted_stop;
    sensor.poll = scripted_poll;
    sensor.get_temperature_cdeg = NULL;
    return sensor;
}

static NodeSettings imu_node_settings(const bool stream_at_boot) {
    NodeSettings settings;
    memset(&settings, 0, sizeof(settings));
    settings.descriptor.device_id = 77u;
    settings.descriptor.kind = PROTOCOL_KIND_IMU;
    settings.descriptor.placement = PROTOCOL_PLACEMENT_LEFT_FOOT;
    settings.descriptor.channel_count = PROTOCOL_IMU_CHANNEL_COUNT;
    settings.descriptor.nominal_rate_millihz = 1000000u;
    settings.descriptor.count_min = INT16_MIN;
    settings.descriptor.count_max = INT16_MAX;
    settings.descriptor.accel_full_scale_mg = 16000u;
    settings.descriptor.accel_scale.numerator = 1u;
    settings.descriptor.accel_scale.denominator = 2048u;
    settings.descriptor.gyro_full_scale_mdps = 2000000u;
    settings.descriptor.gyro_scale.numerator = 10u;
    settings.descriptor.gyro_scale.denominator = 164u;
    settings.samples_per_batch = 10u;
    settings.max_batch_age_us = 20000u;
    settings.status_period_us = 1000000u;
    settings.stream_at_boot = stream_at_boot;
    return settings;
}

// Functions: output decoding

static void decode_output(const FakeBoard *const board, Output *const output) {
    static FrameDecoder decoder;
    static ParsedSampleBatch batch;
    size_t offset = 0;
    memset(output, 0, sizeof(*output));
    output->descriptor_before_batches = true;
    output->timestamps_increase = true;
    output->starts_with_delimiter = board->length > 0u && board->output[0] == 0u;
    frame_decoder_initialise(&decoder);
    while (offset < board->length) {
        FrameDecoderResult result;
        FrameDecoderError error;
        DecodedFrame frame;
        offset += frame_decoder_push(&decoder, &board->output[offset], board->length - offset, &result, &frame, &error);
        if (result == FRAME_DECODER_REJECTED) {
            output->rejected++;
        }
        if (result != FRAME_DECODER_FRAME || output->count >= MAX_FRAMES) {
            continue;
        }
        output->types[output->count] = frame.header.type;
        output->sequences[output->count] = frame.header.sequence;
        output->timestamps_us[output->count] = frame.header.timestamp_us;
        output->count++;
        switch (frame.header.type) {
            case PROTOCOL_FRAME_DESCRIPTOR:
                (void) TEST_CHECK(frame_parser_descriptor(&frame, &output->descriptor, NULL));
                break;
            case PROTOCOL_FRAME_STATUS:
                (void) TEST_CHECK(frame_parser_status(&frame, &output->status, NULL));
                break;
            case PROTOCOL_FRAME_TIME_SYNC:
                (void) TEST_CHECK(frame_parser_time_sync(&frame, &output->time_sync, NULL));
                break;
            case PROTOCOL_FRAME_SAMPLE_BATCH: {
                unsigned int sample;
                if (!TEST_CHECK(frame_parser_sample_batch(&frame, &batch, NULL))) {
                    break;
                }
                if (output->batches == 0u) {
                    unsigned int previous;
                    bool seen = false;
                    for (previous = 0; previous + 1u < output->count; previous++) {
                        seen = seen || output->types[previous] == PROTOCOL_FRAME_DESCRIPTOR;
                    }
                    output->descriptor_before_batches = seen;
                } else {
                    output->index_gaps += batch.first_sample_index - output->next_index;
                }
                for (sample = 0; sample < batch.sample_count; sample++) {
                    if (output->samples > 0u && batch.timestamps_us[sample] <= output->last_sample_us) {
                        output->timestamps_increase = false;
                    }
                    output->last_sample_us = batch.timestamps_us[sample];
                }
                memcpy(output->last_counts, batch.counts[batch.sample_count - 1u], sizeof(output->last_counts));
                output->next_index = batch.first_sample_index + batch.sample_count;
                output->samples += batch.sample_count;
                output->batches++;
                break;
            }
            default:
                break;
        }
    }
}

static bool sequences_are_consecutive(const Output *const output) {
    unsigned int index;
    for (index = 1; index < output->count; index++) {
        if (output->sequences[index] != output->sequences[index - 1u] + 1u) {
            return false;
        }
    }
    return true;
}

/** Advances the fake clock in steps, updating the node each step. */
static void run(Node *const node, FakeBoard *const board, const uint32_t duration_us, const uint32_t step_us) {
    uint32_t elapsed;
    for (elapsed = 0; elapsed < duration_us; elapsed += step_us) {
        board->clock_us += step_us;
        node_update(node);
    }
}

static void send_command(Node *const node, FrameEncoder *const host, const ProtocolCommand *const command) {
    uint8_t wire[64];
    const size_t length = frame_encoder_command(host, 0, command, wire, sizeof(wire));
    node_receive(node, wire, length);
}

// Functions: tests

static void test_node_streams_imu_from_simulated_chip(void) {
    static FakeBoard board;
    static SimIcm42688 sim;
    static ImuSource source;
    static Node node;
    static uint8_t storage[BATCHER_RECORD_BYTES(6u) * 256u];
    static Output output;
    ImuIcm42688 imu;
    ImuIcm42688Bus bus;
    ImuIcm42688Settings imu_settings;
    const ImuSourceSettings source_settings = {50000u, 500u};
    SensorSource sensor;
    Board interface = fake_board_interface(&board);
    NodeSettings settings = imu_node_settings(true);
    ImuIcm42688Sensitivity sensitivity;
    unsigned int step;
    int16_t accel[3];
    int16_t gyro[3];

    memset(&board, 0, sizeof(board));
    board.space = 4096;
    board.clock_us = 0xFFFF0000u; /* the 32-bit counter wraps during the run */
    sim_icm42688_initialise(&sim);
    bus = sim_icm42688_bus(&sim);
    imu_icm42688_initialise(&imu, &bus);
    imu_settings.accel_range = IMU_ICM42688_ACCEL_RANGE_16G;
    imu_settings.gyro_range = IMU_ICM42688_GYRO_RANGE_2000DPS;
    imu_settings.output_data_rate = IMU_ICM42688_ODR_500HZ;
    imu_settings.fifo_watermark_packets = 8;
    TEST_EQUAL(imu_icm42688_set_settings(&imu, &imu_settings), IMU_ICM42688_OK);
    TEST_CHECK(imu_source_initialise(&source, &imu, &source_settings));
    sensor = imu_source_get_sensor_source(&source);
    sensitivity = imu_icm42688_get_sensitivity(&imu_settings);
    settings.descriptor.nominal_rate_millihz = imu_icm42688_get_rate_millihz(imu_settings.output_data_rate);
    settings.descriptor.accel_scale.denominator = sensitivity.accel_lsb_per_g;
    settings.descriptor.gyro_scale.denominator = sensitivity.gyro_lsb_per_dps_x10;

    node_initialise(&node, &interface, &sensor, storage, sizeof(storage));
    TEST_CHECK(node_set_settings(&node, &settings));
    /* The node's clock and the chip share the simulation's time axis: 1 ms steps for 3 s. */
    for (step = 0; step < 3000u; step++) {
        sim_icm42688_advance(&sim, 1000000u);
        board.clock_us += 1000u;
        if (sim.watermark_interrupt) {
            sim.watermark_interrupt = false;
            imu_source_on_interrupt(&source);
        }
        node_update(&node);
    }
    node_request_flush(&node);
    node_update(&node);
    TEST_CHECK(node_is_idle(&node));
    decode_output(&board, &output);
    TEST_CHECK(output.starts_with_delimiter);
    TEST_EQUAL(output.rejected, 0u);
    TEST_EQUAL(output.types[0], PROTOCOL_FRAME_DESCRIPTOR);
    TEST_CHECK(output.descriptor_before_batches);
    TEST_CHECK(sequences_are_consecutive(&output));
    TEST_CHECK(output.timestamps_increase);
    TEST_EQUAL(output.index_gaps, 0u);
    /* 500 Hz for 3 s, less what is still in the chip's FIFO. */
    TEST_EQUAL(output.samples, sim.packets_produced - (uint32_t) sim_icm42688_fifo_packets(&sim));
    TEST_EQUAL(output.status.samples_acquired, output.samples);
    TEST_EQUAL(output.status.samples_dropped, 0u);
    TEST_EQUAL(output.status.battery_mv, 3700u);
    TEST_EQUAL_SIGNED(output.status.sensor_temperature_cdeg, 2983);
    TEST_EQUAL(output.status.flags & PROTOCOL_STATUS_FLAG_STREAMING, PROTOCOL_STATUS_FLAG_STREAMING);
    /* The last sample on the wire is the chip's packet with the same index. */
    sim_icm42688_expected_sample(output.samples - 1u, accel, gyro);
    TEST_EQUAL_SIGNED(output.last_counts[0], accel[0]);
    TEST_EQUAL_SIGNED(output.last_counts[3], gyro[0]);
    /* Timestamps are 64-bit: the 32-bit counter wrapped 65.5 ms into the run. */
    TEST_CHECK(output.last_sample_us > 0xFFFFFFFFull);
    TEST_EQUAL(output.descriptor.descriptor.nominal_rate_millihz, 500000u);
    TEST_EQUAL(output.descriptor.descriptor.accel_scale.denominator, 2048u);
    TEST_EQUAL(sim.violations, 0u);
}

static void test_node_commands_and_time_sync(void) {
    static FakeBoard board;
    static Node node;
    static uint8_t storage[BATCHER_RECORD_BYTES(6u) * 64u];
    static Output output;
    ScriptedSource source = {NULL, 1000u, 0u, 0u, false, false, 0u, 0u, 0u};
    SensorSource sensor = scripted_interface(&source);
    Board interface = fake_board_interface(&board);
    const NodeSettings settings = imu_node_settings(false);
    FrameEncoder host;
    ProtocolCommand command;
    static const uint8_t garbage[] = {0x42, 0x13, 0x00};

    memset(&board, 0, sizeof(board));
    board.space = 100000;
    board.clock_us = 5000;
    node_initialise(&node, &interface, &sensor, storage, sizeof(storage));
    TEST_CHECK(node_set_settings(&node, &settings));
    frame_encoder_initialise(&host, 500);
    memset(&command, 0, sizeof(command));

    run(&node, &board, 50000, 1000);
    decode_output(&board, &output);
    TEST_EQUAL(output.batches, 0u); /* waiting for START */

    node_receive(&node, garbage, sizeof(garbage));
    board.clock_us = 60000;
    command.type = PROTOCOL_COMMAND_TIME_SYNC_PING;
    command.ping_id = 9;
    command.host_timestamp_us = 123456789;
    send_command(&node, &host, &command);
    board.clock_us = 60250; /* the reply goes out 250 us later */
    node_update(&node);
    decode_output(&board, &output);
    TEST_EQUAL(output.types[output.count - 1u], PROTOCOL_FRAME_TIME_SYNC);
    TEST_EQUAL(output.time_sync.ping_id, 9u);
    TEST_EQUAL(output.time_sync.host_timestamp_us, 123456789u);
    TEST_EQUAL(output.time_sync.device_receive_timestamp_us, 60000u);
    TEST_EQUAL(output.timestamps_us[output.count - 1u], 60250u);

    command.type = PROTOCOL_COMMAND_START;
    send_command(&node, &host, &command);
    run(&node, &board, 100000, 1000);
    command.type = PROTOCOL_COMMAND_SET_PLACEMENT;
    command.placement = PROTOCOL_PLACEMENT_LEFT_INSOLE; /* not for an IMU */
    send_command(&node, &host, &command);
    node_update(&node);
    decode_output(&board, &output);
    TEST_EQUAL(output.types[output.count - 1u], PROTOCOL_FRAME_STATUS);
    TEST_EQUAL(output.status.last_command_type, PROTOCOL_COMMAND_SET_PLACEMENT);
    TEST_EQUAL(output.status.last_command_result, PROTOCOL_RESULT_BAD_ARGUMENT);
    TEST_EQUAL(output.status.last_command_sequence, 502u);
    TEST_EQUAL(output.status.rx_frames_rejected, 1u); /* the garbage */
    command.placement = PROTOCOL_PLACEMENT_RIGHT_SHANK;
    send_command(&node, &host, &command);
    node_update(&node);
    decode_output(&board, &output);
    TEST_EQUAL(output.types[output.count - 1u], PROTOCOL_FRAME_DESCRIPTOR);
    TEST_EQUAL(output.descriptor.descriptor.placement, PROTOCOL_PLACEMENT_RIGHT_SHANK);

    command.type = PROTOCOL_COMMAND_STOP;
    send_command(&node, &host, &command);
    node_update(&node);
    run(&node, &board, 50000, 1000);
    decode_output(&board, &output);
    TEST_CHECK(output.descriptor_before_batches);
    TEST_CHECK(sequences_are_consecutive(&output));
    TEST_EQUAL(output.types[output.count - 1u], PROTOCOL_FRAME_STATUS);
    TEST_EQUAL(output.status.flags & PROTOCOL_STATUS_FLAG_STREAMING, 0u);
    TEST_EQUAL(output.status.last_command_type, PROTOCOL_COMMAND_STOP);
    /* Every sample acquired while streaming was sent before the closing STATUS. */
    TEST_EQUAL(output.samples, output.status.samples_acquired);
    TEST_CHECK(output.samples >= 100u);
    TEST_EQUAL(output.status.samples_saturated, 1u);
    TEST_EQUAL(output.status.rx_frames_accepted, 5u);
    TEST_EQUAL(output.index_gaps, 0u);

    command.type = PROTOCOL_COMMAND_GET_STATUS;
    send_command(&node, &host, &command);
    node_update(&node);
    decode_output(&board, &output);
    TEST_EQUAL(output.status.last_command_type, PROTOCOL_COMMAND_GET_STATUS);
    TEST_EQUAL(output.status.last_command_result, PROTOCOL_RESULT_OK);
    command.type = PROTOCOL_COMMAND_GET_DESCRIPTOR;
    send_command(&node, &host, &command);
    node_update(&node);
    decode_output(&board, &output);
    TEST_EQUAL(output.types[output.count - 1u], PROTOCOL_FRAME_DESCRIPTOR);
}

static void test_node_back_pressure_drops_and_counts(void) {
    static FakeBoard board;
    static Node node;
    static uint8_t storage[BATCHER_RECORD_BYTES(6u) * 50u]; /* 50 ms of samples at 1 kHz */
    static Output output;
    ScriptedSource source = {NULL, 1000u, 0u, 0u, false, false, 30u, 4u, 0u}; /* and a sensor-side gap of 4 */
    SensorSource sensor = scripted_interface(&source);
    Board interface = fake_board_interface(&board);
    const NodeSettings settings = imu_node_settings(true);
    ProtocolStatus status;

    memset(&board, 0, sizeof(board));
    board.space = 100000;
    node_initialise(&node, &interface, &sensor, storage, sizeof(storage));
    TEST_CHECK(node_set_settings(&node, &settings));
    run(&node, &board, 100000, 1000);
    /* The host stops reading for 200 ms: 50 samples fit the buffer, the rest are dropped. */
    board.space = 0;
    run(&node, &board, 200000, 1000);
    status = node_get_status(&node);
    TEST_CHECK(status.samples_dropped >= 140u && status.samples_dropped <= 165u);
    board.space = 100000;
    run(&node, &board, 100000, 1000);
    node_request_flush(&node);
    node_update(&node);
    decode_output(&board, &output);
    status = node_get_status(&node);
    TEST_EQUAL(output.rejected, 0u);
    TEST_CHECK(sequences_are_consecutive(&output)); /* nothing lost on the link itself */
    TEST_EQUAL(status.samples_lost_at_sensor, 4u);
    /* Exact accounting: every index is either on the wire, dropped, or lost at the sensor. */
    TEST_EQUAL(output.samples + status.samples_dropped + status.samples_lost_at_sensor, status.samples_acquired);
    TEST_EQUAL(output.index_gaps, status.samples_dropped + status.samples_lost_at_sensor);
    TEST_EQUAL(output.status.samples_dropped, status.samples_dropped);
}

static void test_node_refuses_bad_settings_and_reports_sensor_fault(void) {
    static FakeBoard board;
    static Node node;
    static uint8_t storage[BATCHER_RECORD_BYTES(6u) * 8u];
    static Output output;
    ScriptedSource source = {NULL, 1000u, 0u, 0u, false, true, 0u, 0u, 0u};
    SensorSource sensor = scripted_interface(&source);
    Board interface = fake_board_interface(&board);
    NodeSettings settings = imu_node_settings(false);
    FrameEncoder host;
    ProtocolCommand command;

    memset(&board, 0, sizeof(board));
    board.space = 100000;
    node_initialise(&node, &interface, &sensor, storage, sizeof(storage));
    settings.descriptor.channel_count = 5; /* an IMU has 6 */
    TEST_CHECK(!node_set_settings(&node, &settings));
    settings = imu_node_settings(false);
    settings.descriptor.placement = PROTOCOL_PLACEMENT_RIGHT_INSOLE;
    TEST_CHECK(!node_set_settings(&node, &settings));
    settings = imu_node_settings(false);
    TEST_CHECK(node_set_settings(&node, &settings));
    frame_encoder_initialise(&host, 0);
    memset(&command, 0, sizeof(command));
    command.type = PROTOCOL_COMMAND_START;
    send_command(&node, &host, &command);
    node_update(&node);
    decode_output(&board, &output);
    TEST_EQUAL(output.status.last_command_result, PROTOCOL_RESULT_SENSOR_FAULT);
    TEST_EQUAL(output.status.flags & PROTOCOL_STATUS_FLAG_SENSOR_FAULT, PROTOCOL_STATUS_FLAG_SENSOR_FAULT);
    TEST_EQUAL(output.status.flags & PROTOCOL_STATUS_FLAG_STREAMING, 0u);
}

static void test_node_descriptor_precedes_batches_on_a_narrow_link(void) {
    static FakeBoard board;
    static Node node;
    static uint8_t storage[BATCHER_RECORD_BYTES(64u) * 64u];
    static Output output;
    static ProtocolCell cells[64];
    ScriptedSource source = {NULL, 5000u, 0u, 0u, false, false, 0u, 0u, 64u};
    SensorSource sensor = scripted_interface(&source);
    Board interface = fake_board_interface(&board);
    NodeSettings settings;
    unsigned int cell;

    memset(&board, 0, sizeof(board));
    memset(&settings, 0, sizeof(settings));
    for (cell = 0; cell < 64u; cell++) {
        cells[cell].x_0p1mm = (int16_t) (cell * 40u);
        cells[cell].area_0p01mm2 = 10000u;
    }
    settings.descriptor.kind = PROTOCOL_KIND_INSOLE;
    settings.descriptor.placement = PROTOCOL_PLACEMENT_LEFT_INSOLE;
    settings.descriptor.channel_count = 64;
    settings.descriptor.nominal_rate_millihz = 200000u;
    settings.descriptor.count_min = 0;
    settings.descriptor.count_max = 4095;
    settings.descriptor.pressure_scale.numerator = 1u;
    settings.descriptor.pressure_scale.denominator = 4u;
    settings.descriptor.cells = cells;
    settings.samples_per_batch = 1u;
    settings.max_batch_age_us = 0u;
    settings.stream_at_boot = true;
    /* Room for a one-sample batch (about 170 bytes) but not for the 64-cell DESCRIPTOR (about 570). */
    board.space = 300;
    node_initialise(&node, &interface, &sensor, storage, sizeof(storage));
    TEST_CHECK(node_set_settings(&node, &settings));
    run(&node, &board, 50000, 1000);
    decode_output(&board, &output);
    TEST_EQUAL(output.batches, 0u); /* held back: the DESCRIPTOR must go first */
    board.space = 100000;
    run(&node, &board, 20000, 1000);
    decode_output(&board, &output);
    TEST_EQUAL(output.types[0], PROTOCOL_FRAME_DESCRIPTOR);
    TEST_CHECK(output.descriptor_before_batches);
    TEST_EQUAL(output.descriptor.descriptor.channel_count, 64u);
    TEST_EQUAL(output.index_gaps, 0u);
    TEST_CHECK(output.samples >= 14u);
}

void test_suite_node(void) {
    test_run("node: simulated ICM-42688-P to frames, DESCRIPTOR first, nothing lost",
             test_node_streams_imu_from_simulated_chip);
    test_run("node: START, STOP, SET_PLACEMENT, TIME_SYNC_PING, GET_*, garbage", test_node_commands_and_time_sync);
    test_run("node: a stalled link drops samples, counted exactly", test_node_back_pressure_drops_and_counts);
    test_run("node: bad settings refused, sensor fault reported", test_node_refuses_bad_settings_and_reports_sensor_fault);
    test_run("node: DESCRIPTOR precedes batches even when only a batch fits the link",
             test_node_descriptor_precedes_batches_on_a_narrow_link);
}

// End of file
