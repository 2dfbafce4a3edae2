/* Check kinds for the family's involvement (guidance 8.11-8.16, Figure 2,
 * Annex G): for each of the nine requirements, whether the report says it
 * was done (met), says why not (explained), or is silent (missing); and
 * whether the family's disagreements are recorded.
 *
 * The decision is made a sentence at a time, the family-involvement section
 * first: a sentence counts when it is about the requirement (ABOUT), names
 * the family or friends (the PEOPLE patterns, or a family member of the
 * cast), and does not merely restate the guidance (GUIDANCE: "must",
 * "should"). It is evidence the thing was done when it matches DONE, an
 * explanation when it matches NOT-DONE or the shared EXPLAINED patterns
 * ("declined", "could not be traced", "criminal proceedings"). An Annex G
 * table, where the report has one, is read too: "Y" is met, "N" with a
 * reason explained, "N" alone missing. */
#include "engine.h"
#include "ascii.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Ordered so that the worst of several parts is the smallest. */
typedef enum verdict { V_NONE, V_EXPLAINED, V_MET } verdict;

typedef struct evidence {
    verdict v;
    int32_t para;
    size_t a, b;
} evidence;

/* What a requirement's sentences are judged by. */
typedef struct reqspec {
    const dhr_pattern *done, *not_done, *mentions, *unless;
    const dhr_pattern *annex_g; /* its Annex G question */
    uint32_t gtables[8];        /* tables asking it, left to annex_g() */
    size_t ngtables;
} reqspec;

static const dhr_pattern *item(const dhr_rule *r, const char *name)
{
    for (size_t k = 0; k < r->nitems; k++)
        if (r->items[k].name && strcmp(r->items[k].name, name) == 0)
            return &r->items[k].pat;
    return NULL;
}

static bool in_text(dhr_ctx *c, const dhr_pattern *p, const char *s, size_t a, size_t b)
{
    return p && p->src && b > a && dhr_pattern_in_text(c, p, s + a, b - a);
}

static bool first_in(dhr_ctx *c, const dhr_pattern *p, const char *s, size_t a, size_t b,
                     size_t *at, size_t *len)
{
    if (!p || !p->src || b <= a || !dhr_pattern_first(c, p, s + a, b - a, at, len))
        return false;
    *at += a;
    return true;
}

static bool names_family(const dhr_cast *cast, const char *s, size_t a, size_t b)
{
    for (size_t m = 0; m < cast->n; m++) {
        const dhr_cast_member *cm = &cast->v[m];
        if (cm->role != DHR_ROLE_FAMILY && cm->role != DHR_ROLE_FRIEND &&
            cm->role != DHR_ROLE_CHILD)
            continue;
        size_t nl = strlen(cm->name);
        for (size_t q = a; nl && q + nl <= b; q++)
            if (memcmp(s + q, cm->name, nl) == 0 &&
                (q == 0 || !dhr_is_alnum((unsigned char)s[q - 1])) &&
                (q + nl == b || !dhr_is_alnum((unsigned char)s[q + nl])))
                return true;
    }
    return false;
}

static bool clause_mark(char ch)
{
    return ch == ',' || ch == ';' || ch == ':' || ch == '(' || ch == ')';
}

/* Whether the deed at X is negated: NEGATION within the four words before
 * it in the same clause ("they were not sent", "could not be told", "none
 * were made"; not "declined, so the Chair wrote"), or as the clause's first
 * word ("no arrangement for updates was ever agreed"). */
static bool negated(dhr_ctx *c, const char *s, size_t a, size_t x)
{
    const dhr_pattern *neg = c->rule->refs[REF_NEGATION];
    size_t w = x, words = 0;
    while (w > a && words < 5 && !clause_mark(s[w - 1])) {
        if (s[w - 1] == ' ' && w < x && s[w] != ' ')
            words++;
        w--;
    }
    if (in_text(c, neg, s, w, x))
        return true;
    size_t cs = w;
    while (cs > a && !clause_mark(s[cs - 1]))
        cs--;
    while (cs < x && s[cs] == ' ')
        cs++;
    size_t ce = cs;
    while (ce < x && s[ce] != ' ')
        ce++;
    return in_text(c, neg, s, cs, ce);
}

/* Whether the word at G is in a subordinate clause: "that", "when",
 * "whether", "if" (and the like) opens its clause before it. Grammar, not
 * wording, so kept here rather than in the rules. */
