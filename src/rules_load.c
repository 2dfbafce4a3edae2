/* Loading rule files: parse (no DTD, no entities, no network), validate
 * against rules/rules.rng, then build rules, section definitions and the
 * checklist, compiling every pattern once with PCRE2 (JIT where available).
 * Any problem refuses the file with its name, line and reason. */
#include "ruleset.h"
#include "ascii.h"

#include "rules_builtin.h"
#include "strbuf.h"
#include "xmlsax.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* PCRE2 limits: no pattern may make a paragraph cost more than this. */
#define MATCH_LIMIT 200000
#define DEPTH_LIMIT 2000
#define MAX_RULE_FILE_BYTES (8u * 1024 * 1024)

/* Trigger rarity (trigger.c) under which a pattern is compiled to machine code. */
#ifndef JIT_BELOW
#define JIT_BELOW 100.0
#endif

typedef struct pending {
    enum { PENDING_OVERRIDE, PENDING_ALLOW } kind;
    char *rule, *value; /* severity or allowed term */
    int disabled;       /* -1 unset */
    char *file;
    int line;
} pending;

static void set_err(dhr_rules_error *err, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void set_err(dhr_rules_error *err, const char *file, int line, const char *fmt, ...)
{
    int n = line > 0 ? snprintf(err->message, sizeof err->message, "%s:%d: ", file, line)
                     : snprintf(err->message, sizeof err->message, "%s: ", file);
    if (n < 0 || (size_t)n >= sizeof err->message)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message + n, sizeof err->message - (size_t)n, fmt, ap);
    va_end(ap);
}

const char *dhr_severity_name(dhr_severity s)
{
    return s == DHR_SEV_ERROR ? "error" : s == DHR_SEV_WARNING ? "warning" : "info";
}

const char *dhr_stage_name(dhr_stage s)
{
    return s == DHR_STAGE_DRAFT ? "draft" : s == DHR_STAGE_PUBLICATION ? "publication" : "submission";
}

dhr_stage dhr_stage_parse(const char *s)
{
    if (strcmp(s, "draft") == 0)
        return DHR_STAGE_DRAFT;
    if (strcmp(s, "submission") == 0)
        return DHR_STAGE_SUBMISSION;
    if (strcmp(s, "publication") == 0)
        return DHR_STAGE_PUBLICATION;
    return 0;
}

static dhr_severity parse_severity(const char *s)
{
    return strcmp(s, "error") == 0 ? DHR_SEV_ERROR
           : strcmp(s, "warning") == 0 ? DHR_SEV_WARNING
                                       : DHR_SEV_INFO;
}

static unsigned parse_stages(const char *s)
{
    unsigned st = 0;
    char buf[128];
    snprintf(buf, sizeof buf, "%s", s);
    char *save = NULL;
    for (char *t = strtok_r(buf, " \t\n", &save); t; t = strtok_r(NULL, " \t\n", &save))
        st |= (unsigned)dhr_stage_parse(t);
    return st;
}

/* --- normalising headings ----------------------------------------------- */

static bool is_roman(const char *s, size_t n)
{
    if (!n || n > 6)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!strchr("ivxlc", s[i]))
            return false;
    return true;
}

/* Drops one leading numbering token: "5.", "5.1", "a)", "iv.", "section 3:",
 * "part 2 -", "appendix b:". Returns how many bytes of S it covers. */
static size_t numbering_prefix(const char *s, size_t n)
{
    static const char *const words[] = {"section", "part", "chapter", "appendix", "annex",
                                        "annexe"};
    size_t i = 0;
    for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
        size_t wl = strlen(words[w]);
        if (n > wl + 1 && strncmp(s, words[w], wl) == 0 && s[wl] == ' ') {
            size_t j = wl + 1;
            size_t k = j;
            while (k < n && (isalnum((unsigned char)s[k]) || s[k] == '.'))
                k++;
            /* "Appendix B: Action plan", "Part 2", "Part IV" but not "Part of
             * the review": the token is a number, one letter or a numeral. */
            size_t tl = k - j;
            while (tl && s[j + tl - 1] == '.')
                tl--;
            bool number = tl && strspn(s + j, "0123456789.") >= tl;
            bool token = number || tl == 1 || is_roman(s + j, tl);
            if (tl && token && tl <= 6 && (k == n || strchr(" :.-)\xe2", s[k]))) {
                i = k;
                break;
            }
        }
    }
    if (i == 0) {
        size_t k = 0;
        while (k < n && (isdigit((unsigned char)s[k]) || s[k] == '.'))
            k++;
        if (k > 0 && (k == n || s[k] == ' ' || s[k] == ')' || s[k] == ':' || s[k] == '\t'))
            i = k;
        else {
            k = 0;
            while (k < n && isalpha((unsigned char)s[k]))
                k++;
            /* "a)", "b.", "iv." followed by a space */
            if (k > 0 && k < n && (s[k] == ')' || s[k] == '.') && k + 1 < n && s[k + 1] == ' ' &&
                (k == 1 || is_roman(s, k)))
                i = k + 1;
        }
    }
    while (i < n && (s[i] == ' ' || s[i] == ':' || s[i] == '-' || s[i] == ')' || s[i] == '.' ||
                     s[i] == '\t'))
        i++;
    /* An en or em dash after the number. */
    while (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
           ((unsigned char)s[i + 2] == 0x93 || (unsigned char)s[i + 2] == 0x94)) {
        i += 3;
        while (i < n && s[i] == ' ')
            i++;
    }
    return i;
}

char *dhr_normalise_heading(const char *s, size_t n)
{
    /* Lower-case ASCII, "&" -> "and", other punctuation and symbols -> space,
     * quotes removed so that "victim's" reads "victims". */
    char *low = malloc(n * 3 + 8);
    if (!low)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '&') {
            memcpy(low + o, " and ", 5);
            o += 5;
        } else if (c == '\'' || c == '"') {
            continue;
        } else if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
                   ((unsigned char)s[i + 2] >= 0x98 && (unsigned char)s[i + 2] <= 0x9F)) {
            i += 2; /* curly quotes */
        } else if (c < 0x80 && !isalnum(c) && c != '.' && c != ')' && c != ':' && c != '-') {
            low[o++] = ' ';
        } else {
            low[o++] = (char)(c < 0x80 ? tolower(c) : c);
        }
    }
    low[o] = '\0';
    /* Collapse spaces, then drop numbering tokens (possibly several: "5. a)"). */
    char *t = malloc(o + 1);
    if (!t) {
        free(low);
        return NULL;
    }
    size_t m = 0;
    for (size_t i = 0; i < o; i++) {
        if (low[i] == ' ' && (m == 0 || t[m - 1] == ' '))
            continue;
        t[m++] = low[i];
    }
    while (m && t[m - 1] == ' ')
        m--;
    t[m] = '\0';
    free(low);
    size_t start = 0;
    for (int rounds = 0; rounds < 3; rounds++) {
        size_t k = numbering_prefix(t + start, m - start);
        if (!k)
            break;
        start += k;
    }
    /* Remaining punctuation kept for numbering detection goes now. */
    char *out = malloc(m - start + 1);
    if (!out) {
        free(t);
        return NULL;
    }
    size_t q = 0;
    for (size_t i = start; i < m; i++) {
        char c = t[i];
        if (c == '.' || c == ')' || c == ':' || c == '-')
            c = ' ';
        if (c == ' ' && (q == 0 || out[q - 1] == ' '))
            continue;
        out[q++] = c;
    }
    while (q && out[q - 1] == ' ')
        q--;
    out[q] = '\0';
    free(t);
    return out;
}

/* --- building ------------------------------------------------------------- */

static char *xstrdup_node(xmlNodePtr n)
{
    xmlChar *c = xmlNodeGetContent(n);
    char *s = strdup(c ? (const char *)c : "");
    xmlFree(c);
    /* Rule files are indented; messages read as one line. */
    if (s) {
        size_t o = 0;
        for (size_t i = 0; s[i]; i++) {
            char ch = s[i] == '\n' || s[i] == '\t' || s[i] == '\r' ? ' ' : s[i];
            if (ch == ' ' && (o == 0 || s[o - 1] == ' '))
                continue;
            s[o++] = ch;
        }
        while (o && s[o - 1] == ' ')
            o--;
        s[o] = '\0';
    }
    return s;
}

