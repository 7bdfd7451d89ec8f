/**
 * @file imu_icm42688.h
 * @brief Register-level driver for the TDK InvenSense ICM-42688-P 6-axis IMU over SPI
 * (datasheet DS-000347).
 *
 * The driver configures full-scale ranges, output data rate and the FIFO (stream mode,
 * 16-byte packet 3: header, accelerometer, gyroscope, temperature, timestamp; the FIFO
 * watermark drives INT1), and drains the FIFO into raw counts. It does no unit
 * conversion: the node sends counts, and the DESCRIPTOR carries the datasheet
 * sensitivities (imu_icm42688_get_sensitivity()) so the host converts exactly.
 *
 * The chip is reached through ImuIcm42688Bus, a caller-owned seam: a board implements it
 * with its SPI peripheral; the unit tests implement it with a simulated chip.
 * Integer only; nothing here runs in an interrupt (the INT1 handler only sets a flag).
 */

#ifndef IMU_ICM42688_H
#define IMU_ICM42688_H

// Includes

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// Definitions

/** Accelerometer full-scale range; values are the ACCEL_FS_SEL codes of ACCEL_CONFIG0. */
typedef enum {
    IMU_ICM42688_ACCEL_RANGE_16G = 0, /* +-16 g, 2048 LSB/g */
    IMU_ICM42688_ACCEL_RANGE_8G = 1,  /* +-8 g, 4096 LSB/g */
    IMU_ICM42688_ACCEL_RANGE_4G = 2,  /* +-4 g, 8192 LSB/g */
    IMU_ICM42688_ACCEL_RANGE_2G = 3,  /* +-2 g, 16384 LSB/g */
} ImuIcm42688AccelRange;

/** Gyroscope full-scale range; values are the GYRO_FS_SEL codes of GYRO_CONFIG0. */
typedef enum {
    IMU_ICM42688_GYRO_RANGE_2000DPS = 0,   /* 16.4 LSB/dps */
    IMU_ICM42688_GYRO_RANGE_1000DPS = 1,   /* 32.8 LSB/dps */
    IMU_ICM42688_GYRO_RANGE_500DPS = 2,    /* 65.5 LSB/dps */
    IMU_ICM42688_GYRO_RANGE_250DPS = 3,    /* 131 LSB/dps */
    IMU_ICM42688_GYRO_RANGE_125DPS = 4,    /* 262 LSB/dps */
    IMU_ICM42688_GYRO_RANGE_62_5DPS = 5,   /* 524.3 LSB/dps */
    IMU_ICM42688_GYRO_RANGE_31_25DPS = 6,  /* 1048.6 LSB/dps */
    IMU_ICM42688_GYRO_RANGE_15_625DPS = 7, /* 2097.2 LSB/dps */
} ImuIcm42688GyroRange;

/** Output data rate (low-noise mode), same for both sensors; values are the ODR codes. */
typedef enum {
    IMU_ICM42688_ODR_8000HZ = 0x03,
    IMU_ICM42688_ODR_4000HZ = 0x04,
    IMU_ICM42688_ODR_2000HZ = 0x05,
    IMU_ICM42688_ODR_1000HZ = 0x06,
    IMU_ICM42688_ODR_500HZ = 0x0F,
    IMU_ICM42688_ODR_200HZ = 0x07,
    IMU_ICM42688_ODR_100HZ = 0x08,
    IMU_ICM42688_ODR_50HZ = 0x09,
    IMU_ICM42688_ODR_25HZ = 0x0A,
    IMU_ICM42688_ODR_12_5HZ = 0x0B,
} ImuIcm42688OutputDataRate;

/** Driver settings. */
typedef struct {
    ImuIcm42688AccelRange accel_range;
    ImuIcm42688GyroRange gyro_range;
    ImuIcm42688OutputDataRate output_data_rate;
    uint16_t fifo_watermark_packets; /* packets; INT1 pulses when the FIFO holds this many (1..128) */
} ImuIcm42688Settings;

/**
 * SPI seam. transfer() asserts chip select, clocks out tx_length bytes of tx (ignoring
 * what comes back), then clocks in rx_length bytes into rx (sending 0x00), and releases
 * chip select. Returns false on a bus error. delay_us() waits at least that long.
 */
typedef struct {
    void *context;
    bool (*transfer)(void *context, const uint8_t *tx, size_t tx_length, uint8_t *rx, size_t rx_length);
    void (*delay_us)(void *context, uint32_t duration_us);
} ImuIcm42688Bus;

/** Datasheet sensitivities for the configured ranges (DS-000347, gyroscope and accelerometer specification tables). */
typedef struct {
    uint32_t accel_lsb_per_g;       /* counts per g */
    uint32_t accel_full_scale_mg;   /* mg */
    uint32_t gyro_lsb_per_dps_x10;  /* counts per (degree per second), times 10 */
    uint32_t gyro_full_scale_mdps;  /* millidegrees per second */
} ImuIcm42688Sensitivity;

/** One FIFO packet. */
typedef struct {
    int16_t accel[3];            /* counts; x, y, z */
    int16_t gyro[3];             /* counts; x, y, z */
    int16_t temperature_cdeg;    /* 0.01 degC */
    bool valid;                  /* false: the chip marked the data invalid (-32768) */
} ImuIcm42688Sample;

/** What one FIFO drain found besides samples. */
typedef struct {
    uint32_t lost_packets;   /* packets the chip lost to FIFO overflow before this drain's first packet */
    uint32_t packets_left;   /* packets still in the FIFO (the caller's buffer was full) */
    bool resynchronised;     /* a malformed header was met; the FIFO was flushed */
} ImuIcm42688FifoReport;

/** Result codes. */
typedef enum {
    IMU_ICM42688_OK = 0,
    IMU_ICM42688_ERROR_BUS,       /* a transfer failed */
    IMU_ICM42688_ERROR_WHO_AM_I,  /* the chip is not an ICM-42688-P or is not answering */
    IMU_ICM42688_ERROR_SETTINGS,  /* a setting is out of range */
    IMU_ICM42688_ERROR_STATE,     /* e.g. start() before set_settings() */
} ImuIcm42688Result;

/** Driver state. All members are private. */
typedef struct {
    ImuIcm42688Bus bus;
    ImuIcm42688Settings settings;
    bool configured;
    bool running;
    uint16_t last_lost_packet_count; /* FIFO_LOST_PKT at the previous drain */
} ImuIcm42688;

// Function declarations

void imu_icm42688_initialise(ImuIcm42688 *imu, const ImuIcm42688Bus *bus);
ImuIcm42688Result imu_icm42688_set_settings(ImuIcm42688 *imu, const ImuIcm42688Settings *settings);
ImuIcm42688Result imu_icm42688_start(ImuIcm42688 *imu);
ImuIcm42688Result imu_icm42688_stop(ImuIcm42688 *imu);
ImuIcm42688Result imu_icm42688_read_fifo(ImuIcm42688 *imu, ImuIcm42688Sample *samples, size_t capacity,
                                         size_t *sample_count, ImuIcm42688FifoReport *report);
ImuIcm42688Sensitivity imu_icm42688_get_sensitivity(const ImuIcm42688Settings *settings);
uint32_t imu_icm42688_get_rate_millihz(ImuIcm42688OutputDataRate output_data_rate);

#endif

// End of file
