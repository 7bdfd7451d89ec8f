/**
 * @file board.h
 * @brief What a board gives the node: a microsecond counter, a byte link to the host and
 * (optionally) a battery reading. A port fills one Board in its main() and implements
 * the sensor seams (ImuIcm42688Bus, InsoleScannerIo); nothing else in Firmware/core or
 * Firmware/drivers touches hardware. board/host/ implements it with POSIX for the
 * virtual node; README.md maps it onto a Cortex-M MCU.
 */

#ifndef BOARD_H
#define BOARD_H

// Includes

#include <stddef.h>
#include <stdint.h>

// Definitions

/** Board services used by the node. */
typedef struct {
    void *context;
    /** Free-running counter in microseconds; wraps at 2^32 (a 32-bit timer at 1 MHz). */
    uint32_t (*read_clock_us)(void *context);
    /** Bytes the link to the host can take right now without blocking. */
    size_t (*get_transmit_space)(void *context);
    /** Queues bytes for the host; returns how many were taken (all, if space was checked). */
    size_t (*transmit)(void *context, const uint8_t *bytes, size_t length);
    /** Battery voltage in mV, 0 if unknown. May be NULL. */
    uint16_t (*read_battery_mv)(void *context);
} Board;

#endif

// End of file
