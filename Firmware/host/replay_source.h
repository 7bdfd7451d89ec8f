/**
 * @file replay_source.h
 * @brief A SensorSource that replays one sensor file of a session instead of reading a
 * chip: the virtual node's stand-in for imu_source / insole_source.
 *
 * Values are converted from SI units back to counts with the DESCRIPTOR's own scale
 * factors (round to nearest, saturate at the count range, saturations counted), so a host
 * that converts with the DESCRIPTOR gets the file's values back to within half a count.
 * Row i is due at virtual time start + (t_i - t_0) and is timestamped with the device
 * clock at that virtual time; start is the virtual time of the first START, or 0 when the
 * node streams from boot (start_at_zero), so that row i then reads
 * clock_offset_us + (t_i - t_0) * (1 + drift_ppm / 10^6) on the device clock. A step between rows longer than 1.5 nominal periods is a
 * gap (session-csv.md): round(step / period) - 1 slots are reported as skipped, so the
 * gap shows on the wire as missing sample indices, never as invented samples. Rows that
 * fall due while the node is stopped are not acquired (the sensor is off).
 */

#ifndef REPLAY_SOURCE_H
#define REPLAY_SOURCE_H

// Includes

#include "protocol.h"
#include "sensor_csv.h"
#include "sensor_source.h"
#include "virtual_clock.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// Definitions

/** A step longer than this many nominal periods is a gap (session-csv.md). */
#define REPLAY_GAP_PERIODS (1.5)

/** Replay state. All members are private. */
typedef struct {
    const SensorTable *table;
    VirtualClock *clock;
    size_t channel_count;
    double nominal_period_s;
    int16_t *counts;              /* row_count x channel_count, converted once */
    uint64_t saturated_values;    /* values clamped to the count range */
    size_t next_row;
    size_t first_row;             /* the row the replay starts from (replay_source_start_from) */
    bool loop;                    /* start again at first_row after the last row (replay_source_set_loop) */
    double loop_offset_us;        /* virtual time added by the passes already played */
    bool running;
    bool ever_started;
    bool start_at_zero;           /* the first start anchors row 0 at virtual time 0 */
    double start_virtual_us;      /* virtual time at which row 0 is due */
    bool has_previous;            /* a row was delivered since the last start */
    size_t previous_row;
    uint64_t rows_delivered;
    uint64_t rows_not_acquired;   /* due while stopped */
    uint64_t gaps;
    uint64_t gap_slots;           /* samples reported missing for gaps */
} ReplaySource;

// Function declarations

bool replay_source_initialise(ReplaySource *source, const SensorTable *table, const ProtocolDescriptor *descriptor,
                              VirtualClock *clock, double nominal_rate_hz, bool start_at_zero);
void replay_source_free(ReplaySource *source);
SensorSource replay_source_get_sensor_source(ReplaySource *source);
bool replay_source_get_next_due(const ReplaySource *source, size_t rows_ahead, double *virtual_us);
bool replay_source_is_finished(const ReplaySource *source);
size_t replay_source_start_from(ReplaySource *source, double from_s);
void replay_source_set_loop(ReplaySource *source, bool loop);

#endif

// End of file
