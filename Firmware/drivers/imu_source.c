/**
 * @file imu_source.c
 * @brief ICM-42688-P as a SensorSource (see imu_source.h).
 */

// Includes

#include "imu_source.h"
#include "protocol.h"

// Definitions

/** Nanoseconds per second. */
#define NS_PER_S (1000000000ull)

/** Millihertz per hertz. */
#define MILLIHZ_PER_HZ (1000ull)

/** Nanoseconds per microsecond. */
#define NS_PER_US (1000u)

/** Axes per sensor. */
#define AXES (3u)

// Functions

/**
 * @brief Binds the source to a configured driver (imu_icm42688_set_settings() done).
 * @return false if the driver's output data rate is unknown or the settings are invalid.
 */
bool imu_source_initialise(ImuSource *const source, ImuIcm42688 *const imu, const ImuSourceSettings *const settings) {
    const uint32_t rate_millihz = imu_icm42688_get_rate_millihz(imu->settings.output_data_rate);
    SampleClockSettings clock_settings;
    source->imu = imu;
    source->settings = *settings;
    source->data_ready = false;
    source->seen_valid = false;
    source->last_drain_us = 0;
    source->temperature_cdeg = PROTOCOL_TEMPERATURE_UNKNOWN;
    if (rate_millihz == 0u) {
        return false;
    }
    source->nominal_period_ns = (uint32_t) (NS_PER_S * MILLIHZ_PER_HZ / rate_millihz);
    clock_settings.nominal_period_ns = source->nominal_period_ns;
    clock_settings.max_rate_error_ppm = settings->max_rate_error_ppm;
    sample_clock_initialise(&source->clock);
    return sample_clock_set_settings(&source->clock, &clock_settings);
}

/**
 * @brief Call from the INT1 (FIFO watermark) interrupt handler: only sets a flag.
 */
void imu_source_on_interrupt(ImuSource *const source) {
    source->data_ready = true;
}

static bool start(void *const context, const uint64_t now_us) {
    ImuSource *const source = (ImuSource *) context;
    source->seen_valid = false;
    source->data_ready = false;
    source->last_drain_us = now_us;
    sample_clock_reset(&source->clock);
    return imu_icm42688_start(source->imu) == IMU_ICM42688_OK;
}

static void stop(void *const context) {
    ImuSource *const source = (ImuSource *) context;
    (void) imu_icm42688_stop(source->imu);
}

/** Hands one drained burst to the sink. */
static void deliver(ImuSource *const source, const size_t count, uint32_t lost, const SampleSink *const sink) {
    size_t index;
    if (source->seen_valid && lost > 0u) {
        sink->skip(sink->context, lost);
    }
    for (index = 0; index < count; index++) {
        const ImuIcm42688Sample *const sample = &source->samples[index];
        int16_t counts[PROTOCOL_IMU_CHANNEL_COUNT];
        unsigned int axis;
        if (!sample->valid) {
            if (source->seen_valid) {
                sink->skip(sink->context, 1); /* a slot without data */
            }
            continue;
        }
        source->seen_valid = true;
        for (axis = 0; axis < AXES; axis++) {
            counts[axis] = sample->accel[axis];
            counts[AXES + axis] = sample->gyro[axis];
        }
        source->temperature_cdeg = sample->temperature_cdeg;
        sink->put(sink->context, source->timestamps_us[index], counts);
    }
}

static bool poll(void *const context, const uint64_t now_us, const SampleSink *const sink) {
    ImuSource *const source = (ImuSource *) context;
    ImuIcm42688FifoReport report;
    size_t count;

    if (!source->data_ready && now_us - source->last_drain_us < source->settings.poll_interval_us) {
        return true;
    }
    source->data_ready = false;
    source->last_drain_us = now_us;
    do {
        uint64_t newest_age_ns;
        uint64_t newest_us;
        if (imu_icm42688_read_fifo(source->imu, source->samples, IMU_SOURCE_BURST_PACKETS, &count, &report) !=
            IMU_ICM42688_OK) {
            return false;
        }
        if (count == 0u) {
            break;
        }
        /* Packets still in the FIFO are younger than this burst. */
        newest_age_ns = (uint64_t) source->nominal_period_ns * report.packets_left + source->nominal_period_ns / 2u;
        newest_us = now_us - (newest_age_ns / NS_PER_US < now_us ? newest_age_ns / NS_PER_US : now_us);
        sample_clock_update(&source->clock, newest_us, report.lost_packets, (uint32_t) count, source->timestamps_us);
        deliver(source, count, report.lost_packets, sink);
    } while (report.packets_left > 0u);
    if (report.lost_packets > 0u && count == 0u && source->seen_valid) {
        sink->skip(sink->context, report.lost_packets);
    }
    return true;
}

static int16_t get_temperature_cdeg(void *const context) {
    const ImuSource *const source = (const ImuSource *) context;
    return source->temperature_cdeg;
}

/**
 * @brief The SensorSource the node polls; its context is this ImuSource.
 */
SensorSource imu_source_get_sensor_source(ImuSource *const source) {
    SensorSource sensor;
    sensor.context = source;
    sensor.start = start;
    sensor.stop = stop;
    sensor.poll = poll;
    sensor.get_temperature_cdeg = get_temperature_cdeg;
    return sensor;
}

// End of file
