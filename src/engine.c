/* dhr_check: runs every enabled rule of the stage over the document and
 * gathers the findings in document order. */
#include "engine.h"
#include "profile.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* A hostile document cannot make a rule report without end. */
#define MAX_FINDINGS_PER_RULE 500

const char *dhr_section_name(const dhr_ruleset *rs, const char *id)
{
    const dhr_section_def *d = dhr_ruleset_section(rs, id);
    return d && d->display ? d->display : id;
}

/* The body ranges of a scope's sections, for the rule about to run. */
static void resolve_ranges(const dhr_ctx *c, const dhr_scope *sc, struct dhr_ranges *out)
{
    out->n = 0;
    for (size_t k = 0; k < sc->nsections; k++) {
        const dhr_osection *s = strcmp(sc->sections[k], "title-page") == 0
                                    ? (c->ol->title_sec >= 0 ? &c->ol->secs[c->ol->title_sec] : NULL)
                                    : dhr_outline_find(c->ol, sc->sections[k]);
        if (s && out->n < 64) {
            out->first[out->n] = s->first;
            out->end[out->n++] = s->end;
        }
    }
}

static bool scope_has(const dhr_ctx *c, const dhr_scope *sc, const struct dhr_ranges *rg,
                      size_t i)
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
    /* Notes, comments and text boxes are in the section of the paragraph
     * they are anchored to. */
    int32_t at = c->body_at[i];
    for (size_t k = 0; at >= 0 && k < rg->n; k++)
        if (at >= rg->first[k] && at < rg->end[k])
            return true;
    return false;
}

bool dhr_report_says(const dhr_ctx *c, size_t i)
{
    dhr_part part = c->doc->paras[i].part;
    return (part != DHR_PART_COMMENT && part != DHR_PART_REVISION) ||
           (c->rule->scope.parts & (1u << part));
}

bool dhr_in_scope(const dhr_ctx *c, const dhr_scope *scope, const dhr_scope *exclude, size_t i)
{
    return scope_has(c, scope, &c->in_ranges, i) &&
           !(exclude->flags || exclude->parts || exclude->nsections
                 ? scope_has(c, exclude, &c->out_ranges, i)
                 : false);
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

/* Whether S[0..N) is well-formed UTF-8 as PCRE2 defines it: shortest forms,
 * no surrogates, nothing above U+10FFFF. */
static bool utf8_valid(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char b = s[i];
        if (b < 0x80) {
            i++;
            continue;
        }
        size_t k;
        uint32_t cp;
        if (b >= 0xC2 && b <= 0xDF) {
            k = 1;
            cp = b & 0x1F;
        } else if (b >= 0xE0 && b <= 0xEF) {
            k = 2;
            cp = b & 0x0F;
        } else if (b >= 0xF0 && b <= 0xF4) {
            k = 3;
            cp = b & 0x07;
        } else {
            return false;
        }
        if (n - i <= k)
            return false;
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xC0) != 0x80)
                return false;
            cp = cp << 6 | (s[i + j] & 0x3F);
        }
        if ((k == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            return false;
        i += k + 1;
    }
    return true;
}

static bool match_one(dhr_ctx *c, const dhr_pattern *pat, size_t i, size_t start, size_t *off,
                      size_t *len)
{
    const dhr_para *p = &c->doc->paras[i];
    c->matched = NULL; /* a failed match leaves the match data undefined */
    if (!pat->re || start > p->len)
        return false;
    /* PCRE2 would otherwise validate the whole paragraph again on every
     * call, for every pattern: half the cost of matching. */
    uint32_t opts = c->utf8_ok && c->utf8_ok[i] ? PCRE2_NO_UTF_CHECK : 0;
    int rc = pcre2_match(pat->re, (PCRE2_SPTR)p->text, p->len, start, opts, c->md, c->rs->mctx);
    if (rc < 0)
        return false; /* no match, or a limit reached: never a finding */
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(c->md);
    *off = ov[0];
    *len = ov[1] > ov[0] ? ov[1] - ov[0] : 0;
    c->matched = pat->re;
    /* where the match began, before any \K ("NHS number \K...") */
    c->matched_from = pcre2_get_startchar(c->md);
    return true;
}

