/* Scratch files for the harnesses, in /dev/shm when it exists (memory, not
 * disk: a fuzzer writes millions of them). */
#include "fuzz_input.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

static char path[256];

static const char *scratch(const char *suffix)
{
    const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(path, sizeof path, "%s/dhrlint-fuzz-%ld%s", dir, (long)getpid(), suffix);
    return path;
}

const char *dhr_fuzz_file(const uint8_t *data, size_t size, const char *suffix)
{
    const char *p = scratch(suffix);
    FILE *f = fopen(p, "wb");
    if (!f)
        return NULL;
    bool ok = fwrite(data, 1, size, f) == size;
    return fclose(f) == 0 && ok ? p : NULL;
}

const char *dhr_fuzz_package(const char *const *names, const void *const *texts,
                             const size_t *lens, size_t n)
{
    const char *p = scratch(".zip");
    int err = 0;
    zip_t *z = zip_open(p, ZIP_CREATE | ZIP_TRUNCATE, &err);
    if (!z)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        zip_source_t *s = zip_source_buffer(z, texts[i], lens[i], 0);
        zip_int64_t at = s ? zip_file_add(z, names[i], s, ZIP_FL_OVERWRITE) : -1;
        if (at < 0) {
            zip_source_free(s);
            zip_discard(z);
            return NULL;
        }
        zip_set_file_compression(z, (zip_uint64_t)at, i % 2 ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0);
    }
    return zip_close(z) == 0 ? p : NULL;
}
