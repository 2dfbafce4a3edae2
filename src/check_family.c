/* Check kinds for the family's involvement (guidance 8.11-8.16, Figure 2,
 * Annex G): for each of the nine requirements, whether the report says it
 * was done (met), says why not (explained), or is silent (missing); and
 * whether the family's disagreements are recorded.
 *
 * The body is read a paragraph at a time, the family-involvement section
 * first, and each sentence about the requirement a clause group (between
 * semicolons) at a time. Such a group counts when the sentence names the
 * victim's family or friends (a word for a relative not owned by the
 * perpetrator, a family member of the cast, in the family section a
 * pronoun) and the group is not in the guidance's voice. A deed in it
 * (DONE) shows the thing done unless negated ("were not sent") or unreal
 * ("whether they would like to read", "will be shared"); a negated deed
 * with a reason nearby, a refusal or an impossibility is an explanation.
 * rules.rng (family-requirement) says the same for rule writers. */
#include "family.h"
#include "ascii.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const dhr_pattern *item(const dhr_rule *r, const char *name)
{
    for (size_t k = 0; k < r->nitems; k++)
        if (r->items[k].name && strcmp(r->items[k].name, name) == 0)
            return &r->items[k].pat;
    return NULL;
}

bool dhr_fam_in_text(dhr_ctx *c, const dhr_pattern *p, const char *s, size_t a, size_t b)
{
    return p && p->src && b > a && dhr_pattern_in_text(c, p, s + a, b - a);
}

bool dhr_fam_first(dhr_ctx *c, const dhr_pattern *p, const char *s, size_t a, size_t b,
                   size_t *at, size_t *len)
{
    if (!p || !p->src || b <= a || !dhr_pattern_first(c, p, s + a, b - a, at, len))
        return false;
    *at += a;
    return true;
}

#define in_text dhr_fam_in_text
#define first_in dhr_fam_first

static bool word_at(const char *s, size_t q, size_t b, const char *w, size_t wl)
{
    return q + wl <= b && strncasecmp(s + q, w, wl) == 0 &&
           (q == 0 || !dhr_is_alnum((unsigned char)s[q - 1])) &&
           (q + wl == b || !dhr_is_alnum((unsigned char)s[q + wl]));
}

/* Whether the words at Q are owned by the perpetrator: "Dean's parents",
 * "the perpetrator's brother". His family is not the victim's. */
static bool perpetrators(const dhr_cast *cast, const char *s, size_t a, size_t q)
{
    /* back over "'s " or "’s " to the owner's name */
    size_t e = q;
    while (e > a && s[e - 1] == ' ')
        e--;
    if (e >= a + 2 && (s[e - 1] == 's' || s[e - 1] == 'S') && s[e - 2] == '\'')
        e -= 2;
    else if (e >= a + 4 && s[e - 1] == 's' && (unsigned char)s[e - 2] == 0x99 &&
             (unsigned char)s[e - 3] == 0x80 && (unsigned char)s[e - 4] == 0xE2)
        e -= 4;
    else
        return false;
    size_t o = e;
    while (o > a && dhr_is_alnum((unsigned char)s[o - 1]))
        o--;
    if (word_at(s, o, e, "perpetrator", 11))
        return true;
    for (size_t m = 0; m < cast->n; m++)
        if (cast->v[m].role == DHR_ROLE_PERPETRATOR &&
            word_at(s, o, e, cast->v[m].name, strlen(cast->v[m].name)))
            return true;
    return false;
}

/* Whether [A, B) of S names a member of the cast in ROLE. */
static bool names_role(const dhr_cast *cast, dhr_role role, const char *s, size_t a, size_t b)
{
    for (size_t m = 0; m < cast->n; m++) {
        const dhr_cast_member *cm = &cast->v[m];
        size_t nl = strlen(cm->name);
        if (cm->role != role || !nl)
            continue;
        for (size_t q = a; q + nl <= b; q++)
            if (memcmp(s + q, cm->name, nl) == 0 && word_at(s, q, b, cm->name, nl))
                return true;
    }
    return false;
}

