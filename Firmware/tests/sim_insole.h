/**
 * @file sim_insole.h
 * @brief A simulated pressure matrix behind the insole scanner's seam: each (row, column)
 * holds a true ADC value; the ADC's sample-and-hold still shows the previously selected
 * cell on the first conversion after a select (the crosstalk the scanner must discard);
 * conversions can be made to fail.
 */

#ifndef SIM_INSOLE_H
#define SIM_INSOLE_H

// Includes

#include "insole_scanner.h"
#include <stdbool.h>
#include <stdint.h>

// Definitions

#define SIM_INSOLE_ROWS (8u)
#define SIM_INSOLE_COLUMNS (8u)

/** Simulator state (tests may read any member). */
typedef struct {
    uint16_t values[SIM_INSOLE_ROWS][SIM_INSOLE_COLUMNS]; /* counts */
    int16_t noise[4];         /* added to successive conversions, cyclically */
    unsigned int noise_index;
    uint8_t row;
    uint8_t column;
    uint16_t held;            /* what the sample-and-hold shows until it settles */
    bool settled;
    unsigned int selects;
    unsigned int conversions;
    unsigned int idles;
    bool fail_conversions;
} SimInsole;

// Function declarations

void sim_insole_initialise(SimInsole *sim);
InsoleScannerIo sim_insole_io(SimInsole *sim);

#endif

// End of file
