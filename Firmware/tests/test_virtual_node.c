/**
 * @file test_virtual_node.c
 * @brief End-to-end tests of the virtual-node and frame-dump programs: replay to a file
 * and compare every sample with the CSV; bad input; a pty session with host commands.
 */

#define _XOPEN_SOURCE 700

// Includes

#include "file_util.h"
#include "frame_decoder.h"
#include "frame_encoder.h"
#include "frame_parser.h"
#include "sensor_csv.h"
#include "test_harness.h"
#include "test_suites.h"
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

// Definitions

#define MAX_SAMPLES (4096u)

/** Everything decoded from one frame stream. */
typedef struct {
    unsigned int frames;
    unsigned int rejected;
    unsigned int descriptors;
    unsigned int statuses;
    unsigned int time_syncs;
    uint8_t last_type;
    ParsedDescriptor descriptor;
    ProtocolStatus status;
    ProtocolTimeSync time_sync;
    uint32_t samples;
    uint32_t indices[MAX_SAMPLES];
    uint64_t timestamps_us[MAX_SAMPLES];
    int16_t counts[MAX_SAMPLES][PROTOCOL_MAX_CHANNELS];
    SequenceTracker sequence;
} Decoded;

static char temporary_directory[256];

// Functions: helpers

static const char *make_temporary_directory(void) {
    snprintf(temporary_directory, sizeof(temporary_directory), "/tmp/gait-firmware-test-XXXXXX");
    return mkdtemp(temporary_directory);
}

static void remove_temporary_directory(void) {
    const char *const names[] = {"out.bin", "stdout.txt", "stderr.txt", "dump.txt", "lin.bin"};
    size_t index;
    char path[512];
    for (index = 0; index < sizeof(names) / sizeof(names[0]); index++) {
        snprintf(path, sizeof(path), "%s/%s", temporary_directory, names[index]);
        (void) unlink(path);
    }
    (void) rmdir(temporary_directory);
}

