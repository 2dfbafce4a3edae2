#include "docx_writer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

/* Every part gets this time stamp: the output depends only on the input,
 * so two runs on one report give identical files. Noon on 1 January 2000
 * (UTC) stays a valid DOS date whatever the local time zone. */
#define PART_MTIME ((time_t)946728000)

struct dhr_package {
    zip_t *za;
    char *tmp, *path;
};

static void package_free(dhr_package *p)
{
    free(p->tmp);
    free(p->path);
    free(p);
}

dhr_package *dhr_package_create(const char *path, char *err, size_t errlen)
{
    dhr_package *p = calloc(1, sizeof *p);
    size_t n = strlen(path);
    if (p) {
        p->path = strdup(path);
        p->tmp = malloc(n + sizeof ".tmpXXXXXX");
    }
    if (!p || !p->path || !p->tmp) {
        snprintf(err, errlen, "out of memory");
        if (p)
            package_free(p);
        return NULL;
    }
    /* Beside the target, so that the final rename stays within one file
     * system and so replaces the target in one step. */
    snprintf(p->tmp, n + sizeof ".tmpXXXXXX", "%s.tmpXXXXXX", path);
    int fd = mkstemp(p->tmp);
    if (fd < 0) {
        snprintf(err, errlen, "cannot create a file there (%s): check that the folder exists and "
                              "that you can write to it", strerror(errno));
        package_free(p);
        return NULL;
    }
    close(fd);
    int zerr = 0;
    p->za = zip_open(p->tmp, ZIP_TRUNCATE, &zerr);
    if (!p->za) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        snprintf(err, errlen, "cannot start the package: %s", zip_error_strerror(&ze));
        zip_error_fini(&ze);
        unlink(p->tmp);
        package_free(p);
        return NULL;
    }
    return p;
}

bool dhr_package_add(dhr_package *p, const char *name, const void *data, size_t len,
                     char *err, size_t errlen)
{
    void *copy = malloc(len ? len : 1);
    if (!copy) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    memcpy(copy, data, len);
    zip_source_t *src = zip_source_buffer(p->za, copy, len, 1);
    if (!src) {
        free(copy);
        snprintf(err, errlen, "cannot add %s: %s", name, zip_strerror(p->za));
        return false;
    }
    zip_int64_t at = zip_file_add(p->za, name, src, ZIP_FL_ENC_UTF_8);
    if (at < 0) {
        zip_source_free(src);
        snprintf(err, errlen, "cannot add %s: %s", name, zip_strerror(p->za));
        return false;
    }
    if (zip_set_file_compression(p->za, (zip_uint64_t)at, ZIP_CM_DEFLATE, 9) != 0 ||
        zip_file_set_mtime(p->za, (zip_uint64_t)at, PART_MTIME, 0) != 0) {
        snprintf(err, errlen, "cannot add %s: %s", name, zip_strerror(p->za));
        return false;
    }
    return true;
}

/* libzip writes the archive to a file of its own and renames it onto TMP,
 * so the mode mkstemp gave TMP is not what we get: set it once the bytes are
 * final, to what any saved document gets, and make them durable before the
 * rename publishes them. */
static bool settle(const char *tmp)
{
    int fd = open(tmp, O_RDONLY);
    if (fd < 0)
        return false;
    bool ok = fchmod(fd, 0644) == 0 && fsync(fd) == 0;
    int e = errno;
    close(fd);
    errno = e;
    return ok;
}

bool dhr_package_commit(dhr_package *p, char *err, size_t errlen)
{
    bool ok = true;
    if (zip_close(p->za) != 0) {
        snprintf(err, errlen, "cannot write the package: %s", zip_strerror(p->za));
        zip_discard(p->za);
        ok = false;
    } else if (!settle(p->tmp)) {
        snprintf(err, errlen, "cannot write the package: %s", strerror(errno));
        ok = false;
    } else if (rename(p->tmp, p->path) != 0) {
        snprintf(err, errlen, "cannot put the file in place (%s)", strerror(errno));
        ok = false;
    }
    p->za = NULL;
    if (!ok)
        unlink(p->tmp);
    package_free(p);
    return ok;
}

void dhr_package_abort(dhr_package *p)
{
    if (!p)
        return;
    if (p->za)
        zip_discard(p->za);
    unlink(p->tmp);
    package_free(p);
}

