/**
 * @file insole_source.c
 * @brief Insole scanner as a SensorSource (see insole_source.h).
 */

// Includes

#include "insole_source.h"
#include "protocol.h"

// Definitions

/** Microseconds per second times millihertz per hertz: period_us = this / rate_millihz. */
#define US_MILLIHZ_PER_CYCLE (1000000000u)

// Functions

/**
 * @brief Binds the source to a configured scanner.
 * @return false if the rate is 0.
 */
bool insole_source_initialise(InsoleSource *const source, InsoleScanner *const scanner, const uint32_t rate_millihz) {
    source->scanner = scanner;
    source->rate_millihz = rate_millihz;
    source->next_scan_us = 0;
    source->remainder_accumulator = 0;
    if (rate_millihz == 0u) {
        return false;
    }
    source->period_us = US_MILLIHZ_PER_CYCLE / rate_millihz;
    source->period_remainder = US_MILLIHZ_PER_CYCLE % rate_millihz;
    return true;
}

/** The slot after the next one, and the remainder that goes with it (schedule unchanged). */
static uint64_t following_slot(const InsoleSource *const source, uint32_t *const remainder_accumulator) {
    uint64_t slot_us = source->next_scan_us + source->period_us;
    *remainder_accumulator = source->remainder_accumulator + source->period_remainder;
    if (*remainder_accumulator >= source->rate_millihz) {
        *remainder_accumulator -= source->rate_millihz;
        slot_us++;
    }
    return slot_us;
}

/** Moves the schedule one period on. */
static void advance(InsoleSource *const source) {
    uint32_t remainder_accumulator;
    source->next_scan_us = following_slot(source, &remainder_accumulator);
    source->remainder_accumulator = remainder_accumulator;
}

static bool start(void *const context, const uint64_t now_us) {
    InsoleSource *const source = (InsoleSource *) context;
    source->next_scan_us = now_us;
    source->remainder_accumulator = 0;
    return true;
}

static void stop(void *const context) {
    (void) context;
}

static bool poll(void *const context, const uint64_t now_us, const SampleSink *const sink) {
    InsoleSource *const source = (InsoleSource *) context;
    uint32_t missed = 0;
    if (now_us < source->next_scan_us) {
        return true;
    }
    /* Slots whose whole period passed without a scan are gone. */
    for (;;) {
        uint32_t remainder_accumulator;
        if (now_us < following_slot(source, &remainder_accumulator)) {
            break; /* next_scan_us is the current slot */
        }
        advance(source);
        missed++;
    }
    if (missed > 0u) {
        sink->skip(sink->context, missed);
    }
    advance(source);
    if (!insole_scanner_scan(source->scanner, source->counts)) {
        sink->skip(sink->context, 1);
        return false;
    }
    sink->put(sink->context, now_us, source->counts);
    return true;
}

/**
 * @brief The SensorSource the node polls; its context is this InsoleSource.
 */
SensorSource insole_source_get_sensor_source(InsoleSource *const source) {
    SensorSource sensor;
    sensor.context = source;
    sensor.start = start;
    sensor.stop = stop;
    sensor.poll = poll;
    sensor.get_temperature_cdeg = NULL;
    return sensor;
}

// End of file