/* The role of the cast member named last in [A, B) of S, or -1. */
static int last_named(const dhr_cast *cast, const char *s, size_t a, size_t b)
{
    size_t best = 0;
    int role = -1;
    for (size_t m = 0; m < cast->n; m++) {
        const dhr_cast_member *cm = &cast->v[m];
        size_t nl = strlen(cm->name);
        for (size_t q = b; nl && q >= a + nl; q--)
            if (word_at(s, q - nl, b, cm->name, nl)) {
                if (q > best)
                    best = q, role = (int)cm->role;
                break;
            }
    }
    return role;
}

/* Whether [A, B) of S names the victim's family or friends; [PA, A) is the
 * paragraph before it. */
static bool names_family(dhr_ctx *c, const char *s, size_t pa, size_t a, size_t b, bool pronouns)
{
    const dhr_rule *r = c->rule;
    const dhr_cast *cast = c->cast;
    size_t at, len;
    for (size_t from = a; first_in(c, r->refs[REF_PEOPLE], s, from, b, &at, &len);
         from = at + (len ? len : 1))
        if (!perpetrators(cast, s, a, at))
            return true;
    if (names_role(cast, DHR_ROLE_FAMILY, s, a, b) || names_role(cast, DHR_ROLE_FRIEND, s, a, b) ||
        names_role(cast, DHR_ROLE_CHILD, s, a, b))
        return true;
    /* "they" are the family, unless the last of the cast named before
     * them is someone else: the perpetrator, or his parents */
    int last = last_named(cast, s, pa, b);
    return pronouns && in_text(c, r->refs[REF_PRONOUNS], s, a, b) &&
           last != DHR_ROLE_OTHER && last != DHR_ROLE_PERPETRATOR;
}

static bool clause_mark(char ch)
{
    return ch == ',' || ch == ';' || ch == ':' || ch == '(' || ch == ')';
}

/* The deed at X: negated by NEGATION within the four words before it in its
 * clause ("they were not sent", "could not be told", "none were made"; not
 * "declined, so the Chair wrote") or as the clause's first word ("No
 * arrangement for updates was agreed"), or unreal by UNREAL within those
 * words ("whether they would like to read", "will be shared"). */
deed_mood dhr_fam_mood(dhr_ctx *c, const char *s, size_t a, size_t x)
{
    const dhr_pattern *neg = c->rule->refs[REF_NEGATION];
    size_t w = x, words = 0;
    while (w > a && words < 5 && !clause_mark(s[w - 1])) {
        if (s[w - 1] == ' ' && w < x && s[w] != ' ')
            words++;
        w--;
    }
    if (in_text(c, neg, s, w, x))
        return DEED_NEGATED;
    if (in_text(c, c->rule->refs[REF_UNREAL], s, w, x))
        return DEED_UNREAL;
    size_t cs = w;
    while (cs > a && !clause_mark(s[cs - 1]))
        cs--;
    /* the clause's first word, after any paragraph number ("6.8 No ...") */
    while (cs < x && (s[cs] == ' ' || s[cs] == '.' || dhr_is_digit((unsigned char)s[cs])))
        cs++;
    size_t ce = cs;
    while (ce < x && s[ce] != ' ')
        ce++;
    return in_text(c, neg, s, cs, ce) ? DEED_NEGATED : DEED_DONE;
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
    for (size_t k = cs; k < g; k++)
        for (size_t w = 0; w < sizeof words / sizeof *words; w++)
            if (word_at(s, k, g, words[w], strlen(words[w])))
                return true;
    return false;
}

/* A question ("Were they given the draft DHR?") tells nothing; B is the end
 * of a sentence of S (N bytes) as dhr_sentence gives it, before its full
 * stop or question mark. */
static bool question(const char *s, size_t n, size_t b)
{
    while (b < n && (s[b] == ' ' || s[b] == ')'))
        b++;
    return b < n && s[b] == '?';
}

/* Whether [A, B) of S reads as a note without a verb ("all meetings by
 * video, at his request"): no auxiliary, and short. */
