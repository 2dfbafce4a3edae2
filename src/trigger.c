#include "trigger.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TRIGGERS 256
#define MAX_LIT 32

/* How rare a literal is in report prose, roughly: letters and digits count
 * one each, brackets that prose seldom uses count more, spaces less. Only
 * the choice between candidate triggers depends on it, never correctness. */
static double char_weight(unsigned char c)
{
    if (isdigit(c))
        return 2.0; /* a paragraph without a digit is common; a "\\d" worth a lookup */
    if (isalpha(c))
        return 1.0;
    if (c == ' ')
        return 0.5;
    if (strchr("[]{}<>|~#*^\\_=@", c))
        return 4.0;
    return 1.5;
}

static double score(const char *s, size_t n)
{
    double w = 0;
    for (size_t i = 0; i < n; i++)
        w += char_weight((unsigned char)s[i]);
    return w;
}

/* A set of alternative literals, or "no trigger" (ok == false). */
typedef struct lits {
    bool ok;
    bool exact; /* each literal is the whole text of its branch: "(?:19|20)" */
    size_t n;
    char *v[MAX_TRIGGERS];
} lits;

static void lits_free(lits *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    l->n = 0;
}

static bool lits_add(lits *l, const char *s, size_t n)
{
    if (l->n >= MAX_TRIGGERS)
        return false;
    char *c = malloc(n + 1);
    if (!c)
        return false;
    memcpy(c, s, n);
    c[n] = '\0';
    l->v[l->n++] = c;
    return true;
}

/* The index just past the group that opens at P[i] == '(' (or past the class
 * at '['), or 0 when unbalanced. */
static size_t skip_group(const char *p, size_t i, size_t n)
{
    int depth = 0;
    bool in_class = false;
    for (; i < n; i++) {
        char c = p[i];
        if (c == '\\') {
            i++;
            continue;
        }
        if (in_class) {
            if (c == ']')
                in_class = false;
            continue;
        }
        if (c == '[') {
            in_class = true;
            if (i + 1 < n && p[i + 1] == ']')
                i++; /* "[]...]" */
            else if (i + 2 < n && p[i + 1] == '^' && p[i + 2] == ']')
                i += 2;
            continue;
        }
        if (c == '(')
            depth++;
        else if (c == ')' && --depth == 0)
            return i + 1;
    }
    return 0;
}

static size_t skip_class(const char *p, size_t i, size_t n)
{
    size_t j = i + 1;
    if (j < n && p[j] == '^')
        j++;
    if (j < n && p[j] == ']')
        j++;
    for (; j < n; j++) {
        if (p[j] == '\\')
            j++;
        else if (p[j] == ']')
            return j + 1;
    }
    return 0;
}

/* A quantifier at P[i]: its minimum count (0 for ? * {0,..}), whether it is
 * an exact count ("{2}"), and where it ends. */
static bool quantifier_x(const char *p, size_t i, size_t n, long *min, bool *exact, size_t *end)
{
    *exact = false;
    if (i >= n)
        return false;
    size_t j = i;
    if (p[j] == '?' || p[j] == '*' || p[j] == '+') {
        *min = p[j] == '+' ? 1 : 0;
        j++;
    } else if (p[j] == '{' && j + 1 < n && isdigit((unsigned char)p[j + 1])) {
        char *e;
        *min = strtol(p + j + 1, &e, 10);
        size_t k = (size_t)(e - p);
        *exact = k < n && p[k] == '}';
        while (k < n && p[k] != '}')
            k++;
        if (k >= n)
            return false;
        j = k + 1;
    } else {
        return false;
    }
    if (j < n && (p[j] == '?' || p[j] == '+'))
        j++; /* lazy or possessive */
    *end = j;
    return true;
}

static bool quantifier(const char *p, size_t i, size_t n, long *min, size_t *end)
{
    bool exact;
    return quantifier_x(p, i, n, min, &exact, end);
}

static void seq_triggers(const char *p, size_t n, lits *out);

/* The index just past the escape that starts at P[i] == '\\' with a letter
 * or digit after it, its arguments included: "\\p{Lu}", "\\pL", "\\x{41}",
 * "\\x41", "\\o{101}", "\\N{U+41}", "\\g{1}", "\\k<name>", "\\cA", "\\012",
 * "\\1". What those match is never a literal of the pattern's text. */