static bool subordinate(const char *s, size_t a, size_t g)
{
    static const char *const words[] = {"that", "when", "whether", "if", "once", "where", "which", "who"};
    size_t cs = g;
    while (cs > a && !clause_mark(s[cs - 1]))
        cs--;
    for (size_t k = cs; k < g; k++) {
        if (k > cs && dhr_is_alpha((unsigned char)s[k - 1]))
            continue;
        for (size_t w = 0; w < sizeof words / sizeof *words; w++) {
            size_t wl = strlen(words[w]);
            if (k + wl < g && strncasecmp(s + k, words[w], wl) == 0 &&
                !dhr_is_alpha((unsigned char)s[k + wl]))
                return true;
        }
    }
    return false;
}

/* A question ("Were they given the draft DHR?") tells nothing; [A, B) is
 * a sentence of S (N bytes) as dhr_sentence gives it, ending before its
 * full stop or question mark. */
static bool question(const char *s, size_t n, size_t b)
{
    while (b < n && (s[b] == ' ' || s[b] == ')'))
        b++;
    return b < n && s[b] == '?';
}

/* What sentence [A, B) of S says of the requirement (ABOUT_AT where it is
 * about it); [PA, A) and [B, NB) are the sentences before and after it in
 * the paragraph, where a reason may be given ("The family asked not to be
 * contacted. The Chair therefore did not write."). */
static verdict judge(dhr_ctx *c, const reqspec *q, const char *s, size_t n, size_t pa, size_t a,
                     size_t b, size_t nb, size_t about_at, bool pronouns)
{
    const dhr_rule *r = c->rule;
    if (question(s, n, b) || (q->mentions && !in_text(c, q->mentions, s, a, b)))
        return V_NONE;
    /* UNLESS in the part of the sentence (between semicolons) that is
     * about the requirement: "they were not sent the draft terms of
     * reference; ... they have not seen the draft report" */
    size_t ua = about_at, ub = about_at;
    while (ua > a && s[ua - 1] != ';')
        ua--;
    while (ub < b && s[ub] != ';')
        ub++;
    if (in_text(c, q->unless, s, about_at == b ? a : ua, about_at == b ? b : ub))
        return V_NONE;
    if (r->refs[REF_PEOPLE] && !in_text(c, r->refs[REF_PEOPLE], s, a, b) &&
        !names_family(c->cast, s, a, b) &&
        !(pronouns && in_text(c, r->refs[REF_PRONOUNS], s, a, b)))
        return V_NONE;
    /* each deed, and whether it is negated */
    size_t first_deed = b, at, len;
    bool did = false, not_did = false;
    for (size_t from = a; from < b && first_in(c, q->done, s, from, b, &at, &len);
         from = at + (len ? len : 1)) {
        if (at < first_deed)
            first_deed = at;
        if (negated(c, s, a, at))
            not_did = true;
        else
            did = true;
    }
    size_t refusal_at = b, nd_at = b, g;
    bool refusal = first_in(c, r->refs[REF_EXPLAINED], s, a, b, &refusal_at, &len);
    bool not_done = first_in(c, q->not_done, s, a, b, &nd_at, &len);
    size_t first = first_deed < refusal_at ? first_deed : refusal_at;
    if (nd_at < first)
        first = nd_at;
    /* The guidance's voice before the deed is the guidance, not the deed:
     * "the family must be notified", "families should have the chance ...
     * to meet the Chair"; but "wrote to notify them that a review should be
     * held" and "when it was decided that a review should take place, the
     * FLO offered" report what was done. */
    for (size_t from = a; first < b && first_in(c, r->refs[REF_GUIDANCE], s, from, first, &g, &len);
         from = g + (len ? len : 1))
        if (!subordinate(s, a, g))
            return V_NONE;
    if (not_did || refusal || not_done) {
        bool reason = refusal || not_done || in_text(c, r->refs[REF_REASON], s, pa, nb) ||
                      in_text(c, r->refs[REF_EXPLAINED], s, pa, nb);
        return reason ? V_EXPLAINED : V_NONE;
    }
    return did ? V_MET : V_NONE;
}

/* A paragraph that opens with a short label naming the requirement
 * ("15.5 Adjustments:", "Updates.") is about it throughout. */
