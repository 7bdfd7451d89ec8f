/**
 * @file crc32.h
 * @brief CRC-32/ISO-HDLC (the CRC of Ethernet, zlib and PNG).
 *
 * Parameters (Williams model): width 32, poly 0x04C11DB7, init 0xFFFFFFFF, refin true,
 * refout true, xorout 0xFFFFFFFF, check 0xCBF43926 (the CRC of ASCII "123456789"),
 * residue 0xDEBB20E3. The frame CRC covers the payload (header and body) and is appended
 * least significant byte first, before COBS encoding.
 */

#ifndef CRC32_H
#define CRC32_H

// Includes

#include <stddef.h>
#include <stdint.h>

// Definitions

/** The standard check value: CRC of the nine ASCII bytes "123456789". */
#define CRC32_CHECK_VALUE (0xCBF43926u)

/** CRC register after processing a message followed by its own little-endian CRC. */
#define CRC32_RESIDUE (0xDEBB20E3u)

/** Register value before the first byte. */
#define CRC32_INITIAL_REGISTER (0xFFFFFFFFu)

// Function declarations

uint32_t crc32_update(uint32_t crc_register, const uint8_t *data, size_t length);
uint32_t crc32_finalise(uint32_t crc_register);
uint32_t crc32_compute(const uint8_t *data, size_t length);

#endif

// End of file
