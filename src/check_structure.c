/* Check kinds about the report's shape: its sections, their order and
 * length, headings, the contents list, paragraph numbering. */
#include "engine.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static bool listed(char *const *list, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], id) == 0)
            return true;
    return false;
}

static int32_t sec_at(const dhr_osection *s)
{
    return s->heading >= 0 ? s->heading : s->first;
}

static void sections_present(dhr_ctx *c)
{
    for (size_t d = 0; d < c->rs->nsections; d++) {
        const dhr_section_def *def = &c->rs->sections[d];
        if (!(def->required & c->stage) || dhr_outline_find(c->ol, def->id))
            continue;
        dhr_fill f = {.section = def->display};
        dhr_emit(c, -1, false, 0, 0, "", def->id, &f);
    }
}

static void section_words(dhr_ctx *c)
{
    const dhr_rule *r = c->rule;
    for (size_t k = 0; k < c->ol->n; k++) {
        const dhr_osection *s = &c->ol->secs[k];
        if (s->heading < 0 || listed(r->except_sections, r->nexcept_sections, s->def->id))
            continue;
        long min = s->def->min_words >= 0 ? s->def->min_words : r->min;
        if ((long)s->words >= min)
            continue;
        const dhr_para *h = &c->doc->paras[s->heading];
        dhr_fill f = {.section = s->def->display, .words = (long)s->words, .count = min};
        dhr_emit(c, s->heading, true, 0, h->len, NULL, NULL, &f);
    }
}

/* Sections against Annex A's order: those outside the longest run of
 * sections already in order are the ones out of place. */
static void section_order(dhr_ctx *c)
{
    const dhr_outline *ol = c->ol;
    size_t n = 0;
    const dhr_osection **v = malloc((ol->n + 1) * sizeof *v);
    size_t *len = malloc((ol->n + 1) * sizeof *len), *prev = malloc((ol->n + 1) * sizeof *prev);
    bool *keep = calloc(ol->n + 1, sizeof *keep);
    if (!v || !len || !prev || !keep) {
        c->oom = true;
        goto out;
    }
    for (size_t k = 0; k < ol->n; k++)
        if (ol->secs[k].def->has_order)
            v[n++] = &ol->secs[k];
    size_t best = 0;
    for (size_t i = 0; i < n; i++) {
        len[i] = 1;
        prev[i] = SIZE_MAX;
        for (size_t j = 0; j < i; j++)
            if (v[j]->def->order <= v[i]->def->order && len[j] + 1 > len[i]) {
                len[i] = len[j] + 1;
                prev[i] = j;
            }
        if (len[i] > len[best])
            best = i;
    }
    for (size_t i = n ? best : SIZE_MAX; i != SIZE_MAX; i = prev[i])
        keep[i] = true;
    for (size_t i = 0; i < n; i++) {
        if (keep[i])
            continue;
        /* The section it should have come before, for the message. */
        const dhr_osection *other = NULL;
        for (size_t j = 0; j < i; j++)
            if (v[j]->def->order > v[i]->def->order) {
                other = v[j];
                break;
            }
        dhr_fill f = {.section = v[i]->def->display,
                      .other = other ? other->def->display : ""};
        int32_t at = sec_at(v[i]);
        dhr_emit(c, at, at >= 0 && v[i]->heading >= 0, 0,
                 at >= 0 ? c->doc->paras[at].len : 0, v[i]->def->display, NULL, &f);
    }
    /* Annex I: the pen portrait comes straight after the contents. */
    const char *first = c->rule->section;
    const dhr_osection *contents = ol->contents_sec >= 0 ? &ol->secs[ol->contents_sec] : NULL;
    const dhr_osection *want = first ? dhr_outline_find(ol, first) : NULL;
    if (contents && want) {
        const dhr_osection *next = NULL;
        for (size_t k = 0; k < ol->n; k++) {
            const dhr_osection *s = &ol->secs[k];
            if (s != contents && s->first >= contents->first && s->heading >= 0 &&
                s->heading > contents->heading && (!next || s->first < next->first))
                next = s;
        }
        if (next != want) {
            dhr_fill f = {.section = want->def->display,
                          .other = next ? next->def->display : ""};
            int32_t at = sec_at(want);
            dhr_emit(c, at, want->heading >= 0, 0, at >= 0 ? c->doc->paras[at].len : 0,
                     want->def->display, NULL, &f);
        }
    }
out:
    free(v);
    free(len);
    free(prev);
    free(keep);
}