static bool labelled(dhr_ctx *c, const dhr_pattern *about, const dhr_para *p)
{
    size_t k = 0, words = 0;
    while (k < p->len && (dhr_is_digit((unsigned char)p->text[k]) || p->text[k] == '.'))
        k++;
    size_t from = k;
    for (; k < p->len && k < from + 80; k++) {
        char ch = p->text[k];
        if ((ch == ':' || ch == '.') && k > from &&
            (k + 1 == p->len || p->text[k + 1] == ' '))
            return words <= 6 && in_text(c, about, p->text, from, k);
        if (ch == ' ' && k > from && p->text[k - 1] != ' ')
            words++;
    }
    return false;
}

static bool in_annex_g_table(const reqspec *q, const dhr_para *p)
{
    for (size_t k = 0; p->table && k < q->ngtables; k++)
        if (q->gtables[k] == p->table)
            return true;
    return false;
}

/* The tables that ask the requirement's Annex G question, into Q. */
static void find_annex_g_tables(dhr_ctx *c, reqspec *q)
{
    size_t off, len;
    for (size_t i = 0; q->annex_g && q->annex_g->src && i < c->doc->npara; i++) {
        const dhr_para *p = &c->doc->paras[i];
        if (p->table && p->part == DHR_PART_BODY && !in_annex_g_table(q, p) &&
            q->ngtables < sizeof q->gtables / sizeof *q->gtables &&
            dhr_match(c, q->annex_g, i, 0, &off, &len))
            q->gtables[q->ngtables++] = p->table;
    }
}

/* What paragraph I says of ABOUT: explained if any sentence about it says
 * it was not done and why (a paragraph that says "Marta met the Chair;
 * Irena was too unwell to" is not a plain "met"), else met if one says it
 * was done. */
static evidence judge_paragraph(dhr_ctx *c, const dhr_pattern *about, const reqspec *q, size_t i,
                                bool in_fam)
{
    const dhr_para *p = &c->doc->paras[i];
    evidence met = {V_NONE, -1, 0, 0}, expl = met;
    bool all = labelled(c, about, p);
    size_t start = 0, off, len, judged_to = 0;
    while (start < p->len || (start == 0 && p->len == 0)) {
        size_t a, b;
        if (all) {
            dhr_sentence(p->text, p->len, start, 0, &a, &b);
            off = b;
        } else {
            if (!dhr_match(c, about, i, start, &off, &len))
                break;
            dhr_sentence(p->text, p->len, off, len, &a, &b);
        }
        start = b + 2; /* past the full stop and the space after it */
        if (b <= judged_to && judged_to)
            continue;
        judged_to = b;
        /* the sentences before and after, for a reason given there */
        size_t pa = a, nb = b, x, y;
        if (a >= 2) {
            dhr_sentence(p->text, p->len, a - 2, 0, &x, &y);
            pa = x < a ? x : a;
        }
        if (b + 2 < p->len) {
            dhr_sentence(p->text, p->len, b + 2, 0, &x, &y);
            nb = y;
        }
        verdict v = judge(c, q, p->text, p->len, pa, a, b, nb, off, in_fam);
        /* "The FLO offered them the leaflet. They declined." An offer
         * refused is not a thing done; a letter written is. */
        if (v == V_MET && nb > b && in_text(c, c->rule->refs[REF_OFFER], p->text, a, b) &&
            in_text(c, c->rule->refs[REF_EXPLAINED], p->text, b, nb) &&
            !question(p->text, p->len, nb))
            v = V_EXPLAINED;
        if (v == V_EXPLAINED && expl.v == V_NONE)
            expl = (evidence){V_EXPLAINED, (int32_t)i, a, b};
        else if (v == V_MET && met.v == V_NONE)
            met = (evidence){V_MET, (int32_t)i, a, b};
        if (getenv("DHRLINT_TRACE_FAMILY"))
            fprintf(stderr, "%s ¶%u [%d] %.*s\n", c->rule->info.id, p->n, (int)v,
                    (int)(b - a), p->text + a);
    }
    return expl.v ? expl : met;
}

/* The best evidence for ABOUT in the body in scope, the family-involvement
 * section first: met as soon as a paragraph shows it, else the first
 * explanation. */
