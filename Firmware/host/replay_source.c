/**
 * @file replay_source.c
 * @brief Session-file replay as a SensorSource (see replay_source.h).
 */

// Includes

#include "replay_source.h"
#include "frame_parser.h"
#include <math.h>
#include <stdlib.h>

// Definitions

#define US_PER_S (1e6)

// Functions

/**
 * @brief Converts the whole table to counts with the descriptor's scale factors.
 * @return false when out of memory or the rate is not positive.
 */
bool replay_source_initialise(ReplaySource *const source, const SensorTable *const table,
                              const ProtocolDescriptor *const descriptor, VirtualClock *const clock,
                              const double nominal_rate_hz, const bool start_at_zero) {
    size_t row;
    unsigned int channel;
    source->table = table;
    source->clock = clock;
    source->channel_count = table->channel_count;
    source->saturated_values = 0;
    source->next_row = 0;
    source->first_row = 0;
    source->loop = false;
    source->loop_offset_us = 0.0;
    source->running = false;
    source->ever_started = false;
    source->start_at_zero = start_at_zero;
    source->start_virtual_us = 0.0;
    source->has_previous = false;
    source->previous_row = 0;
    source->rows_delivered = 0;
    source->rows_not_acquired = 0;
    source->gaps = 0;
    source->gap_slots = 0;
    source->counts = NULL;
    if (!(nominal_rate_hz > 0.0) || table->channel_count != descriptor->channel_count) {
        return false;
    }
    source->nominal_period_s = 1.0 / nominal_rate_hz;
    source->counts = malloc(table->row_count * table->channel_count * sizeof(int16_t));
    if (source->counts == NULL) {
        return false;
    }
    for (row = 0; row < table->row_count; row++) {
        for (channel = 0; channel < table->channel_count; channel++) {
            const double si_per_count = frame_parser_si_per_count(descriptor, channel);
            const double exact = table->values[row * table->channel_count + channel] / si_per_count;
            /* Round half away from zero, then saturate at the descriptor's count range. */
            double rounded = round(exact);
            if (rounded < (double) descriptor->count_min) {
                rounded = (double) descriptor->count_min;
                source->saturated_values++;
            } else if (rounded > (double) descriptor->count_max) {
                rounded = (double) descriptor->count_max;
                source->saturated_values++;
            }
            source->counts[row * table->channel_count + channel] = (int16_t) rounded;
        }
    }
    return true;
}

void replay_source_free(ReplaySource *const source) {
    free(source->counts);
    source->counts = NULL;
}

/** Virtual time at which a row is due. */
static double due_virtual_us(const ReplaySource *const source, const size_t row) {
    return source->start_virtual_us + source->loop_offset_us +
           (source->table->times_s[row] - source->table->times_s[source->first_row]) * US_PER_S;
}

/**
 * @brief With loop, the file plays again and again (from first_row), each pass one nominal
 * period after the last row of the one before, on one continuous device clock: a stream of
 * any length from a short file (the soak benchmark's hours).
 */
void replay_source_set_loop(ReplaySource *const source, const bool loop) {
    source->loop = loop && source->table->row_count > 0u;
}

/**
 * @brief Starts the replay at the first row at least from_s after the file's first row, as a
 * node switched on again mid-session would (the rows before it are never sent). Call before
 * the first START.
 * @return The number of rows left out.
 */
size_t replay_source_start_from(ReplaySource *const source, const double from_s) {
    size_t row = 0;
    if (source->table->row_count == 0u || source->ever_started) {
        return 0;
    }
    while (row < source->table->row_count && source->table->times_s[row] - source->table->times_s[0] < from_s) {
        row++;
    }
    /* Past the end: nothing is sent, and first_row stays a valid index for due_virtual_us. */
    source->first_row = row < source->table->row_count ? row : source->table->row_count - 1u;
    source->next_row = row;
    return row;
}

static bool start(void *const context, const uint64_t now_us) {
    ReplaySource *const source = (ReplaySource *) context;
    const double now_virtual_us = virtual_clock_get_virtual_us(source->clock);
    (void) now_us;
    if (!source->ever_started) {
        source->start_virtual_us = source->start_at_zero ? 0.0 : now_virtual_us; /* the file starts playing now */
        source->ever_started = true;
    }
    source->running = true;
    source->has_previous = false; /* a stop is not a gap */
    return true;
}

static void stop(void *const context) {
    ReplaySource *const source = (ReplaySource *) context;
    source->running = false;
}

static bool poll(void *const context, const uint64_t now_us, const SampleSink *const sink) {
    ReplaySource *const source = (ReplaySource *) context;
    const double now_virtual_us = virtual_clock_get_virtual_us(source->clock);
    (void) now_us;
    for (;;) {
        if (source->loop && source->next_row >= source->table->row_count) {
            const size_t last = source->table->row_count - 1u;
            source->loop_offset_us += (source->table->times_s[last] - source->table->times_s[source->first_row] +
                                       source->nominal_period_s) * US_PER_S;
            source->next_row = source->first_row;
            source->has_previous = false; /* the jump back in the file is not a gap */
        }
        if (source->next_row >= source->table->row_count || due_virtual_us(source, source->next_row) > now_virtual_us) {
            break;
        }
        const size_t row = source->next_row++;
        const double due_us = due_virtual_us(source, row);
        if (!source->running) {
            source->rows_not_acquired++;
            continue;
        }
        if (source->has_previous) {
            const double step_s = source->table->times_s[row] - source->table->times_s[source->previous_row];
            if (step_s > REPLAY_GAP_PERIODS * source->nominal_period_s) {
                const long missing = lround(step_s / source->nominal_period_s) - 1L;
                const uint32_t slots = missing >= 1L ? (uint32_t) missing : 1u;
                sink->skip(sink->context, slots);
                source->gaps++;
                source->gap_slots += slots;
            }
        }
        sink->put(sink->context, (uint64_t) virtual_clock_device_us_at(source->clock, due_us),
                  &source->counts[row * source->channel_count]);
        source->has_previous = true;
        source->previous_row = row;
        source->rows_delivered++;
    }
    return true;
}

/**
 * @brief Virtual time at which row next_row + rows_ahead is due (clamped to the last row).
 * @return false if every row is done or the replay has not started.
 */
bool replay_source_get_next_due(const ReplaySource *const source, const size_t rows_ahead, double *const virtual_us) {
    size_t row;
    if (source->ever_started && source->loop && source->next_row >= source->table->row_count) {
        /* The next pass starts one period after this one's last row. */
        *virtual_us = due_virtual_us(source, source->table->row_count - 1u) + source->nominal_period_s * US_PER_S;
        return true;
    }
    if (!source->ever_started || source->next_row >= source->table->row_count) {
        return false;
    }
    row = source->next_row + rows_ahead;
    if (row >= source->table->row_count) {
        row = source->table->row_count - 1u;
    }
    *virtual_us = due_virtual_us(source, row);
    return true;
}

/**
 * @brief Whether every row has been delivered or passed.
 */
bool replay_source_is_finished(const ReplaySource *const source) {
    return source->ever_started && !source->loop && source->next_row >= source->table->row_count;
}

/**
 * @brief The SensorSource the node polls; its context is this ReplaySource.
 */
SensorSource replay_source_get_sensor_source(ReplaySource *const source) {
    SensorSource sensor;
    sensor.context = source;
    sensor.start = start;
    sensor.stop = stop;
    sensor.poll = poll;
    sensor.get_temperature_cdeg = NULL;
    return sensor;
}

// End of file
