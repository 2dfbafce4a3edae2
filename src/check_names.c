/* Check kinds over word lists: place names, undeclared personal names, and
 * personal names in document properties. A list says what a word may be; the
 * text around it (capitals, the word before, an agency's name, a citation)
 * says whether it is one here. */
#include "engine.h"
#include "ascii.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "strbuf.h"

#define MAX_TOKENS 4096
#define KEY_BYTES 256

typedef struct token {
    uint32_t start, end;
    uint16_t key_off, key_len; /* normalised, in keybuf; KEY_UNSET until needed */
} token;

#define KEY_UNSET UINT16_MAX

/* Keys of a paragraph's tokens, normalised when first looked up: most words
 * are lower-case and never are. Per thread, for batch workers. */
static _Thread_local char keybuf[MAX_TOKENS * 24];
static _Thread_local size_t keyused;

static bool word_byte(unsigned char c)
{
    return dhr_is_alpha(c) || c >= 0x80 || c == '\'' || c == '-';
}

/* Words of a paragraph: letters (any script), apostrophes, inner hyphens. */
static size_t tokenize(const char *s, size_t n, token *t, size_t max)
{
    size_t k = 0;
    keyused = 0;
    for (size_t i = 0; i < n && k < max;) {
        unsigned char c = (unsigned char)s[i];
        if (!(dhr_is_alpha(c) || c >= 0xC0)) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && (word_byte((unsigned char)s[j]) ||
                         ((unsigned char)s[j] == 0xE2 && j + 2 < n && (unsigned char)s[j + 1] == 0x80 &&
                          (unsigned char)s[j + 2] == 0x99))) {
            j += (unsigned char)s[j] == 0xE2 && (unsigned char)s[j + 1] == 0x80 ? 3 : 1;
        }
        while (j > i && (s[j - 1] == '-' || s[j - 1] == '\''))
            j--;
        size_t end = j;
        /* "Price's", "Wolverhampton’s": the name, not its possessive */
        if (end - i > 2 && s[end - 1] == 's' && s[end - 2] == '\'')
            end -= 2;
        else if (end - i > 4 && s[end - 1] == 's' && (unsigned char)s[end - 2] == 0x99 &&
                 (unsigned char)s[end - 3] == 0x80 && (unsigned char)s[end - 4] == 0xE2)
            end -= 4;
        t[k] = (token){(uint32_t)i, (uint32_t)end, 0, KEY_UNSET};
        k++;
        i = j + 1;
    }
    return k;
}

/* Token T's normalised key (length in *LEN, 0 when it has none). */
static const char *key_of(const char *s, token *t, size_t *len)
{
    if (t->key_len == KEY_UNSET) {
        size_t room = sizeof keybuf - keyused;
        t->key_off = 0;
        t->key_len = 0;
        if (room >= 2 && keyused < 65535) {
            size_t l = dhr_word_key(s + t->start, t->end - t->start, keybuf + keyused,
                                    room < 256 ? room : 256);
            t->key_off = (uint16_t)keyused;
            t->key_len = (uint16_t)l;
            keyused += l + 1;
        } /* else the rest of a huge paragraph's tokens get no key */
    }
    *len = t->key_len;
    return keybuf + t->key_off;
}

static bool capitalised(const char *s, const token *t)
{
    unsigned char c = (unsigned char)s[t->start];
    return dhr_is_upper(c) || (c >= 0xC0 && c < 0xE0 && (unsigned char)s[t->start + 1] < 0x9F);
}

/* Only spaces (or a hyphen) between tokens I and J: they may be one name. */
/* A space, a no-break space (pandoc and Word put one after "Rev." and
 * "Mr"), or a hyphen at S[K]: its length, 0 when none of them. */
static size_t separator(const char *s, uint32_t k, uint32_t end)
{
    if (s[k] == ' ' || s[k] == '-')
        return 1;
    if (k + 1 < end && (unsigned char)s[k] == 0xC2 && (unsigned char)s[k + 1] == 0xA0)
        return 2;
    return 0;
}

static bool joined(const char *s, const token *a, const token *b)
{
    int seps = 0;
    uint32_t k = a->end;
    /* a possessive the token left out: "Women’s Aid", "King's Lynn" */
    if (k + 1 < b->start && s[k] == '\'' && s[k + 1] == 's')
        k += 2;
    else if (k + 3 < b->start && (unsigned char)s[k] == 0xE2 && (unsigned char)s[k + 1] == 0x80 &&
             (unsigned char)s[k + 2] == 0x99 && s[k + 3] == 's')
        k += 4;
    for (; k < b->start; seps++) {
        size_t l = separator(s, k, b->start);
        if (!l)
            return false;
        k += (uint32_t)l;
    }
    return seps <= 2;
}

/* The flags of token T's own key in LIST, or -1. */
static int token_flags(const dhr_wordlist *list, const char *s, token *t)
{
    size_t kl;
    const char *key = key_of(s, t, &kl);
    int f = kl ? dhr_wordlist_flags(list, key, kl) : -1;
    if (f >= 0 || !kl || !memchr(key, ' ', kl))
        return f;
    /* A hyphenated name the list has only in parts: "Kerry-Ann" is a first
     * name as Kerry is, "Vaughan-Jones" a surname; an ordinary word only if
     * every part is one. */
    int all = -1, words = WL_WORD;
    for (size_t a = 0; a < kl;) {
        size_t b = a;
        while (b < kl && key[b] != ' ')
            b++;
        int pf = dhr_wordlist_flags(list, key + a, b - a);
        if (pf < 0)
            return -1;
        all = all < 0 ? (pf & ~WL_WORD) : all | (pf & ~WL_WORD);
        words &= pf;
        a = b + 1;
    }
    return all < 0 ? -1 : all | (words & WL_WORD);
}

/* The longest entry of LIST starting at token I: its token count (0: none).
 * Keys of several tokens are joined from the tokens' own keys, and only
 * tried when the first token can start such an entry. */