static evidence search(dhr_ctx *c, const dhr_pattern *about, const reqspec *q)
{
    const dhr_rule *r = c->rule;
    const dhr_osection *fam = dhr_outline_find(c->ol, "family-involvement");
    evidence best = {V_NONE, -1, 0, 0};
    for (int pass = 0; pass < 2 && best.v != V_MET; pass++) {
        for (size_t i = 0; i < c->doc->npara && best.v != V_MET && !c->oom; i++) {
            const dhr_para *p = &c->doc->paras[i];
            bool in_fam = fam && (int32_t)i >= fam->first && (int32_t)i < fam->end;
            if (p->part != DHR_PART_BODY || in_fam != (pass == 0) || p->heading ||
                !dhr_in_scope(c, &r->scope, &r->exclude, i) || in_annex_g_table(q, p))
                continue;
            evidence ev = judge_paragraph(c, about, q, i, in_fam);
            if (ev.v > best.v)
                best = ev;
        }
    }
    return best;
}

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

/* The reason in the "If no, why?" row of the question at row ROW of the table
 * of paragraph I, written into WHY: the next rows up to the next numbered
 * question. */
static bool why_row(const dhr_document *doc, size_t i, char *why, size_t cap)
{
    const dhr_para *p = &doc->paras[i];
    for (size_t k = i + 1; k < doc->npara; k++) {
        const dhr_para *q = &doc->paras[k];
        if (q->table != p->table || q->part != p->part || q->row > p->row + 3)
            break;
        if (q->row == p->row || (k > 0 && doc->paras[k - 1].row == q->row))
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
static evidence annex_g(dhr_ctx *c, const reqspec *q, bool *unexplained, int32_t *at)
{
    evidence ev = {V_NONE, -1, 0, 0};
    bool any = false;
    const dhr_document *doc = c->doc;
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
        if (yn > 0 || (yn == 0 && !blank_answer(answer) &&
                       !in_text(c, c->rule->refs[REF_NEGATION], answer, 0, alen) &&
                       !in_text(c, c->rule->refs[REF_EXPLAINED], answer, 0, alen))) {
            v = V_MET;
        } else {
            /* "N – declined": the reason follows; "Did not meet the panel"
             * is no reason, the "why?" row may give one */
            const char *text = yn < 0 ? rest : answer;
            size_t tl = strlen(text);
            bool reason = yn < 0 ? tl > 3
                                 : in_text(c, c->rule->refs[REF_EXPLAINED], text, 0, tl) ||
                                       in_text(c, c->rule->refs[REF_REASON], text, 0, tl);
            if (!reason && why_row(doc, i, why, sizeof why))
                reason = true, text = why;
            size_t d, dl;
            tl = strlen(text);
            if (reason && first_in(c, q->done, text, 0, tl, &d, &dl) && !negated(c, text, 0, d) &&
                !in_text(c, c->rule->refs[REF_EXPLAINED], text, 0, tl))
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

static bool has_children(const dhr_cast *cast)
{
    for (size_t m = 0; m < cast->n; m++)
        if (cast->v[m].role == DHR_ROLE_CHILD)
            return true;
    return false;
}

static void record(dhr_ctx *c, int n, const evidence *ev)
{
    dhr_family_req *f = &c->res->family[n - 1];
    f->status = ev->v == V_MET ? DHR_FAMILY_MET
                : ev->v == V_EXPLAINED ? DHR_FAMILY_EXPLAINED
                                       : DHR_FAMILY_MISSING;
    free(f->excerpt);
    f->excerpt = NULL;
    f->para = -1;
    f->paragraph = 0;
    if (ev->para >= 0 && ev->v != V_NONE) {
        const dhr_para *p = &c->doc->paras[ev->para];
        f->para = ev->para;
        f->paragraph = p->n;
        f->excerpt = strndup(p->text + ev->a, ev->b - ev->a);
        if (!f->excerpt)
            c->oom = true;
    }
}

/* The worst of the requirement's parts: each <about> (the leaflet, and
 * advocacy), and its children's part when the cast has children. The part
 * that fell short is *WEAK (NULL for the first). */
static evidence judge_requirement(dhr_ctx *c, const reqspec *q, const dhr_item **weak)
{
    const dhr_rule *r = c->rule;
    evidence worst = search(c, &r->match, q);
    *weak = NULL;
    for (size_t k = 0; k < r->nitems && worst.v != V_NONE; k++) {
        const dhr_item *it = &r->items[k];
        if (strcmp(it->name, "about") != 0 &&
            !(strcmp(it->name, "children") == 0 && has_children(c->cast)))
            continue;
        evidence ev = search(c, &it->pat, q);
        if (ev.v < worst.v) {
            worst = ev;
            *weak = it;
        }
    }
    return worst;
}

static void family_requirement(dhr_ctx *c)
{
    const dhr_rule *r = c->rule;
    int n = (int)r->min;
    if (n < 1 || n > DHR_FAMILY_REQUIREMENTS || !r->match.src)
        return;
    reqspec q = {&r->cond_if, item(r, "not-done"), item(r, "mentions"), item(r, "unless"),
                 item(r, "annex-g"), {0}, 0};
    find_annex_g_tables(c, &q);
    const dhr_item *weak = NULL;
    evidence ev = judge_requirement(c, &q, &weak);
    bool unexplained = false;
    int32_t gap = -1;
    evidence table = annex_g(c, &q, &unexplained, &gap);
    if (table.v > ev.v)
        ev = table;
    record(c, n, &ev);
    dhr_evidence(c, ev.para);
    if (ev.v != V_NONE)
        return;
    /* {item}: the rule's note on what exactly is missing, if it has one */
    const dhr_item *why = weak && weak->note ? weak : NULL;
    if (!why && unexplained)
        for (size_t k = 0; k < r->nitems; k++)
            if (strcmp(r->items[k].name, "annex-g") == 0)
                why = &r->items[k];
    char note[512] = "";
    if (why && why->note)
        snprintf(note, sizeof note, " %s", why->note);
    dhr_fill f = {.item = note};
    /* Placed where Annex G has no answer, or at the family section's heading. */
    if (unexplained && gap >= 0) {
        dhr_emit(c, gap, true, 0, c->doc->paras[gap].len, NULL, NULL, &f);
        return;
    }
    const dhr_osection *fam = dhr_outline_find(c->ol, "family-involvement");
    int32_t at = fam ? (fam->heading >= 0 ? fam->heading : fam->first) : -1;
    dhr_emit(c, at, false, 0, 0, "", "family-involvement", &f);
}

/* Family disagreement (requirement 8): a sentence where the family raised
 * comments, concerns or disagreement (ABOUT, with PEOPLE) must be followed,
 * in the rest of its paragraph or, when it ends the paragraph, in the next
 * one unless that is numbered (a new matter), by what was done with them
 * (DONE, or the shared RESPONSE patterns). */
static void family_disagreement(dhr_ctx *c)
{
    const dhr_rule *r = c->rule;
    const dhr_osection *fam = dhr_outline_find(c->ol, "family-involvement");
    for (size_t i = 0; i < c->doc->npara && !c->oom; i++) {
        const dhr_para *p = &c->doc->paras[i];
        if (p->part != DHR_PART_BODY || !dhr_in_scope(c, &r->scope, &r->exclude, i))
            continue;
        bool in_fam = fam && (int32_t)i >= fam->first && (int32_t)i < fam->end;
        size_t start = 0, off, len;
        while (start <= p->len && dhr_match(c, &r->match, i, start, &off, &len)) {
            size_t a, b;
            dhr_sentence(p->text, p->len, off, len, &a, &b);
            start = b + 1;
            if (question(p->text, p->len, b) || negated(c, p->text, a, off) ||
                in_text(c, r->refs[REF_GUIDANCE], p->text, a, b) ||
                (r->refs[REF_PEOPLE] && !in_text(c, r->refs[REF_PEOPLE], p->text, a, b) &&
                 !names_family(c->cast, p->text, a, b) &&
                 !(in_fam && in_text(c, r->refs[REF_PRONOUNS], p->text, a, b))))
                continue;
            bool answered = in_text(c, &r->cond_if, p->text, a, p->len) ||
                            in_text(c, r->refs[REF_RESPONSE], p->text, a, p->len);
            bool last = b + 2 >= p->len;
            if (!answered && last && i + 1 < c->doc->npara) {
                const dhr_para *q = &c->doc->paras[i + 1];
                /* a new numbered paragraph is a new matter */
                if (q->part == DHR_PART_BODY && !q->heading && !q->list_label &&
                    !(q->len && dhr_is_digit((unsigned char)q->text[0])))
                    answered = in_text(c, &r->cond_if, q->text, 0, q->len) ||
                               in_text(c, r->refs[REF_RESPONSE], q->text, 0, q->len);
            }
            if (!answered)
                dhr_emit(c, (int32_t)i, true, a, b - a, NULL, NULL, NULL);
        }
    }
}

void dhr_check_family(dhr_ctx *c)
{
    switch (c->rule->kind) {
    case CK_FAMILY_REQUIREMENT:
        family_requirement(c);
        break;
    case CK_FAMILY_DISAGREEMENT:
        family_disagreement(c);
        break;
    default:
        break;
    }
}