/** Runs a program to completion with stdout and stderr in files; returns its exit status or -1. */
static int run_program(const char *const *const argv, const char *const stdout_path, const char *const stderr_path) {
    int status;
    const pid_t pid = fork();
    if (pid < 0) {
        return -1;
    }
    if (pid == 0) {
        const int out = open(stdout_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int err = open(stderr_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (out < 0 || err < 0) {
            _exit(127);
        }
        dup2(out, STDOUT_FILENO);
        dup2(err, STDERR_FILENO);
        execv(argv[0], (char *const *) argv);
        _exit(127);
    }
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) {
        return -1;
    }
    return WEXITSTATUS(status);
}

static void decode_bytes(const uint8_t *const bytes, const size_t length, Decoded *const decoded) {
    static FrameDecoder decoder;
    static ParsedSampleBatch batch;
    size_t offset = 0;
    frame_decoder_initialise(&decoder);
    while (offset < length) {
        FrameDecoderResult result;
        FrameDecoderError error;
        DecodedFrame frame;
        offset += frame_decoder_push(&decoder, bytes + offset, length - offset, &result, &frame, &error);
        if (result == FRAME_DECODER_REJECTED) {
            decoded->rejected++;
            continue;
        }
        if (result != FRAME_DECODER_FRAME) {
            continue;
        }
        decoded->frames++;
        decoded->last_type = frame.header.type;
        (void) sequence_tracker_update(&decoded->sequence, frame.header.sequence);
        if (frame.header.type == PROTOCOL_FRAME_DESCRIPTOR) {
            decoded->descriptors++;
            (void) TEST_CHECK(frame_parser_descriptor(&frame, &decoded->descriptor, NULL));
        } else if (frame.header.type == PROTOCOL_FRAME_STATUS) {
            decoded->statuses++;
            (void) TEST_CHECK(frame_parser_status(&frame, &decoded->status, NULL));
        } else if (frame.header.type == PROTOCOL_FRAME_TIME_SYNC) {
            decoded->time_syncs++;
            (void) TEST_CHECK(frame_parser_time_sync(&frame, &decoded->time_sync, NULL));
        } else if (frame.header.type == PROTOCOL_FRAME_SAMPLE_BATCH &&
                   TEST_CHECK(frame_parser_sample_batch(&frame, &batch, NULL))) {
            unsigned int sample;
            for (sample = 0; sample < batch.sample_count && decoded->samples < MAX_SAMPLES; sample++) {
                decoded->indices[decoded->samples] = batch.first_sample_index + sample;
                decoded->timestamps_us[decoded->samples] = batch.timestamps_us[sample];
                memcpy(decoded->counts[decoded->samples], batch.counts[sample], sizeof(decoded->counts[0]));
                decoded->samples++;
            }
        }
    }
}

static bool decode_file(const char *const path, Decoded *const decoded) {
    char error[256];
    size_t length;
    char *const bytes = file_read_all(path, &length, error, sizeof(error));
    if (!TEST_CHECK(bytes != NULL)) {
        fprintf(stderr, "  %s\n", error);
        return false;
    }
    memset(decoded, 0, sizeof(*decoded));
    sequence_tracker_initialise(&decoded->sequence);
    decode_bytes((const uint8_t *) bytes, length, decoded);
    free(bytes);
    return true;
}

static bool file_contains(const char *const path, const char *const text) {
    char error[256];
    size_t length;
    char *const content = file_read_all(path, &length, error, sizeof(error));
    const bool found = content != NULL && strstr(content, text) != NULL;
    if (!found) {
        fprintf(stderr, "  %s does not contain \"%s\"; it has: %s\n", path, text, content != NULL ? content : error);
    }
    free(content);
    return found;
}

/** Checks that every CSV row arrived once, in order, at its expected time and value. */
static void compare_with_csv(const Decoded *const decoded, const SensorTable *const table, const double offset_us,
                             const double drift_ppm, const double period_s) {
    size_t row;
    uint32_t expected_index = 0;
    unsigned int saturated = 0;
    if (!TEST_EQUAL(decoded->samples, table->row_count)) {
        return;
    }
    for (row = 0; row < table->row_count; row++) {
        const double expected_us =
            offset_us + (table->times_s[row] - table->times_s[0]) * 1e6 * (1.0 + drift_ppm * 1e-6);
        unsigned int channel;
        if (row > 0u) {
            const double step_s = table->times_s[row] - table->times_s[row - 1u];
            expected_index += step_s > 1.5 * period_s ? (uint32_t) lround(step_s / period_s) : 1u;
        }
        if (!TEST_EQUAL(decoded->indices[row], expected_index) ||
            !TEST_NEAR((double) decoded->timestamps_us[row], expected_us, 0.5)) {
            fprintf(stderr, "  at CSV row %zu\n", row);
            return;
        }
        for (channel = 0; channel < table->channel_count; channel++) {
            const double si_per_count = frame_parser_si_per_count(&decoded->descriptor.descriptor, channel);
            const double value = table->values[row * table->channel_count + channel];
            const int16_t count = decoded->counts[row][channel];
            if (count == INT16_MAX || count == INT16_MIN) {
                saturated++;
                TEST_CHECK(fabs(value) >= 32767.0 * si_per_count);
                continue;
            }
            if (!TEST_NEAR(count * si_per_count, value, 0.5 * si_per_count + 1e-12)) {
                fprintf(stderr, "  at CSV row %zu, channel %u\n", row, channel);
                return;
            }
        }
    }
    TEST_EQUAL(saturated, decoded->status.samples_saturated);
}

// Functions: tests

static void test_virtual_node_replays_imu_file_exactly(void) {
    const TestConfiguration *const configuration = test_configuration();
    static Decoded decoded;
    char session[400];
    char csv[512];
    char out[512];
    char out_stdout[512];
    char out_stderr[512];
    char error[256];
    SensorTable table;
    int status;
    if (!TEST_CHECK(configuration->virtual_node_path != NULL && make_temporary_directory() != NULL)) {
        return;
    }
    snprintf(session, sizeof(session), "%s/tiny-session", configuration->fixtures_path);
    snprintf(csv, sizeof(csv), "%s/left_shank.csv", session);
    snprintf(out, sizeof(out), "%s/out.bin", temporary_directory);
    snprintf(out_stdout, sizeof(out_stdout), "%s/stdout.txt", temporary_directory);
    snprintf(out_stderr, sizeof(out_stderr), "%s/stderr.txt", temporary_directory);
    {
        const char *argv[] = {configuration->virtual_node_path, "--session", session, "--sensor", "shank_l",
                        "--out", out, "--speed", "max", "--device-id", "0x1234", "--clock-offset-us", "5000000",
                        "--clock-drift-ppm", "100", NULL};
        status = run_program(argv, out_stdout, out_stderr);
    }
    TEST_EQUAL_SIGNED(status, 0);
    TEST_CHECK(file_contains(out_stderr, "200 of 200 rows sent; 1 gaps (3 samples missing); 2 values saturated"));
    if (!decode_file(out, &decoded) || !TEST_CHECK(sensor_csv_load(csv, SESSION_KIND_IMU, 0, &table, error,
                                                                   sizeof(error)))) {
        remove_temporary_directory();
        return;
    }
    TEST_EQUAL(decoded.rejected, 0u);
    TEST_EQUAL(decoded.sequence.lost_frames, 0u);
    TEST_EQUAL(decoded.descriptors, 1u);
    TEST_EQUAL(decoded.descriptor.descriptor.device_id, 0x1234u);
    TEST_EQUAL(decoded.descriptor.descriptor.placement, PROTOCOL_PLACEMENT_LEFT_SHANK);
    TEST_EQUAL(decoded.descriptor.descriptor.nominal_rate_millihz, 200000u);
    TEST_EQUAL(decoded.descriptor.descriptor.accel_scale.denominator, 2048u);
    TEST_EQUAL(decoded.descriptor.descriptor.gyro_scale.denominator, 164u);
    TEST_EQUAL(decoded.last_type, PROTOCOL_FRAME_STATUS); /* the closing STATUS */
    TEST_EQUAL(decoded.status.samples_acquired, 203u);
    TEST_EQUAL(decoded.status.samples_lost_at_sensor, 3u);
    TEST_EQUAL(decoded.status.samples_dropped, 0u);
    TEST_EQUAL(decoded.status.samples_saturated, 2u);
    compare_with_csv(&decoded, &table, 5000000.0, 100.0, 1.0 / 200.0);
    sensor_csv_free(&table);

    /* frame-dump reads the same stream: one line per frame, the gap shown. */
    if (configuration->frame_dump_path != NULL) {
        char dump[512];
        const char *argv[] = {configuration->frame_dump_path, out, NULL};
        snprintf(dump, sizeof(dump), "%s/dump.txt", temporary_directory);
        TEST_EQUAL_SIGNED(run_program(argv, dump, out_stderr), 0);
        TEST_CHECK(file_contains(dump, "DESCRIPTOR seq=0 "));
        TEST_CHECK(file_contains(dump, "placement=left_shank"));
        TEST_CHECK(file_contains(dump, "missing_before=3"));
        TEST_CHECK(file_contains(out_stderr, "rejected=0 lost_frames=0 samples=200 missing_samples=3"));
    }
    remove_temporary_directory();
}

static void test_virtual_node_replays_insole_file(void) {
    const TestConfiguration *const configuration = test_configuration();
    static Decoded decoded;
    char session[400];
    char csv[512];
    char out[512];
    char out_stdout[512];
    char out_stderr[512];
    char error[256];
    SensorTable table;
    if (!TEST_CHECK(configuration->virtual_node_path != NULL && make_temporary_directory() != NULL)) {
        return;
    }
    snprintf(session, sizeof(session), "%s/tiny-session", configuration->fixtures_path);
    snprintf(csv, sizeof(csv), "%s/left_insole.csv", session);
    snprintf(out, sizeof(out), "%s/lin.bin", temporary_directory);
    snprintf(out_stdout, sizeof(out_stdout), "%s/stdout.txt", temporary_directory);
    snprintf(out_stderr, sizeof(out_stderr), "%s/stderr.txt", temporary_directory);
    {
        /* Paced at 20x real time (the file lasts 1 s). */
        const char *argv[] = {configuration->virtual_node_path, "--session", session, "--sensor", "lin",
                        "--out", out, "--speed", "20", "--quiet", NULL};
        TEST_EQUAL_SIGNED(run_program(argv, out_stdout, out_stderr), 0);
    }
    if (decode_file(out, &decoded) &&
        TEST_CHECK(sensor_csv_load(csv, SESSION_KIND_INSOLE, 4, &table, error, sizeof(error)))) {
        TEST_EQUAL(decoded.descriptor.descriptor.kind, PROTOCOL_KIND_INSOLE);
        TEST_EQUAL(decoded.descriptor.descriptor.channel_count, 4u);
        TEST_EQUAL_SIGNED(decoded.descriptor.cells[1].x_0p1mm, 605);
        TEST_EQUAL_SIGNED(decoded.descriptor.cells[1].y_0p1mm, 123); /* 12.25 mm rounds to 12.3 */
        TEST_EQUAL(decoded.descriptor.cells[1].area_0p01mm2, 38050u);
        TEST_EQUAL(decoded.descriptor.descriptor.pressure_scale.denominator, 16u);
        compare_with_csv(&decoded, &table, 0.0, 0.0, 0.01);
        sensor_csv_free(&table);
    }
    remove_temporary_directory();
}

static void test_virtual_node_rejects_bad_input(void) {
    const TestConfiguration *const configuration = test_configuration();
    char session[400];
    char out_stdout[512];
    char out_stderr[512];
    if (!TEST_CHECK(configuration->virtual_node_path != NULL && make_temporary_directory() != NULL)) {
        return;
    }
    snprintf(session, sizeof(session), "%s/tiny-session", configuration->fixtures_path);
    snprintf(out_stdout, sizeof(out_stdout), "%s/stdout.txt", temporary_directory);
    snprintf(out_stderr, sizeof(out_stderr), "%s/stderr.txt", temporary_directory);
    {
        const char *argv[] = {configuration->virtual_node_path, "--session", session, "--sensor", "nope", NULL};
        TEST_EQUAL_SIGNED(run_program(argv, out_stdout, out_stderr), 2);
        TEST_CHECK(file_contains(out_stderr, "session.json: no sensor with id \"nope\" (ids: shank_l lin)"));
    }
    {
        const char *argv[] = {configuration->virtual_node_path, "--session", "/nonexistent", "--sensor", "x", NULL};
        TEST_EQUAL_SIGNED(run_program(argv, out_stdout, out_stderr), 2);
        TEST_CHECK(file_contains(out_stderr, "/nonexistent/session.json: cannot open"));
    }
    {
        const char *argv[] = {configuration->virtual_node_path, "--session", session, "--sensor", "lin",
                        "--wait-start", NULL};
        TEST_EQUAL_SIGNED(run_program(argv, out_stdout, out_stderr), 2);
        TEST_CHECK(file_contains(out_stderr, "--wait-start needs --pty"));
    }
    {
        const char *argv[] = {configuration->virtual_node_path, "--session", session, "--sensor", "lin",
                        "--speed", "-1", NULL};
        TEST_EQUAL_SIGNED(run_program(argv, out_stdout, out_stderr), 2);
    }
    remove_temporary_directory();
}

/** Milliseconds on the monotonic clock. */
static double monotonic_ms(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double) now.tv_sec * 1000.0 + (double) now.tv_nsec / 1e6;
}

