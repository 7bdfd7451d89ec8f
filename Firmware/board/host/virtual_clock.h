/**
 * @file virtual_clock.h
 * @brief The virtual node's device clock: microseconds that run at a chosen rate against
 * the host's monotonic clock, with an offset and a drift, so the host software can be
 * tested against a device clock that is not its own.
 *
 * Virtual time v (us since the virtual node started) advances with the monotonic clock
 * times `rate` (the replay speed), and may also be moved forward explicitly (replay "as
 * fast as possible" jumps it to the next sample). The device clock is
 *
 *     device_us(v) = offset_us + round(v * (1 + drift_ppm / 10^6))
 *
 * and the board counter the node reads is its low 32 bits.
 */

#ifndef VIRTUAL_CLOCK_H
#define VIRTUAL_CLOCK_H

// Includes

#include <stdint.h>

// Definitions

/** Clock state. All members are private. */
typedef struct {
    double rate;            /* virtual us per monotonic us */
    double base_virtual_us; /* virtual time at the base instant */
    double base_wall_us;    /* monotonic time at the base instant */
    int64_t offset_us;
    double drift_ppm;
} VirtualClock;

// Function declarations

void virtual_clock_initialise(VirtualClock *clock, double rate, int64_t offset_us, double drift_ppm);
double virtual_clock_get_virtual_us(const VirtualClock *clock);
void virtual_clock_set_rate(VirtualClock *clock, double rate);
void virtual_clock_advance_to(VirtualClock *clock, double virtual_us);
double virtual_clock_wall_us_until(const VirtualClock *clock, double virtual_us);
int64_t virtual_clock_device_us_at(const VirtualClock *clock, double virtual_us);
uint64_t virtual_clock_get_device_us(const VirtualClock *clock);
uint32_t virtual_clock_read_counter(void *context);
double virtual_clock_monotonic_us(void);

#endif

// End of file
