/**
 * @file sim_icm42688.h
 * @brief A simulated ICM-42688-P behind the driver's SPI seam: a bank-0 register file with
 * the datasheet's reset values, soft reset, bank select, power modes, a 2 kB FIFO in
 * stream mode holding 16-byte packet-3 records (big-endian, as after reset), watermark
 * interrupt, FIFO flush, overflow that overwrites the oldest packet and counts it in
 * FIFO_LOST_PKT, and invalid (-32768) data while the gyroscope starts. It also polices
 * the datasheet's timing rules (1 ms after soft reset, 200 us after power-on) and logs
 * every register write.
 *
 * Time is simulated: delay_us() and sim_icm42688_advance() move it; the chip produces a
 * packet every period, where the period is the nominal ODR period off by rate_error_ppm.
 * Packet k carries sim_icm42688_expected_sample(k).
 */

#ifndef SIM_ICM42688_H
#define SIM_ICM42688_H

// Includes

#include "imu_icm42688.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// Definitions

#define SIM_ICM42688_REGISTERS (128u)
#define SIM_ICM42688_BANKS (5u)
#define SIM_ICM42688_FIFO_BYTES (2048u)
#define SIM_ICM42688_WRITE_LOG (256u)

/** One logged register write. */
typedef struct {
    uint8_t bank;
    uint8_t address;
    uint8_t value;
    uint64_t time_ns;
} SimIcm42688Write;

/** Simulator state (tests may read any member). */
typedef struct {
    uint8_t registers[SIM_ICM42688_BANKS][SIM_ICM42688_REGISTERS];
    uint8_t bank;
    uint8_t fifo[SIM_ICM42688_FIFO_BYTES];
    size_t fifo_head;  /* oldest byte */
    size_t fifo_count; /* bytes */
    uint16_t lost_packets;
    uint64_t now_ns;
    uint64_t next_packet_ns;
    int32_t rate_error_ppm;     /* the chip's oscillator: + runs fast (shorter period) */
    uint32_t packets_produced;  /* packet index k of the next packet */
    uint32_t startup_invalid_packets; /* packets with invalid gyro data after power-on */
    uint32_t invalid_left;
    uint64_t reset_time_ns;
    bool reset_pending_wait;    /* a soft reset happened; accesses must wait 1 ms */
    uint64_t power_on_time_ns;
    bool power_on_guard;        /* sensors turned on; writes must wait 200 us */
    bool sensors_on;
    bool watermark_interrupt;   /* INT1 pulsed since the test last cleared it */
    SimIcm42688Write writes[SIM_ICM42688_WRITE_LOG];
    size_t write_count;
    unsigned int violations;
    char last_violation[160];
    bool fail_transfers;        /* every transfer reports a bus error */
    uint8_t who_am_i;           /* what WHO_AM_I reads (0x47 for a real part) */
    uint32_t transfers;
} SimIcm42688;

// Function declarations

void sim_icm42688_initialise(SimIcm42688 *sim);
ImuIcm42688Bus sim_icm42688_bus(SimIcm42688 *sim);
void sim_icm42688_advance(SimIcm42688 *sim, uint64_t duration_ns);
void sim_icm42688_expected_sample(uint32_t packet_index, int16_t accel[3], int16_t gyro[3]);
uint8_t sim_icm42688_register(const SimIcm42688 *sim, uint8_t address);
size_t sim_icm42688_fifo_packets(const SimIcm42688 *sim);
uint64_t sim_icm42688_period_ns(const SimIcm42688 *sim);
uint64_t sim_icm42688_packet_time_ns(const SimIcm42688 *sim, uint32_t packet_index);
int sim_icm42688_find_write(const SimIcm42688 *sim, uint8_t address, uint8_t value);

#endif

// End of file
