/* Test packages built at run time from hand-written XML.
 *
 * Every builder writes one file in DIR (a directory the caller made with
 * mkdtemp) and returns its malloc'd path, or NULL on failure. Remove it with
 * pkg_remove(). Contents are NUL-terminated strings. */
#ifndef DHR_TEST_PKG_H
#define DHR_TEST_PKG_H

#include <stdarg.h>
#include <stddef.h>

typedef struct pkg_entry {
    const char *name;    /* path inside the zip */
    const char *content; /* NUL-terminated */
} pkg_entry;

/* A zip with exactly ENTRIES, in order; the entry named "mimetype" is stored
 * uncompressed, as ODF requires. SUFFIX is the file name's ending (".docx"). */
char *pkg_write_zip(const char *dir, const char *suffix, const pkg_entry *entries, size_t n);

/* A DOCX: word/document.xml = DOCUMENT_XML, word/styles.xml = STYLES_XML
 * unless NULL, then (name, content) pairs ending with a NULL name. The helper
 * supplies [Content_Types].xml, _rels/.rels and word/_rels/document.xml.rels,
 * with relationships for every part among word/styles.xml, word/footnotes.xml,
 * word/endnotes.xml, word/comments.xml, word/header1.xml, word/footer1.xml
 * (ids rIdStyles, rIdFootnotes, rIdEndnotes, rIdComments, rIdHeader1,
 * rIdFooter1) and docProps/core.xml, docProps/app.xml, docProps/custom.xml.
 * A pair naming one of the three generated parts replaces it. */
char *make_docx(const char *dir, const char *document_xml, const char *styles_xml, ...);
char *make_docx_v(const char *dir, const char *document_xml, const char *styles_xml, va_list ap);

/* An ODT: mimetype (first, stored), META-INF/manifest.xml, content.xml,
 * styles.xml (a minimal one when NULL), then (name, content) pairs ending
 * with a NULL name (meta.xml, Pictures/...). */
char *make_odt(const char *dir, const char *content_xml, const char *styles_xml, ...);

/* A flat ODT: XML written as is to a .fodt file. */
char *make_fodt(const char *dir, const char *xml);

/* Unlinks PATH and frees it; NULL is fine. */
void pkg_remove(char *path);

#endif
