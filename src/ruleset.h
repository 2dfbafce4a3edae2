/* The inside of a rule set, shared by the loader and the checks. */
#ifndef DHR_RULESET_H
#define DHR_RULESET_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include "dhrlint/document.h"
#include "dhrlint/rules.h"

#include <pcre2.h>
#include <stdint.h>

#include "trigger.h"
#include "wordlist.h"

typedef enum dhr_check_kind {
    CK_SECTIONS_PRESENT,
    CK_SECTION_WORDS,
    CK_SECTION_ORDER,
    CK_HEADING_STYLES,
    CK_CONTENTS_MATCH,
    CK_FORBID,
    CK_REQUIRE,
    CK_REQUIRE_EACH,
    CK_IF_THEN,
    CK_NUMBERED_PARAGRAPHS,
    CK_SECTION_LENGTH,
    CK_GLOSSARY_NEEDED,
    CK_ACRONYMS_DEFINED,
    CK_DELAY_EXPLAINED,
    CK_TRACKED_CHANGES,
    CK_COMMENTS,
    CK_HIDDEN_TEXT,
    CK_EMBEDDED_OBJECTS,
    CK_CHILD_SEX,
    CK_NEAR_CHILD,
    CK_PANEL_NAMES,
    CK_PLACE_NAMES,
    CK_PERSONAL_NAMES,
    CK_METADATA_NAMES,
    CK_FAMILY_REQUIREMENT,
    CK_FAMILY_DISAGREEMENT,
    CK_ACTION_PLAN,
} dhr_check_kind;



/* Shared pattern sets a rule refers to by id (<patterns id="...">). */
enum {
    REF_PEOPLE,    /* who: words for the family and friends */
    REF_PRONOUNS,  /* pronouns: stand for them inside the family section */
    REF_GUIDANCE,  /* guidance: the guidance's own voice */
    REF_NEGATION,  /* negation: "not", "no", "never" before a deed */
    REF_UNREAL,    /* unreal: "whether", "will be" before a deed: not (yet) done */
    REF_EXPLAINED, /* explained: a refusal or impossibility, itself a reason */
    REF_REASON,    /* reason: "because", "so", "on police advice" after a negation */
    REF_OFFER,     /* offer: a deed that a refusal in the next sentence undoes */
    REF_RESPONSE,  /* response: what was done with the family's comments */
    REF_COUNT
};

/* Where a check looks. */
enum {
    SCOPE_ALL = 1u << 0,
    SCOPE_TEXT = 1u << 1,
    SCOPE_BODY = 1u << 2,
    SCOPE_HEADINGS = 1u << 3,
    SCOPE_TITLE_PAGE = 1u << 4,
};

typedef struct dhr_scope {
    unsigned flags;
    unsigned parts; /* bit per dhr_part */
    char **sections;
    size_t nsections;
} dhr_scope;

/* A rule's patterns, compiled as one alternation, with the literals one of
 * which any match contains (see trigger.h).
 *
 * A rule of several patterns also keeps them one by one in PART, each with
 * its own triggers: the engine runs only those a paragraph may match, and
 * merges their matches as the alternation would (leftmost, then the first
 * pattern). One pattern's literals prune far more paragraphs than the union
 * of all of them, and PCRE2 scans faster for one pattern than for an
 * alternation of unlike ones, whose common start it cannot predict. The
 * alternation itself runs only under DHRLINT_NO_PREFILTER, to compare. */
typedef struct dhr_pattern {
    pcre2_code *re;  /* NULL until a document needs it (built-in rules) */
    char *src;       /* the alternation, compiled on first need */
    dhr_triggers trig;
    bool jit_tried;  /* see dhr_check: machine code only where it pays */
    bool broken;     /* did not compile: never matches */
    struct dhr_pattern *part; /* NULL, or NPART single patterns */
    size_t npart;
    char *suggest;   /* <match suggest="...">: the wording to offer instead */
} dhr_pattern;

/* Compiles P if it is not yet; false when it cannot be. */
bool dhr_pattern_compile(dhr_pattern *p);

/* <table-columns id>: the columns a kind of table has (the action plan of
 * Annex B), each recognised by its header cell. */
#define DHR_MAX_COLUMNS 24

typedef struct dhr_column_def {
    char *id, *name;   /* "lead-agency", "Lead agency" */
    dhr_pattern header; /* matches the header cell's whole text */
    bool required;      /* the table must have it */
    bool cell_required; /* every row must fill it in */
} dhr_column_def;