static size_t longest(const dhr_wordlist *list, const char *s, token *t, size_t nt,
                      size_t i, int *flags)
{
    size_t k0;
    const char *key0 = key_of(s, &t[i], &k0);
    if (!k0)
        return 0;
    size_t maxw = dhr_wordlist_max_words(list);
    if (maxw > 1 && dhr_wordlist_starts(list, key0, k0)) {
        char key[KEY_BYTES];
        size_t kl = 0, best = 0;
        int best_flags = 0;
        for (size_t len = 1; len <= maxw && i + len <= nt; len++) {
            token *w = &t[i + len - 1];
            if (len > 1 && !joined(s, &t[i + len - 2], w))
                break;
            size_t wl;
            const char *wk = key_of(s, w, &wl);
            if (kl + wl + 2 > sizeof key || !wl)
                break;
            if (len > 1)
                key[kl++] = ' ';
            memcpy(key + kl, wk, wl);
            kl += wl;
            int f = dhr_wordlist_flags(list, key, kl);
            if (f >= 0) {
                best = len;
                best_flags = f;
            }
        }
        if (best) {
            *flags = best_flags;
            return best;
        }
        return 0;
    }
    int f = dhr_wordlist_flags(list, key0, k0);
    if (f < 0)
        return 0;
    *flags = f;
    return 1;
}

static bool token_is(const char *s, const token *t, char *const *words, size_t n)
{
    size_t l = t->end - t->start;
    unsigned char first = dhr_lower((unsigned char)s[t->start]);
    for (size_t k = 0; k < n; k++)
        if (dhr_lower((unsigned char)words[k][0]) == first &&
            strncasecmp(s + t->start, words[k], l) == 0 && words[k][l] == '\0')
            return true;
    return false;
}

/* Whether the token starts a sentence: nothing but spaces, quotes or a
 * number before it since a full stop, or the paragraph's start. */
static bool sentence_start(const char *s, const token *t)
{
    for (uint32_t k = t->start; k > 0; k--) {
        unsigned char c = (unsigned char)s[k - 1];
        if (c == '.' || c == '!' || c == '?' || c == ':' || c == '\n' || c == '\t')
            return true;
        if (dhr_is_alpha(c))
            return false;
    }
    return true;
}

/* A place or name inside an agency's name: "West Mercia Police", "Leeds
 * Community Safety Partnership", "Kent and Medway NHS ... Trust",
 * "Borough of Kingston". */
/* Whether an agency phrase stands just before token FIRST, or before the
 * capitalised words that lead to it ("Age UK" + "Lewisham"). */
static bool in_agency_before(const dhr_wordlist *agencies, const char *s, token *t, size_t nt,
                             size_t first)
{
    int f;
    size_t b = first;
    while (b > 0 && b + 3 > first && capitalised(s, &t[b - 1]) && joined(s, &t[b - 1], &t[b]))
        b--; /* the start of a place of several words */
    for (size_t start = b; start <= first; start++)
        for (size_t a = start; a-- > 0 && a + 5 > start;)
            if (longest(agencies, s, t, nt, a, &f) == start - a)
                return true;
    return false;
}

static bool in_agency(const dhr_wordlist *agencies, const char *s, token *t, size_t nt,
                      size_t first, size_t after)
{
    if (!agencies)
        return false;
    int f;
    for (size_t k = after; k < nt && k < after + 8; k++) {
        if (longest(agencies, s, t, nt, k, &f))
            return true;
        size_t l = t[k].end - t[k].start;
        bool connector = (l == 3 && strncmp(s + t[k].start, "and", 3) == 0) ||
                         (l == 2 && strncmp(s + t[k].start, "of", 2) == 0) ||
                         (l == 3 && strncmp(s + t[k].start, "the", 3) == 0);
        if (!connector && !capitalised(s, &t[k]))
            break;
    }
    /* "<agency> of <place>" ("Royal Borough of Kingston"), or an agency
     * phrase straight before it ("NHS Bath ...", "London Borough of X"). */
    size_t b = first;
    for (size_t a = b; a-- > 0 && a + 5 > b;)
        if (longest(agencies, s, t, nt, a, &f) == b - a)
            return true; /* "London Borough of" + "Tower Hamlets" */
    if (b >= 1 && t[b - 1].end - t[b - 1].start == 2 && strncmp(s + t[b - 1].start, "of", 2) == 0)
        b--;
    for (size_t a = b; a-- > 0 && a + 5 > b;)
        if (longest(agencies, s, t, nt, a, &f) == b - a)
            return true; /* "Royal Borough" + "of" + "Kingston" */
    /* the second of two places one agency names: "Age UK Lewisham and
     * Southwark", "Kent and Medway NHS" (after: above) */
    if (first >= 2 && t[first - 1].end - t[first - 1].start == 3 &&
        strncmp(s + t[first - 1].start, "and", 3) == 0 && capitalised(s, &t[first - 2]))
        return in_agency_before(agencies, s, t, nt, first - 2);
    return false;
}

static bool is_pseudonym(const dhr_cast *cast, const char *s, size_t n)
{
    for (size_t m = 0; m < cast->n; m++) {
        const char *name = cast->v[m].name;
        size_t nl = strlen(name);
        /* the whole pseudonym, or one of its words */
        for (const char *p = name; *p;) {
            const char *e = p;
            while (*e && *e != ' ')
                e++;
            if ((size_t)(e - p) == n && strncmp(p, s, n) == 0)
                return true;
            p = *e ? e + 1 : e;
        }
        if (nl == n && strncmp(name, s, n) == 0)
            return true;
    }
    return false;
}

/* Whether token T is a place of LIST once its Welsh mutation is undone:
 * nasal (Ngh, Mh, Nh, Ng, M, N for C, P, T, G, B, D), soft (G, B, D, F,
 * Dd, L, R for C, P, T, B or M, D, Ll, Rh; a lost G before a vowel) or
 * aspirate (Ch, Ph, Th for C, P, T). */
