/**
 * @file cobs.c
 * @brief COBS encoder and decoder (see cobs.h).
 */

// Includes

#include "cobs.h"

// Functions

/**
 * @brief Encodes `length` bytes. The output contains no 0x00; the caller appends the delimiter.
 * @param capacity Bytes available at output; must be at least COBS_MAX_ENCODED_LENGTH(length).
 * @return Encoded length in bytes (1 for empty input), or 0 if capacity is too small.
 */
size_t cobs_encode(const uint8_t *const input, const size_t length, uint8_t *const output, const size_t capacity) {
    size_t code_index = 0; /* where the current block's code byte goes */
    size_t out = 1;        /* next free output byte */
    uint8_t code = 1;      /* 1 + data bytes in the current block */
    size_t index;

    if (capacity < COBS_MAX_ENCODED_LENGTH(length)) {
        return 0;
    }
    for (index = 0; index < length; index++) {
        const uint8_t byte = input[index];
        if (byte == 0u) {
            /* A zero ends the block; it is implied by the code byte and not copied. */
            output[code_index] = code;
            code_index = out++;
            code = 1;
            continue;
        }
        output[out++] = byte;
        code++;
        /* A full block carries no implied zero; start another only if input remains. */
        if (code == COBS_MAX_BLOCK_CODE && index + 1u < length) {
            output[code_index] = code;
            code_index = out++;
            code = 1;
        }
    }
    output[code_index] = code;
    return out;
}

/**
 * @brief Decodes one COBS frame (without its delimiter). The output may be the input
 * itself (in-place decoding): the decoder never writes ahead of where it reads.
 * @param decoded_length Decoded length in bytes, set on success.
 * @return false if the input holds a 0x00, a block runs past the end, or the output
 * would exceed capacity.
 */
bool cobs_decode(const uint8_t *const input, const size_t length, uint8_t *const output, const size_t capacity,
                 size_t *const decoded_length) {
    size_t in = 0;
    size_t out = 0;

    while (in < length) {
        const uint8_t code = input[in++];
        size_t block_remaining;
        if (code == 0u) {
            return false;
        }
        block_remaining = (size_t) code - 1u;
        if (block_remaining > length - in || block_remaining > capacity - out) {
            return false;
        }
        while (block_remaining-- > 0u) {
            const uint8_t byte = input[in++];
            if (byte == 0u) {
                return false;
            }
            output[out++] = byte;
        }
        /* Every block but a full one and the last ends in a zero the encoder removed. */
        if (code != COBS_MAX_BLOCK_CODE && in < length) {
            if (out >= capacity) {
                return false;
            }
            output[out++] = 0u;
        }
    }
    *decoded_length = out;
    return true;
}

// End of file
