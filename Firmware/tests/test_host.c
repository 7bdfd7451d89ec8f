/**
 * @file test_host.c
 * @brief Host-side readers: JSON, session.json, sensor CSV files.
 */

// Includes

#include "json_reader.h"
#include "sensor_csv.h"
#include "session.h"
#include "test_harness.h"
#include "test_suites.h"
#include <stdio.h>
#include <string.h>

// Functions: helpers

/** Parses a session.json text; on failure checks that the message contains `expected`. */
static void check_session_error(const char *const text, const char *const expected) {
    Session session;
    char error[512] = "";
    const bool ok = session_parse("session.json", text, strlen(text), &session, error, sizeof(error));
    if (TEST_CHECK(!ok) && !TEST_CHECK(strstr(error, expected) != NULL)) {
        fprintf(stderr, "  message: %s\n  expected to contain: %s\n", error, expected);
    }
    session_free(&session);
}

static void check_csv_error(const char *const text, const SessionKind kind, const size_t cells,
                            const char *const expected) {
    SensorTable table;
    char error[512] = "";
    const bool ok = sensor_csv_parse("x.csv", text, strlen(text), kind, cells, &table, error, sizeof(error));
    if (TEST_CHECK(!ok) && !TEST_CHECK(strstr(error, expected) != NULL)) {
        fprintf(stderr, "  message: %s\n  expected to contain: %s\n", error, expected);
    }
    sensor_csv_free(&table);
}

// Functions: tests

static void test_json_reader(void) {
    static const char text[] = "{\"a\": [1, -2.5e3, true, false, null], \"s\": \"x\\u00e9\\ud83d\\ude00\\n\",\n"
                               " \"o\": {\"k\": {}}}";
    JsonDocument document;
    const JsonValue *array;
    const JsonValue *string;
    TEST_CHECK(json_parse(text, strlen(text), &document));
    array = json_get(&document, json_root(&document), "a");
    if (TEST_CHECK(array != NULL)) {
        TEST_EQUAL(array->child_count, 5u);
        TEST_NEAR(json_at(&document, array, 1)->number, -2500.0, 0.0);
        TEST_EQUAL(json_at(&document, array, 4)->type, JSON_NULL);
        TEST_CHECK(json_at(&document, array, 5) == NULL);
    }
    string = json_get(&document, json_root(&document), "s");
    if (TEST_CHECK(string != NULL)) {
        TEST_CHECK(strcmp(string->string, "x\xC3\xA9\xF0\x9F\x98\x80\n") == 0);
    }
    TEST_EQUAL(json_get(&document, json_root(&document), "o")->line, 2);
    json_free(&document);
    {
        static const char *const bad[] = {"{\"a\": 01}", "{\"a\": 1,}", "[1 2]", "{\"a\" 1}", "\"\\x\"",
                                          "{\"a\": 1, \"a\": 2}", "[NaN]", "{\"a\": \"\\ud800\"}", "[1] x", "",
                                          "{\"a\": \"tab\there\"}"};
        size_t index;
        for (index = 0; index < sizeof(bad) / sizeof(bad[0]); index++) {
            if (!TEST_CHECK(!json_parse(bad[index], strlen(bad[index]), &document))) {
                fprintf(stderr, "  accepted: %s\n", bad[index]);
            }
            json_free(&document);
        }
    }
}

static void test_session_reader_accepts_fixture(void) {
    const char *const fixtures = test_configuration()->fixtures_path;
    char directory[512];
    char error[512];
    Session session;
    const SessionSensor *sensor;
    if (!TEST_CHECK(fixtures != NULL)) {
        return;
    }
    snprintf(directory, sizeof(directory), "%s/tiny-session", fixtures);
    if (!TEST_CHECK(session_load(directory, &session, error, sizeof(error)))) {
        fprintf(stderr, "  %s\n", error);
        session_free(&session);
        return;
    }
    TEST_EQUAL(session.sensor_count, 2u);
    sensor = session_find_sensor(&session, "lin");
    if (TEST_CHECK(sensor != NULL)) {
        TEST_EQUAL(sensor->kind, SESSION_KIND_INSOLE);
        TEST_EQUAL(sensor->cell_count, 4u);
        TEST_NEAR(sensor->cells[1].y_mm, 12.25, 0.0);
        TEST_NEAR(sensor->rate_hz, 100.0, 0.0);
    }
    TEST_CHECK(session_find_sensor(&session, "nope") == NULL);
    session_free(&session);
}