static char *attr(xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v)
        return NULL;
    char *s = strdup((const char *)v);
    xmlFree(v);
    return s;
}

static bool is_el(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* Frees a list of N strings that push_str built. */
static void free_strings(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static bool push_str(char ***v, size_t *n, char *s)
{
    if (!s)
        return false;
    char **nv = realloc(*v, (*n + 1) * sizeof **v);
    if (!nv) {
        free(s);
        return false;
    }
    *v = nv;
    (*v)[(*n)++] = s;
    return true;
}

/* Compiles the <match> children of NODE into one alternation, each keeping
 * its own case sensitivity, and derives its triggers. Only when the whole
 * does not compile is each pattern compiled alone, to name the culprit. */
bool dhr_pattern_compile(dhr_pattern *p)
{
    if (p->re || p->broken || !p->src)
        return p->re != NULL;
    int ec;
    PCRE2_SIZE off;
    /* No PCRE2_UCP: \b and \w by ASCII rules are twice as fast, and the
     * words rules look for are English. */
    p->re = pcre2_compile((PCRE2_SPTR)p->src, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &ec, &off, NULL);
    p->broken = p->re == NULL;
    return p->re != NULL;
}

/* S[0..N) against the word W, ASCII letters without case, a prefix first. */
static int word_cmp(const char *w, const char *s, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        unsigned char a = dhr_lower((unsigned char)w[k]), b = dhr_lower((unsigned char)s[k]);
        if (!w[k] || a != b)
            return !w[k] ? -1 : a < b ? -1 : 1;
    }
    return w[n] ? 1 : 0;
}

static int by_word(const void *a, const void *b)
{
    const char *x = *(char *const *)a, *y = *(char *const *)b;
    return word_cmp(x, y, strlen(y));
}

bool dhr_word_set_has(const struct dhr_word_set *set, const char *s, size_t n)
{
    /* these lists are read for every word of a report: a search, not a scan */
    size_t lo = 0, hi = set && set->sorted ? set->n : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int d = word_cmp(set->sorted[mid], s, n);
        if (!d)
            return true;
        if (d < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

static void word_set_free(struct dhr_word_set *set)
{
    free(set->name);
    free_strings(set->w, set->n);
    free(set->sorted);
}

/* <words name="N" [sep="C"]>: entries split at C, or at white space, each
 * with its white space trimmed and made single spaces ("panel member"). */
static bool parse_word_set(xmlNodePtr node, struct dhr_word_set *set)
{
    memset(set, 0, sizeof *set);
    set->name = attr(node, "name");
    char *sep = attr(node, "sep");
    char *text = xstrdup_node(node);
    bool ok = set->name && text;
    const char *delims = sep && sep[0] ? sep : " \t\r\n";
    char *save = NULL;
    for (char *t = ok ? strtok_r(text, delims, &save) : NULL; t && ok;
         t = strtok_r(NULL, delims, &save)) {
        char *w = malloc(strlen(t) + 1);
        size_t n = 0;
        for (const char *q = t; w && *q; q++) {
            bool space = *q == ' ' || *q == '\t' || *q == '\r' || *q == '\n';
            if (!space)
                w[n++] = *q;
            else if (n && w[n - 1] != ' ')
                w[n++] = ' ';
        }
        while (n && w[n - 1] == ' ')
            n--;
        if (w)
            w[n] = '\0';
        if (w && !n)
            free(w);
        else
            ok = push_str(&set->w, &set->n, w);
    }
    free(sep);
    free(text);
    if (ok && set->n) {
        set->sorted = malloc(set->n * sizeof *set->sorted);
        ok = set->sorted != NULL;
        if (ok) {
            memcpy(set->sorted, set->w, set->n * sizeof *set->w);
            qsort(set->sorted, set->n, sizeof *set->sorted, by_word);
        }
    }
    return ok;
}

/* A top-level <words>: a list of the vocabulary, which replaces one of the
 * same name loaded before (a local rule file restates a list to change it). */
static bool parse_vocabulary(dhr_ruleset *rs, xmlNodePtr node)
{
    struct dhr_word_set set;
    if (!parse_word_set(node, &set)) {
        word_set_free(&set);
        return false;
    }
    for (size_t i = 0; i < rs->nsets; i++)
        if (strcmp(rs->sets[i].name, set.name) == 0) {
            word_set_free(&rs->sets[i]);
            rs->sets[i] = set;
            return true;
        }
    struct dhr_word_set *v = realloc(rs->sets, (rs->nsets + 1) * sizeof *v);
    if (!v) {
        word_set_free(&set);
        return false;
    }
    rs->sets = v;
    rs->sets[rs->nsets++] = set;
    return true;
}

const struct dhr_word_set *dhr_ruleset_words(const dhr_ruleset *rs, const char *name)
{
    for (size_t i = 0; rs && i < rs->nsets; i++)
        if (strcmp(rs->sets[i].name, name) == 0)
            return &rs->sets[i];
    return NULL;
}

/* Keeps each of NODE's COUNT patterns alone as well (see dhr_pattern). */
static bool split_matches(xmlNodePtr node, const char *child, dhr_pattern *out, int count)
{
    out->part = calloc((size_t)count, sizeof *out->part);
    if (!out->part)
        return false;
    for (xmlNodePtr c = node->children; c; c = c->next) {
        if (!is_el(c, child))
            continue;
        char *pat = xstrdup_node(c);
        char *cs = attr(c, "case");
        bool sensitive = cs && strcmp(cs, "sensitive") == 0;
        free(cs);
        size_t n = pat ? strlen(pat) + 8 : 0;
        char *src = pat ? malloc(n) : NULL;
        if (!src) {
            free(pat);
            return false;
        }
        snprintf(src, n, "(?%s:%s)", sensitive ? "-i" : "i", pat);
        dhr_pattern *one = &out->part[out->npart++];
        one->src = src;
        one->suggest = attr(c, "suggest");
        dhr_triggers_add(&one->trig, pat);
        free(pat);
    }
    return true;
}

static void pattern_free(dhr_pattern *p);

static bool compile_matches(xmlNodePtr node, const char *child, const char *file, bool trusted,
                            dhr_rules_error *err, dhr_pattern *out)
{
    size_t cap = 256, len = 0;
    char *alt = malloc(cap);
    int count = 0;
    bool ok = alt != NULL;
    memset(out, 0, sizeof *out);
    if (alt)
        alt[0] = '\0';
    for (xmlNodePtr c = node->children; c && ok; c = c->next) {
        if (!is_el(c, child))
            continue;
        char *pat = xstrdup_node(c);
        char *cs = attr(c, "case");
        bool sensitive = cs && strcmp(cs, "sensitive") == 0;
        free(cs);
        if (!pat) {
            ok = false;
            break;
        }
        if (!count) {
            dhr_triggers_add(&out->trig, pat);
            out->suggest = attr(c, "suggest");
        }
        size_t need = len + strlen(pat) + 16;
        if (need > cap) {
            while (cap < need)
                cap *= 2;
            char *na = realloc(alt, cap);
            if (!na) {
                free(pat);
                ok = false;
                break;
            }
            alt = na;
        }
        len += (size_t)sprintf(alt + len, "%s(?%s:%s)", count ? "|" : "", sensitive ? "-i" : "i",
                               pat);
        count++;
        free(pat);
    }
    if (ok && count > 1) {
        /* The alternation runs only whole, with no prefilter (see dhr_pattern). */
        dhr_triggers_free(&out->trig);
        out->trig.all = true;
        free(out->suggest); /* each part has its own */
        out->suggest = NULL;
        ok = split_matches(node, child, out, count);
    }
    if (ok && count) {
        out->src = alt;
        alt = NULL;
        /* Built-in rules are compiled when a document first needs them (the
         * tests compile them all); a local file's are compiled now, so that
         * a mistake is reported with its line. */
        if (!trusted && !dhr_pattern_compile(out)) {
            int ec;
            PCRE2_SIZE off;
            for (xmlNodePtr c = node->children; c; c = c->next) {
                if (!is_el(c, child))
                    continue;
                char *pat = xstrdup_node(c);
                pcre2_code *one =
                    pat ? pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &ec,
                                        &off, NULL)
                        : NULL;
                if (!one && pat) {
                    PCRE2_UCHAR msg[160];
                    pcre2_get_error_message(ec, msg, sizeof msg);
                    set_err(err, file, (int)xmlGetLineNo(c),
                            "pattern does not compile: %s at offset %zu: %s", (const char *)msg,
                            (size_t)off, pat);
                    free(pat);
                    break;
                }
                pcre2_code_free(one);
                free(pat);
            }
            if (!err->message[0])
                set_err(err, file, (int)xmlGetLineNo(node), "patterns do not combine");
            ok = false;
        }
    }
    free(alt);
    if (!ok && !err->message[0])
        set_err(err, file, (int)xmlGetLineNo(node), "out of memory");
    if (!ok)
        pattern_free(out); /* the caller owns nothing of a pattern that failed */
    return ok;
}

/* Adds to R an item called NAME (owned from here on; NULL only when out of
 * memory) made of the <match> children of NODE, with NODE's note. */
static bool add_item(dhr_rule *r, xmlNodePtr node, char *name, const char *file, bool trusted,
                     dhr_rules_error *err)
{
    dhr_item *v = name ? realloc(r->items, (r->nitems + 1) * sizeof *v) : NULL;
    if (!v) {
        free(name);
        return false;
    }
    r->items = v;
    dhr_item *it = &r->items[r->nitems++];
    memset(it, 0, sizeof *it);
    it->name = name;
    it->note = attr(node, "note");
    return compile_matches(node, "match", file, trusted, err, &it->pat);
}

static void pattern_free(dhr_pattern *p)
{
    for (size_t k = 0; k < p->npart; k++)
        pattern_free(&p->part[k]);
    free(p->part);
    pcre2_code_free(p->re);
    free(p->src);
    free(p->suggest);
    dhr_triggers_free(&p->trig);
    memset(p, 0, sizeof *p);
}

static bool parse_scope(const char *s, dhr_scope *sc)
{
    memset(sc, 0, sizeof *sc);
    if (!s)
        return true;
    char *buf = strdup(s);
    if (!buf)
        return false;
    char *save = NULL;
    bool ok = true;
    for (char *t = strtok_r(buf, " ", &save); t && ok; t = strtok_r(NULL, " ", &save)) {
        if (strcmp(t, "all") == 0)
            sc->flags |= SCOPE_ALL;
        else if (strcmp(t, "text") == 0)
            sc->flags |= SCOPE_TEXT;
        else if (strcmp(t, "body") == 0)
            sc->flags |= SCOPE_BODY;
        else if (strcmp(t, "headings") == 0)
            sc->flags |= SCOPE_HEADINGS;
        else if (strcmp(t, "title-page") == 0)
            sc->flags |= SCOPE_TITLE_PAGE;
        else if (strncmp(t, "section:", 8) == 0)
            ok = push_str(&sc->sections, &sc->nsections, strdup(t + 8));
        else if (strncmp(t, "part:", 5) == 0) {
            int k;
            for (k = 0; k < DHR_PART_COUNT; k++)
                if (strcmp(dhr_part_name((dhr_part)k), t + 5) == 0)
                    break;
            if (k == DHR_PART_COUNT)
                ok = false;
            else
                sc->parts |= 1u << k;
        }
    }
    free(buf);
    return ok;
}

static void scope_free(dhr_scope *sc)
{
    free_strings(sc->sections, sc->nsections);
    memset(sc, 0, sizeof *sc);
}

static void rule_free(dhr_rule *r)
{
    free(r->columns_id);
    free(r->action_check);
    for (int k = 0; k < REF_COUNT; k++)
        free(r->ref_ids[k]);
    free((char *)r->info.id);
    free((char *)r->info.category);
    free((char *)r->info.message);
    free((char *)r->info.source);
    free((char *)r->info.suggestion);
    free((char *)r->info.file);
    scope_free(&r->scope);
    scope_free(&r->exclude);
    pattern_free(&r->match);
    pattern_free(&r->cond_if);
    pcre2_code_free(r->except);
    for (size_t i = 0; i < r->nitems; i++) {
        free(r->items[i].name);
        free(r->items[i].note);
        pattern_free(&r->items[i].pat);
    }
    free(r->items);
    free(r->section);
    free_strings(r->except_sections, r->nexcept_sections);
    free_strings(r->yields, r->nyields);
    free_strings(r->allow, r->nallow);
    free(r->list_id);
    free(r->places_id);
    free(r->agencies_id);
    free_strings(r->words, r->nwords);
    free_strings(r->words2, r->nwords2);
    free_strings(r->words3, r->nwords3);
    for (size_t i = 0; i < r->nsets; i++)
        word_set_free(&r->sets[i]);
    free(r->sets);
    memset(r, 0, sizeof *r);
}

static const struct {
    const char *element;
    dhr_check_kind kind;
} kinds[] = {
    {"sections-present", CK_SECTIONS_PRESENT},
    {"section-words", CK_SECTION_WORDS},
    {"section-order", CK_SECTION_ORDER},
    {"heading-styles", CK_HEADING_STYLES},
    {"contents-match", CK_CONTENTS_MATCH},
    {"forbid", CK_FORBID},
    {"require", CK_REQUIRE},
    {"require-each", CK_REQUIRE_EACH},
    {"if-then", CK_IF_THEN},
    {"numbered-paragraphs", CK_NUMBERED_PARAGRAPHS},
    {"section-length", CK_SECTION_LENGTH},
    {"glossary-needed", CK_GLOSSARY_NEEDED},
    {"acronyms-defined", CK_ACRONYMS_DEFINED},
    {"delay-explained", CK_DELAY_EXPLAINED},
    {"tracked-changes", CK_TRACKED_CHANGES},
    {"comments", CK_COMMENTS},
    {"hidden-text", CK_HIDDEN_TEXT},
    {"embedded-objects", CK_EMBEDDED_OBJECTS},
    {"child-sex", CK_CHILD_SEX},
    {"near-child", CK_NEAR_CHILD},
    {"panel-names", CK_PANEL_NAMES},
    {"place-names", CK_PLACE_NAMES},
    {"personal-names", CK_PERSONAL_NAMES},
    {"metadata-names", CK_METADATA_NAMES},
    {"family-requirement", CK_FAMILY_REQUIREMENT},
    {"family-disagreement", CK_FAMILY_DISAGREEMENT},
    {"action-plan", CK_ACTION_PLAN},
};

static long attr_long(xmlNodePtr n, const char *name, long def)
{
    char *v = attr(n, name);
    long r = v ? strtol(v, NULL, 10) : def;
    free(v);
    return r;
}

static bool parse_check(dhr_rule *r, xmlNodePtr c, const char *file, bool trusted,
                        dhr_rules_error *err)
{
    size_t k;
    for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
        if (strcmp((const char *)c->name, kinds[k].element) == 0)
            break;
    if (k == sizeof kinds / sizeof kinds[0]) {
        set_err(err, file, (int)xmlGetLineNo(c), "unknown check kind <%s>", c->name);
        return false;
    }
    r->kind = kinds[k].kind;
    r->info.kind = kinds[k].element;
    bool failed = false;
    char *scope = attr(c, "scope"), *exclude = attr(c, "exclude");
    bool ok = parse_scope(scope, &r->scope) && parse_scope(exclude, &r->exclude);
    free(scope);
    free(exclude);
    if (!ok) {
        set_err(err, file, (int)xmlGetLineNo(c), "bad scope");
        return false;
    }
    r->min = attr_long(c, "min", 0);
    if (r->kind == CK_SECTION_LENGTH) {
        r->min = attr_long(c, "min-words", 0);
        r->max = attr_long(c, "max-words", 0);
        r->section = attr(c, "section");
    } else if (r->kind == CK_GLOSSARY_NEEDED) {
        r->min = attr_long(c, "min-acronyms", 1);
    } else if (r->kind == CK_CONTENTS_MATCH) {
        r->max = attr_long(c, "max-level", 0);
    } else if (r->kind == CK_DELAY_EXPLAINED) {
        r->max = attr_long(c, "max-months", 12);
    } else if (r->kind == CK_NUMBERED_PARAGRAPHS) {
        char *v = attr(c, "min-ratio");
        r->ratio = v ? strtod(v, NULL) : 0.5;
        free(v);
        r->min = attr_long(c, "min-words", 12);
    } else if (r->kind == CK_SECTION_ORDER) {
        r->section = attr(c, "first-after-contents");
    }
    r->list_id = attr(c, "list");
    r->places_id = attr(c, "places");
    r->agencies_id = attr(c, "agencies");
    static const char *const word_attrs[][3] = {
        {"after", "mutating", NULL}, {"titles", "verbs", "relations"}, {"properties", "people", NULL}};
    char ***const into[] = {&r->words, &r->words2, &r->words3};
    size_t *const counts[] = {&r->nwords, &r->nwords2, &r->nwords3};
    for (size_t w = 0; w < sizeof word_attrs / sizeof word_attrs[0]; w++)
        for (int a = 0; a < 3 && word_attrs[w][a]; a++) {
            char *v = attr(c, word_attrs[w][a]);
            if (!v)
                continue;
            char *save = NULL;
            for (char *t = strtok_r(v, " ", &save); t; t = strtok_r(NULL, " ", &save))
                if (!push_str(into[a], counts[a], strdup(t)))
                    failed = true;
            free(v);
        }
    for (xmlNodePtr ch = c->children; ch && !failed; ch = ch->next) {
        if (!is_el(ch, "words"))
            continue;
        struct dhr_word_set *v = realloc(r->sets, (r->nsets + 1) * sizeof *v);
        if (!v) {
            failed = true;
            break;
        }
        r->sets = v;
        if (!parse_word_set(ch, &r->sets[r->nsets++]))
            failed = true;
    }
    static const char *const ref_attrs[REF_COUNT] = {
        "who", "pronouns", "guidance", "negation", "unreal", "explained", "reason", "offer",
        "response"};
    for (int rk = 0; rk < REF_COUNT; rk++)
        r->ref_ids[rk] = attr(c, ref_attrs[rk]);
    char *oq = attr(c, "outside-quotes");
    r->outside_quotes = oq && strcmp(oq, "true") == 0;
    free(oq);
    char *notof = attr(c, "not-of");
    r->not_of_perpetrator = notof && strcmp(notof, "perpetrator") == 0;
    free(notof);
    char *either = attr(c, "either");
    r->either = either && strcmp(either, "true") == 0;
    free(either);
    char *ex = attr(c, "except");
    if (ex) {
        char *save = NULL;
        for (char *t = strtok_r(ex, " ", &save); t; t = strtok_r(NULL, " ", &save))
            if (!push_str(&r->except_sections, &r->nexcept_sections, strdup(t)))
                failed = true;
        free(ex);
    }
    switch (r->kind) {
    case CK_CHILD_SEX:
    case CK_NEAR_CHILD:
    case CK_PANEL_NAMES:
        /* MATCH as usual; UNLESS and CHILD, sentence tests, in cond_if. */
        if (xmlFirstElementChild(c) && is_el(xmlFirstElementChild(c), "match"))
            failed = !compile_matches(c, "match", file, trusted, err, &r->match);
        for (xmlNodePtr ch = c->children; ch && !failed; ch = ch->next) {
            if (is_el(ch, "unless") || is_el(ch, "child"))
                failed = !compile_matches(ch, "match", file, trusted, err, &r->cond_if);
            if (is_el(ch, "cast-age")) {
                /* applied to a table cell's whole text: no triggers */
                dhr_pattern ages;
                failed = !compile_matches(ch, "match", file, false, err, &ages);
                r->except = ages.re;
                ages.re = NULL;
                pattern_free(&ages);
            }
        }
        break;
    case CK_FAMILY_REQUIREMENT:
    case CK_FAMILY_DISAGREEMENT:
        /* the first <about> (what the requirement is about, or the family's
         * concerns) in MATCH; <done> (evidence it was done, or what was done
         * with the concerns) in COND_IF; further <about> parts, <children>,
         * <annex-g>, <not-done>, <mentions>, <unless> as named items. */
        r->min = attr_long(c, "n", 0);
        for (xmlNodePtr ch = c->children; ch && !failed; ch = ch->next) {
            if (is_el(ch, "about") && !r->match.src)
                failed = !compile_matches(ch, "match", file, trusted, err, &r->match);
            else if (is_el(ch, "done"))
                failed = !compile_matches(ch, "match", file, trusted, err, &r->cond_if);
            else if (is_el(ch, "about") || is_el(ch, "children") || is_el(ch, "annex-g") ||
                     is_el(ch, "not-done") || is_el(ch, "mentions") || is_el(ch, "unless")) {
                failed = !add_item(r, ch, strdup((const char *)ch->name), file, trusted, err);
            }
        }
        break;
    case CK_ACTION_PLAN:
        /* which check, the table it reads, and its named patterns (<complete>,
         * <agency>, <role>, <number>) as items */
        r->action_check = attr(c, "check");
        r->columns_id = attr(c, "columns");
        for (xmlNodePtr ch = c->children; ch && !failed; ch = ch->next) {
            if (ch->type != XML_ELEMENT_NODE || is_el(ch, "words"))
                continue;
            failed = !add_item(r, ch, strdup((const char *)ch->name), file, trusted, err);
        }
        break;
    case CK_METADATA_NAMES:
        /* applied to each property's value: no triggers needed, but harmless */
        failed = !compile_matches(c, "match", file, trusted, err, &r->match);
        break;
    case CK_FORBID:
    case CK_REQUIRE:
    case CK_DELAY_EXPLAINED:
        failed = !compile_matches(c, "match", file, trusted, err, &r->match);
        if (!failed && r->kind == CK_FORBID) {
            dhr_pattern except_pat;
            failed = !compile_matches(c, "except", file, false, err, &except_pat);
            r->except = except_pat.re; /* applied to a match's text: no triggers */
            except_pat.re = NULL;
            pattern_free(&except_pat);
        }
        break;
    case CK_IF_THEN:
        for (xmlNodePtr ch = c->children; ch && !failed; ch = ch->next) {
            if (is_el(ch, "if"))
                failed = !compile_matches(ch, "match", file, trusted, err, &r->cond_if);
            else if (is_el(ch, "then"))
                failed = !compile_matches(ch, "match", file, trusted, err, &r->match);
        }
        break;
    case CK_REQUIRE_EACH:
        for (xmlNodePtr ch = c->children; ch && !failed; ch = ch->next) {
            if (!is_el(ch, "item"))
                continue;
            failed = !add_item(r, ch, attr(ch, "name"), file, trusted, err);
        }
        break;
    default:
        break;
    }
    if (failed && !err->message[0])
        set_err(err, file, (int)xmlGetLineNo(c), "out of memory");
    return !failed;
}

static dhr_rule *find_rule(dhr_ruleset *rs, const char *id)
{
    for (size_t i = 0; i < rs->nrules; i++)
        if (strcmp(rs->rules[i].info.id, id) == 0)
            return &rs->rules[i];
    return NULL;
}

static bool parse_rule(dhr_ruleset *rs, xmlNodePtr n, const char *file, bool trusted,
                       dhr_rules_error *err)
{
    dhr_rule r;
    memset(&r, 0, sizeof r);
    r.info.id = attr(n, "id");
    r.info.file = strdup(file);
    r.info.line = (int)xmlGetLineNo(n);
    char *cat = attr(n, "category");
    if (!cat && r.info.id) {
        const char *dot = strchr(r.info.id, '.');
        cat = strndup(r.info.id, dot ? (size_t)(dot - r.info.id) : strlen(r.info.id));
    }
    r.info.category = cat;
    char *sev = attr(n, "severity"), *dsev = attr(n, "draft-severity"), *stages = attr(n, "stages");
    r.info.severity = parse_severity(sev ? sev : "error");
    if (dsev) {
        r.info.has_draft_severity = true;
        r.info.draft_severity = parse_severity(dsev);
    }
    r.info.stages = parse_stages(stages ? stages : "");
    free(sev), free(dsev), free(stages);
    bool ok = r.info.id && r.info.file && r.info.category;
    char *yields = attr(n, "yields-to");
    if (yields) {
        char *save = NULL;
        for (char *t = strtok_r(yields, " ", &save); t && ok; t = strtok_r(NULL, " ", &save))
            ok = push_str(&r.yields, &r.nyields, strdup(t));
        free(yields);
    }
    for (xmlNodePtr c = n->children; c && ok; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_el(c, "message"))
            r.info.message = xstrdup_node(c);
        else if (is_el(c, "source"))
            r.info.source = xstrdup_node(c);
        else if (is_el(c, "suggestion"))
            r.info.suggestion = xstrdup_node(c);
        else if (is_el(c, "allow"))
            ok = push_str(&r.allow, &r.nallow, xstrdup_node(c));
        else
            ok = parse_check(&r, c, file, trusted, err);
    }
    if (!ok) {
        if (!err->message[0])
            set_err(err, file, r.info.line, "out of memory");
        rule_free(&r);
        return false;
    }
    dhr_rule *old = find_rule(rs, r.info.id);
    if (old) {
        /* A later file replaces a rule of the same id. */
        rule_free(old);
        *old = r;
        return true;
    }
    if (rs->nrules == rs->caprules) {
        size_t cap = rs->caprules ? rs->caprules * 2 : 64;
        dhr_rule *v = realloc(rs->rules, cap * sizeof *v);
        if (!v) {
            rule_free(&r);
            set_err(err, file, 0, "out of memory");
            return false;
        }
        rs->rules = v;
        rs->caprules = cap;
    }
    rs->rules[rs->nrules++] = r;
    return true;
}

const dhr_section_def *dhr_ruleset_section(const dhr_ruleset *rs, const char *id)
{
    for (size_t i = 0; i < rs->nsections; i++)
        if (strcmp(rs->sections[i].id, id) == 0)
            return &rs->sections[i];
    return NULL;
}

static bool parse_section(dhr_ruleset *rs, xmlNodePtr n, const char *file, dhr_rules_error *err)
{
    char *id = attr(n, "id");
    if (!id)
        return false;
    dhr_section_def *d = (dhr_section_def *)dhr_ruleset_section(rs, id);
    if (d) {
        free(id); /* a local file adds aliases and changes attributes */
    } else {
        if (rs->nsections == rs->capsections) {
            size_t cap = rs->capsections ? rs->capsections * 2 : 32;
            dhr_section_def *v = realloc(rs->sections, cap * sizeof *v);
            if (!v) {
                free(id);
                set_err(err, file, 0, "out of memory");
                return false;
            }
            rs->sections = v;
            rs->capsections = cap;
        }
        d = &rs->sections[rs->nsections++];
        memset(d, 0, sizeof *d);
        d->id = id;
        d->min_words = -1;
    }
    char *v;
    if ((v = attr(n, "order"))) {
        d->order = strtod(v, NULL);
        d->has_order = true;
        free(v);
    }
    if ((v = attr(n, "required"))) {
        d->required = parse_stages(v);
        free(v);
    }
    if ((v = attr(n, "min-words"))) {
        d->min_words = strtol(v, NULL, 10);
        free(v);
    }
    if ((v = attr(n, "within"))) {
        char *save = NULL;
        for (char *t = strtok_r(v, " ", &save); t; t = strtok_r(NULL, " ", &save))
            push_str(&d->within, &d->nwithin, strdup(t));
        free(v);
    }
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (!is_el(c, "alias"))
            continue;
        char *raw = xstrdup_node(c);
        if (!raw)
            continue;
        /* A "*" word stands for any words (or none): each piece between
         * stars is normalised alone, and the stars kept (a normalised
         * heading never holds one). */
        dhr_strbuf norm = {0};
        bool starred = false;
        for (const char *p = raw; *p;) {
            const char *star = p;
            while (*star && !(*star == '*' && (star == raw || star[-1] == ' ') &&
                              (star[1] == '\0' || star[1] == ' ')))
                star++;
            char *piece = dhr_normalise_heading(p, (size_t)(star - p));
            if (piece && piece[0]) {
                if (norm.len)
                    dhr_sb_putc(&norm, ' ');
                dhr_sb_append(&norm, piece, strlen(piece));
            }
            free(piece);
            if (!*star)
                break;
            if (norm.len)
                dhr_sb_putc(&norm, ' ');
            dhr_sb_putc(&norm, '*');
            starred = true;
            p = star + 1;
        }
        if (!d->display && raw[0] && !starred) {
            /* Messages say "the {section} section": not "the The ... section". */
            const char *shown = strncasecmp(raw, "the ", 4) == 0 ? raw + 4 : raw;
            d->display = strdup(shown);
            if (d->display)
                d->display[0] = (char)toupper((unsigned char)d->display[0]);
        }
        free(raw);
        if (!norm.s || !norm.s[0] || (starred && strcmp(norm.s, "*") == 0)) {
            dhr_sb_free(&norm);
            continue; /* "*" alone would be every heading */
        }
        push_str(&d->aliases, &d->naliases, norm.s);
    }
    if (!d->display)
        d->display = strdup(d->id);
    return true;
}

