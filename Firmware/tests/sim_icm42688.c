/**
 * @file sim_icm42688.c
 * @brief Simulated ICM-42688-P (see sim_icm42688.h). Register facts: DS-000347.
 */

// Includes

#include "sim_icm42688.h"
#include <stdio.h>
#include <string.h>

// Definitions (the simulator spells out the datasheet numbers itself, so that a wrong
// constant in the driver cannot make both sides agree)

#define REG_DEVICE_CONFIG 0x11u
#define REG_FIFO_CONFIG 0x16u
#define REG_INT_STATUS 0x2Du
#define REG_FIFO_COUNTH 0x2Eu
#define REG_FIFO_COUNTL 0x2Fu
#define REG_FIFO_DATA 0x30u
#define REG_SIGNAL_PATH_RESET 0x4Bu
#define REG_INTF_CONFIG0 0x4Cu
#define REG_PWR_MGMT0 0x4Eu
#define REG_GYRO_CONFIG0 0x4Fu
#define REG_ACCEL_CONFIG0 0x50u
#define REG_TMST_CONFIG 0x54u
#define REG_FIFO_CONFIG1 0x5Fu
#define REG_FIFO_CONFIG2 0x60u
#define REG_FIFO_CONFIG3 0x61u
#define REG_INT_CONFIG1 0x64u
#define REG_INT_SOURCE0 0x65u
#define REG_FIFO_LOST_PKT0 0x6Cu
#define REG_FIFO_LOST_PKT1 0x6Du
#define REG_WHO_AM_I 0x75u
#define REG_BANK_SEL 0x76u

#define PACKET_BYTES 16u
#define SOFT_RESET_WAIT_NS 1000000u
#define POWER_ON_GUARD_NS 200000u
#define NS_PER_US 1000u

// Functions: helpers

static void violation(SimIcm42688 *const sim, const char *const message) {
    sim->violations++;
    snprintf(sim->last_violation, sizeof(sim->last_violation), "%s (t=%llu ns)", message,
             (unsigned long long) sim->now_ns);
}

static void reset_registers(SimIcm42688 *const sim) {
    memset(sim->registers, 0, sizeof(sim->registers));
    sim->bank = 0;
    /* Reset values, DS-000347 register map. */
    sim->registers[0][REG_GYRO_CONFIG0] = 0x06u;
    sim->registers[0][REG_ACCEL_CONFIG0] = 0x06u;
    sim->registers[0][REG_INTF_CONFIG0] = 0x30u;
    sim->registers[0][REG_TMST_CONFIG] = 0x23u;
    sim->registers[0][REG_INT_CONFIG1] = 0x10u;
    sim->registers[0][REG_INT_SOURCE0] = 0x10u;
    sim->registers[0][REG_WHO_AM_I] = sim->who_am_i;
    sim->fifo_head = 0;
    sim->fifo_count = 0;
    sim->lost_packets = 0;
    sim->sensors_on = false;
}

/** Nominal ODR period in ns from the GYRO_CONFIG0 ODR code. */
static uint64_t nominal_period_ns(const SimIcm42688 *const sim) {
    switch (sim->registers[0][REG_GYRO_CONFIG0] & 0x0Fu) {
        case 0x03u: return 125000u;     /* 8 kHz */
        case 0x04u: return 250000u;     /* 4 kHz */
        case 0x05u: return 500000u;     /* 2 kHz */
        case 0x06u: return 1000000u;    /* 1 kHz */
        case 0x0Fu: return 2000000u;    /* 500 Hz */
        case 0x07u: return 5000000u;    /* 200 Hz */
        case 0x08u: return 10000000u;   /* 100 Hz */
        case 0x09u: return 20000000u;   /* 50 Hz */
        case 0x0Au: return 40000000u;   /* 25 Hz */
        case 0x0Bu: return 80000000u;   /* 12.5 Hz */
        default: return 0u;
    }
}

// Functions: public

void sim_icm42688_initialise(SimIcm42688 *const sim) {
    memset(sim, 0, sizeof(*sim));
    sim->who_am_i = 0x47u;
    reset_registers(sim);
}

