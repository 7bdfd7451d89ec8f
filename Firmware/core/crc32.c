/**
 * @file crc32.c
 * @brief CRC-32/ISO-HDLC, four bits per step (see crc32.h).
 *
 * A 16-entry table (64 bytes of flash) processes one nibble per lookup: half the speed of
 * a 256-entry table at a sixteenth of its size, and eight times fewer steps than bitwise.
 * At 12 kB/s of IMU frames this costs well under 1 % of a 64 MHz Cortex-M4.
 */

// Includes

#include "crc32.h"

// Definitions

/** Value XORed into the register at the end. */
#define CRC32_XOR_OUT (0xFFFFFFFFu)

/** Bits consumed per table lookup. */
#define NIBBLE_BITS (4u)

/** Mask of the low nibble. */
#define NIBBLE_MASK (0x0Fu)

// Variables

/**
 * table[n] is the register contribution of nibble n shifted through the reflected
 * polynomial 0xEDB88320 four times. test_crc32.c re-derives every entry bitwise.
 */
static const uint32_t nibble_table[16] = {
    0x00000000u, 0x1DB71064u, 0x3B6E20C8u, 0x26D930ACu, 0x76DC4190u, 0x6B6B51F4u, 0x4DB26158u, 0x5005713Cu,
    0xEDB88320u, 0xF00F9344u, 0xD6D6A3E8u, 0xCB61B38Cu, 0x9B64C2B0u, 0x86D3D2D4u, 0xA00AE278u, 0xBDBDF21Cu,
};

// Functions

/**
 * @brief Feeds bytes into a CRC register (start from CRC32_INITIAL_REGISTER).
 * @return The new register value; pass it to crc32_finalise() for the CRC.
 */
uint32_t crc32_update(uint32_t crc_register, const uint8_t *const data, const size_t length) {
    size_t index;
    for (index = 0; index < length; index++) {
        crc_register ^= data[index];
        /* Reflected algorithm: the low nibble leaves the register first. */
        crc_register = (crc_register >> NIBBLE_BITS) ^ nibble_table[crc_register & NIBBLE_MASK];
        crc_register = (crc_register >> NIBBLE_BITS) ^ nibble_table[crc_register & NIBBLE_MASK];
    }
    return crc_register;
}

/**
 * @brief Turns a register value into the CRC (applies xorout).
 */
uint32_t crc32_finalise(const uint32_t crc_register) {
    return crc_register ^ CRC32_XOR_OUT;
}

/**
 * @brief CRC-32/ISO-HDLC of a whole message.
 */
uint32_t crc32_compute(const uint8_t *const data, const size_t length) {
    return crc32_finalise(crc32_update(CRC32_INITIAL_REGISTER, data, length));
}

// End of file
