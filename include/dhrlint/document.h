/* The document model: what a report says, independent of the format it came in.
 *
 * Readers (DOCX, ODT, flat ODT) fill it; everything downstream reads only this.
 * A document is a flat array of paragraphs in reading order. Each paragraph
 * knows which part of the document it lives in (body, header, footnote,
 * comment...), where it sits in a table, and which body paragraph it is
 * anchored to when it is a note, comment, text box, alt text or deleted text.
 * All strings are UTF-8 and owned by the document. */
#ifndef DHRLINT_DOCUMENT_H
#define DHRLINT_DOCUMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum dhr_format {
    DHR_FORMAT_DOCX,
    DHR_FORMAT_ODT,
    DHR_FORMAT_FODT,
} dhr_format;

typedef enum dhr_part {
    DHR_PART_BODY,
    DHR_PART_HEADER,
    DHR_PART_FOOTER,
    DHR_PART_FOOTNOTE,
    DHR_PART_ENDNOTE,
    DHR_PART_COMMENT,
    DHR_PART_TEXTBOX,
    DHR_PART_REVISION, /* text removed by a tracked deletion */
    DHR_PART_ALT_TEXT, /* an image's title or description */
    DHR_PART_METADATA, /* one paragraph per document property */
    DHR_PART_COUNT
} dhr_part;

/* A stretch of a paragraph's text that is not plain visible text. */
typedef enum dhr_span_kind {
    DHR_SPAN_INSERTED, /* added by a tracked change still pending */
    DHR_SPAN_HIDDEN,   /* formatted as hidden */
} dhr_span_kind;

typedef struct dhr_span {
    uint32_t offset; /* bytes into the paragraph text */
    uint32_t length; /* bytes */
    dhr_span_kind kind;
    const char *author; /* tracked changes; NULL when unknown */
    const char *date;
} dhr_span;

typedef struct dhr_para {
    const char *text; /* NUL-terminated; may contain \t and \n */
    uint32_t len;     /* bytes */
    dhr_part part;
    uint32_t n;        /* 1-based number within its part, document order */
    const char *style; /* display name of the paragraph style, or NULL;
                          for metadata: the property name */
    uint8_t heading;   /* outline level 1..9, 0 when not a heading */
    bool bold;         /* every visible run with text is bold */
    bool hidden;       /* the whole paragraph is hidden */
    bool list_auto;    /* numbered or bulleted by the word processor */
    int8_t list_level; /* 0-based list level, -1 when not in a list */
    const char *list_label; /* a number typed at the start of the text ("5.1"), or NULL */
    uint32_t table;    /* 1-based table id, 0 when not in a table */
    uint32_t row, cell; /* 1-based; cell is the grid column where the cell starts */
    uint16_t table_depth; /* 1 for a top-level table, 2 for a table in a cell... */
    int32_t anchor;    /* index into dhr_document.paras of the paragraph this one
                          belongs to (notes, comments, text boxes...), or -1 */
    const char *author; /* comments and deleted text */
    const char *date;
    uint32_t span_first, span_count; /* into dhr_document.spans */
} dhr_para;

typedef struct dhr_toc_entry {
    const char *text; /* the entry as shown, without its page number */
    const char *page; /* the cached page number, or NULL */
    uint8_t level;
} dhr_toc_entry;

typedef enum dhr_toc_source {
    DHR_TOC_NONE,
    DHR_TOC_FIELD, /* a Word TOC field's cached result */
    DHR_TOC_SDT,   /* a Word "Table of Contents" content control with no field */
    DHR_TOC_INDEX, /* an ODF text:table-of-content */
} dhr_toc_source;

/* Something embedded in the package: an OLE object, an attached file. */
typedef struct dhr_object {
    const char *kind; /* "ole", "package", "altchunk", "object", "attachment" */
    const char *name; /* path inside the package */
    const char *type; /* content type, or NULL */
} dhr_object;

typedef struct dhr_document {
    dhr_format format;
    dhr_para *paras;
    size_t npara;
    dhr_span *spans;
    size_t nspan;
    dhr_toc_source toc_source;
    dhr_toc_entry *toc;
    size_t ntoc;
    dhr_object *objects;
    size_t nobject;
    uint32_t ntable;
    uint32_t nformat_changes; /* tracked changes that change no text: formatting,
                                 paragraph marks, table rows */
    const char **warnings;    /* parts the reader had to pass over */
    size_t nwarning;
    struct dhr_arena *arena;  /* owns every string and array above */
} dhr_document;

const char *dhr_part_name(dhr_part part);
const char *dhr_format_name(dhr_format format);

/* The spans of one paragraph. */
static inline const dhr_span *dhr_para_spans(const dhr_document *doc, const dhr_para *p)
{
    return p->span_count ? doc->spans + p->span_first : NULL;
}

/* Unicode characters in the first N bytes of S (UTF-8): offsets for people. */
static inline size_t dhr_utf8_count(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            c++;
    return c;
}

void dhr_document_free(dhr_document *doc);

#endif
