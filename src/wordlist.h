/* Word lists (rules/places.txt, names.txt, agency-words.txt): entries of
 * one or more words, each with flags, looked up by a normalised key so that
 * case, hyphens, full stops and curly apostrophes do not matter. */
#ifndef DHR_WORDLIST_H
#define DHR_WORDLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
    WL_WORD = 1,    /* w: also an ordinary word: report only in context */
    WL_COUNTY = 2,  /* c: a county, region or borough */
    WL_FIRST = 4,   /* f: a first name */
    WL_SURNAME = 8, /* s: a surname */
    WL_BEFORE = 16, /* b: an agency phrase that comes before the place ("NHS") */
};

typedef struct dhr_wordlist dhr_wordlist;

/* Parses the list format: "# comment" lines, then NAME[<TAB>FLAGS] lines. */
dhr_wordlist *dhr_wordlist_parse(const char *text, size_t len);
void dhr_wordlist_free(dhr_wordlist *w);
size_t dhr_wordlist_count(const dhr_wordlist *w);
/* The most words an entry has. */
size_t dhr_wordlist_max_words(const dhr_wordlist *w);
/* The entry's flags (>= 0), or -1 when KEY (already normalised) is absent. */
int dhr_wordlist_flags(const dhr_wordlist *w, const char *key, size_t n);

/* Whether some entry of several words starts with the (normalised) WORD. */
bool dhr_wordlist_starts(const dhr_wordlist *w, const char *word, size_t n);

/* Normalises N bytes of S into OUT (CAP bytes): ASCII lower case, "-" and runs
 * of spaces as one space, full stops and apostrophes dropped (a possessive
 * "'s" whole), Latin letters with diacritics as their base letter.
 * Returns the key's length (truncated to fit). */
size_t dhr_word_key(const char *s, size_t n, char *out, size_t cap);

#endif