static char *own(dhr_ruleset *rs, char *s)
{
    if (s && !push_str(&rs->strings, &rs->nstrings, s))
        return NULL;
    return s;
}

static bool parse_checklist(dhr_ruleset *rs, xmlNodePtr n)
{
    rs->nchecklist = 0; /* a later checklist replaces the earlier one */
    for (xmlNodePtr g = n->children; g; g = g->next) {
        if (!is_el(g, "group"))
            continue;
        char *title = own(rs, attr(g, "title"));
        for (xmlNodePtr l = g->children; l; l = l->next) {
            if (!is_el(l, "line"))
                continue;
            dhr_checklist_line *v = realloc(rs->checklist, (rs->nchecklist + 1) * sizeof *v);
            if (!v)
                return false;
            rs->checklist = v;
            dhr_checklist_line *line = &rs->checklist[rs->nchecklist++];
            line->group = title;
            line->id = own(rs, attr(l, "id"));
            line->rule = own(rs, attr(l, "rule"));
            line->nalso = 0;
            char *also = attr(l, "also"), *save = NULL;
            for (char *t = also ? strtok_r(also, " \t\n", &save) : NULL;
                 t && line->nalso < DHR_CHECKLIST_ALSO; t = strtok_r(NULL, " \t\n", &save))
                line->also[line->nalso++] = own(rs, strdup(t));
            free(also);
            line->text = own(rs, xstrdup_node(l));
        }
    }
    return true;
}

