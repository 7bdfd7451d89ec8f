/**
 * @file cobs.h
 * @brief Consistent Overhead Byte Stuffing (Cheshire and Baker, IEEE/ACM Trans. Networking
 * 7(2), 1999, doi:10.1109/90.769765).
 *
 * The encoded form contains no 0x00 byte, so 0x00 can end every frame and a receiver can
 * always resynchronise on the next 0x00. The encoder is the canonical one: a 254-byte run
 * of non-zero bytes that ends the input is not followed by an extra 0x01 code byte.
 */

#ifndef COBS_H
#define COBS_H

// Includes

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// Definitions

/** Longest COBS block: a code byte of 0xFF followed by 254 data bytes and no implied zero. */
#define COBS_MAX_BLOCK_CODE (0xFFu)

/** Upper bound of the encoded length of n input bytes (delimiter not included). */
#define COBS_MAX_ENCODED_LENGTH(n) ((n) + (n) / (COBS_MAX_BLOCK_CODE - 1u) + 1u)

// Function declarations

size_t cobs_encode(const uint8_t *input, size_t length, uint8_t *output, size_t capacity);
bool cobs_decode(const uint8_t *input, size_t length, uint8_t *output, size_t capacity, size_t *decoded_length);

#endif

// End of file