/* The memo of PAT's parts for paragraph I, emptied when either changes. */
static struct dhr_part_memo *part_memo(dhr_ctx *c, const dhr_pattern *pat, size_t i)
{
    if (c->memo_pat == pat && c->memo_para == i)
        return c->memo;
    if (pat->npart > c->memo_cap) {
        struct dhr_part_memo *m = realloc(c->memo, pat->npart * sizeof *m);
        if (!m)
            return NULL;
        c->memo = m;
        c->memo_cap = pat->npart;
    }
    for (size_t k = 0; k < pat->npart; k++)
        c->memo[k] = (struct dhr_part_memo){.asked = SIZE_MAX};
    c->memo_pat = pat;
    c->memo_para = i;
    return c->memo;
}

bool dhr_match(dhr_ctx *c, const dhr_pattern *pat, size_t i, size_t start, size_t *off,
               size_t *len)
{
    if (!pat->npart || c->plain)
        return (start > 0 || dhr_trigger_hit(&c->hits, &pat->trig, i)) &&
               match_one(c, pat, i, start, off, len);
    /* The alternation's match, from its patterns run one by one: the
     * leftmost, and of those starting there, the first pattern's. A part's
     * earlier answer still holds from START when it was asked from no later
     * and found nothing, or a match that begins at START or after: the
     * leftmost match from there is the leftmost from START too. */
    struct dhr_part_memo *memo = part_memo(c, pat, i);
    const dhr_pattern *best = NULL;
    const pcre2_code *last_run = NULL;
    size_t best_from = 0, best_off = 0, best_len = 0;
    for (size_t k = 0; k < pat->npart; k++) {
        const dhr_pattern *one = &pat->part[k];
        if (!dhr_trigger_hit(&c->hits, &one->trig, i))
            continue;
        struct dhr_part_memo m;
        if (memo && memo[k].asked <= start && (!memo[k].found || memo[k].from >= start)) {
            m = memo[k];
        } else {
            m = (struct dhr_part_memo){.asked = start};
            m.found = match_one(c, one, i, start, &m.off, &m.len);
            m.from = c->matched_from;
            last_run = one->re;
            if (memo)
                memo[k] = m;
        }
        if (m.found && (!best || m.from < best_from)) {
            best = one, best_from = m.from, best_off = m.off, best_len = m.len;
            if (best_from == start)
                break; /* nothing can start earlier */
        }
    }
    if (!best)
        return false;
    /* The match data must describe the match returned (named groups). */
    if (last_run != best->re || c->matched != best->re) {
        if (!match_one(c, best, i, best_from, &best_off, &best_len))
            return false;
    }
    *off = best_off;
    *len = best_len;
    return true;
}

/* The sentence of paragraph text S around [OFF, OFF+LEN): from after the
 * previous ". ", "? ", "! " (or the start) to the next one (or the end).
 * No sentence runs more than SENTENCE_REACH bytes either side of the span:
 * a paragraph of megabytes with no full stop would otherwise be read whole
 * for each of its matches. */
#define SENTENCE_REACH 4000

void dhr_sentence(const char *s, size_t n, size_t off, size_t len, size_t *a, size_t *b)
{
    size_t lo = off > SENTENCE_REACH ? off - SENTENCE_REACH : 0;
    size_t hi = n - (off + len) > SENTENCE_REACH ? off + len + SENTENCE_REACH : n;
    size_t i = off;
    while (i > lo && !((s[i - 1] == ' ' || s[i - 1] == '\n') && i >= 2 &&
                       (s[i - 2] == '.' || s[i - 2] == '?' || s[i - 2] == '!' ||
                        ((unsigned char)s[i - 2] == 0x9D && i >= 4 && s[i - 4] == '.'))))
        i--;
    while (i < off && ((unsigned char)s[i] & 0xC0) == 0x80)
        i++; /* not in the middle of a character */
    size_t j = off + len;
    while (j < hi && !((s[j] == '.' || s[j] == '?' || s[j] == '!') &&
                       (j + 1 == n || s[j + 1] == ' ' || s[j + 1] == '\n')))
        j++;
    while (j > off + len && j < n && ((unsigned char)s[j] & 0xC0) == 0x80)
        j--;
    *a = i;
    *b = j;
}

