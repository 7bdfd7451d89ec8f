/**
 * @file json_reader.c
 * @brief Strict recursive-descent JSON reader (see json_reader.h).
 */

// Includes

#include "json_reader.h"
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Definitions

/** Parser cursor. */
typedef struct {
    const char *text;
    size_t length;
    size_t position;
    int line;
    JsonDocument *document;
} Parser;

/** First capacity of the value array. */
#define INITIAL_CAPACITY (64u)

// Functions: helpers

static bool fail(Parser *const parser, const char *const message) {
    if (parser->document->error[0] == '\0') {
        snprintf(parser->document->error, sizeof(parser->document->error), "%s", message);
        parser->document->error_line = parser->line;
    }
    return false;
}

static int peek(const Parser *const parser) {
    return parser->position < parser->length ? (unsigned char) parser->text[parser->position] : -1;
}

static void skip_whitespace(Parser *const parser) {
    while (parser->position < parser->length) {
        const char c = parser->text[parser->position];
        if (c == '\n') {
            parser->line++;
        } else if (c != ' ' && c != '\t' && c != '\r') {
            return;
        }
        parser->position++;
    }
}

/** Appends a value; returns its index or JSON_NONE when out of memory. */
static size_t new_value(Parser *const parser, const JsonType type) {
    JsonDocument *const document = parser->document;
    JsonValue *value;
    if (document->count == document->capacity) {
        const size_t capacity = document->capacity == 0u ? INITIAL_CAPACITY : document->capacity * 2u;
        JsonValue *const values = realloc(document->values, capacity * sizeof(JsonValue));
        if (values == NULL) {
            (void) fail(parser, "out of memory");
            return JSON_NONE;
        }
        document->values = values;
        document->capacity = capacity;
    }
    value = &document->values[document->count];
    memset(value, 0, sizeof(*value));
    value->type = type;
    value->line = parser->line;
    value->first_child = JSON_NONE;
    value->next_sibling = JSON_NONE;
    return document->count++;
}

static bool expect_literal(Parser *const parser, const char *const literal) {
    const size_t length = strlen(literal);
    if (parser->length - parser->position < length || memcmp(&parser->text[parser->position], literal, length) != 0) {
        return fail(parser, "invalid literal");
    }
    parser->position += length;
    return true;
}

/** Appends a code point as UTF-8. */
static void put_utf8(char *const out, size_t *const length, const unsigned long code_point) {
    if (code_point < 0x80u) {
        out[(*length)++] = (char) code_point;
    } else if (code_point < 0x800u) {
        out[(*length)++] = (char) (0xC0u | (code_point >> 6));
        out[(*length)++] = (char) (0x80u | (code_point & 0x3Fu));
    } else if (code_point < 0x10000u) {
        out[(*length)++] = (char) (0xE0u | (code_point >> 12));
        out[(*length)++] = (char) (0x80u | ((code_point >> 6) & 0x3Fu));
        out[(*length)++] = (char) (0x80u | (code_point & 0x3Fu));
    } else {
        out[(*length)++] = (char) (0xF0u | (code_point >> 18));
        out[(*length)++] = (char) (0x80u | ((code_point >> 12) & 0x3Fu));
        out[(*length)++] = (char) (0x80u | ((code_point >> 6) & 0x3Fu));
        out[(*length)++] = (char) (0x80u | (code_point & 0x3Fu));
    }
}

static bool read_hex4(Parser *const parser, unsigned long *const value) {
    int index;
    *value = 0;
    for (index = 0; index < 4; index++) {
        const int c = peek(parser);
        unsigned long digit;
        if (c >= '0' && c <= '9') {
            digit = (unsigned long) (c - '0');
        } else if (c >= 'a' && c <= 'f') {
            digit = (unsigned long) (c - 'a' + 10);
        } else if (c >= 'A' && c <= 'F') {
            digit = (unsigned long) (c - 'A' + 10);
        } else {
            return fail(parser, "invalid \\u escape");
        }
        *value = (*value << 4) | digit;
        parser->position++;
    }
    return true;
}

