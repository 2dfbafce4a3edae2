/* Check kinds about what a document hides (Word's Document Inspector, 14.1):
 * pending tracked changes, comments, hidden text, embedded objects. Each is
 * reported where it is, with its text, because deleted or hidden text is
 * exactly where a real name survives. */
#include "engine.h"

#include <stdio.h>
#include <string.h>

static void tracked_changes(dhr_ctx *c)
{
    const dhr_document *doc = c->doc;
    for (size_t i = 0; i < doc->npara; i++) {
        const dhr_para *p = &doc->paras[i];
        if (p->part == DHR_PART_REVISION) {
            dhr_fill f = {.item = p->author ? p->author : "an unknown author"};
            dhr_emit(c, (int32_t)i, true, 0, p->len, NULL, NULL, &f);
            continue;
        }
        const dhr_span *sp = dhr_para_spans(doc, p);
        for (uint32_t k = 0; k < p->span_count; k++)
            if (sp[k].kind == DHR_SPAN_INSERTED) {
                dhr_fill f = {.item = sp[k].author ? sp[k].author : "an unknown author"};
                dhr_emit(c, (int32_t)i, true, sp[k].offset, sp[k].length, NULL, NULL, &f);
            }
    }
    if (doc->nformat_changes) {
        char what[64];
        snprintf(what, sizeof what, "%u formatting change%s", doc->nformat_changes,
                 doc->nformat_changes == 1 ? "" : "s");
        dhr_fill f = {.item = "formatting", .count = doc->nformat_changes};
        dhr_emit(c, -1, false, 0, 0, what, NULL, &f);
    }
}

/* A comment of several paragraphs is reported once, at its first. */
static void comments(dhr_ctx *c)
{
    const dhr_document *doc = c->doc;
    const dhr_para *prev = NULL;
    for (size_t i = 0; i < doc->npara; i++) {
        const dhr_para *p = &doc->paras[i];
        if (p->part != DHR_PART_COMMENT)
            continue;
        bool same = prev && prev->anchor == p->anchor && prev->author == p->author &&
                    prev->date == p->date && prev->n + 1 == p->n;
        prev = p;
        if (same)
            continue;
        dhr_fill f = {.item = p->author ? p->author : "an unknown author"};
        dhr_emit(c, (int32_t)i, true, 0, p->len, NULL, NULL, &f);
    }
}

static void hidden_text(dhr_ctx *c)
{
    const dhr_document *doc = c->doc;
    for (size_t i = 0; i < doc->npara; i++) {
        const dhr_para *p = &doc->paras[i];
        const dhr_span *sp = dhr_para_spans(doc, p);
        bool spans = false;
        for (uint32_t k = 0; k < p->span_count; k++)
            if (sp[k].kind == DHR_SPAN_HIDDEN && sp[k].length) {
                spans = true;
                dhr_emit(c, (int32_t)i, true, sp[k].offset, sp[k].length, NULL, NULL, NULL);
            }
        if (p->hidden && !spans && p->len)
            dhr_emit(c, (int32_t)i, true, 0, p->len, NULL, NULL, NULL);
    }
}

static void embedded_objects(dhr_ctx *c)
{
    for (size_t i = 0; i < c->doc->nobject; i++) {
        const dhr_object *o = &c->doc->objects[i];
        dhr_fill f = {.item = o->kind};
        dhr_emit(c, -1, false, 0, 0, o->name, NULL, &f);
    }
}

void dhr_check_hygiene(dhr_ctx *c)
{
    switch (c->rule->kind) {
    case CK_TRACKED_CHANGES:
        tracked_changes(c);
        break;
    case CK_COMMENTS:
        comments(c);
        break;
    case CK_HIDDEN_TEXT:
        hidden_text(c);
        break;
    case CK_EMBEDDED_OBJECTS:
        embedded_objects(c);
        break;
    default:
        break;
    }
}
