/**
 * @file imu_icm42688_registers.h
 * @brief Register map of the TDK InvenSense ICM-42688-P, user bank 0, as used by the driver.
 *
 * Source: TDK InvenSense, "ICM-42688-P Datasheet", document DS-000347 (revisions 1.2 to
 * 1.8 agree on everything used here): the register map, the user bank 0 register
 * descriptions, and the FIFO chapter's packet structure. Cross-checked against the register
 * map of two independent open-source drivers (Zephyr icm42688_reg.h, PX4
 * InvenSense_ICM42688P_registers.hpp). Only bank 0 is used; every address below is in it.
 */

#ifndef IMU_ICM42688_REGISTERS_H
#define IMU_ICM42688_REGISTERS_H

// Definitions: SPI

/** Bit 7 of the first SPI byte: 1 = read, 0 = write; bits 6:0 are the register address. */
#define ICM42688_SPI_READ_BIT (0x80u)

// Definitions: bank 0 register addresses (DS-000347 register map)

#define ICM42688_REG_DEVICE_CONFIG (0x11u)     /* bit 0 SOFT_RESET_CONFIG */
#define ICM42688_REG_INT_CONFIG (0x14u)        /* INT1/INT2 mode, drive, polarity */
#define ICM42688_REG_FIFO_CONFIG (0x16u)       /* bits 7:6 FIFO_MODE */
#define ICM42688_REG_TEMP_DATA1 (0x1Du)        /* temperature, high byte */
#define ICM42688_REG_INT_STATUS (0x2Du)        /* clears on read (INT_CONFIG0 default) */
#define ICM42688_REG_FIFO_COUNTH (0x2Eu)       /* FIFO count, high byte (big-endian by default) */
#define ICM42688_REG_FIFO_COUNTL (0x2Fu)       /* FIFO count, low byte */
#define ICM42688_REG_FIFO_DATA (0x30u)         /* FIFO read port; a burst read pops bytes */
#define ICM42688_REG_SIGNAL_PATH_RESET (0x4Bu) /* bit 1 FIFO_FLUSH */
#define ICM42688_REG_INTF_CONFIG0 (0x4Cu)      /* FIFO count unit and byte orders */
#define ICM42688_REG_PWR_MGMT0 (0x4Eu)         /* accelerometer and gyroscope power modes */
#define ICM42688_REG_GYRO_CONFIG0 (0x4Fu)      /* bits 7:5 GYRO_FS_SEL, bits 3:0 GYRO_ODR */
#define ICM42688_REG_ACCEL_CONFIG0 (0x50u)     /* bits 7:5 ACCEL_FS_SEL, bits 3:0 ACCEL_ODR */
#define ICM42688_REG_FIFO_CONFIG1 (0x5Fu)      /* what the FIFO records */
#define ICM42688_REG_FIFO_CONFIG2 (0x60u)      /* FIFO watermark, bits 7:0 */
#define ICM42688_REG_FIFO_CONFIG3 (0x61u)      /* FIFO watermark, bits 11:8 in bits 3:0 */
#define ICM42688_REG_INT_CONFIG1 (0x64u)       /* interrupt pulse timing, INT_ASYNC_RESET */
#define ICM42688_REG_INT_SOURCE0 (0x65u)       /* what drives INT1 */
#define ICM42688_REG_FIFO_LOST_PKT0 (0x6Cu)    /* packets lost, low byte; 0x6D high byte */
#define ICM42688_REG_WHO_AM_I (0x75u)          /* reads ICM42688_WHO_AM_I_VALUE */
#define ICM42688_REG_BANK_SEL (0x76u)          /* bits 2:0 BANK_SEL; present in every bank */

// Definitions: field values (DS-000347 bank 0 register descriptions)

#define ICM42688_WHO_AM_I_VALUE (0x47u)

#define ICM42688_DEVICE_CONFIG_SOFT_RESET (0x01u)

#define ICM42688_BANK_0 (0x00u)

/* INT_CONFIG: bit 2 INT1_MODE (0 pulsed), bit 1 INT1_DRIVE_CIRCUIT (1 push-pull), bit 0 INT1_POLARITY (1 active high). */
#define ICM42688_INT_CONFIG_INT1_PUSH_PULL (0x02u)
#define ICM42688_INT_CONFIG_INT1_ACTIVE_HIGH (0x01u)

/* FIFO_CONFIG bits 7:6 FIFO_MODE: 00 bypass, 01 stream-to-FIFO, 1x stop-on-full. */
#define ICM42688_FIFO_CONFIG_MODE_SHIFT (6u)
#define ICM42688_FIFO_CONFIG_MODE_MASK (0xC0u)
#define ICM42688_FIFO_MODE_BYPASS (0x00u)
#define ICM42688_FIFO_MODE_STREAM (0x01u)

/* INT_STATUS bits. */
#define ICM42688_INT_STATUS_FIFO_THS (0x04u)
#define ICM42688_INT_STATUS_FIFO_FULL (0x02u)

/* SIGNAL_PATH_RESET bit 1 FIFO_FLUSH. */
#define ICM42688_SIGNAL_PATH_RESET_FIFO_FLUSH (0x02u)

