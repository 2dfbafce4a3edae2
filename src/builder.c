#include "builder.h"

#include "arena.h"
#include "dhrlint/limits.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool grow(void **arr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    size_t cap2 = *cap ? *cap * 2 : 64;
    while (cap2 < need)
        cap2 *= 2;
    void *p = realloc(*arr, cap2 * elem);
    if (!p)
        return false;
    *arr = p;
    *cap = cap2;
    return true;
}

bool dhr_b_init(dhr_builder *b, dhr_document *doc, dhr_read_error *err)
{
    memset(b, 0, sizeof *b);
    b->doc = doc;
    b->err = err;
    doc->arena = dhr_arena_new();
    if (!doc->arena) {
        dhr_b_fail(b, DHR_READ_NO_MEMORY, "out of memory");
        return false;
    }
    return true;
}

void dhr_b_fail(dhr_builder *b, dhr_read_status status, const char *fmt, ...)
{
    if (b->failed)
        return;
    b->failed = true;
    b->err->status = status;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b->err->message, sizeof b->err->message, fmt, ap);
    va_end(ap);
}

static void oom(dhr_builder *b)
{
    dhr_b_fail(b, DHR_READ_NO_MEMORY, "out of memory while reading the document");
}

char *dhr_b_strndup(dhr_builder *b, const char *s, size_t n)
{
    char *p = dhr_arena_strndup(b->doc->arena, s, n);
    if (!p)
        oom(b);
    return p;
}

char *dhr_b_strdup(dhr_builder *b, const char *s)
{
    return s ? dhr_b_strndup(b, s, strlen(s)) : NULL;
}

int32_t dhr_b_para_begin(dhr_builder *b, dhr_part part, int32_t anchor)
{
    dhr_document *d = b->doc;
    if (b->failed)
        return -1;
    if (d->npara >= DHR_MAX_PARAGRAPHS) {
        dhr_b_fail(b, DHR_READ_LIMIT,
                   "too many paragraphs (more than %d): this is not a report dhrlint can check",
                   DHR_MAX_PARAGRAPHS);
        return -1;
    }
    if (!grow((void **)&d->paras, &b->para_cap, d->npara + 1, sizeof *d->paras)) {
        oom(b);
        return -1;
    }
    dhr_para *p = &d->paras[d->npara];
    memset(p, 0, sizeof *p);
    p->text = "";
    p->part = part;
    p->n = ++b->part_count[part];
    p->list_level = -1;
    p->anchor = anchor;
    return (int32_t)d->npara++;
}

bool dhr_b_para_discard(dhr_builder *b, int32_t idx)
{
    dhr_document *d = b->doc;
    if (idx < 0 || (size_t)idx + 1 != d->npara)
        return false;
    b->part_count[d->paras[idx].part]--;
    d->npara--;
    return true;
}

bool dhr_has_visible(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
            i++; /* no-break space */
            continue;
        }
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            return true;
    }
    return false;
}

void dhr_pb_start(dhr_pbuf *pb, int32_t idx)
{
    pb->idx = idx;
    dhr_sb_clear(&pb->text);
    pb->nspans = 0;
    pb->open_ins = pb->open_hid = -1;
    pb->any_text = false;
    pb->all_bold = true;
}

