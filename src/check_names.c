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
        t[k] = (token){(uint32_t)i, (uint32_t)j, 0, KEY_UNSET};
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
static bool joined(const char *s, const token *a, const token *b)
{
    for (uint32_t k = a->end; k < b->start; k++)
        if (s[k] != ' ' && s[k] != '-')
            return false;
    return b->start - a->end <= 2;
}

/* The flags of token T's own key in LIST, or -1. */
static int token_flags(const dhr_wordlist *list, const char *s, token *t)
{
    size_t kl;
    const char *key = key_of(s, t, &kl);
    return kl ? dhr_wordlist_flags(list, key, kl) : -1;
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
    for (size_t k = 0; k < n; k++)
        if (strlen(words[k]) == l && strncasecmp(s + t->start, words[k], l) == 0)
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
    if (b >= 1 && t[b - 1].end - t[b - 1].start == 2 && strncmp(s + t[b - 1].start, "of", 2) == 0)
        b--;
    for (size_t a = b; a-- > 0 && a + 5 > b;)
        if (longest(agencies, s, t, nt, a, &f) == b - a)
            return true;
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
            size_t len = longest(r->list, p->text, t, nt, k, &flags);
            if (!len)
                continue;
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
                for (size_t x = 0; x < p->len;) {
                    size_t y = x;
                    while (y < p->len && dhr_is_alpha((unsigned char)p->text[y]))
                        y++;
                    if (y > x && dhr_is_upper((unsigned char)p->text[x])) {
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
    if (k + 2 < n && s[k] == ',' && s[k + 1] == ' ' && dhr_is_digit((unsigned char)s[k + 2]))
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

static void personal_names(dhr_ctx *c)
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
            /* A place of several words ("King's Lynn") is the place rule's. */
            int pf;
            size_t pl = r->places ? longest(r->places, p->text, t, nt, k, &pf) : 0;
            if (pl >= 2) {
                k += pl - 1;
                continue;
            }
            /* A run of capitalised words that are names: "Sharon Taylor". */
            int flags = 0, any_first = 0, all_word = 1, f;
            size_t e = k;
            while (e < nt && capitalised(p->text, &t[e]) && (e == k || joined(p->text, &t[e - 1], &t[e]))) {
                int fl = token_flags(r->list, p->text, &t[e]);
                if (fl < 0)
                    break;
                /* a place is the place rule's */
                if (r->places && longest(r->places, p->text, t, nt, e, &f) == 1 && e == k &&
                    !(fl & WL_FIRST))
                    break;
                flags |= fl;
                any_first |= (fl & WL_FIRST) != 0;
                all_word &= (fl & WL_WORD) != 0;
                e++;
            }
            if (e == k)
                continue;
            size_t last = e - 1, span = e - k;
            /* A name of unknown role, or a surname, alone may be anything
             * (the lists hold "Service", "Board"): a person needs a first
             * name that is not an ordinary word, or two name words that are
             * not, or a first name that is a word ("Will", "May") with a
             * verb of a person after it. */
            int first_plain = 0, plain = 0, first_word = 0;
            for (size_t q = k; q <= last; q++) {
                int fl = token_flags(r->list, p->text, &t[q]);
                first_plain |= (fl & WL_FIRST) && !(fl & WL_WORD);
                first_word |= (fl & WL_FIRST) && (fl & WL_WORD);
                plain += !(fl & WL_WORD);
            }
            bool verb = last + 1 < nt && token_is(p->text, &t[last + 1], r->words2, r->nwords2);
            bool person = first_plain || plain >= 2 || (first_word && verb && span == 1);
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
            (void)flags;
            k = last;
        }
    }
    free(t);
}

static void metadata_names(dhr_ctx *c)
{
    const dhr_rule *r = c->rule;
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
        size_t nt = tokenize(p->text, p->len, t, 64);
        bool person = false;
        for (size_t k = 0; k < nt && !person; k++) {
            if (!capitalised(p->text, &t[k]) ||
                is_pseudonym(c->cast, p->text + t[k].start, t[k].end - t[k].start))
                continue;
            int fl = token_flags(r->list, p->text, &t[k]);
            if (fl < 0 || (fl & WL_WORD))
                continue;
            int fl2 = k + 1 < nt ? token_flags(r->list, p->text, &t[k + 1]) : -1;
            person = (fl & WL_FIRST) || (fl2 >= 0 && capitalised(p->text, &t[k + 1]));
        }
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
    case CK_METADATA_NAMES:
        metadata_names(c);
        break;
    default:
        break;
    }
}
