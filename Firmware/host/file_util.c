/**
 * @file file_util.c
 * @brief Host file helpers (see file_util.h).
 */

// Includes

#include "file_util.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Functions

/**
 * @brief Reads a whole file into a NUL-terminated heap buffer (the NUL is not counted).
 * @return NULL with "path: reason" in error on failure.
 */
char *file_read_all(const char *const path, size_t *const length, char *const error, const size_t error_size) {
    FILE *const file = fopen(path, "rb");
    char *buffer = NULL;
    size_t capacity = 0;
    size_t used = 0;
    if (file == NULL) {
        snprintf(error, error_size, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    for (;;) {
        size_t got;
        if (capacity - used < 2u) {
            const size_t new_capacity = capacity == 0u ? 4096u : capacity * 2u;
            char *const grown = realloc(buffer, new_capacity);
            if (grown == NULL) {
                free(buffer);
                fclose(file);
                snprintf(error, error_size, "%s: out of memory", path);
                return NULL;
            }
            buffer = grown;
            capacity = new_capacity;
        }
        got = fread(buffer + used, 1, capacity - used - 1u, file);
        used += got;
        if (got == 0u) {
            break;
        }
    }
    if (ferror(file)) {
        snprintf(error, error_size, "%s: read error: %s", path, strerror(errno));
        free(buffer);
        fclose(file);
        return NULL;
    }
    fclose(file);
    buffer[used] = '\0';
    *length = used;
    return buffer;
}

/**
 * @brief DIRECTORY/NAME in a heap buffer (NAME alone if it is absolute).
 */
char *file_join_path(const char *const directory, const char *const name) {
    const size_t directory_length = strlen(directory);
    const size_t name_length = strlen(name);
    char *path;
    if (name[0] == '/') {
        path = malloc(name_length + 1u);
        if (path != NULL) {
            memcpy(path, name, name_length + 1u);
        }
        return path;
    }
    path = malloc(directory_length + name_length + 2u);
    if (path == NULL) {
        return NULL;
    }
    memcpy(path, directory, directory_length);
    path[directory_length] = '/';
    memcpy(path + directory_length + 1u, name, name_length + 1u);
    return path;
}

// End of file
