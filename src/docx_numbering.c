#include "docx_numbering.h"

#include "xmlsax.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LEVELS 9
#define MAX_LISTS 4096

typedef enum fmt {
    FMT_DECIMAL,
    FMT_DECIMAL_ZERO,
    FMT_LOWER_LETTER,
    FMT_UPPER_LETTER,
    FMT_LOWER_ROMAN,
    FMT_UPPER_ROMAN,
    FMT_BULLET,
    FMT_NONE,
} fmt;

typedef struct level {
    long start;
    fmt format;
    bool legal; /* w:isLgl: every level shown as a decimal */
    char text[48];
} level;

typedef struct abstract_num {
    long id;
    level lvl[LEVELS];
    long counter[LEVELS];
    bool used[LEVELS];
} abstract_num;

typedef struct num {
    long id, abstract_id;
    long start_override[LEVELS]; /* -1 none */
    bool override_applied[LEVELS];
} num;

struct dhr_wnumbering {
    abstract_num *abs;
    size_t nabs, capabs;
    num *nums;
    size_t nnums, capnums;
    /* while reading */
    abstract_num *cur_abs;
    num *cur_num;
    int cur_lvl;
    bool in_override;
    int override_lvl;
    bool oom;
};

static fmt parse_fmt(const char *v)
{
    static const struct {
        const char *name;
        fmt f;
    } fmts[] = {
        {"decimal", FMT_DECIMAL},          {"decimalZero", FMT_DECIMAL_ZERO},
        {"lowerLetter", FMT_LOWER_LETTER}, {"upperLetter", FMT_UPPER_LETTER},
        {"lowerRoman", FMT_LOWER_ROMAN},   {"upperRoman", FMT_UPPER_ROMAN},
        {"bullet", FMT_BULLET},            {"none", FMT_NONE},
    };
    for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++)
        if (strcmp(v, fmts[i].name) == 0)
            return fmts[i].f;
    return FMT_DECIMAL; /* ordinal, cardinalText...: the number is what matters */
}

static void level_defaults(level *l)
{
    l->start = 1;
    l->format = FMT_DECIMAL;
    l->legal = false;
    l->text[0] = '\0';
}

static void num_start(void *user, dhr_ns ns, dhr_name name, const dhr_attrs *at)
{
    dhr_wnumbering *n = user;
    if (ns != NS_W || n->oom)
        return;
    switch (name) {
    case N_abstractNum:
        if (n->nabs >= MAX_LISTS)
            return;
        if (n->nabs == n->capabs) {
            size_t cap = n->capabs ? n->capabs * 2 : 16;
            abstract_num *v = realloc(n->abs, cap * sizeof *v);
            if (!v) {
                n->oom = true;
                return;
            }
            n->abs = v;
            n->capabs = cap;
        }
        n->cur_abs = &n->abs[n->nabs++];
        memset(n->cur_abs, 0, sizeof *n->cur_abs);
        n->cur_abs->id = dhr_attr_long(at, NS_W, "abstractNumId", -1);
        for (int i = 0; i < LEVELS; i++)
            level_defaults(&n->cur_abs->lvl[i]);
        break;
    case N_num:
        if (n->nnums >= MAX_LISTS)
            return;
        if (n->nnums == n->capnums) {
            size_t cap = n->capnums ? n->capnums * 2 : 16;
            num *v = realloc(n->nums, cap * sizeof *v);
            if (!v) {
                n->oom = true;
                return;
            }
            n->nums = v;
            n->capnums = cap;
        }
        n->cur_num = &n->nums[n->nnums++];
        memset(n->cur_num, 0, sizeof *n->cur_num);
        n->cur_num->id = dhr_attr_long(at, NS_W, "numId", -1);
        n->cur_num->abstract_id = -1;
        for (int i = 0; i < LEVELS; i++)
            n->cur_num->start_override[i] = -1;
        break;
    case N_abstractNumId:
        if (n->cur_num)
            n->cur_num->abstract_id = dhr_attr_long(at, NS_W, "val", -1);
        break;
    case N_lvl: {
        long i = dhr_attr_long(at, NS_W, "ilvl", -1);
        n->cur_lvl = (i >= 0 && i < LEVELS) ? (int)i : -1;
        break;
    }
    case N_lvlOverride: {
        long i = dhr_attr_long(at, NS_W, "ilvl", -1);
        n->in_override = true;
        n->override_lvl = (i >= 0 && i < LEVELS) ? (int)i : -1;
        break;
    }
    case N_startOverride:
        if (n->cur_num && n->in_override && n->override_lvl >= 0)
            n->cur_num->start_override[n->override_lvl] = dhr_attr_long(at, NS_W, "val", 1);
        break;
    case N_start:
    case N_numFmt:
    case N_lvlText:
    case N_isLgl:
        /* Level definitions inside a w:lvlOverride replace the abstract's;
         * they are rare and are read as a restart only. */
        if (n->cur_abs && !n->in_override && n->cur_lvl >= 0) {
            level *l = &n->cur_abs->lvl[n->cur_lvl];
            char v[64];
            dhr_attr_buf(at, NS_W, "val", v, sizeof v);
            if (name == N_start)
                l->start = dhr_attr_long(at, NS_W, "val", 1);
            else if (name == N_numFmt)
                l->format = parse_fmt(v);
            else if (name == N_lvlText)
                dhr_attr_buf(at, NS_W, "val", l->text, sizeof l->text);
            else
                l->legal = v[0] == '\0' || strcmp(v, "1") == 0 || strcmp(v, "true") == 0;
        }
        break;
    default:
        break;
    }
}