/* INTF_CONFIG0: bit 6 FIFO_COUNT_REC (1 = count in records), bit 5 FIFO_COUNT_ENDIAN and
 * bit 4 SENSOR_DATA_ENDIAN (1 = big-endian, the reset value). Reset value 0x30. */
#define ICM42688_INTF_CONFIG0_FIFO_COUNT_REC (0x40u)
#define ICM42688_INTF_CONFIG0_FIFO_COUNT_ENDIAN (0x20u)
#define ICM42688_INTF_CONFIG0_SENSOR_DATA_ENDIAN (0x10u)

/* PWR_MGMT0: bits 3:2 GYRO_MODE (11 low noise), bits 1:0 ACCEL_MODE (11 low noise). */
#define ICM42688_PWR_MGMT0_GYRO_MODE_LOW_NOISE (0x0Cu)
#define ICM42688_PWR_MGMT0_ACCEL_MODE_LOW_NOISE (0x03u)
#define ICM42688_PWR_MGMT0_SENSORS_OFF (0x00u)

/* GYRO_CONFIG0 / ACCEL_CONFIG0 field positions. */
#define ICM42688_CONFIG0_FS_SEL_SHIFT (5u)
#define ICM42688_CONFIG0_ODR_MASK (0x0Fu)

/* FIFO_CONFIG1: bit 2 FIFO_TEMP_EN, bit 1 FIFO_GYRO_EN, bit 0 FIFO_ACCEL_EN -> packet 3. */
#define ICM42688_FIFO_CONFIG1_TEMP_EN (0x04u)
#define ICM42688_FIFO_CONFIG1_GYRO_EN (0x02u)
#define ICM42688_FIFO_CONFIG1_ACCEL_EN (0x01u)

/* FIFO watermark: 12 bits split over FIFO_CONFIG2 (7:0) and FIFO_CONFIG3 (11:8). */
#define ICM42688_FIFO_WATERMARK_MAX (0x0FFFu)
#define ICM42688_FIFO_CONFIG3_WATERMARK_SHIFT (8u)

/* INT_CONFIG1: bit 6 INT_TPULSE_DURATION (1 = 8 us, required at ODR >= 4 kHz), bit 5
 * INT_TDEASSERT_DISABLE (1 required at ODR >= 4 kHz), bit 4 INT_ASYNC_RESET (reset value 1;
 * the datasheet asks for 0 for proper INT1/INT2 operation). */
#define ICM42688_INT_CONFIG1_TPULSE_8US (0x40u)
#define ICM42688_INT_CONFIG1_TDEASSERT_DISABLE (0x20u)
#define ICM42688_INT_CONFIG1_ASYNC_RESET (0x10u)

/* INT_SOURCE0 bit 2 FIFO_THS_INT1_EN: FIFO watermark drives INT1. */
#define ICM42688_INT_SOURCE0_FIFO_THS_INT1 (0x04u)

// Definitions: FIFO packet 3 (DS-000347 FIFO packet structure), 16-bit data

/** Header, accel X/Y/Z, gyro X/Y/Z, temperature (1 byte), timestamp (2 bytes). */
#define ICM42688_FIFO_PACKET3_BYTES (16u)
#define ICM42688_FIFO_PACKET3_ACCEL_OFFSET (1u)
#define ICM42688_FIFO_PACKET3_GYRO_OFFSET (7u)
#define ICM42688_FIFO_PACKET3_TEMPERATURE_OFFSET (13u)
#define ICM42688_FIFO_PACKET3_TIMESTAMP_OFFSET (14u)

/* FIFO header bits: bit 7 HEADER_MSG (1 = FIFO empty), bit 6 HEADER_ACCEL, bit 5
 * HEADER_GYRO, bit 4 HEADER_20 (20-bit packet 4), bits 3:2 timestamp/FSYNC, bits 1:0 ODR changed. */
#define ICM42688_FIFO_HEADER_MSG (0x80u)
#define ICM42688_FIFO_HEADER_ACCEL (0x40u)
#define ICM42688_FIFO_HEADER_GYRO (0x20u)
#define ICM42688_FIFO_HEADER_20 (0x10u)

/** A 16-bit FIFO sample of -32768 (0x8000) marks invalid data (e.g. a sensor just powered on). */
#define ICM42688_FIFO_INVALID_SAMPLE (-32768)

/** FIFO size in bytes (2 kB). */
#define ICM42688_FIFO_BYTES (2048u)

// Definitions: timing (DS-000347 DEVICE_CONFIG and PWR_MGMT0 descriptions, gyroscope specifications)

/** Wait after a soft reset before the next register access, in microseconds. */
#define ICM42688_SOFT_RESET_WAIT_US (1000u)

/** No register writes for this long after turning a sensor on from off, in microseconds. */
#define ICM42688_POWER_ON_WRITE_GUARD_US (200u)

/** Gyroscope start-up time from off, in microseconds (its first samples are invalid). */
#define ICM42688_GYRO_STARTUP_US (30000u)

/** Temperature in FIFO packets 1-3: degC = raw / 2.07 + 25; here in hundredths: raw * 10000 / 207 + 2500. */
#define ICM42688_FIFO_TEMPERATURE_CDEG_NUMERATOR (10000)
#define ICM42688_FIFO_TEMPERATURE_CDEG_DENOMINATOR (207)
#define ICM42688_TEMPERATURE_OFFSET_CDEG (2500)

#endif

// End of file
