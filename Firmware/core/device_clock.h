/**
 * @file device_clock.h
 * @brief The node's free-running microsecond clock, 64 bits wide, from a 32-bit counter.
 *
 * MCUs have 32-bit timers (at 1 MHz they wrap every 2^32 us, about 71.6 minutes); the wire
 * carries 64-bit microseconds that never wrap. Each update adds the counter's advance since
 * the previous update, computed modulo 2^32, so the clock stays exact as long as it is
 * updated at least once per wrap period (the node's main loop does it every iteration).
 * Integer only; safe to call from the main loop, not meant for interrupts.
 */

#ifndef DEVICE_CLOCK_H
#define DEVICE_CLOCK_H

// Includes

#include <stdint.h>

// Definitions

/** Clock state. All members are private. */
typedef struct {
    uint64_t now_us;          /* us since the clock's epoch */
    uint32_t last_counter_us; /* counter reading at the last update */
} DeviceClock;

// Function declarations

void device_clock_initialise(DeviceClock *clock, uint64_t start_us);
uint64_t device_clock_update(DeviceClock *clock, uint32_t counter_us);
uint64_t device_clock_get_us(const DeviceClock *clock);

#endif

// End of file