#define MAX_WORDLIST_BYTES (16u * 1024 * 1024)

/* <wordlist id src>: a built-in file's list is compiled in; a local file's
 * is read from beside it. A later list of the same id replaces the earlier. */
static bool parse_wordlist(dhr_ruleset *rs, xmlNodePtr n, const char *file, bool trusted,
                           dhr_rules_error *err)
{
    char *id = attr(n, "id"), *src = attr(n, "src");
    char *text = NULL;
    size_t len = 0;
    bool ok = id && src;
    if (ok && trusted) {
        char want[256];
        snprintf(want, sizeof want, "rules/%s", src);
        for (size_t i = 0; i < dhr_builtin_data_count; i++)
            if (strcmp(dhr_builtin_data[i].name, want) == 0) {
                len = strlen(dhr_builtin_data[i].text);
                text = malloc(len + 1);
                if (text)
                    memcpy(text, dhr_builtin_data[i].text, len + 1);
            }
        if (!text) {
            set_err(err, file, (int)xmlGetLineNo(n), "word list %s is not built in", src);
            ok = false;
        }
    } else if (ok) {
        const char *slash = strrchr(file, '/');
        size_t dl = slash ? (size_t)(slash - file) + 1 : 0;
        char *path = malloc(dl + strlen(src) + 1);
        if (path) {
            memcpy(path, file, dl);
            strcpy(path + dl, src);
            FILE *f = fopen(path, "rb");
            text = f ? malloc(MAX_WORDLIST_BYTES + 1) : NULL;
            len = text ? fread(text, 1, MAX_WORDLIST_BYTES + 1, f) : 0;
            if (f)
                fclose(f);
            if (!text || len > MAX_WORDLIST_BYTES) {
                set_err(err, file, (int)xmlGetLineNo(n),
                        "word list %s cannot be read (or is larger than 16 MiB)", path);
                ok = false;
            }
            free(path);
        } else {
            ok = false;
        }
    }
    dhr_wordlist *wl = ok ? dhr_wordlist_parse(text, len) : NULL;
    free(text);
    if (ok && !wl) {
        set_err(err, file, (int)xmlGetLineNo(n), "out of memory");
        ok = false;
    }
    for (size_t i = 0; ok && i < rs->nwordlists; i++)
        if (strcmp(rs->wordlists[i].id, id) == 0) {
            dhr_wordlist_free(rs->wordlists[i].list);
            rs->wordlists[i].list = wl;
            free(id);
            free(src);
            return true;
        }
    if (ok) {
        void *v = realloc(rs->wordlists, (rs->nwordlists + 1) * sizeof *rs->wordlists);
        if (v) {
            rs->wordlists = v;
            rs->wordlists[rs->nwordlists].id = id;
            rs->wordlists[rs->nwordlists++].list = wl;
            id = NULL;
        } else {
            dhr_wordlist_free(wl);
            ok = false;
        }
    }
    free(id);
    free(src);
    return ok;
}

