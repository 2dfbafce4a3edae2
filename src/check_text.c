/* Check kinds about what the report says: patterns that must or must not
 * appear in a scope, conditions, the review's length, acronyms. */
#include "engine.h"
#include "ascii.h"
#include "wordlist.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* An NHS number: ten digits whose last is the modulus 11 check digit of the
 * nine before it. Spaces and hyphens between groups are allowed. */
static bool valid_nhs_number(const char *s, size_t n)
{
    int d[10], k = 0;
    for (size_t i = 0; i < n && k <= 10; i++)
        if (isdigit((unsigned char)s[i])) {
            if (k == 10)
                return false;
            d[k++] = s[i] - '0';
        }
    if (k != 10)
        return false;
    int sum = 0;
    for (int i = 0; i < 9; i++)
        sum += d[i] * (10 - i);
    int check = 11 - sum % 11;
    if (check == 11)
        check = 0;
    return check != 10 && check == d[9];
}

/* A match whose (?<nhs>...) group took part must hold a valid NHS number:
 * ten digits alone are a phone number, a reference, anything. */
static bool named_groups_valid(dhr_ctx *c, const pcre2_code *re, const char *subject)
{
    int g = pcre2_substring_number_from_name(re, (PCRE2_SPTR) "nhs");
    if (g <= 0)
        return true;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(c->md);
    if ((uint32_t)g >= pcre2_get_ovector_count(c->md) || ov[2 * g] == PCRE2_UNSET)
        return true;
    return valid_nhs_number(subject + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
}

/* A match that is itself an entry of the rule's PLACES ("Craven Arms" is a
 * town), or that an agency's name goes on from ("Telford Hospital" in "The
 * Shrewsbury and Telford Hospital NHS Trust"): not what the rule is after. */
static bool listed_otherwise(const dhr_rule *r, const char *s, size_t n, size_t off, size_t len)
{
    char key[256];
    if (r->places && memchr(s + off, ' ', len)) {
        /* a place of several words ("Craven Arms"); one word before a kind
         * in lower case is the building's own name ("the Manchester pub") */
        size_t kl = dhr_word_key(s + off, len, key, sizeof key);
        if (kl && dhr_wordlist_flags(r->places, key, kl) >= 0)
            return true;
    }
    size_t q = off + len;
    if (!r->agencies || q >= n || s[q] != ' ')
        return false;
    size_t e = ++q;
    for (int words = 0; words < 4 && e < n; words++, e++) {
        while (e < n && s[e] != ' ' && s[e] != ',' && s[e] != '.')
            e++;
        size_t kl = dhr_word_key(s + q, e - q, key, sizeof key);
        if (kl && dhr_wordlist_flags(r->agencies, key, kl) >= 0)
            return true;
        if (e >= n || s[e] != ' ')
            break;
    }
    return false;
}

/* Whether a point of a paragraph is inside quotation marks: double
 * (straight or curly) or single (‘…’ or straight), as British reports quote.
 * A single closing mark is told from an apostrophe ("didn’t", "the Smiths’
 * house") by what follows it: a letter after it is an apostrophe. The state
 * is carried forward from match to match, so a paragraph is read once
 * however many matches it holds. */
typedef struct quote_state {
    size_t at; /* bytes of the paragraph read */
    bool curly, single;
    size_t straight;
} quote_state;

static bool in_quotes(quote_state *q, const char *s, size_t at)
{
    if (at < q->at)
        *q = (quote_state){0};
    size_t k = q->at;
    for (; k < at; k++) {
        unsigned char ch = (unsigned char)s[k];
        bool letter_after = dhr_is_alpha((unsigned char)s[k + 1]);
        if (ch == '"') {
            q->straight++;
        } else if (ch == '\'') {
            bool space_before = k == 0 || s[k - 1] == ' ' || s[k - 1] == '(' || s[k - 1] == '[';
            if (!q->single && space_before && letter_after)
                q->single = true;
            else if (q->single && !letter_after)
                q->single = false;
        } else if (ch == 0xE2 && (unsigned char)s[k + 1] == 0x80) {
            unsigned char t = (unsigned char)s[k + 2];
            bool letter_next = dhr_is_alpha((unsigned char)s[k + 3]);
            if (t == 0x9C)
                q->curly = true;
            else if (t == 0x9D)
                q->curly = false;
            else if (t == 0x98)
                q->single = true;
            else if (t == 0x99 && q->single && !letter_next)
                q->single = false;
            k += 2;
        }
    }
    q->at = k; /* past AT when a mark straddled it, as before */
    return q->curly || q->single || q->straight % 2;
}

/* Whether the perpetrator is who the words at AT of paragraph text S are
 * about: his pseudonym or "the perpetrator" among the six words before, in
 * the same clause ("Craig disengaged from the alcohol service"). */
static bool of_perpetrator(const dhr_ctx *c, const char *s, size_t at)
{
    size_t w = at, words = 0;
    while (w > 0 && words < 7 && s[w - 1] != ',' && s[w - 1] != ';' && s[w - 1] != '.' &&
           s[w - 1] != ':') {
        if (s[w - 1] == ' ')
            words++;
        w--;
    }
    for (size_t k = w; k < at; k++) {
        if (k > w && dhr_is_alpha((unsigned char)s[k - 1]))
            continue;
        if (strncasecmp(s + k, "perpetrator", 11) == 0)
            return true;
        for (size_t m = 0; m < c->cast->n; m++) {
            const dhr_cast_member *cm = &c->cast->v[m];
            size_t nl = strlen(cm->name);
            if (cm->role == DHR_ROLE_PERPETRATOR && nl && k + nl <= at &&
                memcmp(s + k, cm->name, nl) == 0 && !dhr_is_alpha((unsigned char)s[k + nl]))
                return true;
        }
    }
    return false;
}

static void forbid(dhr_ctx *c)
{
    const dhr_rule *r = c->rule;
    for (size_t i = 0; i < c->doc->npara && !c->oom; i++) {
        if (!dhr_in_scope(c, &r->scope, &r->exclude, i))
            continue;
        const dhr_para *p = &c->doc->paras[i];
        size_t start = 0, off, len;
        quote_state quotes = {0};
        while (start <= p->len && dhr_match(c, &r->match, i, start, &off, &len)) {
            bool ok = len && c->matched && named_groups_valid(c, c->matched, p->text) &&
                      !(r->outside_quotes && in_quotes(&quotes, p->text, off)) &&
                      !(r->not_of_perpetrator && of_perpetrator(c, p->text, off));
            const dhr_pattern *which = ok ? dhr_matched_part(c, &r->match, i, off, len) : NULL;
            if (ok && !(r->except && dhr_match_text(c, r->except, p->text + off, len)) &&
                !listed_otherwise(r, p->text, p->len, off, len)) {
                dhr_fill f = {.suggestion = which ? which->suggest : NULL};
                dhr_emit(c, (int32_t)i, true, off, len, NULL, NULL, &f);
            }
            start = off + (len ? len : 1);
        }
    }
}

/* Whether anything in the rule's scope matches RE. */
/* Whether anything the report says in the rule's scope matches RE. */
static bool scope_matches(dhr_ctx *c, const dhr_pattern *re, int32_t *where, size_t *woff,
                          size_t *wlen)
{
    const dhr_rule *r = c->rule;
    for (size_t i = 0; i < c->doc->npara; i++) {
        size_t off, len;
        if (dhr_report_says(c, i) && dhr_in_scope(c, &r->scope, &r->exclude, i) &&
            dhr_match(c, re, i, 0, &off, &len)) {
            if (where)
                *where = (int32_t)i, *woff = off, *wlen = len;
            return true;
        }
    }
    return false;
}

static void require(dhr_ctx *c)
{
    int32_t at = dhr_scope_anchor(c, &c->rule->scope), where;
    size_t off, len;
    if (at == -2)
        return;
    if (scope_matches(c, &c->rule->match, &where, &off, &len)) {
        dhr_evidence(c, where);
        return;
    }
    dhr_emit(c, at, false, 0, 0, "", c->rule->scope.nsections ? c->rule->scope.sections[0] : NULL,
             NULL);
}

static void require_each(dhr_ctx *c)
{
    const dhr_rule *r = c->rule;
    int32_t at = dhr_scope_anchor(c, &r->scope);
    if (at == -2)
        return;
    for (size_t k = 0; k < r->nitems; k++) {
        int32_t where;
        size_t off, len;
        if (scope_matches(c, &r->items[k].pat, &where, &off, &len)) {
            dhr_evidence(c, where);
            continue;
        }
        dhr_fill f = {.item = r->items[k].name};
        dhr_emit(c, at, false, 0, 0, r->items[k].name,
                 r->scope.nsections ? r->scope.sections[0] : NULL, &f);
    }
}

static void if_then(dhr_ctx *c)
{
    int32_t where;
    size_t off, len;
    if (!scope_matches(c, &c->rule->cond_if, &where, &off, &len) ||
        scope_matches(c, &c->rule->match, NULL, NULL, NULL))
        return;
    dhr_emit(c, where, true, off, len, NULL, NULL, NULL);
}

/* "March 2021", "Sept 2020": a month and a year, as a number of months. */
static long month_index(const char *s, size_t n, size_t *consumed)
{
    static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                         "jul", "aug", "sep", "oct", "nov", "dec"};
    size_t w = 0;
    while (w < n && isalpha((unsigned char)s[w]))
        w++;
    *consumed = w ? w : 1;
    if (w < 3 || w > 9)
        return -1;
    int m = -1;
    for (int k = 0; k < 12; k++)
        if (tolower((unsigned char)s[0]) == months[k][0] &&
            tolower((unsigned char)s[1]) == months[k][1] &&
            tolower((unsigned char)s[2]) == months[k][2])
            m = k;
    if (m < 0)
        return -1;
    size_t i = w;
    while (i < n && s[i] == ' ')
        i++;
    if (i + 4 > n || !isdigit((unsigned char)s[i]) || !isdigit((unsigned char)s[i + 1]) ||
        !isdigit((unsigned char)s[i + 2]) || !isdigit((unsigned char)s[i + 3]) ||
        (i + 4 < n && isdigit((unsigned char)s[i + 4])))
        return -1;
    long year = strtol(s + i, NULL, 10);
    if (year < 1900 || year > 2100)
        return -1;
    *consumed = i + 4;
    return year * 12 + m;
}

