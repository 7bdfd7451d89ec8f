/**
 * @file virtual_node_main.c
 * @brief virtual-node: the real firmware core (node, batcher, encoder, command parser)
 * fed from one sensor of a gait-session-csv/1 folder instead of a chip, streaming frames
 * to a file, stdout or a pseudo-terminal it creates. See README.md and `--help`.
 */

#define _XOPEN_SOURCE 700

// Includes

#include "host_board.h"
#include "host_link.h"
#include "imu_icm42688.h"
#include "node.h"
#include "protocol.h"
#include "replay_source.h"
#include "sensor_csv.h"
#include "session.h"
#include "virtual_clock.h"
#include "file_util.h"
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

// Definitions

/** Exit status for bad arguments or bad input. */
#define EXIT_BAD_INPUT (2)

/** Longest wait of one loop iteration, in ms: keeps batch-age and STATUS timers responsive. */
#define LOOP_WAIT_MAX_MS (2)

/** How long to wait at the end for a pty reader to take what was sent, in ms. */
#define DRAIN_TIMEOUT_MS (5000)

/** How long the final flush may take when the link is stuck, in ms. */
#define FLUSH_TIMEOUT_MS (5000)

/** Default batch length, ms: a SAMPLE_BATCH about every 20 ms. */
#define DEFAULT_BATCH_MS (20.0)

/** Default sample buffer, ms of samples held while the link is busy. */
#define DEFAULT_BUFFER_MS (1000.0)

/** Default STATUS period, ms. */
#define DEFAULT_STATUS_PERIOD_MS (1000.0)

/** Default insole resolution: counts per kPa (1/16 kPa per count; int16 covers +-2048 kPa). */
#define DEFAULT_COUNTS_PER_KPA (16u)

/** Bytes read from the pty per call. */
#define READ_CHUNK_BYTES (512u)

#define US_PER_MS (1000.0)
#define MS_PER_S (1000.0)
#define MILLIHZ_PER_HZ (1000.0)
#define TENTHS_MM_PER_MM (10.0)
#define HUNDREDTHS_MM2_PER_MM2 (100.0)

/** FNV-1a 64-bit parameters (for a stable default device id). */
#define FNV_OFFSET_BASIS (0xCBF29CE484222325ull)
#define FNV_PRIME (0x100000001B3ull)

/** Command-line options. */
typedef struct {
    const char *session_directory;
    const char *sensor_id;
    const char *out_path; /* NULL with use_pty */
    bool use_pty;
    bool max_speed;
    double speed;
    bool has_device_id;
    uint64_t device_id;
    int64_t clock_offset_us;
    double clock_drift_ppm;
    bool wait_start;
    bool hold;
    bool loop;
    double from_s;
    const char *link_path; /* NULL: no symlink to the pty */
    double batch_ms;
    double buffer_ms;
    double status_period_ms;
    unsigned int accel_range_g;
    unsigned int gyro_range_dps;
    unsigned int counts_per_kpa;
    bool quiet;
} Options;

/** Set by SIGINT / SIGTERM. */
static volatile sig_atomic_t stop_requested = 0;

// Functions: arguments