bool dhr_match_text(dhr_ctx *c, const pcre2_code *re, const char *s, size_t n)
{
    return re && pcre2_match(re, (PCRE2_SPTR)s, n, 0, 0, c->md, c->rs->mctx) >= 0;
}

const dhr_pattern *dhr_matched_part(dhr_ctx *c, const dhr_pattern *pat, size_t i, size_t off,
                                    size_t len)
{
    if (!pat->npart)
        return pat;
    for (size_t k = 0; k < pat->npart; k++)
        if (pat->part[k].re && pat->part[k].re == c->matched)
            return &pat->part[k];
    /* The alternation ran whole (DHRLINT_NO_PREFILTER): the first pattern
     * that gives the same match from where it began. */
    size_t from = c->matched_from;
    for (size_t k = 0; k < pat->npart; k++) {
        dhr_pattern *one = (dhr_pattern *)&pat->part[k];
        size_t o, l;
        if (dhr_pattern_compile(one) && match_one(c, one, i, from, &o, &l) && o == off &&
            l == len)
            return one;
    }
    return pat;
}

bool dhr_pattern_first(dhr_ctx *c, const dhr_pattern *pat, const char *s, size_t n, size_t *at,
                       size_t *len)
{
    bool found = false;
    const dhr_pattern *one = pat;
    size_t k = 0, count = pat->npart && !c->plain ? pat->npart : 1;
    for (; k < count; k++) {
        if (pat->npart && !c->plain)
            one = &pat->part[k];
        if (!dhr_pattern_compile((dhr_pattern *)one))
            continue;
        if (pcre2_match(one->re, (PCRE2_SPTR)s, n, 0, 0, c->md, c->rs->mctx) < 0)
            continue;
        size_t o = pcre2_get_ovector_pointer(c->md)[0], e = pcre2_get_ovector_pointer(c->md)[1];
        if (!found || o < *at) {
            *at = o;
            if (len)
                *len = e > o ? e - o : 0;
        }
        found = true;
    }
    return found;
}

