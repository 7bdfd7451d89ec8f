/**
 * @file firmware_version.h
 * @brief The firmware version reported in every DESCRIPTOR (semantic versioning).
 */

#ifndef FIRMWARE_VERSION_H
#define FIRMWARE_VERSION_H

#define FIRMWARE_VERSION_MAJOR (0u)
#define FIRMWARE_VERSION_MINOR (1u)
#define FIRMWARE_VERSION_PATCH (0u)

#endif

// End of file
