/**
 * @file sample_clock.h
 * @brief Per-sample timestamps on the device clock for a sensor that buffers samples.
 *
 * A FIFO-buffered sensor (the ICM-42688-P) samples on its own oscillator, which differs
 * from the MCU's by up to a few hundred ppm, and hands over samples in bursts. Only one
 * instant per burst is observed on the device clock (when the burst was read). This
 * module keeps an estimate of the sensor's sample period on the device clock and of the
 * time of the last sample, and corrects both from each burst's observed instant with a
 * second-order (proportional-integral) loop:
 *
 *   predicted = last + (lost + n) * period
 *   error     = observed - predicted
 *   newest    = predicted + error / PHASE_GAIN_DIVISOR
 *   period   += error / ((lost + n) * FREQUENCY_GAIN_DIVISOR)
 *
 * With divisors 16 and 1024 the loop is critically damped (damping = (1/16) / (2 * sqrt(1/1024))
 * = 1) and settles in about 30 bursts (half a second with a 10-sample watermark at 1 kHz);
 * slower gains would filter more read-time jitter, faster ones lock sooner. The period is clamped to nominal +- max_rate_error_ppm.
 * An error above RESYNC_PERIODS periods (a restart, an unnoticed loss) re-anchors on the
 * observation. Timestamps are strictly increasing: a burst that would start at or before
 * the previous sample is shifted forward. Integer arithmetic only: microseconds in Q16
 * fixed point (us * 2^16) in 64 bits, which lasts 2^47 us (4.4 years).
 */

#ifndef SAMPLE_CLOCK_H
#define SAMPLE_CLOCK_H

// Includes

#include <stdbool.h>
#include <stdint.h>

// Definitions

/** Sample clock settings. */
typedef struct {
    uint32_t nominal_period_ns;  /* ns; the sensor's nominal sample period */
    uint32_t max_rate_error_ppm; /* ppm; bound on how far the real period may be from nominal */
} SampleClockSettings;

/** Sample clock state. All members are private. */
typedef struct {
    int64_t nominal_period_q16; /* us * 2^16 */
    int64_t min_period_q16;
    int64_t max_period_q16;
    int64_t period_q16;         /* estimated period on the device clock */
    int64_t last_q16;           /* time of the last sample timestamped */
    bool has_last;
} SampleClock;

// Function declarations

void sample_clock_initialise(SampleClock *clock);
bool sample_clock_set_settings(SampleClock *clock, const SampleClockSettings *settings);
void sample_clock_reset(SampleClock *clock);
void sample_clock_update(SampleClock *clock, uint64_t observed_newest_us, uint32_t lost_count, uint32_t sample_count,
                         uint64_t *timestamps_us);
uint32_t sample_clock_get_period_ns(const SampleClock *clock);

#endif

// End of file
