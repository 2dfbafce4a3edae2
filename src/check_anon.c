/* Anonymisation check kinds that need the cast: a child's sex, a child's
 * age, panel members' names. */
#include "engine.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The sentence of paragraph text S around [OFF, OFF+LEN): from after the
 * previous ". ", "? ", "! " (or the start) to the next one (or the end). */
static void sentence(const char *s, size_t n, size_t off, size_t len, size_t *a, size_t *b)
{
    size_t i = off;
    while (i > 0 && !((s[i - 1] == ' ' || s[i - 1] == '\n') && i >= 2 &&
                      (s[i - 2] == '.' || s[i - 2] == '?' || s[i - 2] == '!')))
        i--;
    size_t j = off + len;
    while (j < n && !((s[j] == '.' || s[j] == '?' || s[j] == '!') &&
                      (j + 1 == n || s[j + 1] == ' ' || s[j + 1] == '\n')))
        j++;
    *a = i;
    *b = j;
}

static bool is_word_char(char ch)
{
    return isalnum((unsigned char)ch) || (unsigned char)ch >= 0x80;
}

/* A cast member named in S[a, b) as a whole word; of ROLE, unless ROLE is -1.
 * Returns the offset of the last such mention before LIMIT, or SIZE_MAX. */
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
            if ((i > 0 && is_word_char(s[i - 1])) || (i + nl < b && is_word_char(s[i + nl])))
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

static bool sentence_matches(dhr_ctx *c, const dhr_pattern *p, const char *s, size_t a, size_t b)
{
    return dhr_pattern_in_text(c, p, s + a, b - a);
}

static void child_sex(dhr_ctx *c)
{
    const dhr_rule *r = c->rule;
    static const char *const pronouns[] = {"he", "him", "his", "himself", "she", "her", "hers",
                                           "herself", NULL};
    bool children = false;
    for (size_t m = 0; m < c->cast->n; m++)
        children |= c->cast->v[m].role == DHR_ROLE_CHILD;
    for (size_t i = 0; i < c->doc->npara && !c->oom; i++) {
        if (!dhr_in_scope(c, &r->scope, &r->exclude, i))
            continue;
        const dhr_para *p = &c->doc->paras[i];
        /* Words that give a child's sex: son, daughter, boy, girl... */
        size_t start = 0, off, len;
        while (start <= p->len && dhr_match(c, &r->match, i, start, &off, &len)) {
            size_t a, b;
            sentence(p->text, p->len, off, len, &a, &b);
            if (len && !sentence_matches(c, &r->cond_if, p->text, a, b))
                dhr_emit(c, (int32_t)i, true, off, len, NULL, NULL, NULL);
            start = off + (len ? len : 1);
        }
        /* Pronouns whose nearest person in the sentence is a child. */
        if (!children)
            continue;
        for (size_t k = 0; k < p->len; k++) {
            if (!isalpha((unsigned char)p->text[k]) || (k && is_word_char(p->text[k - 1])))
                continue;
            size_t e = k;
            while (e < p->len && isalpha((unsigned char)p->text[e]))
                e++;
            bool pronoun = false;
            for (int w = 0; pronouns[w] && !pronoun; w++)
                pronoun = strlen(pronouns[w]) == e - k &&
                          strncasecmp(p->text + k, pronouns[w], e - k) == 0;
            if (pronoun) {
                size_t a, b;
                sentence(p->text, p->len, k, e - k, &a, &b);
                const dhr_cast_member *who = NULL;
                size_t at = last_mention(c->cast, p->text, a, k, -1, &who);
                /* The nearest person before it is a child, and no adult of
                 * the cast came before the child in the sentence. */
                if (at != SIZE_MAX && who && who->role == DHR_ROLE_CHILD) {
                    size_t adult = SIZE_MAX;
                    for (int role = DHR_ROLE_VICTIM; role <= DHR_ROLE_OTHER; role++)
                        if (role != DHR_ROLE_CHILD) {
                            size_t m = last_mention(c->cast, p->text, a, at, role, NULL);
                            if (m != SIZE_MAX)
                                adult = m;
                        }
                    if (adult == SIZE_MAX)
                        dhr_emit(c, (int32_t)i, true, k, e - k, NULL, NULL, NULL);
                }
            }
            k = e;
        }
    }
}

static void near_child(dhr_ctx *c)
{
    const dhr_rule *r = c->rule;
    for (size_t i = 0; i < c->doc->npara && !c->oom; i++) {
        if (!dhr_in_scope(c, &r->scope, &r->exclude, i))
            continue;
        const dhr_para *p = &c->doc->paras[i];
        size_t start = 0, off, len;
        while (start <= p->len && dhr_match(c, &r->match, i, start, &off, &len)) {
            size_t a, b;
            sentence(p->text, p->len, off, len, &a, &b);
            bool child = sentence_matches(c, &r->cond_if, p->text, a, b) ||
                         last_mention(c->cast, p->text, a, b, DHR_ROLE_CHILD, NULL) != SIZE_MAX;
            if (len && child)
                dhr_emit(c, (int32_t)i, true, off, len, NULL, NULL, NULL);
            start = off + (len ? len : 1);
        }
    }
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
