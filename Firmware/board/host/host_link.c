/**
 * @file host_link.c
 * @brief Bounded transmit buffer over a file descriptor (see host_link.h).
 */

#define _POSIX_C_SOURCE 200809L

// Includes

#include "host_link.h"
#include <errno.h>
#include <unistd.h>

// Functions

void host_link_initialise(HostLink *const link, const int fd, const bool non_blocking) {
    link->fd = fd;
    link->non_blocking = non_blocking;
    link->head = 0;
    link->count = 0;
    link->bytes_written = 0;
    link->failed = false;
}

/**
 * @brief Writes as much buffered data as the descriptor takes now (all of it, when blocking).
 */
void host_link_flush(HostLink *const link) {
    while (link->count > 0u && !link->failed) {
        const size_t contiguous =
            link->head + link->count <= HOST_LINK_BUFFER_BYTES ? link->count : HOST_LINK_BUFFER_BYTES - link->head;
        const ssize_t written = write(link->fd, &link->buffer[link->head], contiguous);
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                return; /* the reader is behind; try again later */
            }
            link->failed = true;
            return;
        }
        link->head = (link->head + (size_t) written) % HOST_LINK_BUFFER_BYTES;
        link->count -= (size_t) written;
        link->bytes_written += (uint64_t) written;
    }
}

/**
 * @brief Room for new bytes, after writing out what the descriptor takes.
 */
size_t host_link_get_space(HostLink *const link) {
    host_link_flush(link);
    return HOST_LINK_BUFFER_BYTES - link->count;
}

/**
 * @brief Buffers bytes (and writes them out as far as possible).
 * @return Bytes taken: all of them if get_space() said there was room.
 */
size_t host_link_transmit(HostLink *const link, const uint8_t *const bytes, const size_t length) {
    size_t index;
    size_t taken = 0;
    for (index = 0; index < length && link->count < HOST_LINK_BUFFER_BYTES; index++) {
        link->buffer[(link->head + link->count) % HOST_LINK_BUFFER_BYTES] = bytes[index];
        link->count++;
        taken++;
    }
    host_link_flush(link);
    return taken;
}

size_t host_link_get_pending(const HostLink *const link) {
    return link->count;
}

bool host_link_has_failed(const HostLink *const link) {
    return link->failed;
}

// End of file
