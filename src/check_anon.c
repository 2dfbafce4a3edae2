/* Anonymisation check kinds about children (13.1.4): words and pronouns that
 * give a child's sex, and a child's specific age. Both need to know who a
 * sentence is about, which the cast (cast.c) and a little reading of the
 * sentence tell: "her little boy" is a child, "Grace's son, Lee" is the adult
 * the pseudonym table says he is, and "She was frightened" after "Child 1's
 * comment" is Child 1. */
#include "engine.h"
#include "ascii.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool is_word_char(char ch)
{
    return dhr_is_alnum((unsigned char)ch) || (unsigned char)ch >= 0x80;
}

/* Whether a word may start at byte K of S: after a space, punctuation, or
 * a typographic quote or dash (U+2010..U+205F, "“Grace"), not in a word. */
static bool word_starts(const char *s, size_t k)
{
    if (k == 0 || !is_word_char(s[k - 1]))
        return true;
    return k >= 3 && (unsigned char)s[k - 3] == 0xE2 &&
           ((unsigned char)s[k - 2] == 0x80 || (unsigned char)s[k - 2] == 0x81);
}

/* Whether a name ending at byte E of S ends a word there: "Child 1" in
 * "Child 1’s" does (a typographic apostrophe is not a letter). */
static bool word_ends(const char *s, size_t n, size_t e)
{
    if (e >= n || !is_word_char(s[e]))
        return true;
    return e + 2 < n && (unsigned char)s[e] == 0xE2 && (unsigned char)s[e + 1] == 0x80 &&
           (unsigned char)s[e + 2] == 0x99;
}

/* A cast member named in S[a, b) as a whole word; of ROLE, unless ROLE is -1.
 * Returns the offset of the last such mention, or SIZE_MAX. */
static size_t last_mention(const dhr_cast *cast, const char *s, size_t a, size_t b, int role,
                           const dhr_cast_member **who)
{
    size_t best = SIZE_MAX;
    for (size_t m = 0; m < cast->n; m++) {
        const dhr_cast_member *cm = &cast->v[m];
        if (role >= 0 && cm->role != (dhr_role)role)
            continue;
        size_t nl = strlen(cm->name);
        for (size_t i = a; i + nl <= b; i++) {
            if (memcmp(s + i, cm->name, nl) != 0)
                continue;
            if ((i > 0 && is_word_char(s[i - 1])) || !word_ends(s, b, i + nl))
                continue;
            if (best == SIZE_MAX || i > best) {
                best = i;
                if (who)
                    *who = cm;
            }
        }
    }
    return best;
}

/* Whether WORD is a whole word of S, whatever its case. */
static bool has_word(const char *s, const char *word)
{
    size_t n = strlen(s), wl = strlen(word);
    for (size_t q = 0; q + wl <= n; q++)
        if (strncasecmp(s + q, word, wl) == 0 && (q == 0 || !is_word_char(s[q - 1])) &&
            (q + wl == n || !is_word_char(s[q + wl])))
            return true;
    return false;
}

/* Whether cast member CM is named in S[A, B). */
static bool named_in(const dhr_cast_member *cm, const char *s, size_t a, size_t b)
{
    size_t nl = strlen(cm->name);
    for (size_t q = a; nl && q + nl <= b; q++)
        if (memcmp(s + q, cm->name, nl) == 0 && (q == 0 || !is_word_char(s[q - 1])) &&
            word_ends(s, b, q + nl))
            return true;
    return false;
}

/* Whether S (N bytes and a NUL) names a child of the cast. */
static bool names_child(const dhr_cast *cast, const char *s, size_t n)
{
    for (size_t m = 0; m < cast->n; m++) {
        const dhr_cast_member *cm = &cast->v[m];
        if (cm->role != DHR_ROLE_CHILD || !cm->name[0])
            continue;
        size_t nl = strlen(cm->name);
        for (const char *q = strstr(s, cm->name); q; q = strstr(q + 1, cm->name))
            if ((q == s || !is_word_char(q[-1])) && word_ends(q, n - (size_t)(q - s), nl))
                return true;
    }
    return false;
}

