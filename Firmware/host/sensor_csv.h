/**
 * @file sensor_csv.h
 * @brief Reads one sensor file of a gait-session-csv/1 folder into memory, strictly:
 * header `t,ax,ay,az,gx,gy,gz` (optionally `,mx,my,mz`, read and ignored) for an IMU,
 * `t,p0,...,pN-1` for an insole with N cells; finite decimal numbers only; `t` strictly
 * increasing; LF or CRLF. Errors name the file and the line. A last line with missing
 * cells (a truncated write) keeps the lines before it and marks the table partial.
 */

#ifndef SENSOR_CSV_H
#define SENSOR_CSV_H

// Includes

#include "session.h"
#include <stdbool.h>
#include <stddef.h>

// Definitions

/** Channels the virtual node uses from an IMU file (mx, my, mz are not sent). */
#define SENSOR_CSV_IMU_CHANNELS (6u)

/** A sensor file in memory. */
typedef struct {
    size_t channel_count;  /* values kept per row (6 for an IMU, N for an insole) */
    size_t row_count;
    double *times_s;       /* row_count times, seconds on the session clock */
    double *values;        /* row_count x channel_count, SI units of conventions.md */
    bool partial;          /* the last line was truncated and left out */
    size_t truncated_line; /* its line number, when partial */
} SensorTable;

// Function declarations

bool sensor_csv_load(const char *path, SessionKind kind, size_t cell_count, SensorTable *table, char *error,
                     size_t error_size);
bool sensor_csv_parse(const char *path, const char *text, size_t length, SessionKind kind, size_t cell_count,
                      SensorTable *table, char *error, size_t error_size);
void sensor_csv_free(SensorTable *table);

#endif

// End of file
