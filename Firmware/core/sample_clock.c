/**
 * @file sample_clock.c
 * @brief Per-sample timestamps from burst observations (see sample_clock.h).
 */

// Includes

#include "sample_clock.h"

// Definitions

/** Fraction bits of the fixed-point microseconds. */
#define Q16_SHIFT (16)

/** One microsecond in Q16. */
#define Q16_ONE_US ((int64_t) 1 << Q16_SHIFT)

/** Nanoseconds per microsecond. */
#define NS_PER_US (1000)

/** Parts per million. */
#define PPM_PER_UNIT (1000000)

/** The phase correction applied per burst is error / PHASE_GAIN_DIVISOR. */
#define PHASE_GAIN_DIVISOR (16)

/** The period correction per burst is error / (samples * FREQUENCY_GAIN_DIVISOR). */
#define FREQUENCY_GAIN_DIVISOR (1024)

/** Phase errors larger than this many periods re-anchor the clock instead of steering it. */
#define RESYNC_PERIODS (8)

// Functions

void sample_clock_initialise(SampleClock *const clock) {
    const SampleClockSettings defaults = {1000000u, 500u}; /* 1 kHz, 500 ppm */
    (void) sample_clock_set_settings(clock, &defaults);
}

/**
 * @brief Sets the nominal period and resets the estimate.
 * @return false (settings unchanged) if the period is 0 or the error bound is 100 % or more.
 */
bool sample_clock_set_settings(SampleClock *const clock, const SampleClockSettings *const settings) {
    int64_t margin_q16;
    if (settings->nominal_period_ns == 0u || settings->max_rate_error_ppm >= (uint32_t) PPM_PER_UNIT) {
        return false;
    }
    clock->nominal_period_q16 = ((int64_t) settings->nominal_period_ns << Q16_SHIFT) / NS_PER_US;
    margin_q16 = clock->nominal_period_q16 * (int64_t) settings->max_rate_error_ppm / PPM_PER_UNIT;
    clock->min_period_q16 = clock->nominal_period_q16 - margin_q16;
    clock->max_period_q16 = clock->nominal_period_q16 + margin_q16;
    clock->period_q16 = clock->nominal_period_q16;
    clock->has_last = false;
    return true;
}

/**
 * @brief Forgets the phase (the sensor was restarted); keeps the period estimate.
 */
void sample_clock_reset(SampleClock *const clock) {
    clock->has_last = false;
}

/**
 * @brief Timestamps one burst.
 * @param observed_newest_us Device time at which the newest sample of the burst is
 * estimated to have been produced (by the caller, from when it read the burst).
 * @param lost_count Samples the sensor lost before this burst (they take time slots).
 * @param sample_count Samples in the burst.
 * @param timestamps_us Receives sample_count strictly increasing timestamps, oldest first.
 */
void sample_clock_update(SampleClock *const clock, const uint64_t observed_newest_us, const uint32_t lost_count,
                         const uint32_t sample_count, uint64_t *const timestamps_us) {
    const int64_t observed_q16 = (int64_t) observed_newest_us << Q16_SHIFT;
    int64_t newest_q16;
    int64_t first_q16;
    uint32_t index;

    if (sample_count == 0u) {
        return;
    }
    if (!clock->has_last) {
        newest_q16 = observed_q16;
    } else {
        const int64_t slots = (int64_t) lost_count + (int64_t) sample_count;
        const int64_t predicted_q16 = clock->last_q16 + slots * clock->period_q16;
        const int64_t error_q16 = observed_q16 - predicted_q16;
        const int64_t resync_q16 = RESYNC_PERIODS * clock->nominal_period_q16;
        if (error_q16 > resync_q16 || error_q16 < -resync_q16) {
            newest_q16 = observed_q16;
        } else {
            newest_q16 = predicted_q16 + error_q16 / PHASE_GAIN_DIVISOR;
            clock->period_q16 += error_q16 / (slots * FREQUENCY_GAIN_DIVISOR);
            if (clock->period_q16 < clock->min_period_q16) {
                clock->period_q16 = clock->min_period_q16;
            }
            if (clock->period_q16 > clock->max_period_q16) {
                clock->period_q16 = clock->max_period_q16;
            }
        }
    }
    first_q16 = newest_q16 - (int64_t) (sample_count - 1u) * clock->period_q16;
    if (clock->has_last && first_q16 <= clock->last_q16) {
        first_q16 = clock->last_q16 + Q16_ONE_US; /* never repeat or reverse a timestamp */
    }
    if (first_q16 < 0) {
        first_q16 = 0; /* the device clock starts at 0; nothing was sampled before it */
    }
    for (index = 0; index < sample_count; index++) {
        const int64_t sample_q16 = first_q16 + (int64_t) index * clock->period_q16;
        /* Round to the nearest microsecond; periods are at least 1 us, so order survives. */
        timestamps_us[index] = (uint64_t) ((sample_q16 + Q16_ONE_US / 2) >> Q16_SHIFT);
    }
    clock->last_q16 = first_q16 + (int64_t) (sample_count - 1u) * clock->period_q16;
    clock->has_last = true;
}

/**
 * @brief The current estimate of the sensor's period on the device clock, in ns.
 */
uint32_t sample_clock_get_period_ns(const SampleClock *const clock) {
    return (uint32_t) ((clock->period_q16 * NS_PER_US + Q16_ONE_US / 2) >> Q16_SHIFT);
}

// End of file