static bool verbless(const char *s, size_t a, size_t b)
{
    static const char *const aux[] = {"is", "are", "was", "were", "has", "have", "had", "be", "been"};
    size_t words = 0;
    for (size_t k = a; k < b; k++) {
        if (k > a && dhr_is_alpha((unsigned char)s[k - 1]))
            continue;
        if (!dhr_is_alpha((unsigned char)s[k]))
            continue;
        words++;
        for (size_t w = 0; w < sizeof aux / sizeof *aux; w++)
            if (word_at(s, k, b, aux[w], strlen(aux[w])))
                return false;
    }
    return words <= 12;
}

/* Whether [A, B) of S refers back to something: "told about it". */
static bool anaphor(const char *s, size_t a, size_t b)
{
    static const char *const words[] = {"it", "this", "that", "these", "those"};
    for (size_t k = a; k < b; k++)
        for (size_t w = 0; w < sizeof words / sizeof *words; w++)
            if (word_at(s, k, b, words[w], strlen(words[w])))
                return true;
    return false;
}

/* Where the judging happens: a clause group [A, B) of sentence [SA, SB),
 * with the sentences around it [PA, NB) for a reason given there. */
typedef struct span {
    const char *s;
    size_t n, pa, sa, a, b, sb, nb;
    const dhr_pattern *about;
    bool terse; /* the paragraph opens with a label naming the requirement */
} span;

/* What clause group X says of the requirement. */
static verdict judge(dhr_ctx *c, const reqspec *q, const span *x, bool pronouns)
{
    const dhr_rule *r = c->rule;
    const char *s = x->s;
    /* in the family section, a sentence without a person may go on from
     * one with ("The leaflet was posted to Kieran. A referral to advocacy
     * was not made: ...") */
    if (question(s, x->n, x->sb) || in_text(c, q->unless, s, x->a, x->b) ||
        !(names_family(c, s, 0, x->sa, x->sb, pronouns) ||
          (pronouns && x->pa < x->sa && names_family(c, s, 0, x->pa, x->sa, false))))
        return V_NONE;
    /* each deed, and how it stands */
    size_t first = x->b, at, len, g;
    bool did = false, not_did = false;
    for (size_t from = x->a; first_in(c, q->done, s, from, x->b, &at, &len);
         from = at + (len ? len : 1)) {
        deed_mood m = dhr_fam_mood(c, s, x->a, at);
        if (m == DEED_UNREAL)
            continue;
        if (at < first)
            first = at;
        if (m == DEED_NEGATED)
            not_did = true;
        else
            did = true;
    }
    size_t refusal_at = x->b, nd_at = x->b;
    bool refusal = first_in(c, r->refs[REF_EXPLAINED], s, x->a, x->b, &refusal_at, &len);
    bool not_done = first_in(c, q->not_done, s, x->a, x->b, &nd_at, &len);
    if (refusal_at < first)
        first = refusal_at;
    if (nd_at < first)
        first = nd_at;
    /* The guidance's voice before the deed is the guidance, not the deed:
     * "the family must be notified", "families should have the chance ...
     * to meet the Chair"; but "wrote to notify them that a review should be
     * held" and "when it was decided that a review should take place, the
     * FLO offered" report what was done. */
    for (size_t from = x->a;
         first < x->b && first_in(c, r->refs[REF_GUIDANCE], s, from, first, &g, &len);
         from = g + (len ? len : 1))
        if (!subordinate(s, x->a, g))
            return V_NONE;
    if (not_did || refusal || not_done) {
        bool reason = refusal || not_done || in_text(c, r->refs[REF_REASON], s, x->pa, x->nb) ||
                      in_text(c, r->refs[REF_EXPLAINED], s, x->pa, x->nb);
        return reason ? V_EXPLAINED : V_NONE;
    }
    /* A terse line under a label, with no verb: "Adjustments: all meetings
     * by video, at his request." */
    if (!did && x->terse && first == x->b && verbless(s, x->a, x->b) &&
        in_text(c, x->about, s, x->a, x->b) && !in_text(c, r->refs[REF_NEGATION], s, x->a, x->b))
        did = true;
    /* MENTIONS is what a deed must be about to count ("met the Chair",
     * "updated monthly"); an explanation need not name it */
    return did && (!q->mentions || in_text(c, q->mentions, s, x->sa, x->sb)) ? V_MET : V_NONE;
}