static bool welsh_place(const dhr_wordlist *list, const char *s, const token *t, int *flags)
{
    static const char *const from_to[][2] = {
        {"Ngh", "C"}, {"Mh", "P"}, {"Nh", "T"}, {"Ng", "G"}, {"Ch", "C"}, {"Ph", "P"},
        {"Th", "T"},  {"Dd", "D"}, {"M", "B"},  {"N", "D"},  {"G", "C"},  {"B", "P"},
        {"D", "T"},   {"F", "B"},  {"F", "M"},  {"L", "Ll"}, {"R", "Rh"}, {"", "G"}};
    size_t n = t->end - t->start;
    char word[96], key[128];
    if (n + 4 > sizeof word)
        return false;
    for (size_t k = 0; k < sizeof from_to / sizeof from_to[0]; k++) {
        size_t fl = strlen(from_to[k][0]), tl = strlen(from_to[k][1]);
        if (fl >= n || strncmp(s + t->start, from_to[k][0], fl) != 0)
            continue;
        if (!fl && !strchr("AEIOUWYaeiouwy", s[t->start]))
            continue; /* "Aerdydd" for "Gaerdydd": only before a vowel */
        memcpy(word, from_to[k][1], tl);
        memcpy(word + tl, s + t->start + fl, n - fl);
        if (!fl && tl)
            word[tl] = (char)dhr_lower((unsigned char)word[tl]); /* "Gaerdydd" */
        size_t kl = dhr_word_key(word, tl + n - fl, key, sizeof key);
        int f = kl ? dhr_wordlist_flags(list, key, kl) : -1;
        if (f >= 0 && !(f & WL_WORD)) {
            *flags = f;
            return true;
        }
    }
    return false;
}

static void place_names(dhr_ctx *c)
{
    const dhr_rule *r = c->rule;
    token *t = malloc(MAX_TOKENS * sizeof *t);
    if (!t) {
        c->oom = true;
        return;
    }
    for (size_t i = 0; i < c->doc->npara && !c->oom; i++) {
        if (!dhr_in_scope(c, &r->scope, &r->exclude, i))
            continue;
        const dhr_para *p = &c->doc->paras[i];
        size_t nt = tokenize(p->text, p->len, t, MAX_TOKENS);
        for (size_t k = 0; k < nt; k++) {
            if (!capitalised(p->text, &t[k]))
                continue;
            int flags;
            /* An agency phrase that starts with a place ("London Borough
             * of"): the phrase is the agency's, the place after it too. */
            size_t al = r->agencies ? longest(r->agencies, p->text, t, nt, k, &flags) : 0;
            if (al > 1) {
                k += al - 1;
                continue;
            }
            size_t len = longest(r->list, p->text, t, nt, k, &flags);
            if (!len) {
                /* Welsh mutates a place after some words: "yng Nghaernarfon",
                 * "i Fangor", "o Gaerdydd" are Caernarfon, Bangor, Cardiff. */
                if (k > 0 && token_is(p->text, &t[k - 1], r->words2, r->nwords2) &&
                    welsh_place(r->list, p->text, &t[k], &flags))
                    dhr_emit(c, (int32_t)i, true, t[k].start, t[k].end - t[k].start, NULL, NULL,
                             NULL);
                continue;
            }
            size_t last = k + len - 1;
            if (!capitalised(p->text, &t[last]) ||
                is_pseudonym(c->cast, p->text + t[k].start, t[last].end - t[k].start) ||
                in_agency(r->agencies, p->text, t, nt, k, last + 1)) {
                k = last;
                continue;
            }
            /* A month is not a place: "in March 2023", "on 14 March". */
            if (last + 1 < nt || t[last].end < p->len) {
                size_t q = t[last].end;
                while (q < p->len && p->text[q] == ' ')
                    q++;
                bool year_after = q < p->len && dhr_is_digit((unsigned char)p->text[q]);
                bool day_before = t[k].start >= 2 && dhr_is_digit((unsigned char)p->text[t[k].start - 2]);
                if ((flags & WL_WORD) && (year_after || day_before)) {
                    k = last;
                    continue;
                }
            }
            if (flags & WL_WORD) {
                /* An ordinary word: only "in Reading", "from Bath", or beside
                 * another place ("Bath, Somerset"), never opening a sentence. */
                bool after = k > 0 && token_is(p->text, &t[k - 1], r->words, r->nwords);
                int f2;
                bool beside = last + 1 < nt && capitalised(p->text, &t[last + 1]) &&
                              longest(r->list, p->text, t, nt, last + 1, &f2) && !(f2 & WL_WORD);
                if (sentence_start(p->text, &t[k]) || !(after || beside)) {
                    k = last;
                    continue;
                }
            }
            dhr_emit(c, (int32_t)i, true, t[k].start, t[last].end - t[k].start, NULL, NULL, NULL);
            k = last;
        }
    }
    free(t);
}

static bool in_hidden_span(const dhr_document *doc, const dhr_para *p, size_t at)
{
    for (uint32_t k = 0; k < p->span_count; k++) {
        const dhr_span *sp = &doc->spans[p->span_first + k];
        if (sp->kind == DHR_SPAN_HIDDEN && at >= sp->offset && at < (size_t)sp->offset + sp->length)
            return true;
    }
    return false;
}

/* Whether N bytes at S are a word of the title page or the author section,
 * where the Chair's and author's names belong: so named, they may appear
 * anywhere. The words are gathered once a document. */
static bool allowed_name(dhr_ctx *c, const char *s, size_t n)
{
    if (!c->allowed_done) {
        c->allowed_done = true;
        dhr_strbuf *b = &c->allowed;
        for (size_t k = 0; k < c->ol->n; k++) {
            const dhr_osection *sec = &c->ol->secs[k];
            if ((int32_t)k != c->ol->title_sec && strcmp(sec->def->id, "author") != 0)
                continue;
            for (int32_t i = sec->first; i < sec->end && b->len < 65536; i++) {
                const dhr_para *p = &c->doc->paras[i];
                /* What the page shows: not its notes, comments or deleted
                 * text, nor text hidden there. */
                if (p->part != DHR_PART_BODY || p->hidden)
                    continue;
                for (size_t x = 0; x < p->len;) {
                    size_t y = x;
                    while (y < p->len && dhr_is_alpha((unsigned char)p->text[y]))
                        y++;
                    if (y > x && dhr_is_upper((unsigned char)p->text[x]) &&
                        !in_hidden_span(c->doc, p, x)) {
                        dhr_sb_putc(b, '|');
                        dhr_sb_append(b, p->text + x, y - x);
                    }
                    x = y + 1;
                }
            }
        }
        dhr_sb_putc(b, '|');
    }
    const char *w = c->allowed.s;
    for (const char *q = w; q && (q = strstr(q, "|")) != NULL; q++)
        if (strncmp(q + 1, s, n) == 0 && q[n + 1] == '|')
            return true;
    return false;
}