/* The cast member named at byte K of S, as a whole word, or NULL. */
static const dhr_cast_member *mention_at(const dhr_cast *cast, const char *s, size_t n, size_t k)
{
    for (size_t m = 0; m < cast->n; m++) {
        size_t nl = strlen(cast->v[m].name);
        if (nl && k + nl <= n && memcmp(s + k, cast->v[m].name, nl) == 0 && word_ends(s, n, k + nl))
            return &cast->v[m];
    }
    return NULL;
}

static bool sentence_matches(dhr_ctx *c, const dhr_pattern *p, const char *s, size_t a, size_t b)
{
    return dhr_pattern_in_text(c, p, s + a, b - a);
}

/* The rule's <words name="NAME"> list. */
static const struct dhr_word_set *word_set(const dhr_rule *r, const char *name)
{
    for (size_t k = 0; k < r->nsets; k++)
        if (r->sets[k].name && strcmp(r->sets[k].name, name) == 0)
            return &r->sets[k];
    return NULL;
}

/* Whether S[0..N) has a word of SET. */
static bool has_word_of(const struct dhr_word_set *set, const char *s, size_t n)
{
    for (size_t k = 0; set && k < n;) {
        if (!dhr_is_alpha((unsigned char)s[k])) {
            k++;
            continue;
        }
        size_t e = k;
        while (e < n && dhr_is_alpha((unsigned char)s[e]))
            e++;
        if (dhr_word_set_has(set, s + k, e - k))
            return true;
        k = e;
    }
    return false;
}

/* --- who a sentence is about -------------------------------------------- */

typedef enum sex { SEX_UNKNOWN, SEX_MALE, SEX_FEMALE } sex;

/* Someone the paragraph speaks of, in text order: a cast member by name, a
 * word such as "son" or "boy", or a pronoun standing for one of these. */
typedef struct mention {
    size_t at;
    bool child;
    sex s;
    int member;   /* index into the cast, or -1 */
    bool pronoun; /* "her": stands for another mention */
    bool owner;   /* "Stella's": a name owning what follows */
    size_t end;   /* where its word ends */
} mention;

#define MAX_MENTIONS 256

typedef struct child_sex_state {
    const struct dhr_word_set *male, *female, *pronouns, *siblings, *childlike, *young,
        *speakers, *neutral, *parents, *determiners, *child_words, *after_object;
    int32_t *declared; /* see declared_at */
    sex *cast_sex; /* learnt from pronouns as the document goes */
    mention m[MAX_MENTIONS];
    size_t nm;
} child_sex_state;

static sex sex_of(const child_sex_state *st, const char *s, size_t n)
{
    return dhr_word_set_has(st->male, s, n) ? SEX_MALE : dhr_word_set_has(st->female, s, n) ? SEX_FEMALE : SEX_UNKNOWN;
}

static void add_mention(child_sex_state *st, size_t at, size_t end, bool child, sex s, int member,
                        bool pronoun, bool owner)
{
    if (st->nm < MAX_MENTIONS)
        st->m[st->nm++] = (mention){at, child, s, member, pronoun, owner, end};
}

/* Words between bytes A and B of S, and whether a comma or a clause word
 * ("that", "who", "which") comes between: a pronoun that far from a name,
 * or past a clause's edge, may stand for it even as an object. */
static bool same_clause(const char *s, size_t a, size_t b)
{
    int words = 0;
    for (size_t k = a; k < b; k++) {
        if (s[k] == ',' || s[k] == ';' || s[k] == ':')
            return false;
        if (dhr_is_alpha((unsigned char)s[k]) && (k == a || !dhr_is_alpha((unsigned char)s[k - 1]))) {
            words++;
            if ((b - k >= 4 && (strncasecmp(s + k, "that ", 5) == 0 || strncasecmp(s + k, "who ", 4) == 0)) ||
                (b - k >= 6 && strncasecmp(s + k, "which ", 6) == 0))
                return false;
        }
    }
    return words <= 6;
}

