/**
 * @file insole_source.h
 * @brief Adapts the insole scanner to the node's SensorSource: one scan per sample period,
 * scheduled on the device clock, timestamped when the scan starts.
 *
 * The schedule is exact over any length of time: the period in microseconds is
 * 10^9 / rate_millihz, and its fractional part is carried from one scan to the next
 * (Bresenham), so 148 Hz gives 6757 and 6756 us steps averaging 6756.757 us. A scan
 * slot that the main loop missed entirely (it stalled for more than a period) is reported
 * as skipped, never filled in.
 */

#ifndef INSOLE_SOURCE_H
#define INSOLE_SOURCE_H

// Includes

#include "insole_scanner.h"
#include "protocol.h"
#include "sensor_source.h"
#include <stdbool.h>
#include <stdint.h>

// Definitions

/** Insole source state. All members are private. */
typedef struct {
    InsoleScanner *scanner;
    uint32_t rate_millihz;
    uint32_t period_us;            /* whole microseconds of the period */
    uint32_t period_remainder;     /* fractional part, in units of 1 / rate_millihz us */
    uint32_t remainder_accumulator;
    uint64_t next_scan_us;
    int16_t counts[PROTOCOL_MAX_CHANNELS];
} InsoleSource;

// Function declarations

bool insole_source_initialise(InsoleSource *source, InsoleScanner *scanner, uint32_t rate_millihz);
SensorSource insole_source_get_sensor_source(InsoleSource *source);

#endif

// End of file
