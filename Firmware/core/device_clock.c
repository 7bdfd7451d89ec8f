/**
 * @file device_clock.c
 * @brief 64-bit microsecond clock from a wrapping 32-bit counter (see device_clock.h).
 */

// Includes

#include "device_clock.h"

// Functions

/**
 * @brief Starts the clock. The low 32 bits of start_us must be what the counter reads
 * now: on an MCU whose timer starts at reset, start_us is simply the counter's value.
 */
void device_clock_initialise(DeviceClock *const clock, const uint64_t start_us) {
    clock->now_us = start_us;
    clock->last_counter_us = (uint32_t) start_us;
}

/**
 * @brief Advances the clock to a new counter reading and returns it.
 */
uint64_t device_clock_update(DeviceClock *const clock, const uint32_t counter_us) {
    /* Unsigned subtraction is modulo 2^32, so a wrap between readings costs nothing. */
    clock->now_us += (uint32_t) (counter_us - clock->last_counter_us);
    clock->last_counter_us = counter_us;
    return clock->now_us;
}

uint64_t device_clock_get_us(const DeviceClock *const clock) {
    return clock->now_us;
}

// End of file
