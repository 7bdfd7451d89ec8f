/**
 * @file test_insole.c
 * @brief Insole scanner and insole source against the simulated matrix.
 */

// Includes

#include "insole_scanner.h"
#include "insole_source.h"
#include "sim_insole.h"
#include "test_harness.h"
#include "test_suites.h"
#include <stdio.h>
#include <string.h>

// Definitions

static const InsoleCellAddress cells[4] = {{0, 0}, {0, 3}, {5, 1}, {7, 7}};

// Functions

static InsoleScannerSettings scanner_settings(void) {
    InsoleScannerSettings settings;
    settings.cells = cells;
    settings.cell_count = 4;
    settings.row_count = 8;
    settings.column_count = 8;
    settings.adc_max_count = 4095;
    settings.discard_conversions = 1;
    settings.oversampling = 4;
    return settings;
}

static void fill(SimInsole *const sim) {
    sim->values[0][0] = 100;
    sim->values[0][3] = 4000;
    sim->values[5][1] = 0;
    sim->values[7][7] = 2047;
    sim->values[2][2] = 999; /* not a cell: never read */
}

static void test_insole_scans_cells_in_channel_order(void) {
    SimInsole sim;
    InsoleScanner scanner;
    InsoleScannerIo io;
    const InsoleScannerSettings settings = scanner_settings();
    int16_t counts[4];

    sim_insole_initialise(&sim);
    fill(&sim);
    sim.noise[0] = 3;
    sim.noise[1] = -3;
    sim.noise[2] = 1;
    sim.noise[3] = 0; /* averages to +0.25: rounds away */
    io = sim_insole_io(&sim);
    insole_scanner_initialise(&scanner, &io);
    TEST_CHECK(insole_scanner_set_settings(&scanner, &settings));
    TEST_CHECK(insole_scanner_scan(&scanner, counts));
    TEST_EQUAL_SIGNED(counts[0], 100);
    TEST_EQUAL_SIGNED(counts[1], 4000);
    /* 0 + (3, -3 -> 0, 1, 0): an ADC cannot read below 0, so noise biases an unloaded cell up. */
    TEST_EQUAL_SIGNED(counts[2], 1);
    TEST_EQUAL_SIGNED(counts[3], 2047);
    TEST_EQUAL(sim.selects, 4u);
    TEST_EQUAL(sim.conversions, 4u * (1u + 4u)); /* one discarded + four averaged per cell */
    TEST_EQUAL(sim.idles, 1u);
}

static void test_insole_discards_settling_conversion(void) {
    SimInsole sim;
    InsoleScanner scanner;
    InsoleScannerIo io;
    InsoleScannerSettings settings = scanner_settings();
    int16_t counts[4];

    sim_insole_initialise(&sim);
    fill(&sim);
    io = sim_insole_io(&sim);
    insole_scanner_initialise(&scanner, &io);
    settings.discard_conversions = 0;
    settings.oversampling = 1;
    TEST_CHECK(insole_scanner_set_settings(&scanner, &settings));
    TEST_CHECK(insole_scanner_scan(&scanner, counts));
    /* Without the discard, each cell reads its predecessor (the stale sample-and-hold). */
    TEST_EQUAL_SIGNED(counts[1], 100);
    TEST_EQUAL_SIGNED(counts[2], 4000);
    settings.discard_conversions = 1;
    TEST_CHECK(insole_scanner_set_settings(&scanner, &settings));
    TEST_CHECK(insole_scanner_scan(&scanner, counts));
    TEST_EQUAL_SIGNED(counts[1], 4000);
    TEST_EQUAL_SIGNED(counts[2], 0);
}