/* "Stark (2007)", "Stark, E.", "Stark et al", "(Stark, 2007)": a cited author. */
static bool citation(const char *s, size_t n, size_t end)
{
    size_t k = end;
    while (k < n && s[k] == ' ')
        k++;
    if (k < n && s[k] == '(' && k + 1 < n && dhr_is_digit((unsigned char)s[k + 1]))
        return true;
    if (k + 2 < n && s[k] == ',' && s[k + 1] == ' ' && dhr_is_upper((unsigned char)s[k + 2]) &&
        k + 3 < n && s[k + 3] == '.')
        return true;
    /* "(Stark, 2007)": a year, not a house number ("Grace Mensah, 9 Bow Common Lane") */
    if (k + 5 < n && s[k] == ',' && s[k + 1] == ' ' &&
        ((s[k + 2] == '1' && s[k + 3] == '9') || (s[k + 2] == '2' && s[k + 3] == '0')) &&
        dhr_is_digit((unsigned char)s[k + 4]) && dhr_is_digit((unsigned char)s[k + 5]) &&
        (k + 6 == n || !dhr_is_digit((unsigned char)s[k + 6])))
        return true;
    if (k + 5 < n && strncmp(s + k, "et al", 5) == 0)
        return true;
    if (k + 4 < n && strncmp(s + k, "and ", 4) == 0) {
        /* "Smith and Jones (2019)" */
        size_t q = k + 4;
        while (q < n && dhr_is_alpha((unsigned char)s[q]))
            q++;
        while (q < n && s[q] == ' ')
            q++;
        return q < n && s[q] == '(' && q + 1 < n && dhr_is_digit((unsigned char)s[q + 1]);
    }
    return false;
}

/* "M. Holloway": token K is one capital letter with a full stop, and the
 * next token follows after one space. */
static bool initial_before(const char *s, size_t n, const token *t, size_t nt, size_t k)
{
    (void)n;
    return t[k].end - t[k].start == 1 && dhr_is_upper((unsigned char)s[t[k].start]) &&
           k + 1 < nt && s[t[k].end] == '.' && t[k].end + 1 < t[k + 1].start &&
           separator(s, t[k].end + 1, t[k + 1].start) == t[k + 1].start - t[k].end - 1;
}

/* A word that joins the parts of a name, in lower case as particles are
 * written: "ap", "van", "bint" (the vocabulary's name-particles). */
static bool is_particle(const struct dhr_word_set *particles, const char *s, const token *t)
{
    for (uint32_t k = t->start; k < t->end; k++)
        if (dhr_is_upper((unsigned char)s[k]))
            return false;
    return dhr_word_set_has(particles, s + t->start, t->end - t->start);
}

/* Whether token T has a lower-case letter after its first (not "GP"). */
static bool has_lower(const char *s, const token *t)
{
    for (uint32_t k = t->start + 1; k < t->end; k++)
        if (dhr_is_lower((unsigned char)s[k]))
            return true;
    return false;
}

/* The run of capitalised name words of LIST starting at token K, initials
 * with a full stop included ("Sharon Taylor", "M. Holloway"): its end
 * (exclusive), K when none. Nothing is known yet of whether it is a person. */
static size_t name_run(const dhr_wordlist *names, const dhr_wordlist *agencies,
                       const struct dhr_word_set *particles, const char *s, size_t n, token *t,
                       size_t nt, size_t k)
{
    size_t e = k;
    while (e < nt && (e == k || joined(s, &t[e - 1], &t[e]) || initial_before(s, n, t, nt, e - 1))) {
        /* "Huw ap Dafydd", "Ayesha bint Ali": a particle inside a name */
        if (e > k && e + 1 < nt && is_particle(particles, s, &t[e]) && joined(s, &t[e], &t[e + 1]) &&
            capitalised(s, &t[e + 1])) {
            e++;
            continue;
        }
        if (!capitalised(s, &t[e]))
            break;
        if (!initial_before(s, n, t, nt, e) && token_flags(names, s, &t[e]) < 0) {
            /* a surname no list knows, after a first name that is no
             * ordinary word: "Naomi Achterberg" */
            int pf = e > k ? token_flags(names, s, &t[e - 1]) : -1, af;
            if (!(pf >= 0 && (pf & WL_FIRST) && !(pf & WL_WORD) && has_lower(s, &t[e])) ||
                (agencies && longest(agencies, s, t, nt, e, &af)))
                break; /* not "Henry Jackson Society" */
        }
        e++;
    }
    /* a run must not end on an initial or a particle */
    while (e > k && (t[e - 1].end - t[e - 1].start == 1 || is_particle(particles, s, &t[e - 1])))
        e--;
    return e;
}

/* Whether name words [K, E) are a person: a first name that is not also an
 * ordinary word, two name words that are not, or an initial and a surname.
 * A first name that is a word ("Will", "May") needs VERB, a verb of a person
 * after it. */
static bool is_person(const dhr_wordlist *names, const char *s, size_t n, token *t, size_t nt,
                      size_t k, size_t e, bool verb)
{
    int first_plain = 0, plain = 0, first_word = 0, initial = 0;
    for (size_t q = k; q < e; q++) {
        if (initial_before(s, n, t, nt, q)) {
            initial = 1;
            continue;
        }
        int fl = token_flags(names, s, &t[q]);
        first_plain |= (fl & WL_FIRST) && !(fl & WL_WORD);
        first_word |= (fl & WL_FIRST) && (fl & WL_WORD);
        plain += !(fl & WL_WORD);
    }
    return first_plain || plain >= 2 || (initial && plain >= 1) || (first_word && plain >= 1) ||
           (first_word && verb && e - k == 1);
}

/* Only the characters of ALLOWED (and nothing else) between bytes A and B. */
static bool gap_of(const char *s, uint32_t a, uint32_t b, const char *allowed)
{
    if (b < a || b - a > 4)
        return false;
    for (uint32_t k = a; k < b; k++)
        if (!strchr(allowed, s[k]))
            return false;
    return true;
}

static bool token_eq(const char *s, const token *t, const char *w)
{
    size_t l = strlen(w);
    return t->end - t->start == l && strncasecmp(s + t->start, w, l) == 0;
}

