/* dhr_check: runs every enabled rule of the stage over the document and
 * gathers the findings in document order. */
#include "engine.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A hostile document cannot make a rule report without end. */
#define MAX_FINDINGS_PER_RULE 500

const char *dhr_section_name(const dhr_ruleset *rs, const char *id)
{
    const dhr_section_def *d = dhr_ruleset_section(rs, id);
    return d && d->display ? d->display : id;
}

static bool in_section(const dhr_ctx *c, const char *id, size_t i)
{
    const dhr_document *doc = c->doc;
    /* Notes, comments and text boxes belong where they are anchored. */
    size_t at = i;
    for (int hop = 0; hop < 4 && doc->paras[at].part != DHR_PART_BODY; hop++) {
        if (doc->paras[at].anchor < 0)
            return false;
        at = (size_t)doc->paras[at].anchor;
    }
    if (doc->paras[at].part != DHR_PART_BODY)
        return false;
    for (size_t k = 0; k < c->ol->n; k++) {
        const dhr_osection *s = &c->ol->secs[k];
        if (strcmp(s->def->id, id) == 0)
            return (int32_t)at >= s->first && (int32_t)at < s->end;
    }
    return false;
}

static bool scope_has(const dhr_ctx *c, const dhr_scope *sc, size_t i)
{
    const dhr_para *p = &c->doc->paras[i];
    if (sc->flags & SCOPE_ALL)
        return true;
    if ((sc->flags & SCOPE_TEXT) &&
        (p->part == DHR_PART_BODY || p->part == DHR_PART_FOOTNOTE ||
         p->part == DHR_PART_ENDNOTE || p->part == DHR_PART_TEXTBOX))
        return true;
    if ((sc->flags & SCOPE_BODY) && p->part == DHR_PART_BODY)
        return true;
    if ((sc->flags & SCOPE_HEADINGS) && c->ol->head_level[i])
        return true;
    if ((sc->flags & SCOPE_TITLE_PAGE) && c->ol->title_sec >= 0 &&
        c->ol->para_sec[i] == c->ol->title_sec)
        return true;
    if (sc->parts & (1u << p->part))
        return true;
    for (size_t k = 0; k < sc->nsections; k++) {
        if (strcmp(sc->sections[k], "title-page") == 0 && c->ol->title_sec >= 0 &&
            c->ol->para_sec[i] == c->ol->title_sec)
            return true;
        if (in_section(c, sc->sections[k], i))
            return true;
    }
    return false;
}

bool dhr_in_scope(const dhr_ctx *c, const dhr_scope *scope, const dhr_scope *exclude, size_t i)
{
    return scope_has(c, scope, i) && !scope_has(c, exclude, i);
}

int32_t dhr_scope_anchor(const dhr_ctx *c, const dhr_scope *scope)
{
    const dhr_outline *ol = c->ol;
    if (scope->nsections) {
        for (size_t k = 0; k < scope->nsections; k++) {
            const dhr_osection *s = dhr_outline_find(ol, scope->sections[k]);
            if (s)
                return s->heading >= 0 ? s->heading : s->first;
        }
        if (!scope->flags && !scope->parts)
            return -2;
    }
    if (scope->flags & SCOPE_TITLE_PAGE) {
        if (ol->title_sec < 0)
            return scope->flags == SCOPE_TITLE_PAGE && !scope->parts ? -2 : -1;
        return ol->secs[ol->title_sec].first;
    }
    return -1;
}

bool dhr_match(dhr_ctx *c, const pcre2_code *re, size_t i, size_t start, size_t *off, size_t *len)
{
    const dhr_para *p = &c->doc->paras[i];
    if (!re || start > p->len)
        return false;
    int rc = pcre2_match(re, (PCRE2_SPTR)p->text, p->len, start, 0, c->md, c->rs->mctx);
    if (rc < 0)
        return false; /* no match, or a limit reached: never a finding */
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(c->md);
    *off = ov[0];
    *len = ov[1] > ov[0] ? ov[1] - ov[0] : 0;
    return true;
}

bool dhr_match_text(dhr_ctx *c, const pcre2_code *re, const char *s, size_t n)
{
    return re && pcre2_match(re, (PCRE2_SPTR)s, n, 0, 0, c->md, c->rs->mctx) >= 0;
}