static size_t escape_end(const char *p, size_t i, size_t n)
{
    char e = p[i + 1];
    size_t j = i + 2;
    if ((e == 'p' || e == 'P' || e == 'x' || e == 'o' || e == 'N' || e == 'g' || e == 'k') &&
        j < n && (p[j] == '{' || p[j] == '<' || p[j] == '\'')) {
        char close = p[j] == '{' ? '}' : p[j] == '<' ? '>' : '\'';
        while (j < n && p[j] != close)
            j++;
        return j < n ? j + 1 : n;
    }
    if (e == 'p' || e == 'P' || e == 'c')
        return j < n ? j + 1 : n; /* "\\pL", "\\cA" */
    if (e == 'x') {
        for (int k = 0; k < 2 && j < n && isxdigit((unsigned char)p[j]); k++)
            j++;
        return j;
    }
    if (e == 'g' && j < n && (p[j] == '-' || p[j] == '+'))
        j++;
    if (isdigit((unsigned char)e) || e == 'g')
        while (j < n && isdigit((unsigned char)p[j]))
            j++;
    return j;
}

/* Triggers of an alternation: every branch must have some. */
static void alt_triggers(const char *p, size_t n, lits *out)
{
    out->ok = true;
    out->exact = true;
    out->n = 0;
    size_t start = 0;
    int depth = 0;
    bool in_class = false;
    for (size_t i = 0; i <= n; i++) {
        if (i < n) {
            char c = p[i];
            if (c == '\\') {
                i++;
                continue;
            }
            if (in_class) {
                if (c == ']')
                    in_class = false;
                continue;
            }
            if (c == '[') {
                size_t e = skip_class(p, i, n);
                if (!e) {
                    out->ok = false;
                    break;
                }
                i = e - 1;
                continue;
            }
            if (c == '(')
                depth++;
            else if (c == ')')
                depth--;
            if (!(c == '|' && depth == 0))
                continue;
        }
        lits branch;
        seq_triggers(p + start, i - start, &branch);
        if (!branch.ok) {
            lits_free(&branch);
            out->ok = false;
            break;
        }
        out->exact &= branch.exact;
        for (size_t k = 0; k < branch.n; k++)
            if (!lits_add(out, branch.v[k], strlen(branch.v[k])))
                out->ok = false;
        lits_free(&branch);
        start = i + 1;
    }
    if (!out->ok)
        lits_free(out);
}

/* A class that is one letter in both cases, "[xX]": that letter. */
static int case_pair(const char *p, size_t i, size_t e)
{
    if (e - i == 4 && isalpha((unsigned char)p[i + 1]) &&
        tolower((unsigned char)p[i + 1]) == tolower((unsigned char)p[i + 2]) &&
        p[i + 1] != p[i + 2])
        return tolower((unsigned char)p[i + 1]);
    return -1;
}

/* The score of a set of alternatives: its weakest member. */
static double set_score(const lits *l)
{
    double m = 1e9;
    for (size_t k = 0; k < l->n; k++) {
        double w = score(l->v[k], strlen(l->v[k]));
        if (w < m)
            m = w;
    }
    return l->n ? m : 0;
}

static bool add_char(lits *out, char ch)
{
    char lc = (char)tolower((unsigned char)ch);
    for (size_t m = 0; m < out->n; m++)
        if (out->v[m][0] == lc)
            return true;
    return lits_add(out, &lc, 1);
}

/* Any digit: "\\d", "[0-9]". */
static bool digit_set(lits *out)
{
    out->n = 0;
    out->ok = true;
    for (char d = '0'; d <= '9' && out->ok; d++)
        out->ok = add_char(out, d);
    return out->ok;
}

/* A plain class ("[\\[<{]", "[1-9]": no ranges but of digits, not
 * negated): its characters. */
