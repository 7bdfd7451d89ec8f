/**
 * @file batcher.c
 * @brief Bounded sample ring cut into batches (see batcher.h).
 */

// Includes

#include "batcher.h"
#include <string.h>

// Functions

/**
 * @brief Prepares an empty batcher over caller-owned storage.
 * @return false if channel_count is invalid or storage holds fewer than two samples.
 */
bool batcher_initialise(Batcher *const batcher, uint8_t *const storage, const size_t storage_bytes,
                        const uint8_t channel_count) {
    const BatcherSettings defaults = {1u, 0u};
    batcher->storage = storage;
    batcher->channel_count = channel_count;
    batcher->record_bytes = BATCHER_RECORD_BYTES(channel_count);
    batcher->capacity = (uint32_t) (storage_bytes / batcher->record_bytes);
    batcher->head = 0;
    batcher->count = 0;
    batcher->dropped = 0;
    batcher_set_settings(batcher, &defaults);
    return channel_count > 0u && channel_count <= PROTOCOL_MAX_CHANNELS && batcher->capacity >= 2u;
}

/**
 * @brief Sets when batches are ready; samples_per_batch is clamped to what one frame holds.
 */
void batcher_set_settings(Batcher *const batcher, const BatcherSettings *const settings) {
    const uint32_t frame_limit = (uint32_t) protocol_sample_batch_max_samples(batcher->channel_count);
    batcher->settings = *settings;
    if (batcher->settings.samples_per_batch > frame_limit) {
        batcher->settings.samples_per_batch = frame_limit;
    }
    if (batcher->settings.samples_per_batch == 0u) {
        batcher->settings.samples_per_batch = 1u;
    }
}

/** Address of the record at a position counted from the oldest sample. */
static uint8_t *record_at(const Batcher *const batcher, const uint32_t position) {
    const uint32_t slot = (batcher->head + position) % batcher->capacity;
    return &batcher->storage[(size_t) slot * batcher->record_bytes];
}

/**
 * @brief Appends a sample. Storage is copied with memcpy, so it needs no alignment.
 * @return false if the ring is full: the sample is dropped and counted.
 */
bool batcher_push(Batcher *const batcher, const uint32_t index, const uint64_t timestamp_us,
                  const int16_t *const counts) {
    uint8_t *record;
    if (batcher->count >= batcher->capacity) {
        batcher->dropped++;
        return false;
    }
    record = record_at(batcher, batcher->count);
    memcpy(record, &index, sizeof(index));
    memcpy(record + sizeof(index), &timestamp_us, sizeof(timestamp_us));
    memcpy(record + sizeof(index) + sizeof(timestamp_us), counts, sizeof(int16_t) * (size_t) batcher->channel_count);
    batcher->count++;
    return true;
}

/** Reads index and timestamp of a buffered sample. */
static void peek_time(const Batcher *const batcher, const uint32_t position, uint32_t *const index,
                      uint64_t *const timestamp_us) {
    const uint8_t *const record = record_at(batcher, position);
    memcpy(index, record, sizeof(*index));
    memcpy(timestamp_us, record + sizeof(*index), sizeof(*timestamp_us));
}

/**
 * @brief Size of the batch that should be sent now.
 * @param flush true to send a partial batch regardless of its age (end of stream, STOP).
 * @return Samples, counted from the oldest; 0 if no batch is ready.
 */
uint32_t batcher_next_batch_size(const Batcher *const batcher, const uint64_t now_us, const bool flush) {
    uint32_t run = 1;
    uint32_t previous_index;
    uint64_t previous_timestamp_us;
    uint64_t first_timestamp_us;

    if (batcher->count == 0u) {
        return 0;
    }
    peek_time(batcher, 0, &previous_index, &previous_timestamp_us);
    first_timestamp_us = previous_timestamp_us;
    while (run < batcher->count && run < batcher->settings.samples_per_batch) {
        uint32_t index;
        uint64_t timestamp_us;
        peek_time(batcher, run, &index, &timestamp_us);
        if (index != previous_index + 1u || timestamp_us < previous_timestamp_us ||
            timestamp_us - previous_timestamp_us > PROTOCOL_MAX_SAMPLE_DELTA_US) {
            return run; /* the run is broken: what precedes the break is complete */
        }
        previous_index = index;
        previous_timestamp_us = timestamp_us;
        run++;
    }
    if (run >= batcher->settings.samples_per_batch || flush) {
        return run;
    }
    if (now_us >= first_timestamp_us && now_us - first_timestamp_us >= batcher->settings.max_batch_age_us) {
        return run;
    }
    return 0;
}

/**
 * @brief Copies out a buffered sample; position 0 is the oldest. position must be below the count.
 */
void batcher_peek(const Batcher *const batcher, const uint32_t position, BatcherSample *const sample) {
    const uint8_t *const record = record_at(batcher, position);
    peek_time(batcher, position, &sample->index, &sample->timestamp_us);
    memcpy(sample->counts, record + sizeof(uint32_t) + sizeof(uint64_t), sizeof(int16_t) * (size_t) batcher->channel_count);
}

/**
 * @brief Forgets the oldest samples (after they were sent).
 */
void batcher_discard(Batcher *const batcher, uint32_t count) {
    if (count > batcher->count) {
        count = batcher->count;
    }
    batcher->head = (batcher->head + count) % batcher->capacity;
    batcher->count -= count;
}

/**
 * @brief Forgets every buffered sample (the dropped count is kept).
 */
void batcher_clear(Batcher *const batcher) {
    batcher->head = 0;
    batcher->count = 0;
}

uint32_t batcher_get_count(const Batcher *const batcher) {
    return batcher->count;
}

uint32_t batcher_get_capacity(const Batcher *const batcher) {
    return batcher->capacity;
}

uint32_t batcher_get_dropped(const Batcher *const batcher) {
    return batcher->dropped;
}

// End of file
