/**
 * @file session.c
 * @brief session.json reader (see session.h).
 */

// Includes

#include "session.h"
#include "file_util.h"
#include "json_reader.h"
#include "protocol.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Functions: helpers

/** Formats "path:line: key: message" into error; returns false for chaining. */
static bool reject(char *const error, const size_t error_size, const char *const path, const int line,
                   const char *const key, const char *const format, ...) {
    char message[256];
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(message, sizeof(message), format, arguments);
    va_end(arguments);
    if (line > 0) {
        snprintf(error, error_size, "%s:%d: %s: %s", path, line, key, message);
    } else {
        snprintf(error, error_size, "%s: %s: %s", path, key, message);
    }
    return false;
}

static char *duplicate(const char *const text) {
    const size_t length = strlen(text);
    char *const copy = malloc(length + 1u);
    if (copy != NULL) {
        memcpy(copy, text, length + 1u);
    }
    return copy;
}

/** A required member of a given type; NULL (with error set) if missing or mistyped. */
static const JsonValue *require(const JsonDocument *const document, const JsonValue *const object,
                                const char *const member, const JsonType type, const char *const path,
                                const char *const key, char *const error, const size_t error_size) {
    const JsonValue *const value = json_get(document, object, member);
    if (value == NULL) {
        (void) reject(error, error_size, path, object->line, key, "missing");
        return NULL;
    }
    if (value->type != type) {
        (void) reject(error, error_size, path, value->line, key, "expected %s, found %s", json_type_name(type),
                      json_type_name(value->type));
        return NULL;
    }
    return value;
}

static bool parse_cells(const JsonDocument *const document, const JsonValue *const cells, SessionSensor *const sensor,
                        const size_t sensor_index, const char *const path, char *const error,
                        const size_t error_size) {
    size_t index;
    char key[96];
    snprintf(key, sizeof(key), "sensors[%zu].cells", sensor_index);
    if (cells->child_count == 0u) {
        return reject(error, error_size, path, cells->line, key, "an insole needs at least one cell");
    }
    sensor->cells = calloc(cells->child_count, sizeof(SessionCell));
    if (sensor->cells == NULL) {
        return reject(error, error_size, path, cells->line, key, "out of memory");
    }
    sensor->cell_count = cells->child_count;
    for (index = 0; index < cells->child_count; index++) {
        const JsonValue *const cell = json_at(document, cells, index);
        const JsonValue *x;
        const JsonValue *y;
        const JsonValue *area;
        snprintf(key, sizeof(key), "sensors[%zu].cells[%zu]", sensor_index, index);
        if (cell->type != JSON_OBJECT) {
            return reject(error, error_size, path, cell->line, key, "expected an object, found %s",
                          json_type_name(cell->type));
        }
        snprintf(key, sizeof(key), "sensors[%zu].cells[%zu].x", sensor_index, index);
        if ((x = require(document, cell, "x", JSON_NUMBER, path, key, error, error_size)) == NULL) {
            return false;
        }
        snprintf(key, sizeof(key), "sensors[%zu].cells[%zu].y", sensor_index, index);
        if ((y = require(document, cell, "y", JSON_NUMBER, path, key, error, error_size)) == NULL) {
            return false;
        }
        snprintf(key, sizeof(key), "sensors[%zu].cells[%zu].areaMm2", sensor_index, index);
        if ((area = require(document, cell, "areaMm2", JSON_NUMBER, path, key, error, error_size)) == NULL) {
            return false;
        }
        if (!(area->number > 0.0)) {
            return reject(error, error_size, path, area->line, key, "must be positive, found %g", area->number);
        }
        sensor->cells[index].x_mm = x->number;
        sensor->cells[index].y_mm = y->number;
        sensor->cells[index].area_mm2 = area->number;
    }
    return true;
}

