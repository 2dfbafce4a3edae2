#include "outline.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

uint32_t dhr_count_words(const char *s, size_t n)
{
    uint32_t w = 0;
    bool in = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        bool word = isalnum(c) || c >= 0x80 || c == '\'' || c == '-';
        if (word && !in)
            w++;
        in = word;
    }
    return w;
}

static bool is_body(const dhr_para *p)
{
    return p->part == DHR_PART_BODY;
}

/* A short, bold or capitalised line of its own that reads like a title. */
static bool looks_like_heading(const dhr_para *p)
{
    if (!is_body(p) || p->table || p->heading || p->hidden || !p->len || p->len > 120)
        return false;
    if (dhr_count_words(p->text, p->len) > 12)
        return false;
    size_t end = p->len;
    while (end && (p->text[end - 1] == ' ' || p->text[end - 1] == '\t'))
        end--;
    if (!end || strchr(".,;", p->text[end - 1]))
        return false;
    int upper = 0, lower = 0;
    for (size_t i = 0; i < p->len; i++) {
        unsigned char c = (unsigned char)p->text[i];
        if (isupper(c))
            upper++;
        else if (islower(c))
            lower++;
    }
    if (upper + lower == 0)
        return false;
    return p->bold || (lower == 0 && upper >= 3);
}

/* Depth of a typed number: "5." -> 1, "5.1" -> 2. */
static uint8_t label_depth(const dhr_para *p)
{
    if (!p->list_label)
        return 1;
    uint8_t d = 1;
    const char *l = p->list_label;
    for (size_t i = 0; l[i]; i++)
        if (l[i] == '.' && l[i + 1] && isdigit((unsigned char)l[i + 1]))
            d++;
    return d > 9 ? 9 : d;
}

/* Whether the words of heading H match alias A, where a "*" word of A
 * stands for any words or none ("involvement of * family *"). */
static bool glob_words(const char *a, const char *h)
{
    if (a[0] == '*' && (a[1] == ' ' || a[1] == '\0')) {
        const char *rest = a[1] ? a + 2 : a + 1;
        for (const char *at = h;; ) {
            if (glob_words(rest, at))
                return true;
            const char *sp = strchr(at, ' ');
            if (!sp)
                return !rest[0];
            at = sp + 1;
        }
    }
    size_t aw = strcspn(a, " "), hw = strcspn(h, " ");
    if (aw != hw || memcmp(a, h, aw) != 0)
        return false;
    if (!a[aw] || !h[hw])
        return !a[aw] && !h[hw] ? true : (!h[hw] && strcmp(a + aw, " *") == 0);
    return glob_words(a + aw + 1, h + hw + 1);
}

static bool alias_matches(const dhr_section_def *d, const char *norm)
{
    for (size_t k = 0; k < d->naliases; k++) {
        const char *a = d->aliases[k];
        if (strchr(a, '*') ? glob_words(a, norm) : strcmp(norm, a) == 0)
            return true;
    }
    return false;
}

/* A heading's normalised forms: the whole, and each side of a " / " or
 * " | " ("Portread / Pen portrait": Welsh reviews give both languages). */
typedef struct heading_forms {
    char *v[4];
    int n;
} heading_forms;

static bool forms_make(heading_forms *f, const char *s, size_t n)
{
    f->n = 0;
    f->v[f->n] = dhr_normalise_heading(s, n);
    if (!f->v[f->n])
        return false;
    f->n++;
    size_t from = 0;
    for (size_t i = 0; i + 2 < n && f->n < 4; i++) {
        if (!(s[i] == ' ' && (s[i + 1] == '/' || s[i + 1] == '|') && s[i + 2] == ' '))
            continue;
        if (from == 0) {
            f->v[f->n] = dhr_normalise_heading(s, i);
            if (!f->v[f->n])
                return false;
            f->n++;
        }
        from = i + 3;
        size_t e = from;
        while (e + 2 < n && !(s[e] == ' ' && (s[e + 1] == '/' || s[e + 1] == '|') && s[e + 2] == ' '))
            e++;
        if (e + 2 >= n)
            e = n;
        if (f->n < 4) {
            f->v[f->n] = dhr_normalise_heading(s + from, e - from);
            if (!f->v[f->n])
                return false;
            f->n++;
        }
        i = e - 1;
    }
    return true;
}

static void forms_free(heading_forms *f)
{
    for (int k = 0; k < f->n; k++)
        free(f->v[k]);
    f->n = 0;
}

