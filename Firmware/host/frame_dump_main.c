/**
 * @file frame_dump_main.c
 * @brief frame-dump: decodes a frame stream (a file, or stdin) to one line per frame.
 *
 *   frame-dump [--samples] [--si] [--strict] [FILE|-]
 *
 * Totals go to stderr. Exit status: 0, or 1 with --strict when any frame was rejected or
 * malformed, 2 on a usage or I/O error.
 */

// Includes

#include "frame_decoder.h"
#include "frame_text.h"
#include <stdio.h>
#include <string.h>

// Definitions

/** Bytes read per chunk. */
#define READ_CHUNK_BYTES (4096u)

// Functions

static int usage(void) {
    fprintf(stderr, "usage: frame-dump [--samples] [--si] [--strict] [FILE|-]\n"
                    "  --samples  print every sample of each SAMPLE_BATCH (t_us:c0,c1,...)\n"
                    "  --si       samples in m/s^2, rad/s or kPa, using the latest DESCRIPTOR\n"
                    "  --strict   exit 1 if any frame was rejected or malformed\n");
    return 2;
}

int main(int argc, char **argv) {
    FrameTextOptions options = {false, false};
    bool strict = false;
    const char *path = "-";
    FILE *input;
    FrameDecoder decoder;
    FrameText text;
    uint8_t chunk[READ_CHUNK_BYTES];
    size_t got;
    int index;

    for (index = 1; index < argc; index++) {
        if (strcmp(argv[index], "--samples") == 0) {
            options.samples = true;
        } else if (strcmp(argv[index], "--si") == 0) {
            options.samples = true;
            options.si = true;
        } else if (strcmp(argv[index], "--strict") == 0) {
            strict = true;
        } else if (strcmp(argv[index], "--help") == 0 || strcmp(argv[index], "-h") == 0) {
            (void) usage();
            return 0;
        } else if (argv[index][0] == '-' && argv[index][1] != '\0') {
            return usage();
        } else {
            path = argv[index];
        }
    }
    input = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (input == NULL) {
        perror(path);
        return 2;
    }
    frame_decoder_initialise(&decoder);
    frame_text_initialise(&text, &options);
    while ((got = fread(chunk, 1, sizeof(chunk), input)) > 0u) {
        size_t offset = 0;
        while (offset < got) {
            FrameDecoderResult result;
            FrameDecoderError error;
            DecodedFrame frame;
            offset += frame_decoder_push(&decoder, chunk + offset, got - offset, &result, &frame, &error);
            if (result == FRAME_DECODER_FRAME) {
                (void) frame_text_print_frame(&text, &frame, stdout);
            } else if (result == FRAME_DECODER_REJECTED) {
                frame_text_print_rejected(&text, error, stdout);
            }
        }
    }
    if (ferror(input)) {
        perror(path);
        return 2;
    }
    if (input != stdin) {
        fclose(input);
    }
    if (frame_decoder_get_pending_bytes(&decoder) > 0u) {
        printf("TRUNCATED bytes=%zu (the stream ends inside a frame)\n", frame_decoder_get_pending_bytes(&decoder));
        text.rejected++;
    }
    frame_text_print_summary(&text, stderr);
    return strict && text.rejected > 0u ? 1 : 0;
}

// End of file
