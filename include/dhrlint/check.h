/* Checking a document against a rule set: findings, recognised sections, and
 * the verdict. Reporters read only this. */
#ifndef DHRLINT_CHECK_H
#define DHRLINT_CHECK_H

#include "dhrlint/document.h"
#include "dhrlint/rules.h"

typedef struct dhr_location {
    dhr_part part;
    uint32_t paragraph;   /* 1-based within the part; 0 when the finding has no place
                             (a missing section) */
    const char *section;  /* section id, or NULL */
    const char *heading;  /* that section's heading as written, or NULL */
    uint32_t table, row, cell; /* 0 when not in a table */
    bool has_span;
    uint32_t offset, length; /* Unicode characters into the paragraph */
} dhr_location;

typedef struct dhr_finding {
    const char *rule, *category;
    dhr_severity severity;
    char *message; /* placeholders filled in */
    const char *source, *suggestion;
    dhr_location loc;
    char *excerpt;
    int32_t para; /* index into the document's paragraphs, -1 when none */
    const char *revision_author; /* deleted text: who deleted it */
} dhr_finding;

typedef struct dhr_section_found {
    const char *id;
    const char *heading;  /* as written; NULL for the title page */
    uint32_t paragraph;   /* body paragraph number of the heading (or first paragraph) */
    uint32_t words;
    uint8_t level;
    bool from_bold_text;  /* the heading was bold or capitalised body text */
} dhr_section_found;

/* Who is who in the report, from its pseudonym table and statement. */
typedef enum dhr_role {
    DHR_ROLE_VICTIM,
    DHR_ROLE_PERPETRATOR,
    DHR_ROLE_CHILD,
    DHR_ROLE_FAMILY,
    DHR_ROLE_FRIEND,
    DHR_ROLE_OTHER,
} dhr_role;

typedef struct dhr_cast_member {
    char *name;          /* the pseudonym or label, as written ("Lena", "Child 1") */
    dhr_role role;
    char *relationship, *age, *ethnicity; /* from the table, or NULL */
    uint32_t paragraph;  /* body paragraph where it is declared */
} dhr_cast_member;

typedef struct dhr_cast {
    dhr_cast_member *v;
    size_t n;
    bool victim_chooser, perpetrator_chooser; /* the report says who chose them */
} dhr_cast;

const char *dhr_role_name(dhr_role r);

/* The nine requirements for involving family and friends (guidance 8.16,
 * Figure 2): whether the report says each was done, says why not, or is
 * silent. */
typedef enum dhr_family_status {
    DHR_FAMILY_MISSING,
    DHR_FAMILY_EXPLAINED,
    DHR_FAMILY_MET,
} dhr_family_status;

#define DHR_FAMILY_REQUIREMENTS 9

typedef struct dhr_family_req {
    dhr_family_status status;
    int32_t para;     /* index into the document's paragraphs of the evidence, -1 */
    uint32_t paragraph; /* its number in the body, 0 when none */
    char *excerpt;    /* the sentence (or Annex G answer) that decided it, or NULL */
} dhr_family_req;

const char *dhr_family_status_name(dhr_family_status s);

/* A line of the Annex I checklist, filled in: shown by its rule (covered or
 * not), for a person to judge (manual), or not checked (its rule is disabled
 * or does not apply at this stage). */
typedef enum dhr_checklist_status {
    DHR_CHECKLIST_COVERED,
    DHR_CHECKLIST_NOT_COVERED,
    DHR_CHECKLIST_MANUAL,
    DHR_CHECKLIST_NOT_CHECKED,
} dhr_checklist_status;

typedef struct dhr_checklist_entry {
    const char *group, *id, *text, *rule; /* the line, from the rule set */
    dhr_checklist_status status;
    uint32_t paragraph;  /* body paragraph that shows it (covered) or the first
                            finding's (not covered); 0 when none */
    const char *section; /* the section id there, or where the finding is */
    size_t findings;     /* the rule's findings */
} dhr_checklist_entry;

const char *dhr_checklist_status_name(dhr_checklist_status s);

typedef struct dhr_result {
    dhr_stage stage;
    dhr_finding *findings;
    size_t nfinding;
    dhr_section_found *sections;
    size_t nsection;
    size_t count[3]; /* by dhr_severity */
    dhr_cast cast;
    dhr_family_req family[DHR_FAMILY_REQUIREMENTS];
    dhr_checklist_entry *checklist; /* every Annex I line, in order */
    size_t nchecklist;
} dhr_result;

/* Checks DOC against RS. RS is const to the caller, but a check compiles
 * the patterns DOC needs in place, the first time they are needed: two
 * threads may check with one rule set only after dhr_check_prepare. */
dhr_result *dhr_check(const dhr_ruleset *rs, const dhr_document *doc, dhr_stage stage);

/* Compiles every pattern of RS now, to machine code too, so that checks
 * on several threads can share it; it costs about what a long report's
 * check compiles anyway. */
void dhr_check_prepare(dhr_ruleset *rs);
void dhr_result_free(dhr_result *r);

#endif
