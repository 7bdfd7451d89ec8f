/**
 * @file json_reader.h
 * @brief A small, strict JSON (RFC 8259) reader for session.json: the whole document is
 * parsed into a flat array of values (children linked by index), each with the line it
 * starts on, so a caller can name a key path and a line in its error messages.
 *
 * Host-only code: it allocates. Limits: nesting depth JSON_MAX_DEPTH; numbers are doubles.
 * Duplicate keys in one object are an error (the session format never needs them and a
 * silent choice would hide a mistake).
 */

#ifndef JSON_READER_H
#define JSON_READER_H

// Includes

#include <stdbool.h>
#include <stddef.h>

// Definitions

/** Deepest nesting of arrays and objects accepted. */
#define JSON_MAX_DEPTH (64)

/** Index meaning "no value". */
#define JSON_NONE ((size_t) -1)

typedef enum {
    JSON_NULL,
    JSON_FALSE,
    JSON_TRUE,
    JSON_NUMBER,
    JSON_STRING,
    JSON_ARRAY,
    JSON_OBJECT,
} JsonType;

/** One value. Members of an object carry their key. */
typedef struct {
    JsonType type;
    int line;             /* 1-based line where the value starts */
    double number;        /* JSON_NUMBER */
    char *string;         /* JSON_STRING, NUL-terminated UTF-8 (may contain no NUL) */
    char *key;            /* key when this value is an object member, else NULL */
    size_t first_child;   /* JSON_ARRAY / JSON_OBJECT: first element, or JSON_NONE */
    size_t next_sibling;  /* next element of the parent, or JSON_NONE */
    size_t child_count;
} JsonValue;

/** A parsed document; values[0] is the root. */
typedef struct {
    JsonValue *values;
    size_t count;
    size_t capacity;
    char error[256]; /* set when parsing fails */
    int error_line;
} JsonDocument;

// Function declarations

bool json_parse(const char *text, size_t length, JsonDocument *document);
void json_free(JsonDocument *document);
const JsonValue *json_root(const JsonDocument *document);
const JsonValue *json_get(const JsonDocument *document, const JsonValue *object, const char *key);
const JsonValue *json_at(const JsonDocument *document, const JsonValue *array, size_t index);
const char *json_type_name(JsonType type);

#endif

// End of file
