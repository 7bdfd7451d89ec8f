/**
 * @file imu_icm42688.c
 * @brief ICM-42688-P driver (see imu_icm42688.h). Register facts: DS-000347, cited by
 * section in imu_icm42688_registers.h.
 */

// Includes

#include "imu_icm42688.h"
#include "imu_icm42688_registers.h"

// Definitions

/** Packets decoded per SPI burst: bounds the stack buffer (8 x 16 = 128 bytes). */
#define PACKETS_PER_BURST (8u)

/** The FIFO holds this many 16-byte packets. */
#define FIFO_CAPACITY_PACKETS (ICM42688_FIFO_BYTES / ICM42688_FIFO_PACKET3_BYTES)

/** Axes per sensor. */
#define AXES (3u)

/** Bits in a byte. */
#define BITS_PER_BYTE (8u)

/** Mask of the low byte of a wider value. */
#define LOW_BYTE_MASK (0xFFu)

/** Bytes per axis of 16-bit FIFO data. */
#define BYTES_PER_AXIS (2u)

/** Output data rates at or above this need the short interrupt pulse (INT_CONFIG1), in mHz. */
#define SHORT_INTERRUPT_PULSE_MIN_RATE_MILLIHZ (4000000u)

// Functions: register access

/** Writes one register of bank 0. */
static bool write_register(const ImuIcm42688 *const imu, const uint8_t address, const uint8_t value) {
    const uint8_t tx[2] = {(uint8_t) (address & (uint8_t) ~ICM42688_SPI_READ_BIT), value};
    return imu->bus.transfer(imu->bus.context, tx, sizeof(tx), NULL, 0);
}

/** Reads consecutive registers of bank 0 (or pops FIFO bytes when address is FIFO_DATA). */
static bool read_registers(const ImuIcm42688 *const imu, const uint8_t address, uint8_t *const data,
                           const size_t length) {
    const uint8_t tx = (uint8_t) (address | ICM42688_SPI_READ_BIT);
    return imu->bus.transfer(imu->bus.context, &tx, 1, data, length);
}

/** Read-modify-write of some bits of one register. */
static bool update_register(const ImuIcm42688 *const imu, const uint8_t address, const uint8_t clear_mask,
                            const uint8_t set_mask) {
    uint8_t value;
    if (!read_registers(imu, address, &value, 1)) {
        return false;
    }
    value = (uint8_t) ((value & (uint8_t) ~clear_mask) | set_mask);
    return write_register(imu, address, value);
}

/** An 8-bit two's complement value, decoded portably. */
static int8_t to_int8(const uint8_t bits) {
    return bits <= (uint8_t) INT8_MAX ? (int8_t) bits : (int8_t) ((int) bits - (int) UINT8_MAX - 1);
}

/** Big-endian 16-bit value (the chip's reset byte order for sensor data and FIFO count). */
static int16_t get_i16_be(const uint8_t *const bytes) {
    const uint16_t bits = (uint16_t) (((uint16_t) bytes[0] << BITS_PER_BYTE) | bytes[1]);
    return bits <= (uint16_t) INT16_MAX ? (int16_t) bits : (int16_t) ((int32_t) bits - (int32_t) UINT16_MAX - 1);
}

// Functions: settings

/**
 * @brief Output data rate in millihertz; 0 for a code the driver does not support.
 */
uint32_t imu_icm42688_get_rate_millihz(const ImuIcm42688OutputDataRate output_data_rate) {
    switch (output_data_rate) {
        case IMU_ICM42688_ODR_8000HZ: return 8000000u;
        case IMU_ICM42688_ODR_4000HZ: return 4000000u;
        case IMU_ICM42688_ODR_2000HZ: return 2000000u;
        case IMU_ICM42688_ODR_1000HZ: return 1000000u;
        case IMU_ICM42688_ODR_500HZ: return 500000u;
        case IMU_ICM42688_ODR_200HZ: return 200000u;
        case IMU_ICM42688_ODR_100HZ: return 100000u;
        case IMU_ICM42688_ODR_50HZ: return 50000u;
        case IMU_ICM42688_ODR_25HZ: return 25000u;
        case IMU_ICM42688_ODR_12_5HZ: return 12500u;
        default: return 0u;
    }
}

/**
 * @brief Datasheet sensitivity and full scale for the ranges in settings (DS-000347
 * gyroscope and accelerometer specification tables). Unknown ranges give zeros.
 */