static bool class_set(const char *p, size_t i, size_t e, lits *out)
{
    out->n = 0;
    out->ok = false;
    if (p[i + 1] == '^')
        return false;
    bool digits = true;
    for (size_t k = i + 1; k < e - 1; k++) {
        char ch = p[k];
        if (ch == '\\') {
            if (k + 1 < e - 1 && p[k + 1] == 'd') {
                k++;
                for (char d = '0'; d <= '9'; d++)
                    if (!add_char(out, d))
                        goto no;
                continue;
            }
            if (k + 1 >= e - 1 || isalnum((unsigned char)p[k + 1]))
                goto no;
            ch = p[++k];
        } else if (ch == '-' && k > i + 1 && k + 1 < e - 1) {
            char lo = p[k - 1], hi = p[k + 1];
            if (!isdigit((unsigned char)lo) || !isdigit((unsigned char)hi) || lo > hi)
                goto no; /* a range of letters: too many to be worth it */
            for (char d = lo; d <= hi; d++)
                if (!add_char(out, d))
                    goto no;
            k++;
            continue;
        }
        digits &= isdigit((unsigned char)ch) != 0;
        if ((unsigned char)ch >= 0x80)
            goto no;
        if (!add_char(out, ch))
            goto no;
    }
    for (size_t m = 0; m < out->n; m++)
        digits &= isdigit((unsigned char)out->v[m][0]) != 0;
    out->ok = out->n > 0 && out->n <= (digits ? 10 : 8);
    if (out->ok)
        return true;
no:
    lits_free(out);
    return false;
}

/* Keeps CAND in BEST when it scores higher. */
static void consider(lits *best, double *best_score, lits *cand)
{
    double sc = set_score(cand);
    if (cand->ok && cand->n && sc > *best_score) {
        lits_free(best);
        *best = *cand;
        *best_score = sc;
        cand->n = 0;
    }
    lits_free(cand);
}

/* Triggers of one branch: of the literal runs, mandatory groups and plain
 * classes it must contain, the one least likely to occur in prose. */