static void append(char **out, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (!*out)
        return;
    if (*len + n + 1 > *cap) {
        size_t nc = (*cap ? *cap : 64);
        while (*len + n + 1 > nc)
            nc *= 2;
        char *v = realloc(*out, nc);
        if (!v) {
            free(*out);
            *out = NULL;
            return;
        }
        *out = v;
        *cap = nc;
    }
    memcpy(*out + *len, s, n);
    *len += n;
    (*out)[*len] = '\0';
}

/* Fills {section} {item} {other} {excerpt} {words} {count} {total}. */
static char *fill_message(const char *msg, const char *excerpt, const dhr_fill *f)
{
    size_t cap = strlen(msg) + 64, len = 0;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    out[0] = '\0';
    for (const char *p = msg; *p && out;) {
        const char *open = strchr(p, '{');
        const char *close = open ? strchr(open, '}') : NULL;
        if (!open || !close) {
            append(&out, &len, &cap, p, strlen(p));
            break;
        }
        append(&out, &len, &cap, p, (size_t)(open - p));
        char key[16] = "";
        size_t kl = (size_t)(close - open - 1);
        if (kl < sizeof key)
            memcpy(key, open + 1, kl), key[kl] = '\0';
        char num[32] = "";
        const char *v = NULL;
        if (f && strcmp(key, "section") == 0)
            v = f->section;
        else if (f && strcmp(key, "item") == 0)
            v = f->item;
        else if (f && strcmp(key, "other") == 0)
            v = f->other;
        else if (strcmp(key, "excerpt") == 0)
            v = excerpt;
        else if (f && (strcmp(key, "words") == 0 || strcmp(key, "count") == 0 ||
                       strcmp(key, "total") == 0)) {
            long n = key[0] == 'w' ? f->words : key[0] == 'c' ? f->count : f->total;
            snprintf(num, sizeof num, "%ld", n);
            v = num;
        }
        if (v)
            append(&out, &len, &cap, v, strlen(v));
        else
            append(&out, &len, &cap, open, (size_t)(close - open + 1));
        p = close + 1;
    }
    return out;
}

static const char *heading_text(const dhr_ctx *c, int32_t sec, char **owned)
{
    *owned = NULL;
    if (sec < 0)
        return NULL;
    int32_t h = c->ol->secs[sec].heading;
    if (h < 0)
        return NULL;
    const dhr_para *p = &c->doc->paras[h];
    size_t s = 0, e = p->len;
    while (s < e && isspace((unsigned char)p->text[s]))
        s++;
    while (e > s && isspace((unsigned char)p->text[e - 1]))
        e--;
    *owned = strndup(p->text + s, e - s);
    return *owned;
}

void dhr_emit(dhr_ctx *c, int32_t para, bool has_span, size_t off, size_t len,
              const char *excerpt, const char *section_id, const dhr_fill *fill)
{
    if (c->oom || c->rule_findings >= MAX_FINDINGS_PER_RULE)
        return;
    const dhr_rule *r = c->rule;
    const dhr_document *doc = c->doc;
    char *ex = NULL;
    if (has_span && para >= 0)
        ex = strndup(doc->paras[para].text + off, len);
    else
        ex = strdup(excerpt ? excerpt : "");
    if (!ex) {
        c->oom = true;
        return;
    }
    for (size_t k = 0; k < r->nallow; k++)
        if (strcasecmp(ex, r->allow[k]) == 0) {
            free(ex);
            return;
        }
    dhr_result *res = c->res;
    if (res->nfinding == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        dhr_finding *v = realloc(res->findings, cap * sizeof *v);
        if (!v) {
            free(ex);
            c->oom = true;
            return;
        }
        res->findings = v;
        c->cap = cap;
    }
    dhr_finding *f = &res->findings[res->nfinding];
    memset(f, 0, sizeof *f);
    f->rule = r->info.id;
    f->category = r->info.category;
    f->severity = c->severity;
    f->source = r->info.source;
    f->suggestion = r->info.suggestion;
    f->excerpt = ex;
    f->para = para;
    f->message = fill_message(r->info.message ? r->info.message : "", ex, fill);
    if (!f->message) {
        free(ex);
        c->oom = true;
        return;
    }
    dhr_location *l = &f->loc;
    if (para >= 0) {
        const dhr_para *p = &doc->paras[para];
        l->part = p->part;
        l->paragraph = p->n;
        l->table = p->table;
        l->row = p->row;
        l->cell = p->cell;
        int32_t sec = c->ol->para_sec[para];
        if (sec >= 0) {
            l->section = c->ol->secs[sec].def->id;
            char *owned;
            heading_text(c, sec, &owned);
            l->heading = owned; /* freed with the result */
        }
        if (has_span) {
            l->has_span = true;
            l->offset = (uint32_t)dhr_utf8_count(p->text, off);
            l->length = (uint32_t)dhr_utf8_count(p->text + off, len);
        }
        if (p->part == DHR_PART_REVISION)
            f->revision_author = p->author;
    } else {
        l->part = DHR_PART_BODY;
        l->section = section_id;
    }
    res->nfinding++;
    c->rule_findings++;
}