static bool forms_match(const dhr_section_def *d, const heading_forms *f)
{
    for (int k = 0; k < f->n; k++)
        if (f->v[k][0] && alias_matches(d, f->v[k]))
            return true;
    return false;
}

size_t dhr_rules_match_heading(const dhr_ruleset *rs, const char *text, const char **ids,
                               size_t max)
{
    heading_forms f;
    bool ok = forms_make(&f, text, strlen(text));
    size_t n = 0;
    for (size_t d = 0; ok && d < rs->nsections; d++)
        if (forms_match(&rs->sections[d], &f) && n < max)
            ids[n++] = rs->sections[d].id;
    forms_free(&f);
    return n;
}

typedef struct candidate {
    int32_t para;
    size_t def;
    uint8_t level;
    bool pseudo;
} candidate;

const dhr_osection *dhr_outline_find(const dhr_outline *o, const char *id)
{
    for (size_t i = 0; i < o->n; i++)
        if (strcmp(o->secs[i].def->id, id) == 0)
            return &o->secs[i];
    return NULL;
}

static int cmp_sec(const void *a, const void *b)
{
    const dhr_osection *x = a, *y = b;
    if (x->first != y->first)
        return x->first < y->first ? -1 : 1;
    /* The outer section first when two start together. */
    return x->level < y->level ? -1 : x->level > y->level;
}

