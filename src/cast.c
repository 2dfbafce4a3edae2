/* strcasestr: matching relationship words whatever their case. */
#define _GNU_SOURCE
#include "cast.h"
#include "ruleset.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *dhr_role_name(dhr_role r)
{
    static const char *const names[] = {"victim", "perpetrator", "child", "family", "friend",
                                        "other"};
    return (unsigned)r <= DHR_ROLE_OTHER ? names[r] : "other";
}

/* Where WORD first occurs in TEXT as a whole word, or SIZE_MAX. */
static size_t word_at(const char *text, const char *word)
{
    size_t wl = strlen(word);
    for (const char *p = text; (p = strcasestr(p, word)) != NULL; p += wl) {
        bool start = p == text || !isalpha((unsigned char)p[-1]);
        bool end = !isalpha((unsigned char)p[wl]);
        if (start && end)
            return (size_t)(p - text);
    }
    return SIZE_MAX;
}

/* The relationship says who a pseudonym stands for; its first role word
 * decides ("Sister, now kinship carer for the children" is family). A
 * perpetrator who was also a partner is the perpetrator. */
static dhr_role role_of(const char *rel)
{
    static const struct {
        dhr_role role;
        const char *const words[24];
    } kinds[] = {
        {DHR_ROLE_PERPETRATOR, {"perpetrator", "defendant", "suspect", "offender", NULL}},
        {DHR_ROLE_VICTIM, {"victim", "deceased", NULL}},
        {DHR_ROLE_CHILD, {"child", "children", "son", "daughter", "stepson", "stepdaughter",
                          "step-son", "step-daughter", "baby", "infant", "toddler", "grandchild",
                          "grandson", "granddaughter", NULL}},
        {DHR_ROLE_FAMILY, {"mother", "father", "sister", "brother", "aunt", "uncle", "cousin",
                           "grandmother", "grandfather", "parent", "parents", "sibling", "niece",
                           "nephew", "stepmother", "stepfather", "mother-in-law",
                           "father-in-law", "family", "relative", "wife", "husband", NULL}},
        {DHR_ROLE_FRIEND, {"friend", "neighbour", "colleague", "employer", "flatmate",
                           "housemate", NULL}},
    };
    if (!rel)
        return DHR_ROLE_OTHER;
    /* The perpetrator and the victim are named as such wherever the word
     * stands ("Husband and perpetrator"). */
    for (int k = 0; k < 2; k++)
        for (int w = 0; kinds[k].words[w]; w++)
            if (word_at(rel, kinds[k].words[w]) != SIZE_MAX)
                return kinds[k].role;
    dhr_role best = DHR_ROLE_OTHER;
    size_t best_at = SIZE_MAX;
    for (size_t k = 2; k < sizeof kinds / sizeof kinds[0]; k++)
        for (int w = 0; kinds[k].words[w]; w++) {
            size_t at = word_at(rel, kinds[k].words[w]);
            if (at < best_at) {
                best_at = at;
                best = kinds[k].role;
            }
        }
    if (best == DHR_ROLE_CHILD && word_at(rel, "adult") != SIZE_MAX)
        best = DHR_ROLE_FAMILY;
    return best;
}

static bool has_word(const char *text, const char *word)
{
    return word_at(text, word) != SIZE_MAX;
}

/* An age column that says the person is an adult ("Adult", "38"). */
static bool adult_age(const char *age)
{
    if (!age)
        return false;
    if (has_word(age, "adult"))
        return true;
    for (const char *p = age; *p; p++)
        if (isdigit((unsigned char)*p)) {
            char *unit;
            long n = strtol(p, &unit, 10);
            while (*unit == ' ')
                unit++;
            /* "18 months" is a baby */
            if (strncasecmp(unit, "month", 5) == 0 || strncasecmp(unit, "week", 4) == 0 ||
                strncasecmp(unit, "day", 3) == 0)
                return false;
            return n >= 18;
        }
    return false;
}

