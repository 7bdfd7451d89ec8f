/**
 * @file test_imu.c
 * @brief ICM-42688-P driver and IMU source against the simulated chip.
 */

// Includes

#include "frame_parser.h"
#include "imu_icm42688.h"
#include "imu_source.h"
#include "protocol.h"
#include "sim_icm42688.h"
#include "test_harness.h"
#include "test_suites.h"
#include <stdio.h>
#include <math.h>
#include <string.h>

// Functions: helpers

static ImuIcm42688Settings settings_8g_500dps_200hz(void) {
    ImuIcm42688Settings settings;
    settings.accel_range = IMU_ICM42688_ACCEL_RANGE_8G;
    settings.gyro_range = IMU_ICM42688_GYRO_RANGE_500DPS;
    settings.output_data_rate = IMU_ICM42688_ODR_200HZ;
    settings.fifo_watermark_packets = 10;
    return settings;
}

// Functions: tests

static void test_imu_configures_registers(void) {
    static SimIcm42688 sim;
    ImuIcm42688 imu;
    ImuIcm42688Bus bus;
    const ImuIcm42688Settings settings = settings_8g_500dps_200hz();
    int reset_write;
    int bank_write;

    sim_icm42688_initialise(&sim);
    sim.bank = 3; /* as if the MCU reset while the chip was in bank 3 */
    bus = sim_icm42688_bus(&sim);
    imu_icm42688_initialise(&imu, &bus);
    TEST_EQUAL(imu_icm42688_set_settings(&imu, &settings), IMU_ICM42688_OK);
    /* Bank 0 selected first, then the soft reset (DEVICE_CONFIG 0x11 = 0x01). */
    bank_write = sim_icm42688_find_write(&sim, 0x76, 0x00);
    reset_write = sim_icm42688_find_write(&sim, 0x11, 0x01);
    TEST_EQUAL_SIGNED(bank_write, 0);
    TEST_EQUAL_SIGNED(reset_write, 1);
    TEST_EQUAL(sim.writes[1].bank, 0u);
    /* DS-000347 field values, written out by hand: */
    TEST_EQUAL(sim_icm42688_register(&sim, 0x4F), 0x47u); /* GYRO_CONFIG0: FS_SEL 010 (500 dps), ODR 0111 (200 Hz) */
    TEST_EQUAL(sim_icm42688_register(&sim, 0x50), 0x27u); /* ACCEL_CONFIG0: FS_SEL 001 (8 g), ODR 0111 */
    TEST_EQUAL(sim_icm42688_register(&sim, 0x5F), 0x07u); /* FIFO_CONFIG1: temp, gyro, accel -> packet 3 */
    TEST_EQUAL(sim_icm42688_register(&sim, 0x16), 0x40u); /* FIFO_CONFIG: stream-to-FIFO */
    TEST_EQUAL(sim_icm42688_register(&sim, 0x60), 10u);   /* FIFO_CONFIG2: watermark 10 */
    TEST_EQUAL(sim_icm42688_register(&sim, 0x61), 0u);    /* FIFO_CONFIG3 */
    TEST_EQUAL(sim_icm42688_register(&sim, 0x65), 0x04u); /* INT_SOURCE0: FIFO_THS_INT1_EN only */
    TEST_EQUAL(sim_icm42688_register(&sim, 0x14), 0x03u); /* INT_CONFIG: INT1 pulsed, push-pull, active high */
    TEST_EQUAL(sim_icm42688_register(&sim, 0x64), 0x00u); /* INT_CONFIG1: INT_ASYNC_RESET cleared */
    TEST_EQUAL(sim_icm42688_register(&sim, 0x4C), 0x70u); /* INTF_CONFIG0: count in records, big-endian kept */
    TEST_EQUAL(sim_icm42688_register(&sim, 0x4E), 0x00u); /* PWR_MGMT0: still off */
    TEST_EQUAL(sim.violations, 0u);
    TEST_EQUAL(imu_icm42688_start(&imu), IMU_ICM42688_OK);
    TEST_EQUAL(sim_icm42688_register(&sim, 0x4E), 0x0Fu); /* gyro and accel in low-noise mode */
    TEST_CHECK(sim.sensors_on);
    TEST_EQUAL(sim.violations, 0u);
    if (sim.violations > 0u) {
        fprintf(stderr, "  %s\n", sim.last_violation);
    }
    TEST_EQUAL(imu_icm42688_stop(&imu), IMU_ICM42688_OK);
    TEST_EQUAL(sim_icm42688_register(&sim, 0x4E), 0x00u);
}