ImuIcm42688Sensitivity imu_icm42688_get_sensitivity(const ImuIcm42688Settings *const settings) {
    /* Indexed by ACCEL_FS_SEL: +-16, 8, 4, 2 g. */
    static const uint32_t accel_lsb_per_g[] = {2048u, 4096u, 8192u, 16384u};
    static const uint32_t accel_full_scale_mg[] = {16000u, 8000u, 4000u, 2000u};
    /* Indexed by GYRO_FS_SEL: the datasheet's LSB/dps (16.4 .. 2097.2) times 10. */
    static const uint32_t gyro_lsb_per_dps_x10[] = {164u, 328u, 655u, 1310u, 2620u, 5243u, 10486u, 20972u};
    static const uint32_t gyro_full_scale_mdps[] = {2000000u, 1000000u, 500000u, 250000u,
                                                    125000u, 62500u, 31250u, 15625u};
    ImuIcm42688Sensitivity sensitivity = {0u, 0u, 0u, 0u};
    const unsigned int accel = (unsigned int) settings->accel_range;
    const unsigned int gyro = (unsigned int) settings->gyro_range;
    if (accel < sizeof(accel_lsb_per_g) / sizeof(accel_lsb_per_g[0])) {
        sensitivity.accel_lsb_per_g = accel_lsb_per_g[accel];
        sensitivity.accel_full_scale_mg = accel_full_scale_mg[accel];
    }
    if (gyro < sizeof(gyro_lsb_per_dps_x10) / sizeof(gyro_lsb_per_dps_x10[0])) {
        sensitivity.gyro_lsb_per_dps_x10 = gyro_lsb_per_dps_x10[gyro];
        sensitivity.gyro_full_scale_mdps = gyro_full_scale_mdps[gyro];
    }
    return sensitivity;
}

// Functions: lifecycle

/**
 * @brief Binds the driver to a bus. No bus traffic.
 */
void imu_icm42688_initialise(ImuIcm42688 *const imu, const ImuIcm42688Bus *const bus) {
    imu->bus = *bus;
    imu->configured = false;
    imu->running = false;
    imu->last_lost_packet_count = 0;
}

/**
 * @brief Resets the chip and configures it; the sensors stay off until imu_icm42688_start().
 *
 * Sequence (DS-000347, bank 0 register descriptions): select bank 0; soft reset and wait 1 ms; check WHO_AM_I;
 * INT1 push-pull, active high, pulsed; INT_ASYNC_RESET cleared (and the short pulse for
 * ODR >= 4 kHz); FIFO count in records; ranges and rates; FIFO records accel, gyro and
 * temperature (packet 3); watermark; watermark to INT1; FIFO in stream mode.
 */
ImuIcm42688Result imu_icm42688_set_settings(ImuIcm42688 *const imu, const ImuIcm42688Settings *const settings) {
    const ImuIcm42688Sensitivity sensitivity = imu_icm42688_get_sensitivity(settings);
    const uint32_t rate_millihz = imu_icm42688_get_rate_millihz(settings->output_data_rate);
    const uint8_t odr = (uint8_t) settings->output_data_rate;
    uint8_t who_am_i = 0;
    uint8_t interrupt_timing = 0;
    bool ok;

    if (sensitivity.accel_lsb_per_g == 0u || sensitivity.gyro_lsb_per_dps_x10 == 0u || rate_millihz == 0u ||
        settings->fifo_watermark_packets == 0u || settings->fifo_watermark_packets > FIFO_CAPACITY_PACKETS) {
        return IMU_ICM42688_ERROR_SETTINGS;
    }
    imu->configured = false;
    imu->running = false;

    /* The MCU may have reset while the chip sat in another bank: BANK_SEL exists in every bank. */
    if (!write_register(imu, ICM42688_REG_BANK_SEL, ICM42688_BANK_0) ||
        !write_register(imu, ICM42688_REG_DEVICE_CONFIG, ICM42688_DEVICE_CONFIG_SOFT_RESET)) {
        return IMU_ICM42688_ERROR_BUS;
    }
    imu->bus.delay_us(imu->bus.context, ICM42688_SOFT_RESET_WAIT_US);
    if (!read_registers(imu, ICM42688_REG_WHO_AM_I, &who_am_i, 1)) {
        return IMU_ICM42688_ERROR_BUS;
    }
    if (who_am_i != ICM42688_WHO_AM_I_VALUE) {
        return IMU_ICM42688_ERROR_WHO_AM_I;
    }
    if (rate_millihz >= SHORT_INTERRUPT_PULSE_MIN_RATE_MILLIHZ) {
        interrupt_timing = ICM42688_INT_CONFIG1_TPULSE_8US | ICM42688_INT_CONFIG1_TDEASSERT_DISABLE;
    }
    ok = write_register(imu, ICM42688_REG_INT_CONFIG,
                        ICM42688_INT_CONFIG_INT1_PUSH_PULL | ICM42688_INT_CONFIG_INT1_ACTIVE_HIGH) &&
         update_register(imu, ICM42688_REG_INT_CONFIG1,
                         ICM42688_INT_CONFIG1_ASYNC_RESET | ICM42688_INT_CONFIG1_TPULSE_8US |
                             ICM42688_INT_CONFIG1_TDEASSERT_DISABLE,
                         interrupt_timing) &&
         /* Count in packets, keep the big-endian byte orders of the reset value. */
         update_register(imu, ICM42688_REG_INTF_CONFIG0, 0, ICM42688_INTF_CONFIG0_FIFO_COUNT_REC) &&
         write_register(imu, ICM42688_REG_GYRO_CONFIG0,
                        (uint8_t) (((unsigned int) settings->gyro_range << ICM42688_CONFIG0_FS_SEL_SHIFT) | odr)) &&
         write_register(imu, ICM42688_REG_ACCEL_CONFIG0,
                        (uint8_t) (((unsigned int) settings->accel_range << ICM42688_CONFIG0_FS_SEL_SHIFT) | odr)) &&
         write_register(imu, ICM42688_REG_FIFO_CONFIG1,
                        ICM42688_FIFO_CONFIG1_TEMP_EN | ICM42688_FIFO_CONFIG1_GYRO_EN |
                            ICM42688_FIFO_CONFIG1_ACCEL_EN) &&
         write_register(imu, ICM42688_REG_FIFO_CONFIG2, (uint8_t) (settings->fifo_watermark_packets & LOW_BYTE_MASK)) &&
         write_register(imu, ICM42688_REG_FIFO_CONFIG3,
                        (uint8_t) ((settings->fifo_watermark_packets & ICM42688_FIFO_WATERMARK_MAX) >>
                                   ICM42688_FIFO_CONFIG3_WATERMARK_SHIFT)) &&
         write_register(imu, ICM42688_REG_INT_SOURCE0, ICM42688_INT_SOURCE0_FIFO_THS_INT1) &&
         write_register(imu, ICM42688_REG_FIFO_CONFIG,
                        (uint8_t) (ICM42688_FIFO_MODE_STREAM << ICM42688_FIFO_CONFIG_MODE_SHIFT));
    if (!ok) {
        return IMU_ICM42688_ERROR_BUS;
    }
    imu->settings = *settings;
    imu->configured = true;
    return IMU_ICM42688_OK;
}

