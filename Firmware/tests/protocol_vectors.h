/**
 * @file protocol_vectors.h
 * @brief The example frames of PROTOCOL.md ("Test vectors"), built with the real encoder.
 * The tests compare them with the hex written here and in PROTOCOL.md, so neither the
 * encoder nor the document can drift; `make vectors` prints them for the document.
 */

#ifndef PROTOCOL_VECTORS_H
#define PROTOCOL_VECTORS_H

// Includes

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

// Definitions

/** One vector: its name in PROTOCOL.md and the expected bytes. */
typedef struct {
    const char *name;
    const char *payload_hex; /* header + body, before CRC and COBS */
    const char *wire_hex;    /* COBS(payload || CRC) followed by 0x00 */
} ProtocolVector;

// Function declarations

size_t protocol_vector_count(void);
const ProtocolVector *protocol_vector(size_t index);
size_t protocol_vector_build(size_t index, uint8_t *payload, size_t *payload_length, uint8_t *wire,
                             size_t wire_capacity);
size_t protocol_vector_parse_hex(const char *hex, uint8_t *bytes, size_t capacity);
void protocol_vector_print_markdown(FILE *out);

#endif

// End of file
