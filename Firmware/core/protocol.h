/**
 * @file protocol.h
 * @brief The gait sensor-node wire protocol, version 1: constants, codes and the
 * in-memory form of every frame. Firmware/PROTOCOL.md is the normative text; every
 * number here is a number there.
 *
 * A frame on the wire is COBS(payload || CRC-32/ISO-HDLC(payload), little-endian)
 * followed by one 0x00 delimiter. The payload is a 14-byte header and a body. All
 * multi-byte fields are little-endian.
 */

#ifndef PROTOCOL_H
#define PROTOCOL_H

// Includes

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// Definitions: framing

/** Protocol version carried in every header. */
#define PROTOCOL_VERSION (1u)

/** The byte that ends every frame; COBS guarantees it appears nowhere else. */
#define PROTOCOL_FRAME_DELIMITER (0x00u)

/** Header size in bytes: version (1), type (1), sequence (4), timestamp_us (8). */
#define PROTOCOL_HEADER_BYTES (14u)

/** CRC size in bytes (CRC-32/ISO-HDLC, appended little-endian). */
#define PROTOCOL_CRC_BYTES (4u)

/** Largest payload (header + body, without CRC) in bytes. */
#define PROTOCOL_MAX_PAYLOAD_BYTES (1024u)

/** Largest COBS-encoded frame without its delimiter, in bytes: n + floor(n / 254) + 1 for n = 1028. */
#define PROTOCOL_MAX_ENCODED_BYTES (1033u)

/** Largest frame on the wire including its 0x00 delimiter, in bytes. */
#define PROTOCOL_MAX_WIRE_FRAME_BYTES (PROTOCOL_MAX_ENCODED_BYTES + 1u)

// Definitions: frame types

/** Frame types. Device-to-host types have bit 7 clear, host-to-device commands have it set. */
typedef enum {
    PROTOCOL_FRAME_DESCRIPTOR = 0x01,      /* device -> host: what the node is and how to scale its counts */
    PROTOCOL_FRAME_SAMPLE_BATCH = 0x02,    /* device -> host: consecutive samples, raw counts */
    PROTOCOL_FRAME_STATUS = 0x03,          /* device -> host: health and counters */
    PROTOCOL_FRAME_TIME_SYNC = 0x04,       /* device -> host: reply to TIME_SYNC_PING */
    PROTOCOL_COMMAND_START = 0x81,         /* host -> device: start streaming; reply STATUS */
    PROTOCOL_COMMAND_STOP = 0x82,          /* host -> device: stop streaming; reply STATUS */
    PROTOCOL_COMMAND_SET_PLACEMENT = 0x83, /* host -> device: set placement code; reply DESCRIPTOR */
    PROTOCOL_COMMAND_TIME_SYNC_PING = 0x84,/* host -> device: clock ping; reply TIME_SYNC */
    PROTOCOL_COMMAND_GET_DESCRIPTOR = 0x85,/* host -> device: reply DESCRIPTOR */
    PROTOCOL_COMMAND_GET_STATUS = 0x86,    /* host -> device: reply STATUS */
} ProtocolFrameType;

/** Bit set in the type of every host-to-device frame. */
#define PROTOCOL_COMMAND_BIT (0x80u)

// Definitions: sensors and placements

/** Sensor kinds (DESCRIPTOR.kind). */
typedef enum {
    PROTOCOL_KIND_IMU = 1,    /* 6 channels: ax, ay, az (accelerometer), gx, gy, gz (gyroscope) */
    PROTOCOL_KIND_INSOLE = 2, /* one channel per pressure cell */
} ProtocolSensorKind;

/** Placement codes; the strings are those of conventions.md. */
typedef enum {
    PROTOCOL_PLACEMENT_UNSET = 0,
    PROTOCOL_PLACEMENT_PELVIS = 1,
    PROTOCOL_PLACEMENT_LEFT_THIGH = 2,
    PROTOCOL_PLACEMENT_RIGHT_THIGH = 3,
    PROTOCOL_PLACEMENT_LEFT_SHANK = 4,
    PROTOCOL_PLACEMENT_RIGHT_SHANK = 5,
    PROTOCOL_PLACEMENT_LEFT_FOOT = 6,
    PROTOCOL_PLACEMENT_RIGHT_FOOT = 7,
    PROTOCOL_PLACEMENT_LEFT_INSOLE = 8,
    PROTOCOL_PLACEMENT_RIGHT_INSOLE = 9,
} ProtocolPlacement;