bool dhr_outline_build(dhr_outline *o, const dhr_ruleset *rs, const dhr_document *doc)
{
    memset(o, 0, sizeof *o);
    o->title_sec = o->contents_sec = -1;
    size_t np = doc->npara;
    o->para_sec = malloc((np + 1) * sizeof *o->para_sec);
    o->head_level = calloc(np + 1, 1);
    o->pseudo = calloc(np + 1, sizeof *o->pseudo);
    o->words = malloc((np + 1) * sizeof *o->words);
    candidate *cand = NULL;
    size_t ncand = 0, capcand = 0;
    if (!o->para_sec || !o->head_level || !o->pseudo || !o->words)
        goto oom;
    for (size_t i = 0; i < np; i++)
        o->words[i] = dhr_count_words(doc->paras[i].text, doc->paras[i].len);

    for (size_t i = 0; i < np; i++) {
        const dhr_para *p = &doc->paras[i];
        if (is_body(p) && !p->table && p->heading && o->words[i]) {
            o->head_level[i] = p->heading;
            o->styled_headings++;
        }
    }
    const dhr_section_def *contents_def = dhr_ruleset_section(rs, "contents");
    int32_t first_heading = -1, first_body = -1;
    for (size_t i = 0; i < np; i++) {
        const dhr_para *p = &doc->paras[i];
        if (!is_body(p))
            continue;
        if (first_body < 0 && o->words[i])
            first_body = (int32_t)i;
        bool candidate_line = !o->head_level[i] && looks_like_heading(p);
        heading_forms forms = {.n = 0};
        bool formed = false;
        /* With few styled headings, typed headings are the outline; with many,
         * only those naming a section are taken (a section typed in bold). */
        if (candidate_line || o->head_level[i] ||
            (contents_def && p->len < 40 && !p->table && first_heading < 0)) {
            formed = true;
            if (!forms_make(&forms, p->text, p->len)) {
                forms_free(&forms);
                goto oom;
            }
        }
        bool named = false;
        for (size_t d = 0; formed && d < rs->nsections && !named; d++)
            named = forms_match(&rs->sections[d], &forms);
        if (candidate_line && (o->styled_headings < 3 || named)) {
            o->head_level[i] = o->styled_headings < 3 ? label_depth(p) : 1;
            o->pseudo[i] = true;
        }
        /* "Contents" is usually a plain paragraph above the contents field. */
        if (!o->head_level[i] && formed && contents_def && first_heading < 0 && !p->table &&
            forms_match(contents_def, &forms)) {
            o->head_level[i] = 1;
            o->pseudo[i] = !p->heading;
        }
        if (o->head_level[i] && first_heading < 0)
            first_heading = (int32_t)i;
        if (o->head_level[i] && formed) {
            for (size_t d = 0; d < rs->nsections; d++) {
                if (!forms_match(&rs->sections[d], &forms))
                    continue;
                if (ncand == capcand) {
                    capcand = capcand ? capcand * 2 : 64;
                    candidate *v = realloc(cand, capcand * sizeof *v);
                    if (!v) {
                        forms_free(&forms);
                        goto oom;
                    }
                    cand = v;
                }
                cand[ncand++] = (candidate){(int32_t)i, d, o->head_level[i], o->pseudo[i]};
            }
        }
        forms_free(&forms);
    }

    /* One heading per section: a styled one before a typed one, then the
     * shallowest, then the first. So "Recommendations" as a subheading of
     * the executive summary gives way to the Recommendations section. */
    o->secs = calloc(rs->nsections + 2, sizeof *o->secs);
    if (!o->secs)
        goto oom;
    for (size_t d = 0; d < rs->nsections; d++) {
        const candidate *best = NULL;
        for (size_t k = 0; k < ncand; k++) {
            const candidate *c = &cand[k];
            if (c->def != d)
                continue;
            if (!best || c->pseudo < best->pseudo ||
                (c->pseudo == best->pseudo && c->level < best->level))
                best = c;
        }
        if (best)
            o->secs[o->n++] = (dhr_osection){&rs->sections[d], best->para, best->para, 0,
                                             best->level, best->pseudo, 0};
    }

    /* The title page: what comes before the contents or the first heading. */
    const dhr_section_def *title_def = dhr_ruleset_section(rs, "title-page");
    if (title_def && first_body >= 0 && (first_heading < 0 || first_body < first_heading))
        o->secs[o->n++] = (dhr_osection){title_def, -1, first_body, 0, 0, false, 0};
    /* A contents field with no heading above it still makes a contents page. */
    if (contents_def && doc->toc_source != DHR_TOC_NONE) {
        bool have = false;
        for (size_t k = 0; k < o->n; k++)
            have |= o->secs[k].def == contents_def;
        if (!have && first_heading >= 0)
            o->secs[o->n++] = (dhr_osection){contents_def, -1, first_heading, 0, 1, false, 0};
    }
    qsort(o->secs, o->n, sizeof *o->secs, cmp_sec);

    /* A section runs to the next recognised heading at its level or above,
     * or to the next styled heading at its level or above even when that
     * names no section ("Introduction" after the executive summary is not
     * part of it). Bold lines taken for headings do not end a section: they
     * are as often run-in subheadings. */
    for (size_t k = 0; k < o->n; k++) {
        dhr_osection *s = &o->secs[k];
        s->end = (int32_t)np;
        for (size_t j = k + 1; j < o->n; j++) {
            const dhr_osection *t = &o->secs[j];
            if (t->first > s->first && (s->level == 0 || t->level <= s->level)) {
                s->end = t->first;
                break;
            }
        }
        if (s->heading >= 0 && s->level > 0 && !s->pseudo)
            for (int32_t i = s->heading + 1; i < s->end; i++)
                if (o->head_level[i] && !o->pseudo[i] && o->head_level[i] <= s->level) {
                    s->end = i;
                    break;
                }
        if (s->heading < 0 && s->def == contents_def)
            s->end = s->first; /* a field alone: no paragraphs of its own */
        if (s->def == title_def)
            o->title_sec = (int32_t)k;
        if (s->def == contents_def)
            o->contents_sec = (int32_t)k;
    }
    /* Every paragraph's innermost section; notes, comments and text boxes
     * take the section of the paragraph they are anchored to. */
    for (size_t i = 0; i < np; i++) {
        o->para_sec[i] = -1;
        if (!is_body(&doc->paras[i]))
            continue;
        for (size_t k = 0; k < o->n; k++)
            if ((int32_t)i >= o->secs[k].first && (int32_t)i < o->secs[k].end)
                o->para_sec[i] = (int32_t)k; /* later starts are inner ones */
    }
    for (size_t i = 0; i < np; i++) {
        int32_t a = doc->paras[i].anchor;
        for (int hop = 0; hop < 4 && o->para_sec[i] < 0 && a >= 0 && (size_t)a < np; hop++) {
            o->para_sec[i] = o->para_sec[a];
            a = doc->paras[a].anchor;
        }
    }
    for (size_t k = 0; k < o->n; k++) {
        dhr_osection *s = &o->secs[k];
        for (int32_t i = s->first; i < s->end; i++)
            if (is_body(&doc->paras[i]) && i != s->heading)
                s->words += o->words[i];
    }
    free(cand);
    return true;
oom:
    free(cand);
    dhr_outline_free(o);
    return false;
}

void dhr_outline_free(dhr_outline *o)
{
    free(o->secs);
    free(o->para_sec);
    free(o->head_level);
    free(o->pseudo);
    free(o->words);
    memset(o, 0, sizeof *o);
}