/** Parses a string at the cursor (opening quote included) into a new heap buffer. */
static bool parse_string(Parser *const parser, char **const result) {
    /* Escapes never make a string longer, except \u to at most 4 bytes for 6 characters. */
    char *out = malloc(parser->length - parser->position + 1u);
    size_t length = 0;
    if (out == NULL) {
        return fail(parser, "out of memory");
    }
    parser->position++; /* opening quote */
    for (;;) {
        const int c = peek(parser);
        if (c < 0) {
            free(out);
            return fail(parser, "unterminated string");
        }
        parser->position++;
        if (c == '"') {
            break;
        }
        if (c < 0x20) {
            free(out);
            return fail(parser, "control character in string");
        }
        if (c != '\\') {
            out[length++] = (char) c;
            continue;
        }
        switch (peek(parser)) {
            case '"': out[length++] = '"'; break;
            case '\\': out[length++] = '\\'; break;
            case '/': out[length++] = '/'; break;
            case 'b': out[length++] = '\b'; break;
            case 'f': out[length++] = '\f'; break;
            case 'n': out[length++] = '\n'; break;
            case 'r': out[length++] = '\r'; break;
            case 't': out[length++] = '\t'; break;
            case 'u': {
                unsigned long code_point;
                parser->position++;
                if (!read_hex4(parser, &code_point)) {
                    free(out);
                    return false;
                }
                if (code_point >= 0xD800u && code_point <= 0xDBFFu) {
                    unsigned long low;
                    if (peek(parser) != '\\' || parser->position + 1u >= parser->length ||
                        parser->text[parser->position + 1u] != 'u') {
                        free(out);
                        return fail(parser, "unpaired surrogate in \\u escape");
                    }
                    parser->position += 2u;
                    if (!read_hex4(parser, &low) || low < 0xDC00u || low > 0xDFFFu) {
                        free(out);
                        return fail(parser, "unpaired surrogate in \\u escape");
                    }
                    code_point = 0x10000u + ((code_point - 0xD800u) << 10) + (low - 0xDC00u);
                } else if (code_point >= 0xDC00u && code_point <= 0xDFFFu) {
                    free(out);
                    return fail(parser, "unpaired surrogate in \\u escape");
                }
                if (code_point == 0u) {
                    free(out);
                    return fail(parser, "\\u0000 in string");
                }
                put_utf8(out, &length, code_point);
                continue;
            }
            default:
                free(out);
                return fail(parser, "invalid escape in string");
        }
        parser->position++;
    }
    out[length] = '\0';
    *result = realloc(out, length + 1u); /* shrink; cannot fail in practice, keep out if it does */
    if (*result == NULL) {
        *result = out;
    }
    return true;
}

/** Validates the JSON number grammar, then converts. */
static bool parse_number(Parser *const parser, double *const number) {
    const size_t start = parser->position;
    char buffer[64];
    size_t length;
    char *end;
    if (peek(parser) == '-') {
        parser->position++;
    }
    if (peek(parser) == '0') {
        parser->position++;
    } else if (peek(parser) >= '1' && peek(parser) <= '9') {
        while (peek(parser) >= '0' && peek(parser) <= '9') {
            parser->position++;
        }
    } else {
        return fail(parser, "invalid number");
    }
    if (peek(parser) == '.') {
        parser->position++;
        if (!(peek(parser) >= '0' && peek(parser) <= '9')) {
            return fail(parser, "invalid number");
        }
        while (peek(parser) >= '0' && peek(parser) <= '9') {
            parser->position++;
        }
    }
    if (peek(parser) == 'e' || peek(parser) == 'E') {
        parser->position++;
        if (peek(parser) == '+' || peek(parser) == '-') {
            parser->position++;
        }
        if (!(peek(parser) >= '0' && peek(parser) <= '9')) {
            return fail(parser, "invalid number");
        }
        while (peek(parser) >= '0' && peek(parser) <= '9') {
            parser->position++;
        }
    }
    length = parser->position - start;
    if (length >= sizeof(buffer)) {
        return fail(parser, "number too long");
    }
    memcpy(buffer, &parser->text[start], length);
    buffer[length] = '\0';
    *number = strtod(buffer, &end);
    if (!isfinite(*number)) {
        return fail(parser, "number out of range");
    }
    return true;
}

static size_t parse_value(Parser *parser, int depth);

/** Links a child at the end of its parent's list. */
static void append_child(JsonDocument *const document, const size_t parent, size_t *const last, const size_t child) {
    if (*last == JSON_NONE) {
        document->values[parent].first_child = child;
    } else {
        document->values[*last].next_sibling = child;
    }
    *last = child;
    document->values[parent].child_count++;
}

static size_t parse_array(Parser *const parser, const int depth) {
    const size_t array = new_value(parser, JSON_ARRAY);
    size_t last = JSON_NONE;
    if (array == JSON_NONE) {
        return JSON_NONE;
    }
    parser->position++;
    skip_whitespace(parser);
    if (peek(parser) == ']') {
        parser->position++;
        return array;
    }
    for (;;) {
        const size_t element = parse_value(parser, depth + 1);
        if (element == JSON_NONE) {
            return JSON_NONE;
        }
        append_child(parser->document, array, &last, element);
        skip_whitespace(parser);
        if (peek(parser) == ',') {
            parser->position++;
            continue;
        }
        if (peek(parser) == ']') {
            parser->position++;
            return array;
        }
        (void) fail(parser, "expected ',' or ']' in array");
        return JSON_NONE;
    }
}

