#include "zipread.h"

#include "dhrlint/limits.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

struct dhr_zip {
    zip_t *za;
    uint64_t inflated; /* across all parts: the total cap */
};

struct dhr_zip_stream {
    dhr_zip *z;
    zip_file_t *zf;
    const char *name;
    uint64_t read;
};

void dhr_set_error(dhr_read_error *err, dhr_read_status status, const char *fmt, ...)
{
    err->status = status;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
}

static const char damaged_hint[] = "open it in Word or LibreOffice and save it again";

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

/* libzip refuses a directory whose entry declares a size of 0xFFFFFFFF
 * without the ZIP64 field that value promises. Before calling such a file
 * damaged, walk its central directory (from a sound end record only, so that
 * damaged files stay damaged) and see what it declares. */
static bool declares_bomb(const char *path, dhr_read_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    bool bomb = false;
    unsigned char *cd = NULL;
    unsigned char tail[65536 + 22];
    long size = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    long want = size < (long)sizeof tail ? size : (long)sizeof tail;
    if (size < 22 || fseek(f, size - want, SEEK_SET) != 0 || fread(tail, 1, (size_t)want, f) != (size_t)want)
        goto out;
    long eocd = -1;
    for (long i = want - 22; i >= 0; i--)
        if (tail[i] == 'P' && tail[i + 1] == 'K' && tail[i + 2] == 5 && tail[i + 3] == 6) {
            eocd = i;
            break;
        }
    if (eocd < 0)
        goto out;
    uint32_t cd_size = le32(tail + eocd + 12), cd_off = le32(tail + eocd + 16);
    uint16_t entries = le16(tail + eocd + 10);
    if ((uint64_t)cd_off + cd_size > (uint64_t)(size - want + eocd) || cd_size > 64u * 1024 * 1024)
        goto out;
    cd = malloc(cd_size ? cd_size : 1);
    if (!cd || fseek(f, (long)cd_off, SEEK_SET) != 0 || fread(cd, 1, cd_size, f) != cd_size)
        goto out;
    size_t pos = 0;
    for (uint16_t e = 0; e < entries && pos + 46 <= cd_size; e++) {
        const unsigned char *h = cd + pos;
        if (le32(h) != 0x02014b50)
            goto out; /* not a sound directory: leave it to "damaged" */
        if (le32(h + 24) > DHR_MAX_PART_BYTES)
            bomb = true;
        pos += 46u + le16(h + 28) + le16(h + 30) + le16(h + 32);
    }
out:
    free(cd);
    fclose(f);
    if (bomb)
        dhr_set_error(err, DHR_READ_ZIP_BOMB,
                      "an entry declares more than %u MiB once inflated: possibly a zip bomb; it "
                      "was not read",
                      DHR_MAX_PART_BYTES >> 20);
    return bomb;
}

dhr_zip *dhr_zip_open(const char *path, dhr_read_error *err)
{
    int code = 0;
    zip_t *za = zip_open(path, ZIP_RDONLY, &code);
    if (!za) {
        switch (code) {
        case ZIP_ER_MEMORY:
            dhr_set_error(err, DHR_READ_NO_MEMORY, "out of memory opening the package");
            break;
        case ZIP_ER_OPEN:
        case ZIP_ER_READ:
            dhr_set_error(err, DHR_READ_IO, "cannot read the file");
            break;
        default:
            if (declares_bomb(path, err))
                break;
            /* It starts like a zip but its directory is missing or wrong:
             * the usual result of an interrupted copy or download. */
            dhr_set_error(err, DHR_READ_DAMAGED_ZIP,
                          "the file is truncated or damaged (its zip directory cannot be read): %s",
                          damaged_hint);
        }
        return NULL;
    }
    zip_int64_t n = zip_get_num_entries(za, 0);
    if (n < 0 || n > DHR_MAX_ZIP_ENTRIES) {
        zip_discard(za);
        dhr_set_error(err, DHR_READ_LIMIT,
                      "the package has too many entries (%lld, limit %d): this is not a report "
                      "dhrlint can check",
                      (long long)n, DHR_MAX_ZIP_ENTRIES);
        return NULL;
    }
    dhr_zip *z = calloc(1, sizeof *z);
    if (!z) {
        zip_discard(za);
        dhr_set_error(err, DHR_READ_NO_MEMORY, "out of memory");
        return NULL;
    }
    z->za = za;
    return z;
}

void dhr_zip_close(dhr_zip *z)
{
    if (!z)
        return;
    zip_discard(z->za);
    free(z);
}

uint64_t dhr_zip_count(dhr_zip *z)
{
    zip_int64_t n = zip_get_num_entries(z->za, 0);
    return n < 0 ? 0 : (uint64_t)n;
}

const char *dhr_zip_name(dhr_zip *z, uint64_t i)
{
    return zip_get_name(z->za, i, ZIP_FL_ENC_GUESS);
}

static zip_int64_t locate(dhr_zip *z, const char *name)
{
    if (name[0] == '/')
        name++;
    zip_int64_t i = zip_name_locate(z->za, name, ZIP_FL_ENC_GUESS);
    if (i < 0)
        i = zip_name_locate(z->za, name, ZIP_FL_ENC_GUESS | ZIP_FL_NOCASE);
    return i;
}

bool dhr_zip_has(dhr_zip *z, const char *name)
{
    return locate(z, name) >= 0;
}