/** Reads FIFO_LOST_PKT0/1 (little-endian: PKT0 is the low byte). */
static bool read_lost_packet_count(const ImuIcm42688 *const imu, uint16_t *const count) {
    uint8_t bytes[2];
    if (!read_registers(imu, ICM42688_REG_FIFO_LOST_PKT0, bytes, sizeof(bytes))) {
        return false;
    }
    *count = (uint16_t) (bytes[0] | ((uint16_t) bytes[1] << BITS_PER_BYTE));
    return true;
}

/**
 * @brief Empties the FIFO and turns both sensors on in low-noise mode. The first packets
 * (about 30 ms of gyroscope start-up) carry invalid data and are reported as such.
 */
ImuIcm42688Result imu_icm42688_start(ImuIcm42688 *const imu) {
    if (!imu->configured) {
        return IMU_ICM42688_ERROR_STATE;
    }
    if (!write_register(imu, ICM42688_REG_SIGNAL_PATH_RESET, ICM42688_SIGNAL_PATH_RESET_FIFO_FLUSH) ||
        !write_register(imu, ICM42688_REG_PWR_MGMT0,
                        ICM42688_PWR_MGMT0_GYRO_MODE_LOW_NOISE | ICM42688_PWR_MGMT0_ACCEL_MODE_LOW_NOISE)) {
        return IMU_ICM42688_ERROR_BUS;
    }
    /* DS-000347 PWR_MGMT0: no register writes for 200 us after leaving the off mode. */
    imu->bus.delay_us(imu->bus.context, ICM42688_POWER_ON_WRITE_GUARD_US);
    /* The loss counter is taken as cumulative: remember where it stands now. */
    if (!read_lost_packet_count(imu, &imu->last_lost_packet_count)) {
        return IMU_ICM42688_ERROR_BUS;
    }
    imu->running = true;
    return IMU_ICM42688_OK;
}

/**
 * @brief Turns both sensors off and empties the FIFO.
 */
ImuIcm42688Result imu_icm42688_stop(ImuIcm42688 *const imu) {
    imu->running = false;
    if (!write_register(imu, ICM42688_REG_PWR_MGMT0, ICM42688_PWR_MGMT0_SENSORS_OFF) ||
        !write_register(imu, ICM42688_REG_SIGNAL_PATH_RESET, ICM42688_SIGNAL_PATH_RESET_FIFO_FLUSH)) {
        return IMU_ICM42688_ERROR_BUS;
    }
    return IMU_ICM42688_OK;
}

// Functions: FIFO

