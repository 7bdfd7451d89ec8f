/**
 * @file sensor_csv.c
 * @brief Strict sensor CSV reader (see sensor_csv.h).
 */

// Includes

#include "sensor_csv.h"
#include "file_util.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Definitions

/** Columns of an IMU file with and without the magnetometer. */
#define IMU_COLUMNS (7u)
#define IMU_COLUMNS_WITH_MAGNETOMETER (10u)

/** Longest column name or number accepted, in characters. */
#define MAX_FIELD_CHARACTERS (64u)

/** One line of the file. */
typedef struct {
    const char *start;
    size_t length; /* without the line end */
} Line;

// Functions: helpers

/** Next line from text at *position; false at the end. */
static bool next_line(const char *const text, const size_t length, size_t *const position, Line *const line) {
    const char *end;
    if (*position >= length) {
        return false;
    }
    line->start = text + *position;
    end = memchr(line->start, '\n', length - *position);
    if (end == NULL) {
        line->length = length - *position;
        *position = length;
    } else {
        line->length = (size_t) (end - line->start);
        *position += line->length + 1u;
    }
    if (line->length > 0u && line->start[line->length - 1u] == '\r') {
        line->length--;
    }
    return true;
}

/** Splits a line at commas; returns the field count (fields beyond max are counted, not stored). */
static size_t split(const Line *const line, const char **const fields, size_t *const lengths, const size_t max) {
    size_t count = 0;
    size_t start = 0;
    size_t index;
    for (index = 0; index <= line->length; index++) {
        if (index == line->length || line->start[index] == ',') {
            if (count < max) {
                fields[count] = line->start + start;
                lengths[count] = index - start;
            }
            count++;
            start = index + 1u;
        }
    }
    return count;
}

/** A finite decimal number (digits, sign, point, exponent only: no nan, inf or hex). */
static bool parse_number(const char *const field, const size_t length, double *const value) {
    char buffer[MAX_FIELD_CHARACTERS + 1u];
    char *end;
    size_t index;
    bool has_digit = false;
    if (length == 0u || length > MAX_FIELD_CHARACTERS) {
        return false;
    }
    for (index = 0; index < length; index++) {
        const char c = field[index];
        if (c >= '0' && c <= '9') {
            has_digit = true;
        } else if (c != '+' && c != '-' && c != '.' && c != 'e' && c != 'E') {
            return false;
        }
    }
    if (!has_digit) {
        return false;
    }
    memcpy(buffer, field, length);
    buffer[length] = '\0';
    *value = strtod(buffer, &end);
    return end == buffer + length && isfinite(*value);
}

static bool field_is(const char *const field, const size_t length, const char *const name) {
    return strlen(name) == length && memcmp(field, name, length) == 0;
}

/** Checks the header; sets the column count. */
static bool check_header(const char *const path, const Line *const header, const SessionKind kind,
                         const size_t cell_count, size_t *const columns, char *const error, const size_t error_size) {
    static const char *const imu_names[IMU_COLUMNS_WITH_MAGNETOMETER] = {"t",  "ax", "ay", "az", "gx",
                                                                         "gy", "gz", "mx", "my", "mz"};
    const char *fields[IMU_COLUMNS_WITH_MAGNETOMETER];
    size_t lengths[IMU_COLUMNS_WITH_MAGNETOMETER];
    size_t index;

    if (kind == SESSION_KIND_IMU) {
        *columns = split(header, fields, lengths, IMU_COLUMNS_WITH_MAGNETOMETER);
        if (*columns != IMU_COLUMNS && *columns != IMU_COLUMNS_WITH_MAGNETOMETER) {
            snprintf(error, error_size, "%s:1: IMU header must be t,ax,ay,az,gx,gy,gz (optionally ,mx,my,mz); found %zu columns",
                     path, *columns);
            return false;
        }
        for (index = 0; index < *columns; index++) {
            if (!field_is(fields[index], lengths[index], imu_names[index])) {
                snprintf(error, error_size, "%s:1: column %zu must be \"%s\", found \"%.*s\"", path, index + 1u,
                         imu_names[index], (int) (lengths[index] < MAX_FIELD_CHARACTERS ? lengths[index] : MAX_FIELD_CHARACTERS),
                         fields[index]);
                return false;
            }
        }
        return true;
    }
    *columns = split(header, NULL, NULL, 0);
    if (*columns != cell_count + 1u) {
        snprintf(error, error_size, "%s:1: header has %zu pressure columns but session.json lists %zu cells", path,
                 *columns > 0u ? *columns - 1u : 0u, cell_count);
        return false;
    }
    {
        size_t start = 0;
        size_t column = 0;
        for (index = 0; index <= header->length; index++) {
            if (index == header->length || header->start[index] == ',') {
                char expected[32];
                if (column == 0u) {
                    snprintf(expected, sizeof(expected), "t");
                } else {
                    snprintf(expected, sizeof(expected), "p%zu", column - 1u);
                }
                if (!field_is(header->start + start, index - start, expected)) {
                    snprintf(error, error_size, "%s:1: column %zu must be \"%s\", found \"%.*s\"", path, column + 1u,
                             expected, (int) (index - start < MAX_FIELD_CHARACTERS ? index - start : MAX_FIELD_CHARACTERS),
                             header->start + start);
                    return false;
                }
                column++;
                start = index + 1u;
            }
        }
    }
    return true;
}

