/**
 * @file protocol.c
 * @brief Tables and size rules of the wire protocol (see protocol.h, PROTOCOL.md).
 */

// Includes

#include "protocol.h"
#include <string.h>

// Variables

/** Placement strings of conventions.md, indexed by ProtocolPlacement. */
static const char *const placement_names[PROTOCOL_PLACEMENT_LAST + 1u] = {
    "unset",
    "pelvis",
    "left_thigh",
    "right_thigh",
    "left_shank",
    "right_shank",
    "left_foot",
    "right_foot",
    "left_insole",
    "right_insole",
};

// Functions

/**
 * @brief Returns the conventions.md string of a placement code ("unset" for 0).
 * @return NULL if the code is not defined.
 */
const char *protocol_placement_name(const uint8_t placement) {
    if (placement > PROTOCOL_PLACEMENT_LAST) {
        return NULL;
    }
    return placement_names[placement];
}

/**
 * @brief Looks up the code of a placement string.
 * @return false if the string is not a placement of conventions.md (or "unset").
 */
bool protocol_placement_from_name(const char *const name, uint8_t *const placement) {
    uint8_t code;
    for (code = 0; code <= PROTOCOL_PLACEMENT_LAST; code++) {
        if (strcmp(name, placement_names[code]) == 0) {
            *placement = code;
            return true;
        }
    }
    return false;
}

/**
 * @brief Whether a sensor of the given kind may be worn at a placement. UNSET fits every kind.
 */
bool protocol_placement_fits_kind(const uint8_t placement, const uint8_t kind) {
    if (placement == PROTOCOL_PLACEMENT_UNSET) {
        return (kind == PROTOCOL_KIND_IMU) || (kind == PROTOCOL_KIND_INSOLE);
    }
    if (kind == PROTOCOL_KIND_IMU) {
        return placement >= PROTOCOL_PLACEMENT_PELVIS && placement <= PROTOCOL_PLACEMENT_RIGHT_FOOT;
    }
    if (kind == PROTOCOL_KIND_INSOLE) {
        return placement == PROTOCOL_PLACEMENT_LEFT_INSOLE || placement == PROTOCOL_PLACEMENT_RIGHT_INSOLE;
    }
    return false;
}

/**
 * @brief Returns the PROTOCOL.md name of a frame type, or NULL if unknown.
 */
const char *protocol_frame_type_name(const uint8_t type) {
    switch (type) {
        case PROTOCOL_FRAME_DESCRIPTOR: return "DESCRIPTOR";
        case PROTOCOL_FRAME_SAMPLE_BATCH: return "SAMPLE_BATCH";
        case PROTOCOL_FRAME_STATUS: return "STATUS";
        case PROTOCOL_FRAME_TIME_SYNC: return "TIME_SYNC";
        case PROTOCOL_COMMAND_START: return "START";
        case PROTOCOL_COMMAND_STOP: return "STOP";
        case PROTOCOL_COMMAND_SET_PLACEMENT: return "SET_PLACEMENT";
        case PROTOCOL_COMMAND_TIME_SYNC_PING: return "TIME_SYNC_PING";
        case PROTOCOL_COMMAND_GET_DESCRIPTOR: return "GET_DESCRIPTOR";
        case PROTOCOL_COMMAND_GET_STATUS: return "GET_STATUS";
        default: return NULL;
    }
}

/**
 * @brief Body size of a SAMPLE_BATCH in bytes: the fixed part, then per sample a uint16
 * time step and channel_count int16 counts.
 */
size_t protocol_sample_batch_body_bytes(const size_t sample_count, const uint8_t channel_count) {
    return PROTOCOL_SAMPLE_BATCH_FIXED_BYTES + sample_count * (2u + 2u * (size_t) channel_count);
}

/**
 * @brief Most samples one SAMPLE_BATCH can carry for a channel count: bounded by the
 * payload limit and by the uint8 sample_count field. 0 for an invalid channel count.
 */
size_t protocol_sample_batch_max_samples(const uint8_t channel_count) {
    const size_t available = PROTOCOL_MAX_PAYLOAD_BYTES - PROTOCOL_HEADER_BYTES - PROTOCOL_SAMPLE_BATCH_FIXED_BYTES;
    size_t samples;
    if (channel_count == 0u || channel_count > PROTOCOL_MAX_CHANNELS) {
        return 0u;
    }
    samples = available / (2u + 2u * (size_t) channel_count);
    return samples < PROTOCOL_MAX_BATCH_SAMPLES ? samples : PROTOCOL_MAX_BATCH_SAMPLES;
}

// End of file
