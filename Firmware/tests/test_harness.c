/**
 * @file test_harness.c
 * @brief Minimal unit-test harness (see test_harness.h).
 */

// Includes

#include "test_harness.h"
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

// Variables

static unsigned int tests_passed;
static unsigned int tests_failed;
static unsigned int current_failures;
static const char *current_name = "";
static TestConfiguration configuration;
static uint32_t random_state = 0x12345678u;

// Functions

static void report(const char *const file, const int line) {
    if (current_failures == 0u) {
        fprintf(stderr, "FAIL %s\n", current_name);
    }
    current_failures++;
    fprintf(stderr, "  %s:%d: ", file, line);
}

bool test_check(const bool condition, const char *const text, const char *const file, const int line) {
    if (!condition) {
        report(file, line);
        fprintf(stderr, "check failed: %s\n", text);
    }
    return condition;
}

bool test_check_equal(const uint64_t actual, const uint64_t expected, const char *const actual_text,
                      const char *const expected_text, const char *const file, const int line) {
    if (actual != expected) {
        report(file, line);
        fprintf(stderr, "%s == %" PRIu64 " (0x%" PRIX64 "), expected %s == %" PRIu64 " (0x%" PRIX64 ")\n", actual_text,
                actual, actual, expected_text, expected, expected);
        return false;
    }
    return true;
}

bool test_check_equal_signed(const int64_t actual, const int64_t expected, const char *const actual_text,
                             const char *const expected_text, const char *const file, const int line) {
    if (actual != expected) {
        report(file, line);
        fprintf(stderr, "%s == %" PRId64 ", expected %s == %" PRId64 "\n", actual_text, actual, expected_text, expected);
        return false;
    }
    return true;
}

bool test_check_near(const double actual, const double expected, const double tolerance, const char *const actual_text,
                     const char *const expected_text, const char *const file, const int line) {
    if (!(fabs(actual - expected) <= tolerance)) {
        report(file, line);
        fprintf(stderr, "%s == %.10g, expected %s == %.10g within %.3g\n", actual_text, actual, expected_text, expected,
                tolerance);
        return false;
    }
    return true;
}

bool test_check_bytes(const uint8_t *const actual, const uint8_t *const expected, const size_t length,
                      const char *const text, const char *const file, const int line) {
    size_t index;
    for (index = 0; index < length; index++) {
        if (actual[index] != expected[index]) {
            report(file, line);
            fprintf(stderr, "%s differs at byte %zu of %zu: 0x%02X, expected 0x%02X\n", text, index, length,
                    actual[index], expected[index]);
            return false;
        }
    }
    return true;
}

/**
 * @brief Runs one test; it passes when none of its checks failed.
 */
void test_run(const char *const name, void (*const test)(void)) {
    current_name = name;
    current_failures = 0;
    if (getenv("TEST_VERBOSE") != NULL) {
        fprintf(stderr, "RUN  %s\n", name);
    }
    test_random_seed(0x12345678u);
    test();
    if (current_failures == 0u) {
        tests_passed++;
    } else {
        tests_failed++;
    }
}

/**
 * @brief Prints the summary line; returns the process exit status.
 */
int test_finish(void) {
    printf("%u passed, %u failed\n", tests_passed, tests_failed);
    return tests_failed == 0u ? 0 : 1;
}

const TestConfiguration *test_configuration(void) {
    return &configuration;
}

void test_set_configuration(const TestConfiguration *const new_configuration) {
    configuration = *new_configuration;
}

/** xorshift32: reproducible pseudo-random numbers for tests. */
uint32_t test_random(void) {
    random_state ^= random_state << 13;
    random_state ^= random_state >> 17;
    random_state ^= random_state << 5;
    return random_state;
}

void test_random_seed(const uint32_t seed) {
    random_state = seed != 0u ? seed : 1u;
}

// End of file
