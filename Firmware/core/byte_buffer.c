/**
 * @file byte_buffer.c
 * @brief Bounded little-endian writer and reader (see byte_buffer.h).
 */

// Includes

#include "byte_buffer.h"

// Definitions

/** Bits in a byte. */
#define BITS_PER_BYTE (8u)

/** Mask of the low byte. */
#define LOW_BYTE_MASK (0xFFu)

// Functions: raw little-endian access

void byte_order_put_u16_le(uint8_t *const destination, const uint16_t value) {
    destination[0] = (uint8_t) (value & LOW_BYTE_MASK);
    destination[1] = (uint8_t) (value >> BITS_PER_BYTE);
}

void byte_order_put_u32_le(uint8_t *const destination, const uint32_t value) {
    unsigned int index;
    for (index = 0; index < sizeof(uint32_t); index++) {
        destination[index] = (uint8_t) ((value >> (BITS_PER_BYTE * index)) & LOW_BYTE_MASK);
    }
}

uint16_t byte_order_get_u16_le(const uint8_t *const source) {
    return (uint16_t) (source[0] | ((uint16_t) source[1] << BITS_PER_BYTE));
}

uint32_t byte_order_get_u32_le(const uint8_t *const source) {
    uint32_t value = 0;
    unsigned int index;
    for (index = 0; index < sizeof(uint32_t); index++) {
        value |= (uint32_t) source[index] << (BITS_PER_BYTE * index);
    }
    return value;
}

// Functions: writer

void byte_writer_initialise(ByteWriter *const writer, uint8_t *const data, const size_t capacity) {
    writer->data = data;
    writer->capacity = capacity;
    writer->length = 0;
    writer->overflow = false;
}

/** Writes the low `size` bytes of value, least significant first. */
static void put_le(ByteWriter *const writer, const uint64_t value, const size_t size) {
    size_t index;
    if (writer->overflow || size > writer->capacity - writer->length) {
        writer->overflow = true;
        return;
    }
    for (index = 0; index < size; index++) {
        writer->data[writer->length + index] = (uint8_t) ((value >> (BITS_PER_BYTE * index)) & LOW_BYTE_MASK);
    }
    writer->length += size;
}

void byte_writer_put_u8(ByteWriter *const writer, const uint8_t value) {
    put_le(writer, value, sizeof(uint8_t));
}

void byte_writer_put_u16(ByteWriter *const writer, const uint16_t value) {
    put_le(writer, value, sizeof(uint16_t));
}

void byte_writer_put_i16(ByteWriter *const writer, const int16_t value) {
    /* Two's complement bit pattern; the conversion to unsigned is defined modulo 2^16. */
    put_le(writer, (uint16_t) value, sizeof(uint16_t));
}

void byte_writer_put_u32(ByteWriter *const writer, const uint32_t value) {
    put_le(writer, value, sizeof(uint32_t));
}

void byte_writer_put_u64(ByteWriter *const writer, const uint64_t value) {
    put_le(writer, value, sizeof(uint64_t));
}

size_t byte_writer_get_length(const ByteWriter *const writer) {
    return writer->length;
}

bool byte_writer_has_overflowed(const ByteWriter *const writer) {
    return writer->overflow;
}

// Functions: reader

void byte_reader_initialise(ByteReader *const reader, const uint8_t *const data, const size_t length) {
    reader->data = data;
    reader->length = length;
    reader->position = 0;
    reader->underflow = false;
}

/** Reads `size` bytes, least significant first; 0 after an underflow. */
static uint64_t get_le(ByteReader *const reader, const size_t size) {
    uint64_t value = 0;
    size_t index;
    if (reader->underflow || size > reader->length - reader->position) {
        reader->underflow = true;
        return 0;
    }
    for (index = 0; index < size; index++) {
        value |= (uint64_t) reader->data[reader->position + index] << (BITS_PER_BYTE * index);
    }
    reader->position += size;
    return value;
}

uint8_t byte_reader_get_u8(ByteReader *const reader) {
    return (uint8_t) get_le(reader, sizeof(uint8_t));
}

uint16_t byte_reader_get_u16(ByteReader *const reader) {
    return (uint16_t) get_le(reader, sizeof(uint16_t));
}

int16_t byte_reader_get_i16(ByteReader *const reader) {
    const uint16_t bits = (uint16_t) get_le(reader, sizeof(uint16_t));
    /* Portable two's complement decode: avoids the implementation-defined unsigned->signed cast. */
    return bits <= (uint16_t) INT16_MAX ? (int16_t) bits : (int16_t) ((int32_t) bits - (int32_t) UINT16_MAX - 1);
}

uint32_t byte_reader_get_u32(ByteReader *const reader) {
    return (uint32_t) get_le(reader, sizeof(uint32_t));
}

uint64_t byte_reader_get_u64(ByteReader *const reader) {
    return get_le(reader, sizeof(uint64_t));
}

size_t byte_reader_get_remaining(const ByteReader *const reader) {
    return reader->length - reader->position;
}

bool byte_reader_has_underflowed(const ByteReader *const reader) {
    return reader->underflow;
}

// End of file