static void test_imu_high_rate_interrupt_timing(void) {
    static SimIcm42688 sim;
    ImuIcm42688 imu;
    ImuIcm42688Bus bus;
    ImuIcm42688Settings settings = settings_8g_500dps_200hz();
    settings.output_data_rate = IMU_ICM42688_ODR_4000HZ;
    settings.fifo_watermark_packets = 100;
    sim_icm42688_initialise(&sim);
    bus = sim_icm42688_bus(&sim);
    imu_icm42688_initialise(&imu, &bus);
    TEST_EQUAL(imu_icm42688_set_settings(&imu, &settings), IMU_ICM42688_OK);
    /* ODR >= 4 kHz: 8 us pulses and no de-assert minimum (INT_CONFIG1 bits 6, 5). */
    TEST_EQUAL(sim_icm42688_register(&sim, 0x64), 0x60u);
    TEST_EQUAL(sim_icm42688_register(&sim, 0x4F) & 0x0Fu, 0x04u);
}

static void test_imu_rejects_bad_settings_and_chips(void) {
    static SimIcm42688 sim;
    ImuIcm42688 imu;
    ImuIcm42688Bus bus;
    ImuIcm42688Settings settings = settings_8g_500dps_200hz();
    ImuIcm42688Sample samples[4];
    ImuIcm42688FifoReport report;
    size_t count;

    sim_icm42688_initialise(&sim);
    bus = sim_icm42688_bus(&sim);
    imu_icm42688_initialise(&imu, &bus);
    TEST_EQUAL(imu_icm42688_start(&imu), IMU_ICM42688_ERROR_STATE);
    TEST_EQUAL(imu_icm42688_read_fifo(&imu, samples, 4, &count, &report), IMU_ICM42688_ERROR_STATE);
    settings.fifo_watermark_packets = 0;
    TEST_EQUAL(imu_icm42688_set_settings(&imu, &settings), IMU_ICM42688_ERROR_SETTINGS);
    settings.fifo_watermark_packets = 129; /* the FIFO holds 128 packets */
    TEST_EQUAL(imu_icm42688_set_settings(&imu, &settings), IMU_ICM42688_ERROR_SETTINGS);
    settings = settings_8g_500dps_200hz();
    settings.output_data_rate = (ImuIcm42688OutputDataRate) 0x0C; /* reserved for the gyroscope */
    TEST_EQUAL(imu_icm42688_set_settings(&imu, &settings), IMU_ICM42688_ERROR_SETTINGS);
    settings = settings_8g_500dps_200hz();
    sim.who_am_i = 0x44; /* an ICM-42686 */
    TEST_EQUAL(imu_icm42688_set_settings(&imu, &settings), IMU_ICM42688_ERROR_WHO_AM_I);
    sim.who_am_i = 0x47;
    sim.fail_transfers = true;
    TEST_EQUAL(imu_icm42688_set_settings(&imu, &settings), IMU_ICM42688_ERROR_BUS);
}

static void test_imu_reads_fifo_samples(void) {
    static SimIcm42688 sim;
    ImuIcm42688 imu;
    ImuIcm42688Bus bus;
    ImuIcm42688Settings settings = settings_8g_500dps_200hz();
    ImuIcm42688Sample samples[64];
    ImuIcm42688FifoReport report;
    size_t count;
    uint32_t next = 0;
    unsigned int round;

    sim_icm42688_initialise(&sim);
    bus = sim_icm42688_bus(&sim);
    imu_icm42688_initialise(&imu, &bus);
    TEST_EQUAL(imu_icm42688_set_settings(&imu, &settings), IMU_ICM42688_OK);
    TEST_EQUAL(imu_icm42688_start(&imu), IMU_ICM42688_OK);
    for (round = 0; round < 5u; round++) {
        size_t index;
        sim_icm42688_advance(&sim, 5000000ull * (7u + round * 5u)); /* 7, 12, ... packets at 200 Hz */
        if (round == 0u) {
            TEST_CHECK(!sim.watermark_interrupt); /* 7 < watermark 10 */
        }
        TEST_EQUAL(imu_icm42688_read_fifo(&imu, samples, 64, &count, &report), IMU_ICM42688_OK);
        TEST_EQUAL(count, 7u + round * 5u);
        TEST_EQUAL(report.lost_packets, 0u);
        TEST_EQUAL(report.packets_left, 0u);
        for (index = 0; index < count; index++) {
            int16_t accel[3];
            int16_t gyro[3];
            sim_icm42688_expected_sample(next++, accel, gyro);
            TEST_CHECK(samples[index].valid);
            TEST_BYTES((const uint8_t *) samples[index].accel, (const uint8_t *) accel, sizeof(accel));
            TEST_BYTES((const uint8_t *) samples[index].gyro, (const uint8_t *) gyro, sizeof(gyro));
            TEST_EQUAL_SIGNED(samples[index].temperature_cdeg, 2983); /* 25 + 10 / 2.07 degC */
        }
    }
    TEST_CHECK(sim.watermark_interrupt);
    /* A small buffer leaves the rest in the FIFO and says so. */
    sim_icm42688_advance(&sim, 5000000ull * 20u);
    TEST_EQUAL(imu_icm42688_read_fifo(&imu, samples, 8, &count, &report), IMU_ICM42688_OK);
    TEST_EQUAL(count, 8u);
    TEST_EQUAL(report.packets_left, 12u);
    TEST_EQUAL(sim_icm42688_fifo_packets(&sim), 12u);
    TEST_EQUAL(sim.violations, 0u);
}

