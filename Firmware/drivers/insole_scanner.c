/**
 * @file insole_scanner.c
 * @brief Pressure matrix scanning (see insole_scanner.h).
 */

// Includes

#include "insole_scanner.h"

// Definitions

/** Most cells a scanner handles (PROTOCOL_MAX_CHANNELS). */
#define MAX_CELLS (64u)

// Functions

void insole_scanner_initialise(InsoleScanner *const scanner, const InsoleScannerIo *const io) {
    scanner->io = *io;
    scanner->configured = false;
    scanner->adc_failures = 0;
}

/**
 * @brief Checks and stores the settings.
 * @return false if a cell lies outside the matrix, or a count or limit is out of range.
 */
bool insole_scanner_set_settings(InsoleScanner *const scanner, const InsoleScannerSettings *const settings) {
    unsigned int cell;
    if (settings->cells == NULL || settings->cell_count == 0u || settings->cell_count > MAX_CELLS ||
        settings->adc_max_count == 0u || settings->adc_max_count > (uint16_t) INT16_MAX ||
        settings->oversampling == 0u || settings->oversampling > INSOLE_SCANNER_MAX_OVERSAMPLING) {
        return false;
    }
    for (cell = 0; cell < settings->cell_count; cell++) {
        if (settings->cells[cell].row >= settings->row_count ||
            settings->cells[cell].column >= settings->column_count) {
            return false;
        }
    }
    scanner->settings = *settings;
    scanner->configured = true;
    return true;
}

/**
 * @brief Scans every cell once.
 * @param counts Receives cell_count values, 0 .. adc_max_count, in channel order.
 * @return false if not configured or a conversion failed (counts are then incomplete).
 */
bool insole_scanner_scan(InsoleScanner *const scanner, int16_t *const counts) {
    const InsoleScannerSettings *const settings = &scanner->settings;
    unsigned int cell;
    bool ok = true;

    if (!scanner->configured) {
        return false;
    }
    for (cell = 0; cell < settings->cell_count && ok; cell++) {
        uint32_t sum = 0;
        uint16_t conversion = 0;
        unsigned int index;
        scanner->io.select(scanner->io.context, settings->cells[cell].row, settings->cells[cell].column);
        /* The sample-and-hold still remembers the previous cell: let it settle. */
        for (index = 0; index < settings->discard_conversions && ok; index++) {
            ok = scanner->io.read_adc(scanner->io.context, &conversion);
        }
        for (index = 0; index < settings->oversampling && ok; index++) {
            ok = scanner->io.read_adc(scanner->io.context, &conversion);
            sum += conversion > settings->adc_max_count ? settings->adc_max_count : conversion;
        }
        /* Average, rounded to the nearest count; at most 16 * 32767, no overflow. */
        counts[cell] = (int16_t) ((sum + settings->oversampling / 2u) / settings->oversampling);
    }
    if (!ok) {
        scanner->adc_failures++;
    }
    if (scanner->io.idle != NULL) {
        scanner->io.idle(scanner->io.context);
    }
    return ok;
}

uint32_t insole_scanner_get_adc_failures(const InsoleScanner *const scanner) {
    return scanner->adc_failures;
}

// End of file