static bool parse_sensor(const JsonDocument *const document, const JsonValue *const entry, Session *const session,
                         const size_t index, const char *const path, char *const error, const size_t error_size) {
    SessionSensor *const sensor = &session->sensors[index];
    const JsonValue *id;
    const JsonValue *kind;
    const JsonValue *placement;
    const JsonValue *file;
    const JsonValue *rate;
    uint8_t placement_code;
    size_t other;
    char key[96];

    sensor->line = entry->line;
    snprintf(key, sizeof(key), "sensors[%zu]", index);
    if (entry->type != JSON_OBJECT) {
        return reject(error, error_size, path, entry->line, key, "expected an object, found %s",
                      json_type_name(entry->type));
    }
    snprintf(key, sizeof(key), "sensors[%zu].id", index);
    if ((id = require(document, entry, "id", JSON_STRING, path, key, error, error_size)) == NULL) {
        return false;
    }
    if (id->string[0] == '\0') {
        return reject(error, error_size, path, id->line, key, "must not be empty");
    }
    for (other = 0; other < index; other++) {
        if (strcmp(session->sensors[other].id, id->string) == 0) {
            return reject(error, error_size, path, id->line, key, "\"%s\" is also the id of sensors[%zu]", id->string,
                          other);
        }
    }
    snprintf(key, sizeof(key), "sensors[%zu].kind", index);
    if ((kind = require(document, entry, "kind", JSON_STRING, path, key, error, error_size)) == NULL) {
        return false;
    }
    if (strcmp(kind->string, "imu") == 0) {
        sensor->kind = SESSION_KIND_IMU;
    } else if (strcmp(kind->string, "insole") == 0) {
        sensor->kind = SESSION_KIND_INSOLE;
    } else {
        return reject(error, error_size, path, kind->line, key, "must be \"imu\" or \"insole\", found \"%s\"",
                      kind->string);
    }
    snprintf(key, sizeof(key), "sensors[%zu].placement", index);
    if ((placement = require(document, entry, "placement", JSON_STRING, path, key, error, error_size)) == NULL) {
        return false;
    }
    if (!protocol_placement_from_name(placement->string, &placement_code) ||
        placement_code == PROTOCOL_PLACEMENT_UNSET) {
        return reject(error, error_size, path, placement->line, key, "unknown placement \"%s\"", placement->string);
    }
    if (!protocol_placement_fits_kind(placement_code, sensor->kind == SESSION_KIND_IMU ? PROTOCOL_KIND_IMU
                                                                                        : PROTOCOL_KIND_INSOLE)) {
        return reject(error, error_size, path, placement->line, key, "\"%s\" is not a placement for a sensor of kind %s",
                      placement->string, kind->string);
    }
    for (other = 0; other < index; other++) {
        if (strcmp(session->sensors[other].placement, placement->string) == 0) {
            return reject(error, error_size, path, placement->line, key, "\"%s\" is also the placement of sensors[%zu]",
                          placement->string, other);
        }
    }
    snprintf(key, sizeof(key), "sensors[%zu].file", index);
    if ((file = require(document, entry, "file", JSON_STRING, path, key, error, error_size)) == NULL) {
        return false;
    }
    if (file->string[0] == '\0') {
        return reject(error, error_size, path, file->line, key, "must not be empty");
    }
    snprintf(key, sizeof(key), "sensors[%zu].rateHz", index);
    if ((rate = require(document, entry, "rateHz", JSON_NUMBER, path, key, error, error_size)) == NULL) {
        return false;
    }
    if (!(rate->number > 0.0)) {
        return reject(error, error_size, path, rate->line, key, "must be positive, found %g", rate->number);
    }
    sensor->id = duplicate(id->string);
    sensor->placement = duplicate(placement->string);
    sensor->file = duplicate(file->string);
    sensor->rate_hz = rate->number;
    if (sensor->id == NULL || sensor->placement == NULL || sensor->file == NULL) {
        return reject(error, error_size, path, entry->line, key, "out of memory");
    }
    if (sensor->kind == SESSION_KIND_INSOLE) {
        const JsonValue *cells;
        snprintf(key, sizeof(key), "sensors[%zu].cells", index);
        if ((cells = require(document, entry, "cells", JSON_ARRAY, path, key, error, error_size)) == NULL) {
            return false;
        }
        return parse_cells(document, cells, sensor, index, path, error, error_size);
    }
    return true;
}