/** Decodes one packet 3; false if its header is not that of packet 3. */
static bool decode_packet(const uint8_t *const packet, ImuIcm42688Sample *const sample) {
    const uint8_t header = packet[0];
    const int8_t temperature_raw = to_int8(packet[ICM42688_FIFO_PACKET3_TEMPERATURE_OFFSET]);
    unsigned int axis;

    if ((header & ICM42688_FIFO_HEADER_MSG) != 0u || (header & ICM42688_FIFO_HEADER_20) != 0u ||
        (header & (ICM42688_FIFO_HEADER_ACCEL | ICM42688_FIFO_HEADER_GYRO)) !=
            (ICM42688_FIFO_HEADER_ACCEL | ICM42688_FIFO_HEADER_GYRO)) {
        return false;
    }
    sample->valid = true;
    for (axis = 0; axis < AXES; axis++) {
        sample->accel[axis] = get_i16_be(&packet[ICM42688_FIFO_PACKET3_ACCEL_OFFSET + BYTES_PER_AXIS * axis]);
        sample->gyro[axis] = get_i16_be(&packet[ICM42688_FIFO_PACKET3_GYRO_OFFSET + BYTES_PER_AXIS * axis]);
        if (sample->accel[axis] == ICM42688_FIFO_INVALID_SAMPLE || sample->gyro[axis] == ICM42688_FIFO_INVALID_SAMPLE) {
            sample->valid = false;
        }
    }
    sample->temperature_cdeg = (int16_t) ((int32_t) temperature_raw * ICM42688_FIFO_TEMPERATURE_CDEG_NUMERATOR /
                                              ICM42688_FIFO_TEMPERATURE_CDEG_DENOMINATOR +
                                          ICM42688_TEMPERATURE_OFFSET_CDEG);
    return true;
}

/**
 * @brief Drains up to `capacity` packets from the FIFO, oldest first.
 *
 * Reads the loss counter first (lost packets are older than any packet still in the FIFO),
 * then INT_STATUS and FIFO_COUNT in one burst (which also clears the watermark interrupt),
 * then whole packets in bursts. A malformed header means the reader lost packet alignment:
 * the FIFO is flushed and the report says so. FIFO_LOST_PKT is taken as a 16-bit count
 * that only a flush resets; DS-000347 does not say whether reading clears it, so this is
 * on the hardware bring-up checklist (README.md).
 */
ImuIcm42688Result imu_icm42688_read_fifo(ImuIcm42688 *const imu, ImuIcm42688Sample *const samples,
                                         const size_t capacity, size_t *const sample_count,
                                         ImuIcm42688FifoReport *const report) {
    uint8_t status_and_count[3];
    uint8_t burst[PACKETS_PER_BURST * ICM42688_FIFO_PACKET3_BYTES];
    uint16_t lost_packet_count;
    size_t available;
    size_t to_read;
    size_t done = 0;

    *sample_count = 0;
    report->lost_packets = 0;
    report->packets_left = 0;
    report->resynchronised = false;
    if (!imu->running) {
        return IMU_ICM42688_ERROR_STATE;
    }
    if (!read_lost_packet_count(imu, &lost_packet_count) ||
        !read_registers(imu, ICM42688_REG_INT_STATUS, status_and_count, sizeof(status_and_count))) {
        return IMU_ICM42688_ERROR_BUS;
    }
    report->lost_packets = (uint16_t) (lost_packet_count - imu->last_lost_packet_count);
    imu->last_lost_packet_count = lost_packet_count;

    available = (size_t) (((uint16_t) status_and_count[1] << BITS_PER_BYTE) | status_and_count[2]);
    to_read = available < capacity ? available : capacity;
    while (done < to_read) {
        const size_t burst_packets = (to_read - done) < PACKETS_PER_BURST ? (to_read - done) : PACKETS_PER_BURST;
        size_t packet;
        if (!read_registers(imu, ICM42688_REG_FIFO_DATA, burst, burst_packets * ICM42688_FIFO_PACKET3_BYTES)) {
            *sample_count = done;
            return IMU_ICM42688_ERROR_BUS;
        }
        for (packet = 0; packet < burst_packets; packet++) {
            if (!decode_packet(&burst[packet * ICM42688_FIFO_PACKET3_BYTES], &samples[done])) {
                /* Alignment lost: what follows cannot be trusted. Start clean; the
                 * packets flushed with it took time slots, so they count as lost. */
                *sample_count = done;
                report->resynchronised = true;
                report->lost_packets += (uint32_t) (available - done);
                if (!write_register(imu, ICM42688_REG_SIGNAL_PATH_RESET, ICM42688_SIGNAL_PATH_RESET_FIFO_FLUSH) ||
                    !read_lost_packet_count(imu, &imu->last_lost_packet_count)) {
                    return IMU_ICM42688_ERROR_BUS;
                }
                return IMU_ICM42688_OK;
            }
            done++;
        }
    }
    *sample_count = done;
    report->packets_left = (uint32_t) (available - to_read);
    return IMU_ICM42688_OK;
}

// End of file
