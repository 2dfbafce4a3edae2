/* What the harnesses share: the fuzz input as a file (dhrlint reads paths,
 * never buffers, so the harness writes one), and a zip made around it. */
#ifndef DHR_FUZZ_INPUT_H
#define DHR_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>

/* Writes DATA to this process's scratch file and returns its path (NULL on
 * failure). The file is rewritten on every call. */
const char *dhr_fuzz_file(const uint8_t *data, size_t size, const char *suffix);

/* Writes a package to the scratch file: NAMES[i] holding TEXTS[i] (LENS[i]
 * bytes), stored or deflated alternately; returns its path or NULL. */
const char *dhr_fuzz_package(const char *const *names, const void *const *texts,
                             const size_t *lens, size_t n);

#endif
