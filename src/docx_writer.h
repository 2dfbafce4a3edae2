/* Writing OPC packages (DOCX) that dhrlint makes: the zip written whole or
 * not at all, and XML parts whose text, however hostile, comes out
 * well-formed. Generic: nothing here knows what the document says. */
#ifndef DHR_DOCX_WRITER_H
#define DHR_DOCX_WRITER_H

#include <libxml/xmlwriter.h>

#include <stdbool.h>
#include <stddef.h>

/* The namespaces a WordprocessingML package's parts are written in. */
#define DHR_NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define DHR_NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define DHR_NS_PKG_REL "http://schemas.openxmlformats.org/package/2006/relationships"
#define DHR_NS_CONTENT_TYPES "http://schemas.openxmlformats.org/package/2006/content-types"
#define DHR_REL_TYPE(name) "http://schemas.openxmlformats.org/officeDocument/2006/relationships/" name

/* A zip package being written: a temporary file beside the target, renamed
 * over it by dhr_package_commit, removed by dhr_package_abort. */
typedef struct dhr_package dhr_package;

/* NULL with ERR filled when no temporary file can be made beside PATH (its
 * folder is missing or not writable). */
dhr_package *dhr_package_create(const char *path, char *err, size_t errlen);
/* Adds part NAME ("word/document.xml") holding a copy of DATA, deflated,
 * with a fixed time stamp so that the same input gives the same bytes. */
bool dhr_package_add(dhr_package *p, const char *name, const void *data, size_t len,
                     char *err, size_t errlen);
/* Writes the zip, syncs it and renames it over the target; frees P. On
 * failure nothing is left beside the target and the target is untouched. */
bool dhr_package_commit(dhr_package *p, char *err, size_t errlen);
/* Drops P and its temporary file. NULL is allowed. */
void dhr_package_abort(dhr_package *p);

/* An XML part written to memory with libxml2's writer. Calls after a
 * failure do nothing, so a part can be written straight through and the
 * failure looked at once, when it is added to the package. */
typedef struct dhr_xml_part {
    xmlTextWriterPtr w;
    xmlBufferPtr buf;
    bool failed;
} dhr_xml_part;

/* Starts the part with its XML declaration (UTF-8, standalone). */
bool dhr_xml_part_open(dhr_xml_part *x);
/* NAME may carry a prefix ("w:p"); the prefix must be declared with
 * dhr_xml_attr(x, "xmlns:w", ...) on an enclosing element. */
void dhr_xml_start(dhr_xml_part *x, const char *name);
void dhr_xml_end(dhr_xml_part *x);
/* VALUE and TEXT may be anything, valid UTF-8 or not: they are cleaned by
 * dhr_xml_clean and escaped by the writer. */
void dhr_xml_attr(dhr_xml_part *x, const char *name, const char *value);
void dhr_xml_text(dhr_xml_part *x, const char *text);
/* <NAME ATTR="VALUE"/>, ATTR may be NULL: the many one-attribute elements
 * of WordprocessingML (<w:pStyle w:val="Title"/>). */
void dhr_xml_empty(dhr_xml_part *x, const char *name, const char *attr, const char *value);
/* Ends the part and adds it to P as NAME; frees the writer either way. */
bool dhr_package_add_xml(dhr_package *p, const char *name, dhr_xml_part *x, char *err,
                         size_t errlen);
void dhr_xml_part_discard(dhr_xml_part *x);

/* S made fit for XML 1.0 text: invalid UTF-8 becomes U+FFFD, characters
 * XML 1.0 does not allow (C0 controls, U+FFFE, U+FFFF) are dropped, and
 * tab, line feed and carriage return become spaces (in a Word run they
 * would otherwise vanish or need their own elements). At most MAX_CHARS
 * characters are kept (0: no limit), an ellipsis marking a cut. Returns a
 * new string, or NULL when out of memory. */
char *dhr_xml_clean(const char *s, size_t max_chars);

#endif
