/**
 * @file sensor_source.h
 * @brief The seam between the node and whatever produces samples: an IMU driver with its
 * FIFO, an insole scanner on a timer, or (on the host) a session file being replayed.
 *
 * The node calls poll() from its main loop; the source hands over every sample that is
 * ready through the SampleSink, oldest first, each with its device-clock timestamp, and
 * reports with skip() the time slots for which the sensor delivered nothing (FIFO
 * overflow, invalid data, a missed scan, a gap in a replayed file). Skipped slots advance
 * the sample index, so they show on the wire as missing indices, never as invented data.
 */

#ifndef SENSOR_SOURCE_H
#define SENSOR_SOURCE_H

// Includes

#include <stdbool.h>
#include <stdint.h>

// Definitions

/** Where a source delivers samples (implemented by the node). */
typedef struct {
    void *context;
    /** One sample: device-clock time in us and one count per channel. */
    void (*put)(void *context, uint64_t timestamp_us, const int16_t *counts);
    /** sample_count consecutive time slots the sensor did not deliver. */
    void (*skip)(void *context, uint32_t sample_count);
} SampleSink;

/** A sample source (implemented by imu_source, insole_source, the replay source). */
typedef struct {
    void *context;
    /** Powers the sensor up and empties its buffers; false if it does not answer. */
    bool (*start)(void *context, uint64_t now_us);
    /** Powers the sensor down. */
    void (*stop)(void *context);
    /** Delivers what is ready; false if the sensor failed. */
    bool (*poll)(void *context, uint64_t now_us, const SampleSink *sink);
    /** Latest sensor temperature in 0.01 degC, or PROTOCOL_TEMPERATURE_UNKNOWN. May be NULL. */
    int16_t (*get_temperature_cdeg)(void *context);
} SensorSource;

#endif

// End of file
