/**
 * @file imu_node_main.c
 * @brief A complete IMU node firmware main(), as a board port would write it: the whole
 * firmware API in one page. Compiled (not linked) by the host build and included in
 * `make size-cortex-m`, where its .bss is the node's RAM.
 */

// Includes

#include "example_board.h"
#include "imu_icm42688.h"
#include "imu_source.h"
#include "node.h"
#include "protocol.h"

// Definitions

/** Samples buffered while the USB host is not reading: 256 ms at 1 kHz. */
#define SAMPLE_BUFFER_SAMPLES (256u)

/** Bytes read from USB per main-loop iteration (one full-speed packet). */
#define USB_PACKET_BYTES (64u)

/** A SAMPLE_BATCH every 10 samples (10 ms at 1 kHz)... */
#define SAMPLES_PER_BATCH (10u)

/** ...or when its first sample is 20 ms old, in us. */
#define MAX_BATCH_AGE_US (20000u)

/** STATUS period, us. */
#define STATUS_PERIOD_US (1000000u)

/** Drain the FIFO at least this often even if an INT1 edge was missed, us. */
#define FIFO_POLL_INTERVAL_US (50000u)

/** The ICM-42688-P's oscillator is within +-500 ppm of nominal (generous). */
#define IMU_RATE_ERROR_PPM (500u)

// Variables (static: no heap, RAM use visible at link time)

static uint8_t sample_storage[BATCHER_RECORD_BYTES(PROTOCOL_IMU_CHANNEL_COUNT) * SAMPLE_BUFFER_SAMPLES];
static ImuIcm42688 imu;
static ImuSource imu_source;
static SensorSource sensor;
static Board board;
static Node node;

// Functions

/** INT1 (FIFO watermark) interrupt: acknowledge and set a flag; everything else runs in main(). */
void example_int1_interrupt_handler(void);
void example_int1_interrupt_handler(void) {
    example_board_clear_int1();
    imu_source_on_interrupt(&imu_source);
}

int main(void) {
    const ImuIcm42688Bus bus = {NULL, example_board_spi_transfer, example_board_delay_us};
    ImuIcm42688Settings imu_settings;
    ImuSourceSettings source_settings;
    ImuIcm42688Sensitivity sensitivity;
    NodeSettings settings = {0};

    example_board_initialise();

    /* The sensor: +-16 g, +-2000 dps (running: foot impacts exceed 8 g), 1 kHz, INT1 every 10 packets. */
    imu_settings.accel_range = IMU_ICM42688_ACCEL_RANGE_16G;
    imu_settings.gyro_range = IMU_ICM42688_GYRO_RANGE_2000DPS;
    imu_settings.output_data_rate = IMU_ICM42688_ODR_1000HZ;
    imu_settings.fifo_watermark_packets = SAMPLES_PER_BATCH;
    imu_icm42688_initialise(&imu, &bus);
    /* A chip that does not answer still leaves a node that reports the fault in STATUS. */
    (void) imu_icm42688_set_settings(&imu, &imu_settings);
    source_settings.poll_interval_us = FIFO_POLL_INTERVAL_US;
    source_settings.max_rate_error_ppm = IMU_RATE_ERROR_PPM;
    (void) imu_source_initialise(&imu_source, &imu, &source_settings);
    sensor = imu_source_get_sensor_source(&imu_source);

    /* The board services the node uses. */
    board.context = NULL;
    board.read_clock_us = example_board_read_timer_us;
    board.get_transmit_space = example_board_usb_transmit_space;
    board.transmit = example_board_usb_transmit;
    board.read_battery_mv = example_board_read_battery_mv;

    /* What the DESCRIPTOR says: the datasheet sensitivities of the configured ranges. */
    sensitivity = imu_icm42688_get_sensitivity(&imu_settings);
    settings.descriptor.device_id = example_board_device_id();
    settings.descriptor.kind = PROTOCOL_KIND_IMU;
    settings.descriptor.placement = example_board_stored_placement();
    settings.descriptor.channel_count = PROTOCOL_IMU_CHANNEL_COUNT;
    settings.descriptor.nominal_rate_millihz = imu_icm42688_get_rate_millihz(imu_settings.output_data_rate);
    settings.descriptor.count_min = INT16_MIN;
    settings.descriptor.count_max = INT16_MAX;
    settings.descriptor.accel_full_scale_mg = sensitivity.accel_full_scale_mg;
    settings.descriptor.accel_scale.numerator = 1u;
    settings.descriptor.accel_scale.denominator = sensitivity.accel_lsb_per_g;
    settings.descriptor.gyro_full_scale_mdps = sensitivity.gyro_full_scale_mdps;
    settings.descriptor.gyro_scale.numerator = 10u; /* sensitivity is in tenths of a count per dps */
    settings.descriptor.gyro_scale.denominator = sensitivity.gyro_lsb_per_dps_x10;
    settings.samples_per_batch = SAMPLES_PER_BATCH;
    settings.max_batch_age_us = MAX_BATCH_AGE_US;
    settings.status_period_us = STATUS_PERIOD_US;
    settings.stream_at_boot = false; /* wait for the host's START */

    node_initialise(&node, &board, &sensor, sample_storage, sizeof(sample_storage));
    (void) node_set_settings(&node, &settings);

    for (;;) {
        uint8_t received[USB_PACKET_BYTES];
        const size_t length = example_board_usb_receive(received, sizeof(received));
        if (length > 0u) {
            node_receive(&node, received, length);
        }
        node_update(&node);
        example_board_wait_for_interrupt(); /* INT1, the USB interrupt or the 1 ms tick wake it */
    }
}

// End of file