static void print_usage(FILE *const out) {
    fprintf(out,
            "usage: virtual-node --session DIR --sensor ID [--out FILE|-|--pty] [--speed X|max]\n"
            "                    [--device-id N] [--clock-offset-us N] [--clock-drift-ppm X] [--wait-start]\n"
            "                    [--hold] [--from S] [--link PATH] [--loop]\n"
            "\n"
            "Replays one sensor of a gait-session-csv/1 folder through the sensor-node firmware core\n"
            "and writes its frames (Firmware/PROTOCOL.md).\n"
            "\n"
            "  --session DIR          session folder (session.json + CSV files)\n"
            "  --sensor ID            sensors[].id to replay\n"
            "  --out FILE|-           write frames to FILE, or to stdout with - (the default)\n"
            "  --pty                  create a pseudo-terminal, print `PTY /dev/pts/N` on stderr, stream\n"
            "                         there and answer host commands arriving on it\n"
            "  --speed X|max          replay at X times real time (default 1.0), or as fast as the\n"
            "                         output takes it\n"
            "  --device-id N          DESCRIPTOR device id (decimal or 0x hex; default: hash of the sensor)\n"
            "  --clock-offset-us N    device clock at the start of the replay, us (default 0)\n"
            "  --clock-drift-ppm X    device clock runs fast by X ppm (default 0)\n"
            "  --wait-start           wait for a START command (needs --pty) instead of streaming at once\n"
            "  --hold                 at the end of the file, stay connected (answering commands, sending\n"
            "                         STATUS) until the host closes the pty, STOPs, or a signal, as a real\n"
            "                         node would: the host ends the session, and nothing sent is lost\n"
            "  --from S               start at the first row S seconds into the file (a node switched on\n"
            "                         again mid-session: the rows before are never sent)\n"
            "  --loop                 play the file again and again, on one continuous clock (for soak tests)\n"
            "  --link PATH            also make PATH a symbolic link to the pty (removed at exit), a stable\n"
            "                         name like /dev/serial/by-id/... for a node that is restarted\n"
            "  --batch-ms X           target SAMPLE_BATCH length, ms (default 20)\n"
            "  --buffer-ms X          firmware sample buffer, ms of samples (default 1000)\n"
            "  --status-period-ms X   period of STATUS frames, ms; 0 for none (default 1000)\n"
            "  --accel-range-g G      IMU accelerometer range: 2, 4, 8, 16 (default 16)\n"
            "  --gyro-range-dps D     IMU gyroscope range: 125, 250, 500, 1000, 2000 (default 2000)\n"
            "  --counts-per-kpa N     insole resolution (default 16, i.e. 1/16 kPa per count)\n"
            "  --quiet                no summary on stderr\n"
            "\n"
            "Exit status: 0 at the end of the file or on SIGINT/SIGTERM (after a final STATUS),\n"
            "2 for bad arguments or input, 1 if the output failed.\n");
}

static bool parse_double(const char *const text, double *const value) {
    char *end;
    errno = 0;
    *value = strtod(text, &end);
    return errno == 0 && end != text && *end == '\0' && isfinite(*value);
}

static bool parse_u64(const char *const text, uint64_t *const value) {
    char *end;
    errno = 0;
    if (text[0] == '-') {
        return false;
    }
    *value = strtoull(text, &end, 0);
    return errno == 0 && end != text && *end == '\0';
}

static bool parse_i64(const char *const text, int64_t *const value) {
    char *end;
    errno = 0;
    *value = strtoll(text, &end, 0);
    return errno == 0 && end != text && *end == '\0';
}

static int bad_argument(const char *const message, const char *const argument) {
    fprintf(stderr, "virtual-node: %s%s%s\n", message, argument != NULL ? ": " : "", argument != NULL ? argument : "");
    fprintf(stderr, "Try 'virtual-node --help'.\n");
    return EXIT_BAD_INPUT;
}

