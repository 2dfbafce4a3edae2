/* Reading the Annex G family-involvement table ("Was a Home Office leaflet
 * provided? (Y/N) If no, why?"): the rows that ask about a requirement, and
 * what their answers say. */
#include "family.h"
#include "ascii.h"
#include "outline.h"

#include <string.h>
#include <strings.h>

/* The text of table row (TABLE, ROW) after paragraph FROM, cells joined. */
static size_t row_after(const dhr_document *doc, size_t from, char *out, size_t cap)
{
    const dhr_para *q = &doc->paras[from];
    size_t o = 0;
    for (size_t k = from + 1; k < doc->npara && o + 2 < cap; k++) {
        const dhr_para *p = &doc->paras[k];
        if (p->table != q->table || p->row != q->row || p->part != q->part)
            break;
        for (uint32_t x = 0; x < p->len && o + 2 < cap; x++)
            out[o++] = p->text[x];
        out[o++] = ' ';
    }
    while (o && out[o - 1] == ' ')
        o--;
    out[o] = '\0';
    return o;
}

/* "Y", "Yes", "N", "No" at the start of an answer; what follows is a reason. */
static int yes_no(const char *s, const char **rest)
{
    while (*s == ' ' || *s == '\t')
        s++;
    int v = 0;
    if (strncasecmp(s, "yes", 3) == 0 && !dhr_is_alpha((unsigned char)s[3]))
        v = 1, s += 3;
    else if ((s[0] == 'Y' || s[0] == 'y') && !dhr_is_alpha((unsigned char)s[1]))
        v = 1, s += 1;
    else if (strncasecmp(s, "no", 2) == 0 && !dhr_is_alpha((unsigned char)s[2]))
        v = -1, s += 2;
    else if ((s[0] == 'N' || s[0] == 'n') && !dhr_is_alpha((unsigned char)s[1]))
        v = -1, s += 1;
    while (*s == ' ' || *s == '-' || *s == ',' || *s == '.' || *s == ':' || *s == ';' ||
           (unsigned char)*s == 0xE2)
        s += (unsigned char)*s == 0xE2 ? 3 : 1; /* "N – ...", "No. ..." */
    *rest = s;
    return v;
}

/* Annex G's "If no, why?" and "If they did not meet with the Panel, why?"
 * rows ask for the reason of the question above; "Was a Home Office leaflet
 * provided? (Y/N) If no, why?" is a question of its own. */
static bool reason_row(const char *s)
{
    while (*s == ' ')
        s++;
    return strncasecmp(s, "if ", 3) == 0 || strncasecmp(s, "why", 3) == 0;
}

/* Whether an answer cell says nothing: empty, a dash, "n/a", "none". */
static bool blank_answer(const char *s)
{
    const char *rest;
    if (yes_no(s, &rest) != 0)
        return false;
    return strlen(rest) == 0 || strcasecmp(rest, "n/a") == 0 || strcasecmp(rest, "none") == 0 ||
           strcasecmp(rest, "not applicable") == 0;
}

/* The reason in the "If no, why?" row of the question in paragraph I,
 * written into WHY: the next rows up to the next numbered question. */
static bool why_row(const dhr_document *doc, size_t i, char *why, size_t cap)
{
    const dhr_para *p = &doc->paras[i];
    for (size_t k = i + 1; k < doc->npara; k++) {
        const dhr_para *q = &doc->paras[k];
        if (q->table != p->table || q->part != p->part || q->row > p->row + 3)
            break;
        if (q->row == p->row || doc->paras[k - 1].row == q->row)
            continue; /* only the first paragraph of each later row */
        /* a new numbered question ends the search */
        if (q->cell == 1 && q->len && dhr_is_digit((unsigned char)q->text[0]))
            break;
        for (size_t m = k; m < doc->npara && doc->paras[m].table == p->table &&
                           doc->paras[m].row == q->row;
             m++)
            if (reason_row(doc->paras[m].text))
                return row_after(doc, m, why, cap) > 0 && !blank_answer(why);
    }
    return false;
}

