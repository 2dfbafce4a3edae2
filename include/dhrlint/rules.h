/* Rule sets: the rules, section definitions and Annex I checklist lines that
 * dhrlint applies, loaded from XML rule files (rules/ and --rules). */
#ifndef DHRLINT_RULES_H
#define DHRLINT_RULES_H

#include <stdbool.h>
#include <stddef.h>

typedef enum dhr_severity {
    DHR_SEV_INFO,
    DHR_SEV_WARNING,
    DHR_SEV_ERROR,
} dhr_severity;

typedef enum dhr_stage {
    DHR_STAGE_DRAFT = 1,
    DHR_STAGE_SUBMISSION = 2,
    DHR_STAGE_PUBLICATION = 4,
} dhr_stage;

typedef struct dhr_ruleset dhr_ruleset;

typedef struct dhr_rules_error {
    /* One line: "FILE:LINE: what is wrong". */
    char message[512];
} dhr_rules_error;

/* What `dhrlint rules` lists about a rule. */
typedef struct dhr_rule_info {
    const char *id, *category, *kind, *message, *source, *suggestion;
    dhr_severity severity;
    bool has_draft_severity;
    dhr_severity draft_severity;
    unsigned stages; /* dhr_stage bits */
    bool disabled;
    const char *file; /* where it was defined */
    int line;
} dhr_rule_info;

/* A line of the Annex I checklist: shown by a rule, or for a person. */
#define DHR_CHECKLIST_ALSO 4

typedef struct dhr_checklist_line {
    const char *group, *id, *text;
    const char *rule; /* NULL when manual */
    /* Rules whose findings also leave the line uncovered (the action plan's
     * lines are not covered when there is no action plan at all). */
    const char *also[DHR_CHECKLIST_ALSO];
    size_t nalso;
} dhr_checklist_line;

/* The rules compiled into the binary. */
dhr_ruleset *dhr_rules_load_builtin(dhr_rules_error *err);
/* An empty rule set, for rule files that stand alone (tests, fuzzing). */
dhr_ruleset *dhr_rules_new(dhr_rules_error *err);
/* Adds or overrides from a rule file, or from every *.xml in a directory. */
bool dhr_rules_load_path(dhr_ruleset *rs, const char *path, dhr_rules_error *err);
/* Applies overrides and allow-lists and checks the set is whole; call once
 * after the last load. */
bool dhr_rules_finish(dhr_ruleset *rs, dhr_rules_error *err);
void dhr_rules_free(dhr_ruleset *rs);

size_t dhr_rules_count(const dhr_ruleset *rs);
const dhr_rule_info *dhr_rules_info(const dhr_ruleset *rs, size_t i);
size_t dhr_rules_checklist_count(const dhr_ruleset *rs);
const dhr_checklist_line *dhr_rules_checklist(const dhr_ruleset *rs, size_t i);

/* The section ids a heading with this text would be recognised as (a heading
 * can name two: "Lessons Learnt and Recommendations"). Returns how many were
 * written to IDS (at most MAX). */
size_t dhr_rules_match_heading(const dhr_ruleset *rs, const char *text, const char **ids,
                               size_t max);

const char *dhr_severity_name(dhr_severity s);
const char *dhr_stage_name(dhr_stage s);
/* "draft" -> DHR_STAGE_DRAFT; 0 when unknown. */
dhr_stage dhr_stage_parse(const char *s);

#endif