/** Parses argv; returns -1 to continue, else an exit status. */
static int parse_options(const int argc, char **const argv, Options *const options) {
    int index;
    memset(options, 0, sizeof(*options));
    options->speed = 1.0;
    options->batch_ms = DEFAULT_BATCH_MS;
    options->buffer_ms = DEFAULT_BUFFER_MS;
    options->status_period_ms = DEFAULT_STATUS_PERIOD_MS;
    options->accel_range_g = 16u;
    options->gyro_range_dps = 2000u;
    options->counts_per_kpa = DEFAULT_COUNTS_PER_KPA;
    for (index = 1; index < argc; index++) {
        const char *const name = argv[index];
        const char *const value = index + 1 < argc ? argv[index + 1] : NULL;
        double number;
        uint64_t unsigned_number;
        if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
            print_usage(stdout);
            return 0;
        }
        if (strcmp(name, "--pty") == 0) {
            options->use_pty = true;
            continue;
        }
        if (strcmp(name, "--wait-start") == 0) {
            options->wait_start = true;
            continue;
        }
        if (strcmp(name, "--loop") == 0) {
            options->loop = true;
            continue;
        }
        if (strcmp(name, "--hold") == 0) {
            options->hold = true;
            continue;
        }
        if (strcmp(name, "--quiet") == 0) {
            options->quiet = true;
            continue;
        }
        if (value == NULL) {
            return bad_argument("missing value or unknown option", name);
        }
        index++;
        if (strcmp(name, "--session") == 0) {
            options->session_directory = value;
        } else if (strcmp(name, "--sensor") == 0) {
            options->sensor_id = value;
        } else if (strcmp(name, "--out") == 0) {
            options->out_path = value;
        } else if (strcmp(name, "--speed") == 0) {
            if (strcmp(value, "max") == 0) {
                options->max_speed = true;
            } else if (!parse_double(value, &options->speed) || !(options->speed > 0.0)) {
                return bad_argument("--speed must be a positive number or max", value);
            }
        } else if (strcmp(name, "--from") == 0) {
            if (!parse_double(value, &options->from_s) || options->from_s < 0.0) {
                return bad_argument("--from must be a non-negative number of seconds", value);
            }
        } else if (strcmp(name, "--link") == 0) {
            options->link_path = value;
        } else if (strcmp(name, "--device-id") == 0) {
            if (!parse_u64(value, &options->device_id)) {
                return bad_argument("--device-id must be an unsigned 64-bit number", value);
            }
            options->has_device_id = true;
        } else if (strcmp(name, "--clock-offset-us") == 0) {
            if (!parse_i64(value, &options->clock_offset_us) || options->clock_offset_us < 0) {
                return bad_argument("--clock-offset-us must be a non-negative integer", value);
            }
        } else if (strcmp(name, "--clock-drift-ppm") == 0) {
            if (!parse_double(value, &options->clock_drift_ppm) || fabs(options->clock_drift_ppm) > 1e5) {
                return bad_argument("--clock-drift-ppm must be a number within +-100000", value);
            }
        } else if (strcmp(name, "--batch-ms") == 0) {
            if (!parse_double(value, &options->batch_ms) || !(options->batch_ms > 0.0)) {
                return bad_argument("--batch-ms must be positive", value);
            }
        } else if (strcmp(name, "--buffer-ms") == 0) {
            if (!parse_double(value, &options->buffer_ms) || !(options->buffer_ms > 0.0)) {
                return bad_argument("--buffer-ms must be positive", value);
            }
        } else if (strcmp(name, "--status-period-ms") == 0) {
            if (!parse_double(value, &number) || number < 0.0 || number > 3.6e6) {
                return bad_argument("--status-period-ms must be between 0 and 3600000", value);
            }
            options->status_period_ms = number;
        } else if (strcmp(name, "--accel-range-g") == 0) {
            if (!parse_u64(value, &unsigned_number) ||
                (unsigned_number != 2u && unsigned_number != 4u && unsigned_number != 8u && unsigned_number != 16u)) {
                return bad_argument("--accel-range-g must be 2, 4, 8 or 16", value);
            }
            options->accel_range_g = (unsigned int) unsigned_number;
        } else if (strcmp(name, "--gyro-range-dps") == 0) {
            if (!parse_u64(value, &unsigned_number) ||
                (unsigned_number != 125u && unsigned_number != 250u && unsigned_number != 500u &&
                 unsigned_number != 1000u && unsigned_number != 2000u)) {
                return bad_argument("--gyro-range-dps must be 125, 250, 500, 1000 or 2000", value);
            }
            options->gyro_range_dps = (unsigned int) unsigned_number;
        } else if (strcmp(name, "--counts-per-kpa") == 0) {
            if (!parse_u64(value, &unsigned_number) || unsigned_number == 0u || unsigned_number > 1000u) {
                return bad_argument("--counts-per-kpa must be 1 .. 1000", value);
            }
            options->counts_per_kpa = (unsigned int) unsigned_number;
        } else {
            return bad_argument("unknown option", name);
        }
    }
    if (options->session_directory == NULL || options->sensor_id == NULL) {
        return bad_argument("--session and --sensor are required", NULL);
    }
    if (options->use_pty && options->out_path != NULL) {
        return bad_argument("--out and --pty exclude each other", NULL);
    }
    if ((options->hold || options->link_path != NULL) && !options->use_pty) {
        return bad_argument("--hold and --link need --pty", NULL);
    }
    if (options->wait_start && !options->use_pty) {
        return bad_argument("--wait-start needs --pty (START can only arrive on the pty)", NULL);
    }
    return -1;
}

// Functions: descriptor

static ImuIcm42688AccelRange accel_range_code(const unsigned int range_g) {
    switch (range_g) {
        case 2u: return IMU_ICM42688_ACCEL_RANGE_2G;
        case 4u: return IMU_ICM42688_ACCEL_RANGE_4G;
        case 8u: return IMU_ICM42688_ACCEL_RANGE_8G;
        default: return IMU_ICM42688_ACCEL_RANGE_16G;
    }
}