/* A cell's text as a name: quotes, brackets and footnote marks dropped. */
static char *clean_name(const char *s, size_t n)
{
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '(' || c == '[')
            break; /* "Lena (victim)" */
        if (c == '\'' || c == '"' || c == '*')
            continue;
        if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
            ((unsigned char)s[i + 2] >= 0x98 && (unsigned char)s[i + 2] <= 0x9F)) {
            i += 2; /* curly quotes */
            continue;
        }
        out[o++] = (char)c;
    }
    while (o && isspace((unsigned char)out[o - 1]))
        o--;
    size_t st = 0;
    while (st < o && isspace((unsigned char)out[st]))
        st++;
    memmove(out, out + st, o - st);
    out[o - st] = '\0';
    return out;
}

static bool add(dhr_cast *cast, char *name, dhr_role role, const char *rel, const char *age,
                const char *eth, uint32_t para)
{
    if (!name || !name[0] || strlen(name) > 60 || !isupper((unsigned char)name[0]) ||
        strcasecmp(name, "n/a") == 0) {
        free(name);
        return true;
    }
    for (size_t i = 0; i < cast->n; i++)
        if (strcmp(cast->v[i].name, name) == 0) {
            free(name); /* declared twice: the table's entry stands */
            return true;
        }
    if (cast->n >= 200) {
        free(name);
        return true;
    }
    dhr_cast_member *v = realloc(cast->v, (cast->n + 1) * sizeof *v);
    if (!v) {
        free(name);
        return false;
    }
    cast->v = v;
    cast->v[cast->n++] = (dhr_cast_member){name, role, rel ? strdup(rel) : NULL,
                                           age ? strdup(age) : NULL, eth ? strdup(eth) : NULL,
                                           para};
    return true;
}

#define MAX_COLS 16

/* A table whose first row names a "Pseudonym" column (or "Name", inside the
 * confidentiality section): one member a row. */
static bool from_tables(dhr_cast *cast, const dhr_document *doc, const dhr_outline *ol,
                        const dhr_osection *conf)
{
    for (size_t i = 0; i < doc->npara; i++) {
        const dhr_para *p = &doc->paras[i];
        if (p->part != DHR_PART_BODY || !p->table || p->row != 1 || p->cell != 1 ||
            p->table_depth != 1)
            continue;
        bool in_conf = conf && (int32_t)i >= conf->first && (int32_t)i < conf->end;
        int name_col = 0, rel_col = 0, age_col = 0, eth_col = 0;
        size_t j = i;
        for (; j < doc->npara && doc->paras[j].table == p->table && doc->paras[j].row == 1; j++) {
            const dhr_para *h = &doc->paras[j];
            if (h->cell >= MAX_COLS)
                continue;
            if (has_word(h->text, "pseudonym") || has_word(h->text, "pseudonyms") ||
                (in_conf && (strcasecmp(h->text, "name") == 0 || has_word(h->text, "name used"))))
                name_col = name_col ? name_col : (int)h->cell;
            else if (has_word(h->text, "relationship") || has_word(h->text, "relation") ||
                     has_word(h->text, "role"))
                rel_col = (int)h->cell;
            else if (has_word(h->text, "age"))
                age_col = (int)h->cell;
            else if (strcasestr(h->text, "ethnic"))
                eth_col = (int)h->cell;
        }
        if (!name_col)
            continue;
        /* The rows: cells of one row may hold several paragraphs; the first
         * holds what matters. */
        const char *cells[MAX_COLS] = {0};
        uint32_t row = 0, row_para = 0;
        for (size_t k = j; k <= doc->npara; k++) {
            const dhr_para *c = k < doc->npara ? &doc->paras[k] : NULL;
            bool same_table = c && c->table == p->table && c->part == DHR_PART_BODY;
            if (!same_table || c->row != row) {
                if (row && cells[name_col]) {
                    const char *rel = rel_col ? cells[rel_col] : NULL;
                    const char *age = age_col ? cells[age_col] : NULL;
                    dhr_role role = role_of(rel);
                    if (role == DHR_ROLE_CHILD && adult_age(age))
                        role = DHR_ROLE_FAMILY; /* an adult son or daughter */
                    if (!add(cast, clean_name(cells[name_col], strlen(cells[name_col])),
                             role, rel, age,
                             eth_col ? cells[eth_col] : NULL, row_para))
                        return false;
                }
                memset(cells, 0, sizeof cells);
                if (!same_table)
                    break;
                row = c->row;
                row_para = c->n;
            }
            if (c->table_depth == 1 && c->cell < MAX_COLS && !cells[c->cell] && c->len)
                cells[c->cell] = c->text;
        }
        (void)ol;
    }
    return true;
}

