/**
 * @file test_suites.h
 * @brief The test suites run by run_tests (tests/test_main.c).
 */

#ifndef TEST_SUITES_H
#define TEST_SUITES_H

void test_suite_crc_cobs(void);
void test_suite_frames(void);
void test_suite_batcher(void);
void test_suite_clocks(void);
void test_suite_imu(void);
void test_suite_insole(void);
void test_suite_node(void);
void test_suite_host(void);
void test_suite_virtual_node(void);

#endif

// End of file
