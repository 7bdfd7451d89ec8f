/**
 * @file session.h
 * @brief Reads session.json of a gait-session-csv/1 folder (/work/shared/spec/session-csv.md):
 * the fields the virtual node needs, checked, with errors that name the file, the line
 * and the key path (e.g. "sensors[3].placement").
 */

#ifndef SESSION_H
#define SESSION_H

// Includes

#include <stdbool.h>
#include <stddef.h>

// Definitions

/** The only format string accepted. */
#define SESSION_FORMAT "gait-session-csv/1"

typedef enum {
    SESSION_KIND_IMU,
    SESSION_KIND_INSOLE,
} SessionKind;

/** One insole cell, insole frame of conventions.md. */
typedef struct {
    double x_mm;
    double y_mm;
    double area_mm2;
} SessionCell;

/** One sensor entry. */
typedef struct {
    char *id;
    SessionKind kind;
    char *placement; /* a placement string of conventions.md */
    char *file;      /* relative to the session folder */
    double rate_hz;  /* nominal */
    SessionCell *cells;
    size_t cell_count;
    int line;        /* line of the entry in session.json */
} SessionSensor;

/** A loaded session. */
typedef struct {
    char *directory;
    SessionSensor *sensors;
    size_t sensor_count;
} Session;

// Function declarations

bool session_load(const char *directory, Session *session, char *error, size_t error_size);
bool session_parse(const char *json_path, const char *text, size_t length, Session *session, char *error,
                   size_t error_size);
const SessionSensor *session_find_sensor(const Session *session, const char *id);
void session_free(Session *session);

#endif

// End of file