// Functions: public

/**
 * @brief Parses session.json text already in memory (json_path is used in messages only).
 * @return false with a message in error; session_free() must be called either way.
 */
bool session_parse(const char *const json_path, const char *const text, const size_t length, Session *const session,
                   char *const error, const size_t error_size) {
    JsonDocument document;
    const JsonValue *root;
    const JsonValue *format;
    const JsonValue *sensors;
    size_t index;
    bool ok = true;

    memset(session, 0, sizeof(*session));
    if (!json_parse(text, length, &document)) {
        snprintf(error, error_size, "%s:%d: invalid JSON: %s", json_path, document.error_line, document.error);
        json_free(&document);
        return false;
    }
    root = json_root(&document);
    if (root->type != JSON_OBJECT) {
        ok = reject(error, error_size, json_path, root->line, "(root)", "expected an object, found %s",
                    json_type_name(root->type));
    } else if ((format = require(&document, root, "format", JSON_STRING, json_path, "format", error, error_size)) ==
               NULL) {
        ok = false;
    } else if (strcmp(format->string, SESSION_FORMAT) != 0) {
        ok = reject(error, error_size, json_path, format->line, "format", "must be \"%s\", found \"%s\"",
                    SESSION_FORMAT, format->string);
    } else if ((sensors = require(&document, root, "sensors", JSON_ARRAY, json_path, "sensors", error, error_size)) ==
               NULL) {
        ok = false;
    } else if (sensors->child_count == 0u) {
        ok = reject(error, error_size, json_path, sensors->line, "sensors", "must list at least one sensor");
    } else {
        session->sensors = calloc(sensors->child_count, sizeof(SessionSensor));
        if (session->sensors == NULL) {
            ok = reject(error, error_size, json_path, sensors->line, "sensors", "out of memory");
        }
        for (index = 0; ok && index < sensors->child_count; index++) {
            session->sensor_count = index + 1u;
            ok = parse_sensor(&document, json_at(&document, sensors, index), session, index, json_path, error,
                              error_size);
        }
    }
    json_free(&document);
    return ok;
}

/**
 * @brief Reads DIRECTORY/session.json.
 */
bool session_load(const char *const directory, Session *const session, char *const error, const size_t error_size) {
    char *path = file_join_path(directory, "session.json");
    char *text;
    size_t length;
    bool ok;
    memset(session, 0, sizeof(*session));
    if (path == NULL) {
        snprintf(error, error_size, "%s: out of memory", directory);
        return false;
    }
    text = file_read_all(path, &length, error, error_size);
    if (text == NULL) {
        free(path);
        return false;
    }
    ok = session_parse(path, text, length, session, error, error_size);
    free(text);
    free(path);
    if (ok) {
        session->directory = duplicate(directory);
        ok = session->directory != NULL;
    }
    return ok;
}

const SessionSensor *session_find_sensor(const Session *const session, const char *const id) {
    size_t index;
    for (index = 0; index < session->sensor_count; index++) {
        if (session->sensors[index].id != NULL && strcmp(session->sensors[index].id, id) == 0) {
            return &session->sensors[index];
        }
    }
    return NULL;
}

void session_free(Session *const session) {
    size_t index;
    for (index = 0; index < session->sensor_count; index++) {
        free(session->sensors[index].id);
        free(session->sensors[index].placement);
        free(session->sensors[index].file);
        free(session->sensors[index].cells);
    }
    free(session->sensors);
    free(session->directory);
    memset(session, 0, sizeof(*session));
}

// End of file
