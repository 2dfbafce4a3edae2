/* Reading parts of a zip package, never trusting the sizes it declares. */
#ifndef DHR_ZIPREAD_H
#define DHR_ZIPREAD_H

#include "dhrlint/reader.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct dhr_zip dhr_zip;
typedef struct dhr_zip_stream dhr_zip_stream;

/* Opens PATH, already known to start like a zip. */
dhr_zip *dhr_zip_open(const char *path, dhr_read_error *err);
void dhr_zip_close(dhr_zip *z);

uint64_t dhr_zip_count(dhr_zip *z);
const char *dhr_zip_name(dhr_zip *z, uint64_t i);
/* Part names in a package are case-insensitive (OPC); an exact match wins. */
bool dhr_zip_has(dhr_zip *z, const char *name);

/* Reads a whole small part (at most DHR_MAX_SMALL_PART_BYTES) into a malloc'd,
 * NUL-terminated buffer. Returns false and fills ERR on failure; a missing
 * part is a failure only when REQUIRED (else *OUT is NULL). */
bool dhr_zip_read_small(dhr_zip *z, const char *name, bool required, char **out, size_t *len,
                        dhr_read_error *err);

dhr_zip_stream *dhr_zip_stream_open(dhr_zip *z, const char *name, dhr_read_error *err);
/* Bytes read, 0 at the end, -1 on failure (ERR filled). */
long dhr_zip_stream_read(dhr_zip_stream *s, char *buf, size_t n, dhr_read_error *err);
void dhr_zip_stream_close(dhr_zip_stream *s);

/* Fills ERR with a formatted message. */
void dhr_set_error(dhr_read_error *err, dhr_read_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