static size_t parse_object(Parser *const parser, const int depth) {
    const size_t object = new_value(parser, JSON_OBJECT);
    size_t last = JSON_NONE;
    if (object == JSON_NONE) {
        return JSON_NONE;
    }
    parser->position++;
    skip_whitespace(parser);
    if (peek(parser) == '}') {
        parser->position++;
        return object;
    }
    for (;;) {
        char *key = NULL;
        size_t member;
        size_t sibling;
        skip_whitespace(parser);
        if (peek(parser) != '"') {
            (void) fail(parser, "expected a string key in object");
            return JSON_NONE;
        }
        if (!parse_string(parser, &key)) {
            return JSON_NONE;
        }
        for (sibling = parser->document->values[object].first_child; sibling != JSON_NONE;
             sibling = parser->document->values[sibling].next_sibling) {
            if (strcmp(parser->document->values[sibling].key, key) == 0) {
                char message[200];
                snprintf(message, sizeof(message), "duplicate key \"%.100s\"", key);
                free(key);
                (void) fail(parser, message);
                return JSON_NONE;
            }
        }
        skip_whitespace(parser);
        if (peek(parser) != ':') {
            free(key);
            (void) fail(parser, "expected ':' after key");
            return JSON_NONE;
        }
        parser->position++;
        member = parse_value(parser, depth + 1);
        if (member == JSON_NONE) {
            free(key);
            return JSON_NONE;
        }
        parser->document->values[member].key = key;
        append_child(parser->document, object, &last, member);
        skip_whitespace(parser);
        if (peek(parser) == ',') {
            parser->position++;
            continue;
        }
        if (peek(parser) == '}') {
            parser->position++;
            return object;
        }
        (void) fail(parser, "expected ',' or '}' in object");
        return JSON_NONE;
    }
}

static size_t parse_value(Parser *const parser, const int depth) {
    size_t value;
    if (depth > JSON_MAX_DEPTH) {
        (void) fail(parser, "nested too deeply");
        return JSON_NONE;
    }
    skip_whitespace(parser);
    switch (peek(parser)) {
        case '{': return parse_object(parser, depth);
        case '[': return parse_array(parser, depth);
        case '"': {
            char *string;
            value = new_value(parser, JSON_STRING);
            if (value == JSON_NONE || !parse_string(parser, &string)) {
                return JSON_NONE;
            }
            parser->document->values[value].string = string;
            return value;
        }
        case 't':
            value = new_value(parser, JSON_TRUE);
            return value != JSON_NONE && expect_literal(parser, "true") ? value : JSON_NONE;
        case 'f':
            value = new_value(parser, JSON_FALSE);
            return value != JSON_NONE && expect_literal(parser, "false") ? value : JSON_NONE;
        case 'n':
            value = new_value(parser, JSON_NULL);
            return value != JSON_NONE && expect_literal(parser, "null") ? value : JSON_NONE;
        case -1:
            (void) fail(parser, "unexpected end of input");
            return JSON_NONE;
        default: {
            double number;
            value = new_value(parser, JSON_NUMBER);
            if (value == JSON_NONE || !parse_number(parser, &number)) {
                return JSON_NONE;
            }
            parser->document->values[value].number = number;
            return value;
        }
    }
}

// Functions: public

/**
 * @brief Parses a whole document. On failure, document->error and error_line say why;
 * json_free() must still be called.
 */
bool json_parse(const char *const text, const size_t length, JsonDocument *const document) {
    Parser parser;
    memset(document, 0, sizeof(*document));
    parser.text = text;
    parser.length = length;
    parser.position = 0;
    parser.line = 1;
    parser.document = document;
    /* A UTF-8 byte order mark is tolerated. */
    if (length >= 3u && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        parser.position = 3;
    }
    if (memchr(text, '\0', length) != NULL) {
        return fail(&parser, "NUL byte in input");
    }
    if (parse_value(&parser, 0) == JSON_NONE) {
        return false;
    }
    skip_whitespace(&parser);
    if (parser.position != length) {
        return fail(&parser, "unexpected text after the JSON value");
    }
    return true;
}

void json_free(JsonDocument *const document) {
    size_t index;
    for (index = 0; index < document->count; index++) {
        free(document->values[index].string);
        free(document->values[index].key);
    }
    free(document->values);
    document->values = NULL;
    document->count = 0;
    document->capacity = 0;
}

const JsonValue *json_root(const JsonDocument *const document) {
    return document->count > 0u ? &document->values[0] : NULL;
}

/**
 * @brief Member of an object by key; NULL if absent or object is not an object.
 */
const JsonValue *json_get(const JsonDocument *const document, const JsonValue *const object, const char *const key) {
    size_t child;
    if (object == NULL || object->type != JSON_OBJECT) {
        return NULL;
    }
    for (child = object->first_child; child != JSON_NONE; child = document->values[child].next_sibling) {
        if (strcmp(document->values[child].key, key) == 0) {
            return &document->values[child];
        }
    }
    return NULL;
}

/**
 * @brief Element of an array by position; NULL if out of range or not an array.
 */
const JsonValue *json_at(const JsonDocument *const document, const JsonValue *const array, size_t index) {
    size_t child;
    if (array == NULL || array->type != JSON_ARRAY) {
        return NULL;
    }
    for (child = array->first_child; child != JSON_NONE; child = document->values[child].next_sibling) {
        if (index-- == 0u) {
            return &document->values[child];
        }
    }
    return NULL;
}

const char *json_type_name(const JsonType type) {
    switch (type) {
        case JSON_NULL: return "null";
        case JSON_FALSE:
        case JSON_TRUE: return "a boolean";
        case JSON_NUMBER: return "a number";
        case JSON_STRING: return "a string";
        case JSON_ARRAY: return "an array";
        default: return "an object";
    }
}

// End of file
