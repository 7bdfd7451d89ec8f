/**
 * @file byte_buffer.h
 * @brief Bounded little-endian writer and reader over a caller-owned byte array.
 *
 * Every wire field goes through these, so byte order is decided in one place and no
 * struct is ever copied to the wire with its host layout. A write past the end or a read
 * past the end sets a sticky flag instead of touching memory; the caller checks it once.
 */

#ifndef BYTE_BUFFER_H
#define BYTE_BUFFER_H

// Includes

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// Definitions

/** Writer. All members are private. */
typedef struct {
    uint8_t *data;
    size_t capacity; /* bytes */
    size_t length;   /* bytes written */
    bool overflow;   /* a write did not fit */
} ByteWriter;

/** Reader. All members are private. */
typedef struct {
    const uint8_t *data;
    size_t length;    /* bytes available */
    size_t position;  /* bytes consumed */
    bool underflow;   /* a read went past the end */
} ByteReader;

// Function declarations

void byte_writer_initialise(ByteWriter *writer, uint8_t *data, size_t capacity);
void byte_writer_put_u8(ByteWriter *writer, uint8_t value);
void byte_writer_put_u16(ByteWriter *writer, uint16_t value);
void byte_writer_put_i16(ByteWriter *writer, int16_t value);
void byte_writer_put_u32(ByteWriter *writer, uint32_t value);
void byte_writer_put_u64(ByteWriter *writer, uint64_t value);
size_t byte_writer_get_length(const ByteWriter *writer);
bool byte_writer_has_overflowed(const ByteWriter *writer);

void byte_reader_initialise(ByteReader *reader, const uint8_t *data, size_t length);
uint8_t byte_reader_get_u8(ByteReader *reader);
uint16_t byte_reader_get_u16(ByteReader *reader);
int16_t byte_reader_get_i16(ByteReader *reader);
uint32_t byte_reader_get_u32(ByteReader *reader);
uint64_t byte_reader_get_u64(ByteReader *reader);
size_t byte_reader_get_remaining(const ByteReader *reader);
bool byte_reader_has_underflowed(const ByteReader *reader);

void byte_order_put_u16_le(uint8_t *destination, uint16_t value);
void byte_order_put_u32_le(uint8_t *destination, uint32_t value);
uint16_t byte_order_get_u16_le(const uint8_t *source);
uint32_t byte_order_get_u32_le(const uint8_t *source);

#endif

// End of file
