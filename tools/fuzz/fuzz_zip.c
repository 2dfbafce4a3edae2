/* The zip container layer: any bytes as a package. Every entry is listed and
 * read through both the whole-part and the streaming readers, so that their
 * caps are what stops a bomb, not the fuzzer's memory limit. */
#include "fuzz_input.h"
#include "zipread.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = dhr_fuzz_file(data, size, ".zip");
    if (!p)
        return 0;
    dhr_read_error err;
    dhr_zip *z = dhr_zip_open(p, &err);
    if (!z)
        return 0;
    uint64_t n = dhr_zip_count(z);
    for (uint64_t i = 0; i < n && i < 64; i++) {
        const char *name = dhr_zip_name(z, i);
        if (!name)
            continue;
        char *buf = NULL;
        size_t len = 0;
        if (dhr_zip_read_small(z, name, false, &buf, &len, &err))
            free(buf);
        dhr_zip_stream *s = dhr_zip_stream_open(z, name, &err);
        if (s) {
            char chunk[4096];
            while (dhr_zip_stream_read(s, chunk, sizeof chunk, &err) > 0)
                ;
            dhr_zip_stream_close(s);
        }
    }
    dhr_zip_close(z);
    return 0;
}