bool dhr_pattern_in_text(dhr_ctx *c, const dhr_pattern *pat, const char *s, size_t n)
{
    if (pat->npart && !c->plain) {
        /* Every part, compiled if need be: S need not be one paragraph's
         * text, so the paragraphs' triggers say nothing of it. */
        for (size_t k = 0; k < pat->npart; k++)
            if (dhr_pattern_compile((dhr_pattern *)&pat->part[k]) &&
                dhr_match_text(c, pat->part[k].re, s, n))
                return true;
        return false;
    }
    return pat->src && dhr_pattern_compile((dhr_pattern *)pat) && dhr_match_text(c, pat->re, s, n);
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
        else if (f && strcmp(key, "suggestion") == 0)
            v = f->suggestion;
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
    f->suggestion = fill && fill->suggestion ? fill->suggestion : r->info.suggestion;
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
        if (p->part == DHR_PART_REVISION && p->author) {
            /* owned: a result outlives its document in a batch */
            f->revision_author = strdup(p->author);
            if (!f->revision_author)
                c->oom = true;
        }
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

static int cmp_place(const void *a, const void *b)
{
    const dhr_finding *x = *(dhr_finding *const *)a, *y = *(dhr_finding *const *)b;
    if (x->para != y->para)
        return x->para < y->para ? -1 : 1;
    if (x->loc.offset != y->loc.offset)
        return x->loc.offset < y->loc.offset ? -1 : 1;
    return 0;
}

static bool yields_to(const dhr_ruleset *rs, const char *rule, const char *other)
{
    if (strcmp(rule, other) == 0)
        return true; /* the same text found twice by one rule */
    const dhr_rule *r = NULL;
    for (size_t i = 0; i < rs->nrules && !r; i++)
        if (strcmp(rs->rules[i].info.id, rule) == 0)
            r = &rs->rules[i];
    for (size_t k = 0; r && k < r->nyields; k++)
        if (strcmp(r->yields[k], other) == 0)
            return true;
    return false;
}

/* One finding per piece of text: a finding inside another of its own rule,
 * or of a rule it yields to, is dropped ("Penn" inside the institution
 * "Penn Hospital", a panel member's name that is also an undeclared name). */
static void drop_nested(const dhr_ruleset *rs, dhr_result *r)
{
    size_t n = r->nfinding;
    dhr_finding **v = malloc(n * sizeof *v + 1);
    bool *gone = calloc(n + 1, sizeof *gone);
    if (!v || !gone) {
        free(v);
        free(gone);
        return;
    }
    for (size_t i = 0; i < n; i++)
        v[i] = &r->findings[i];
    qsort(v, n, sizeof *v, cmp_place);
    for (size_t a = 0, b; a < n; a = b) {
        for (b = a + 1; b < n && v[b]->para == v[a]->para;)
            b++;
        if (v[a]->para < 0)
            continue;
        for (size_t i = a; i < b; i++) {
            const dhr_finding *f = v[i];
            for (size_t j = a; j < b && f->loc.has_span; j++) {
                const dhr_finding *g = v[j];
                if (j == i || !g->loc.has_span || gone[g - r->findings] ||
                    g->loc.offset > f->loc.offset ||
                    g->loc.offset + g->loc.length < f->loc.offset + f->loc.length)
                    continue;
                bool same_span = g->loc.offset == f->loc.offset && g->loc.length == f->loc.length;
                bool same_rule = strcmp(f->rule, g->rule) == 0;
                /* Of two equal findings of one rule, the first stays. */
                if (same_rule && same_span && g > f)
                    continue;
                if (yields_to(rs, f->rule, g->rule)) {
                    gone[f - r->findings] = true;
                    break;
                }
            }
        }
    }
    free(v);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (gone[i]) {
            free(r->findings[i].message);
            free(r->findings[i].excerpt);
            free((char *)r->findings[i].loc.heading);
        free((char *)r->findings[i].revision_author);
        } else {
            r->findings[o++] = r->findings[i];
        }
    }
    r->nfinding = o;
    free(gone);
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

/* Compiling a pattern to machine code costs about as much as running it
 * over a few dozen paragraphs; below that the interpreter is cheaper. */
#define JIT_MIN_PARAGRAPHS 48

static size_t candidates(const dhr_ctx *c, const dhr_triggers *t)
{
    if (t->all || !c->hits.bits || t->id < 0 || (size_t)t->id >= c->hits.nsets)
        return c->doc->npara;
    size_t n = 0;
    const uint64_t *w = c->hits.bits + (size_t)t->id * c->hits.words;
    for (size_t k = 0; k < c->hits.words; k++)
        n += (size_t)__builtin_popcountll(w[k]);
    return n;
}

/* Compiles what this document needs of the rule set, and to machine code
 * what it runs often. A rule set not prepared by dhr_check_prepare belongs
 * to one thread, so compiling it in place here is safe; a prepared one has
 * nothing left to compile and is only read. */
static void maybe_jit(const dhr_ctx *c, const dhr_pattern *p)
{
    if (p->npart && !c->plain) {
        for (size_t k = 0; k < p->npart; k++)
            maybe_jit(c, &p->part[k]);
        return; /* the alternation itself is not run */
    }
    size_t n = candidates(c, &p->trig);
    if (!n || !p->src)
        return;
    dhr_pattern *mp = (dhr_pattern *)p;
    if (!dhr_pattern_compile(mp))
        return;
    if (!mp->jit_tried && n >= JIT_MIN_PARAGRAPHS && !c->no_jit) {
        mp->jit_tried = true;
        pcre2_jit_compile(mp->re, PCRE2_JIT_COMPLETE);
    }
}

static bool env_on(const char *name)
{
    const char *v = getenv(name);
    return v && v[0] == '1';
}

/* Every form of P a check may run, compiled, and to machine code unless
 * NO_JIT: its parts, or, under PLAIN, the alternation they came from. */
static void prepare_all_of(dhr_pattern *p, bool plain, bool no_jit)
{
    for (size_t k = 0; k < p->npart; k++)
        prepare_all_of(&p->part[k], plain, no_jit);
    if (!p->src || (p->npart && !plain) || !dhr_pattern_compile(p))
        return;
    if (!p->jit_tried && !no_jit)
        pcre2_jit_compile(p->re, PCRE2_JIT_COMPLETE);
    p->jit_tried = true;
}

void dhr_check_prepare(dhr_ruleset *rs)
{
    bool plain = env_on("DHRLINT_NO_PREFILTER"), no_jit = env_on("DHRLINT_NO_JIT");
    for (size_t i = 0; i < rs->npsets; i++)
        prepare_all_of(&rs->psets[i].pat, plain, no_jit);
    for (size_t i = 0; i < rs->ntabledefs; i++)
        for (size_t k = 0; k < rs->tabledefs[i].ncols; k++)
            prepare_all_of(&rs->tabledefs[i].cols[k].header, plain, no_jit);
    for (size_t i = 0; i < rs->nrules; i++) {
        dhr_rule *r = &rs->rules[i];
        prepare_all_of(&r->match, plain, no_jit);
        prepare_all_of(&r->cond_if, plain, no_jit);
        for (size_t k = 0; k < r->nitems; k++)
            prepare_all_of(&r->items[k].pat, plain, no_jit);
    }
}

static void prepare_patterns(const dhr_ctx *c)
{
    for (size_t i = 0; i < c->rs->npsets; i++)
        maybe_jit(c, &c->rs->psets[i].pat);
    for (size_t i = 0; i < c->rs->nrules; i++) {
        const dhr_rule *r = &c->rs->rules[i];
        if (r->info.disabled || !(r->info.stages & c->stage))
            continue;
        maybe_jit(c, &r->match);
        maybe_jit(c, &r->cond_if);
        for (size_t k = 0; k < r->nitems; k++)
            maybe_jit(c, &r->items[k].pat);
    }
}

dhr_result *dhr_check(const dhr_ruleset *rs, const dhr_document *doc, dhr_stage stage)
{
    dhr_result *res = calloc(1, sizeof *res);
    if (!res)
        return NULL;
    for (int k = 0; k < DHR_FAMILY_REQUIREMENTS; k++)
        res->family[k].para = -1;
    res->stage = stage;
    dhr_outline ol;
    struct timespec lap = {0};
    dhr_profile_lap(&lap, NULL);
    if (!dhr_outline_build(&ol, rs, doc)) {
        free(res);
        return NULL;
    }
    dhr_profile_lap(&lap, "(sections)");
    if (!dhr_cast_build(&res->cast, rs, doc, &ol)) {
        dhr_outline_free(&ol);
        free(res);
        return NULL;
    }
    dhr_ctx c = {.rs = rs, .doc = doc, .ol = &ol, .cast = &res->cast, .stage = stage, .res = res};
    c.md = pcre2_match_data_create(32, NULL);
    c.body_at = malloc((doc->npara + 1) * sizeof *c.body_at);
    c.utf8_ok = malloc(doc->npara + 1);
    for (size_t i = 0; c.utf8_ok && i < doc->npara; i++)
        c.utf8_ok[i] = utf8_valid((const unsigned char *)doc->paras[i].text, doc->paras[i].len);
    if (!c.body_at)
        c.oom = true;
    for (size_t i = 0; c.body_at && i < doc->npara; i++) {
        int32_t at = (int32_t)i;
        for (int hop = 0; hop < 4 && at >= 0 && doc->paras[at].part != DHR_PART_BODY; hop++)
            at = doc->paras[at].anchor >= 0 && (size_t)doc->paras[at].anchor < doc->npara
                     ? doc->paras[at].anchor
                     : -1;
        c.body_at[i] = at >= 0 && doc->paras[at].part == DHR_PART_BODY ? at : -1;
    }
    dhr_profile_lap(&lap, "(cast)");
    /* One pass over the text finds the paragraphs each pattern may match;
     * the patterns then run on those alone. DHRLINT_NO_PREFILTER=1 runs each
     * rule's alternation whole, everywhere (to compare: the findings must be
     * the same). */
    c.plain = env_on("DHRLINT_NO_PREFILTER");
    c.no_jit = env_on("DHRLINT_NO_JIT");
    if (!c.plain && doc->npara) {
        const char **texts = malloc(doc->npara * sizeof *texts);
        uint32_t *lens = malloc(doc->npara * sizeof *lens);
        if (texts && lens) {
            for (size_t i = 0; i < doc->npara; i++) {
                texts[i] = doc->paras[i].text;
                lens[i] = doc->paras[i].len;
            }
            if (!dhr_trigger_scan(rs->triggers, texts, lens, doc->npara, &c.hits))
                dhr_trigger_hits_free(&c.hits); /* no prefilter: slower, same findings */
        }
        free(texts);
        free(lens);
    }
    dhr_profile_lap(&lap, "(prefilter scan)");
    prepare_patterns(&c);
    dhr_profile_lap(&lap, "(pattern compile and JIT)");
    int32_t *evidence = malloc((rs->nrules + 1) * sizeof *evidence);
    bool *ran = calloc(rs->nrules + 1, sizeof *ran);
    if (!evidence || !ran)
        c.oom = true;
    for (size_t i = 0; i < rs->nrules && !c.oom; i++) {
        const dhr_rule *r = &rs->rules[i];
        evidence[i] = -1;
        if (r->info.disabled || !(r->info.stages & stage))
            continue;
        c.rule = r;
        c.evidence = -1;
        c.rule_findings = 0;
        resolve_ranges(&c, &r->scope, &c.in_ranges);
        resolve_ranges(&c, &r->exclude, &c.out_ranges);
        c.severity = stage == DHR_STAGE_DRAFT && r->info.has_draft_severity
                         ? r->info.draft_severity
                         : r->info.severity;
        dhr_check_structure(&c);
        dhr_check_text(&c);
        dhr_check_hygiene(&c);
        dhr_check_anon(&c);
        dhr_check_names(&c);
        dhr_check_family(&c);
        dhr_check_action_plan(&c);
        evidence[i] = c.evidence;
        ran[i] = true;
        dhr_profile_lap(&lap, r->info.id);
    }
    pcre2_match_data_free(c.md);
    free(c.memo);
    dhr_action_plan_done(&c);
    dhr_trigger_hits_free(&c.hits);
    free(c.body_at);
    free(c.utf8_ok);
    free(c.acronyms);
    dhr_sb_free(&c.allowed);
    drop_nested(rs, res);
    sort_findings(res);
    for (size_t i = 0; i < res->nfinding; i++)
        res->count[res->findings[i].severity]++;
    if (!c.oom && !dhr_checklist_fill(rs, &ol, doc, evidence, ran, res))
        c.oom = true;
    free(evidence);
    free(ran);
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
        free((char *)r->findings[i].revision_author);
    }
    free(r->findings);
    for (size_t i = 0; i < r->nsection; i++)
        free((char *)r->sections[i].heading);
    free(r->sections);
    dhr_cast_free(&r->cast);
    for (int k = 0; k < DHR_FAMILY_REQUIREMENTS; k++)
        free(r->family[k].excerpt);
    free(r->checklist);
    free(r);
}

const char *dhr_family_status_name(dhr_family_status s)
{
    return s == DHR_FAMILY_MET ? "met" : s == DHR_FAMILY_EXPLAINED ? "explained" : "missing";
}