/** Reads from the pty for duration_ms (or until it closes) into the decoded stream. */
static void read_pty(const int fd, Decoded *const decoded, const int duration_ms) {
    static uint8_t buffer[65536];
    const double deadline_ms = monotonic_ms() + duration_ms;
    for (;;) {
        struct pollfd descriptor;
        const double remaining_ms = deadline_ms - monotonic_ms();
        ssize_t got;
        if (remaining_ms <= 0.0) {
            return;
        }
        descriptor.fd = fd;
        descriptor.events = POLLIN;
        if (poll(&descriptor, 1, (int) remaining_ms + 1) <= 0) {
            return;
        }
        got = read(fd, buffer, sizeof(buffer));
        if (got <= 0) {
            return; /* the virtual node closed the pty */
        }
        decode_bytes(buffer, (size_t) got, decoded);
    }
}

static void send_command(const int fd, FrameEncoder *const host, const uint8_t type, const uint8_t placement) {
    ProtocolCommand command;
    uint8_t wire[64];
    size_t length;
    memset(&command, 0, sizeof(command));
    command.type = type;
    command.placement = placement;
    command.ping_id = 77u;
    command.host_timestamp_us = 424242u;
    length = frame_encoder_command(host, 0, &command, wire, sizeof(wire));
    TEST_EQUAL(write(fd, wire, length), (ssize_t) length);
}