static ImuIcm42688GyroRange gyro_range_code(const unsigned int range_dps) {
    switch (range_dps) {
        case 125u: return IMU_ICM42688_GYRO_RANGE_125DPS;
        case 250u: return IMU_ICM42688_GYRO_RANGE_250DPS;
        case 500u: return IMU_ICM42688_GYRO_RANGE_500DPS;
        case 1000u: return IMU_ICM42688_GYRO_RANGE_1000DPS;
        default: return IMU_ICM42688_GYRO_RANGE_2000DPS;
    }
}

static uint64_t default_device_id(const char *const sensor_id, const char *const placement) {
    uint64_t hash = FNV_OFFSET_BASIS;
    const char *parts[3];
    unsigned int part;
    parts[0] = "gait-virtual-node/";
    parts[1] = sensor_id;
    parts[2] = placement;
    for (part = 0; part < 3u; part++) {
        const char *character;
        for (character = parts[part]; *character != '\0'; character++) {
            hash = (hash ^ (uint8_t) *character) * FNV_PRIME;
        }
    }
    return hash;
}

/** Fills the DESCRIPTOR from the session entry; false with a message if it does not fit the wire. */
static bool make_descriptor(const Options *const options, const SessionSensor *const sensor,
                            ProtocolDescriptor *const descriptor, ProtocolCell *const cells) {
    const double rate_millihz = sensor->rate_hz * MILLIHZ_PER_HZ;
    size_t index;
    memset(descriptor, 0, sizeof(*descriptor));
    descriptor->device_id = options->has_device_id ? options->device_id
                                                   : default_device_id(sensor->id, sensor->placement);
    (void) protocol_placement_from_name(sensor->placement, &descriptor->placement);
    if (!(rate_millihz >= 1.0 && rate_millihz <= (double) UINT32_MAX)) {
        fprintf(stderr, "virtual-node: sensor %s: rateHz %g does not fit the DESCRIPTOR (1 mHz .. 4.29 MHz)\n",
                sensor->id, sensor->rate_hz);
        return false;
    }
    descriptor->nominal_rate_millihz = (uint32_t) llround(rate_millihz);
    descriptor->count_min = INT16_MIN;
    descriptor->count_max = INT16_MAX;
    if (sensor->kind == SESSION_KIND_IMU) {
        ImuIcm42688Settings settings;
        ImuIcm42688Sensitivity sensitivity;
        settings.accel_range = accel_range_code(options->accel_range_g);
        settings.gyro_range = gyro_range_code(options->gyro_range_dps);
        settings.output_data_rate = IMU_ICM42688_ODR_1000HZ;
        settings.fifo_watermark_packets = 1;
        sensitivity = imu_icm42688_get_sensitivity(&settings);
        descriptor->kind = PROTOCOL_KIND_IMU;
        descriptor->channel_count = PROTOCOL_IMU_CHANNEL_COUNT;
        descriptor->accel_full_scale_mg = sensitivity.accel_full_scale_mg;
        descriptor->accel_scale.numerator = 1u;
        descriptor->accel_scale.denominator = sensitivity.accel_lsb_per_g;
        descriptor->gyro_full_scale_mdps = sensitivity.gyro_full_scale_mdps;
        descriptor->gyro_scale.numerator = 10u; /* sensitivity is in tenths of a count per dps */
        descriptor->gyro_scale.denominator = sensitivity.gyro_lsb_per_dps_x10;
        return true;
    }
    if (sensor->cell_count > PROTOCOL_MAX_CHANNELS) {
        fprintf(stderr, "virtual-node: sensor %s: %zu cells; the protocol carries at most %u\n", sensor->id,
                sensor->cell_count, PROTOCOL_MAX_CHANNELS);
        return false;
    }
    descriptor->kind = PROTOCOL_KIND_INSOLE;
    descriptor->channel_count = (uint8_t) sensor->cell_count;
    descriptor->pressure_scale.numerator = 1u;
    descriptor->pressure_scale.denominator = options->counts_per_kpa;
    for (index = 0; index < sensor->cell_count; index++) {
        const double x = sensor->cells[index].x_mm * TENTHS_MM_PER_MM;
        const double y = sensor->cells[index].y_mm * TENTHS_MM_PER_MM;
        const double area = sensor->cells[index].area_mm2 * HUNDREDTHS_MM2_PER_MM2;
        if (fabs(x) > INT16_MAX || fabs(y) > INT16_MAX || !(area >= 1.0 && area <= (double) UINT32_MAX)) {
            fprintf(stderr, "virtual-node: sensor %s: cells[%zu] does not fit the DESCRIPTOR "
                            "(x, y within +-3276.7 mm; area 0.01 .. 42949672 mm^2)\n",
                    sensor->id, index);
            return false;
        }
        cells[index].x_0p1mm = (int16_t) lround(x);
        cells[index].y_0p1mm = (int16_t) lround(y);
        cells[index].area_0p01mm2 = (uint32_t) llround(area);
    }
    descriptor->cells = cells;
    return true;
}