uint64_t sim_icm42688_period_ns(const SimIcm42688 *const sim) {
    const uint64_t nominal = nominal_period_ns(sim);
    /* A fast oscillator has a shorter period: period = nominal / (1 + ppm 1e-6), to first order. */
    return (uint64_t) ((int64_t) nominal - (int64_t) nominal * sim->rate_error_ppm / 1000000);
}

/** Device-independent time at which packet k was produced (power-on + (k + 1) periods). */
uint64_t sim_icm42688_packet_time_ns(const SimIcm42688 *const sim, const uint32_t packet_index) {
    return sim->power_on_time_ns + (uint64_t) (packet_index + 1u) * sim_icm42688_period_ns(sim);
}

/** What packet k carries (a pattern that exercises signs and every byte). */
void sim_icm42688_expected_sample(const uint32_t packet_index, int16_t accel[3], int16_t gyro[3]) {
    const int32_t k = (int32_t) (packet_index % 10000u);
    accel[0] = (int16_t) (k * 3 - 15000);
    accel[1] = (int16_t) (-k * 2);
    accel[2] = (int16_t) 2048; /* 1 g at +-16 g */
    gyro[0] = (int16_t) (k - 5000);
    gyro[1] = (int16_t) (k * 3 % 32767);
    gyro[2] = (int16_t) -164; /* -10 dps at +-2000 dps */
}

static void put_be16(uint8_t *const destination, const int16_t value) {
    const uint16_t bits = (uint16_t) value;
    destination[0] = (uint8_t) (bits >> 8);
    destination[1] = (uint8_t) (bits & 0xFFu);
}

static void push_packet(SimIcm42688 *const sim) {
    uint8_t packet[PACKET_BYTES];
    int16_t accel[3];
    int16_t gyro[3];
    const bool big_endian = (sim->registers[0][REG_INTF_CONFIG0] & 0x10u) != 0u;
    unsigned int axis;
    size_t index;
    const uint32_t k = sim->packets_produced++;
    const bool fifo_on = (sim->registers[0][REG_FIFO_CONFIG] >> 6) == 0x01u &&
                         (sim->registers[0][REG_FIFO_CONFIG1] & 0x03u) == 0x03u;
    uint16_t watermark;
    size_t packets_before;

    if (!fifo_on) {
        return;
    }
    sim_icm42688_expected_sample(k, accel, gyro);
    if (sim->invalid_left > 0u) {
        sim->invalid_left--;
        gyro[0] = gyro[1] = gyro[2] = (int16_t) -32768;
    }
    packet[0] = 0x68u; /* accel + gyro + ODR timestamp */
    for (axis = 0; axis < 3u; axis++) {
        put_be16(&packet[1u + 2u * axis], accel[axis]);
        put_be16(&packet[7u + 2u * axis], gyro[axis]);
        if (!big_endian) {
            uint8_t swap = packet[1u + 2u * axis];
            packet[1u + 2u * axis] = packet[2u + 2u * axis];
            packet[2u + 2u * axis] = swap;
            swap = packet[7u + 2u * axis];
            packet[7u + 2u * axis] = packet[8u + 2u * axis];
            packet[8u + 2u * axis] = swap;
        }
    }
    packet[13] = 10u; /* 25 + 10 / 2.07 = 29.83 degC */
    packet[14] = (uint8_t) ((k >> 8) & 0xFFu);
    packet[15] = (uint8_t) (k & 0xFFu);
    if (sim->fifo_count + PACKET_BYTES > SIM_ICM42688_FIFO_BYTES) {
        /* Stream mode: the oldest packet is overwritten and counted as lost. */
        sim->fifo_head = (sim->fifo_head + PACKET_BYTES) % SIM_ICM42688_FIFO_BYTES;
        sim->fifo_count -= PACKET_BYTES;
        sim->lost_packets++;
        sim->registers[0][REG_INT_STATUS] |= 0x02u; /* FIFO_FULL_INT */
    }
    packets_before = sim->fifo_count / PACKET_BYTES;
    for (index = 0; index < PACKET_BYTES; index++) {
        sim->fifo[(sim->fifo_head + sim->fifo_count + index) % SIM_ICM42688_FIFO_BYTES] = packet[index];
    }
    sim->fifo_count += PACKET_BYTES;
    watermark = (uint16_t) (sim->registers[0][REG_FIFO_CONFIG2] | ((sim->registers[0][REG_FIFO_CONFIG3] & 0x0Fu) << 8));
    if (watermark > 0u && packets_before < watermark && sim->fifo_count / PACKET_BYTES >= watermark) {
        sim->registers[0][REG_INT_STATUS] |= 0x04u; /* FIFO_THS_INT */
        if ((sim->registers[0][REG_INT_SOURCE0] & 0x04u) != 0u) {
            sim->watermark_interrupt = true;
        }
    }
}

