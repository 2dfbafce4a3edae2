/* The report's outline: which paragraphs are headings (styled, or typed as
 * bold or capitalised text), which Annex A sections they name, and which
 * section every paragraph falls in. */
#ifndef DHR_OUTLINE_H
#define DHR_OUTLINE_H

#include "dhrlint/document.h"
#include "ruleset.h"

typedef struct dhr_osection {
    const dhr_section_def *def;
    int32_t heading;   /* paragraph index of the heading, -1 when there is none */
    int32_t first;     /* first paragraph index inside it */
    int32_t end;       /* one past the last */
    uint8_t level;
    bool pseudo;       /* the heading was bold or capitalised body text */
    uint32_t words;
} dhr_osection;

typedef struct dhr_outline {
    dhr_osection *secs; /* in document order */
    size_t n;
    int32_t *para_sec;  /* per paragraph: innermost section, or -1 */
    uint8_t *head_level; /* per paragraph: heading level, styled or inferred; 0 none */
    bool *pseudo;        /* per paragraph: its heading level was inferred */
    size_t styled_headings;
    uint32_t *words;     /* per paragraph: its words */
    int32_t title_sec, contents_sec; /* indices into secs, or -1 */
} dhr_outline;

bool dhr_outline_build(dhr_outline *o, const dhr_ruleset *rs, const dhr_document *doc);
void dhr_outline_free(dhr_outline *o);
/* The section of this id, or NULL. */
const dhr_osection *dhr_outline_find(const dhr_outline *o, const char *id);
/* Words (runs of letters or digits) in N bytes of S. */
uint32_t dhr_count_words(const char *s, size_t n);

#endif