// Functions: output

static void on_signal(const int signal_number) {
    (void) signal_number;
    stop_requested = 1;
}

/** Opens a pty master, makes its slave raw; keeps the slave open so no reader is needed yet. */
static bool open_pty(int *const master, int *const slave, char *const name, const size_t name_size) {
    struct termios settings;
    const char *slave_name;
    *master = posix_openpt(O_RDWR | O_NOCTTY);
    if (*master < 0 || grantpt(*master) != 0 || unlockpt(*master) != 0 || (slave_name = ptsname(*master)) == NULL) {
        perror("virtual-node: pty");
        return false;
    }
    snprintf(name, name_size, "%s", slave_name);
    *slave = open(name, O_RDWR | O_NOCTTY);
    if (*slave < 0 || tcgetattr(*slave, &settings) != 0) {
        perror("virtual-node: pty slave");
        return false;
    }
    /* Raw 8-bit: no echo, no line editing, no CR/LF translation, no signals, no flow control. */
    settings.c_iflag &= (tcflag_t) ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON | IXOFF);
    settings.c_oflag &= (tcflag_t) ~OPOST;
    settings.c_lflag &= (tcflag_t) ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
    settings.c_cflag &= (tcflag_t) ~(CSIZE | PARENB);
    settings.c_cflag |= CS8;
    settings.c_cc[VMIN] = 1;
    settings.c_cc[VTIME] = 0;
    if (tcsetattr(*slave, TCSANOW, &settings) != 0 || fcntl(*master, F_SETFL, O_NONBLOCK) != 0) {
        perror("virtual-node: pty settings");
        return false;
    }
    return true;
}

/** Passes bytes from the pty to the node; returns how many there were. */
static size_t read_commands(const int fd, Node *const node) {
    uint8_t chunk[READ_CHUNK_BYTES];
    size_t total = 0;
    if (fd < 0) {
        return 0;
    }
    for (;;) {
        const ssize_t got = read(fd, chunk, sizeof(chunk));
        if (got <= 0) {
            return total; /* EAGAIN, or nobody attached yet */
        }
        node_receive(node, chunk, (size_t) got);
        total += (size_t) got;
    }
}

/**
 * Whether the host has closed the pty: only once our own copy of the slave is closed, since
 * that copy alone keeps the pty from hanging up.
 */
static bool host_has_hung_up(const int master, const int slave) {
    struct pollfd poll_master;
    if (master < 0 || slave >= 0) {
        return false;
    }
    poll_master.fd = master;
    poll_master.events = POLLIN;
    poll_master.revents = 0;
    return poll(&poll_master, 1, 0) > 0 && (poll_master.revents & (POLLHUP | POLLERR)) != 0 &&
           (poll_master.revents & POLLIN) == 0;
}

/** Waits for input, output room or a timeout. */
static void wait_for_events(const int read_fd, const int write_fd, const bool want_write, const int timeout_ms) {
    struct pollfd fds[2];
    nfds_t count = 0;
    if (read_fd >= 0) {
        fds[count].fd = read_fd;
        fds[count].events = POLLIN;
        count++;
    }
    if (want_write && write_fd >= 0) {
        fds[count].fd = write_fd;
        fds[count].events = POLLOUT;
        count++;
    }
    (void) poll(count > 0u ? fds : NULL, count, timeout_ms);
}

/** Bytes sent to the pty that its reader has not taken yet. */
static int unread_pty_bytes(const int slave) {
    int pending = 0;
    if (slave < 0 || ioctl(slave, FIONREAD, &pending) != 0) {
        return 0;
    }
    return pending;
}

// Functions: main