static bool same_str(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* Extends the open span of KIND when the new text follows it directly with
 * the same author, else opens a new one. */
static void mark(dhr_builder *b, dhr_pbuf *pb, int32_t *open, dhr_span_kind kind, uint32_t off,
                 uint32_t n, const char *author, const char *date)
{
    if (*open >= 0) {
        dhr_span *s = &pb->spans[*open];
        if (s->offset + s->length == off && same_str(s->author, author) && same_str(s->date, date)) {
            s->length += n;
            return;
        }
    }
    if (!grow((void **)&pb->spans, &pb->cap, pb->nspans + 1, sizeof *pb->spans)) {
        oom(b);
        return;
    }
    pb->spans[pb->nspans] = (dhr_span){off, n, kind, author, date};
    *open = (int32_t)pb->nspans++;
}

void dhr_pb_text(dhr_builder *b, dhr_pbuf *pb, const char *s, size_t n, const dhr_run_fmt *fmt)
{
    if (b->failed || n == 0)
        return;
    if (pb->text.len + n > DHR_MAX_PARAGRAPH_BYTES) {
        dhr_b_fail(b, DHR_READ_LIMIT,
                   "a paragraph holds more than %u MiB of text: this is not a report dhrlint can check",
                   DHR_MAX_PARAGRAPH_BYTES >> 20);
        return;
    }
    uint32_t off = (uint32_t)pb->text.len;
    if (!dhr_sb_append(&pb->text, s, n)) {
        oom(b);
        return;
    }
    if (fmt->inserted)
        mark(b, pb, &pb->open_ins, DHR_SPAN_INSERTED, off, (uint32_t)n, fmt->author, fmt->date);
    if (fmt->hidden)
        mark(b, pb, &pb->open_hid, DHR_SPAN_HIDDEN, off, (uint32_t)n, NULL, NULL);
    if (!fmt->hidden && dhr_has_visible(s, n)) {
        pb->any_text = true;
        if (!fmt->bold)
            pb->all_bold = false;
    }
}

/* A number typed at the start of a paragraph, as DHR reports number their
 * paragraphs: "5.", "5.1", "5.1.2", "3)" or a number followed by a tab. A bare
 * number and a space ("12 months") is prose, not a label. */
static size_t typed_label(const char *s, size_t n, size_t *start)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    *start = i;
    size_t groups = 0, j = i;
    bool dotted = false;
    for (;;) {
        size_t k = j;
        while (k < n && k - j < 3 && s[k] >= '0' && s[k] <= '9')
            k++;
        if (k == j || (k < n && s[k] >= '0' && s[k] <= '9'))
            return 0;
        groups++;
        j = k;
        if (j < n && s[j] == '.' && j + 1 < n && s[j + 1] >= '0' && s[j + 1] <= '9') {
            dotted = true;
            j++;
            continue;
        }
        break;
    }
    size_t end = j;
    if (j < n && (s[j] == '.' || s[j] == ')')) {
        dotted = true;
        end = ++j;
    }
    if (j >= n || (s[j] != ' ' && s[j] != '\t'))
        return 0;
    if (!dotted && s[j] != '\t')
        return 0;
    (void)groups;
    return end - i;
}

void dhr_pb_finish(dhr_builder *b, dhr_pbuf *pb)
{
    if (b->failed || pb->idx < 0)
        return;
    dhr_document *d = b->doc;
    if (b->text_bytes + pb->text.len > DHR_MAX_TEXT_BYTES) {
        dhr_b_fail(b, DHR_READ_LIMIT,
                   "the document holds more than %u MiB of text: this is not a report dhrlint can check",
                   DHR_MAX_TEXT_BYTES >> 20);
        return;
    }
    b->text_bytes += pb->text.len;
    dhr_para *p = &d->paras[pb->idx];
    const char *src = pb->text.s ? pb->text.s : "";
    p->text = dhr_b_strndup(b, src, pb->text.len);
    p->len = (uint32_t)pb->text.len;
    p->bold = pb->any_text && pb->all_bold;
    size_t start, ll = typed_label(src, pb->text.len, &start);
    if (ll)
        p->list_label = dhr_b_strndup(b, src + start, ll);
    if (pb->nspans) {
        if (!grow((void **)&d->spans, &b->span_cap, d->nspan + pb->nspans, sizeof *d->spans)) {
            oom(b);
            return;
        }
        p->span_first = (uint32_t)d->nspan;
        p->span_count = (uint32_t)pb->nspans;
        for (size_t i = 0; i < pb->nspans; i++) {
            dhr_span s = pb->spans[i];
            d->spans[d->nspan++] = s;
        }
        /* A paragraph whose every byte is hidden is a hidden paragraph. */
        uint32_t hidden = 0;
        for (size_t i = 0; i < pb->nspans; i++)
            if (pb->spans[i].kind == DHR_SPAN_HIDDEN)
                hidden += pb->spans[i].length;
        if (hidden && hidden == p->len)
            p->hidden = true;
    }
    pb->idx = -1;
}

