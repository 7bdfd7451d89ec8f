/**
 * @file host_link.h
 * @brief The host board's byte link: a POSIX file descriptor (a pty master, a file,
 * stdout) behind a bounded transmit buffer, like the USB transmit buffer of an MCU.
 *
 * For a descriptor that can refuse to take data (a pty nobody reads), the buffer fills
 * and get_transmit_space() reports less room, so the node waits and its own sample
 * buffer takes the strain, exactly as on a device whose host stopped reading. For a
 * regular file or a pipe, writes block and the buffer is written through at once.
 */

#ifndef HOST_LINK_H
#define HOST_LINK_H

// Includes

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// Definitions

/** Transmit buffer size in bytes (a full-speed USB CDC device typically has a few kB). */
#define HOST_LINK_BUFFER_BYTES (16384u)

/** Link state. All members are private. */
typedef struct {
    int fd;
    bool non_blocking;     /* writes may be refused: buffer and retry */
    uint8_t buffer[HOST_LINK_BUFFER_BYTES];
    size_t head;           /* oldest unwritten byte */
    size_t count;          /* unwritten bytes */
    uint64_t bytes_written;
    bool failed;           /* a write failed for good (EIO, EPIPE, disk full) */
} HostLink;

// Function declarations

void host_link_initialise(HostLink *link, int fd, bool non_blocking);
size_t host_link_get_space(HostLink *link);
size_t host_link_transmit(HostLink *link, const uint8_t *bytes, size_t length);
void host_link_flush(HostLink *link);
size_t host_link_get_pending(const HostLink *link);
bool host_link_has_failed(const HostLink *link);

#endif

// End of file
