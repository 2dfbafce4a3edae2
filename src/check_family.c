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

typedef enum verdict { V_NONE, V_EXPLAINED, V_MET } verdict;

static const dhr_pattern *item(const dhr_rule *r, const char *name)
{
    for (size_t k = 0; k < r->nitems; k++)
        if (r->items[k].name && strcmp(r->items[k].name, name) == 0)
            return &r->items[k].pat;
    return NULL;
}

static bool in_text(dhr_ctx *c, const dhr_pattern *p, const char *s, size_t a, size_t b)
{
    return p && p->src && dhr_pattern_in_text(c, p, s + a, b - a);
}

static bool names_family(const dhr_cast *cast, const char *s, size_t a, size_t b)
{
    for (size_t m = 0; m < cast->n; m++) {
        const dhr_cast_member *cm = &cast->v[m];
        if (cm->role != DHR_ROLE_FAMILY && cm->role != DHR_ROLE_FRIEND)
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

/* What sentence [A, B) of S says of the requirement (ABOUT already matched). */
static verdict judge(dhr_ctx *c, const dhr_pattern *done, const dhr_pattern *not_done,
                     const char *s, size_t a, size_t b)
{
    const dhr_rule *r = c->rule;
    if (r->refs[REF_PEOPLE] && !in_text(c, r->refs[REF_PEOPLE], s, a, b) &&
        !names_family(c->cast, s, a, b))
        return V_NONE;
    /* The guidance's voice before the deed is the guidance, not the deed:
     * "the family must be notified"; but "wrote to notify them that a
     * review should be held" reports what was done. */
    size_t d = b - a, g;
    bool did = !done || !done->src || dhr_pattern_first(c, done, s + a, b - a, &d, NULL);
    bool guidance = r->refs[REF_GUIDANCE] && dhr_pattern_first(c, r->refs[REF_GUIDANCE], s + a, b - a, &g, NULL);
    if (guidance && g < d)
        return V_NONE;
    if (did)
        return V_MET;
    if (in_text(c, not_done, s, a, b) || in_text(c, r->refs[REF_EXPLAINED], s, a, b))
        return V_EXPLAINED;
    return V_NONE;
}

typedef struct evidence {
    verdict v;
    int32_t para;
    size_t a, b;
} evidence;

/* The best evidence for ABOUT in the body in scope, the family-involvement
 * section first: the first sentence that shows it met and matches PREFER
 * (where the rule has one: "met the Chair" rather than "the interpreter
 * attended every meeting"), else the first that shows it met, else the first
 * explanation. */
static evidence search(dhr_ctx *c, const dhr_pattern *about, const dhr_pattern *done,
                       const dhr_pattern *not_done, const dhr_pattern *prefer)
{
    const dhr_rule *r = c->rule;
    const dhr_osection *fam = dhr_outline_find(c->ol, "family-involvement");
    evidence best = {V_NONE, -1, 0, 0};
    bool settled = false;
    for (int pass = 0; pass < 2 && !settled; pass++) {
        for (size_t i = 0; i < c->doc->npara && !settled && !c->oom; i++) {
            const dhr_para *p = &c->doc->paras[i];
            bool in_fam = fam && (int32_t)i >= fam->first && (int32_t)i < fam->end;
            if (p->part != DHR_PART_BODY || in_fam != (pass == 0) ||
                !dhr_in_scope(c, &r->scope, &r->exclude, i))
                continue;
            size_t start = 0, off, len, done_to = 0;
            while (start <= p->len && dhr_match(c, about, i, start, &off, &len)) {
                size_t a, b;
                dhr_sentence(p->text, p->len, off, len, &a, &b);
                start = off + (len ? len : 1);
                if (a < done_to)
                    continue; /* this sentence is judged already */
                done_to = b;
                verdict v = judge(c, done, not_done, p->text, a, b);
                bool preferred = v == V_MET && (!prefer || !prefer->src ||
                                                in_text(c, prefer, p->text, a, b));
                if (v > best.v || preferred)
                    best = (evidence){v, (int32_t)i, a, b};
                if (preferred) {
                    settled = true;
                    break;
                }
            }
        }
    }
    return best;
}

static bool strcasestr_ascii(const char *s, const char *w)
{
    size_t wl = strlen(w);
    for (; *s; s++)
        if (strncasecmp(s, w, wl) == 0)
            return true;
    return false;
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

/* The Annex G row asking about this requirement: "Y" met, "N" with a reason
 * (in the answer or the "If no, why?" row after it) explained, "N" alone a
 * gap (*UNEXPLAINED). */
static evidence annex_g(dhr_ctx *c, const dhr_pattern *question, bool *unexplained)
{
    evidence ev = {V_NONE, -1, 0, 0};
    const dhr_document *doc = c->doc;
    char answer[512], why[512];
    for (size_t i = 0; question && i < doc->npara && ev.v != V_MET; i++) {
        const dhr_para *p = &doc->paras[i];
        size_t off, len;
        if (p->part != DHR_PART_BODY || !p->table || !dhr_match(c, question, i, 0, &off, &len))
            continue;
        if (!row_after(doc, i, answer, sizeof answer))
            continue;
        const char *rest;
        int yn = yes_no(answer, &rest);
        if (yn > 0) {
            ev = (evidence){V_MET, (int32_t)i, 0, p->len};
            continue;
        }
        if (yn == 0)
            continue;
        bool reason = strlen(rest) > 3;
        /* the next row: "If no, why?" and its answer */
        for (size_t k = i + 1; !reason && k < doc->npara && doc->paras[k].table == p->table; k++) {
            const dhr_para *q = &doc->paras[k];
            if (q->row == p->row)
                continue;
            if (q->row > p->row + 1)
                break;
            if (strcasestr_ascii(q->text, "why"))
                reason = row_after(doc, k, why, sizeof why) > 3;
            break;
        }
        if (reason) {
            if (ev.v < V_EXPLAINED)
                ev = (evidence){V_EXPLAINED, (int32_t)i, 0, p->len};
        } else {
            *unexplained = true;
            if (ev.para < 0)
                ev.para = (int32_t)i, ev.a = 0, ev.b = p->len;
        }
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

static void family_requirement(dhr_ctx *c)
{
    const dhr_rule *r = c->rule;
    int n = (int)r->min;
    if (n < 1 || n > DHR_FAMILY_REQUIREMENTS || !r->match.src)
        return;
    const dhr_pattern *not_done = item(r, "not-done");
    const dhr_pattern *prefer = item(r, "prefer");
    evidence ev = search(c, &r->match, &r->cond_if, not_done, prefer);
    bool unexplained = false;
    evidence table = annex_g(c, item(r, "annex-g"), &unexplained);
    if (table.v > ev.v)
        ev = table;
    /* Requirement 2: children too, when the review has any. */
    const dhr_pattern *children = item(r, "children");
    bool children_missing = false;
    if (ev.v != V_NONE && children && children->src && has_children(c->cast)) {
        evidence kids = search(c, children, &r->cond_if, not_done, NULL);
        children_missing = kids.v == V_NONE;
    }
    if (children_missing) {
        evidence none = {V_NONE, -1, 0, 0};
        record(c, n, &none);
    } else {
        record(c, n, &ev);
    }
    if (c->res->family[n - 1].status != DHR_FAMILY_MISSING)
        return;
    /* {item}: the rule's note on what exactly is missing, if it has one */
    const dhr_item *why = NULL;
    for (size_t k = 0; k < r->nitems; k++)
        if (strcmp(r->items[k].name, children_missing ? "children" : "annex-g") == 0 &&
            (children_missing || unexplained))
            why = &r->items[k];
    char note[512] = "";
    if (why && why->note)
        snprintf(note, sizeof note, " %s", why->note);
    dhr_fill f = {.item = note};
    /* Placed at the family section's heading, or where Annex G says "N". */
    const dhr_osection *fam = dhr_outline_find(c->ol, "family-involvement");
    int32_t at = unexplained && !children_missing && table.para >= 0 ? table.para
                 : fam ? (fam->heading >= 0 ? fam->heading : fam->first)
                       : -1;
    if (at >= 0 && unexplained && at == table.para)
        dhr_emit(c, at, true, 0, c->doc->paras[at].len, NULL, NULL, &f);
    else
        dhr_emit(c, at, false, 0, 0, "", "family-involvement", &f);
}

/* Family disagreement (requirement 8): a sentence where the family raised
 * comments, concerns or disagreement (ABOUT, with PEOPLE) must be followed,
 * in it or the next two sentences, by what was done with them (DONE, or the
 * shared RESPONSE patterns). */
static void family_disagreement(dhr_ctx *c)
{
    const dhr_rule *r = c->rule;
    for (size_t i = 0; i < c->doc->npara && !c->oom; i++) {
        const dhr_para *p = &c->doc->paras[i];
        if (p->part != DHR_PART_BODY || !dhr_in_scope(c, &r->scope, &r->exclude, i))
            continue;
        size_t start = 0, off, len;
        while (start <= p->len && dhr_match(c, &r->match, i, start, &off, &len)) {
            size_t a, b;
            dhr_sentence(p->text, p->len, off, len, &a, &b);
            start = b + 1;
            if (in_text(c, r->refs[REF_GUIDANCE], p->text, a, b) ||
                (r->refs[REF_PEOPLE] && !in_text(c, r->refs[REF_PEOPLE], p->text, a, b) &&
                 !names_family(c->cast, p->text, a, b)))
                continue;
            /* this sentence, the two after it, and the next paragraph */
            bool answered = false;
            size_t to = b;
            for (int more = 0; more < 3 && !answered; more++) {
                size_t x, y;
                if (more == 0) {
                    x = a;
                    y = b;
                } else {
                    if (to + 2 >= p->len)
                        break;
                    dhr_sentence(p->text, p->len, to + 2, 0, &x, &y);
                    to = y;
                }
                answered = in_text(c, &r->cond_if, p->text, x, y) ||
                           in_text(c, r->refs[REF_RESPONSE], p->text, x, y);
            }
            for (size_t k = i + 1; !answered && k < c->doc->npara && k < i + 3; k++) {
                const dhr_para *q = &c->doc->paras[k];
                if (q->part != DHR_PART_BODY || q->heading)
                    break;
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