static void delay_explained(dhr_ctx *c)
{
    const dhr_rule *r = c->rule;
    long lo = -1, hi = -1;
    int32_t hi_para = -1;
    for (size_t i = 0; i < c->doc->npara; i++) {
        if (!dhr_report_says(c, i) || !dhr_in_scope(c, &r->scope, &r->exclude, i))
            continue;
        const dhr_para *p = &c->doc->paras[i];
        for (size_t k = 0; k < p->len;) {
            size_t used;
            if (k > 0 && isalpha((unsigned char)p->text[k - 1])) {
                k++;
                continue;
            }
            long m = month_index(p->text + k, p->len - k, &used);
            if (m >= 0) {
                if (lo < 0 || m < lo)
                    lo = m;
                if (m > hi) {
                    hi = m;
                    hi_para = (int32_t)i;
                }
            }
            k += used;
        }
    }
    if (lo < 0 || hi - lo <= r->max || scope_matches(c, &r->match, NULL, NULL, NULL))
        return;
    dhr_fill f = {.count = hi - lo, .total = r->max};
    dhr_emit(c, hi_para, false, 0, 0, "", NULL, &f);
}

/* --- acronyms ------------------------------------------------------------ */

typedef struct acronym acronym;
struct acronym {
    char text[8];
    int32_t para;
    size_t off;
    bool defined;
};