static void seq_triggers(const char *p, size_t n, lits *out)
{
    char run[MAX_LIT + 1];
    size_t rl = 0;
    lits best = {.ok = false};
    double best_score = 0;
    bool pure = true; /* nothing but literal characters so far */
    out->ok = false;
    out->exact = false;
    out->n = 0;
#define END_RUN()                                                                                \
    do {                                                                                         \
        if (rl) {                                                                                \
            lits cand = {.ok = true};                                                            \
            if (lits_add(&cand, run, rl))                                                        \
                consider(&best, &best_score, &cand);                                             \
            else                                                                                 \
                lits_free(&cand);                                                                \
        }                                                                                        \
        rl = 0;                                                                                  \
    } while (0)
    for (size_t i = 0; i < n;) {
        char c = p[i];
        int lit = -1;     /* a literal character at i, lower-cased */
        size_t next = i + 1;
        if (c == '\\') {
            if (i + 1 >= n)
                break;
            char e = p[i + 1];
            next = i + 2;
            if (e == 'b' || e == 'B' || e == 'A' || e == 'z' || e == 'Z' || e == 'G') {
                pure = false;
                i = next; /* assertions: nothing consumed, the run goes on */
                continue;
            }
            if (e == 'd') {
                END_RUN();
                long min = 1;
                size_t qend = next;
                bool q = quantifier(p, next, n, &min, &qend);
                lits dig;
                pure = false;
                if (min >= 1 && digit_set(&dig))
                    consider(&best, &best_score, &dig);
                else
                    lits_free(&dig);
                i = q ? qend : next;
                continue;
            }
            if (!isalnum((unsigned char)e) && (unsigned char)e < 0x80)
                lit = e; /* "\\." "\\(" */
            else
                next = escape_end(p, i, n); /* "\\p{Lu}", "\\x41": not literals */
        } else if (c == '^' || c == '$') {
            pure = false;
            i++;
            END_RUN();
            continue;
        } else if (c == '(') {
            size_t e = skip_group(p, i, n);
            if (!e)
                break;
            char prev_run[MAX_LIT + 1];
            size_t prev_run_len = rl;
            memcpy(prev_run, run, rl);
            END_RUN();
            bool look = i + 2 < n && p[i + 1] == '?' &&
                        (p[i + 2] == '=' || p[i + 2] == '!' || p[i + 2] == '<');
            bool look_behind = look && p[i + 2] == '<' && i + 3 < n &&
                               (p[i + 3] == '=' || p[i + 3] == '!');
            long min = 1;
            size_t qend = e;
            bool q = quantifier(p, e, n, &min, &qend);
            if (look && (p[i + 2] != '<' || look_behind)) {
                /* Lookarounds consume nothing, but what a positive one
                 * asserts is in the paragraph all the same. */
                bool positive = p[i + 2] == '=' || (look_behind && p[i + 3] == '=');
                size_t body = i + (look_behind ? 4 : 3);
                if (positive && body < e) {
                    lits g;
                    alt_triggers(p + body, e - 1 - body, &g);
                    consider(&best, &best_score, &g);
                }
                pure = false;
                i = qend;
                continue;
            }
            pure = false;
            if (min >= 1) {
                /* A mandatory group: the triggers of its body. */
                size_t body = i + 1;
                if (p[body] == '?') {
                    /* (?: (?i: (?-i: (?<name> ... */
                    while (body < e - 1 && p[body] != ':' && p[body] != '>')
                        body++;
                    body++;
                }
                /* "(?i)", "(?x)": an option setting, with no body at all */
                lits g;
                alt_triggers(p + body, body < e - 1 ? e - 1 - body : 0, &g);
                /* A literal run straight before a group of whole literals,
                 * "\\((?:19|20)", must occur as one of their joins: "(19",
                 * "(20", rarer than either part. */
                if (g.ok && g.exact && g.n && prev_run_len && !q) {
                    lits joined = {.ok = true};
                    for (size_t k = 0; k < g.n && joined.ok; k++) {
                        char buf[2 * MAX_LIT + 2];
                        size_t gl = strlen(g.v[k]);
                        if (prev_run_len + gl > 2 * MAX_LIT)
                            joined.ok = false;
                        else {
                            memcpy(buf, prev_run, prev_run_len);
                            memcpy(buf + prev_run_len, g.v[k], gl);
                            joined.ok = lits_add(&joined, buf, prev_run_len + gl);
                        }
                    }
                    consider(&best, &best_score, &joined);
                }
                consider(&best, &best_score, &g);
            }
            i = q ? qend : e;
            continue;
        } else if (c == '[') {
            size_t e = skip_class(p, i, n);
            if (!e)
                break;
            pure = false;
            int l = case_pair(p, i, e);
            if (l >= 0) {
                lit = l;
                next = e;
            } else {
                END_RUN();
                long min = 1;
                size_t qend = e;
                bool q = quantifier(p, e, n, &min, &qend);
                lits cls;
                if (min >= 1 && class_set(p, i, e, &cls))
                    consider(&best, &best_score, &cls);
                i = q ? qend : e;
                continue;
            }
        } else if (c == '.' || c == '|' || c == ')') {
            pure = false;
            END_RUN();
            long min;
            size_t qend;
            i = c == '.' && quantifier(p, i + 1, n, &min, &qend) ? qend : i + 1;
            continue;
        } else if ((unsigned char)c >= 0x80) {
            pure = false;
            END_RUN(); /* non-ASCII: case folding beyond ASCII is not mirrored */
            i++;
            while (i < n && ((unsigned char)p[i] & 0xC0) == 0x80)
                i++;
            continue;
        } else {
            lit = c;
        }
        if (lit < 0) {
            pure = false;
            END_RUN();
            long min;
            size_t qend;
            i = quantifier(p, next, n, &min, &qend) ? qend : next;
            continue;
        }
        long min;
        bool exact;
        size_t qend;
        if (quantifier_x(p, next, n, &min, &exact, &qend)) {
            pure = false;
            /* "s?" drops the letter; "x{4,}" keeps four of them; "x{2}" is
             * exactly two, and the run goes on after them. */
            for (long k = 0; k < min && k < 8 && rl < MAX_LIT; k++)
                run[rl++] = (char)tolower(lit);
            if (!exact || min > 8)
                END_RUN();
            i = qend;
            continue;
        }
        if (rl < MAX_LIT) {
            run[rl++] = (char)tolower(lit);
        } else {
            pure = false; /* the run no longer holds the whole branch */
            END_RUN();
        }
        i = next;
    }
    /* A branch of literal characters only is its own, exact, trigger: a
     * group made of such branches can be joined to the run before it. */
    if (pure && rl && n) {
        lits_free(&best);
        out->ok = true;
        out->exact = true;
        if (!lits_add(out, run, rl))
            out->ok = false;
        return;
    }
    END_RUN();
#undef END_RUN
    /* Too common to be worth a lookup (a single letter, a space): none. */
    if (best.n && best_score >= 2.0) {
        *out = best;
        out->ok = true;
        out->exact = false;
        return;
    }
    lits_free(&best);
}

