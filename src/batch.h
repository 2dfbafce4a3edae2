/* Checking many reports: folders expanded, files checked in parallel, the
 * results kept in the order given. */
#ifndef DHR_BATCH_H
#define DHR_BATCH_H

#include "dhrlint/report.h"

#include <stdbool.h>
#include <stddef.h>

/* Each worker loads its own rule set (patterns compile in place as they are
 * first needed, so a set is never shared between threads). */
typedef dhr_ruleset *(*dhr_rules_loader)(void *arg);

typedef struct dhr_batch {
    char **files;  /* the reports, in order: arguments, folders expanded */
    size_t n, cap;
    dhr_file_report *reports; /* after dhr_batch_check, one per file */
    char **errors;            /* why a file could not be checked, owned */
    dhr_ruleset **rulesets;   /* the workers' rule sets, which the reports name */
    size_t nrulesets;
} dhr_batch;

/* Adds PATH: a file as it is, a folder by every .docx, .docm, .odt and .fodt
 * below it (Word's "~$" lock files and hidden files left out), sorted by
 * name. False with ERR filled when PATH is a folder that cannot be read. */
bool dhr_batch_add(dhr_batch *b, const char *path, char *err, size_t errlen);

/* Checks every file with up to JOBS threads (0: one per processor). FIRST
 * (owned from here on, may be NULL) is a rule set already loaded, for one of
 * them; the others LOAD their own. PROGRESS: a line on standard error
 * counting the files done. False only when no worker could load the
 * rules. */
bool dhr_batch_check(dhr_batch *b, dhr_stage stage, unsigned jobs, bool progress,
                     dhr_ruleset *first, dhr_rules_loader load, void *load_arg);

void dhr_batch_free(dhr_batch *b);

#endif