/* Whether capitalised words [K, E) stand beside a word for a relation
 * (RELATIONS), so are someone's name whatever the lists say: "her cousin,
 * Saima", "friend Kwame Mensah", "Child 2's name is Cerys", "Shanice, a
 * friend from church", "Ron, Colin's friend". */
enum { CUE_NONE, CUE_BEFORE, CUE_AFTER };

static bool relation_word(const dhr_rule *r, const char *s, const token *t)
{
    return dhr_is_lower((unsigned char)s[t->start]) && token_is(s, t, r->words3, r->nwords3);
}

static int relation_cue(const dhr_rule *r, const char *s, size_t n, const token *t, size_t nt,
                        size_t k, size_t e)
{
    if (!r->nwords3)
        return CUE_NONE;
    /* before: RELATION[,:] NAME, RELATION is NAME, or a relation a few
     * words back and a comma: "her sister in Croydon, Efua Boateng" */
    if (k > 0) {
        size_t j = k - 1;
        if ((token_eq(s, &t[j], "is") || token_eq(s, &t[j], "was")) && j > 0 &&
            gap_of(s, t[j].end, t[k].start, " "))
            j--;
        if (relation_word(r, s, &t[j]) && gap_of(s, t[j].end, t[j + 1].start, " ,:"))
            return CUE_BEFORE;
        if (gap_of(s, t[k - 1].end, t[k].start, ", ") && s[t[k - 1].end] == ',')
            for (size_t b = k - 1; b-- > 0 && b + 5 > k;)
                if (relation_word(r, s, &t[b]))
                    return CUE_BEFORE;
    }
    /* after: NAME, [a|her|Colin's] RELATION */
    if (e < nt && gap_of(s, t[e - 1].end, t[e].start, ", ") && s[t[e - 1].end] == ',') {
        size_t j = e;
        static const char *const dets[] = {"a", "an", "the", "her", "his", "their", "our", "my",
                                           NULL};
        bool det = false;
        for (int d = 0; dets[d] && !det; d++)
            det = token_eq(s, &t[j], dets[d]);
        bool possessive = !det && capitalised(s, &t[j]) && t[j].end + 1 < n &&
                          (s[t[j].end] == '\'' || (unsigned char)s[t[j].end] == 0xE2);
        if ((det || possessive) && j + 1 < nt)
            j++;
        return relation_word(r, s, &t[j]) ? CUE_AFTER : CUE_NONE;
    }
    return CUE_NONE;
}

/* A word that may be a name found only by its context: mixed case, not a
 * word for a relation itself ("Mum"), not "St" of a saint's name. */
static bool cue_word(const dhr_rule *r, const char *s, const token *t)
{
    bool lower = false;
    for (uint32_t k = t->start + 1; k < t->end && !lower; k++)
        lower = dhr_is_lower((unsigned char)s[k]);
    return lower && !token_is(s, t, r->words3, r->nwords3) && !token_eq(s, t, "St") &&
           !token_eq(s, t, "Saint");
}

/* Names known only from their context, once: "her friend, Shanice" makes
 * "Shanice" a name wherever else the report uses it. */
#define MAX_LEARNED 64

typedef struct learned {
    const char *s[MAX_LEARNED];
    uint32_t n[MAX_LEARNED];
    size_t count;
} learned;

static void learn(learned *l, const char *s, uint32_t n)
{
    for (size_t k = 0; k < l->count; k++)
        if (l->n[k] == n && memcmp(l->s[k], s, n) == 0)
            return;
    if (l->count < MAX_LEARNED) {
        l->s[l->count] = s;
        l->n[l->count++] = n;
    }
}

static bool contains(const char *s, size_t n, const char *w, size_t wn)
{
    for (size_t q = 0; wn && q + wn <= n; q++)
        if (s[q] == w[0] && memcmp(s + q, w, wn) == 0)
            return true;
    return false;
}

/* The tokens a learned name covers from token K (its end), or K. */
static size_t learned_at(const learned *l, const char *s, size_t n, const token *t, size_t nt,
                         size_t k)
{
    for (size_t m = 0; m < l->count; m++) {
        uint32_t ln = l->n[m];
        if (t[k].start + ln <= n && memcmp(s + t[k].start, l->s[m], ln) == 0) {
            size_t e = k;
            while (e < nt && t[e].end <= t[k].start + ln)
                e++;
            if (e > k && t[e - 1].end == t[k].start + ln)
                return e;
        }
    }
    return k;
}

/* personal_names over paragraph I: reports every name, those KNOWN from
 * their context before included, and learns the ones context gives here. */
