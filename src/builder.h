/* Building a dhr_document while reading: the one place that enforces the
 * model's invariants and the paragraph/text limits, shared by every reader. */
#ifndef DHR_BUILDER_H
#define DHR_BUILDER_H

#include "dhrlint/reader.h"
#include "strbuf.h"

typedef struct dhr_builder {
    dhr_document *doc;
    dhr_read_error *err;
    bool failed;
    size_t para_cap, span_cap, toc_cap, obj_cap, warn_cap;
    uint64_t text_bytes;
    uint32_t part_count[DHR_PART_COUNT];
} dhr_builder;

/* How a piece of text is formatted, as the reader resolved it. */
typedef struct dhr_run_fmt {
    bool bold, hidden, inserted;
    const char *author, *date; /* of the insertion */
} dhr_run_fmt;

/* A paragraph being read: its slot in the document is reserved when it
 * starts, so that paragraphs nested in it (text boxes, notes) come after it. */
typedef struct dhr_pbuf {
    int32_t idx;
    dhr_strbuf text;
    dhr_span *spans;
    size_t nspans, cap;
    int32_t open_ins, open_hid; /* span that following text may extend, or -1 */
    bool any_text, all_bold;
} dhr_pbuf;

bool dhr_b_init(dhr_builder *b, dhr_document *doc, dhr_read_error *err);
/* Records the first failure; later calls are no-ops. */
void dhr_b_fail(dhr_builder *b, dhr_read_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
char *dhr_b_strndup(dhr_builder *b, const char *s, size_t n);
char *dhr_b_strdup(dhr_builder *b, const char *s);

/* Reserves the next paragraph slot; returns its index, or -1 on failure. */
int32_t dhr_b_para_begin(dhr_builder *b, dhr_part part, int32_t anchor);
/* Valid until the next dhr_b_para_begin. */
static inline dhr_para *dhr_b_para(dhr_builder *b, int32_t idx)
{
    return &b->doc->paras[idx];
}
/* Gives back a reserved slot that turned out not to be a paragraph (a TOC
 * entry, an empty merged cell). Only the last slot can be given back. */
bool dhr_b_para_discard(dhr_builder *b, int32_t idx);

void dhr_pb_start(dhr_pbuf *pb, int32_t idx);
void dhr_pb_text(dhr_builder *b, dhr_pbuf *pb, const char *s, size_t n, const dhr_run_fmt *fmt);
/* Moves the text and spans into the paragraph slot and resets PB. */
void dhr_pb_finish(dhr_builder *b, dhr_pbuf *pb);
void dhr_pb_free(dhr_pbuf *pb);

/* A whole paragraph at once: properties, alt text, deleted text. */
int32_t dhr_b_simple_para(dhr_builder *b, dhr_part part, int32_t anchor, const char *text,
                          size_t len, const char *style, const char *author, const char *date);

/* After reading a part that is not the report's own text (properties,
 * numbering, a chart): a damaged one is a warning naming WHAT was not
 * checked, and reading goes on; attacks, bombs and limits still refuse the
 * file (ERR gets PERR). Returns whether to go on. */
bool dhr_b_tolerate(dhr_builder *b, bool parsed, const dhr_read_error *perr, const char *part,
                    const char *what, dhr_read_error *err);

/* Something the reader had to pass over; the document is still read. */
void dhr_b_warn(dhr_builder *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

void dhr_b_toc_add(dhr_builder *b, const char *text, size_t len, int level);
void dhr_b_object_add(dhr_builder *b, const char *kind, const char *name, const char *type);

/* Whether S (N bytes) has anything but white space. */
bool dhr_has_visible(const char *s, size_t n);

#endif