void dhr_pb_free(dhr_pbuf *pb)
{
    dhr_sb_free(&pb->text);
    free(pb->spans);
    pb->spans = NULL;
    pb->nspans = pb->cap = 0;
}

int32_t dhr_b_simple_para(dhr_builder *b, dhr_part part, int32_t anchor, const char *text,
                          size_t len, const char *style, const char *author, const char *date)
{
    int32_t idx = dhr_b_para_begin(b, part, anchor);
    if (idx < 0)
        return -1;
    if (b->text_bytes + len > DHR_MAX_TEXT_BYTES || len > DHR_MAX_PARAGRAPH_BYTES) {
        dhr_b_fail(b, DHR_READ_LIMIT,
                   "the document holds more than %u MiB of text: this is not a report dhrlint can check",
                   DHR_MAX_TEXT_BYTES >> 20);
        return -1;
    }
    b->text_bytes += len;
    dhr_para *p = dhr_b_para(b, idx);
    p->text = dhr_b_strndup(b, text, len);
    p->len = (uint32_t)len;
    p->style = style;
    p->author = author;
    p->date = date;
    return b->failed ? -1 : idx;
}

void dhr_b_toc_add(dhr_builder *b, const char *text, size_t len, int level)
{
    dhr_document *d = b->doc;
    if (b->failed)
        return;
    /* A cached entry ends with a tab and its page number (arabic or roman). */
    size_t n = len;
    while (n && (text[n - 1] == ' ' || text[n - 1] == '\n'))
        n--;
    size_t k = n;
    while (k && text[k - 1] != '\t' && text[k - 1] != '\0' &&
           ((text[k - 1] >= '0' && text[k - 1] <= '9') || strchr("ivxlcIVXLC", text[k - 1])))
        k--;
    const char *page = NULL;
    size_t page_len = 0;
    if (k && k < n && text[k - 1] == '\t') {
        page = text + k;
        page_len = n - k;
        n = k - 1;
    }
    while (n && (text[n - 1] == ' ' || text[n - 1] == '\t'))
        n--;
    size_t s = 0;
    while (s < n && (text[s] == ' ' || text[s] == '\t'))
        s++;
    if (s == n)
        return;
    if (!grow((void **)&d->toc, &b->toc_cap, d->ntoc + 1, sizeof *d->toc)) {
        oom(b);
        return;
    }
    dhr_toc_entry *e = &d->toc[d->ntoc++];
    e->text = dhr_b_strndup(b, text + s, n - s);
    e->page = page ? dhr_b_strndup(b, page, page_len) : NULL;
    e->level = (uint8_t)(level < 1 ? 1 : level > 9 ? 9 : level);
}

void dhr_b_object_add(dhr_builder *b, const char *kind, const char *name, const char *type)
{
    dhr_document *d = b->doc;
    if (b->failed)
        return;
    for (size_t i = 0; i < d->nobject; i++)
        if (strcmp(d->objects[i].name, name) == 0)
            return;
    if (!grow((void **)&d->objects, &b->obj_cap, d->nobject + 1, sizeof *d->objects)) {
        oom(b);
        return;
    }
    d->objects[d->nobject++] = (dhr_object){kind, dhr_b_strdup(b, name), dhr_b_strdup(b, type)};
}

void dhr_b_warn(dhr_builder *b, const char *fmt, ...)
{
    dhr_document *d = b->doc;
    if (b->failed || d->nwarning >= 100)
        return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!grow((void **)&d->warnings, &b->warn_cap, d->nwarning + 1, sizeof *d->warnings)) {
        oom(b);
        return;
    }
    d->warnings[d->nwarning++] = dhr_b_strdup(b, msg);
}

bool dhr_b_tolerate(dhr_builder *b, bool parsed, const dhr_read_error *perr, const char *part,
                    const char *what, dhr_read_error *err)
{
    if (b->failed)
        return false;
    if (parsed)
        return true;
    if (perr->status != DHR_READ_BAD_XML && perr->status != DHR_READ_BAD_UTF8) {
        *err = *perr;
        return false;
    }
    dhr_b_warn(b, "%s could not be read, so %s (%s)", part, what, perr->message);
    return true;
}