static void test_session_reader_rejects_with_key_path(void) {
    check_session_error("{\"format\": \"gait-session-csv/2\", \"sensors\": []}", "session.json:1: format: must be");
    check_session_error("{\"sensors\": []}", "format: missing");
    check_session_error("{\"format\": \"gait-session-csv/1\", \"sensors\": []}", "sensors: must list");
    check_session_error("{\"format\": \"gait-session-csv/1\",\n \"sensors\": [\n"
                        "  {\"id\": \"a\", \"kind\": \"imu\", \"placement\": \"left_knee\", \"file\": \"a.csv\", \"rateHz\": 100}]}",
                        "session.json:3: sensors[0].placement: unknown placement \"left_knee\"");
    check_session_error("{\"format\": \"gait-session-csv/1\", \"sensors\": [\n"
                        "  {\"id\": \"a\", \"kind\": \"imu\", \"placement\": \"pelvis\", \"file\": \"a.csv\", \"rateHz\": 100},\n"
                        "  {\"id\": \"b\", \"kind\": \"imu\", \"placement\": \"pelvis\", \"file\": \"b.csv\", \"rateHz\": 100}]}",
                        "session.json:3: sensors[1].placement: \"pelvis\" is also the placement of sensors[0]");
    check_session_error("{\"format\": \"gait-session-csv/1\", \"sensors\": [\n"
                        "  {\"id\": \"a\", \"kind\": \"imu\", \"placement\": \"left_insole\", \"file\": \"a.csv\", \"rateHz\": 100}]}",
                        "sensors[0].placement: \"left_insole\" is not a placement for a sensor of kind imu");
    check_session_error("{\"format\": \"gait-session-csv/1\", \"sensors\": [\n"
                        "  {\"id\": \"a\", \"kind\": \"imu\", \"placement\": \"pelvis\", \"file\": \"a.csv\", \"rateHz\": \"fast\"}]}",
                        "sensors[0].rateHz: expected a number, found a string");
    check_session_error("{\"format\": \"gait-session-csv/1\", \"sensors\": [\n"
                        "  {\"id\": \"a\", \"kind\": \"insole\", \"placement\": \"left_insole\", \"file\": \"a.csv\", \"rateHz\": 100,\n"
                        "   \"cells\": [{\"x\": 1, \"y\": 2, \"areaMm2\": 0}]}]}",
                        "session.json:3: sensors[0].cells[0].areaMm2: must be positive");
    check_session_error("{\"format\": \"gait-session-csv/1\", \"sensors\": [\n"
                        "  {\"id\": \"a\", \"kind\": \"insole\", \"placement\": \"left_insole\", \"file\": \"a.csv\", \"rateHz\": 100}]}",
                        "sensors[0].cells: missing");
    check_session_error("{\"format\": \"gait-session-csv/1\", \"sensors\": [\n  {\"id\": \"a\",, }]}",
                        "session.json:2: invalid JSON");
    check_session_error("{\"format\": \"gait-session-csv/1\", \"sensors\": [\n"
                        "  {\"id\": \"a\", \"kind\": \"gps\", \"placement\": \"pelvis\", \"file\": \"a.csv\", \"rateHz\": 1}]}",
                        "sensors[0].kind: must be \"imu\" or \"insole\", found \"gps\"");
}