/** Highest valid placement code. */
#define PROTOCOL_PLACEMENT_LAST (PROTOCOL_PLACEMENT_RIGHT_INSOLE)

/** Channels of an IMU sample, in wire order: ax, ay, az, gx, gy, gz. */
#define PROTOCOL_IMU_CHANNEL_COUNT (6u)

/** Channel of gx in an IMU sample; channels below it are accelerometer axes. */
#define PROTOCOL_IMU_FIRST_GYRO_CHANNEL (3u)

/** Most channels (insole cells) a node may have. */
#define PROTOCOL_MAX_CHANNELS (64u)

/** Largest time step between consecutive samples of one batch, in microseconds (uint16 field). */
#define PROTOCOL_MAX_SAMPLE_DELTA_US (65535u)

/** Largest sample count of one batch (uint8 field); the payload limit may allow fewer. */
#define PROTOCOL_MAX_BATCH_SAMPLES (255u)

// Definitions: body sizes in bytes (header excluded)

#define PROTOCOL_DESCRIPTOR_COMMON_BYTES (22u) /* device_id .. count_max */
#define PROTOCOL_DESCRIPTOR_IMU_BYTES (24u)    /* accel and gyro full scale and scale factors */
#define PROTOCOL_DESCRIPTOR_INSOLE_BYTES (8u)  /* pressure scale factor, before the cells */
#define PROTOCOL_DESCRIPTOR_CELL_BYTES (8u)    /* x, y, area of one cell */
#define PROTOCOL_SAMPLE_BATCH_FIXED_BYTES (14u)/* first index, first timestamp, counts */
#define PROTOCOL_STATUS_BYTES (39u)
#define PROTOCOL_TIME_SYNC_BYTES (20u)
#define PROTOCOL_SET_PLACEMENT_BYTES (1u)
#define PROTOCOL_TIME_SYNC_PING_BYTES (12u)

// Definitions: status flags and command results

/** STATUS.flags bits. */
typedef enum {
    PROTOCOL_STATUS_FLAG_STREAMING = 0x01,    /* START received (or streaming from boot), no STOP since */
    PROTOCOL_STATUS_FLAG_SENSOR_FAULT = 0x02, /* the sensor failed to start or stopped answering */
    PROTOCOL_STATUS_FLAG_PLACEMENT_SET = 0x04,/* placement is not PROTOCOL_PLACEMENT_UNSET */
} ProtocolStatusFlag;

/** STATUS.last_command_result values. */
typedef enum {
    PROTOCOL_RESULT_OK = 0,
    PROTOCOL_RESULT_UNKNOWN_COMMAND = 1, /* frame type not a known command */
    PROTOCOL_RESULT_BAD_LENGTH = 2,      /* body length wrong for the command */
    PROTOCOL_RESULT_BAD_ARGUMENT = 3,    /* e.g. a placement code unknown or not for this sensor kind */
    PROTOCOL_RESULT_SENSOR_FAULT = 4,    /* START accepted but the sensor did not start */
    PROTOCOL_RESULT_NONE = 0xFF,         /* no command received since boot */
} ProtocolCommandResult;

/** STATUS.sensor_temperature_cdeg when the sensor has no temperature. */
#define PROTOCOL_TEMPERATURE_UNKNOWN (INT16_MAX)

// Definitions: in-memory frames

/** The header of every frame. */
typedef struct {
    uint8_t version;       /* PROTOCOL_VERSION */
    uint8_t type;          /* ProtocolFrameType */
    uint32_t sequence;     /* per direction, +1 per frame, wraps 0xFFFFFFFF -> 0 */
    uint64_t timestamp_us; /* us; device clock when built (device frames), host clock (commands) */
} ProtocolHeader;

