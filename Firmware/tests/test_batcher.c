/**
 * @file test_batcher.c
 * @brief Batcher: ring buffer, dropped-sample counting, batch boundaries and timing.
 */

// Includes

#include "batcher.h"
#include "test_harness.h"
#include "test_suites.h"
#include <stdio.h>
#include <string.h>

// Definitions

#define CHANNELS (3u)
#define CAPACITY_SAMPLES (10u)

// Functions

static void push(Batcher *const batcher, const uint32_t index, const uint64_t timestamp_us, bool *const accepted) {
    const int16_t counts[CHANNELS] = {(int16_t) index, (int16_t) -(int32_t) index, 7};
    *accepted = batcher_push(batcher, index, timestamp_us, counts);
}

static void test_batcher_counts_dropped_samples_when_full(void) {
    uint8_t storage[BATCHER_RECORD_BYTES(CHANNELS) * CAPACITY_SAMPLES + 5u];
    Batcher batcher;
    const BatcherSettings settings = {4u, 1000000u};
    BatcherSample sample;
    bool accepted = false;
    uint32_t index;

    TEST_CHECK(batcher_initialise(&batcher, storage, sizeof(storage), CHANNELS));
    batcher_set_settings(&batcher, &settings);
    TEST_EQUAL(batcher_get_capacity(&batcher), CAPACITY_SAMPLES);
    for (index = 0; index < 25u; index++) {
        push(&batcher, index, 1000u * index, &accepted);
        TEST_EQUAL(accepted, index < CAPACITY_SAMPLES);
    }
    TEST_EQUAL(batcher_get_dropped(&batcher), 15u);
    TEST_EQUAL(batcher_get_count(&batcher), CAPACITY_SAMPLES);
    /* The oldest samples were kept (the newest dropped): 0..9. */
    batcher_peek(&batcher, 0, &sample);
    TEST_EQUAL(sample.index, 0u);
    batcher_peek(&batcher, 9, &sample);
    TEST_EQUAL(sample.index, 9u);
    TEST_EQUAL_SIGNED(sample.counts[1], -9);
    /* Draining makes room again; the ring wraps. */
    TEST_EQUAL(batcher_next_batch_size(&batcher, 0, false), 4u);
    batcher_discard(&batcher, 4);
    for (index = 25; index < 29u; index++) {
        push(&batcher, index, 1000u * index, &accepted);
        TEST_CHECK(accepted);
    }
    push(&batcher, 29, 29000, &accepted);
    TEST_CHECK(!accepted);
    TEST_EQUAL(batcher_get_dropped(&batcher), 16u);
    batcher_peek(&batcher, 6, &sample); /* 4..9 then 25.. */
    TEST_EQUAL(sample.index, 25u);
    TEST_EQUAL(sample.timestamp_us, 25000u);
}

static void test_batcher_batches_are_contiguous_runs(void) {
    uint8_t storage[BATCHER_RECORD_BYTES(CHANNELS) * 64u];
    Batcher batcher;
    const BatcherSettings settings = {5u, 50000u};
    bool accepted;
    uint32_t index;

    TEST_CHECK(batcher_initialise(&batcher, storage, sizeof(storage), CHANNELS));
    batcher_set_settings(&batcher, &settings);
    /* 0, 1, 2 then a missing index (3), then 4.. */
    push(&batcher, 0, 0, &accepted);
    push(&batcher, 1, 1000, &accepted);
    push(&batcher, 2, 2000, &accepted);
    TEST_EQUAL(batcher_next_batch_size(&batcher, 2500, false), 0u); /* young and short: wait */
    push(&batcher, 4, 4000, &accepted);
    TEST_EQUAL(batcher_next_batch_size(&batcher, 4000, false), 3u); /* the gap closes the run */
    batcher_discard(&batcher, 3);
    /* A step above 65535 us does not fit a batch either. */
    push(&batcher, 5, 5000, &accepted);
    push(&batcher, 6, 5000 + 65535, &accepted);
    push(&batcher, 7, 5000 + 65535 + 65536, &accepted);
    TEST_EQUAL(batcher_next_batch_size(&batcher, 0, false), 3u); /* 4, 5, 6 */
    batcher_discard(&batcher, 3);
    TEST_EQUAL(batcher_next_batch_size(&batcher, 5000 + 65535 + 65536, false), 0u);
    /* Age: a lone sample goes out once it is max_batch_age_us old. */
    TEST_EQUAL(batcher_next_batch_size(&batcher, 5000 + 65535 + 65536 + 49999, false), 0u);
    TEST_EQUAL(batcher_next_batch_size(&batcher, 5000 + 65535 + 65536 + 50000, false), 1u);
    /* Flush sends whatever is there. */
    TEST_EQUAL(batcher_next_batch_size(&batcher, 0, true), 1u);
    batcher_discard(&batcher, 1);
    /* Full batches are capped at samples_per_batch. */
    for (index = 8; index < 20u; index++) {
        push(&batcher, index, 100000u + index, &accepted);
    }
    TEST_EQUAL(batcher_next_batch_size(&batcher, 0, false), 5u);
    batcher_discard(&batcher, 5);
    TEST_EQUAL(batcher_next_batch_size(&batcher, 0, false), 5u);
    batcher_discard(&batcher, 5);
    TEST_EQUAL(batcher_next_batch_size(&batcher, 0, false), 0u);
    TEST_EQUAL(batcher_next_batch_size(&batcher, 0, true), 2u);
}

static void test_batcher_clamps_to_frame_size(void) {
    static uint8_t storage[BATCHER_RECORD_BYTES(64u) * 40u];
    Batcher batcher;
    const BatcherSettings settings = {1000u, 0u};
    int16_t counts[64];
    uint32_t index;
    memset(counts, 0, sizeof(counts));
    TEST_CHECK(batcher_initialise(&batcher, storage, sizeof(storage), 64));
    batcher_set_settings(&batcher, &settings);
    for (index = 0; index < 40u; index++) {
        TEST_CHECK(batcher_push(&batcher, index, index, counts));
    }
    /* 64 channels: (1024 - 14 - 14) / (2 + 128) = 7 samples per frame. */
    TEST_EQUAL(batcher_next_batch_size(&batcher, 0, false), 7u);
    TEST_CHECK(!batcher_initialise(&batcher, storage, BATCHER_RECORD_BYTES(64u), 64)); /* one sample is too few */
    TEST_CHECK(!batcher_initialise(&batcher, storage, sizeof(storage), 0));
}

void test_suite_batcher(void) {
    test_run("batcher drops the newest sample when full and counts every drop",
             test_batcher_counts_dropped_samples_when_full);
    test_run("batcher cuts batches at gaps, 16-bit steps, size and age", test_batcher_batches_are_contiguous_runs);
    test_run("batcher batches fit one frame", test_batcher_clamps_to_frame_size);
}

// End of file