static void test_csv_reader_accepts_valid_files(void) {
    static const char imu[] = "t,ax,ay,az,gx,gy,gz,mx,my,mz\r\n0.0,1,2,3,4,5,6,7,8,9\r\n0.005,-1e-3,+2.5,3.,.4,5E1,6,7,8,9";
    static const char insole[] = "\xEF\xBB\xBFt,p0,p1\n0,1.5,2\n0.01,3,4\n0.02,5"; /* truncated last line */
    SensorTable table;
    char error[256];
    if (TEST_CHECK(sensor_csv_parse("imu.csv", imu, strlen(imu), SESSION_KIND_IMU, 0, &table, error, sizeof(error)))) {
        TEST_EQUAL(table.row_count, 2u);
        TEST_EQUAL(table.channel_count, 6u);
        TEST_NEAR(table.values[6 + 0], -0.001, 0.0);
        TEST_NEAR(table.values[6 + 4], 50.0, 0.0);
        TEST_CHECK(!table.partial);
    } else {
        fprintf(stderr, "  %s\n", error);
    }
    sensor_csv_free(&table);
    if (TEST_CHECK(sensor_csv_parse("in.csv", insole, strlen(insole), SESSION_KIND_INSOLE, 2, &table, error,
                                    sizeof(error)))) {
        TEST_EQUAL(table.row_count, 2u);
        TEST_CHECK(table.partial);
        TEST_EQUAL(table.truncated_line, 4u);
    } else {
        fprintf(stderr, "  %s\n", error);
    }
    sensor_csv_free(&table);
}

static void test_csv_reader_rejects_with_line(void) {
    check_csv_error("t,ax,ay,az,gx,gy\n", SESSION_KIND_IMU, 0, "x.csv:1: IMU header must be");
    check_csv_error("t,ax,ay,az,gx,gy,gq\n0,1,2,3,4,5,6\n", SESSION_KIND_IMU, 0, "x.csv:1: column 7 must be \"gz\"");
    check_csv_error("t,p0,p1\n0,1,2\n", SESSION_KIND_INSOLE, 3, "header has 2 pressure columns but session.json lists 3");
    check_csv_error("t,ax,ay,az,gx,gy,gz\n0,1,2,3,4,5,6\n0.1,1,NaN,3,4,5,6\n", SESSION_KIND_IMU, 0,
                    "x.csv:3: column 3: not a finite decimal number: \"NaN\"");
    check_csv_error("t,ax,ay,az,gx,gy,gz\n0,1,2,3,4,5,inf\n", SESSION_KIND_IMU, 0, "x.csv:2: column 7");
    check_csv_error("t,ax,ay,az,gx,gy,gz\n0,1,2,3,4,5,6\n0,1,2,3,4,5,6\n", SESSION_KIND_IMU, 0,
                    "x.csv:3: t = 0 does not increase");
    check_csv_error("t,ax,ay,az,gx,gy,gz\n0,1,2,3,4,5,6\n0.1,1,,3,4,5,6\n", SESSION_KIND_IMU, 0, "x.csv:3: column 3");
    check_csv_error("t,ax,ay,az,gx,gy,gz\n0,1,2,3,4,5\n0.1,1,2,3,4,5,6\n", SESSION_KIND_IMU, 0,
                    "x.csv:2: expected 7 columns, found 6");
    check_csv_error("t,ax,ay,az,gx,gy,gz\n0,1,2,3,4,5,6\n\n0.2,1,2,3,4,5,6\n", SESSION_KIND_IMU, 0,
                    "x.csv:3: expected 7 columns, found 1");
    check_csv_error("t,ax,ay,az,gx,gy,gz\n", SESSION_KIND_IMU, 0, "no samples");
    check_csv_error("t,ax,ay,az,gx,gy,gz\n0x10,1,2,3,4,5,6\n", SESSION_KIND_IMU, 0, "x.csv:2: column 1");
}

void test_suite_host(void) {
    test_run("JSON reader: values, escapes, lines; rejects malformed JSON", test_json_reader);
    test_run("session.json: the fixture loads", test_session_reader_accepts_fixture);
    test_run("session.json: rejections name file, line and key path", test_session_reader_rejects_with_key_path);
    test_run("sensor CSV: valid IMU and insole files, truncated last line", test_csv_reader_accepts_valid_files);
    test_run("sensor CSV: rejections name file and line", test_csv_reader_rejects_with_line);
}

// End of file
