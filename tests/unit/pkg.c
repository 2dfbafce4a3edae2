#include "pkg.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#define MAX_ENTRIES 64

static char *new_path(const char *dir, const char *suffix)
{
    static unsigned counter;
    size_t len = strlen(dir) + strlen(suffix) + 32;
    char *p = malloc(len);
    if (p)
        snprintf(p, len, "%s/pkg%u%s", dir, ++counter, suffix);
    return p;
}

char *pkg_write_zip(const char *dir, const char *suffix, const pkg_entry *entries, size_t n)
{
    char *path = new_path(dir, suffix);
    if (!path)
        return NULL;
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    if (!z) {
        fprintf(stderr, "pkg: zip_open %s failed (%d)\n", path, zerr);
        free(path);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        zip_source_t *src = zip_source_buffer(z, entries[i].content, strlen(entries[i].content), 0);
        zip_int64_t idx = src ? zip_file_add(z, entries[i].name, src, ZIP_FL_ENC_UTF_8) : -1;
        if (idx < 0) {
            fprintf(stderr, "pkg: cannot add %s: %s\n", entries[i].name, zip_strerror(z));
            if (src)
                zip_source_free(src);
            zip_discard(z);
            unlink(path);
            free(path);
            return NULL;
        }
        if (strcmp(entries[i].name, "mimetype") == 0)
            zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
    }
    if (zip_close(z) != 0) {
        fprintf(stderr, "pkg: zip_close %s failed: %s\n", path, zip_strerror(z));
        zip_discard(z);
        unlink(path);
        free(path);
        return NULL;
    }
    return path;
}

/* A growing string for the generated parts. */
typedef struct sbuf {
    char *s;
    size_t len, cap;
    bool oom;
} sbuf;

static void put(sbuf *b, const char *s)
{
    size_t n = strlen(s);
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 1024;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p) {
            b->oom = true;
            return;
        }
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n + 1);
    b->len += n;
}

static const char *find_entry(const pkg_entry *e, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(e[i].name, name) == 0)
            return e[i].content;
    return NULL;
}

#define REL_BASE "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#define CT_WML "application/vnd.openxmlformats-officedocument.wordprocessingml."

static const struct {
    const char *part, *id, *type, *target, *ctype;
} word_parts[] = {
    {"word/styles.xml", "rIdStyles", REL_BASE "styles", "styles.xml", CT_WML "styles+xml"},
    {"word/footnotes.xml", "rIdFootnotes", REL_BASE "footnotes", "footnotes.xml",
     CT_WML "footnotes+xml"},
    {"word/endnotes.xml", "rIdEndnotes", REL_BASE "endnotes", "endnotes.xml",
     CT_WML "endnotes+xml"},
    {"word/comments.xml", "rIdComments", REL_BASE "comments", "comments.xml",
     CT_WML "comments+xml"},
    {"word/header1.xml", "rIdHeader1", REL_BASE "header", "header1.xml", CT_WML "header+xml"},
    {"word/footer1.xml", "rIdFooter1", REL_BASE "footer", "footer1.xml", CT_WML "footer+xml"},
};

