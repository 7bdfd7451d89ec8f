/**
 * @file test_harness.h
 * @brief A minimal unit-test harness: tests are functions, checks record failures with
 * file and line, and the run ends with "N passed, M failed".
 */

#ifndef TEST_HARNESS_H
#define TEST_HARNESS_H

// Includes

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// Definitions

/** Records a failure (and keeps going) when condition is false. */
#define TEST_CHECK(condition) test_check((condition), #condition, __FILE__, __LINE__)

/** Checks two unsigned values for equality and prints both when they differ. */
#define TEST_EQUAL(actual, expected) \
    test_check_equal((uint64_t) (actual), (uint64_t) (expected), #actual, #expected, __FILE__, __LINE__)

/** Checks two signed values for equality and prints both when they differ. */
#define TEST_EQUAL_SIGNED(actual, expected) \
    test_check_equal_signed((int64_t) (actual), (int64_t) (expected), #actual, #expected, __FILE__, __LINE__)

/** Checks |actual - expected| <= tolerance. */
#define TEST_NEAR(actual, expected, tolerance) \
    test_check_near((actual), (expected), (tolerance), #actual, #expected, __FILE__, __LINE__)

/** Checks two byte arrays for equality and prints the first difference. */
#define TEST_BYTES(actual, expected, length) \
    test_check_bytes((actual), (expected), (length), #actual, __FILE__, __LINE__)

/** Test configuration from the command line. */
typedef struct {
    const char *virtual_node_path; /* NULL: end-to-end tests are skipped (and say so) */
    const char *frame_dump_path;   /* NULL: frame-dump checks are skipped */
    const char *fixtures_path;
    const char *protocol_path;
} TestConfiguration;

// Function declarations

bool test_check(bool condition, const char *text, const char *file, int line);
bool test_check_equal(uint64_t actual, uint64_t expected, const char *actual_text, const char *expected_text,
                      const char *file, int line);
bool test_check_equal_signed(int64_t actual, int64_t expected, const char *actual_text, const char *expected_text,
                             const char *file, int line);
bool test_check_near(double actual, double expected, double tolerance, const char *actual_text,
                     const char *expected_text, const char *file, int line);
bool test_check_bytes(const uint8_t *actual, const uint8_t *expected, size_t length, const char *text,
                      const char *file, int line);
void test_run(const char *name, void (*test)(void));
int test_finish(void);
const TestConfiguration *test_configuration(void);
void test_set_configuration(const TestConfiguration *configuration);
uint32_t test_random(void);
void test_random_seed(uint32_t seed);

#endif

// End of file