static void test_virtual_node_pty_session(void) {
    const TestConfiguration *const configuration = test_configuration();
    static Decoded decoded;
    char session[400];
    char line[256];
    int stderr_pipe[2];
    pid_t pid;
    FILE *child_stderr;
    int fd;
    int status;
    FrameEncoder host;
    struct termios settings;
    static const uint8_t garbage[] = {0x00, 0x99, 0x98, 0x97, 0x00};

    if (!TEST_CHECK(configuration->virtual_node_path != NULL) || !TEST_CHECK(pipe(stderr_pipe) == 0)) {
        return;
    }
    snprintf(session, sizeof(session), "%s/tiny-session", configuration->fixtures_path);
    pid = fork();
    if (pid == 0) {
        dup2(stderr_pipe[1], STDERR_FILENO);
        close(stderr_pipe[0]);
        execl(configuration->virtual_node_path, configuration->virtual_node_path, "--session", session, "--sensor",
              "shank_l", "--pty", "--wait-start", "--speed", "0.5", "--status-period-ms", "100", (char *) NULL);
        _exit(127);
    }
    close(stderr_pipe[1]);
    child_stderr = fdopen(stderr_pipe[0], "r");
    if (!TEST_CHECK(pid > 0 && child_stderr != NULL && fgets(line, sizeof(line), child_stderr) != NULL) ||
        !TEST_CHECK(strncmp(line, "PTY /dev/pts/", 13) == 0)) {
        if (pid > 0) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
        }
        return;
    }
    line[strcspn(line, "\n")] = '\0';
    fd = open(line + 4, O_RDWR | O_NOCTTY);
    if (!TEST_CHECK(fd >= 0)) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        return;
    }
    /* A host opens the port raw, as any serial client would. */
    if (tcgetattr(fd, &settings) == 0) {
        settings.c_iflag = 0;
        settings.c_oflag = 0;
        settings.c_lflag = 0;
        settings.c_cflag = (settings.c_cflag & (tcflag_t) ~(CSIZE | PARENB)) | CS8;
        (void) tcsetattr(fd, TCSANOW, &settings);
    }
    memset(&decoded, 0, sizeof(decoded));
    sequence_tracker_initialise(&decoded.sequence);
    frame_encoder_initialise(&host, 1);

    /* Waiting for START: STATUS frames only (every 100 ms), no samples. */
    read_pty(fd, &decoded, 300);
    TEST_EQUAL(decoded.samples, 0u);
    TEST_CHECK(decoded.statuses >= 1u);
    TEST_EQUAL(decoded.descriptors, 0u);

    if (TEST_EQUAL(write(fd, garbage, sizeof(garbage)), (ssize_t) sizeof(garbage))) {
        send_command(fd, &host, PROTOCOL_COMMAND_TIME_SYNC_PING, 0);
        send_command(fd, &host, PROTOCOL_COMMAND_START, 0);
    }
    read_pty(fd, &decoded, 300);
    TEST_EQUAL(decoded.time_syncs, 1u);
    TEST_EQUAL(decoded.time_sync.ping_id, 77u);
    TEST_EQUAL(decoded.time_sync.host_timestamp_us, 424242u);
    TEST_EQUAL(decoded.descriptors, 1u);
    TEST_CHECK(decoded.samples >= 8u); /* 0.3 s at half speed is 30 samples; leave room for a slow machine */
    TEST_EQUAL(decoded.status.rx_frames_rejected, 1u);

    send_command(fd, &host, PROTOCOL_COMMAND_SET_PLACEMENT, PROTOCOL_PLACEMENT_RIGHT_SHANK);
    read_pty(fd, &decoded, 200);
    TEST_EQUAL(decoded.descriptor.descriptor.placement, PROTOCOL_PLACEMENT_RIGHT_SHANK);
    send_command(fd, &host, PROTOCOL_COMMAND_STOP, 0);
    read_pty(fd, &decoded, 200);
    TEST_EQUAL(decoded.status.flags & PROTOCOL_STATUS_FLAG_STREAMING, 0u);
    TEST_EQUAL(decoded.status.last_command_type, PROTOCOL_COMMAND_STOP);
    TEST_EQUAL(decoded.status.last_command_sequence, 4u);
    /* Everything acquired went out at STOP, except the file's own gap (lost at the "sensor"). */
    TEST_EQUAL(decoded.samples + decoded.status.samples_lost_at_sensor, decoded.status.samples_acquired);
    TEST_EQUAL(decoded.status.samples_dropped, 0u);

    /* SIGTERM: a clean exit after a final STATUS. */
    kill(pid, SIGTERM);
    read_pty(fd, &decoded, 500);
    TEST_EQUAL(decoded.last_type, PROTOCOL_FRAME_STATUS);
    TEST_EQUAL(decoded.rejected, 0u);
    TEST_EQUAL(decoded.sequence.lost_frames, 0u);
    TEST_CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    close(fd);
    fclose(child_stderr);
}