void dhr_triggers_add(dhr_triggers *t, const char *pattern)
{
    if (t->all)
        return;
    /* Extended mode (spaces ignored), quoting and comments change what a
     * literal is: no triggers for those. */
    if (strstr(pattern, "(?x") || strstr(pattern, "\\Q") || strstr(pattern, "(?#") ||
        strstr(pattern, "(*")) {
        t->all = true;
        return;
    }
    lits l;
    alt_triggers(pattern, strlen(pattern), &l);
    /* Branches made only of literals keep even short ones, to be joined to
     * the text around them; as a filter of its own, a set with a one-letter
     * member would let nearly every paragraph through. */
    if (!l.ok || !l.n || set_score(&l) < 2.0) {
        lits_free(&l);
        t->all = true;
        return;
    }
    double w = set_score(&l);
    if (t->n == 0 || w < t->weakest)
        t->weakest = w;
    for (size_t k = 0; k < l.n; k++) {
        char **v = realloc(t->lit, (t->n + 1) * sizeof *v);
        if (!v) {
            t->all = true;
            break;
        }
        t->lit = v;
        t->lit[t->n++] = l.v[k];
        l.v[k] = NULL;
    }
    lits_free(&l);
}

void dhr_triggers_free(dhr_triggers *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->lit[i]);
    free(t->lit);
    memset(t, 0, sizeof *t);
}

/* --- the automaton ------------------------------------------------------- */

struct dhr_trigger_index {
    uint8_t sym[256];  /* byte -> symbol (0: a byte no trigger has) */
    int nsym;
    int32_t *delta;    /* node * nsym -> node, complete */
    int32_t *out;      /* node -> first literal ending here, or -1 */
    int32_t *dict;     /* node -> nearest node on its fail chain with output, or -1 */
    size_t nnodes;
    /* literals: each with the sets it belongs to (a range in set_of) */
    int32_t *lit_next; /* literal -> next literal ending at the same node, or -1 */
    uint32_t *lit_first, *lit_count;
    uint32_t *set_of;
    size_t nlit;
    size_t nsets;
};

void dhr_trigger_index_free(dhr_trigger_index *x)
{
    if (!x)
        return;
    free(x->delta);
    free(x->out);
    free(x->dict);
    free(x->lit_next);
    free(x->lit_first);
    free(x->lit_count);
    free(x->set_of);
    free(x);
}

typedef struct lit_ref {
    const char *s;
    uint32_t set;
} lit_ref;

static int cmp_lit_ref(const void *a, const void *b)
{
    const lit_ref *x = a, *y = b;
    int c = strcmp(x->s, y->s);
    return c ? c : (x->set < y->set ? -1 : x->set > y->set);
}

