/* Literal prefilters for rule patterns.
 *
 * Most rule patterns are alternations of words and phrases, and almost every
 * paragraph matches none of them; running the regex over every paragraph is
 * the bulk of a check. From a pattern's source we derive "triggers": short
 * lower-case literals such that ANY match of the pattern contains at least
 * one of them. A paragraph with none of them cannot match and is skipped.
 * The derivation is conservative: when in doubt it gives no triggers, and the
 * pattern is then run everywhere. */
#ifndef DHR_TRIGGER_H
#define DHR_TRIGGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct dhr_triggers {
    char **lit; /* lower-case ASCII literals */
    size_t n;
    bool all;   /* no usable trigger: the pattern may match anywhere */
    int id;     /* its place in a dhr_trigger_index */
    double weakest; /* rarity score of its most common trigger (see trigger.c) */
} dhr_triggers;

/* Adds the triggers of PATTERN (PCRE2 syntax) to T; a pattern with no
 * derivable trigger sets T->all. */
void dhr_triggers_add(dhr_triggers *t, const char *pattern);
void dhr_triggers_free(dhr_triggers *t);

/* All the trigger sets of a rule set in one Aho-Corasick automaton, so that
 * one pass over a document finds, for every paragraph, which sets it holds a
 * trigger of. Letters are matched without regard to case. */
typedef struct dhr_trigger_index dhr_trigger_index;

/* Assigns SETS[i]->id; sets marked `all` take no part. NULL when out of memory. */
dhr_trigger_index *dhr_trigger_index_build(dhr_triggers *const *sets, size_t n);
void dhr_trigger_index_free(dhr_trigger_index *x);

/* Which paragraphs hold a trigger of which set: a bitmap per set. */
typedef struct dhr_trigger_hits {
    size_t nsets, npara, words; /* words of 64 bits per set */
    uint64_t *bits;
} dhr_trigger_hits;

/* Scans paragraph texts TEXTS[i] of LENS[i] bytes. False when out of memory. */
bool dhr_trigger_scan(const dhr_trigger_index *x, const char *const *texts, const uint32_t *lens,
                      size_t npara, dhr_trigger_hits *hits);
void dhr_trigger_hits_free(dhr_trigger_hits *h);

/* Whether paragraph I may match the set: true for sets marked `all`. */
static inline bool dhr_trigger_hit(const dhr_trigger_hits *h, const dhr_triggers *t, size_t i)
{
    if (t->all || !h->bits || t->id < 0 || (size_t)t->id >= h->nsets)
        return true;
    return (h->bits[(size_t)t->id * h->words + i / 64] >> (i % 64)) & 1u;
}

#endif