/* <patterns id>: matches several rules share (who the family are, the
 * guidance's own voice). A later file replaces a set of the same id. */
static bool parse_pattern_set(dhr_ruleset *rs, xmlNodePtr n, const char *file, bool trusted,
                              dhr_rules_error *err)
{
    char *id = attr(n, "id");
    dhr_pattern pat;
    if (!id || !compile_matches(n, "match", file, trusted, err, &pat)) {
        free(id);
        return false;
    }
    for (size_t i = 0; i < rs->npsets; i++)
        if (strcmp(rs->psets[i].id, id) == 0) {
            pattern_free(&rs->psets[i].pat);
            rs->psets[i].pat = pat;
            free(id);
            return true;
        }
    struct dhr_pattern_set *v = realloc(rs->psets, (rs->npsets + 1) * sizeof *v);
    if (!v) {
        free(id);
        pattern_free(&pat);
        return false;
    }
    rs->psets = v;
    rs->psets[rs->npsets].id = id;
    rs->psets[rs->npsets++].pat = pat;
    return true;
}

static void table_def_free(dhr_table_def *t)
{
    free(t->id);
    for (size_t k = 0; k < t->ncols; k++) {
        free(t->cols[k].id);
        free(t->cols[k].name);
        pattern_free(&t->cols[k].header);
    }
    memset(t, 0, sizeof *t);
}

