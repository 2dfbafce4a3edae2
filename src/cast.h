/* The report's cast: the pseudonyms it declares and who they stand for,
 * read from the confidentiality section's table ("Pseudonym | Relationship |
 * Age | Ethnicity") and its prose ("the victim, referred to as 'Amira'").
 * The anonymisation rules use it: a declared pseudonym is not a leaked name,
 * and a pronoun that follows a child's pseudonym gives the child's sex. */
#ifndef DHR_CAST_H
#define DHR_CAST_H

#include "dhrlint/check.h"
#include "outline.h"

/* The words that introduce a pseudonym and that say who chose one come from
 * RS's vocabulary (pseudonym-intro, pseudonym-choosers). */
bool dhr_cast_build(dhr_cast *cast, const dhr_ruleset *rs, const dhr_document *doc,
                    const dhr_outline *ol);
void dhr_cast_free(dhr_cast *cast);

/* The member named by the N bytes at S (a whole word or words), or NULL. */
const dhr_cast_member *dhr_cast_find(const dhr_cast *cast, const char *s, size_t n);

#endif