/** --from: a node switched on again mid-session sends the file from there on, its clock from zero. */
static void test_virtual_node_starts_from(void) {
    const TestConfiguration *const configuration = test_configuration();
    static Decoded decoded;
    char session[400];
    char csv[512];
    char out[512];
    char out_stdout[512];
    char out_stderr[512];
    char error[256];
    SensorTable table;
    size_t first = 0;
    if (!TEST_CHECK(configuration->virtual_node_path != NULL && make_temporary_directory() != NULL)) {
        return;
    }
    snprintf(session, sizeof(session), "%s/tiny-session", configuration->fixtures_path);
    snprintf(csv, sizeof(csv), "%s/left_shank.csv", session);
    snprintf(out, sizeof(out), "%s/out.bin", temporary_directory);
    snprintf(out_stdout, sizeof(out_stdout), "%s/stdout.txt", temporary_directory);
    snprintf(out_stderr, sizeof(out_stderr), "%s/stderr.txt", temporary_directory);
    {
        const char *argv[] = {configuration->virtual_node_path, "--session", session, "--sensor", "shank_l",
                              "--out", out, "--speed", "max", "--from", "0.5", NULL};
        TEST_EQUAL_SIGNED(run_program(argv, out_stdout, out_stderr), 0);
    }
    if (!decode_file(out, &decoded) ||
        !TEST_CHECK(sensor_csv_load(csv, SESSION_KIND_IMU, 0, &table, error, sizeof(error)))) {
        remove_temporary_directory();
        return;
    }
    while (first < table.row_count && table.times_s[first] - table.times_s[0] < 0.5) {
        first++;
    }
    /* Every row from 0.5 s on, the first at device time 0, each at its own time after it. */
    TEST_EQUAL(decoded.samples, (uint32_t) (table.row_count - first));
    if (decoded.samples > 1u) {
        const double si_per_count = frame_parser_si_per_count(&decoded.descriptor.descriptor, 0u);
        TEST_EQUAL(decoded.timestamps_us[0], 0u);
        TEST_NEAR((double) decoded.timestamps_us[1], (table.times_s[first + 1u] - table.times_s[first]) * 1e6, 0.5);
        TEST_NEAR(decoded.counts[1][0] * si_per_count, table.values[(first + 1u) * table.channel_count],
                  0.5 * si_per_count + 1e-12);
    }
    sensor_csv_free(&table);
    remove_temporary_directory();
}