/** Everything the replay loop works on. */
typedef struct {
    Options options;
    HostBoard *host;
    Board board;
    ReplaySource replay;
    SensorSource source;
    Node *node;
    int out_fd;
    int pty_master;
    int pty_slave;
} VirtualNode;

/**
 * Replays until the end of the file or a signal; with --hold, also until the host closes the
 * pty (then returns true).
 */
static bool run(VirtualNode *const virtual_node) {
    Node *const node = virtual_node->node;
    HostLink *const link = &virtual_node->host->link;
    const size_t samples_ahead = virtual_node->node->settings.samples_per_batch;

    while (!stop_requested && !host_link_has_failed(link)) {
        double next_due_us;
        int timeout_ms = LOOP_WAIT_MAX_MS;
        bool want_write = false;

        if (read_commands(virtual_node->pty_master, node) > 0u && virtual_node->options.hold &&
            virtual_node->pty_slave >= 0) {
            /* The host is attached: from now on its close must show as a hangup (host_has_hung_up). */
            close(virtual_node->pty_slave);
            virtual_node->pty_slave = -1;
        }
        if (virtual_node->options.hold && host_has_hung_up(virtual_node->pty_master, virtual_node->pty_slave)) {
            return true;
        }
        if (virtual_node->options.max_speed && node_is_streaming(node) &&
            replay_source_get_next_due(&virtual_node->replay, samples_ahead, &next_due_us)) {
            /* As fast as possible, but never faster than the output takes it: move time on
             * by one batch only when the link has room for a few frames. */
            if (host_link_get_space(link) >= 2u * PROTOCOL_MAX_WIRE_FRAME_BYTES) {
                virtual_clock_advance_to(&virtual_node->host->clock, next_due_us);
                timeout_ms = 0;
            } else {
                want_write = true;
            }
        }
        node_update(node);
        if (replay_source_is_finished(&virtual_node->replay)) {
            return false;
        }
        if (!virtual_node->options.max_speed &&
            replay_source_get_next_due(&virtual_node->replay, 0, &next_due_us)) {
            const double wait_us = virtual_clock_wall_us_until(&virtual_node->host->clock, next_due_us);
            const double wait_ms = ceil(wait_us / US_PER_MS);
            timeout_ms = wait_ms < (double) LOOP_WAIT_MAX_MS ? (int) wait_ms : LOOP_WAIT_MAX_MS;
        }
        if (host_link_get_pending(link) > 0u) {
            want_write = true;
        }
        wait_for_events(virtual_node->pty_master, virtual_node->out_fd, want_write, timeout_ms);
    }
    return false;
}

/**
 * With --hold, after the end of the file: stays connected as a real node does (it answers
 * commands, a STOP included, and sends its STATUS) until the host hangs up or a signal comes.
 * @return true when the host hung up (then there is nobody left to flush to).
 */
static bool hold(VirtualNode *const virtual_node) {
    Node *const node = virtual_node->node;
    HostLink *const link = &virtual_node->host->link;
    /* Our own copy of the slave kept the pty open for a reader to come; the host now holds it,
     * and without ours its close shows here as a hangup. */
    if (virtual_node->pty_slave >= 0) {
        close(virtual_node->pty_slave);
        virtual_node->pty_slave = -1;
    }
    node_request_flush(node);
    while (!stop_requested && !host_link_has_failed(link)) {
        (void) read_commands(virtual_node->pty_master, node);
        node_update(node);
        if (host_has_hung_up(virtual_node->pty_master, virtual_node->pty_slave)) {
            return true;
        }
        wait_for_events(virtual_node->pty_master, virtual_node->out_fd, host_link_get_pending(link) > 0u, LOOP_WAIT_MAX_MS);
    }
    return false;
}

/** Sends what is buffered and a final STATUS; waits (bounded) for a pty reader to take it. */
static void finish(VirtualNode *const virtual_node) {
    Node *const node = virtual_node->node;
    HostLink *const link = &virtual_node->host->link;
    double deadline_us = virtual_clock_monotonic_us() + FLUSH_TIMEOUT_MS * US_PER_MS;

    node_request_flush(node);
    while (!host_link_has_failed(link) && virtual_clock_monotonic_us() < deadline_us) {
        read_commands(virtual_node->pty_master, node);
        node_update(node);
        if (node_is_idle(node) && host_link_get_pending(link) == 0u) {
            break;
        }
        wait_for_events(-1, virtual_node->out_fd, host_link_get_pending(link) > 0u, LOOP_WAIT_MAX_MS);
    }
    deadline_us = virtual_clock_monotonic_us() + DRAIN_TIMEOUT_MS * US_PER_MS;
    while (virtual_node->pty_slave >= 0 && unread_pty_bytes(virtual_node->pty_slave) > 0 &&
           virtual_clock_monotonic_us() < deadline_us) {
        wait_for_events(-1, -1, false, LOOP_WAIT_MAX_MS);
    }
}