/**
 * @brief Moves simulated time on, producing packets while the sensors are on.
 */
void sim_icm42688_advance(SimIcm42688 *const sim, const uint64_t duration_ns) {
    const uint64_t end_ns = sim->now_ns + duration_ns;
    while (sim->sensors_on && sim->next_packet_ns <= end_ns) {
        sim->now_ns = sim->next_packet_ns;
        push_packet(sim);
        sim->next_packet_ns += sim_icm42688_period_ns(sim);
    }
    sim->now_ns = end_ns;
}

static void write_register(SimIcm42688 *const sim, const uint8_t address, const uint8_t value) {
    if (sim->write_count < SIM_ICM42688_WRITE_LOG) {
        sim->writes[sim->write_count].bank = sim->bank;
        sim->writes[sim->write_count].address = address;
        sim->writes[sim->write_count].value = value;
        sim->writes[sim->write_count].time_ns = sim->now_ns;
        sim->write_count++;
    }
    if (sim->power_on_guard && sim->now_ns - sim->power_on_time_ns < POWER_ON_GUARD_NS) {
        violation(sim, "register write within 200 us of turning the sensors on");
    }
    if (address == REG_BANK_SEL) {
        sim->bank = value & 0x07u;
        return;
    }
    if (sim->bank != 0u) {
        sim->registers[sim->bank][address] = value;
        return;
    }
    switch (address) {
        case REG_DEVICE_CONFIG:
            if ((value & 0x01u) != 0u) {
                reset_registers(sim);
                sim->reset_time_ns = sim->now_ns;
                sim->reset_pending_wait = true;
                return;
            }
            break;
        case REG_SIGNAL_PATH_RESET:
            if ((value & 0x02u) != 0u) {
                sim->fifo_head = 0;
                sim->fifo_count = 0;
                sim->lost_packets = 0;
            }
            return; /* self-clearing bits */
        case REG_PWR_MGMT0: {
            const bool on = (value & 0x0Fu) == 0x0Fu;
            if (on && !sim->sensors_on) {
                sim->power_on_time_ns = sim->now_ns;
                sim->power_on_guard = true;
                sim->next_packet_ns = sim->now_ns + sim_icm42688_period_ns(sim);
                sim->invalid_left = sim->startup_invalid_packets;
            }
            sim->sensors_on = on;
            break;
        }
        case REG_WHO_AM_I:
        case REG_INT_STATUS:
        case REG_FIFO_COUNTH:
        case REG_FIFO_COUNTL:
        case REG_FIFO_LOST_PKT0:
        case REG_FIFO_LOST_PKT1:
            violation(sim, "write to a read-only register");
            return;
        default:
            break;
    }
    sim->registers[0][address] = value;
}

