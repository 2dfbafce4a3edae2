/* Checking many reports: folders expanded, files checked in parallel, the
 * results kept in the order given. */
#ifndef DHR_BATCH_H
#define DHR_BATCH_H

#include "dhrlint/report.h"

#include <stdbool.h>
#include <stddef.h>

/* Makes the rule set, or says why it cannot (on standard error) and
 * gives NULL. */
typedef dhr_ruleset *(*dhr_rules_loader)(void *arg);

typedef struct dhr_batch {
    char **files;  /* the reports, in order: arguments, folders expanded */
    size_t n, cap;
    dhr_file_report *reports; /* after dhr_batch_check, one per file */
    char **errors;            /* why a file could not be checked, owned */
    dhr_ruleset *rules;       /* the rule set, which the reports name */
} dhr_batch;

/* Adds PATH: a file as it is, a folder by every .docx, .docm, .odt and .fodt
 * below it (Word's "~$" lock files and hidden files left out), sorted by
 * name. False with ERR filled when PATH is a folder that cannot be read. */
bool dhr_batch_add(dhr_batch *b, const char *path, char *err, size_t errlen);

typedef enum dhr_batch_status {
    DHR_BATCH_DONE,      /* every file has a report or an error */
    DHR_BATCH_NO_RULES,  /* LOAD gave no rule set (and said why) */
    DHR_BATCH_NO_MEMORY,
} dhr_batch_status;

/* Checks every file with up to JOBS threads (0: one per processor), all
 * with the one rule set that LOAD makes on a thread of its own while the
 * first files are read. Files are taken largest first; the reports keep
 * the order of B's files. PROGRESS: a line on standard error counting the
 * files done. */
dhr_batch_status dhr_batch_check(dhr_batch *b, dhr_stage stage, unsigned jobs, bool progress,
                                 dhr_rules_loader load, void *load_arg);

void dhr_batch_free(dhr_batch *b);

#endif