/* Prose declarations: "referred to as 'Amira'", "the pseudonym 'Craig'",
 * "known as Ben in this report". The role comes from words before it in the
 * same sentence. Numbered labels ("Child 1") are children. */
static bool from_prose(dhr_cast *cast, const struct dhr_word_set *intro, const dhr_document *doc,
                       const dhr_osection *conf)
{
    for (size_t i = 0; i < doc->npara; i++) {
        const dhr_para *p = &doc->paras[i];
        bool in_conf = conf && (int32_t)i >= conf->first && (int32_t)i < conf->end;
        if (p->part != DHR_PART_BODY || p->table)
            continue;
        const char *t = p->text;
        /* Numbered labels anywhere in the confidentiality section. */
        for (const char *q = t; in_conf && (q = strstr(q, "Child ")) != NULL; q += 6)
            if (isdigit((unsigned char)q[6])) {
                size_t l = 6;
                while (isdigit((unsigned char)q[l]))
                    l++;
                if (!add(cast, strndup(q, l), DHR_ROLE_CHILD, NULL, NULL, NULL, p->n))
                    return false;
            }
        if (!in_conf && !strcasestr(t, "pseudonym"))
            continue;
        for (size_t k = 0; intro && k < intro->n; k++) {
            const char *phrase = intro->w[k];
            size_t pl = strlen(phrase);
            for (const char *q = t; (q = strcasestr(q, phrase)) != NULL; q++) {
                if (q[pl] != ' ')
                    continue; /* the pseudonym follows, after a space */
                const char *s = q + pl + 1;
                /* optional opening quote */
                if (*s == '\'' || *s == '"')
                    s++;
                else if ((unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
                         ((unsigned char)s[2] >= 0x98 && (unsigned char)s[2] <= 0x9F))
                    s += 3;
                if (!isupper((unsigned char)*s))
                    continue;
                size_t l = 0;
                while (isalpha((unsigned char)s[l]) || s[l] == '-')
                    l++;
                if (l < 2 || l > 30)
                    continue;
                /* "Child 1": a numbered label, found above with its number. */
                if (s[l] == ' ' && isdigit((unsigned char)s[l + 1]))
                    continue;
                /* Prose says whose pseudonym it is less plainly than a table:
                 * "Sarah's mother chose the pseudonym Sarah for her daughter".
                 * Only the victim, the perpetrator (anywhere in the sentence)
                 * and children (before the name) are taken from it. */
                const char *start = q;
                while (start > t && start[-1] != '.' && start[-1] != ';')
                    start--;
                const char *end = s + l;
                while (*end && *end != '.' && *end != ';')
                    end++;
                char *whole = strndup(start, (size_t)(end - start));
                char *before = strndup(start, (size_t)(s - start));
                dhr_role role = whole ? role_of(whole) : DHR_ROLE_OTHER;
                if (role != DHR_ROLE_VICTIM && role != DHR_ROLE_PERPETRATOR)
                    role = before && role_of(before) == DHR_ROLE_CHILD ? DHR_ROLE_CHILD
                                                                      : DHR_ROLE_OTHER;
                free(whole);
                free(before);
                if (!add(cast, strndup(s, l), role, NULL, NULL, NULL, p->n))
                    return false;
            }
        }
    }
    return true;
}

/* Whether the report says who chose the victim's and the perpetrator's
 * pseudonyms: a sentence with "pseudonym", a verb of choosing, and the
 * person (by role or by their pseudonym). */
static void choosers(dhr_cast *cast, const struct dhr_word_set *verbs, const dhr_document *doc)
{
    for (size_t i = 0; i < doc->npara; i++) {
        const dhr_para *p = &doc->paras[i];
        if (p->part != DHR_PART_BODY || !strcasestr(p->text, "pseudonym"))
            continue;
        const char *t = p->text;
        for (const char *s = t; *s;) {
            const char *e = s;
            while (*e && *e != '.' && *e != ';')
                e++;
            char *sent = strndup(s, (size_t)(e - s));
            if (sent && strcasestr(sent, "pseudonym")) {
                bool verb = false;
                for (size_t k = 0; verbs && k < verbs->n && !verb; k++)
                    verb = has_word(sent, verbs->w[k]);
                if (verb) {
                    bool victim = has_word(sent, "victim"), perp = has_word(sent, "perpetrator");
                    for (size_t m = 0; m < cast->n; m++) {
                        if (!has_word(sent, cast->v[m].name))
                            continue;
                        victim |= cast->v[m].role == DHR_ROLE_VICTIM;
                        perp |= cast->v[m].role == DHR_ROLE_PERPETRATOR;
                    }
                    cast->victim_chooser |= victim;
                    cast->perpetrator_chooser |= perp;
                }
            }
            free(sent);
            s = *e ? e + 1 : e;
        }
    }
}

/* The perpetrator's own family ("Dean's mother", "Mother of the
 * perpetrator") are not the victim's family: they are others in the review. */
static void perpetrators_kin(dhr_cast *cast)
{
    for (size_t i = 0; i < cast->n; i++) {
        dhr_cast_member *m = &cast->v[i];
        if ((m->role != DHR_ROLE_FAMILY && m->role != DHR_ROLE_FRIEND) || !m->relationship)
            continue;
        const char *rel = m->relationship;
        bool his = strstr(rel, "perpetrator") != NULL;
        for (size_t k = 0; k < cast->n && !his; k++) {
            const dhr_cast_member *p = &cast->v[k];
            size_t at = p->role == DHR_ROLE_PERPETRATOR ? word_at(rel, p->name) : SIZE_MAX;
            if (at == SIZE_MAX)
                continue;
            const char *after = rel + at + strlen(p->name);
            /* "Dean's mother", "mother of Dean"; not "wife of Dean" for the
             * victim, who is no member of this list's family roles */
            his = after[0] == '\'' || strncmp(after, "\xE2\x80\x99", 3) == 0 ||
                  (at >= 3 && strncasecmp(rel + at - 3, "of ", 3) == 0);
        }
        if (his)
            m->role = DHR_ROLE_OTHER;
    }
}

bool dhr_cast_build(dhr_cast *cast, const dhr_ruleset *rs, const dhr_document *doc,
                    const dhr_outline *ol)
{
    memset(cast, 0, sizeof *cast);
    const dhr_osection *conf = dhr_outline_find(ol, "confidentiality");
    if (!from_tables(cast, doc, ol, conf) ||
        !from_prose(cast, dhr_ruleset_words(rs, "pseudonym-intro"), doc, conf)) {
        dhr_cast_free(cast);
        return false;
    }
    perpetrators_kin(cast);
    choosers(cast, dhr_ruleset_words(rs, "pseudonym-choosers"), doc);
    return true;
}

void dhr_cast_free(dhr_cast *cast)
{
    for (size_t i = 0; i < cast->n; i++) {
        free(cast->v[i].name);
        free(cast->v[i].relationship);
        free(cast->v[i].age);
        free(cast->v[i].ethnicity);
    }
    free(cast->v);
    memset(cast, 0, sizeof *cast);
}

const dhr_cast_member *dhr_cast_find(const dhr_cast *cast, const char *s, size_t n)
{
    for (size_t i = 0; i < cast->n; i++)
        if (strlen(cast->v[i].name) == n && strncmp(cast->v[i].name, s, n) == 0)
            return &cast->v[i];
    return NULL;
}
