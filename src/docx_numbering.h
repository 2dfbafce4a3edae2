/* word/numbering.xml: the numbers Word generates for list paragraphs
 * ("5.1", "a)", "iv."), worked out the way Word counts them. */
#ifndef DHR_DOCX_NUMBERING_H
#define DHR_DOCX_NUMBERING_H

#include "builder.h"
#include "zipread.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct dhr_wnumbering dhr_wnumbering;

/* A missing part (PART NULL or absent) gives an empty numbering; a damaged
 * one too, with a warning. */
dhr_wnumbering *dhr_wnumbering_read(dhr_zip *z, const char *part, dhr_builder *b,
                                    dhr_read_error *err);
void dhr_wnumbering_free(dhr_wnumbering *n);

/* Counts one paragraph of list NUM_ID at level ILVL and writes the label Word
 * shows for it into LABEL. Returns false for bullets, unnumbered levels and
 * unknown lists (LABEL is then empty). */
bool dhr_wnumbering_next(dhr_wnumbering *n, long num_id, int ilvl, char *label, size_t cap);

#endif