static const struct {
    const char *part, *id, *type, *ctype;
} prop_parts[] = {
    {"docProps/core.xml", "rIdCore",
     "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
     "application/vnd.openxmlformats-package.core-properties+xml"},
    {"docProps/app.xml", "rIdApp", REL_BASE "extended-properties",
     "application/vnd.openxmlformats-officedocument.extended-properties+xml"},
    {"docProps/custom.xml", "rIdCustom", REL_BASE "custom-properties",
     "application/vnd.openxmlformats-officedocument.custom-properties+xml"},
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

char *make_docx_v(const char *dir, const char *document_xml, const char *styles_xml, va_list ap)
{
    pkg_entry e[MAX_ENTRIES];
    size_t n = 0;
    e[n++] = (pkg_entry){"[Content_Types].xml", NULL};
    e[n++] = (pkg_entry){"_rels/.rels", NULL};
    e[n++] = (pkg_entry){"word/_rels/document.xml.rels", NULL};
    e[n++] = (pkg_entry){"word/document.xml", document_xml};
    if (styles_xml)
        e[n++] = (pkg_entry){"word/styles.xml", styles_xml};
    for (;;) {
        const char *name = va_arg(ap, const char *);
        if (!name)
            break;
        const char *content = va_arg(ap, const char *);
        bool replaced = false;
        for (size_t i = 0; i < 3; i++)
            if (strcmp(e[i].name, name) == 0) {
                e[i].content = content;
                replaced = true;
            }
        if (!replaced) {
            if (n == MAX_ENTRIES)
                return NULL;
            e[n++] = (pkg_entry){name, content};
        }
    }

    sbuf ct = {0}, pr = {0}, dr = {0};
    put(&ct, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
             "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
             "<Default Extension=\"rels\" "
             "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
             "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
             "<Default Extension=\"bin\" "
             "ContentType=\"application/vnd.openxmlformats-officedocument.oleObject\"/>"
             "<Default Extension=\"png\" ContentType=\"image/png\"/>"
             "<Override PartName=\"/word/document.xml\" ContentType=\"" CT_WML
             "document.main+xml\"/>");
    put(&pr, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
             "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
             "<Relationship Id=\"rIdDoc\" Type=\"" REL_BASE "officeDocument\" "
             "Target=\"word/document.xml\"/>");
    put(&dr, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
             "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
    for (size_t i = 0; i < NELEM(word_parts); i++) {
        if (!find_entry(e, n, word_parts[i].part))
            continue;
        put(&ct, "<Override PartName=\"/");
        put(&ct, word_parts[i].part);
        put(&ct, "\" ContentType=\"");
        put(&ct, word_parts[i].ctype);
        put(&ct, "\"/>");
        put(&dr, "<Relationship Id=\"");
        put(&dr, word_parts[i].id);
        put(&dr, "\" Type=\"");
        put(&dr, word_parts[i].type);
        put(&dr, "\" Target=\"");
        put(&dr, word_parts[i].target);
        put(&dr, "\"/>");
    }
    for (size_t i = 0; i < NELEM(prop_parts); i++) {
        if (!find_entry(e, n, prop_parts[i].part))
            continue;
        put(&ct, "<Override PartName=\"/");
        put(&ct, prop_parts[i].part);
        put(&ct, "\" ContentType=\"");
        put(&ct, prop_parts[i].ctype);
        put(&ct, "\"/>");
        put(&pr, "<Relationship Id=\"");
        put(&pr, prop_parts[i].id);
        put(&pr, "\" Type=\"");
        put(&pr, prop_parts[i].type);
        put(&pr, "\" Target=\"");
        put(&pr, prop_parts[i].part);
        put(&pr, "\"/>");
    }
    put(&ct, "</Types>");
    put(&pr, "</Relationships>");
    put(&dr, "</Relationships>");

    char *path = NULL;
    if (!ct.oom && !pr.oom && !dr.oom) {
        if (!e[0].content)
            e[0].content = ct.s;
        if (!e[1].content)
            e[1].content = pr.s;
        if (!e[2].content)
            e[2].content = dr.s;
        path = pkg_write_zip(dir, ".docx", e, n);
    }
    free(ct.s);
    free(pr.s);
    free(dr.s);
    return path;
}

char *make_docx(const char *dir, const char *document_xml, const char *styles_xml, ...)
{
    va_list ap;
    va_start(ap, styles_xml);
    char *p = make_docx_v(dir, document_xml, styles_xml, ap);
    va_end(ap);
    return p;
}

static const char odt_manifest[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" "
    "manifest:version=\"1.3\">"
    "<manifest:file-entry manifest:full-path=\"/\" manifest:version=\"1.3\" "
    "manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>"
    "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
    "<manifest:file-entry manifest:full-path=\"styles.xml\" manifest:media-type=\"text/xml\"/>"
    "<manifest:file-entry manifest:full-path=\"meta.xml\" manifest:media-type=\"text/xml\"/>"
    "</manifest:manifest>";

static const char odt_min_styles[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<office:document-styles xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
    "office:version=\"1.3\"><office:styles/></office:document-styles>";

char *make_odt(const char *dir, const char *content_xml, const char *styles_xml, ...)
{
    pkg_entry e[MAX_ENTRIES];
    size_t n = 0;
    e[n++] = (pkg_entry){"mimetype", "application/vnd.oasis.opendocument.text"};
    e[n++] = (pkg_entry){"META-INF/manifest.xml", odt_manifest};
    e[n++] = (pkg_entry){"content.xml", content_xml};
    e[n++] = (pkg_entry){"styles.xml", styles_xml ? styles_xml : odt_min_styles};
    va_list ap;
    va_start(ap, styles_xml);
    for (;;) {
        const char *name = va_arg(ap, const char *);
        if (!name)
            break;
        const char *content = va_arg(ap, const char *);
        if (n == MAX_ENTRIES) {
            va_end(ap);
            return NULL;
        }
        e[n++] = (pkg_entry){name, content};
    }
    va_end(ap);
    return pkg_write_zip(dir, ".odt", e, n);
}

char *make_fodt(const char *dir, const char *xml)
{
    char *path = new_path(dir, ".fodt");
    if (!path)
        return NULL;
    FILE *f = fopen(path, "wb");
    if (!f) {
        free(path);
        return NULL;
    }
    size_t len = strlen(xml);
    bool ok = fwrite(xml, 1, len, f) == len;
    ok = fclose(f) == 0 && ok;
    if (!ok) {
        unlink(path);
        free(path);
        return NULL;
    }
    return path;
}

void pkg_remove(char *path)
{
    if (!path)
        return;
    unlink(path);
    free(path);
}
