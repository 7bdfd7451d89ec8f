/**
 * @file example_board.h
 * @brief The board functions examples/imu_node_main.c expects from a port. Declarations
 * only: a port implements them for its MCU (README.md, "Porting to a real MCU", maps each
 * to typical STM32 / nRF52 peripherals). The host build compiles the example against this
 * header to keep it in step with the firmware API; it is never linked on the host.
 */

#ifndef EXAMPLE_BOARD_H
#define EXAMPLE_BOARD_H

// Includes

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// Function declarations

/** Clocks, GPIO, SPI, timer, USB, ADC; the INT1 pin as a rising-edge interrupt. */
void example_board_initialise(void);

/** Free-running 32-bit timer at 1 MHz (e.g. STM32 TIM2 with prescaler to 1 MHz). */
uint32_t example_board_read_timer_us(void *context);

/** SPI to the ICM-42688-P, mode 3, up to 24 MHz: CS low, tx, rx, CS high (DMA if long). */
bool example_board_spi_transfer(void *context, const uint8_t *tx, size_t tx_length, uint8_t *rx, size_t rx_length);

/** Busy-wait (or sleep) at least duration_us. */
void example_board_delay_us(void *context, uint32_t duration_us);

/** USB device (CDC + vendor bulk, PROTOCOL.md section 11): room in the IN buffer, bytes. */
size_t example_board_usb_transmit_space(void *context);

/** Queues bytes on the active USB IN endpoint; returns how many were taken. */
size_t example_board_usb_transmit(void *context, const uint8_t *bytes, size_t length);

/** Copies bytes received on the USB OUT endpoints since the last call; returns the count. */
size_t example_board_usb_receive(uint8_t *bytes, size_t capacity);

/** Battery voltage from an ADC channel through a divider, mV. */
uint16_t example_board_read_battery_mv(void *context);

/** 64-bit id derived from the MCU's unique id (e.g. a hash of the 96-bit STM32 UID). */
uint64_t example_board_device_id(void);

/** Placement stored in flash by a previous SET_PLACEMENT, or 0. */
uint8_t example_board_stored_placement(void);

/** Acknowledges the INT1 edge in the interrupt controller. */
void example_board_clear_int1(void);

/** Sleeps until the next interrupt (WFI). */
void example_board_wait_for_interrupt(void);

#endif

// End of file