static bool agrees(const child_sex_state *st, const mention *m, sex s)
{
    sex ms = m->member >= 0 && m->s == SEX_UNKNOWN ? st->cast_sex[m->member] : m->s;
    return ms == SEX_UNKNOWN || ms == s;
}

/* The subject of the sentence [FROM, TO): its first person, or, when that
 * is an owner ("Her daughter is thirteen"), the one it owns. */
static const mention *subject(const child_sex_state *st, size_t from, size_t to)
{
    for (size_t k = 0; k < st->nm; k++) {
        if (st->m[k].at < from || st->m[k].at >= to)
            continue;
        if (st->m[k].pronoun && k + 1 < st->nm && st->m[k + 1].at < to && !st->m[k + 1].pronoun &&
            st->m[k + 1].member < 0 && st->m[k + 1].at - st->m[k].at < 24)
            return &st->m[k + 1];
        return &st->m[k];
    }
    return NULL;
}

static bool fits(const child_sex_state *st, const mention *m, sex s, bool adult_only)
{
    return m && agrees(st, m, s) && !(adult_only && m->child);
}

/* Whom a pronoun of sex S at AT stands for, in the sentence starting at
 * SENT_FROM: at a sentence's start, the first person the sentence before
 * (from PREV_FROM) names, or its subject; else its own sentence's subject or
 * the nearest person before it, whoever agrees with it.
 * ADULT_ONLY: it owns a child ("Her baby son"), so is a parent. */
static const mention *referent(const child_sex_state *st, const char *text, size_t at, sex s,
                               bool sentence_initial, size_t prev_from, size_t sent_from,
                               bool adult_only, bool object, bool possessive)
{
    /* "Stella's dimples and her temper": an owner just before it owns this too */
    if (!object && !sentence_initial && st->nm && st->m[st->nm - 1].owner &&
        st->m[st->nm - 1].at >= sent_from && same_clause(text, st->m[st->nm - 1].end, at) &&
        fits(st, &st->m[st->nm - 1], s, adult_only))
        return &st->m[st->nm - 1];
    /* An object ("him", "sit up with her") is not its clause's subject, the
     * person just before it: "His grandson called him", "Ivy would sit up
     * with her" (the eldest). */
    const mention *not = NULL;
    if (object && !sentence_initial)
        for (size_t k = st->nm; k-- > 0 && !not;)
            if (st->m[k].at < at && st->m[k].at >= sent_from)
                not = &st->m[k];
    if (not && (not->owner || !same_clause(text, not->end, at)))
        not = NULL; /* "Hope's community was important to her"; "a letter sent to him" */
    if (not) {
        const mention *m = subject(st, sent_from, at);
        if (m != not && fits(st, m, s, adult_only))
            return m;
        for (size_t k = st->nm; k-- > 0;)
            if (&st->m[k] != not && st->m[k].at < at && fits(st, &st->m[k], s, adult_only))
                return &st->m[k];
        return NULL;
    }
    if (sentence_initial) {
        /* the first person the sentence before names, else its subject */
        for (size_t k = 0; k < st->nm; k++)
            if (st->m[k].at >= prev_from && st->m[k].at < sent_from && st->m[k].member >= 0 &&
                fits(st, &st->m[k], s, adult_only))
                return &st->m[k];
        const mention *m = subject(st, prev_from, sent_from);
        if (fits(st, m, s, adult_only))
            return m;
    } else {
        /* "Her granddaughter was the light of her life": a possessive of the
         * owner's sex belongs to the owner, not to what the owner owns. */
        const mention *m = subject(st, sent_from, at);
        if (possessive && m && m > st->m && (m - 1)->pronoun && (m - 1)->at >= sent_from &&
            fits(st, m - 1, s, adult_only))
            return m - 1;
        if (fits(st, m, s, adult_only))
            return m;
    }
    for (size_t k = st->nm; k-- > 0;)
        if (st->m[k].at < at && fits(st, &st->m[k], s, adult_only))
            return &st->m[k];
    return NULL;
}