static uint8_t read_register(SimIcm42688 *const sim, const uint8_t address) {
    const bool count_in_records = (sim->registers[0][REG_INTF_CONFIG0] & 0x40u) != 0u;
    const bool count_big_endian = (sim->registers[0][REG_INTF_CONFIG0] & 0x20u) != 0u;
    const uint16_t count = (uint16_t) (count_in_records ? sim->fifo_count / PACKET_BYTES : sim->fifo_count);
    uint8_t value;
    if (sim->bank != 0u && address != REG_BANK_SEL) {
        return sim->registers[sim->bank][address];
    }
    switch (address) {
        case REG_INT_STATUS:
            value = sim->registers[0][REG_INT_STATUS];
            sim->registers[0][REG_INT_STATUS] = 0; /* clear on read (INT_CONFIG0 reset value) */
            return value;
        case REG_FIFO_COUNTH:
            return (uint8_t) (count_big_endian ? count >> 8 : count & 0xFFu);
        case REG_FIFO_COUNTL:
            return (uint8_t) (count_big_endian ? count & 0xFFu : count >> 8);
        case REG_FIFO_LOST_PKT0:
            return (uint8_t) (sim->lost_packets & 0xFFu);
        case REG_FIFO_LOST_PKT1:
            return (uint8_t) (sim->lost_packets >> 8);
        case REG_BANK_SEL:
            return sim->bank;
        default:
            return sim->registers[0][address];
    }
}

static bool transfer(void *const context, const uint8_t *const tx, const size_t tx_length, uint8_t *const rx,
                     const size_t rx_length) {
    SimIcm42688 *const sim = (SimIcm42688 *) context;
    uint8_t address;
    size_t index;
    sim->transfers++;
    if (sim->fail_transfers) {
        return false;
    }
    if (tx_length == 0u) {
        violation(sim, "transfer without an address byte");
        return false;
    }
    if (sim->reset_pending_wait) {
        if (sim->now_ns - sim->reset_time_ns < SOFT_RESET_WAIT_NS) {
            violation(sim, "access within 1 ms of a soft reset");
        }
        sim->reset_pending_wait = false;
    }
    address = tx[0] & 0x7Fu;
    if ((tx[0] & 0x80u) == 0u) {
        if (rx_length != 0u || tx_length < 2u) {
            violation(sim, "malformed write transfer");
        }
        for (index = 1; index < tx_length; index++) {
            write_register(sim, (uint8_t) (address + index - 1u), tx[index]);
        }
        return true;
    }
    if (tx_length != 1u) {
        violation(sim, "read with more than an address byte");
    }
    for (index = 0; index < rx_length; index++) {
        if (address == REG_FIFO_DATA && sim->bank == 0u) {
            if (sim->fifo_count == 0u) {
                rx[index] = 0x80u; /* HEADER_MSG: empty */
                violation(sim, "read past the end of the FIFO");
            } else {
                rx[index] = sim->fifo[sim->fifo_head];
                sim->fifo_head = (sim->fifo_head + 1u) % SIM_ICM42688_FIFO_BYTES;
                sim->fifo_count--;
            }
        } else {
            rx[index] = read_register(sim, (uint8_t) (address + index));
        }
    }
    return true;
}

static void delay_us(void *const context, const uint32_t duration_us) {
    SimIcm42688 *const sim = (SimIcm42688 *) context;
    sim_icm42688_advance(sim, (uint64_t) duration_us * NS_PER_US);
}

ImuIcm42688Bus sim_icm42688_bus(SimIcm42688 *const sim) {
    ImuIcm42688Bus bus;
    bus.context = sim;
    bus.transfer = transfer;
    bus.delay_us = delay_us;
    return bus;
}

uint8_t sim_icm42688_register(const SimIcm42688 *const sim, const uint8_t address) {
    return sim->registers[0][address];
}

size_t sim_icm42688_fifo_packets(const SimIcm42688 *const sim) {
    return sim->fifo_count / PACKET_BYTES;
}

/**
 * @brief Position in the write log of the first write of value to address, or -1.
 */
int sim_icm42688_find_write(const SimIcm42688 *const sim, const uint8_t address, const uint8_t value) {
    size_t index;
    for (index = 0; index < sim->write_count; index++) {
        if (sim->writes[index].address == address && sim->writes[index].value == value) {
            return (int) index;
        }
    }
    return -1;
}

// End of file
