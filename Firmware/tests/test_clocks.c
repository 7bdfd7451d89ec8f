/**
 * @file test_clocks.c
 * @brief Device clock (32-bit counter extension) and sample clock (per-sample timestamps).
 */

// Includes

#include "device_clock.h"
#include "sample_clock.h"
#include "test_harness.h"
#include "test_suites.h"
#include <stdio.h>
#include <math.h>

// Functions

static void test_device_clock_extends_32_bit_counter(void) {
    DeviceClock clock;
    uint64_t previous;
    uint32_t counter = 0xFFFFF000u;
    unsigned int step;
    device_clock_initialise(&clock, counter);
    previous = device_clock_get_us(&clock);
    TEST_EQUAL(previous, 0xFFFFF000u);
    /* Three wraps in steps of 0x3000 0000 us (about 13 minutes). */
    for (step = 0; step < 16u; step++) {
        uint64_t now;
        counter += 0x30000000u;
        now = device_clock_update(&clock, counter);
        TEST_EQUAL(now - previous, 0x30000000u);
        previous = now;
    }
    TEST_EQUAL(device_clock_get_us(&clock), 0xFFFFF000ull + 16ull * 0x30000000ull);
    /* A 64-bit start value (the virtual node's offset) is kept above 32 bits. */
    device_clock_initialise(&clock, 0x123400000005ull);
    TEST_EQUAL(device_clock_update(&clock, 0x00000105u), 0x123400000105ull);
}

/**
 * Runs a sample clock against a sensor whose oscillator is off by rate_error_ppm, drained in
 * bursts of 8-23 samples at a random moment up to read_jitter (fraction of a period) after
 * the newest sample. Reports the rms timestamp error and the mean period error (ppm) once
 * settled, and checks that timestamps always increase.
 */
static void check_sample_clock(const int32_t rate_error_ppm, const uint32_t lost_every, const double read_jitter,
                               double *const rms_error_us, double *const period_error_ppm) {
    SampleClock clock;
    const SampleClockSettings settings = {1000000u, 500u}; /* 1 kHz nominal */
    const double true_period_us = 1000.0 / (1.0 + rate_error_ppm * 1e-6);
    uint64_t timestamps[64];
    uint64_t previous = 0;
    bool has_previous = false;
    uint32_t produced = 0;
    unsigned int burst;
    double square_sum = 0.0;
    double period_sum_ppm = 0.0;
    unsigned int settled = 0;

    sample_clock_initialise(&clock);
    TEST_CHECK(sample_clock_set_settings(&clock, &settings));
    for (burst = 0; burst < 1500u; burst++) {
        const uint32_t count = 8u + test_random() % 16u;
        const uint32_t lost = (lost_every != 0u && burst % lost_every == lost_every - 1u) ? 3u : 0u;
        const double newest_true_us = 5000.0 + (produced + lost + count) * true_period_us;
        const double read_us = newest_true_us + (test_random() % 1000u) / 1000.0 * read_jitter * true_period_us;
        /* What imu_source observes: the read time less half the expected read delay. */
        const uint64_t observed = (uint64_t) llround(read_us - 0.5 * read_jitter * 1000.0);
        unsigned int index;
        produced += lost + count;
        sample_clock_update(&clock, observed, lost, count, timestamps);
        for (index = 0; index < count; index++) {
            if (has_previous && !TEST_CHECK(timestamps[index] > previous)) {
                return;
            }
            previous = timestamps[index];
            has_previous = true;
        }
        if (burst >= 300u) {
            const double error_us = (double) timestamps[count - 1u] - newest_true_us;
            square_sum += error_us * error_us;
            period_sum_ppm += ((double) sample_clock_get_period_ns(&clock) / 1000.0 / true_period_us - 1.0) * 1e6;
            settled++;
        }
    }
    *rms_error_us = sqrt(square_sum / settled);
    *period_error_ppm = period_sum_ppm / settled;
}

static void test_sample_clock_tracks_drifting_sensor(void) {
    double rms_error_us;
    double period_error_ppm;
    /* Drains phase-locked to the watermark interrupt (read within 5 % of a period). */
    check_sample_clock(180, 0, 0.05, &rms_error_us, &period_error_ppm); /* sensor 180 ppm fast */
    TEST_NEAR(rms_error_us, 0.0, 10.0);
    TEST_NEAR(period_error_ppm, 0.0, 5.0);
    check_sample_clock(-200, 7, 0.05, &rms_error_us, &period_error_ppm); /* slow, and losing packets */
    TEST_NEAR(rms_error_us, 0.0, 10.0);
    TEST_NEAR(period_error_ppm, 0.0, 5.0);
    /* Worst case: drains at any moment of the period. Timestamps stay well inside a period. */
    check_sample_clock(0, 0, 0.99, &rms_error_us, &period_error_ppm);
    TEST_NEAR(rms_error_us, 0.0, 150.0);
    TEST_NEAR(period_error_ppm, 0.0, 40.0);
    check_sample_clock(180, 5, 0.99, &rms_error_us, &period_error_ppm);
    TEST_NEAR(rms_error_us, 0.0, 150.0);
    TEST_NEAR(period_error_ppm, 0.0, 40.0);
}

static void test_sample_clock_monotonic_across_resync(void) {
    SampleClock clock;
    const SampleClockSettings settings = {5000000u, 300u}; /* 200 Hz */
    uint64_t timestamps[4];
    uint64_t last;
    sample_clock_initialise(&clock);
    TEST_CHECK(sample_clock_set_settings(&clock, &settings));
    sample_clock_update(&clock, 100000, 0, 4, timestamps);
    TEST_EQUAL(timestamps[3], 100000u);
    TEST_EQUAL(timestamps[0], 85000u);
    last = timestamps[3];
    /* An observation far in the past (a glitch) re-anchors, but never reverses time. */
    sample_clock_update(&clock, 50000, 0, 4, timestamps);
    TEST_CHECK(timestamps[0] > last);
    TEST_CHECK(timestamps[1] > timestamps[0] && timestamps[2] > timestamps[1] && timestamps[3] > timestamps[2]);
    /* Settings are checked. */
    {
        const SampleClockSettings zero_period = {0u, 100u};
        TEST_CHECK(!sample_clock_set_settings(&clock, &zero_period));
    }
}

void test_suite_clocks(void) {
    test_run("device clock extends a wrapping 32-bit counter to 64 bits", test_device_clock_extends_32_bit_counter);
    test_run("sample clock follows a drifting, lossy sensor; timestamps increase",
             test_sample_clock_tracks_drifting_sensor);
    test_run("sample clock stays monotonic when it re-anchors", test_sample_clock_monotonic_across_resync);
}

// End of file
