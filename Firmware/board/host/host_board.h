/**
 * @file host_board.h
 * @brief The host "board" of the virtual node: a VirtualClock as the microsecond counter
 * and a HostLink as the link to the host, behind the Board interface the node uses.
 */

#ifndef HOST_BOARD_H
#define HOST_BOARD_H

// Includes

#include "board.h"
#include "host_link.h"
#include "virtual_clock.h"

// Definitions

/** Host board state. All members are private. */
typedef struct {
    VirtualClock clock;
    HostLink link;
} HostBoard;

// Function declarations

Board host_board_get_board(HostBoard *board);

#endif

// End of file
