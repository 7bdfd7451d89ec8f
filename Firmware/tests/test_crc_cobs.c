/**
 * @file test_crc_cobs.c
 * @brief CRC-32/ISO-HDLC and COBS.
 */

// Includes

#include "cobs.h"
#include "crc32.h"
#include "test_harness.h"
#include "test_suites.h"
#include <stdio.h>
#include <string.h>

// Functions: CRC

/** Bit-at-a-time reference straight from the parameters (reflected poly 0xEDB88320). */
static uint32_t crc32_bitwise(const uint8_t *const data, const size_t length) {
    uint32_t crc = 0xFFFFFFFFu;
    size_t index;
    int bit;
    for (index = 0; index < length; index++) {
        crc ^= data[index];
        for (bit = 0; bit < 8; bit++) {
            crc = (crc & 1u) != 0u ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
    }
    return crc ^ 0xFFFFFFFFu;
}

static void test_crc_check_value(void) {
    const uint8_t check[] = "123456789";
    TEST_EQUAL(crc32_compute(check, 9), 0xCBF43926u);
    TEST_EQUAL(CRC32_CHECK_VALUE, 0xCBF43926u);
    TEST_EQUAL(crc32_compute(check, 0), 0x00000000u);
}

static void test_crc_matches_bitwise_reference(void) {
    uint8_t data[300];
    size_t length;
    for (length = 0; length < sizeof(data); length += 7u) {
        size_t index;
        for (index = 0; index < length; index++) {
            data[index] = (uint8_t) test_random();
        }
        TEST_EQUAL(crc32_compute(data, length), crc32_bitwise(data, length));
    }
}

static void test_crc_incremental_and_residue(void) {
    uint8_t message[64 + 4];
    uint32_t crc;
    uint32_t crc_register;
    size_t index;
    for (index = 0; index < 64u; index++) {
        message[index] = (uint8_t) (index * 37u + 11u);
    }
    crc = crc32_compute(message, 64);
    crc_register = crc32_update(CRC32_INITIAL_REGISTER, message, 20);
    crc_register = crc32_update(crc_register, message + 20, 44);
    TEST_EQUAL(crc32_finalise(crc_register), crc);
    /* Appended little-endian, the message and its CRC leave the register at the residue. */
    message[64] = (uint8_t) crc;
    message[65] = (uint8_t) (crc >> 8);
    message[66] = (uint8_t) (crc >> 16);
    message[67] = (uint8_t) (crc >> 24);
    TEST_EQUAL(crc32_update(CRC32_INITIAL_REGISTER, message, sizeof(message)), CRC32_RESIDUE);
    /* Any single flipped bit is detected. */
    message[10] ^= 0x08u;
    TEST_CHECK(crc32_update(CRC32_INITIAL_REGISTER, message, sizeof(message)) != CRC32_RESIDUE);
}

// Functions: COBS

static bool round_trip(const uint8_t *const input, const size_t length) {
    uint8_t encoded[COBS_MAX_ENCODED_LENGTH(1100u)];
    uint8_t decoded[1100];
    size_t decoded_length = 0;
    const size_t encoded_length = cobs_encode(input, length, encoded, sizeof(encoded));
    bool ok = TEST_CHECK(encoded_length > 0u) && TEST_CHECK(encoded_length <= COBS_MAX_ENCODED_LENGTH(length)) &&
              TEST_CHECK(memchr(encoded, 0, encoded_length) == NULL) &&
              TEST_CHECK(cobs_decode(encoded, encoded_length, decoded, sizeof(decoded), &decoded_length)) &&
              TEST_EQUAL(decoded_length, length);
    if (ok && length > 0u) {
        ok = TEST_BYTES(decoded, input, length);
    }
    return ok;
}

static void check_encoding(const uint8_t *const input, const size_t length, const uint8_t *const expected,
                           const size_t expected_length) {
    uint8_t encoded[600];
    const size_t encoded_length = cobs_encode(input, length, encoded, sizeof(encoded));
    if (TEST_EQUAL(encoded_length, expected_length)) {
        (void) TEST_BYTES(encoded, expected, expected_length);
    }
    (void) round_trip(input, length);
}

static void test_cobs_known_encodings(void) {
    /* Examples from Cheshire and Baker's paper and the usual COBS literature. */
    static const uint8_t zero[] = {0x00};
    static const uint8_t zero_encoded[] = {0x01, 0x01};
    static const uint8_t two_zeros[] = {0x00, 0x00};
    static const uint8_t two_zeros_encoded[] = {0x01, 0x01, 0x01};
    static const uint8_t mixed[] = {0x11, 0x22, 0x00, 0x33};
    static const uint8_t mixed_encoded[] = {0x03, 0x11, 0x22, 0x02, 0x33};
    static const uint8_t no_zero[] = {0x11, 0x22, 0x33, 0x44};
    static const uint8_t no_zero_encoded[] = {0x05, 0x11, 0x22, 0x33, 0x44};
    static const uint8_t trailing_zeros[] = {0x11, 0x00, 0x00, 0x00};
    static const uint8_t trailing_zeros_encoded[] = {0x02, 0x11, 0x01, 0x01, 0x01};
    static const uint8_t empty_encoded[] = {0x01};
    check_encoding(zero, sizeof(zero), zero_encoded, sizeof(zero_encoded));
    check_encoding(two_zeros, sizeof(two_zeros), two_zeros_encoded, sizeof(two_zeros_encoded));
    check_encoding(mixed, sizeof(mixed), mixed_encoded, sizeof(mixed_encoded));
    check_encoding(no_zero, sizeof(no_zero), no_zero_encoded, sizeof(no_zero_encoded));
    check_encoding(trailing_zeros, sizeof(trailing_zeros), trailing_zeros_encoded, sizeof(trailing_zeros_encoded));
    check_encoding(zero, 0, empty_encoded, sizeof(empty_encoded));
}

static void test_cobs_254_and_255_byte_runs(void) {
    uint8_t input[600];
    uint8_t expected[600];
    size_t index;
    /* 254 non-zero bytes 01..FE: one full block, no trailing code byte. */
    for (index = 0; index < 254u; index++) {
        input[index] = (uint8_t) (index + 1u);
        expected[index + 1u] = input[index];
    }
    expected[0] = 0xFF;
    check_encoding(input, 254, expected, 255);
    /* 00 01 .. FE (255 bytes): 01 FF 01 .. FE. */
    input[0] = 0x00;
    for (index = 1; index < 255u; index++) {
        input[index] = (uint8_t) index;
    }
    expected[0] = 0x01;
    expected[1] = 0xFF;
    for (index = 1; index < 255u; index++) {
        expected[index + 1u] = (uint8_t) index;
    }
    check_encoding(input, 255, expected, 256);
    /* 01 .. FE FF (255 bytes): FF 01 .. FE 02 FF. */
    for (index = 0; index < 255u; index++) {
        input[index] = (uint8_t) (index + 1u);
    }
    expected[0] = 0xFF;
    for (index = 0; index < 254u; index++) {
        expected[index + 1u] = (uint8_t) (index + 1u);
    }
    expected[255] = 0x02;
    expected[256] = 0xFF;
    check_encoding(input, 255, expected, 257);
    /* 02 .. FF 00 (255 bytes): FF 02 .. FF 01 01. */
    for (index = 0; index < 254u; index++) {
        input[index] = (uint8_t) (index + 2u);
        expected[index + 1u] = input[index];
    }
    input[254] = 0x00;
    expected[0] = 0xFF;
    expected[255] = 0x01;
    expected[256] = 0x01;
    check_encoding(input, 255, expected, 257);
    /* 253, 256, 508 and 509 non-zero bytes cross block boundaries. */
    for (index = 0; index < sizeof(input); index++) {
        input[index] = (uint8_t) (index % 255u + 1u);
    }
    (void) round_trip(input, 253);
    (void) round_trip(input, 256);
    (void) round_trip(input, 508);
    (void) round_trip(input, 509);
}

static void test_cobs_round_trip_random_and_zero_rich(void) {
    uint8_t input[1100];
    size_t trial;
    for (trial = 0; trial < 300u; trial++) {
        const size_t length = test_random() % sizeof(input);
        const uint32_t zero_odds = trial % 4u; /* 0: no zeros .. 3: mostly zeros */
        size_t index;
        for (index = 0; index < length; index++) {
            const uint32_t draw = test_random();
            input[index] = (draw % 4u) < zero_odds ? 0u : (uint8_t) (draw >> 8 | 1u);
        }
        if (!round_trip(input, length)) {
            return;
        }
    }
    memset(input, 0, sizeof(input));
    (void) round_trip(input, sizeof(input)); /* all zeros: worst case for block count */
}

static void test_cobs_decode_rejects_malformed(void) {
    static const uint8_t zero_inside[] = {0x03, 0x11, 0x00};
    static const uint8_t block_past_end[] = {0x05, 0x11, 0x22};
    static const uint8_t code_zero[] = {0x00};
    uint8_t output[16];
    size_t length;
    TEST_CHECK(!cobs_decode(zero_inside, sizeof(zero_inside), output, sizeof(output), &length));
    TEST_CHECK(!cobs_decode(block_past_end, sizeof(block_past_end), output, sizeof(output), &length));
    TEST_CHECK(!cobs_decode(code_zero, sizeof(code_zero), output, sizeof(output), &length));
    /* Output too small. */
    {
        static const uint8_t valid[] = {0x05, 0x11, 0x22, 0x33, 0x44};
        TEST_CHECK(!cobs_decode(valid, sizeof(valid), output, 3, &length));
        TEST_CHECK(cobs_decode(valid, sizeof(valid), output, 4, &length));
        TEST_EQUAL(length, 4u);
    }
    /* Encoder refuses a buffer below the bound. */
    TEST_EQUAL(cobs_encode(output, 4, output + 4, COBS_MAX_ENCODED_LENGTH(4u) - 1u), 0u);
}

static void test_cobs_decodes_in_place(void) {
    uint8_t input[700];
    uint8_t buffer[COBS_MAX_ENCODED_LENGTH(700u)];
    size_t encoded_length;
    size_t decoded_length = 0;
    size_t index;
    for (index = 0; index < sizeof(input); index++) {
        input[index] = (index % 5u == 0u) ? 0u : (uint8_t) index;
    }
    encoded_length = cobs_encode(input, sizeof(input), buffer, sizeof(buffer));
    TEST_CHECK(cobs_decode(buffer, encoded_length, buffer, sizeof(buffer), &decoded_length));
    TEST_EQUAL(decoded_length, sizeof(input));
    (void) TEST_BYTES(buffer, input, sizeof(input));
}

void test_suite_crc_cobs(void) {
    test_run("crc32 check value of \"123456789\"", test_crc_check_value);
    test_run("crc32 nibble table matches the bitwise definition", test_crc_matches_bitwise_reference);
    test_run("crc32 incremental update and residue", test_crc_incremental_and_residue);
    test_run("cobs known encodings", test_cobs_known_encodings);
    test_run("cobs 254- and 255-byte runs", test_cobs_254_and_255_byte_runs);
    test_run("cobs round trip, random and zero-rich", test_cobs_round_trip_random_and_zero_rich);
    test_run("cobs decode rejects malformed input", test_cobs_decode_rejects_malformed);
    test_run("cobs decodes in place", test_cobs_decodes_in_place);
}

// End of file