/* The Annex G rows asking about this requirement, the worst of their
 * answers: "Y", a date or a description is met; "N" (or a dash, or nothing)
 * with a reason in the answer or the "If no, why?" row is explained, without
 * one it is a gap (*UNEXPLAINED, the row in *AT). A reason that itself shows
 * the thing done ("preferred to speak with the Chair alone") is met. */
evidence dhr_annex_g(dhr_ctx *c, const reqspec *q, bool *unexplained, int32_t *at)
{
    evidence ev = {V_NONE, -1, 0, 0};
    bool any = false;
    const dhr_document *doc = c->doc;
    const dhr_pattern *const *refs = c->rule->refs;
    char answer[512], why[512];
    for (size_t i = 0; q->annex_g && i < doc->npara && !c->oom; i++) {
        const dhr_para *p = &doc->paras[i];
        size_t off, len;
        if (p->part != DHR_PART_BODY || !p->table || reason_row(p->text) ||
            !dhr_match(c, q->annex_g, i, 0, &off, &len))
            continue;
        /* a question has its answer after it in the row; an answer cell
         * that happens to name the topic has nothing after it */
        if (i + 1 >= doc->npara || doc->paras[i + 1].table != p->table ||
            doc->paras[i + 1].row != p->row || doc->paras[i + 1].part != p->part)
            continue;
        row_after(doc, i, answer, sizeof answer);
        const char *rest;
        int yn = yes_no(answer, &rest);
        size_t alen = strlen(answer);
        verdict v;
        if (yn > 0) {
            v = V_MET;
        } else if (yn == 0 && !blank_answer(answer) &&
                   !dhr_fam_in_text(c, refs[REF_NEGATION], answer, 0, alen) &&
                   !dhr_fam_in_text(c, refs[REF_EXPLAINED], answer, 0, alen) &&
                   dhr_count_words(answer, alen) <= 6) {
            v = V_MET; /* a date, "Monthly email from the Chair" */
        } else if (yn == 0 && !blank_answer(answer) && !reason_row(doc->paras[i].text) &&
                   !dhr_fam_in_text(c, refs[REF_NEGATION], answer, 0, alen)) {
            /* a description ("The FLO gave Hugh the leaflet. He turned
             * advocacy down.") is read as the report's own sentences */
            v = V_MET;
            for (size_t part = 0; part < q->nparts; part++) {
                /* the worst of the parts, each the best of the answer's cells */
                verdict pv = V_NONE;
                for (size_t k = i + 1; k < doc->npara && doc->paras[k].table == p->table &&
                                       doc->paras[k].row == p->row;
                     k++) {
                    evidence e =
                        dhr_fam_judge_paragraph(c, q->parts[part], q, k, FAM_ANSWER, true);
                    if (e.v > pv)
                        pv = e.v;
                }
                /* a part the question does not ask about is not its to answer */
                if (q->nparts > 1 && !dhr_fam_in_text(c, q->parts[part], p->text, 0, p->len) &&
                    !dhr_fam_in_text(c, q->parts[part], answer, 0, alen))
                    continue;
                if (pv < v)
                    v = pv;
            }
        } else {
            /* "N – declined": the reason follows; "Did not meet the panel"
             * is no reason, the "why?" row may give one */
            const char *text = yn < 0 ? rest : answer;
            size_t tl = strlen(text);
            bool reason = yn < 0 ? tl > 3
                                 : dhr_fam_in_text(c, refs[REF_EXPLAINED], text, 0, tl) ||
                                       dhr_fam_in_text(c, refs[REF_REASON], text, 0, tl);
            if (!reason && why_row(doc, i, why, sizeof why))
                reason = true, text = why;
            size_t d, dl;
            tl = strlen(text);
            if (reason && dhr_fam_first(c, q->done, text, 0, tl, &d, &dl) &&
                dhr_fam_mood(c, text, 0, d) == DEED_DONE &&
                !dhr_fam_in_text(c, refs[REF_EXPLAINED], text, 0, tl))
                v = V_MET;
            else
                v = reason ? V_EXPLAINED : V_NONE;
        }
        if (v == V_NONE && !*unexplained) {
            *unexplained = true;
            *at = (int32_t)i;
        }
        if (!any || v < ev.v)
            ev = (evidence){v, (int32_t)i, 0, p->len};
        any = true;
    }
    return ev;
}