// Functions: public

/**
 * @brief Parses a sensor file already in memory (path is used in messages only).
 * @return false with "path:line: reason" in error; sensor_csv_free() must be called either way.
 */
bool sensor_csv_parse(const char *const path, const char *const text, size_t length, const SessionKind kind,
                      const size_t cell_count, SensorTable *const table, char *const error, const size_t error_size) {
    size_t position = 0;
    size_t columns;
    size_t line_number = 1;
    size_t capacity = 0;
    const char **fields;
    size_t *lengths;
    Line line;

    memset(table, 0, sizeof(*table));
    if (length >= 3u && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        position = 3; /* UTF-8 byte order mark */
    }
    if (!next_line(text, length, &position, &line)) {
        snprintf(error, error_size, "%s:1: empty file (no header)", path);
        return false;
    }
    if (!check_header(path, &line, kind, cell_count, &columns, error, error_size)) {
        return false;
    }
    table->channel_count = kind == SESSION_KIND_IMU ? SENSOR_CSV_IMU_CHANNELS : cell_count;
    fields = malloc(columns * sizeof(*fields));
    lengths = malloc(columns * sizeof(*lengths));
    if (fields == NULL || lengths == NULL) {
        free(fields);
        free(lengths);
        snprintf(error, error_size, "%s: out of memory", path);
        return false;
    }
    while (next_line(text, length, &position, &line)) {
        size_t count;
        size_t column;
        double time_s;
        line_number++;
        if (line.length == 0u && position >= length) {
            break; /* the file's final line end */
        }
        count = split(&line, fields, lengths, columns);
        if (count != columns) {
            const bool last_line = position >= length;
            if (last_line && count < columns && table->row_count > 0u) {
                table->partial = true; /* a truncated write: keep what precedes it */
                table->truncated_line = line_number;
                break;
            }
            snprintf(error, error_size, "%s:%zu: expected %zu columns, found %zu", path, line_number, columns, count);
            goto failure;
        }
        for (column = 0; column < columns; column++) {
            double value;
            if (!parse_number(fields[column], lengths[column], &value)) {
                snprintf(error, error_size, "%s:%zu: column %zu: not a finite decimal number: \"%.*s\"", path,
                         line_number, column + 1u,
                         (int) (lengths[column] < MAX_FIELD_CHARACTERS ? lengths[column] : MAX_FIELD_CHARACTERS),
                         fields[column]);
                goto failure;
            }
            if (column == 0u) {
                time_s = value;
                if (table->row_count > 0u && !(time_s > table->times_s[table->row_count - 1u])) {
                    snprintf(error, error_size, "%s:%zu: t = %.9g does not increase (previous line t = %.9g)", path,
                             line_number, time_s, table->times_s[table->row_count - 1u]);
                    goto failure;
                }
                if (table->row_count == capacity) {
                    const size_t new_capacity = capacity == 0u ? 1024u : capacity * 2u;
                    double *const times = realloc(table->times_s, new_capacity * sizeof(double));
                    double *values;
                    if (times == NULL) {
                        snprintf(error, error_size, "%s: out of memory", path);
                        goto failure;
                    }
                    table->times_s = times;
                    values = realloc(table->values, new_capacity * table->channel_count * sizeof(double));
                    if (values == NULL) {
                        snprintf(error, error_size, "%s: out of memory", path);
                        goto failure;
                    }
                    table->values = values;
                    capacity = new_capacity;
                }
                table->times_s[table->row_count] = time_s;
            } else if (column - 1u < table->channel_count) {
                table->values[table->row_count * table->channel_count + column - 1u] = value;
            }
        }
        table->row_count++;
    }
    free(fields);
    free(lengths);
    if (table->row_count == 0u) {
        snprintf(error, error_size, "%s:2: no samples", path);
        return false;
    }
    return true;

failure:
    free(fields);
    free(lengths);
    return false;
}

/**
 * @brief Reads and parses a sensor file.
 */
bool sensor_csv_load(const char *const path, const SessionKind kind, const size_t cell_count, SensorTable *const table,
                     char *const error, const size_t error_size) {
    size_t length;
    char *const text = file_read_all(path, &length, error, error_size);
    bool ok;
    memset(table, 0, sizeof(*table));
    if (text == NULL) {
        return false;
    }
    ok = sensor_csv_parse(path, text, length, kind, cell_count, table, error, error_size);
    free(text);
    return ok;
}

void sensor_csv_free(SensorTable *const table) {
    free(table->times_s);
    free(table->values);
    memset(table, 0, sizeof(*table));
}

// End of file