static void names_in(dhr_ctx *c, token *t, size_t i, learned *known)
{
    const dhr_rule *r = c->rule;
    const struct dhr_word_set *particles = dhr_ruleset_words(c->rs, "name-particles");
    const dhr_para *p = &c->doc->paras[i];
    size_t nt = tokenize(p->text, p->len, t, MAX_TOKENS);
    size_t cue_end = 0; /* just after the last name found by a relation word */
    for (size_t k = 0; k < nt; k++) {
        if (!capitalised(p->text, &t[k]))
            continue;
        /* A place of several words ("King's Lynn") is the place rule's. */
        int pf;
        size_t pl = r->places ? longest(r->places, p->text, t, nt, k, &pf) : 0;
        if (pl >= 2) {
            k += pl - 1;
            continue;
        }
        /* A run of capitalised words that are names: "Sharon Taylor". */
        int f;
        bool place = pl == 1 && !(token_flags(r->list, p->text, &t[k]) & WL_FIRST);
        if (token_eq(p->text, &t[k], "St") || token_eq(p->text, &t[k], "Saint")) {
            k++; /* "St James": a church, a hospital, a place, not a person */
            continue;
        }
        size_t e = place ? k : name_run(r->list, r->agencies, particles, p->text, p->len, t, nt, k);
        bool verb = e > k && e < nt && token_is(p->text, &t[e], r->words2, r->nwords2);
        bool person = e > k && is_person(r->list, p->text, p->len, t, nt, k, e, verb);

        /* Or any capitalised words that are not ordinary ones, beside a
         * word for a relation, or joined by "and" to a name so found
         * ("names: Zaid and Yusuf"). */
        /* A name known only from a relation word needs one beside it, a
         * comma after it, or "and" before it; most capitalised words have
         * none, and the lookups below are not needed for them. */
        bool maybe_cue = (k > 0 && dhr_is_lower((unsigned char)p->text[t[k - 1].start])) ||
                         memchr(p->text + t[k].end, ',', t[k].end + 24 < p->len ? 24 : p->len - t[k].end);
        if (!person && !place && (maybe_cue || known->count)) {
            size_t ce = k;
            while (ce < nt && ce < k + 3 && capitalised(p->text, &t[ce]) &&
                   (ce == k || joined(p->text, &t[ce - 1], &t[ce]))) {
                int fl = token_flags(r->list, p->text, &t[ce]);
                if (!cue_word(r, p->text, &t[ce]) || (fl >= 0 && (fl & WL_WORD)) ||
                    (r->places && longest(r->places, p->text, t, nt, ce, &f)))
                    break;
                ce++;
            }
            bool coordinated = cue_end && k >= 2 && cue_end == k - 1 &&
                               token_eq(p->text, &t[k - 1], "and");
            int cue = ce > k ? relation_cue(r, p->text, p->len, t, nt, k, ce) : CUE_NONE;
            /* "Sadly, a friend...": a sentence's first word needs the
             * name list's word for it. */
            if (cue == CUE_AFTER && sentence_start(p->text, &t[k]) &&
                token_flags(r->list, p->text, &t[k]) < 0)
                cue = CUE_NONE;
            if (ce > k && (coordinated || cue != CUE_NONE)) {
                person = true;
                e = ce;
                cue_end = ce;
                learn(known, p->text + t[k].start, t[ce - 1].end - t[k].start);
            } else if ((e = learned_at(known, p->text, p->len, t, nt, k)) > k) {
                person = true;
            }
        }
        if (e == k)
            continue;
        size_t last = e - 1;
        /* Then whether the report has a right to it. */
        bool skip = !person;
        for (size_t q = k; q <= last && !skip; q++)
            skip = is_pseudonym(c->cast, p->text + t[q].start, t[q].end - t[q].start) ||
                   allowed_name(c, p->text + t[q].start, t[q].end - t[q].start);
        bool titled = k > 0 && token_is(p->text, &t[k - 1], r->words, r->nwords);
        skip = skip || titled /* anon.panel-name reports titled names */ ||
               in_agency(r->agencies, p->text, t, nt, k, last + 1) ||
               citation(p->text, p->len, t[last].end);
        if (!skip)
            dhr_emit(c, (int32_t)i, true, t[k].start, t[last].end - t[k].start, NULL, NULL,
                     NULL);
        k = last;
    }
}

static void personal_names(dhr_ctx *c)
{
    const dhr_rule *r = c->rule;
    token *t = malloc(MAX_TOKENS * sizeof *t);
    learned *known = calloc(1, sizeof *known);
    if (!t || !known) {
        free(t);
        free(known);
        c->oom = true;
        return;
    }
    /* One pass reports and learns; names learnt late are looked for again
     * in the paragraphs before (a repeated finding is dropped as one). */
    size_t learnt_at[MAX_LEARNED + 1] = {0};
    for (size_t i = 0; i < c->doc->npara && !c->oom; i++) {
        if (!dhr_in_scope(c, &r->scope, &r->exclude, i))
            continue;
        size_t before = known->count;
        names_in(c, t, i, known);
        for (size_t k = before; k < known->count; k++)
            learnt_at[k] = i;
    }
    for (size_t i = 0; i < c->doc->npara && !c->oom && known->count; i++) {
        if (!dhr_in_scope(c, &r->scope, &r->exclude, i))
            continue;
        bool again = false;
        for (size_t k = 0; k < known->count && !again; k++)
            again = i < learnt_at[k] && contains(c->doc->paras[i].text, c->doc->paras[i].len,
                                                 known->s[k], known->n[k]);
        if (again)
            names_in(c, t, i, known);
    }
    free(known);
    free(t);
}

/* A header cell naming a column of personal names (the vocabulary's
 * name-headings). T[0..N) is the cell's text. */
static bool name_header(const struct dhr_word_set *headings, const char *t, size_t n)
{
    /* "Enw / Name": either side */
    for (size_t k = 0; k + 3 <= n; k++)
        if (memcmp(t + k, " / ", 3) == 0)
            return name_header(headings, t, k) || name_header(headings, t + k + 3, n - k - 3);
    while (n && (t[n - 1] == ' ' || t[n - 1] == ':'))
        n--;
    return dhr_word_set_has(headings, t, n);
}

/* The panel's people, as the report names them: first name, surname, whole. */
typedef struct panel_person {
    const char *first, *last, *whole;
    uint32_t nfirst, nlast, nwhole;
} panel_person;

#define MAX_PANEL 64

typedef struct panel_people {
    panel_person v[MAX_PANEL];
    size_t n;
} panel_people;

/* Where a name starting at token K begins once the titles before it are
 * counted in: "Detective Inspector Tom Reilly", "Ms Okafor". */
static uint32_t title_start(const dhr_rule *r, const char *s, const token *t, size_t k)
{
    uint32_t at = t[k].start;
    while (k > 0 && token_is(s, &t[k - 1], r->words, r->nwords)) {
        uint32_t g = t[k - 1].end + (s[t[k - 1].end] == '.'); /* "Rev. Peter Hale" */
        if (g >= t[k].start || separator(s, g, t[k].start) != t[k].start - g)
            break;
        at = t[--k].start;
    }
    return at;
}