static void test_insole_rejects_bad_settings_and_adc_errors(void) {
    SimInsole sim;
    InsoleScanner scanner;
    InsoleScannerIo io;
    InsoleScannerSettings settings = scanner_settings();
    static const InsoleCellAddress outside[1] = {{8, 0}};
    int16_t counts[4];

    sim_insole_initialise(&sim);
    io = sim_insole_io(&sim);
    insole_scanner_initialise(&scanner, &io);
    TEST_CHECK(!insole_scanner_scan(&scanner, counts)); /* not configured */
    settings.oversampling = 0;
    TEST_CHECK(!insole_scanner_set_settings(&scanner, &settings));
    settings = scanner_settings();
    settings.adc_max_count = 40000; /* would not fit int16 */
    TEST_CHECK(!insole_scanner_set_settings(&scanner, &settings));
    settings = scanner_settings();
    settings.cells = outside;
    settings.cell_count = 1;
    TEST_CHECK(!insole_scanner_set_settings(&scanner, &settings));
    settings = scanner_settings();
    TEST_CHECK(insole_scanner_set_settings(&scanner, &settings));
    sim.fail_conversions = true;
    TEST_CHECK(!insole_scanner_scan(&scanner, counts));
    TEST_EQUAL(insole_scanner_get_adc_failures(&scanner), 1u);
    /* ADC values above the declared maximum are clamped to it. */
    sim.fail_conversions = false;
    sim.values[0][0] = 5000;
    TEST_CHECK(insole_scanner_scan(&scanner, counts));
    TEST_EQUAL_SIGNED(counts[0], 4095);
}

typedef struct {
    uint64_t timestamps_us[64];
    unsigned int count;
    uint32_t skipped;
} InsoleRecording;

static void insole_put(void *const context, const uint64_t timestamp_us, const int16_t *const counts) {
    InsoleRecording *const recording = (InsoleRecording *) context;
    (void) counts;
    if (recording->count < 64u) {
        recording->timestamps_us[recording->count] = timestamp_us;
    }
    recording->count++;
}

static void insole_skip(void *const context, const uint32_t sample_count) {
    ((InsoleRecording *) context)->skipped += sample_count;
}

static void test_insole_source_schedule(void) {
    SimInsole sim;
    InsoleScanner scanner;
    InsoleScannerIo io;
    InsoleSource source;
    SensorSource sensor;
    SampleSink sink;
    InsoleRecording recording;
    const InsoleScannerSettings settings = scanner_settings();
    uint64_t now_us;

    memset(&recording, 0, sizeof(recording));
    sim_insole_initialise(&sim);
    io = sim_insole_io(&sim);
    insole_scanner_initialise(&scanner, &io);
    TEST_CHECK(insole_scanner_set_settings(&scanner, &settings));
    TEST_CHECK(insole_source_initialise(&source, &scanner, 148000u)); /* 148 Hz: 6756.757 us */
    sensor = insole_source_get_sensor_source(&source);
    sink.context = &recording;
    sink.put = insole_put;
    sink.skip = insole_skip;
    TEST_CHECK(sensor.start(sensor.context, 1000));
    /* Poll every 100 us for 148 periods (1 s): exactly 148 scans, none missed. */
    for (now_us = 1000; now_us < 1000u + 1000000u; now_us += 100u) {
        TEST_CHECK(sensor.poll(sensor.context, now_us, &sink));
    }
    TEST_EQUAL(recording.count, 148u);
    TEST_EQUAL(recording.skipped, 0u);
    TEST_EQUAL(recording.timestamps_us[0], 1000u);
    /* Scan 37 is due at 1000 + floor(37 * 10^6 / 148) = 1000 + 250000 us; polled every 100 us. */
    TEST_CHECK(recording.timestamps_us[37] >= 251000u && recording.timestamps_us[37] < 251100u);
    /* A stall of 50 ms loses 7 slots (6756.8 us each); they are reported, not invented. */
    now_us += 50000u;
    TEST_CHECK(sensor.poll(sensor.context, now_us, &sink));
    TEST_EQUAL(recording.skipped, 7u);
    TEST_EQUAL(recording.count, 149u);
}

void test_suite_insole(void) {
    test_run("insole scanner reads every cell in channel order, averaged", test_insole_scans_cells_in_channel_order);
    test_run("insole scanner discards the settling conversion", test_insole_discards_settling_conversion);
    test_run("insole scanner refuses bad settings, counts ADC errors, clamps", test_insole_rejects_bad_settings_and_adc_errors);
    test_run("insole source: exact fractional schedule, missed slots skipped", test_insole_source_schedule);
}

// End of file
