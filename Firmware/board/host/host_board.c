/**
 * @file host_board.c
 * @brief Board interface over a VirtualClock and a HostLink (see host_board.h).
 */

// Includes

#include "host_board.h"

// Functions

static uint32_t read_clock_us(void *const context) {
    return virtual_clock_read_counter(&((HostBoard *) context)->clock);
}

static size_t get_transmit_space(void *const context) {
    return host_link_get_space(&((HostBoard *) context)->link);
}

static size_t transmit(void *const context, const uint8_t *const bytes, const size_t length) {
    return host_link_transmit(&((HostBoard *) context)->link, bytes, length);
}

/**
 * @brief The Board the node uses; no battery on the host.
 */
Board host_board_get_board(HostBoard *const board) {
    Board interface;
    interface.context = board;
    interface.read_clock_us = read_clock_us;
    interface.get_transmit_space = get_transmit_space;
    interface.transmit = transmit;
    interface.read_battery_mv = NULL;
    return interface;
}

// End of file