/* The word before byte AT (skipping spaces and quotes): its start, or SIZE_MAX. */
static size_t word_before(const char *s, size_t at, size_t *len)
{
    size_t e = at;
    while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == ','))
        e--;
    size_t b = e;
    while (b > 0 && (dhr_is_alpha((unsigned char)s[b - 1]) || s[b - 1] == '\'' ||
                     (unsigned char)s[b - 1] >= 0x80))
        b--;
    if (b == e)
        return SIZE_MAX;
    *len = e - b;
    return b;
}

/* "Grace's" or "Grace’s" at [B, B+N): the length of the name, or 0. */
static size_t possessive_name(const char *s, size_t b, size_t n)
{
    if (n > 2 && s[b + n - 2] == '\'' && s[b + n - 1] == 's')
        return n - 2;
    if (n > 4 && (unsigned char)s[b + n - 4] == 0xE2 && (unsigned char)s[b + n - 3] == 0x80 &&
        (unsigned char)s[b + n - 2] == 0x99 && s[b + n - 1] == 's')
        return n - 4;
    return 0;
}

/* Whether the cast says a word for offspring ("son") means a child: a child's
 * relationship uses it ("Son of Hope and Dean"), or none of the adults'
 * does ("Grace's son" is Lee, 24) and the report has children. */
static bool offspring_is_child(const dhr_cast *cast, const char *w, size_t n)
{
    if (n > 1 && (w[n - 1] == 's' || w[n - 1] == 'S'))
        n--; /* "sons" as "son" */
    bool child = false, adult = false, children = false;
    for (size_t m = 0; m < cast->n; m++) {
        const dhr_cast_member *cm = &cast->v[m];
        children |= cm->role == DHR_ROLE_CHILD;
        const char *rel = cm->relationship;
        size_t rl = rel ? strlen(rel) : 0;
        for (size_t q = 0; q + n <= rl; q++) {
            if (strncasecmp(rel + q, w, n) != 0 || (q > 0 && is_word_char(rel[q - 1])) ||
                (q + n < rl && rel[q + n] != 's' && is_word_char(rel[q + n])))
                continue;
            if (cm->role == DHR_ROLE_CHILD)
                child = true;
            else
                adult = true;
            break;
        }
    }
    return child || (children && !adult);
}

/* Where each cast member is declared: the index of its body paragraph, or
 * -1. Computed once a check. */
static int32_t *declared_at(const dhr_ctx *c)
{
    int32_t *at = malloc((c->cast->n + 1) * sizeof *at);
    for (size_t m = 0; at && m < c->cast->n; m++)
        at[m] = -1;
    for (size_t i = 0; at && i < c->doc->npara; i++) {
        const dhr_para *d = &c->doc->paras[i];
        if (d->part != DHR_PART_BODY || !d->table)
            continue;
        for (size_t m = 0; m < c->cast->n; m++)
            if (c->cast->v[m].paragraph == d->n)
                at[m] = (int32_t)i;
    }
    return at;
}

/* The cast member whose table row holds paragraph P, or -1. */
static int row_member(const dhr_ctx *c, const int32_t *at, const dhr_para *p)
{
    if (!at || !p->table || p->part != DHR_PART_BODY)
        return -1;
    for (size_t m = 0; m < c->cast->n; m++) {
        if (at[m] < 0)
            continue;
        const dhr_para *d = &c->doc->paras[at[m]];
        if (d->table == p->table && d->row == p->row)
            return (int)m;
    }
    return -1;
}

/* A child's age straight after a word: "a girl aged 4", "their son (aged 9)",
 * "a boy of 15". */