static void test_imu_fifo_overflow_is_counted(void) {
    static SimIcm42688 sim;
    ImuIcm42688 imu;
    ImuIcm42688Bus bus;
    ImuIcm42688Settings settings = settings_8g_500dps_200hz();
    ImuIcm42688Sample samples[128];
    ImuIcm42688FifoReport report;
    size_t count;
    int16_t accel[3];
    int16_t gyro[3];

    sim_icm42688_initialise(&sim);
    bus = sim_icm42688_bus(&sim);
    imu_icm42688_initialise(&imu, &bus);
    TEST_EQUAL(imu_icm42688_set_settings(&imu, &settings), IMU_ICM42688_OK);
    TEST_EQUAL(imu_icm42688_start(&imu), IMU_ICM42688_OK);
    /* 150 packets into a 128-packet FIFO: the 22 oldest are overwritten. */
    sim_icm42688_advance(&sim, 5000000ull * 150u);
    TEST_EQUAL(imu_icm42688_read_fifo(&imu, samples, 128, &count, &report), IMU_ICM42688_OK);
    TEST_EQUAL(report.lost_packets, 22u);
    TEST_EQUAL(count, 128u);
    sim_icm42688_expected_sample(22, accel, gyro);
    TEST_EQUAL_SIGNED(samples[0].accel[0], accel[0]);
    /* The loss counter is read as a difference: the next drain reports no new loss. */
    sim_icm42688_advance(&sim, 5000000ull * 3u);
    TEST_EQUAL(imu_icm42688_read_fifo(&imu, samples, 128, &count, &report), IMU_ICM42688_OK);
    TEST_EQUAL(report.lost_packets, 0u);
    TEST_EQUAL(count, 3u);
}

static void test_imu_invalid_data_is_flagged(void) {
    static SimIcm42688 sim;
    ImuIcm42688 imu;
    ImuIcm42688Bus bus;
    ImuIcm42688Settings settings = settings_8g_500dps_200hz();
    ImuIcm42688Sample samples[16];
    ImuIcm42688FifoReport report;
    size_t count;
    sim_icm42688_initialise(&sim);
    sim.startup_invalid_packets = 3;
    bus = sim_icm42688_bus(&sim);
    imu_icm42688_initialise(&imu, &bus);
    TEST_EQUAL(imu_icm42688_set_settings(&imu, &settings), IMU_ICM42688_OK);
    TEST_EQUAL(imu_icm42688_start(&imu), IMU_ICM42688_OK);
    sim_icm42688_advance(&sim, 5000000ull * 5u);
    TEST_EQUAL(imu_icm42688_read_fifo(&imu, samples, 16, &count, &report), IMU_ICM42688_OK);
    TEST_EQUAL(count, 5u);
    TEST_CHECK(!samples[0].valid && !samples[1].valid && !samples[2].valid);
    TEST_CHECK(samples[3].valid && samples[4].valid);
}

