/* The Annex I checklist, filled in from a check's findings: each line whose
 * rule has no finding is covered (with the paragraph that shows it, when the
 * rule noted one), each line whose rule has findings is not, and each line
 * that needs a judgement is left for a person. A line is never ticked on a
 * rule that did not run. */
#include "engine.h"

#include <stdlib.h>
#include <string.h>

const char *dhr_checklist_status_name(dhr_checklist_status s)
{
    switch (s) {
    case DHR_CHECKLIST_COVERED:
        return "covered";
    case DHR_CHECKLIST_NOT_COVERED:
        return "not-covered";
    case DHR_CHECKLIST_MANUAL:
        return "manual";
    case DHR_CHECKLIST_NOT_CHECKED:
        return "not-checked";
    }
    return "manual";
}

void dhr_evidence(dhr_ctx *c, int32_t para)
{
    if (c->evidence < 0 && para >= 0)
        c->evidence = para;
}

static const char *section_at(const dhr_outline *ol, int32_t para)
{
    int32_t sec = para >= 0 ? ol->para_sec[para] : -1;
    return sec >= 0 ? ol->secs[sec].def->id : NULL;
}

static size_t rule_index(const dhr_ruleset *rs, const char *id)
{
    size_t k = 0;
    while (k < rs->nrules && strcmp(rs->rules[k].info.id, id) != 0)
        k++;
    return k;
}

bool dhr_checklist_fill(const dhr_ruleset *rs, const dhr_outline *ol, const dhr_document *doc,
                        const int32_t *evidence, const bool *ran, dhr_result *res)
{
    size_t n = rs->nchecklist;
    res->checklist = calloc(n + 1, sizeof *res->checklist);
    if (!res->checklist)
        return false;
    for (size_t i = 0; i < n; i++) {
        const dhr_checklist_line *line = &rs->checklist[i];
        dhr_checklist_entry *e = &res->checklist[res->nchecklist++];
        e->group = line->group;
        e->id = line->id;
        e->text = line->text;
        e->rule = line->rule;
        e->status = DHR_CHECKLIST_MANUAL;
        if (!line->rule)
            continue;
        /* The line's own rule, then those whose findings also leave it
         * uncovered: not covered on a finding of any, covered only when all
         * ran, shown by the first that noted where. */
        const char *names[1 + DHR_CHECKLIST_ALSO];
        size_t nnames = 0;
        names[nnames++] = line->rule;
        for (size_t a = 0; a < line->nalso; a++)
            names[nnames++] = line->also[a];
        bool all_ran = true;
        int32_t at = -1;
        for (size_t m = 0; m < nnames; m++) {
            size_t k = rule_index(rs, names[m]);
            if (k == rs->nrules || !ran[k])
                all_ran = false;
            else if (at < 0)
                at = evidence[k];
        }
        const dhr_finding *first = NULL;
        for (size_t f = 0; f < res->nfinding; f++)
            for (size_t m = 0; m < nnames; m++)
                if (strcmp(res->findings[f].rule, names[m]) == 0) {
                    if (!first)
                        first = &res->findings[f];
                    e->findings++;
                }
        if (first) {
            e->status = DHR_CHECKLIST_NOT_COVERED;
            e->rule = first->rule; /* the rule that decided, for its message */
            e->paragraph = first->loc.part == DHR_PART_BODY ? first->loc.paragraph : 0;
            e->section = first->loc.section;
        } else if (!all_ran) {
            e->status = DHR_CHECKLIST_NOT_CHECKED;
        } else {
            e->status = DHR_CHECKLIST_COVERED;
            if (at >= 0 && (size_t)at < doc->npara && doc->paras[at].part == DHR_PART_BODY) {
                e->paragraph = doc->paras[at].n;
                e->section = section_at(ol, at);
            }
        }
    }
    return true;
}
