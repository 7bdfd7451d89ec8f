/**
 * @file batcher.h
 * @brief Bounded sample buffer between acquisition and the link, cut into SAMPLE_BATCH-
 * sized runs.
 *
 * Samples wait here while the link is busy. The buffer is a ring in caller-owned storage
 * sized for the channel count; when it is full the newest sample is dropped and counted
 * (dropping the newest keeps the producer from ever touching the consumer's end). A
 * batch is a run of samples with consecutive indices and time steps that fit the wire's
 * uint16 field; it is ready when it holds samples_per_batch samples, when a break in the
 * run closes it, or when its first sample is max_batch_age_us old.
 */

#ifndef BATCHER_H
#define BATCHER_H

// Includes

#include "protocol.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// Definitions

/** Batching settings. */
typedef struct {
    uint32_t samples_per_batch; /* samples; clamped to 1 .. protocol_sample_batch_max_samples() */
    uint32_t max_batch_age_us;  /* us; a partial batch is sent once its first sample is this old */
} BatcherSettings;

/** One buffered sample, as read back. */
typedef struct {
    uint32_t index;        /* acquisition index */
    uint64_t timestamp_us; /* us, device clock */
    int16_t counts[PROTOCOL_MAX_CHANNELS];
} BatcherSample;

/** Bytes of storage one sample takes for a channel count. */
#define BATCHER_RECORD_BYTES(channel_count) (sizeof(uint32_t) + sizeof(uint64_t) + sizeof(int16_t) * (size_t) (channel_count))

/** Batcher state. All members are private. */
typedef struct {
    uint8_t *storage;
    size_t record_bytes;  /* bytes per sample */
    uint32_t capacity;    /* samples */
    uint32_t head;        /* slot of the oldest sample */
    uint32_t count;       /* samples buffered */
    uint8_t channel_count;
    BatcherSettings settings;
    uint32_t dropped;     /* samples dropped because the ring was full */
} Batcher;

// Function declarations

bool batcher_initialise(Batcher *batcher, uint8_t *storage, size_t storage_bytes, uint8_t channel_count);
void batcher_set_settings(Batcher *batcher, const BatcherSettings *settings);
bool batcher_push(Batcher *batcher, uint32_t index, uint64_t timestamp_us, const int16_t *counts);
uint32_t batcher_next_batch_size(const Batcher *batcher, uint64_t now_us, bool flush);
void batcher_peek(const Batcher *batcher, uint32_t position, BatcherSample *sample);
void batcher_discard(Batcher *batcher, uint32_t count);
void batcher_clear(Batcher *batcher);
uint32_t batcher_get_count(const Batcher *batcher);
uint32_t batcher_get_capacity(const Batcher *batcher);
uint32_t batcher_get_dropped(const Batcher *batcher);

#endif

// End of file
