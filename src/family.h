/* Shared by the family-involvement check kinds (check_family.c) and the
 * Annex G table reader (family_annex_g.c). */
#ifndef DHR_FAMILY_H
#define DHR_FAMILY_H

#include "engine.h"

/* Ordered so that the worst of several parts is the smallest. */
typedef enum verdict { V_NONE, V_EXPLAINED, V_MET } verdict;

typedef struct evidence {
    verdict v;
    int32_t para;
    size_t a, b; /* the sentence, bytes of the paragraph */
} evidence;

/* What a requirement's sentences are judged by. */
typedef struct reqspec {
    const dhr_pattern *done, *not_done, *mentions, *unless;
    const dhr_pattern *annex_g; /* its Annex G question */
    uint32_t gtables[8];        /* tables asking it, left to dhr_annex_g() */
    size_t ngtables;
    bool children; /* judging the children's part: a child of the cast named is about it */
    bool either;   /* one way of doing it done is enough, whatever else was not */
    const dhr_pattern *parts[4]; /* its <about> parts, each needed */
    size_t nparts;
    const dhr_pattern *kids; /* its children's part, when the cast has children */
} reqspec;

/* What a paragraph stands under: nothing, a label naming the requirement
 * (a heading, a question, a row label), or an Annex G question. */
typedef enum fam_under { FAM_TEXT, FAM_LABEL, FAM_ANSWER } fam_under;

bool dhr_fam_in_text(dhr_ctx *c, const dhr_pattern *p, const char *s, size_t a, size_t b);
bool dhr_fam_first(dhr_ctx *c, const dhr_pattern *p, const char *s, size_t a, size_t b,
                   size_t *at, size_t *len);

/* How the deed at X of S (the clause beginning at or after A) stands. */
typedef enum deed_mood { DEED_DONE, DEED_NEGATED, DEED_UNREAL } deed_mood;
deed_mood dhr_fam_mood(dhr_ctx *c, const char *s, size_t a, size_t x);

/* What paragraph I says of ABOUT, standing UNDER what (IN_FAM: in the
 * family section). */
evidence dhr_fam_judge_paragraph(dhr_ctx *c, const dhr_pattern *about, const reqspec *q,
                                 size_t i, fam_under under, bool in_fam);

/* The worst of the requirement's Annex G rows (V_NONE with para -1 when the
 * report has none); *UNEXPLAINED and *AT when a row says "N" without why. */
evidence dhr_annex_g(dhr_ctx *c, const reqspec *q, bool *unexplained, int32_t *at);

#endif