static bool age_after(const char *s, size_t n, size_t e)
{
    static const char *const lead[] = {", aged ", " aged ", " (aged ", ", age ", " of ", NULL};
    for (int k = 0; lead[k]; k++) {
        size_t l = strlen(lead[k]);
        if (e + l < n && strncmp(s + e, lead[k], l) == 0 && dhr_is_digit((unsigned char)s[e + l])) {
            long age = strtol(s + e + l, NULL, 10);
            return age >= 0 && age < 18;
        }
    }
    return false;
}

/* Whether a word that gives a sex, at [OFF, OFF+LEN) of paragraph I, is
 * about a child. */
static bool about_child(dhr_ctx *c, child_sex_state *st, size_t i, size_t off, size_t len)
{
    const dhr_rule *r = c->rule;
    const dhr_para *p = &c->doc->paras[i];
    const char *s = p->text;
    size_t a, b;
    dhr_sentence(s, p->len, off, len, &a, &b);
    if (sentence_matches(c, &r->cond_if, s, a, b))
        return false; /* "her adult son", "son-in-law", "girlfriend" */
    bool sibling = dhr_word_set_has(st->siblings, s + off, len), childlike = dhr_word_set_has(st->childlike, s + off, len);
    bool offspring = !sibling && !childlike;
    if (age_after(s, p->len, off + len))
        return true;
    /* what stands before it: "her little boy", "Grace's son", "our daughter" */
    size_t wl, w = word_before(s, off, &wl);
    bool young = false;
    while (w != SIZE_MAX && w >= a &&
           (dhr_word_set_has(st->young, s + w, wl) || dhr_word_set_has(st->neutral, s + w, wl))) {
        young |= dhr_word_set_has(st->young, s + w, wl);
        w = word_before(s, w, &wl);
    }
    if (young && !sibling)
        return true; /* "her little boy"; but "my little sister" may be forty */
    bool has_owner_word = w != SIZE_MAX && w >= a;
    if (childlike && has_owner_word && dhr_word_set_has(st->determiners, s + w, wl))
        return true; /* "my boys", "their girls" */
    if (offspring && has_owner_word && dhr_word_set_has(st->speakers, s + w, wl))
        return false; /* the family speaking of her: "our only daughter" */
    const mention *owner = NULL;
    mention named;
    bool pronoun_owner = false;
    if (has_owner_word) {
        for (size_t k = st->nm; k-- > 0 && !owner;)
            if (st->m[k].at == w)
                owner = &st->m[k]; /* "her", "his": a pronoun already resolved */
        pronoun_owner = owner && owner->pronoun;
        size_t nl = owner ? 0 : possessive_name(s, w, wl);
        const dhr_cast_member *who = nl ? dhr_cast_find(c->cast, s + w, nl) : NULL;
        /* a name of several words: "Ms P's", "Child 1's" */
        for (size_t m = 0; nl && !who && m < c->cast->n; m++) {
            size_t cl = strlen(c->cast->v[m].name);
            if (cl > nl && w + nl >= cl && memcmp(s + w + nl - cl, c->cast->v[m].name, cl) == 0 &&
                (w + nl == cl || !is_word_char(s[w + nl - cl - 1])))
                who = &c->cast->v[m];
        }
        if (who) {
            named = (mention){w, who->role == DHR_ROLE_CHILD, SEX_UNKNOWN, (int)(who - c->cast->v),
                              false, true, w + wl};
            owner = &named;
        } else if (nl && dhr_is_lower((unsigned char)s[w])) {
            return false; /* "a farmer's daughter" */
        }
    }
    /* An owner only a word stood for ("her" after "granddaughter") decides
     * nothing. */
    if (owner && owner->member < 0 && !owner->child)
        owner = NULL;
    if (sibling)
        return owner && owner->child; /* "his sister": the boy's */
    /* "Eirlys chose the pseudonym for her daughter": her mother (the table
     * says so) named before it speaks of the victim. */
    if (offspring && pronoun_owner)
        for (size_t m = 0; m < c->cast->n; m++) {
            const dhr_cast_member *cm = &c->cast->v[m];
            if (!cm->relationship || !named_in(cm, s, a, off))
                continue;
            for (size_t k = 0; st->parents && k < st->parents->n; k++)
                if (has_word(cm->relationship, st->parents->w[k]))
                    return false;
        }
    if (owner && owner->member >= 0) {
        dhr_role role = c->cast->v[owner->member].role;
        if (role == DHR_ROLE_FRIEND || role == DHR_ROLE_OTHER)
            return false; /* a friend's daughter is no child of the review's */
        return !owner->child && (childlike || offspring_is_child(c->cast, s + off, len));
    }
    if (owner && owner->child)
        return offspring_is_child(c->cast, s + off, len); /* "her grandson", her = a child word */
    /* No one's. "Son" in the pseudonym table is whoever that row is. */
    int m = row_member(c, st->declared, p);
    if (m >= 0)
        return c->cast->v[m].role == DHR_ROLE_CHILD;
    /* "the boys were well cared for" after the twins; but "the girl who
     * sang at every eisteddfod" in a pen portrait is the victim, young. */
    if (childlike) {
        for (size_t k = 0; k < st->nm; k++)
            if (st->m[k].child && st->m[k].at < off)
                return true;
        return false;
    }
    return offspring_is_child(c->cast, s + off, len);
}