/* Whether [A, B) of S refuses or turns down what came before: "They
 * declined.", "Wei replied that they would not meet anyone". */
static bool refused(dhr_ctx *c, const reqspec *q, const char *s, size_t a, size_t b)
{
    size_t at, len;
    if (in_text(c, c->rule->refs[REF_EXPLAINED], s, a, b))
        return true;
    for (size_t from = a; first_in(c, q->done, s, from, b, &at, &len); from = at + (len ? len : 1))
        if (dhr_fam_mood(c, s, a, at) == DEED_NEGATED)
            return true;
    return false;
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
        /* a question cell, with its answer after it in the row */
        bool asks = i + 1 < c->doc->npara && c->doc->paras[i + 1].table == p->table &&
                    c->doc->paras[i + 1].row == p->row;
        if (p->table && asks && p->part == DHR_PART_BODY && !in_annex_g_table(q, p) &&
            q->ngtables < sizeof q->gtables / sizeof *q->gtables &&
            dhr_match(c, q->annex_g, i, 0, &off, &len))
            q->gtables[q->ngtables++] = p->table;
    }
}

/* Whether [A, B) of S is about another part of the requirement than ABOUT
 * (the leaflet, when ABOUT is advocacy). */
static bool other_part(dhr_ctx *c, const reqspec *q, const dhr_pattern *about, const char *s,
                       size_t a, size_t b)
{
    for (size_t k = 0; k < q->nparts; k++)
        if (q->parts[k] != about && in_text(c, q->parts[k], s, a, b))
            return true;
    /* the children's part, by the children's names */
    return q->kids && about != q->kids && (in_text(c, q->kids, s, a, b) ||
                                           names_role(c->cast, DHR_ROLE_CHILD, s, a, b));
}

/* What paragraph I says of ABOUT: explained if any clause group about it
 * says it was not done and why (a paragraph that says "Marta met the Chair;
 * Irena was too unwell to" is not a plain "met"), else met if one says it
 * was done. UNDER says what it stands under: FAM_LABEL a heading, question
 * or row label naming the requirement (all of it is about that, unless it
 * names the requirement itself: then as usual), FAM_ANSWER an Annex G
 * question (all of it, terse or not). */
