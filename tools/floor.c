/* floor: the speed floor for dhrlint.
 *
 * Usage: floor FILE.docx|FILE.odt
 *
 * Opens the package with libzip, finds the main XML part (DOCX: the target
 * of the officeDocument relationship in _rels/.rels, else word/document.xml;
 * ODT: content.xml), inflates it in 64 KiB chunks with zip_fread and feeds
 * it to libxml2's streaming xmlTextReader.  Every node is read with
 * xmlTextReaderRead; the only work done is counting nodes and text bytes,
 * which are printed so that the loop cannot be optimised away.
 *
 * This is the least any reader built on libzip + xmlTextReader must do to
 * see the whole document body, so dhrlint's own timings are compared to it.
 *
 * Exit status: 0 on success, 1 on usage error, 2 when the file cannot be
 * read (one line on stderr).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>
#include <zip.h>

enum { CHUNK = 64 * 1024 };
enum { RELS_MAX = 16 * 1024 * 1024 };
enum { NAME_MAX_LEN = 4096 };

struct zsrc {
    zip_file_t *zf;
    unsigned char buf[CHUNK];
    size_t pos;
    size_t len;
    int eof;
    int error;
};

static const char *progname = "floor";

static void fail(const char *path, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: %s: ", progname, path);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* xmlInputReadCallback: serve bytes out of a 64 KiB buffer refilled by
 * zip_fread. */
static int zsrc_read(void *ctx, char *out, int want)
{
    struct zsrc *s = ctx;
    size_t given = 0;

    if (want <= 0)
        return 0;
    while (given < (size_t)want) {
        if (s->pos == s->len) {
            zip_int64_t n;
            if (s->eof)
                break;
            n = zip_fread(s->zf, s->buf, sizeof s->buf);
            if (n < 0) {
                s->error = 1;
                return -1;
            }
            if (n == 0) {
                s->eof = 1;
                break;
            }
            s->pos = 0;
            s->len = (size_t)n;
        }
        {
            size_t take = s->len - s->pos;
            if (take > (size_t)want - given)
                take = (size_t)want - given;
            memcpy(out + given, s->buf + s->pos, take);
            s->pos += take;
            given += take;
        }
    }
    return (int)given;
}

/* xmlInputCloseCallback: libxml2 owns the input once xmlReaderForIO has
 * been called, and calls this exactly when it frees it. */
static int zsrc_close(void *ctx)
{
    struct zsrc *s = ctx;
    if (s->zf != NULL) {
        zip_fclose(s->zf);
        s->zf = NULL;
    }
    return 0;
}