static void child_sex(dhr_ctx *c)
{
    const dhr_rule *r = c->rule;
    child_sex_state *st = calloc(1, sizeof *st);
    sex *learnt = calloc(c->cast->n + 1, sizeof *learnt);
    if (!st || !learnt) {
        free(st);
        free(learnt);
        c->oom = true;
        return;
    }
    st->cast_sex = learnt;
    st->declared = declared_at(c);
    st->male = word_set(r, "male");
    st->female = word_set(r, "female");
    st->pronouns = word_set(r, "pronouns");
    st->siblings = word_set(r, "siblings");
    st->childlike = word_set(r, "childlike");
    st->young = word_set(r, "young");
    st->speakers = word_set(r, "speakers");
    st->neutral = word_set(r, "neutral");
    st->parents = word_set(r, "parents");
    st->determiners = word_set(r, "determiners");
    st->child_words = word_set(r, "child-words");
    st->after_object = word_set(r, "after-object");
    for (size_t i = 0; i < c->doc->npara && !c->oom; i++) {
        if (!dhr_in_scope(c, &r->scope, &r->exclude, i))
            continue;
        const dhr_para *p = &c->doc->paras[i];
        const char *s = p->text;
        st->nm = 0;
        /* The words that give a sex (MATCH), in order. */
        size_t words[64][2], nw = 0, start = 0, off, len;
        while (nw < 64 && start <= p->len && dhr_match(c, &r->match, i, start, &off, &len)) {
            if (len)
                words[nw][0] = off, words[nw++][1] = len;
            start = off + (len ? len : 1);
        }
        /* A paragraph with none of those words and no child named in it
         * can say nothing of a child's sex. */
        if (!nw && !names_child(c->cast, s, p->len) && !has_word_of(st->child_words, s, p->len))
            continue;
        /* Walk the words of the paragraph: names, those words, pronouns. */
        size_t next_word = 0, sent_from = 0, prev_from = 0, a = 0, b = 0;
        for (size_t k = 0; k < p->len;) {
            if (!dhr_is_alnum((unsigned char)s[k]) || !word_starts(s, k)) {
                k++;
                continue;
            }
            size_t e = k;
            while (e < p->len && (dhr_is_alnum((unsigned char)s[e]) || s[e] == '-'))
                e++;
            if (k >= b || k < a)
                dhr_sentence(s, p->len, k, e - k, &a, &b);
            if (a != sent_from) {
                prev_from = sent_from;
                sent_from = a;
            }
            const dhr_cast_member *who = mention_at(c->cast, s, p->len, k);
            while (next_word < nw && words[next_word][0] < k)
                next_word++;
            if (next_word < nw && words[next_word][0] == k) {
                size_t wl = words[next_word][1];
                bool child = about_child(c, st, i, k, wl);
                if (child)
                    dhr_emit(c, (int32_t)i, true, k, wl, NULL, NULL, NULL);
                add_mention(st, k, k + wl, child, sex_of(st, s + k, wl), -1, false, false);
                k += wl;
                continue;
            }
            if (who) {
                size_t nl = strlen(who->name);
                bool owns = possessive_name(s, k, e > k + nl ? e - k : nl) != 0 ||
                            (k + nl + 3 < p->len && (unsigned char)s[k + nl] == 0xE2 &&
                             s[k + nl + 3] == 's');
                add_mention(st, k, k + nl, who->role == DHR_ROLE_CHILD, SEX_UNKNOWN,
                            (int)(who - c->cast->v), false, owns);
                k += nl;
                continue;
            }
            bool little_one = e - k == 3 && strncasecmp(s + k, "one", 3) == 0 && k >= 7 &&
                              strncasecmp(s + k - 7, "little ", 7) == 0;
            size_t from = little_one ? k - 7 : k; /* where "the little one" starts */
            if (dhr_word_set_has(st->child_words, s + k, e - k) || little_one) {
                /* "the eldest", "the younger child": a child, sex unknown;
                 * but "baby son" is one person, the son */
                bool before_word = next_word < nw && words[next_word][0] > k &&
                                   words[next_word][0] <= e + 1;
                /* only as one child: "the eldest", "her youngest" */
                size_t dl, d = word_before(s, from, &dl);
                bool determined = d != SIZE_MAX &&
                                  ((dl == 3 && strncasecmp(s + d, "the", 3) == 0) ||
                                   dhr_word_set_has(st->determiners, s + d, dl));
                bool of = e + 3 < p->len && strncmp(s + e, " of ", 4) == 0; /* "an elder of his church" */
                if (!before_word && determined && !of)
                    add_mention(st, k, e, true, SEX_UNKNOWN, -1, false, false);
                k = e;
                continue;
            }
            if (dhr_word_set_has(st->pronouns, s + k, e - k)) {
                sex ps = sex_of(st, s + k, e - k);
                bool initial = k == a || (k >= a && k - a <= 4 && !dhr_is_alpha((unsigned char)s[a]));
                /* "Her baby son": the owner of a son or a girl is a parent */
                size_t nx = e;
                while (nx < p->len && s[nx] == ' ')
                    nx++;
                size_t ne = nx;
                while (ne < p->len && dhr_is_alpha((unsigned char)s[ne]))
                    ne++;
                while (ne > nx && (dhr_word_set_has(st->young, s + nx, ne - nx) ||
                                   dhr_word_set_has(st->neutral, s + nx, ne - nx))) {
                    nx = ne;
                    while (nx < p->len && s[nx] == ' ')
                        nx++;
                    ne = nx;
                    while (ne < p->len && dhr_is_alpha((unsigned char)s[ne]))
                        ne++;
                }
                bool parent = ne > nx && sex_of(st, s + nx, ne - nx) != SEX_UNKNOWN &&
                              !dhr_word_set_has(st->pronouns, s + nx, ne - nx) &&
                              !dhr_word_set_has(st->siblings, s + nx, ne - nx);
                /* "him", or "her" not owning what follows ("with her.",
                 * "told her that") */
                bool object = (e - k == 3 && strncasecmp(s + k, "him", 3) == 0) ||
                              (e - k == 3 && strncasecmp(s + k, "her", 3) == 0 &&
                               (nx >= p->len || ne == nx || dhr_word_set_has(st->after_object, s + nx, ne - nx)));
                bool possessive = !object && ((e - k == 3 && strncasecmp(s + k, "her", 3) == 0) ||
                                              (e - k == 3 && strncasecmp(s + k, "his", 3) == 0));
                const mention *ref =
                    referent(st, s, k, ps, initial, prev_from, sent_from, parent, object, possessive);
                if (!ref) {
                    /* No one named before it: someone the paragraph is about,
                     * an adult by default ("He was a deacon for thirty
                     * years"), whom later pronouns of the same sex mean. */
                    add_mention(st, k, e, false, ps, -1, true, false);
                } else {
                    if (ref->member >= 0 && st->cast_sex[ref->member] == SEX_UNKNOWN)
                        st->cast_sex[ref->member] = ps;
                    bool child = ref->child;
                    int member = ref->member;
                    if (child)
                        dhr_emit(c, (int32_t)i, true, k, e - k, NULL, NULL, NULL);
                    add_mention(st, k, e, child, ps, member, true, false);
                }
            }
            k = e;
        }
    }
    free(st->declared);
    free(learnt);
    free(st);
}