int main(int argc, char **argv) {
    VirtualNode virtual_node;
    Session session;
    SensorTable table;
    const SessionSensor *sensor;
    ProtocolDescriptor descriptor;
    ProtocolCell cells[PROTOCOL_MAX_CHANNELS];
    NodeSettings settings;
    ProtocolStatus status;
    uint8_t *storage;
    size_t storage_bytes;
    char error[1024];
    char pty_name[256];
    char *csv_path;
    struct sigaction action;
    int exit_status = 0;
    bool host_hung_up = false;
    const int parsed = parse_options(argc, argv, &virtual_node.options);

    if (parsed >= 0) {
        return parsed;
    }
    /* Input: session.json and the sensor's file, checked before anything is sent. */
    if (!session_load(virtual_node.options.session_directory, &session, error, sizeof(error))) {
        fprintf(stderr, "virtual-node: %s\n", error);
        session_free(&session);
        return EXIT_BAD_INPUT;
    }
    sensor = session_find_sensor(&session, virtual_node.options.sensor_id);
    if (sensor == NULL) {
        size_t index;
        fprintf(stderr, "virtual-node: %s/session.json: no sensor with id \"%s\" (ids:",
                virtual_node.options.session_directory, virtual_node.options.sensor_id);
        for (index = 0; index < session.sensor_count; index++) {
            fprintf(stderr, " %s", session.sensors[index].id);
        }
        fprintf(stderr, ")\n");
        session_free(&session);
        return EXIT_BAD_INPUT;
    }
    csv_path = file_join_path(session.directory, sensor->file);
    if (csv_path == NULL || !sensor_csv_load(csv_path, sensor->kind, sensor->cell_count, &table, error, sizeof(error))) {
        fprintf(stderr, "virtual-node: %s\n", csv_path == NULL ? "out of memory" : error);
        free(csv_path);
        sensor_csv_free(&table);
        session_free(&session);
        return EXIT_BAD_INPUT;
    }
    if (table.partial && !virtual_node.options.quiet) {
        fprintf(stderr, "virtual-node: %s:%zu: truncated last line left out; replaying the %zu lines before it (partial)\n",
                csv_path, table.truncated_line, table.row_count);
    }
    free(csv_path);
    if (!make_descriptor(&virtual_node.options, sensor, &descriptor, cells)) {
        sensor_csv_free(&table);
        session_free(&session);
        return EXIT_BAD_INPUT;
    }

    /* Output. */
    virtual_node.pty_master = -1;
    virtual_node.pty_slave = -1;
    if (virtual_node.options.use_pty) {
        if (!open_pty(&virtual_node.pty_master, &virtual_node.pty_slave, pty_name, sizeof(pty_name))) {
            return 1;
        }
        virtual_node.out_fd = virtual_node.pty_master;
        if (virtual_node.options.link_path != NULL) {
            (void) unlink(virtual_node.options.link_path); /* a link left by a node that was killed */
            if (symlink(pty_name, virtual_node.options.link_path) != 0) {
                fprintf(stderr, "virtual-node: --link %s: %s\n", virtual_node.options.link_path, strerror(errno));
                return 1;
            }
        }
    } else if (virtual_node.options.out_path == NULL || strcmp(virtual_node.options.out_path, "-") == 0) {
        if (isatty(STDOUT_FILENO)) {
            fprintf(stderr, "virtual-node: refusing to write binary frames to a terminal; use --out FILE or --pty\n");
            return EXIT_BAD_INPUT;
        }
        virtual_node.out_fd = STDOUT_FILENO;
    } else {
        virtual_node.out_fd = open(virtual_node.options.out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (virtual_node.out_fd < 0) {
            fprintf(stderr, "virtual-node: %s: %s\n", virtual_node.options.out_path, strerror(errno));
            return 1;
        }
    }
    memset(&action, 0, sizeof(action));
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    action.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &action, NULL);

    /* Board, source and node. */
    virtual_node.host = malloc(sizeof(HostBoard));
    virtual_node.node = malloc(sizeof(Node));
    settings.samples_per_batch = (uint32_t) fmax(1.0, floor(sensor->rate_hz * virtual_node.options.batch_ms / MS_PER_S));
    settings.max_batch_age_us = (uint32_t) (2.0 * virtual_node.options.batch_ms * US_PER_MS);
    settings.status_period_us = (uint32_t) (virtual_node.options.status_period_ms * US_PER_MS);
    settings.stream_at_boot = !virtual_node.options.wait_start;
    settings.descriptor = descriptor;
    storage_bytes = (size_t) (ceil(sensor->rate_hz * virtual_node.options.buffer_ms / MS_PER_S) + 2.0) *
                    BATCHER_RECORD_BYTES(descriptor.channel_count);
    storage = malloc(storage_bytes);
    if (virtual_node.host == NULL || virtual_node.node == NULL || storage == NULL) {
        fprintf(stderr, "virtual-node: out of memory\n");
        return 1;
    }
    virtual_clock_initialise(&virtual_node.host->clock, virtual_node.options.max_speed ? 1.0 : virtual_node.options.speed,
                             virtual_node.options.clock_offset_us, virtual_node.options.clock_drift_ppm);
    host_link_initialise(&virtual_node.host->link, virtual_node.out_fd, virtual_node.options.use_pty);
    virtual_node.board = host_board_get_board(virtual_node.host);
    if (!replay_source_initialise(&virtual_node.replay, &table, &descriptor, &virtual_node.host->clock,
                                  sensor->rate_hz, !virtual_node.options.wait_start)) {
        fprintf(stderr, "virtual-node: out of memory\n");
        return 1;
    }
    replay_source_set_loop(&virtual_node.replay, virtual_node.options.loop);
    if (virtual_node.options.from_s > 0.0) {
        (void) replay_source_start_from(&virtual_node.replay, virtual_node.options.from_s);
    }
    virtual_node.source = replay_source_get_sensor_source(&virtual_node.replay);
    node_initialise(virtual_node.node, &virtual_node.board, &virtual_node.source, storage, storage_bytes);
    if (!node_set_settings(virtual_node.node, &settings)) {
        fprintf(stderr, "virtual-node: the node refused its settings (descriptor or buffer)\n");
        return 1;
    }
    if (virtual_node.options.use_pty) {
        fprintf(stderr, "PTY %s\n", pty_name);
        fflush(stderr);
    }

    if (run(&virtual_node)) {
        host_hung_up = true;
    } else if (virtual_node.options.hold && !stop_requested && !host_link_has_failed(&virtual_node.host->link) &&
               hold(&virtual_node)) {
        host_hung_up = true;
    } else {
        finish(&virtual_node);
    }

    status = node_get_status(virtual_node.node);
    if (host_link_has_failed(&virtual_node.host->link)) {
        fprintf(stderr, "virtual-node: writing frames failed: %s\n", strerror(errno));
        exit_status = 1;
    }
    if (!virtual_node.options.quiet) {
        fprintf(stderr,
                "virtual-node: %s: %" PRIu64 " of %zu rows sent%s%s; %" PRIu64 " gaps (%" PRIu64
                " samples missing); %" PRIu64 " values saturated in conversion; %" PRIu32
                " samples dropped by the firmware buffer; %" PRIu64 " bytes written\n",
                sensor->id, virtual_node.replay.rows_delivered, table.row_count,
                stop_requested ? " (stopped by signal)" : "", host_hung_up ? " (the host closed the link)" : "",
                virtual_node.replay.gaps, virtual_node.replay.gap_slots,
                virtual_node.replay.saturated_values, status.samples_dropped,
                virtual_node.host->link.bytes_written);
    }
    if (virtual_node.out_fd != STDOUT_FILENO) {
        close(virtual_node.out_fd);
    }
    if (virtual_node.pty_slave >= 0) {
        close(virtual_node.pty_slave);
    }
    if (virtual_node.options.link_path != NULL) {
        (void) unlink(virtual_node.options.link_path);
    }
    replay_source_free(&virtual_node.replay);
    free(storage);
    free(virtual_node.node);
    free(virtual_node.host);
    sensor_csv_free(&table);
    session_free(&session);
    return exit_status;
}

// End of file