/* <table-columns id>: <column id name required cell> with the header's
 * <match> patterns. A later file replaces a definition of the same id. */
static bool parse_table_columns(dhr_ruleset *rs, xmlNodePtr n, const char *file, bool trusted,
                                dhr_rules_error *err)
{
    dhr_table_def t;
    memset(&t, 0, sizeof t);
    t.id = attr(n, "id");
    bool ok = t.id != NULL;
    for (xmlNodePtr c = n->children; c && ok; c = c->next) {
        if (!is_el(c, "column"))
            continue;
        if (t.ncols == DHR_MAX_COLUMNS) {
            set_err(err, file, (int)xmlGetLineNo(c), "more than %d columns", DHR_MAX_COLUMNS);
            ok = false;
            break;
        }
        dhr_column_def *d = &t.cols[t.ncols++];
        d->id = attr(c, "id");
        d->name = attr(c, "name");
        char *req = attr(c, "required"), *cell = attr(c, "cell");
        d->required = req && strcmp(req, "true") == 0;
        d->cell_required = cell && strcmp(cell, "required") == 0;
        free(req);
        free(cell);
        ok = d->id && d->name && compile_matches(c, "match", file, trusted, err, &d->header);
    }
    if (!ok) {
        table_def_free(&t);
        return false;
    }
    for (size_t i = 0; i < rs->ntabledefs; i++)
        if (strcmp(rs->tabledefs[i].id, t.id) == 0) {
            table_def_free(&rs->tabledefs[i]);
            rs->tabledefs[i] = t;
            return true;
        }
    dhr_table_def *v = realloc(rs->tabledefs, (rs->ntabledefs + 1) * sizeof *v);
    if (!v) {
        table_def_free(&t);
        return false;
    }
    rs->tabledefs = v;
    rs->tabledefs[rs->ntabledefs++] = t;
    return true;
}

static const dhr_wordlist *find_wordlist(const dhr_ruleset *rs, const char *id)
{
    for (size_t i = 0; id && i < rs->nwordlists; i++)
        if (strcmp(rs->wordlists[i].id, id) == 0)
            return rs->wordlists[i].list;
    return NULL;
}

static bool add_pending(dhr_ruleset *rs, xmlNodePtr n, const char *file, bool allow)
{
    if (rs->npending == rs->cappending) {
        size_t cap = rs->cappending ? rs->cappending * 2 : 16;
        pending *v = realloc(rs->pending, cap * sizeof *v);
        if (!v)
            return false;
        rs->pending = v;
        rs->cappending = cap;
    }
    pending *p = &rs->pending[rs->npending++];
    memset(p, 0, sizeof *p);
    p->kind = allow ? PENDING_ALLOW : PENDING_OVERRIDE;
    p->rule = attr(n, "rule");
    p->value = allow ? xstrdup_node(n) : attr(n, "severity");
    char *dis = allow ? NULL : attr(n, "disabled");
    p->disabled = dis ? (strcmp(dis, "true") == 0 || strcmp(dis, "1") == 0) : -1;
    free(dis);
    p->file = strdup(file);
    p->line = (int)xmlGetLineNo(n);
    return true;
}

/* --- validation and files ------------------------------------------------ */

static void schema_error(void *ctx, xmlErrorPtr e)
{
    dhr_rules_error *err = ctx;
    if (err->message[0] || !e)
        return;
    char msg[300];
    snprintf(msg, sizeof msg, "%s", e->message ? e->message : "invalid");
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    set_err(err, e->file ? e->file : "?", e->line, "does not follow rules/rules.rng: %s", msg);
}

static xmlRelaxNGPtr schema;

static void load_schema(void)
{
    xmlRelaxNGParserCtxtPtr pc =
        xmlRelaxNGNewMemParserCtxt(dhr_builtin_schema, (int)strlen(dhr_builtin_schema));
    schema = pc ? xmlRelaxNGParse(pc) : NULL;
    xmlRelaxNGFreeParserCtxt(pc);
}

static bool validate(xmlDocPtr doc, dhr_rules_error *err)
{
    /* parsed once for the process (rule sets may be loaded on several threads) */
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, load_schema);
    if (!schema) {
        snprintf(err->message, sizeof err->message, "the built-in rule schema does not load");
        return false;
    }
    xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(schema);
    if (!vc)
        return false;
    xmlRelaxNGSetValidStructuredErrors(vc, schema_error, err);
    int rc = xmlRelaxNGValidateDoc(vc, doc);
    xmlRelaxNGFreeValidCtxt(vc);
    if (rc != 0 && !err->message[0])
        snprintf(err->message, sizeof err->message, "does not follow rules/rules.rng");
    return rc == 0;
}

static void parse_error(void *ctx, xmlErrorPtr e)
{
    dhr_rules_error *err = ctx;
    if (err->message[0] || !e || e->level < XML_ERR_ERROR)
        return;
    char msg[300];
    snprintf(msg, sizeof msg, "%s", e->message ? e->message : "not well-formed");
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    set_err(err, e->file ? e->file : "?", e->line, "not well-formed XML: %s", msg);
}

