/**
 * @file test_main.c
 * @brief run_tests: every firmware unit test, then the end-to-end tests of the host tools.
 *
 *   run_tests [--virtual-node PATH] [--frame-dump PATH] [--fixtures DIR] [--protocol PROTOCOL.md]
 *   run_tests --print-vectors
 *
 * The last line is "N passed, M failed"; the exit status is non-zero if any test failed.
 */

// Includes

#include "protocol_vectors.h"
#include "test_harness.h"
#include "test_suites.h"
#include <stdio.h>
#include <string.h>

// Functions

int main(int argc, char **argv) {
    TestConfiguration configuration = {NULL, NULL, "tests/fixtures", "PROTOCOL.md"};
    int index = 1;
    while (index < argc) {
        const char *const value = index + 1 < argc ? argv[index + 1] : NULL;
        if (strcmp(argv[index], "--print-vectors") == 0) {
            protocol_vector_print_markdown(stdout);
            return 0;
        }
        if (value == NULL) {
            fprintf(stderr, "run_tests: %s needs a value\n", argv[index]);
            return 2;
        }
        if (strcmp(argv[index], "--virtual-node") == 0) {
            configuration.virtual_node_path = value;
        } else if (strcmp(argv[index], "--frame-dump") == 0) {
            configuration.frame_dump_path = value;
        } else if (strcmp(argv[index], "--fixtures") == 0) {
            configuration.fixtures_path = value;
        } else if (strcmp(argv[index], "--protocol") == 0) {
            configuration.protocol_path = value;
        } else {
            fprintf(stderr, "run_tests: unknown option %s\n", argv[index]);
            return 2;
        }
        index += 2;
    }
    test_set_configuration(&configuration);
    test_suite_crc_cobs();
    test_suite_frames();
    test_suite_batcher();
    test_suite_clocks();
    test_suite_imu();
    test_suite_insole();
    test_suite_node();
    test_suite_host();
    test_suite_virtual_node();
    return test_finish();
}

// End of file