/* Quiet libxml2's own error printing; we report one line ourselves. */
static void silent_errors(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static int has_suffix(const char *s, const char *suffix)
{
    size_t ls = strlen(s);
    size_t lx = strlen(suffix);
    return ls >= lx && strcmp(s + ls - lx, suffix) == 0;
}

/* Read the whole of a (small) zip entry into a malloc'd buffer. */
static unsigned char *read_entry(zip_t *za, const char *name, size_t *len)
{
    zip_stat_t st;
    zip_file_t *zf;
    unsigned char *data;
    size_t got = 0;

    zip_stat_init(&st);
    if (zip_stat(za, name, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
        return NULL;
    if (st.size > RELS_MAX)
        return NULL;
    zf = zip_fopen(za, name, 0);
    if (zf == NULL)
        return NULL;
    data = malloc((size_t)st.size + 1);
    if (data == NULL) {
        zip_fclose(zf);
        return NULL;
    }
    while (got < (size_t)st.size) {
        zip_int64_t n = zip_fread(zf, data + got, (zip_uint64_t)(st.size - got));
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    zip_fclose(zf);
    if (got != (size_t)st.size) {
        free(data);
        return NULL;
    }
    *len = got;
    return data;
}

/* Turn a package-relative relationship target into a zip entry name:
 * drop a leading '/', and "./" segments. */
static int normalise_target(const char *target, char *out, size_t outsz)
{
    size_t n = 0;
    const char *p = target;

    while (*p == '/')
        p++;
    while (p[0] == '.' && p[1] == '/')
        p += 2;
    for (; *p != '\0'; p++) {
        if (p[0] == '/' && p[1] == '.' && p[2] == '/') {
            p += 1;
            continue;
        }
        if (n + 1 >= outsz)
            return -1;
        out[n++] = *p;
    }
    out[n] = '\0';
    return n > 0 ? 0 : -1;
}

/* DOCX: find the officeDocument relationship's target in _rels/.rels. */
static int docx_main_part(zip_t *za, char *out, size_t outsz)
{
    size_t len = 0;
    unsigned char *rels = read_entry(za, "_rels/.rels", &len);
    xmlTextReaderPtr r;
    int found = -1;

    if (rels == NULL || len > (size_t)0x7fffffff) {
        free(rels);
        return -1;
    }
    r = xmlReaderForMemory((const char *)rels, (int)len, "_rels/.rels", NULL,
                           XML_PARSE_NONET | XML_PARSE_NOERROR |
                               XML_PARSE_NOWARNING);
    if (r == NULL) {
        free(rels);
        return -1;
    }
    while (found != 0 && xmlTextReaderRead(r) == 1) {
        const xmlChar *local;
        xmlChar *type;
        xmlChar *target;
        xmlChar *mode;

        if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT)
            continue;
        local = xmlTextReaderConstLocalName(r);
        if (local == NULL || !xmlStrEqual(local, BAD_CAST "Relationship"))
            continue;
        type = xmlTextReaderGetAttribute(r, BAD_CAST "Type");
        target = xmlTextReaderGetAttribute(r, BAD_CAST "Target");
        mode = xmlTextReaderGetAttribute(r, BAD_CAST "TargetMode");
        /* Transitional: .../officeDocument/2006/relationships/officeDocument
         * Strict:       http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument */
        if (type != NULL && target != NULL &&
            has_suffix((const char *)type, "/officeDocument") &&
            (mode == NULL || !xmlStrEqual(mode, BAD_CAST "External")) &&
            normalise_target((const char *)target, out, outsz) == 0)
            found = 0;
        xmlFree(type);
        xmlFree(target);
        xmlFree(mode);
    }
    xmlFreeTextReader(r);
    free(rels);
    return found;
}

static int entry_exists(zip_t *za, const char *name)
{
    return zip_name_locate(za, name, 0) >= 0;
}

int main(int argc, char **argv)
{
    const char *path;
    char part[NAME_MAX_LEN];
    const char *kind;
    zip_t *za;
    int zerr = 0;
    struct zsrc *src;
    xmlTextReaderPtr reader;
    unsigned long long nodes = 0;
    unsigned long long text_bytes = 0;
    unsigned long long elements = 0;
    int rc;

    if (argc == 2 &&
        (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: %s FILE.docx|FILE.odt\n", progname);
        return 0;
    }
    if (argc != 2 || argv[1][0] == '\0') {
        fprintf(stderr, "usage: %s FILE.docx|FILE.odt\n", progname);
        return 1;
    }
    path = argv[1];

    LIBXML_TEST_VERSION
    xmlSetGenericErrorFunc(NULL, silent_errors);

    za = zip_open(path, ZIP_RDONLY, &zerr);
    if (za == NULL) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        fail(path, "cannot open as a zip package: %s", zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return 2;
    }

    if (entry_exists(za, "_rels/.rels") &&
        docx_main_part(za, part, sizeof part) == 0 && entry_exists(za, part)) {
        kind = "docx";
    } else if (entry_exists(za, "word/document.xml")) {
        kind = "docx";
        strcpy(part, "word/document.xml");
    } else if (entry_exists(za, "content.xml")) {
        kind = "odt";
        strcpy(part, "content.xml");
    } else {
        fail(path, "no main document part (word/document.xml or content.xml)");
        zip_discard(za);
        return 2;
    }

    src = calloc(1, sizeof *src);
    if (src == NULL) {
        fail(path, "out of memory");
        zip_discard(za);
        return 2;
    }
    src->zf = zip_fopen(za, part, 0);
    if (src->zf == NULL) {
        fail(path, "cannot open %s: %s", part, zip_strerror(za));
        free(src);
        zip_discard(za);
        return 2;
    }

    /* No XML_PARSE_NOENT: entities are not substituted. */
    reader = xmlReaderForIO(zsrc_read, zsrc_close, src, part, NULL,
                            XML_PARSE_NONET | XML_PARSE_NOERROR |
                                XML_PARSE_NOWARNING);
    if (reader == NULL) {
        /* libxml2 has already called zsrc_close. */
        fail(path, "cannot start the XML reader on %s", part);
        free(src);
        zip_discard(za);
        return 2;
    }

    while ((rc = xmlTextReaderRead(reader)) == 1) {
        int type = xmlTextReaderNodeType(reader);
        nodes++;
        if (type == XML_READER_TYPE_ELEMENT) {
            elements++;
        } else if (type == XML_READER_TYPE_TEXT ||
                   type == XML_READER_TYPE_CDATA ||
                   type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
            const xmlChar *v = xmlTextReaderConstValue(reader);
            if (v != NULL)
                text_bytes += (unsigned long long)xmlStrlen(v);
        }
    }
    xmlFreeTextReader(reader); /* calls zsrc_close */

    if (rc != 0 || src->error) {
        fail(path, "%s is not well-formed XML or could not be inflated", part);
        free(src);
        zip_discard(za);
        return 2;
    }
    free(src);
    zip_discard(za);
    xmlCleanupParser();

    printf("%s %s part=%s nodes=%llu elements=%llu text_bytes=%llu\n", path,
           kind, part, nodes, elements, text_bytes);
    return 0;
}