#define MAX_ACRONYMS 2000

static bool is_roman_numeral(const char *s)
{
    return strspn(s, "IVXLC") == strlen(s);
}

/* Headings and lines typed in capitals are not full of acronyms. */
static bool mostly_capitals(const dhr_para *p)
{
    size_t up = 0, low = 0;
    for (size_t i = 0; i < p->len; i++) {
        if (isupper((unsigned char)p->text[i]))
            up++;
        else if (islower((unsigned char)p->text[i]))
            low++;
    }
    return up + low > 0 && low * 4 < up;
}

static bool in_glossary(const dhr_ctx *c, size_t i)
{
    int32_t s = c->ol->para_sec[i];
    return s >= 0 && strcmp(c->ol->secs[s].def->id, "glossary") == 0;
}

/* Collects the distinct acronyms in the text; marks those spelt out as
 * "Words (ABC)", "ABC (Words)", or listed in the glossary. */
static size_t collect_acronyms(dhr_ctx *c, acronym *a)
{
    const dhr_document *doc = c->doc;
    size_t n = 0;
    for (size_t i = 0; i < doc->npara; i++) {
        const dhr_para *p = &doc->paras[i];
        if (!(p->part == DHR_PART_BODY || p->part == DHR_PART_FOOTNOTE ||
              p->part == DHR_PART_ENDNOTE || p->part == DHR_PART_TEXTBOX))
            continue;
        bool glossary = in_glossary(c, i);
        if (!glossary && mostly_capitals(p))
            continue;
        const char *s = p->text;
        for (size_t k = 0; k < p->len;) {
            if (!isupper((unsigned char)s[k]) || (k && isalnum((unsigned char)s[k - 1]))) {
                k++;
                continue;
            }
            size_t e = k;
            /* Letters only (and "&" as in A&E): "B12", "M1" and postcodes
             * are not acronyms. */
            while (e < p->len && (isupper((unsigned char)s[e]) || s[e] == '&'))
                e++;
            if (e < p->len && isdigit((unsigned char)s[e])) {
                while (e < p->len && isalnum((unsigned char)s[e]))
                    e++;
                k = e;
                continue;
            }
            size_t tok = e - k;
            size_t after = e;
            if (after < p->len && s[after] == 's')
                after++; /* "IDVAs" */
            bool boundary = after >= p->len || !isalnum((unsigned char)s[after]);
            if (tok < 2 || tok > 6 || !boundary || (e < p->len && s[e] == '-')) {
                k = e > k ? e : k + 1;
                continue;
            }
            char word[8];
            memcpy(word, s + k, tok);
            word[tok] = '\0';
            if (is_roman_numeral(word) || strchr(word, '&') == word) {
                k = e;
                continue;
            }
            bool spelt = (k >= 1 && s[k - 1] == '(' && after < p->len && s[after] == ')') ||
                         (after + 1 < p->len && s[after] == ' ' && s[after + 1] == '(') ||
                         glossary;
            size_t j;
            for (j = 0; j < n; j++)
                if (strcmp(a[j].text, word) == 0)
                    break;
            if (j == n && n < MAX_ACRONYMS) {
                memcpy(a[n].text, word, tok + 1);
                a[n].para = (int32_t)i;
                a[n].off = k;
                a[n].defined = false;
                n++;
            }
            if (j < n && spelt)
                a[j].defined = true;
            k = e;
        }
    }
    return n;
}