static void test_imu_sensitivity_matches_datasheet(void) {
    /* DS-000347 specification tables: LSB per g and LSB per dps for every range. */
    static const struct {
        ImuIcm42688AccelRange range;
        double lsb_per_g;
        double full_scale_g;
    } accel[] = {{IMU_ICM42688_ACCEL_RANGE_16G, 2048.0, 16.0},
                 {IMU_ICM42688_ACCEL_RANGE_8G, 4096.0, 8.0},
                 {IMU_ICM42688_ACCEL_RANGE_4G, 8192.0, 4.0},
                 {IMU_ICM42688_ACCEL_RANGE_2G, 16384.0, 2.0}};
    static const struct {
        ImuIcm42688GyroRange range;
        double lsb_per_dps;
        double full_scale_dps;
    } gyro[] = {{IMU_ICM42688_GYRO_RANGE_2000DPS, 16.4, 2000.0},   {IMU_ICM42688_GYRO_RANGE_1000DPS, 32.8, 1000.0},
                {IMU_ICM42688_GYRO_RANGE_500DPS, 65.5, 500.0},     {IMU_ICM42688_GYRO_RANGE_250DPS, 131.0, 250.0},
                {IMU_ICM42688_GYRO_RANGE_125DPS, 262.0, 125.0},    {IMU_ICM42688_GYRO_RANGE_62_5DPS, 524.3, 62.5},
                {IMU_ICM42688_GYRO_RANGE_31_25DPS, 1048.6, 31.25}, {IMU_ICM42688_GYRO_RANGE_15_625DPS, 2097.2, 15.625}};
    unsigned int index;
    for (index = 0; index < 8u; index++) {
        ImuIcm42688Settings settings = settings_8g_500dps_200hz();
        ImuIcm42688Sensitivity sensitivity;
        ProtocolDescriptor descriptor;
        settings.accel_range = accel[index % 4u].range;
        settings.gyro_range = gyro[index].range;
        sensitivity = imu_icm42688_get_sensitivity(&settings);
        /* The DESCRIPTOR the node builds from it (as virtual-node and a real node do). */
        memset(&descriptor, 0, sizeof(descriptor));
        descriptor.kind = PROTOCOL_KIND_IMU;
        descriptor.channel_count = PROTOCOL_IMU_CHANNEL_COUNT;
        descriptor.accel_scale.numerator = 1u;
        descriptor.accel_scale.denominator = sensitivity.accel_lsb_per_g;
        descriptor.gyro_scale.numerator = 10u;
        descriptor.gyro_scale.denominator = sensitivity.gyro_lsb_per_dps_x10;
        /* counts -> SI through the descriptor, against the datasheet sensitivity: */
        TEST_NEAR(frame_parser_si_per_count(&descriptor, 0), 9.80665 / accel[index % 4u].lsb_per_g, 1e-15);
        TEST_NEAR(frame_parser_si_per_count(&descriptor, 4), (3.14159265358979323846 / 180.0) / gyro[index].lsb_per_dps,
                  1e-15);
        /* 1 g reads lsb_per_g counts: 2048 counts at +-16 g are 9.80665 m/s^2. */
        TEST_NEAR(accel[index % 4u].lsb_per_g * frame_parser_si_per_count(&descriptor, 2), 9.80665, 1e-12);
        TEST_NEAR(sensitivity.accel_full_scale_mg / 1000.0, accel[index % 4u].full_scale_g, 0.0);
        TEST_NEAR(sensitivity.gyro_full_scale_mdps / 1000.0, gyro[index].full_scale_dps, 0.0);
    }
}

/** What a source handed over. */
typedef struct {
    uint64_t timestamps_us[2600];
    int16_t counts[2600][PROTOCOL_IMU_CHANNEL_COUNT];
    uint32_t slots[2600]; /* slot index of each sample (samples + skips before it) */
    unsigned int count;
    uint32_t skipped;
} Recording;

static void record_put(void *const context, const uint64_t timestamp_us, const int16_t *const counts) {
    Recording *const recording = (Recording *) context;
    if (recording->count < 2600u) {
        recording->timestamps_us[recording->count] = timestamp_us;
        memcpy(recording->counts[recording->count], counts, sizeof(recording->counts[0]));
        recording->slots[recording->count] = recording->count + recording->skipped;
    }
    recording->count++;
}

static void record_skip(void *const context, const uint32_t sample_count) {
    ((Recording *) context)->skipped += sample_count;
}

/** Runs the source for duration_ms in 1 ms steps, reacting to the watermark interrupt. */
static void run_source(SimIcm42688 *const sim, ImuSource *const source, const SensorSource *const sensor,
                       const SampleSink *const sink, const unsigned int duration_ms) {
    unsigned int step;
    for (step = 0; step < duration_ms; step++) {
        sim_icm42688_advance(sim, 1000000u);
        if (sim->watermark_interrupt) {
            sim->watermark_interrupt = false;
            imu_source_on_interrupt(source); /* what the INT1 handler does */
        }
        TEST_CHECK(sensor->poll(sensor->context, sim->now_ns / 1000u, sink));
    }
}