static void heading_styles(dhr_ctx *c)
{
    for (size_t k = 0; k < c->ol->n; k++) {
        const dhr_osection *s = &c->ol->secs[k];
        if (!s->pseudo || s->heading < 0 || (int32_t)k == c->ol->contents_sec)
            continue;
        dhr_fill f = {.section = s->def->display};
        dhr_emit(c, s->heading, true, 0, c->doc->paras[s->heading].len, NULL, NULL, &f);
    }
}

/* A contents line typed by hand: drop dot leaders and the page number. */
static size_t strip_page(const char *s, size_t n)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    size_t k = n;
    while (k && isdigit((unsigned char)s[k - 1]))
        k--;
    if (k < n && k && (s[k - 1] == ' ' || s[k - 1] == '\t' || s[k - 1] == '.')) {
        n = k;
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '.'))
            n--;
    }
    return n;
}

typedef struct entry {
    char *norm;
    const char *text;
    size_t len;
    int32_t para; /* heading paragraph, for headings */
} entry;

static void free_entries(entry *e, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(e[i].norm);
    free(e);
}

#define MAX_CONTENTS 1000

static void contents_match(dhr_ctx *c)
{
    const dhr_document *doc = c->doc;
    const dhr_outline *ol = c->ol;
    if (ol->contents_sec < 0)
        return; /* no contents at all: sections-present says so */
    const dhr_osection *cs = &ol->secs[ol->contents_sec];
    int32_t at = cs->heading;
    if (doc->toc_source != DHR_TOC_NONE && doc->ntoc == 0) {
        dhr_fill f = {.count = 0};
        dhr_emit(c, at, false, 0, 0, "", "contents", &f);
        return;
    }
    entry *ent = calloc(MAX_CONTENTS, sizeof *ent), *hd = calloc(MAX_CONTENTS, sizeof *hd);
    size_t ne = 0, nh = 0;
    int max_level = 1;
    if (!ent || !hd) {
        c->oom = true;
        goto out;
    }
    if (doc->toc_source != DHR_TOC_NONE) {
        for (size_t i = 0; i < doc->ntoc && ne < MAX_CONTENTS; i++) {
            if (c->rule->max > 0 && doc->toc[i].level > c->rule->max)
                continue;
            ent[ne] = (entry){dhr_normalise_heading(doc->toc[i].text, strlen(doc->toc[i].text)),
                              doc->toc[i].text, strlen(doc->toc[i].text), -1};
            if (doc->toc[i].level > max_level)
                max_level = doc->toc[i].level;
            ne++;
        }
    } else {
        for (int32_t i = cs->heading + 1; i < cs->end && ne < MAX_CONTENTS; i++) {
            const dhr_para *p = &doc->paras[i];
            if (p->part != DHR_PART_BODY || !c->ol->words[i])
                continue;
            size_t n = strip_page(p->text, p->len);
            ent[ne++] = (entry){dhr_normalise_heading(p->text, n), p->text, n, i};
        }
        max_level = 2;
    }
    if (c->rule->max > 0)
        max_level = (int)c->rule->max;
    int32_t after = cs->end > cs->first ? cs->end : cs->first;
    for (size_t i = (size_t)(after > 0 ? after : 0); i < doc->npara && nh < MAX_CONTENTS; i++)
        if (ol->head_level[i] && ol->head_level[i] <= max_level && (int32_t)i != cs->heading)
            hd[nh++] = (entry){dhr_normalise_heading(doc->paras[i].text, doc->paras[i].len),
                               doc->paras[i].text, doc->paras[i].len, (int32_t)i};
    for (size_t i = 0; i < ne; i++)
        if (!ent[i].norm)
            c->oom = true;
    for (size_t i = 0; i < nh; i++)
        if (!hd[i].norm)
            c->oom = true;
    if (c->oom || !ne)
        goto out;
    /* Align the two lists (longest common subsequence); what is left over
     * on either side is a stale entry or a missing one. */
    uint16_t *t = calloc((ne + 1) * (nh + 1), sizeof *t);
    if (!t) {
        c->oom = true;
        goto out;
    }
#define T(i, j) t[(i) * (nh + 1) + (j)]
    for (size_t i = ne; i-- > 0;)
        for (size_t j = nh; j-- > 0;)
            T(i, j) = strcmp(ent[i].norm, hd[j].norm) == 0
                          ? (uint16_t)(T(i + 1, j + 1) + 1)
                          : (T(i + 1, j) > T(i, j + 1) ? T(i + 1, j) : T(i, j + 1));
    size_t i = 0, j = 0;
    while (i < ne || j < nh) {
        if (i < ne && j < nh && strcmp(ent[i].norm, hd[j].norm) == 0) {
            i++, j++;
        } else if (j < nh && (i == ne || T(i, j + 1) >= T(i + 1, j))) {
            /* A heading the contents leave out. */
            dhr_fill f = {.item = "heading", .count = 1};
            dhr_emit(c, hd[j].para, true, 0, hd[j].len, NULL, NULL, &f);
            j++;
        } else {
            char *ex = strndup(ent[i].text, ent[i].len);
            dhr_fill f = {.item = "entry", .count = 2};
            dhr_emit(c, ent[i].para >= 0 ? ent[i].para : at, false, 0, 0, ex ? ex : "",
                     "contents", &f);
            free(ex);
            i++;
        }
    }
#undef T
    free(t);
out:
    free_entries(ent, ne);
    free_entries(hd, nh);
}