dhr_trigger_index *dhr_trigger_index_build(dhr_triggers *const *sets, size_t n)
{
    dhr_trigger_index *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    size_t nref = 0, chars = 0;
    for (size_t i = 0; i < n; i++) {
        sets[i]->id = -1;
        if (sets[i]->all)
            continue;
        sets[i]->id = (int)x->nsets++;
        nref += sets[i]->n;
        for (size_t k = 0; k < sets[i]->n; k++)
            chars += strlen(sets[i]->lit[k]);
    }
    lit_ref *refs = malloc((nref + 1) * sizeof *refs);
    if (!refs)
        goto fail;
    size_t r = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; !sets[i]->all && k < sets[i]->n; k++)
            refs[r++] = (lit_ref){sets[i]->lit[k], (uint32_t)sets[i]->id};
    qsort(refs, nref, sizeof *refs, cmp_lit_ref);
    /* The alphabet: the characters of the literals, upper case folded. */
    x->nsym = 1;
    for (size_t i = 0; i < nref; i++)
        for (const unsigned char *p = (const unsigned char *)refs[i].s; *p; p++)
            if (!x->sym[*p]) {
                x->sym[*p] = (uint8_t)x->nsym++;
                if (*p >= 'a' && *p <= 'z')
                    x->sym[*p - 'a' + 'A'] = x->sym[*p];
                if (x->nsym >= 255)
                    goto fail_refs;
            }
    size_t maxnodes = chars + 1;
    x->delta = malloc(maxnodes * (size_t)x->nsym * sizeof *x->delta);
    x->out = malloc(maxnodes * sizeof *x->out);
    x->dict = malloc(maxnodes * sizeof *x->dict);
    x->lit_next = malloc((nref + 1) * sizeof *x->lit_next);
    x->lit_first = malloc((nref + 1) * sizeof *x->lit_first);
    x->lit_count = malloc((nref + 1) * sizeof *x->lit_count);
    x->set_of = malloc((nref + 1) * sizeof *x->set_of);
    int32_t *fail = malloc(maxnodes * sizeof *fail), *queue = malloc(maxnodes * sizeof *queue);
    if (!x->delta || !x->out || !x->dict || !x->lit_next || !x->lit_first || !x->lit_count ||
        !x->set_of || !fail || !queue) {
        free(fail);
        free(queue);
        goto fail_refs;
    }
    int ns = x->nsym;
    for (size_t k = 0; k < (size_t)ns; k++)
        x->delta[k] = -1;
    x->out[0] = -1;
    x->nnodes = 1;
    /* The trie, one literal per distinct string, with the sets it serves. */
    for (size_t i = 0; i < nref;) {
        size_t j = i;
        while (j < nref && strcmp(refs[j].s, refs[i].s) == 0)
            j++;
        uint32_t lit = (uint32_t)x->nlit++;
        x->lit_first[lit] = (uint32_t)i;
        x->lit_count[lit] = 0;
        for (size_t k = i; k < j; k++)
            if (k == i || refs[k].set != refs[k - 1].set)
                x->set_of[i + x->lit_count[lit]++] = refs[k].set;
        int32_t node = 0;
        for (const unsigned char *p = (const unsigned char *)refs[i].s; *p; p++) {
            int32_t *t = &x->delta[(size_t)node * ns + x->sym[*p]];
            if (*t < 0) {
                *t = (int32_t)x->nnodes++;
                for (size_t k = 0; k < (size_t)ns; k++)
                    x->delta[(size_t)*t * ns + k] = -1;
                x->out[*t] = -1;
            }
            node = *t;
        }
        x->lit_next[lit] = x->out[node];
        x->out[node] = (int32_t)lit;
        i = j;
    }
    /* Breadth first: fail links, then complete transitions and dictionary
     * links, so that scanning is one table lookup a byte. */
    size_t head = 0, tail = 0;
    fail[0] = 0;
    x->dict[0] = -1;
    for (int k = 0; k < ns; k++) {
        int32_t t = x->delta[k];
        if (t < 0) {
            x->delta[k] = 0;
        } else {
            fail[t] = 0;
            x->dict[t] = -1;
            queue[tail++] = t;
        }
    }
    while (head < tail) {
        int32_t u = queue[head++];
        for (int k = 0; k < ns; k++) {
            int32_t t = x->delta[(size_t)u * ns + k];
            int32_t f = x->delta[(size_t)fail[u] * ns + k];
            if (t < 0) {
                x->delta[(size_t)u * ns + k] = f;
            } else {
                fail[t] = f;
                x->dict[t] = x->out[f] >= 0 ? f : x->dict[f];
                queue[tail++] = t;
            }
        }
    }
    free(fail);
    free(queue);
    free(refs);
    return x;
fail_refs:
    free(refs);
fail:
    dhr_trigger_index_free(x);
    return NULL;
}

bool dhr_trigger_scan(const dhr_trigger_index *x, const char *const *texts, const uint32_t *lens,
                      size_t npara, dhr_trigger_hits *h)
{
    memset(h, 0, sizeof *h);
    if (!x || !x->nsets)
        return true;
    h->nsets = x->nsets;
    h->npara = npara;
    h->words = (npara + 63) / 64;
    h->bits = calloc(h->nsets * h->words + 1, sizeof *h->bits);
    if (!h->bits)
        return false;
    int ns = x->nsym;
    for (size_t i = 0; i < npara; i++) {
        const unsigned char *s = (const unsigned char *)texts[i];
        int32_t node = 0;
        for (uint32_t k = 0; k < lens[i]; k++) {
            node = x->delta[(size_t)node * ns + x->sym[s[k]]];
            for (int32_t at = x->out[node] >= 0 ? node : x->dict[node]; at >= 0; at = x->dict[at])
                for (int32_t lit = x->out[at]; lit >= 0; lit = x->lit_next[lit])
                    for (uint32_t m = 0; m < x->lit_count[lit]; m++) {
                        uint32_t set = x->set_of[x->lit_first[lit] + m];
                        h->bits[(size_t)set * h->words + i / 64] |= (uint64_t)1 << (i % 64);
                    }
        }
    }
    return true;
}

void dhr_trigger_hits_free(dhr_trigger_hits *h)
{
    free(h->bits);
    memset(h, 0, sizeof *h);
}