typedef struct dhr_table_def {
    char *id;
    dhr_column_def cols[DHR_MAX_COLUMNS];
    size_t ncols;
} dhr_table_def;

typedef struct dhr_item {
    char *name;
    char *note; /* said after the message when this item is what is missing */
    dhr_pattern pat;
} dhr_item;

typedef struct dhr_rule {
    dhr_rule_info info;
    dhr_check_kind kind;
    dhr_scope scope, exclude;
    dhr_pattern match, cond_if;
    pcre2_code *except;
    dhr_item *items;
    size_t nitems;
    long min, max;
    bool outside_quotes; /* forbid: not inside quotation marks (a family member's words) */
    bool not_of_perpetrator; /* forbid: not when the perpetrator is the sentence's subject */
    bool either;         /* family-requirement: any one way of doing it will do */
    char *columns_id; /* action plan: the table-columns it reads */
    const dhr_table_def *columns;
    char *action_check; /* action plan: which check ("missing", "columns"...) */
    /* shared pattern sets by role (REF_*): their ids, resolved when the set
     * is finished */
    char *ref_ids[REF_COUNT];
    const struct dhr_pattern *refs[REF_COUNT];
    double ratio;
    char *section;
    char **except_sections;
    size_t nexcept_sections;
    char **allow;
    size_t nallow;
    /* rule ids whose findings take precedence: a finding of this rule whose
     * text lies inside one of theirs is dropped ("Penn" in "Penn Hospital") */
    char **yields;
    size_t nyields;
    /* word-list kinds: the lists by id (resolved when the set is finished) */
    char *list_id, *places_id, *agencies_id;
    const dhr_wordlist *list, *places, *agencies;
    char **words, **words2, **words3; /* after / titles, verbs, relations / properties */
    size_t nwords, nwords2, nwords3;
    /* <words name="...">: named lists of words a check kind reads */
    struct dhr_word_set *sets;
    size_t nsets;
} dhr_rule;

/* <words name="..." sep="...">: words or phrases, in a rule or (a
 * vocabulary every check may read) at the top of a rule file. W keeps the
 * order written; SORTED (ASCII letters without case) is for
 * dhr_word_set_has. */
struct dhr_word_set {
    char *name;
    char **w;
    char **sorted;
    size_t n;
};

/* Whether S[0..N) is a word of SET (which may be NULL), ASCII letters
 * without case. */
bool dhr_word_set_has(const struct dhr_word_set *set, const char *s, size_t n);

typedef struct dhr_section_def {
    char *id;
    double order;
    bool has_order;
    unsigned required; /* stages */
    long min_words;    /* -1: the rule's */
    char **within;
    size_t nwithin;
    char **aliases;    /* normalised */
    size_t naliases;
    char *display;     /* the first alias as written, for messages */
} dhr_section_def;

struct dhr_ruleset {
    dhr_rule *rules;
    size_t nrules, caprules;
    dhr_section_def *sections;
    size_t nsections, capsections;
    dhr_checklist_line *checklist;
    size_t nchecklist;
    char **strings; /* owned strings of the checklist */
    size_t nstrings;
    struct pending *pending; /* overrides and allows until dhr_rules_finish */
    size_t npending, cappending;
    pcre2_match_context *mctx;
    dhr_trigger_index *triggers; /* every pattern's triggers, for one pass a document */
    struct {
        char *id;
        dhr_wordlist *list;
    } *wordlists;
    size_t nwordlists;
    struct dhr_pattern_set {
        char *id;
        dhr_pattern pat;
    } *psets;
    size_t npsets;
    dhr_table_def *tabledefs;
    size_t ntabledefs;
    struct dhr_word_set *sets; /* the vocabulary: top-level <words> */
    size_t nsets;
};

/* Lower-cases, drops numbering and punctuation, reads "&" as "and": the form
 * in which headings and aliases are compared. Returns a malloc'd string. */
char *dhr_normalise_heading(const char *s, size_t n);

/* Checks the built-in rule files against the schema (the tests do; a run
 * trusts what was compiled in). */
bool dhr_rules_validate_builtin(dhr_rules_error *err);

const dhr_section_def *dhr_ruleset_section(const dhr_ruleset *rs, const char *id);

/* The vocabulary list NAME (a top-level <words>), or NULL. */
const struct dhr_word_set *dhr_ruleset_words(const dhr_ruleset *rs, const char *name);

#endif