dhr_zip_stream *dhr_zip_stream_open(dhr_zip *z, const char *name, dhr_read_error *err)
{
    zip_int64_t i = locate(z, name);
    if (i < 0) {
        dhr_set_error(err, DHR_READ_NO_MAIN_PART, "the package has no part %s", name);
        return NULL;
    }
    zip_stat_t st;
    if (zip_stat_index(z->za, (zip_uint64_t)i, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
        st.size > DHR_MAX_PART_BYTES) {
        dhr_set_error(err, DHR_READ_ZIP_BOMB,
                      "part %s declares %llu MiB once inflated (limit %u MiB): possibly a zip bomb; "
                      "it was not read",
                      name, (unsigned long long)(st.size >> 20), DHR_MAX_PART_BYTES >> 20);
        return NULL;
    }
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
        dhr_set_error(err, DHR_READ_ENCRYPTED,
                      "this document is password-protected (part %s is encrypted): remove the "
                      "password and try again",
                      name);
        return NULL;
    }
    zip_file_t *zf = zip_fopen_index(z->za, (zip_uint64_t)i, 0);
    if (!zf) {
        int ze = zip_error_code_zip(zip_get_error(z->za));
        if (ze == ZIP_ER_COMPNOTSUPP)
            dhr_set_error(err, DHR_READ_DAMAGED_ZIP,
                          "part %s uses a compression method Word and LibreOffice never write: %s",
                          name, damaged_hint);
        else
            dhr_set_error(err, DHR_READ_DAMAGED_ZIP, "part %s cannot be opened (%s): %s", name,
                          zip_strerror(z->za), damaged_hint);
        return NULL;
    }
    dhr_zip_stream *s = calloc(1, sizeof *s);
    if (!s) {
        zip_fclose(zf);
        dhr_set_error(err, DHR_READ_NO_MEMORY, "out of memory");
        return NULL;
    }
    s->z = z;
    s->zf = zf;
    s->name = zip_get_name(z->za, (zip_uint64_t)i, ZIP_FL_ENC_GUESS);
    return s;
}

long dhr_zip_stream_read(dhr_zip_stream *s, char *buf, size_t n, dhr_read_error *err)
{
    zip_int64_t got = zip_fread(s->zf, buf, n);
    if (got < 0) {
        int ze = zip_error_code_zip(zip_file_get_error(s->zf));
        if (ze == ZIP_ER_CRC)
            dhr_set_error(err, DHR_READ_DAMAGED_ZIP,
                          "part %s is damaged (its checksum does not match): %s", s->name,
                          damaged_hint);
        else
            dhr_set_error(err, DHR_READ_DAMAGED_ZIP, "part %s cannot be inflated (%s): %s", s->name,
                          zip_file_strerror(s->zf), damaged_hint);
        return -1;
    }
    s->read += (uint64_t)got;
    s->z->inflated += (uint64_t)got;
    if (s->read > DHR_MAX_PART_BYTES) {
        dhr_set_error(err, DHR_READ_ZIP_BOMB,
                      "part %s inflates to more than %u MiB: possibly a zip bomb; it was not read",
                      s->name, DHR_MAX_PART_BYTES >> 20);
        return -1;
    }
    if (s->z->inflated > DHR_MAX_TOTAL_INFLATED) {
        dhr_set_error(err, DHR_READ_ZIP_BOMB,
                      "the package inflates to more than %u MiB in all: possibly a zip bomb; it "
                      "was not read",
                      DHR_MAX_TOTAL_INFLATED >> 20);
        return -1;
    }
    return (long)got;
}

void dhr_zip_stream_close(dhr_zip_stream *s)
{
    if (!s)
        return;
    zip_fclose(s->zf);
    free(s);
}

bool dhr_zip_read_small(dhr_zip *z, const char *name, bool required, char **out, size_t *len,
                        dhr_read_error *err)
{
    *out = NULL;
    *len = 0;
    if (!dhr_zip_has(z, name)) {
        if (required)
            dhr_set_error(err, DHR_READ_NO_MAIN_PART, "the package has no part %s", name);
        return !required;
    }
    dhr_zip_stream *s = dhr_zip_stream_open(z, name, err);
    if (!s)
        return false;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    bool ok = buf != NULL;
    while (ok) {
        if (cap - n < 4096) {
            if (cap >= DHR_MAX_SMALL_PART_BYTES) {
                dhr_set_error(err, DHR_READ_LIMIT,
                              "part %s is larger than %u MiB: too large to be what it claims; "
                              "not read",
                              name, DHR_MAX_SMALL_PART_BYTES >> 20);
                ok = false;
                break;
            }
            char *b2 = realloc(buf, cap * 2 + 1);
            if (!b2) {
                ok = false;
                dhr_set_error(err, DHR_READ_NO_MEMORY, "out of memory");
                break;
            }
            buf = b2;
            cap *= 2;
        }
        long got = dhr_zip_stream_read(s, buf + n, cap - n, err);
        if (got < 0)
            ok = false;
        else if (got == 0)
            break;
        else
            n += (size_t)got;
    }
    dhr_zip_stream_close(s);
    if (!ok) {
        if (!buf)
            dhr_set_error(err, DHR_READ_NO_MEMORY, "out of memory");
        free(buf);
        return false;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return true;
}