/* --- a child's age ------------------------------------------------------ */

/* Whether the sentence S[0..N) opens with a personal pronoun ("He was six",
 * "I was ten"), a quotation mark before it allowed. */
static bool starts_with_pronoun(const char *s, size_t n)
{
    static const char *const pronouns[] = {"he ", "she ", "they ", "i ", NULL};
    size_t k = 0;
    while (k < n && !dhr_is_alpha((unsigned char)s[k]))
        k++;
    for (int w = 0; pronouns[w]; w++) {
        size_t l = strlen(pronouns[w]);
        if (k + l <= n && strncasecmp(s + k, pronouns[w], l) == 0)
            return true;
    }
    return false;
}

/* Each MATCH in a sentence about a child (it matches CHILD, or names a child
 * of the cast); and a child's age in the pseudonym table, when the cell is
 * a specific age (CAST-AGE) rather than a band. */
static void near_child(dhr_ctx *c)
{
    const dhr_rule *r = c->rule;
    int32_t *declared = declared_at(c);
    for (size_t i = 0; i < c->doc->npara && !c->oom; i++) {
        if (!dhr_in_scope(c, &r->scope, &r->exclude, i))
            continue;
        const dhr_para *p = &c->doc->paras[i];
        size_t start = 0, off, len;
        while (start <= p->len && dhr_match(c, &r->match, i, start, &off, &len)) {
            size_t a, b;
            dhr_sentence(p->text, p->len, off, len, &a, &b);
            bool child = sentence_matches(c, &r->cond_if, p->text, a, b) ||
                         last_mention(c->cast, p->text, a, b, DHR_ROLE_CHILD, NULL) != SIZE_MAX;
            /* "Her son was her world. He was six when she died.": a sentence
             * that opens with a pronoun goes on about the one before's child */
            if (!child && a >= 2 && starts_with_pronoun(p->text + a, b - a)) {
                size_t pa, pb;
                dhr_sentence(p->text, p->len, a - 2, 0, &pa, &pb);
                child = sentence_matches(c, &r->cond_if, p->text, pa, pb) ||
                        last_mention(c->cast, p->text, pa, pb, DHR_ROLE_CHILD, NULL) != SIZE_MAX;
            }
            if (len && child)
                dhr_emit(c, (int32_t)i, true, off, len, NULL, NULL, NULL);
            start = off + (len ? len : 1);
        }
        /* The table's Age cell of a child: "9", "18 months". */
        int m = row_member(c, declared, p);
        const dhr_cast_member *cm = m >= 0 ? &c->cast->v[m] : NULL;
        if (cm && cm->role == DHR_ROLE_CHILD && cm->age && p->len == strlen(cm->age) &&
            strcmp(p->text, cm->age) == 0 && r->except &&
            dhr_match_text(c, r->except, p->text, p->len))
            dhr_emit(c, (int32_t)i, true, 0, p->len, NULL, NULL, NULL);
    }
    free(declared);
}

void dhr_check_anon(dhr_ctx *c)
{
    switch (c->rule->kind) {
    case CK_CHILD_SEX:
        child_sex(c);
        break;
    case CK_NEAR_CHILD:
        near_child(c);
        break;
    default:
        break;
    }
}
