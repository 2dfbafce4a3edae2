/* Output files written whole or not at all: to a temporary file beside the
 * target, renamed over it only when complete. */
#ifndef DHR_OUTPUT_H
#define DHR_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

typedef struct dhr_output {
    FILE *f;
    char *tmp, *path;
} dhr_output;

/* PATH "-" or NULL is standard output. Fails (with errno) when PATH is one of
 * the INPUTS: dhrlint never overwrites what it reads. */
bool dhr_output_open(dhr_output *o, const char *path, char *const *inputs, size_t ninputs);
/* Flushes and renames into place; on failure removes the temporary file. */
bool dhr_output_close(dhr_output *o);
void dhr_output_abort(dhr_output *o);

#endif