/* One character of S (N > 0 bytes left): its length, with *CP set to it, or
 * to U+FFFD and length 1 for a byte that begins no well-formed sequence
 * (overlong forms and surrogates included), so that every bad byte is
 * replaced and no good one is swallowed. */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0];
    size_t len;
    uint32_t v, least;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        len = 2, v = c & 0x1Fu, least = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3, v = c & 0x0Fu, least = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, v = c & 0x07u, least = 0x10000;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = 0xFFFD;
    if (n < len)
        return 1;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 1;
        v = v << 6 | (s[i] & 0x3Fu);
    }
    if (v < least || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 1;
    *cp = v;
    return len;
}

static size_t utf8_put(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

char *dhr_xml_clean(const char *s, size_t max_chars)
{
    if (!s)
        s = "";
    size_t n = strlen(s);
    /* A bad byte (1) becomes U+FFFD (3); the ellipsis adds 3 more. */
    if (n > (SIZE_MAX - 4) / 3)
        return NULL;
    char *out = malloc(3 * n + 4);
    if (!out)
        return NULL;
    size_t len = 0, kept = 0, last = 0;
    bool cut = false;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += utf8_next((const unsigned char *)s + i, n - i, &cp);
        if (cp == '\t' || cp == '\n' || cp == '\r')
            cp = ' ';
        else if (cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF)
            continue;
        if (max_chars && kept == max_chars) {
            cut = true;
            break;
        }
        last = len;
        len += utf8_put(out + len, cp);
        kept++;
    }
    if (cut) {
        len = last; /* the last character kept makes way for the ellipsis */
        len += utf8_put(out + len, 0x2026);
    }
    out[len] = '\0';
    return out;
}

void dhr_xml_part_discard(dhr_xml_part *x)
{
    if (x->w)
        xmlFreeTextWriter(x->w);
    if (x->buf)
        xmlBufferFree(x->buf);
    x->w = NULL;
    x->buf = NULL;
}

bool dhr_xml_part_open(dhr_xml_part *x)
{
    memset(x, 0, sizeof *x);
    x->buf = xmlBufferCreate();
    x->w = x->buf ? xmlNewTextWriterMemory(x->buf, 0) : NULL;
    if (!x->w || xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", "yes") < 0) {
        dhr_xml_part_discard(x);
        x->failed = true;
        return false;
    }
    return true;
}

void dhr_xml_start(dhr_xml_part *x, const char *name)
{
    if (!x->failed && xmlTextWriterStartElement(x->w, BAD_CAST name) < 0)
        x->failed = true;
}

void dhr_xml_end(dhr_xml_part *x)
{
    if (!x->failed && xmlTextWriterEndElement(x->w) < 0)
        x->failed = true;
}

void dhr_xml_attr(dhr_xml_part *x, const char *name, const char *value)
{
    if (x->failed)
        return;
    char *clean = dhr_xml_clean(value, 0);
    if (!clean || xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST clean) < 0)
        x->failed = true;
    free(clean);
}

void dhr_xml_text(dhr_xml_part *x, const char *text)
{
    if (x->failed)
        return;
    char *clean = dhr_xml_clean(text, 0);
    if (!clean || xmlTextWriterWriteString(x->w, BAD_CAST clean) < 0)
        x->failed = true;
    free(clean);
}

void dhr_xml_empty(dhr_xml_part *x, const char *name, const char *attr, const char *value)
{
    dhr_xml_start(x, name);
    if (attr)
        dhr_xml_attr(x, attr, value);
    dhr_xml_end(x);
}

bool dhr_package_add_xml(dhr_package *p, const char *name, dhr_xml_part *x, char *err,
                         size_t errlen)
{
    if (!x->failed && (xmlTextWriterEndDocument(x->w) < 0 || xmlTextWriterFlush(x->w) < 0))
        x->failed = true;
    bool ok = false;
    if (x->failed)
        snprintf(err, errlen, "cannot make %s (out of memory, or a fault in dhrlint)", name);
    else
        ok = dhr_package_add(p, name, xmlBufferContent(x->buf), (size_t)xmlBufferLength(x->buf),
                             err, errlen);
    dhr_xml_part_discard(x);
    return ok;
}