/** An exact scale factor: one count is numerator / denominator of the unit named where it is used. */
typedef struct {
    uint32_t numerator;
    uint32_t denominator;
} ProtocolScale;

/** One insole cell in the insole frame of conventions.md. */
typedef struct {
    int16_t x_0p1mm;       /* 0.1 mm; heel (0) to toe */
    int16_t y_0p1mm;       /* 0.1 mm; to the subject's left */
    uint32_t area_0p01mm2; /* 0.01 mm^2 */
} ProtocolCell;

/** DESCRIPTOR body. */
typedef struct {
    uint64_t device_id;
    uint8_t firmware_major;
    uint8_t firmware_minor;
    uint8_t firmware_patch;
    uint8_t kind;                  /* ProtocolSensorKind */
    uint8_t placement;             /* ProtocolPlacement */
    uint8_t channel_count;         /* 6 for an IMU, the cell count for an insole */
    uint32_t nominal_rate_millihz; /* mHz (500 Hz = 500000) */
    int16_t count_min;             /* smallest count a channel can take */
    int16_t count_max;             /* largest count a channel can take */
    /* kind == PROTOCOL_KIND_IMU */
    uint32_t accel_full_scale_mg;  /* mg; +-range */
    ProtocolScale accel_scale;     /* g per count */
    uint32_t gyro_full_scale_mdps; /* millidegrees per second; +-range */
    ProtocolScale gyro_scale;      /* degrees per second per count */
    /* kind == PROTOCOL_KIND_INSOLE */
    ProtocolScale pressure_scale;  /* kPa per count */
    const ProtocolCell *cells;     /* channel_count cells, in channel order */
} ProtocolDescriptor;

/** STATUS body. */
typedef struct {
    uint32_t uptime_ms;                /* ms since boot */
    uint16_t battery_mv;               /* mV; 0 when unknown or powered by USB */
    int16_t sensor_temperature_cdeg;   /* 0.01 degC; PROTOCOL_TEMPERATURE_UNKNOWN if none */
    uint8_t flags;                     /* ProtocolStatusFlag bits */
    uint8_t last_command_type;         /* 0 if none */
    uint8_t last_command_result;       /* ProtocolCommandResult */
    uint32_t last_command_sequence;    /* sequence of that command */
    uint32_t samples_acquired;         /* samples; index the next sample will get */
    uint32_t samples_dropped;          /* samples; dropped because a firmware buffer was full */
    uint32_t samples_lost_at_sensor;   /* samples; never delivered by the sensor */
    uint32_t samples_saturated;        /* samples; with a channel at the end of its range */
    uint32_t rx_frames_accepted;       /* frames; commands received intact (any result) */
    uint32_t rx_frames_rejected;       /* frames; received with bad COBS, CRC, length or version */
} ProtocolStatus;

/** TIME_SYNC body (the header timestamp is the device's transmit time). */
typedef struct {
    uint32_t ping_id;
    uint64_t host_timestamp_us;           /* us; echoed from the ping */
    uint64_t device_receive_timestamp_us; /* us; device clock when the ping was received */
} ProtocolTimeSync;

/** A host command, parsed. */
typedef struct {
    uint8_t type;          /* ProtocolFrameType, a command */
    uint32_t sequence;     /* host's sequence number */
    uint64_t timestamp_us; /* host's header timestamp */
    uint8_t placement;     /* SET_PLACEMENT */
    uint32_t ping_id;      /* TIME_SYNC_PING */
    uint64_t host_timestamp_us; /* TIME_SYNC_PING; us on the host clock */
} ProtocolCommand;

// Function declarations

const char *protocol_placement_name(uint8_t placement);
bool protocol_placement_from_name(const char *name, uint8_t *placement);
bool protocol_placement_fits_kind(uint8_t placement, uint8_t kind);
const char *protocol_frame_type_name(uint8_t type);
size_t protocol_sample_batch_max_samples(uint8_t channel_count);
size_t protocol_sample_batch_body_bytes(size_t sample_count, uint8_t channel_count);

#endif

// End of file
