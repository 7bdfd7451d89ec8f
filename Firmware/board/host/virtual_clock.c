/**
 * @file virtual_clock.c
 * @brief Virtual device clock (see virtual_clock.h).
 */

#define _POSIX_C_SOURCE 200809L

// Includes

#include "virtual_clock.h"
#include <math.h>
#include <time.h>

// Definitions

#define US_PER_S (1e6)
#define NS_PER_US (1e3)
#define PPM (1e-6)

// Functions

/**
 * @brief Host monotonic time in microseconds.
 */
double virtual_clock_monotonic_us(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double) now.tv_sec * US_PER_S + (double) now.tv_nsec / NS_PER_US;
}

/**
 * @brief Starts virtual time at 0 now.
 */
void virtual_clock_initialise(VirtualClock *const clock, const double rate, const int64_t offset_us,
                              const double drift_ppm) {
    clock->rate = rate;
    clock->base_virtual_us = 0.0;
    clock->base_wall_us = virtual_clock_monotonic_us();
    clock->offset_us = offset_us;
    clock->drift_ppm = drift_ppm;
}

double virtual_clock_get_virtual_us(const VirtualClock *const clock) {
    return clock->base_virtual_us + (virtual_clock_monotonic_us() - clock->base_wall_us) * clock->rate;
}

/**
 * @brief Changes how fast virtual time runs from now on.
 */
void virtual_clock_set_rate(VirtualClock *const clock, const double rate) {
    const double now_wall_us = virtual_clock_monotonic_us();
    clock->base_virtual_us += (now_wall_us - clock->base_wall_us) * clock->rate;
    clock->base_wall_us = now_wall_us;
    clock->rate = rate;
}

/**
 * @brief Moves virtual time forward to virtual_us (never backward).
 */
void virtual_clock_advance_to(VirtualClock *const clock, const double virtual_us) {
    const double now_virtual_us = virtual_clock_get_virtual_us(clock);
    clock->base_wall_us = virtual_clock_monotonic_us();
    clock->base_virtual_us = virtual_us > now_virtual_us ? virtual_us : now_virtual_us;
}

/**
 * @brief Monotonic microseconds until virtual time reaches virtual_us (0 if past; large if stopped).
 */
double virtual_clock_wall_us_until(const VirtualClock *const clock, const double virtual_us) {
    const double remaining = virtual_us - virtual_clock_get_virtual_us(clock);
    if (remaining <= 0.0) {
        return 0.0;
    }
    return clock->rate > 0.0 ? remaining / clock->rate : HUGE_VAL;
}

/**
 * @brief Device clock at a virtual time, in us.
 */
int64_t virtual_clock_device_us_at(const VirtualClock *const clock, const double virtual_us) {
    return clock->offset_us + (int64_t) llround(virtual_us * (1.0 + clock->drift_ppm * PPM));
}

uint64_t virtual_clock_get_device_us(const VirtualClock *const clock) {
    return (uint64_t) virtual_clock_device_us_at(clock, virtual_clock_get_virtual_us(clock));
}

/**
 * @brief Board.read_clock_us for the node: the device clock's low 32 bits.
 */
uint32_t virtual_clock_read_counter(void *const context) {
    return (uint32_t) virtual_clock_get_device_us((const VirtualClock *) context);
}

// End of file