evidence dhr_fam_judge_paragraph(dhr_ctx *c, const dhr_pattern *about, const reqspec *q,
                                 size_t i, fam_under under, bool in_fam)
{
    const dhr_para *p = &c->doc->paras[i];
    evidence met = {V_NONE, -1, 0, 0}, expl = met;
    bool terse = under == FAM_ANSWER || labelled(c, about, p);
    bool all = under == FAM_ANSWER ||
               (under == FAM_LABEL && !in_text(c, about, p->text, 0, p->len));
    all = all || terse;
    /* the children's part: a sentence naming one of the children is about them */
    bool by_name = q->children && !all;
    all = all || by_name;
    span x = {.s = p->text, .n = p->len, .about = about, .terse = terse};
    /* a sentence about the requirement that says nothing of it lends its
     * subject to the next: "The scoping review was completed. Nobody knew
     * she had a sister, so no family member was told about it." */
    bool carry = false;
    for (size_t start = 0; start < p->len;) {
        size_t off = 0, len = 0;
        bool this_all = all;
        if (!all && carry) {
            size_t ca, cb;
            dhr_sentence(p->text, p->len, start, 0, &ca, &cb);
            this_all = anaphor(p->text, ca, cb);
        }
        if (!this_all && !dhr_match(c, about, i, start, &off, &len))
            break;
        dhr_sentence(p->text, p->len, this_all ? start : off, len, &x.sa, &x.sb);
        carry = false;
        start = x.sb + 2; /* past the full stop and the space after it */
        /* the sentences before and after, for a reason given there */
        size_t u, v;
        x.pa = x.sa;
        x.nb = x.sb;
        if (x.sa >= 2) {
            dhr_sentence(p->text, p->len, x.sa - 2, 0, &u, &v);
            x.pa = u < x.sa ? u : x.sa;
        }
        if (x.sb + 2 < p->len) {
            dhr_sentence(p->text, p->len, x.sb + 2, 0, &u, &v);
            x.nb = v;
        }
        /* each clause group about the requirement: "they were not sent the
         * draft terms of reference; ...; and they have not seen the draft
         * report" */
        for (x.a = x.sa; x.a < x.sb; x.a = x.b + 1) {
            x.b = x.a;
            while (x.b < x.sb && p->text[x.b] != ';')
                x.b++;
            bool about_here = in_text(c, about, p->text, x.a, x.b);
            if ((!this_all || by_name) && !about_here &&
                !(by_name && names_role(c->cast, DHR_ROLE_CHILD, p->text, x.sa, x.sb)))
                continue;
            if (this_all && !about_here && other_part(c, q, about, p->text, x.a, x.b))
                continue;
            verdict vd = judge(c, q, &x, in_fam);
            carry = carry || (about_here && vd == V_NONE);
            /* "The FLO offered them the leaflet. They declined." An offer
             * refused is not a thing done; a letter written is. */
            if (vd == V_MET && in_text(c, c->rule->refs[REF_OFFER], p->text, x.a, x.b) &&
                refused(c, q, p->text, x.b, x.nb))
                vd = V_EXPLAINED;
            if (vd == V_EXPLAINED && expl.v == V_NONE)
                expl = (evidence){V_EXPLAINED, (int32_t)i, x.sa, x.sb};
            else if (vd == V_MET && met.v == V_NONE)
                met = (evidence){V_MET, (int32_t)i, x.sa, x.sb};
            if (getenv("DHRLINT_TRACE_FAMILY"))
                fprintf(stderr, "%s ¶%u [%d] %.*s\n", c->rule->info.id, p->n, (int)vd,
                        (int)(x.b - x.a), p->text + x.a);
        }
    }
    /* where any one way of doing it will do (meeting the Chair or the
     * panel), one done is enough */
    return q->either && met.v ? met : expl.v ? expl : met;
}

/* Whether paragraph P labels what follows it as about ABOUT: a heading that
 * names the requirement ("The Chair's letter"), a question ("Were you told
 * about the scoping review?"), or the first cell of a table row ("2. Home
 * Office leaflet and advocacy" | what happened). */
static bool is_label(dhr_ctx *c, const dhr_pattern *about, const dhr_para *p)
{
    return in_text(c, about, p->text, 0, p->len);
}

/* The best evidence for ABOUT in the body in scope: met as soon as a
 * paragraph shows it, else the first explanation. The family-involvement
 * section is read first, and what it says stands: the rest of the report is
 * read only when it is silent. */
