/**
 * @file frame_text.h
 * @brief One line of text per frame of a stream: what frame-dump prints. It keeps the
 * latest DESCRIPTOR (to convert counts to SI) and per-direction sequence trackers, and
 * notes lost frames and missing sample indices on the line where they show.
 */

#ifndef FRAME_TEXT_H
#define FRAME_TEXT_H

// Includes

#include "frame_decoder.h"
#include "frame_parser.h"
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

// Definitions

/** Formatting options. */
typedef struct {
    bool samples; /* append every sample to SAMPLE_BATCH lines */
    bool si;      /* samples in SI units (needs a DESCRIPTOR first) instead of counts */
} FrameTextOptions;

/** Stream state. All members are private. */
typedef struct {
    FrameTextOptions options;
    bool has_descriptor;
    ParsedDescriptor descriptor;
    ParsedSampleBatch batch;
    SequenceTracker device_sequence;
    SequenceTracker host_sequence;
    bool has_next_index;
    uint32_t next_index;
    uint64_t frames;
    uint64_t rejected;
    uint64_t samples;
    uint64_t missing_samples;
} FrameText;

// Function declarations

void frame_text_initialise(FrameText *text, const FrameTextOptions *options);
bool frame_text_print_frame(FrameText *text, const DecodedFrame *frame, FILE *out);
void frame_text_print_rejected(FrameText *text, FrameDecoderError error, FILE *out);
void frame_text_print_summary(const FrameText *text, FILE *out);

#endif

// End of file