static void numbered_paragraphs(dhr_ctx *c)
{
    const dhr_document *doc = c->doc;
    const dhr_rule *r = c->rule;
    long total = 0, numbered = 0;
    int32_t first_plain = -1;
    for (size_t i = 0; i < doc->npara; i++) {
        const dhr_para *p = &doc->paras[i];
        if (p->part != DHR_PART_BODY || p->table || c->ol->head_level[i] ||
            (long)c->ol->words[i] < r->min)
            continue;
        int32_t sec = c->ol->para_sec[i];
        if (sec >= 0 && (sec == c->ol->title_sec || sec == c->ol->contents_sec ||
                         listed(r->except_sections, r->nexcept_sections,
                                c->ol->secs[sec].def->id)))
            continue;
        total++;
        if (p->list_label)
            numbered++;
        else if (first_plain < 0)
            first_plain = (int32_t)i;
    }
    if (total < 10 || (double)numbered >= r->ratio * (double)total)
        return;
    dhr_fill f = {.count = numbered, .total = total};
    dhr_emit(c, first_plain, false, 0, 0, "", NULL, &f);
}

static void section_length(dhr_ctx *c)
{
    const dhr_rule *r = c->rule;
    const dhr_osection *s = dhr_outline_find(c->ol, r->section);
    if (!s || s->heading < 0)
        return;
    if ((long)s->words >= r->min && (long)s->words <= r->max)
        return;
    dhr_fill f = {.section = s->def->display, .words = (long)s->words};
    dhr_emit(c, s->heading, true, 0, c->doc->paras[s->heading].len, NULL, NULL, &f);
}

void dhr_check_structure(dhr_ctx *c)
{
    switch (c->rule->kind) {
    case CK_SECTIONS_PRESENT:
        sections_present(c);
        break;
    case CK_SECTION_WORDS:
        section_words(c);
        break;
    case CK_SECTION_ORDER:
        section_order(c);
        break;
    case CK_HEADING_STYLES:
        heading_styles(c);
        break;
    case CK_CONTENTS_MATCH:
        contents_match(c);
        break;
    case CK_NUMBERED_PARAGRAPHS:
        numbered_paragraphs(c);
        break;
    case CK_SECTION_LENGTH:
        section_length(c);
        break;
    default:
        break;
    }
}