/* Each person in paragraph P: calls FOUND with the token range. */
static void people_in(dhr_ctx *c, const dhr_para *p, token *t, size_t nt, bool name_cell,
                      void (*found)(dhr_ctx *, const dhr_para *, token *, size_t, size_t, void *),
                      void *arg)
{
    const dhr_rule *r = c->rule;
    const struct dhr_word_set *particles = dhr_ruleset_words(c->rs, "name-particles");
    for (size_t k = 0; k < nt; k++) {
        if (!capitalised(p->text, &t[k]))
            continue;
        size_t e = name_run(r->list, r->agencies, particles, p->text, p->len, t, nt, k);
        /* A Name column holds names, whether the lists know them or not:
         * "Kwesi Boateng", "Huw ap Dafydd"; titles are not part of the run. */
        if (name_cell && !token_is(p->text, &t[k], r->words, r->nwords)) {
            size_t ce = k;
            while (ce < nt && ce < k + 4 &&
                   (ce == k || joined(p->text, &t[ce - 1], &t[ce]) ||
                    initial_before(p->text, p->len, t, nt, ce - 1)) &&
                   (capitalised(p->text, &t[ce]) ||
                    (is_particle(particles, p->text, &t[ce]) && ce + 1 < nt)))
                ce++;
            while (ce > k &&
                   (t[ce - 1].end - t[ce - 1].start == 1 || is_particle(particles, p->text, &t[ce - 1])))
                ce--;
            if (ce > e)
                e = ce;
        }
        if (e == k)
            continue;
        bool titled = k > 0 && token_is(p->text, &t[k - 1], r->words, r->nwords);
        /* a Name column holds names: "H. Booth" there is one, if a surname
         * that is also a word */
        bool named = name_cell && (initial_before(p->text, p->len, t, nt, k) || e - k >= 2);
        if ((titled || named || is_person(r->list, p->text, p->len, t, nt, k, e, false)) &&
            !is_pseudonym(c->cast, p->text + t[k].start, t[e - 1].end - t[k].start))
            found(c, p, t, k, e, arg);
        k = e - 1;
    }
}

static void remember(dhr_ctx *c, const dhr_para *p, token *t, size_t k, size_t e, void *arg)
{
    (void)c;
    panel_people *pp = arg;
    if (pp->n == MAX_PANEL || e - k < 2)
        return; /* a name alone is too little to look for elsewhere */
    panel_person *who = &pp->v[pp->n++];
    size_t f = initial_before(p->text, p->len, t, e, k) ? e : k; /* no first name: "M. Holloway" */
    who->first = f < e - 1 ? p->text + t[f].start : NULL;
    who->nfirst = f < e - 1 ? t[f].end - t[f].start : 0;
    who->last = p->text + t[e - 1].start;
    who->nlast = t[e - 1].end - t[e - 1].start;
    who->whole = p->text + t[k].start;
    who->nwhole = t[e - 1].end - t[k].start;
}

static void report_person(dhr_ctx *c, const dhr_para *p, token *t, size_t k, size_t e, void *arg)
{
    (void)arg;
    uint32_t at = title_start(c->rule, p->text, t, k);
    dhr_emit(c, (int32_t)(p - c->doc->paras), true, at, t[e - 1].end - at, NULL, NULL, NULL);
}

static bool same_words(const char *s, const token *t, const char *w, uint32_t n)
{
    return w && t->end - t->start == n && memcmp(s + t->start, w, n) == 0;
}

/* Panel members by name: anyone named in the panel table's Name column,
 * anyone named with a title (MATCH), and the Chair and the panel's people
 * wherever they are named outside the title page and the author section:
 * in full, by an initial and surname, or by a first name alone. */
static void panel_names(dhr_ctx *c)
{
    const dhr_rule *r = c->rule;
    const dhr_document *doc = c->doc;
    token *t = malloc(MAX_TOKENS * sizeof *t);
    panel_people *pp = calloc(1, sizeof *pp);
    if (!t || !pp) {
        free(t);
        free(pp);
        c->oom = true;
        return;
    }
    /* Who they are: the Name column of the panel section's tables, and the
     * names on the title page and in the author section. */
    const dhr_osection *panel = dhr_outline_find(c->ol, "panel");
    const struct dhr_word_set *headings = dhr_ruleset_words(c->rs, "name-headings");
    for (int32_t i = panel ? panel->first : 0; panel && i < panel->end && !c->oom; i++) {
        const dhr_para *h = &doc->paras[i];
        if (h->part != DHR_PART_BODY || !h->table || h->row != 1 ||
            !name_header(headings, h->text, h->len))
            continue;
        for (int32_t k = i + 1; k < panel->end; k++) {
            const dhr_para *q = &doc->paras[k];
            if (q->table != h->table)
                break;
            if (q->row > 1 && q->cell == h->cell && q->table_depth == h->table_depth) {
                size_t nt = tokenize(q->text, q->len, t, MAX_TOKENS);
                people_in(c, q, t, nt, true, remember, pp);
                if (dhr_in_scope(c, &r->scope, &r->exclude, (size_t)k))
                    people_in(c, q, t, nt, true, report_person, NULL);
            }
        }
    }
    for (size_t k = 0; k < c->ol->n; k++) {
        const dhr_osection *sec = &c->ol->secs[k];
        if ((int32_t)k != c->ol->title_sec && strcmp(sec->def->id, "author") != 0)
            continue;
        for (int32_t i = sec->first; i < sec->end; i++) {
            const dhr_para *p = &doc->paras[i];
            if (p->part != DHR_PART_BODY || p->hidden)
                continue;
            size_t nt = tokenize(p->text, p->len, t, MAX_TOKENS);
            people_in(c, p, t, nt, false, remember, pp);
        }
    }
    /* Where they are named. */
    for (size_t i = 0; i < doc->npara && !c->oom; i++) {
        if (!dhr_in_scope(c, &r->scope, &r->exclude, i))
            continue;
        const dhr_para *p = &doc->paras[i];
        size_t start = 0, off, len;
        while (r->match.src && start <= p->len &&
               dhr_match(c, &r->match, i, start, &off, &len)) {
            /* a titled pseudonym ("Mr Craig") is no one's real name */
            size_t sp = off;
            while (sp < off + len && p->text[sp] != ' ')
                sp++;
            bool pseudonym = sp + 1 < off + len &&
                             is_pseudonym(c->cast, p->text + sp + 1, off + len - sp - 1);
            if (len && !pseudonym)
                dhr_emit(c, (int32_t)i, true, off, len, NULL, NULL, NULL);
            start = off + (len ? len : 1);
        }
        if (!pp->n)
            continue;
        size_t nt = tokenize(p->text, p->len, t, MAX_TOKENS);
        for (size_t k = 0; k < nt; k++) {
            if (!capitalised(p->text, &t[k]))
                continue;
            for (size_t m = 0; m < pp->n; m++) {
                const panel_person *who = &pp->v[m];
                size_t e = 0;
                if (t[k].start + who->nwhole <= p->len &&
                    memcmp(p->text + t[k].start, who->whole, who->nwhole) == 0 &&
                    (t[k].start + who->nwhole == p->len ||
                     !word_byte((unsigned char)p->text[t[k].start + who->nwhole]))) {
                    e = k + 1;
                    while (e < nt && t[e].end <= t[k].start + who->nwhole)
                        e++;
                } else if (initial_before(p->text, p->len, t, nt, k) &&
                           same_words(p->text, &t[k + 1], who->last, who->nlast)) {
                    e = k + 2; /* "M. Holloway" */
                } else if (same_words(p->text, &t[k], who->first, who->nfirst) &&
                           !(k + 1 < nt && capitalised(p->text, &t[k + 1]) &&
                             joined(p->text, &t[k], &t[k + 1])) &&
                           !is_pseudonym(c->cast, who->first, who->nfirst)) {
                    int fl = token_flags(r->list, p->text, &t[k]);
                    if (fl < 0 || !(fl & WL_WORD))
                        e = k + 1; /* "Ruth", "Rhodri": the first name alone */
                }
                if (e) {
                    report_person(c, p, t, k, e, NULL);
                    k = e - 1;
                    break;
                }
            }
        }
    }
    free(pp);
    free(t);
}

