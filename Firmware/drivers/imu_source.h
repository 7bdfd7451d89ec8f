/**
 * @file imu_source.h
 * @brief Adapts the ICM-42688-P driver to the node's SensorSource: drains the FIFO when
 * INT1 says the watermark was reached (or after poll_interval_us in case an edge was
 * missed), timestamps every packet on the device clock with a SampleClock, and reports
 * lost and invalid packets as skipped slots.
 *
 * Timestamps: the newest packet of a drain is taken to have been produced half a period
 * before the drain began (its age is uniform over one period when drains are not phase-
 * locked to the chip); the SampleClock turns that noisy instant into a steady per-sample
 * grid that follows the chip's oscillator. The constant bias is at most half a period.
 * The invalid packets the chip writes while the gyroscope starts are not samples: they are
 * ignored until the first valid packet after each start.
 */

#ifndef IMU_SOURCE_H
#define IMU_SOURCE_H

// Includes

#include "imu_icm42688.h"
#include "sample_clock.h"
#include "sensor_source.h"
#include <stdbool.h>
#include <stdint.h>

// Definitions

/** Packets drained per driver call (bounds RAM: 32 x (16 + 8) bytes). */
#define IMU_SOURCE_BURST_PACKETS (32u)

/** IMU source settings. */
typedef struct {
    uint32_t poll_interval_us;   /* us; drain at least this often even without an interrupt */
    uint32_t max_rate_error_ppm; /* ppm; how far the chip's oscillator may be from nominal */
} ImuSourceSettings;

/** IMU source state. All members are private. */
typedef struct {
    ImuIcm42688 *imu;
    ImuSourceSettings settings;
    SampleClock clock;
    uint32_t nominal_period_ns;
    volatile bool data_ready; /* set by imu_source_on_interrupt() */
    bool seen_valid;          /* a valid packet arrived since start */
    uint64_t last_drain_us;
    int16_t temperature_cdeg;
    ImuIcm42688Sample samples[IMU_SOURCE_BURST_PACKETS];
    uint64_t timestamps_us[IMU_SOURCE_BURST_PACKETS];
} ImuSource;

// Function declarations

bool imu_source_initialise(ImuSource *source, ImuIcm42688 *imu, const ImuSourceSettings *settings);
SensorSource imu_source_get_sensor_source(ImuSource *source);
void imu_source_on_interrupt(ImuSource *source);

#endif

// End of file
