#include "wordlist.h"
#include "ascii.h"

#include <stdlib.h>
#include <string.h>

typedef struct entry {
    uint32_t off, len; /* key in keys */
    int flags;
} entry;

struct dhr_wordlist {
    char *keys;
    entry *e;
    size_t n;
    uint32_t *index; /* open addressing: entry + 1 */
    size_t size;
    size_t max_words;
    /* first words of entries of several words: only those need longer keys */
    uint32_t *starts; /* open addressing: entry + 1, keyed by its first word */
};

/* The base letter of the two-byte UTF-8 letter LEAD TRAIL (Latin-1
 * Supplement, and Welsh w and y with a circumflex), or 0. */
static char fold_latin(unsigned char lead, unsigned char trail)
{
    static const char latin1[65] = "aaaaaaaceeeeiiiidnooooo\0ouuuuy\0\0"  /* C3 80..9F */
                                   "aaaaaaaceeeeiiiidnooooo\0ouuuuy\0y"; /* C3 A0..BF */
    if (lead == 0xC3 && trail >= 0x80 && trail <= 0xBF) {
        char b = latin1[trail - 0x80];
        return b == '\0' ? 0 : b;
    }
    if (lead == 0xC5 && (trail == 0xB4 || trail == 0xB5))
        return 'w';
    if (lead == 0xC5 && (trail == 0xB6 || trail == 0xB7))
        return 'y';
    return 0;
}

size_t dhr_word_key(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    bool space = true; /* drop leading spaces */
    for (size_t i = 0; i < n && o + 1 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        size_t apos = c == '\'' ? 1
                      : c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
                              ((unsigned char)s[i + 2] == 0x98 || (unsigned char)s[i + 2] == 0x99)
                          ? 3
                          : 0;
        if (apos) {
            /* A possessive goes whole: "Women's Aid" is "women aid", as the
             * words of a text are looked up without it ("Wolverhampton's").
             * Other apostrophes go alone: "O'Neill" is "oneill". */
            size_t after = i + apos;
            if (after < n && (s[after] == 's' || s[after] == 'S') &&
                (after + 1 == n || s[after + 1] == ' ' || s[after + 1] == '-'))
                i = after;
            else
                i = after - 1;
            continue;
        }
        if (c == '.')
            continue; /* "St." is "St" */
        if (c == ' ' || c == '-' || c == '\t' || c == '\n') {
            if (!space)
                out[o++] = ' ';
            space = true;
            continue;
        }
        /* Latin letters with diacritics as their base letter: "Siân" is
         * "sian", "Môn" is "mon", as the lists may spell them either way. */
        if ((c == 0xC3 || c == 0xC5) && i + 1 < n) {
            char base = fold_latin(c, (unsigned char)s[i + 1]);
            if (base) {
                out[o++] = base;
                i++;
                space = false;
                continue;
            }
        }
        out[o++] = (char)dhr_lower(c);
        space = false;
    }
    while (o && out[o - 1] == ' ')
        o--;
    out[o] = '\0';
    /* "Saint Albans" is "St Albans": the lists write "St". */
    for (size_t k = 0; k + 5 <= o; k++)
        if ((k == 0 || out[k - 1] == ' ') && memcmp(out + k, "saint", 5) == 0 &&
            (k + 5 == o || out[k + 5] == ' ')) {
            memmove(out + k + 2, out + k + 5, o - k - 5 + 1);
            out[k + 1] = 't';
            o -= 3;
        }
    return o;
}