static void test_imu_source_timestamps_and_losses(void) {
    static SimIcm42688 sim;
    static ImuSource source;
    static Recording recording;
    ImuIcm42688 imu;
    ImuIcm42688Bus bus;
    ImuIcm42688Settings settings = settings_8g_500dps_200hz();
    const ImuSourceSettings source_settings = {100000u, 500u};
    SensorSource sensor;
    SampleSink sink;
    unsigned int index;
    uint32_t produced_before_pause;
    double worst_error_us = 0.0;

    memset(&recording, 0, sizeof(recording));
    sim_icm42688_initialise(&sim);
    sim.rate_error_ppm = 150; /* the chip's oscillator runs 150 ppm fast */
    sim.startup_invalid_packets = 4;
    bus = sim_icm42688_bus(&sim);
    imu_icm42688_initialise(&imu, &bus);
    settings.output_data_rate = IMU_ICM42688_ODR_1000HZ;
    settings.fifo_watermark_packets = 10;
    TEST_EQUAL(imu_icm42688_set_settings(&imu, &settings), IMU_ICM42688_OK);
    TEST_CHECK(imu_source_initialise(&source, &imu, &source_settings));
    sensor = imu_source_get_sensor_source(&source);
    sink.context = &recording;
    sink.put = record_put;
    sink.skip = record_skip;
    sim_icm42688_advance(&sim, 3000000u); /* the node has been up 3 ms */
    TEST_CHECK(sensor.start(sensor.context, sim.now_ns / 1000u));

    run_source(&sim, &source, &sensor, &sink, 1500);
    /* The 4 start-up packets are not samples; the first sample is packet 4. */
    TEST_EQUAL(recording.skipped, 0u);
    TEST_CHECK(recording.count > 1400u);
    for (index = 0; index < recording.count && index < 2600u; index++) {
        int16_t accel[3];
        int16_t gyro[3];
        sim_icm42688_expected_sample(4u + index, accel, gyro);
        if (!TEST_EQUAL_SIGNED(recording.counts[index][0], accel[0]) ||
            !TEST_EQUAL_SIGNED(recording.counts[index][5], gyro[2])) {
            break;
        }
        if (index > 0u && !TEST_CHECK(recording.timestamps_us[index] > recording.timestamps_us[index - 1u])) {
            break;
        }
        if (index >= 500u) { /* after the clock loop has settled */
            const double true_us = (double) sim_icm42688_packet_time_ns(&sim, 4u + index) / 1000.0;
            const double error_us = fabs((double) recording.timestamps_us[index] - true_us);
            worst_error_us = error_us > worst_error_us ? error_us : worst_error_us;
        }
    }
    TEST_NEAR(worst_error_us, 0.0, 1000.0); /* within one period of when the chip sampled */

    /* The node stalls for 300 ms: the 128-packet FIFO overflows; the loss shows as skips. */
    produced_before_pause = sim.packets_produced;
    sim_icm42688_advance(&sim, 300000000u);
    run_source(&sim, &source, &sensor, &sink, 200);
    TEST_CHECK(recording.skipped >= 300u - 128u - 2u && recording.skipped <= 300u - 128u + 2u);
    /* Every slot is accounted for: samples + skips = packets produced - start-up - still in FIFO. */
    TEST_EQUAL(recording.count + recording.skipped,
               sim.packets_produced - 4u - (uint32_t) sim_icm42688_fifo_packets(&sim));
    (void) produced_before_pause;
    /* The values after the gap are the chip's packets at their true slots. */
    {
        const unsigned int last = recording.count - 1u;
        int16_t accel[3];
        int16_t gyro[3];
        sim_icm42688_expected_sample(4u + recording.slots[last], accel, gyro);
        TEST_EQUAL_SIGNED(recording.counts[last][0], accel[0]);
    }
    TEST_EQUAL(sim.violations, 0u);
}

void test_suite_imu(void) {
    test_run("ICM-42688-P: reset, bank, ranges, rate, FIFO and interrupt registers", test_imu_configures_registers);
    test_run("ICM-42688-P: short interrupt pulse at ODR >= 4 kHz", test_imu_high_rate_interrupt_timing);
    test_run("ICM-42688-P: bad settings, wrong WHO_AM_I, bus errors", test_imu_rejects_bad_settings_and_chips);
    test_run("ICM-42688-P: FIFO packets decode to the chip's samples", test_imu_reads_fifo_samples);
    test_run("ICM-42688-P: FIFO overflow counted from FIFO_LOST_PKT", test_imu_fifo_overflow_is_counted);
    test_run("ICM-42688-P: invalid (-32768) packets are flagged", test_imu_invalid_data_is_flagged);
    test_run("counts -> SI via DESCRIPTOR scales match the datasheet sensitivities",
             test_imu_sensitivity_matches_datasheet);
    test_run("IMU source: timestamps follow the chip, losses become skips", test_imu_source_timestamps_and_losses);
}

// End of file