static void num_end(void *user, dhr_ns ns, dhr_name name)
{
    dhr_wnumbering *n = user;
    if (ns != NS_W)
        return;
    if (name == N_abstractNum)
        n->cur_abs = NULL;
    else if (name == N_num)
        n->cur_num = NULL;
    else if (name == N_lvl)
        n->cur_lvl = -1;
    else if (name == N_lvlOverride)
        n->in_override = false;
}

static void num_text(void *user, const char *s, size_t len)
{
    (void)user, (void)s, (void)len;
}

dhr_wnumbering *dhr_wnumbering_read(dhr_zip *z, const char *part, dhr_builder *b,
                                    dhr_read_error *err)
{
    dhr_wnumbering *n = calloc(1, sizeof *n);
    if (!n) {
        dhr_set_error(err, DHR_READ_NO_MEMORY, "out of memory");
        return NULL;
    }
    n->cur_lvl = -1;
    if (!part || !dhr_zip_has(z, part))
        return n;
    dhr_xml_handler h = {num_start, num_end, num_text, &n->oom};
    dhr_read_error perr = {0};
    bool ok = dhr_xml_parse_part(z, part, &h, n, &perr);
    if (n->oom) {
        dhr_set_error(err, DHR_READ_NO_MEMORY, "out of memory");
        dhr_wnumbering_free(n);
        return NULL;
    }
    if (!dhr_b_tolerate(b, ok, &perr, part, "list numbers were not worked out", err)) {
        dhr_wnumbering_free(n);
        return NULL;
    }
    return n;
}

void dhr_wnumbering_free(dhr_wnumbering *n)
{
    if (!n)
        return;
    free(n->abs);
    free(n->nums);
    free(n);
}

static void append(char *out, size_t cap, const char *s)
{
    size_t len = strlen(out);
    if (len + 1 < cap)
        snprintf(out + len, cap - len, "%s", s);
}

static void format_number(long v, fmt f, char *buf, size_t cap)
{
    static const char *const ones[] = {"", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"};
    static const char *const tens[] = {"", "x", "xx", "xxx", "xl", "l", "lx", "lxx", "lxxx", "xc"};
    static const char *const hundreds[] = {"", "c", "cc", "ccc", "cd", "d", "dc", "dcc", "dccc", "cm"};
    buf[0] = '\0';
    if (v < 0)
        v = 0;
    switch (f) {
    case FMT_DECIMAL_ZERO:
        snprintf(buf, cap, "%02ld", v);
        break;
    case FMT_LOWER_LETTER:
    case FMT_UPPER_LETTER: {
        /* Word: a..z, then aa..zz, aaa... */
        if (v < 1)
            v = 1;
        long reps = (v - 1) / 26 + 1;
        char c = (char)((f == FMT_LOWER_LETTER ? 'a' : 'A') + (v - 1) % 26);
        size_t i = 0;
        for (; i < (size_t)reps && i + 1 < cap && i < 16; i++)
            buf[i] = c;
        buf[i] = '\0';
        break;
    }
    case FMT_LOWER_ROMAN:
    case FMT_UPPER_ROMAN:
        if (v < 1 || v > 3999) {
            snprintf(buf, cap, "%ld", v);
            break;
        }
        for (long m = v / 1000; m > 0; m--)
            append(buf, cap, "m");
        append(buf, cap, hundreds[(v / 100) % 10]);
        append(buf, cap, tens[(v / 10) % 10]);
        append(buf, cap, ones[v % 10]);
        if (f == FMT_UPPER_ROMAN)
            for (char *p = buf; *p; p++)
                *p = (char)(*p - 'a' + 'A');
        break;
    default:
        snprintf(buf, cap, "%ld", v);
    }
}

bool dhr_wnumbering_next(dhr_wnumbering *n, long num_id, int ilvl, char *label, size_t cap)
{
    label[0] = '\0';
    if (ilvl < 0 || ilvl >= LEVELS)
        ilvl = 0;
    num *nm = NULL;
    for (size_t i = 0; i < n->nnums; i++)
        if (n->nums[i].id == num_id) {
            nm = &n->nums[i];
            break;
        }
    if (!nm)
        return false;
    abstract_num *a = NULL;
    for (size_t i = 0; i < n->nabs; i++)
        if (n->abs[i].id == nm->abstract_id) {
            a = &n->abs[i];
            break;
        }
    if (!a)
        return false;
    /* A list instance that restarts its numbering does so on first use. */
    if (nm->start_override[ilvl] >= 0 && !nm->override_applied[ilvl]) {
        nm->override_applied[ilvl] = true;
        a->counter[ilvl] = nm->start_override[ilvl] - 1;
        a->used[ilvl] = true;
    }
    if (!a->used[ilvl]) {
        a->counter[ilvl] = a->lvl[ilvl].start - 1;
        a->used[ilvl] = true;
    }
    a->counter[ilvl]++;
    for (int d = ilvl + 1; d < LEVELS; d++)
        a->used[d] = false; /* deeper levels start again */
    level *l = &a->lvl[ilvl];
    if (l->format == FMT_BULLET || l->format == FMT_NONE)
        return false;
    size_t o = 0;
    for (const char *p = l->text; *p && o + 1 < cap; p++) {
        if (p[0] == '%' && p[1] >= '1' && p[1] <= '9') {
            int k = p[1] - '1';
            p++;
            long v = a->used[k] ? a->counter[k] : a->lvl[k].start;
            char num_buf[24];
            format_number(v, l->legal && k < ilvl ? FMT_DECIMAL : a->lvl[k].format, num_buf,
                          sizeof num_buf);
            for (const char *q = num_buf; *q && o + 1 < cap; q++)
                label[o++] = *q;
        } else {
            label[o++] = *p;
        }
    }
    label[o] = '\0';
    return o > 0;
}