static size_t hash(const char *s, size_t n)
{
    size_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static int parse_flags(const char *s, size_t n)
{
    int f = 0;
    for (size_t i = 0; i < n; i++)
        f |= s[i] == 'w'   ? WL_WORD
             : s[i] == 'c' ? WL_COUNTY
             : s[i] == 'f' ? WL_FIRST
             : s[i] == 's' ? WL_SURNAME
             : s[i] == 'b' ? WL_BEFORE
                           : 0;
    return f;
}

dhr_wordlist *dhr_wordlist_parse(const char *text, size_t len)
{
    dhr_wordlist *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    w->keys = malloc(len + 1);
    w->e = malloc(lines * sizeof *w->e);
    if (!w->keys || !w->e)
        goto fail;
    size_t ko = 0;
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && text[j] != '\n')
            j++;
        size_t end = j;
        if (end > i && text[end - 1] == '\r')
            end--;
        if (end > i && text[i] != '#') {
            size_t tab = i;
            while (tab < end && text[tab] != '\t')
                tab++;
            size_t kl = dhr_word_key(text + i, tab - i, w->keys + ko, len + 1 - ko);
            if (kl) {
                size_t words = 1;
                for (size_t k = 0; k < kl; k++)
                    words += w->keys[ko + k] == ' ';
                if (words > w->max_words)
                    w->max_words = words;
                w->e[w->n++] = (entry){(uint32_t)ko, (uint32_t)kl,
                                       tab < end ? parse_flags(text + tab + 1, end - tab - 1) : 0};
                ko += kl + 1;
            }
        }
        i = j + 1;
    }
    w->size = 64;
    while (w->size < w->n * 2)
        w->size *= 2;
    w->index = calloc(w->size, sizeof *w->index);
    if (!w->index)
        goto fail;
    w->starts = calloc(w->size, sizeof *w->starts);
    if (!w->starts)
        goto fail;
    for (size_t k = 0; k < w->n; k++) {
        const char *key = w->keys + w->e[k].off;
        const char *sp = memchr(key, ' ', w->e[k].len);
        if (sp) {
            size_t fl = (size_t)(sp - key);
            size_t h = hash(key, fl) & (w->size - 1);
            while (w->starts[h])
                h = (h + 1) & (w->size - 1);
            w->starts[h] = (uint32_t)(k + 1);
        }
    }
    for (size_t k = 0; k < w->n; k++) {
        size_t h = hash(w->keys + w->e[k].off, w->e[k].len) & (w->size - 1);
        while (w->index[h]) {
            entry *o = &w->e[w->index[h] - 1];
            if (o->len == w->e[k].len &&
                memcmp(w->keys + o->off, w->keys + w->e[k].off, o->len) == 0) {
                o->flags |= w->e[k].flags; /* listed twice: both readings */
                break;
            }
            h = (h + 1) & (w->size - 1);
        }
        if (!w->index[h])
            w->index[h] = (uint32_t)(k + 1);
    }
    return w;
fail:
    dhr_wordlist_free(w);
    return NULL;
}

void dhr_wordlist_free(dhr_wordlist *w)
{
    if (!w)
        return;
    free(w->keys);
    free(w->e);
    free(w->index);
    free(w->starts);
    free(w);
}

size_t dhr_wordlist_count(const dhr_wordlist *w)
{
    return w->n;
}

size_t dhr_wordlist_max_words(const dhr_wordlist *w)
{
    return w->max_words;
}

int dhr_wordlist_flags(const dhr_wordlist *w, const char *key, size_t n)
{
    if (!w || !w->index)
        return -1;
    for (size_t h = hash(key, n) & (w->size - 1); w->index[h]; h = (h + 1) & (w->size - 1)) {
        const entry *e = &w->e[w->index[h] - 1];
        if (e->len == n && memcmp(w->keys + e->off, key, n) == 0)
            return e->flags;
    }
    return -1;
}

bool dhr_wordlist_starts(const dhr_wordlist *w, const char *word, size_t n)
{
    if (!w || !w->starts || w->max_words < 2)
        return false;
    for (size_t h = hash(word, n) & (w->size - 1); w->starts[h]; h = (h + 1) & (w->size - 1)) {
        const entry *e = &w->e[w->starts[h] - 1];
        const char *key = w->keys + e->off;
        if (e->len > n && key[n] == ' ' && memcmp(key, word, n) == 0)
            return true;
    }
    return false;
}