/* Whether VALUE, of a property Word fills with its user's name (PEOPLE:
 * creator, last modified by), names someone: a login ("LBTH\\jsmith", an
 * e-mail), or two to four capitalised words that are neither an agency's
 * nor generic ("Microsoft Office User"). */
static bool person_value(const dhr_rule *r, const char *v, size_t n, token *t, size_t nt,
                         const struct dhr_word_set *generic)
{
    if (memchr(v, '\\', n) || memchr(v, '@', n))
        return true;
    /* one word with no space: a login ("lbaxter", "NAchterberg", "elin.vj") */
    if (n >= 3 && !memchr(v, ' ', n) && nt >= 1) {
        if (dhr_word_set_has(generic, v, n))
            return false;
        int f;
        return !(r->agencies && longest(r->agencies, v, t, nt, 0, &f));
    }
    if (nt < 2 || nt > 4)
        return false;
    for (size_t k = 0; k < nt; k++) {
        if (!capitalised(v, &t[k]))
            return false;
        if (dhr_word_set_has(generic, v + t[k].start, t[k].end - t[k].start))
            return false;
        int f;
        if (r->agencies && longest(r->agencies, v, t, nt, k, &f))
            return false;
    }
    return true;
}

/* Document properties that hold a personal name, a real name (a pseudonym
 * with a surname: "Maureen Pritchard"), a place, or what MATCH finds (an
 * address). Pseudonyms alone are fine. */
static void metadata_names(dhr_ctx *c)
{
    const dhr_rule *r = c->rule;
    const struct dhr_word_set *generic = NULL;
    for (size_t k = 0; k < r->nsets; k++)
        if (r->sets[k].name && strcmp(r->sets[k].name, "generic") == 0)
            generic = &r->sets[k];
    token t[64];
    for (size_t i = 0; i < c->doc->npara && !c->oom; i++) {
        const dhr_para *p = &c->doc->paras[i];
        if (p->part != DHR_PART_METADATA || !p->style)
            continue;
        bool listed = false;
        for (size_t w = 0; w < r->nwords && !listed; w++)
            listed = strcmp(p->style, r->words[w]) == 0 ||
                     (strcmp(r->words[w], "custom") == 0 && strncmp(p->style, "custom:", 7) == 0);
        if (!listed)
            continue;
        bool people = false;
        for (size_t w = 0; w < r->nwords2 && !people; w++)
            people = strcmp(p->style, r->words2[w]) == 0;
        size_t nt = tokenize(p->text, p->len, t, 64);
        bool person = people && person_value(r, p->text, p->len, t, nt, generic);
        for (size_t k = 0; k < nt && !person; k++) {
            if (!capitalised(p->text, &t[k]))
                continue;
            if (is_pseudonym(c->cast, p->text + t[k].start, t[k].end - t[k].start)) {
                /* a pseudonym with a surname is a real name */
                int f;
                person = k + 1 < nt && capitalised(p->text, &t[k + 1]) &&
                         joined(p->text, &t[k], &t[k + 1]) && cue_word(r, p->text, &t[k + 1]) &&
                         !is_pseudonym(c->cast, p->text + t[k + 1].start,
                                       t[k + 1].end - t[k + 1].start) &&
                         !(r->places && longest(r->places, p->text, t, nt, k + 1, &f)) &&
                         !in_agency(r->agencies, p->text, t, nt, k + 1, k + 1);
                continue;
            }
            int f;
            size_t al = r->agencies ? longest(r->agencies, p->text, t, nt, k, &f) : 0;
            if (al > 1) {
                k += al - 1; /* "London Borough of", its place too */
                continue;
            }
            size_t pl = r->places ? longest(r->places, p->text, t, nt, k, &f) : 0;
            if (pl && !(f & WL_WORD) && !in_agency(r->agencies, p->text, t, nt, k, k + pl)) {
                person = true; /* a place: "Harehills" */
                break;
            }
            if (pl) {
                k += pl - 1;
                continue;
            }
            int fl = token_flags(r->list, p->text, &t[k]);
            if (fl < 0 || (fl & WL_WORD))
                continue;
            int fl2 = k + 1 < nt ? token_flags(r->list, p->text, &t[k + 1]) : -1;
            person = (fl & WL_FIRST) || (fl2 >= 0 && capitalised(p->text, &t[k + 1]));
        }
        size_t off, len;
        if (!person && r->match.src)
            person = dhr_match(c, &r->match, i, 0, &off, &len);
        if (person) {
            dhr_fill f = {.item = p->style};
            dhr_emit(c, (int32_t)i, true, 0, p->len, NULL, NULL, &f);
        }
    }
}

void dhr_check_names(dhr_ctx *c)
{
    switch (c->rule->kind) {
    case CK_PLACE_NAMES:
        place_names(c);
        break;
    case CK_PERSONAL_NAMES:
        personal_names(c);
        break;
    case CK_PANEL_NAMES:
        panel_names(c);
        break;
    case CK_METADATA_NAMES:
        metadata_names(c);
        break;
    default:
        break;
    }
}