static int part_rank(dhr_part p)
{
    return (int)p;
}

static int cmp_finding(const void *a, const void *b)
{
    const dhr_finding *x = a, *y = b;
    bool xn = x->para < 0, yn = y->para < 0;
    if (xn != yn)
        return xn ? -1 : 1;
    if (!xn) {
        if (x->loc.part != y->loc.part)
            return part_rank(x->loc.part) - part_rank(y->loc.part);
        if (x->loc.paragraph != y->loc.paragraph)
            return x->loc.paragraph < y->loc.paragraph ? -1 : 1;
        if (x->loc.offset != y->loc.offset)
            return x->loc.offset < y->loc.offset ? -1 : 1;
    }
    return 0;
}

/* qsort is not stable: findings at the same place keep rule order by index. */
typedef struct keyed {
    dhr_finding f;
    size_t i;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = cmp_finding(&x->f, &y->f);
    return c ? c : (x->i < y->i ? -1 : x->i > y->i);
}

static void sort_findings(dhr_result *r)
{
    keyed *k = malloc(r->nfinding * sizeof *k + 1);
    if (!k)
        return;
    for (size_t i = 0; i < r->nfinding; i++)
        k[i] = (keyed){r->findings[i], i};
    qsort(k, r->nfinding, sizeof *k, cmp_keyed);
    for (size_t i = 0; i < r->nfinding; i++)
        r->findings[i] = k[i].f;
    free(k);
}

dhr_result *dhr_check(const dhr_ruleset *rs, const dhr_document *doc, dhr_stage stage)
{
    dhr_result *res = calloc(1, sizeof *res);
    if (!res)
        return NULL;
    res->stage = stage;
    dhr_outline ol;
    if (!dhr_outline_build(&ol, rs, doc)) {
        free(res);
        return NULL;
    }
    dhr_ctx c = {.rs = rs, .doc = doc, .ol = &ol, .stage = stage, .res = res};
    c.md = pcre2_match_data_create(32, NULL);
    if (!c.md)
        c.oom = true;
    for (size_t i = 0; i < rs->nrules && !c.oom; i++) {
        const dhr_rule *r = &rs->rules[i];
        if (r->info.disabled || !(r->info.stages & stage))
            continue;
        c.rule = r;
        c.rule_findings = 0;
        c.severity = stage == DHR_STAGE_DRAFT && r->info.has_draft_severity
                         ? r->info.draft_severity
                         : r->info.severity;
        dhr_check_structure(&c);
        dhr_check_text(&c);
    }
    pcre2_match_data_free(c.md);
    sort_findings(res);
    for (size_t i = 0; i < res->nfinding; i++)
        res->count[res->findings[i].severity]++;
    res->sections = calloc(ol.n + 1, sizeof *res->sections);
    if (res->sections) {
        for (size_t k = 0; k < ol.n; k++) {
            const dhr_osection *s = &ol.secs[k];
            dhr_section_found *o = &res->sections[res->nsection++];
            o->id = s->def->id;
            char *owned;
            heading_text(&c, (int32_t)k, &owned);
            o->heading = owned;
            int32_t at = s->heading >= 0 ? s->heading : s->first;
            o->paragraph = at >= 0 && (size_t)at < doc->npara ? doc->paras[at].n : 0;
            o->words = s->words;
            o->level = s->level;
            o->from_bold_text = s->pseudo;
        }
    }
    dhr_outline_free(&ol);
    if (c.oom) {
        dhr_result_free(res);
        return NULL;
    }
    return res;
}

void dhr_result_free(dhr_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nfinding; i++) {
        free(r->findings[i].message);
        free(r->findings[i].excerpt);
        free((char *)r->findings[i].loc.heading);
    }
    free(r->findings);
    for (size_t i = 0; i < r->nsection; i++)
        free((char *)r->sections[i].heading);
    free(r->sections);
    free(r);
}