static void acronyms(dhr_ctx *c)
{
    if (!c->acronyms_done) {
        c->acronyms_done = true;
        c->acronyms = malloc(MAX_ACRONYMS * sizeof *c->acronyms);
        if (!c->acronyms) {
            c->oom = true;
            return;
        }
        c->nacronyms = collect_acronyms(c, c->acronyms);
    }
    const acronym *a = c->acronyms;
    size_t n = c->nacronyms;
    if (!a)
        return;
    if (c->rule->kind == CK_GLOSSARY_NEEDED) {
        if ((long)n >= c->rule->min && !dhr_outline_find(c->ol, "glossary")) {
            dhr_fill f = {.count = (long)n};
            dhr_emit(c, -1, false, 0, 0, "", "glossary", &f);
        }
    } else {
        for (size_t i = 0; i < n; i++)
            if (!a[i].defined)
                dhr_emit(c, a[i].para, true, a[i].off, strlen(a[i].text), NULL, NULL, NULL);
    }
}

void dhr_check_text(dhr_ctx *c)
{
    switch (c->rule->kind) {
    case CK_FORBID:
        forbid(c);
        break;
    case CK_REQUIRE:
        require(c);
        break;
    case CK_REQUIRE_EACH:
        require_each(c);
        break;
    case CK_IF_THEN:
        if_then(c);
        break;
    case CK_DELAY_EXPLAINED:
        delay_explained(c);
        break;
    case CK_GLOSSARY_NEEDED:
    case CK_ACRONYMS_DEFINED:
        acronyms(c);
        break;
    default:
        break;
    }
}