/** --loop: the file again and again on one continuous clock, one period between the passes. */
static void test_virtual_node_loops(void) {
    const TestConfiguration *const configuration = test_configuration();
    static Decoded decoded;
    char session[400];
    char out[512];
    char out_stderr[512];
    uint32_t sample;
    uint32_t boundaries = 0;
    int status = -1;
    pid_t pid;
    if (!TEST_CHECK(configuration->virtual_node_path != NULL && make_temporary_directory() != NULL)) {
        return;
    }
    snprintf(session, sizeof(session), "%s/tiny-session", configuration->fixtures_path);
    snprintf(out, sizeof(out), "%s/out.bin", temporary_directory);
    snprintf(out_stderr, sizeof(out_stderr), "%s/stderr.txt", temporary_directory);
    /* The insole file (100 Hz, 1 s, no gap) at 5x real time for 0.9 s: about 4.5 passes. */
    pid = fork();
    if (pid == 0) {
        const char *argv[] = {configuration->virtual_node_path, "--session", session, "--sensor", "lin", "--out", out,
                              "--speed", "5", "--loop", "--quiet", NULL};
        const int err = open(out_stderr, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (err >= 0) {
            dup2(err, STDERR_FILENO);
        }
        execv(argv[0], (char *const *) argv);
        _exit(127);
    }
    if (!TEST_CHECK(pid > 0)) {
        remove_temporary_directory();
        return;
    }
    {
        const struct timespec run_for = {0, 900000000L};
        (void) nanosleep(&run_for, NULL);
    }
    kill(pid, SIGTERM);
    TEST_CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    if (!decode_file(out, &decoded)) {
        remove_temporary_directory();
        return;
    }
    TEST_CHECK(decoded.samples > 300u && decoded.samples < MAX_SAMPLES);
    for (sample = 1; sample < decoded.samples; sample++) {
        /* Indices never jump and the device clock steps by one period, also from a pass to the next. */
        if (!TEST_EQUAL(decoded.indices[sample], decoded.indices[sample - 1u] + 1u) ||
            !TEST_NEAR((double) (decoded.timestamps_us[sample] - decoded.timestamps_us[sample - 1u]), 10000.0, 1.0)) {
            fprintf(stderr, "  at sample %u\n", sample);
            break;
        }
        if (memcmp(decoded.counts[sample], decoded.counts[0], sizeof(decoded.counts[0])) == 0) {
            boundaries++;
        }
    }
    TEST_CHECK(boundaries >= 3u); /* the first row came round again */
    remove_temporary_directory();
}

void test_suite_virtual_node(void) {
    if (test_configuration()->virtual_node_path == NULL) {
        printf("(virtual-node end-to-end tests skipped: no --virtual-node given)\n");
        return;
    }
    test_run("virtual-node: IMU file replayed sample for sample (times, values, gap, saturation)",
             test_virtual_node_replays_imu_file_exactly);
    test_run("virtual-node: insole file replayed at 20x real time", test_virtual_node_replays_insole_file);
    test_run("virtual-node: bad input rejected with a reason and exit status 2", test_virtual_node_rejects_bad_input);
    test_run("virtual-node: --from starts mid-file, the clock from zero", test_virtual_node_starts_from);
    test_run("virtual-node: --loop replays the file on one continuous clock", test_virtual_node_loops);
    test_run("virtual-node: pty session with PING, START, SET_PLACEMENT, STOP, SIGTERM",
             test_virtual_node_pty_session);
}

// End of file