static bool load_buffer(dhr_ruleset *rs, const char *buf, size_t len, const char *name,
                        bool trusted, dhr_rules_error *err)
{
    err->message[0] = '\0';
    /* No entity substitution, no DTD loading, no network: rule files are data.
     * Errors reach parse_error through libxml2's (per-thread) structured
     * error hook, the only one libxml2 2.9 offers a DOM parse. */
    xmlSetStructuredErrorFunc(err, parse_error);
    xmlDocPtr doc = xmlReadMemory(buf, (int)len, name, "UTF-8",
                                  XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
    xmlSetStructuredErrorFunc(NULL, NULL);
    if (!doc) {
        if (!err->message[0])
            set_err(err, name, 0, "not well-formed XML");
        return false;
    }
    bool ok = true;
    if (doc->intSubset || doc->extSubset) {
        /* libxml2 keeps no line for a DTD: count the lines before it. */
        const char *dt = NULL;
        for (size_t k = 0; k + 9 <= len && !dt; k++)
            if (memcmp(buf + k, "<!DOCTYPE", 9) == 0)
                dt = buf + k;
        int line = 1;
        for (const char *q = buf; dt && q < dt; q++)
            line += *q == '\n';
        set_err(err, name, line, "rule files may not have a DOCTYPE");
        ok = false;
    }
    ok = ok && (trusted || validate(doc, err));
    xmlNodePtr root = xmlDocGetRootElement(doc);
    for (xmlNodePtr n = root ? root->children : NULL; n && ok; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (is_el(n, "rule"))
            ok = parse_rule(rs, n, name, trusted, err);
        else if (is_el(n, "section"))
            ok = parse_section(rs, n, name, err);
        else if (is_el(n, "checklist"))
            ok = parse_checklist(rs, n);
        else if (is_el(n, "wordlist"))
            ok = parse_wordlist(rs, n, name, trusted, err);
        else if (is_el(n, "patterns"))
            ok = parse_pattern_set(rs, n, name, trusted, err);
        else if (is_el(n, "table-columns"))
            ok = parse_table_columns(rs, n, name, trusted, err);
        else if (is_el(n, "override"))
            ok = add_pending(rs, n, name, false);
        else if (is_el(n, "allow"))
            ok = add_pending(rs, n, name, true);
        else if (is_el(n, "words"))
            ok = parse_vocabulary(rs, n);
    }
    if (!ok && !err->message[0])
        set_err(err, name, 0, "out of memory");
    xmlFreeDoc(doc);
    return ok;
}

bool dhr_rules_validate_builtin(dhr_rules_error *err)
{
    err->message[0] = '\0';
    /* Every built-in pattern compiles (a run compiles them only when needed). */
    dhr_ruleset *rs = dhr_rules_load_builtin(err);
    if (!rs)
        return false;
    bool compiled = true;
    for (size_t i = 0; i < rs->nrules && compiled; i++) {
        dhr_rule *r = &rs->rules[i];
        compiled = (!r->match.src || dhr_pattern_compile(&r->match)) &&
                   (!r->cond_if.src || dhr_pattern_compile(&r->cond_if));
        for (size_t k = 0; k < r->nitems && compiled; k++)
            compiled = !r->items[k].pat.src || dhr_pattern_compile(&r->items[k].pat);
        if (!compiled)
            set_err(err, r->info.file, r->info.line, "a pattern of rule %s does not compile",
                    r->info.id);
    }
    for (size_t i = 0; i < rs->ntabledefs && compiled; i++)
        for (size_t k = 0; k < rs->tabledefs[i].ncols && compiled; k++)
            if (!(compiled = dhr_pattern_compile(&rs->tabledefs[i].cols[k].header)))
                set_err(err, "rules", 0, "a header pattern of %s does not compile",
                        rs->tabledefs[i].id);
    for (size_t i = 0; i < rs->npsets && compiled; i++)
        if (!(compiled = !rs->psets[i].pat.src || dhr_pattern_compile(&rs->psets[i].pat)))
            set_err(err, "rules", 0, "a pattern of the set %s does not compile", rs->psets[i].id);
    dhr_rules_free(rs);
    if (!compiled)
        return false;
    for (size_t i = 0; i < dhr_builtin_rule_count; i++) {
        const dhr_builtin_file *f = &dhr_builtin_rules[i];
        xmlSetStructuredErrorFunc(err, parse_error);
        xmlDocPtr doc = xmlReadMemory(f->text, (int)strlen(f->text), f->name, "UTF-8",
                                      XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
        xmlSetStructuredErrorFunc(NULL, NULL);
        bool ok = doc && validate(doc, err);
        xmlFreeDoc(doc);
        if (!ok) {
            if (!err->message[0])
                set_err(err, f->name, 0, "not well-formed XML");
            return false;
        }
    }
    return true;
}

dhr_ruleset *dhr_rules_new(dhr_rules_error *err)
{
    err->message[0] = '\0';
    /* once for the process, as the readers do: a rule set may be loaded on
     * one thread while a document is read on another (batch.c), and
     * libxml2's own first-call setup is not safe to race */
    dhr_xml_global_init();
    dhr_ruleset *rs = calloc(1, sizeof *rs);
    if (!rs) {
        snprintf(err->message, sizeof err->message, "out of memory");
        return NULL;
    }
    rs->mctx = pcre2_match_context_create(NULL);
    if (rs->mctx) {
        pcre2_set_match_limit(rs->mctx, MATCH_LIMIT);
        pcre2_set_depth_limit(rs->mctx, DEPTH_LIMIT);
    }
    return rs;
}

dhr_ruleset *dhr_rules_load_builtin(dhr_rules_error *err)
{
    dhr_ruleset *rs = dhr_rules_new(err);
    if (!rs)
        return NULL;
    for (size_t i = 0; i < dhr_builtin_rule_count; i++)
        if (!load_buffer(rs, dhr_builtin_rules[i].text, strlen(dhr_builtin_rules[i].text),
                         dhr_builtin_rules[i].name, true, err)) {
            dhr_rules_free(rs);
            return NULL;
        }
    return rs;
}

static bool load_file(dhr_ruleset *rs, const char *path, dhr_rules_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        set_err(err, path, 0, "cannot open the rule file (%s)", strerror(errno));
        return false;
    }
    char *buf = malloc(MAX_RULE_FILE_BYTES + 1);
    size_t n = buf ? fread(buf, 1, MAX_RULE_FILE_BYTES + 1, f) : 0;
    fclose(f);
    if (!buf || n > MAX_RULE_FILE_BYTES) {
        free(buf);
        set_err(err, path, 0, "the rule file is larger than %u MiB", MAX_RULE_FILE_BYTES >> 20);
        return false;
    }
    if (n == 0) {
        free(buf);
        set_err(err, path, 0, "the rule file is empty");
        return false;
    }
    bool ok = load_buffer(rs, buf, n, path, false, err);
    free(buf);
    return ok;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

bool dhr_rules_load_path(dhr_ruleset *rs, const char *path, dhr_rules_error *err)
{
    err->message[0] = '\0';
    struct stat st;
    if (stat(path, &st) != 0) {
        set_err(err, path, 0, "no such rule file or folder (%s)", strerror(errno));
        return false;
    }
    if (!S_ISDIR(st.st_mode))
        return load_file(rs, path, err);
    /* Every *.xml in the folder, in name order so that loading is repeatable. */
    DIR *d = opendir(path);
    if (!d) {
        set_err(err, path, 0, "cannot open the folder (%s)", strerror(errno));
        return false;
    }
    char **names = NULL;
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        size_t l = strlen(e->d_name);
        if (l > 4 && strcmp(e->d_name + l - 4, ".xml") == 0 && n < 1000) {
            size_t pl = strlen(path);
            while (pl > 1 && path[pl - 1] == '/')
                pl--;
            char *full = malloc(pl + l + 2);
            if (full) {
                sprintf(full, "%.*s/%s", (int)pl, path, e->d_name);
                struct stat fs;
                if (stat(full, &fs) == 0 && S_ISREG(fs.st_mode))
                    push_str(&names, &n, full);
                else
                    free(full);
            }
        }
    }
    closedir(d);
    if (n == 0) {
        free(names);
        set_err(err, path, 0, "the folder holds no *.xml rule file");
        return false;
    }
    qsort(names, n, sizeof *names, cmp_str);
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        if (ok)
            ok = load_file(rs, names[i], err);
        free(names[i]);
    }
    free(names);
    return ok;
}

/* Appends the trigger sets of PAT and of each of its parts to *SETS. */
static bool add_triggers(dhr_pattern *pat, dhr_triggers ***sets, size_t *n, size_t *cap)
{
    for (size_t j = 0; j <= pat->npart; j++) {
        if (*n + 1 > *cap) {
            size_t nc = *cap ? *cap * 2 : 64;
            dhr_triggers **v = realloc(*sets, nc * sizeof *v);
            if (!v)
                return false;
            *sets = v;
            *cap = nc;
        }
        (*sets)[(*n)++] = j == 0 ? &pat->trig : &pat->part[j - 1].trig;
    }
    return true;
}


