/**
 * @file sim_insole.c
 * @brief Simulated pressure matrix (see sim_insole.h).
 */

// Includes

#include "sim_insole.h"
#include <string.h>

// Functions

void sim_insole_initialise(SimInsole *const sim) {
    memset(sim, 0, sizeof(*sim));
}

static void select_cell(void *const context, const uint8_t row, const uint8_t column) {
    SimInsole *const sim = (SimInsole *) context;
    sim->held = sim->values[sim->row % SIM_INSOLE_ROWS][sim->column % SIM_INSOLE_COLUMNS];
    sim->row = row;
    sim->column = column;
    sim->settled = false;
    sim->selects++;
}

static bool read_adc(void *const context, uint16_t *const counts) {
    SimInsole *const sim = (SimInsole *) context;
    int32_t value;
    sim->conversions++;
    if (sim->fail_conversions) {
        return false;
    }
    if (!sim->settled) {
        *counts = sim->held; /* the first conversion still sees the previous cell */
        sim->settled = true;
        return true;
    }
    value = (int32_t) sim->values[sim->row][sim->column] + sim->noise[sim->noise_index++ % 4u];
    *counts = (uint16_t) (value < 0 ? 0 : value);
    return true;
}

static void idle(void *const context) {
    SimInsole *const sim = (SimInsole *) context;
    sim->idles++;
}

InsoleScannerIo sim_insole_io(SimInsole *const sim) {
    InsoleScannerIo io;
    io.context = sim;
    io.select = select_cell;
    io.read_adc = read_adc;
    io.idle = idle;
    return io;
}

// End of file