static evidence search(dhr_ctx *c, const dhr_pattern *about, const reqspec *q)
{
    const dhr_rule *r = c->rule;
    const dhr_osection *fam = dhr_outline_find(c->ol, "family-involvement");
    evidence best = {V_NONE, -1, 0, 0};
    for (int pass = 0; pass < 2 && best.v == V_NONE; pass++) {
        /* what the last heading or question said this part is about */
        bool under_label = false;
        uint32_t label_table = 0, label_row = 0;
        for (size_t i = 0; i < c->doc->npara && best.v != V_MET && !c->oom; i++) {
            const dhr_para *p = &c->doc->paras[i];
            bool in_fam = fam && (int32_t)i >= fam->first && (int32_t)i < fam->end;
            if (p->part != DHR_PART_BODY || in_fam != (pass == 0))
                continue;
            /* labels count inside the family section only: elsewhere a
             * heading such as "Executive Summary" is no label of ours */
            if (p->heading || (!p->table && question(p->text, p->len, p->len ? p->len - 1 : 0))) {
                under_label = in_fam && is_label(c, about, p);
                continue;
            }
            if (!p->table)
                label_table = 0;
            bool row_label = false;
            if (p->table && p->cell == 1) {
                /* a short first cell naming the requirement labels its row */
                row_label = in_fam && dhr_count_words(p->text, p->len) <= 8 && is_label(c, about, p);
                label_table = row_label ? p->table : 0;
                label_row = p->row;
                if (row_label)
                    continue;
            }
            bool all = under_label ||
                       (p->table && p->table == label_table && p->row == label_row);
            if (!dhr_report_says(c, i) || !dhr_in_scope(c, &r->scope, &r->exclude, i) ||
                in_annex_g_table(q, p))
                continue;
            evidence ev =
                dhr_fam_judge_paragraph(c, about, q, i, all ? FAM_LABEL : FAM_TEXT, in_fam);
            if (ev.v > best.v)
                best = ev;
        }
    }
    return best;
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
static evidence judge_requirement(dhr_ctx *c, const reqspec *q, const dhr_item **weak,
                                  bool *unexplained, int32_t *gap)
{
    const dhr_rule *r = c->rule;
    evidence worst = search(c, &r->match, q);
    *weak = NULL;
    for (size_t k = 0; k < r->nitems && worst.v != V_NONE; k++) {
        const dhr_item *it = &r->items[k];
        if (strcmp(it->name, "about") != 0)
            continue;
        evidence ev = search(c, &it->pat, q);
        if (ev.v < worst.v) {
            worst = ev;
            *weak = it;
        }
    }
    /* Annex G answers the same questions as the text; the better of the
     * two stands. The children's part is asked nowhere in it. */
    evidence table = dhr_annex_g(c, q, unexplained, gap);
    if (table.v > worst.v) {
        worst = table;
        *weak = NULL;
    }
    reqspec kids = *q;
    kids.children = true;
    for (size_t k = 0; k < r->nitems && worst.v != V_NONE && has_children(c->cast); k++) {
        const dhr_item *it = &r->items[k];
        if (strcmp(it->name, "children") != 0)
            continue;
        evidence ev = search(c, &it->pat, &kids);
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
                 item(r, "annex-g"), {0}, 0, false, r->either, {&r->match}, 1,
                 has_children(c->cast) ? item(r, "children") : NULL};
    for (size_t k = 0; k < r->nitems && q.nparts < sizeof q.parts / sizeof *q.parts; k++)
        if (strcmp(r->items[k].name, "about") == 0)
            q.parts[q.nparts++] = &r->items[k].pat;
    find_annex_g_tables(c, &q);
    const dhr_item *weak = NULL;
    bool unexplained = false;
    int32_t gap = -1;
    evidence ev = judge_requirement(c, &q, &weak, &unexplained, &gap);
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
 * comments, concerns or disagreement about the review (ABOUT, not negated:
 * "no further comments"; MENTIONS the review, the draft, the panel; naming
 * the family) in a paragraph that nowhere says what was done with them
 * (DONE, or the shared RESPONSE patterns), nor does the next paragraph
 * unless that is numbered (a new matter). */
static void family_disagreement(dhr_ctx *c)
{
    const dhr_rule *r = c->rule;
    const dhr_osection *fam = dhr_outline_find(c->ol, "family-involvement");
    const dhr_pattern *mentions = item(r, "mentions");
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
            size_t g, gl;
            if (question(p->text, p->len, b) || dhr_fam_mood(c, p->text, a, off) != DEED_DONE ||
                (first_in(c, r->refs[REF_GUIDANCE], p->text, a, off, &g, &gl) &&
                 !subordinate(p->text, a, g)) ||
                (mentions && !in_text(c, mentions, p->text, a, b)) ||
                !names_family(c, p->text, a, a, b, in_fam))
                continue;
            bool answered = in_text(c, &r->cond_if, p->text, 0, p->len) ||
                            in_text(c, r->refs[REF_RESPONSE], p->text, 0, p->len);
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
