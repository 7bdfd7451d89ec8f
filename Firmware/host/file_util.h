/**
 * @file file_util.h
 * @brief Small host file helpers: whole-file reads and path joining.
 */

#ifndef FILE_UTIL_H
#define FILE_UTIL_H

// Includes

#include <stddef.h>

// Function declarations

char *file_read_all(const char *path, size_t *length, char *error, size_t error_size);
char *file_join_path(const char *directory, const char *name);

#endif

// End of file
