/**
 * @file insole_scanner.h
 * @brief Scans a pressure insole: a matrix of force-sensing cells read one at a time
 * through an analog multiplexer into an ADC.
 *
 * Each scan visits every cell in channel order: select the cell (drive its row, route its
 * column through the multiplexer), throw away the first conversions while the ADC's
 * sample-and-hold settles onto the new source, then average `oversampling` conversions.
 * The result is raw ADC counts; the DESCRIPTOR carries kPa per count. The hardware is
 * reached through InsoleScannerIo, a caller-owned seam (GPIO + ADC on a board, a
 * simulated matrix in the unit tests). Integer only.
 */

#ifndef INSOLE_SCANNER_H
#define INSOLE_SCANNER_H

// Includes

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// Definitions

/** Most conversions averaged per cell. */
#define INSOLE_SCANNER_MAX_OVERSAMPLING (16u)

/** Where a cell sits in the matrix. */
typedef struct {
    uint8_t row;
    uint8_t column;
} InsoleCellAddress;

/**
 * Hardware seam. select() makes (row, column) the ADC's source and returns once the
 * multiplexer has switched; read_adc() performs one conversion of the selected cell.
 * idle() (may be NULL) stops driving the matrix between scans to save power.
 */
typedef struct {
    void *context;
    void (*select)(void *context, uint8_t row, uint8_t column);
    bool (*read_adc)(void *context, uint16_t *counts);
    void (*idle)(void *context);
} InsoleScannerIo;

/** Scanner settings. */
typedef struct {
    const InsoleCellAddress *cells; /* cell_count addresses, in channel order */
    uint8_t cell_count;             /* 1 .. 64 */
    uint8_t row_count;              /* rows of the matrix */
    uint8_t column_count;           /* columns of the matrix */
    uint16_t adc_max_count;         /* counts; largest ADC output (4095 for 12 bits), at most 32767 */
    uint8_t discard_conversions;    /* conversions thrown away after each select */
    uint8_t oversampling;           /* conversions averaged per cell, 1 .. INSOLE_SCANNER_MAX_OVERSAMPLING */
} InsoleScannerSettings;

/** Scanner state. All members are private. */
typedef struct {
    InsoleScannerIo io;
    InsoleScannerSettings settings;
    bool configured;
    uint32_t adc_failures; /* conversions that reported an error */
} InsoleScanner;

// Function declarations

void insole_scanner_initialise(InsoleScanner *scanner, const InsoleScannerIo *io);
bool insole_scanner_set_settings(InsoleScanner *scanner, const InsoleScannerSettings *settings);
bool insole_scanner_scan(InsoleScanner *scanner, int16_t *counts);
uint32_t insole_scanner_get_adc_failures(const InsoleScanner *scanner);

#endif

// End of file
