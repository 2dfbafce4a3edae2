/* An annotated copy of a DOCX report: a Word comment on each finding. */
#ifndef DHR_ANNOTATE_H
#define DHR_ANNOTATE_H

#include "dhrlint/check.h"

#include <stdbool.h>
#include <stddef.h>

/* Copies the DOCX at IN to OUT (never IN itself; written whole, through a
 * temporary file beside OUT) with a comment by "dhrlint" on each finding of
 * RES, the check of DOC (read from IN): anchored on the finding's excerpt
 * where it has one, else on its section's heading. Every other part of the
 * package is copied byte for byte. False with ERR filled on failure. */
bool dhr_annotate_docx(const char *in, const char *out, const dhr_document *doc,
                       const dhr_result *res, char *err, size_t errlen);

#endif