/* Whether a checklist line's rule NAME is in the set. A rule of a category
 * the set does not have (yet, or in a cut-down local set) is dropped: the
 * line is then for a person to check. A name unknown within a category the
 * set has is a mistake. */
static bool checklist_rule_known(dhr_ruleset *rs, const char *line_id, const char **name,
                                 dhr_rules_error *err)
{
    if (!*name || find_rule(rs, *name))
        return true;
    const char *dot = strchr(*name, '.');
    size_t cl = dot ? (size_t)(dot - *name) : strlen(*name);
    for (size_t k = 0; k < rs->nrules; k++)
        if (strlen(rs->rules[k].info.category) == cl &&
            strncmp(rs->rules[k].info.category, *name, cl) == 0) {
            set_err(err, "rules", 0, "checklist line %s names an unknown rule '%s'", line_id,
                    *name);
            return false;
        }
    *name = NULL;
    return true;
}

bool dhr_rules_finish(dhr_ruleset *rs, dhr_rules_error *err)
{
    err->message[0] = '\0';
    bool ok = true;
    for (size_t i = 0; i < rs->npending && ok; i++) {
        pending *p = &rs->pending[i];
        dhr_rule *r = find_rule(rs, p->rule);
        if (!r) {
            set_err(err, p->file, p->line, "there is no rule '%s' to %s", p->rule,
                    p->kind == PENDING_ALLOW ? "allow a term for" : "override");
            ok = false;
        } else if (p->kind == PENDING_ALLOW) {
            ok = push_str(&r->allow, &r->nallow, strdup(p->value ? p->value : ""));
        } else {
            if (p->value) {
                r->info.severity = parse_severity(p->value);
                r->info.has_draft_severity = false; /* the local choice holds at every stage */
            }
            if (p->disabled >= 0)
                r->info.disabled = p->disabled;
        }
    }
    for (size_t i = 0; i < rs->npending; i++) {
        free(rs->pending[i].rule);
        free(rs->pending[i].value);
        free(rs->pending[i].file);
    }
    rs->npending = 0;
    /* Every scope and parameter must name a section the set defines. */
    for (size_t i = 0; i < rs->nrules && ok; i++) {
        dhr_rule *r = &rs->rules[i];
        const dhr_scope *scopes[] = {&r->scope, &r->exclude};
        for (size_t s = 0; s < 2 && ok; s++)
            for (size_t k = 0; k < scopes[s]->nsections && ok; k++)
                if (!dhr_ruleset_section(rs, scopes[s]->sections[k]) &&
                    strcmp(scopes[s]->sections[k], "title-page") != 0) {
                    set_err(err, r->info.file, r->info.line, "rule %s names an unknown section '%s'",
                            r->info.id, scopes[s]->sections[k]);
                    ok = false;
                }
        const char *ids[] = {r->list_id, r->places_id, r->agencies_id};
        const dhr_wordlist **lists[] = {&r->list, &r->places, &r->agencies};
        for (int k = 0; k < 3 && ok; k++) {
            if (!ids[k])
                continue;
            *lists[k] = find_wordlist(rs, ids[k]);
            if (!*lists[k]) {
                set_err(err, r->info.file, r->info.line, "rule %s names an unknown word list '%s'",
                        r->info.id, ids[k]);
                ok = false;
            }
        }
        if (ok && r->section && !dhr_ruleset_section(rs, r->section)) {
            set_err(err, r->info.file, r->info.line, "rule %s names an unknown section '%s'",
                    r->info.id, r->section);
            ok = false;
        }
        if (ok && r->columns_id) {
            r->columns = NULL;
            for (size_t m = 0; m < rs->ntabledefs && !r->columns; m++)
                if (strcmp(rs->tabledefs[m].id, r->columns_id) == 0)
                    r->columns = &rs->tabledefs[m];
            if (!r->columns) {
                set_err(err, r->info.file, r->info.line, "rule %s names unknown table columns '%s'",
                        r->info.id, r->columns_id);
                ok = false;
            }
        }
        for (int k = 0; ok && k < REF_COUNT; k++) {
            if (!r->ref_ids[k])
                continue;
            r->refs[k] = NULL;
            for (size_t m = 0; m < rs->npsets && !r->refs[k]; m++)
                if (strcmp(rs->psets[m].id, r->ref_ids[k]) == 0)
                    r->refs[k] = &rs->psets[m].pat;
            if (!r->refs[k]) {
                set_err(err, r->info.file, r->info.line, "rule %s names unknown patterns '%s'",
                        r->info.id, r->ref_ids[k]);
                ok = false;
            }
        }
        for (size_t k = 0; ok && k < r->nyields; k++)
            if (!find_rule(rs, r->yields[k])) {
                set_err(err, r->info.file, r->info.line, "rule %s yields to an unknown rule '%s'",
                        r->info.id, r->yields[k]);
                ok = false;
            }
    }
    if (ok) {
        size_t n = 0, cap = 0;
        dhr_triggers **sets = NULL;
        for (size_t i = 0; i < rs->nrules && ok; i++) {
            dhr_rule *r = &rs->rules[i];
            for (size_t k = 0; k < 2 + r->nitems && ok; k++)
                ok = add_triggers(k == 0 ? &r->match : k == 1 ? &r->cond_if : &r->items[k - 2].pat,
                                  &sets, &n, &cap);
        }
        for (size_t i = 0; i < rs->npsets && ok; i++)
            ok = add_triggers(&rs->psets[i].pat, &sets, &n, &cap);
        dhr_trigger_index_free(rs->triggers);
        rs->triggers = ok ? dhr_trigger_index_build(sets, n) : NULL;
        if (!rs->triggers) {
            ok = false;
            set_err(err, "rules", 0, "out of memory");
        }
        free(sets);
    }
    for (size_t i = 0; i < rs->nchecklist && ok; i++) {
        dhr_checklist_line *line = &rs->checklist[i];
        ok = checklist_rule_known(rs, line->id, &line->rule, err);
        size_t kept = 0;
        for (size_t k = 0; k < line->nalso && ok; k++) {
            ok = checklist_rule_known(rs, line->id, &line->also[k], err);
            if (line->also[k])
                line->also[kept++] = line->also[k];
        }
        line->nalso = line->rule ? kept : 0;
    }
    return ok;
}

void dhr_rules_free(dhr_ruleset *rs)
{
    if (!rs)
        return;
    for (size_t i = 0; i < rs->nrules; i++)
        rule_free(&rs->rules[i]);
    free(rs->rules);
    for (size_t i = 0; i < rs->npsets; i++) {
        free(rs->psets[i].id);
        pattern_free(&rs->psets[i].pat);
    }
    free(rs->psets);
    for (size_t i = 0; i < rs->ntabledefs; i++)
        table_def_free(&rs->tabledefs[i]);
    free(rs->tabledefs);
    for (size_t i = 0; i < rs->nsets; i++)
        word_set_free(&rs->sets[i]);
    free(rs->sets);
    for (size_t i = 0; i < rs->nsections; i++) {
        dhr_section_def *d = &rs->sections[i];
        free(d->id);
        free_strings(d->within, d->nwithin);
        free_strings(d->aliases, d->naliases);
        free(d->display);
    }
    free(rs->sections);
    free(rs->checklist);
    free_strings(rs->strings, rs->nstrings);
    for (size_t i = 0; i < rs->npending; i++) {
        free(rs->pending[i].rule);
        free(rs->pending[i].value);
        free(rs->pending[i].file);
    }
    free(rs->pending);
    pcre2_match_context_free(rs->mctx);
    dhr_trigger_index_free(rs->triggers);
    for (size_t i = 0; i < rs->nwordlists; i++) {
        free(rs->wordlists[i].id);
        dhr_wordlist_free(rs->wordlists[i].list);
    }
    free(rs->wordlists);
    free(rs);
}

size_t dhr_rules_count(const dhr_ruleset *rs)
{
    return rs->nrules;
}

const dhr_rule_info *dhr_rules_info(const dhr_ruleset *rs, size_t i)
{
    return &rs->rules[i].info;
}

size_t dhr_rules_checklist_count(const dhr_ruleset *rs)
{
    return rs->nchecklist;
}

const dhr_checklist_line *dhr_rules_checklist(const dhr_ruleset *rs, size_t i)
{
    return &rs->checklist[i];
}
