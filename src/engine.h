/* What every check kind shares: the document, its outline, the rule being
 * run, and how a finding is located and recorded. */
#ifndef DHR_ENGINE_H
#define DHR_ENGINE_H

#include "dhrlint/check.h"
#include "cast.h"
#include "strbuf.h"
#include "outline.h"

typedef struct dhr_ctx {
    const dhr_ruleset *rs;
    const dhr_document *doc;
    const dhr_outline *ol;
    const dhr_cast *cast;
    dhr_stage stage;
    dhr_result *res;
    size_t cap;
    pcre2_match_data *md;
    const pcre2_code *matched; /* the pattern md holds the last match of */
    size_t matched_from;       /* where that match began (before any \K) */
    const dhr_rule *rule;
    dhr_severity severity;
    size_t rule_findings; /* of the current rule, capped */
    dhr_trigger_hits hits; /* which paragraphs may match which pattern */
    /* Where each part of a split alternation next matches in one paragraph,
     * so that walking a paragraph's matches runs each part over it once,
     * not once per match of another part (quadratic on a long paragraph). */
    struct dhr_part_memo {
        size_t asked, from, off, len; /* asked: the start it was run from */
        bool found;
    } *memo;
    size_t memo_cap;
    const struct dhr_pattern *memo_pat;
    size_t memo_para;
    int32_t *body_at;      /* per paragraph: the body paragraph it belongs to, or -1 */
    uint8_t *utf8_ok;      /* per paragraph: its text is valid UTF-8 (checked once) */
    dhr_strbuf allowed;       /* "|Name|Name|": words of the title page and author section */
    bool allowed_done;
    struct acronym *acronyms; /* collected once, for the rules that need them */
    size_t nacronyms;
    bool acronyms_done;
    /* The current rule's scope and exclusion, resolved to body ranges. */
    struct dhr_ranges {
        int32_t first[64], end[64];
        size_t n;
    } in_ranges, out_ranges;
    int32_t evidence; /* the paragraph that shows the current rule satisfied, or -1 */
    /* The action plan as read for the table definition PLAN_COLUMNS: every
     * actionplan.* rule shares one table definition, so it is read once. */
    struct plan *plan;
    const void *plan_columns;
    bool plain; /* DHRLINT_NO_PREFILTER: no triggers, no split alternations */
    bool no_jit; /* DHRLINT_NO_JIT: PCRE2's interpreter only (valgrind cannot follow JIT code) */
    bool oom;
} dhr_ctx;

/* Values for a message's {placeholders}. */
typedef struct dhr_fill {
    const char *section, *item, *other;
    long words, count, total;
    const char *suggestion; /* instead of the rule's */
} dhr_fill;

/* Records a finding of the current rule at paragraph PARA (-1: nowhere),
 * with the excerpt at bytes [OFF, OFF+LEN) of it when HAS_SPAN, else EXCERPT
 * (may be NULL). SECTION_ID names the section for a finding with no place. */
void dhr_emit(dhr_ctx *c, int32_t para, bool has_span, size_t off, size_t len,
              const char *excerpt, const char *section_id, const dhr_fill *fill);

/* Whether paragraph I can show that the report says something, for the
 * checks that look for what a report must say. A comment (a reviewer's "add
 * the condolences here", or dhrlint's own on an annotated copy) and deleted
 * text are not what the report says, unless the rule's scope names them. */
bool dhr_report_says(const dhr_ctx *c, size_t i);

/* Whether paragraph I is in the scope (and not in the exclusion). */
/* Notes paragraph PARA as what shows the current rule satisfied (the first
 * such note counts), for the Annex I checklist. */
void dhr_evidence(dhr_ctx *c, int32_t para);
/* Frees what the action-plan checks kept for the rules after them. */
void dhr_action_plan_done(dhr_ctx *c);
/* Fills RES's Annex I checklist from the findings and EVIDENCE (per rule of
 * RS, a paragraph index or -1; RAN[i]: rule i was applied). */
bool dhr_checklist_fill(const dhr_ruleset *rs, const dhr_outline *ol, const dhr_document *doc,
                        const int32_t *evidence, const bool *ran, dhr_result *res);
bool dhr_in_scope(const dhr_ctx *c, const dhr_scope *scope, const dhr_scope *exclude, size_t i);
/* The paragraph a finding about a whole scope is placed at: the heading of
 * its first section, the start of the title page; -2 when the scope names
 * only sections the report does not have (nothing to report then). */
int32_t dhr_scope_anchor(const dhr_ctx *c, const dhr_scope *scope);
/* First match of PAT in paragraph I from byte START; false when none. A
 * paragraph that holds none of the pattern's triggers is not searched. */
bool dhr_match(dhr_ctx *c, const dhr_pattern *pat, size_t i, size_t start, size_t *off,
               size_t *len);
bool dhr_match_text(dhr_ctx *c, const pcre2_code *re, const char *s, size_t n);
/* Which of PAT's patterns gave the match just found at [OFF, OFF+LEN) of
 * paragraph I (PAT itself when it has one). */
const dhr_pattern *dhr_matched_part(dhr_ctx *c, const dhr_pattern *pat, size_t i, size_t off,
                                    size_t len);
/* The sentence of paragraph text S (N bytes) around [OFF, OFF+LEN), as
 * [*A, *B): from after the previous ". " (or the start) to the next one. */
void dhr_sentence(const char *s, size_t n, size_t off, size_t len, size_t *a, size_t *b);
/* Where PAT first matches in S[0..N) (*AT, and *LEN unless NULL), or false. */
bool dhr_pattern_first(dhr_ctx *c, const dhr_pattern *pat, const char *s, size_t n, size_t *at,
                       size_t *len);
/* Whether PAT matches anywhere in S[0..N), a piece of a paragraph's text. */
bool dhr_pattern_in_text(dhr_ctx *c, const dhr_pattern *pat, const char *s, size_t n);
const char *dhr_section_name(const dhr_ruleset *rs, const char *id);

void dhr_check_structure(dhr_ctx *c);
void dhr_check_text(dhr_ctx *c);
void dhr_check_hygiene(dhr_ctx *c);
void dhr_check_anon(dhr_ctx *c);
void dhr_check_names(dhr_ctx *c);
void dhr_check_family(dhr_ctx *c);
void dhr_check_action_plan(dhr_ctx *c);

#endif
