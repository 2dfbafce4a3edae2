/* Check kind for the action plan (Annex B; Annex I "The Action Plan"): find
 * its table(s) wherever they are, whatever the layout, and check the
 * columns, the cells, completed actions, named leads and that every
 * recommendation has a row.
 *
 * Layouts read: the template's (a header row, one row per action, the
 * recommendation cell merged down over its actions); a header over two rows
 * (a merged "Progress" cell over "RAG | Update | Date"); one table split in
 * several (repeated header, or none, after a page break); and one table per
 * recommendation with the column names down the first column. A merged
 * cell's continuation has no paragraph in the model, so it is not empty: it
 * holds the value above it. */
#include "engine.h"
#include "ascii.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_RECORDS 512

typedef struct record {
    int32_t para;                      /* the row's first paragraph */
    int32_t cell[DHR_MAX_COLUMNS];     /* first paragraph of the column's cell, -1 none */
    char *text[DHR_MAX_COLUMNS];       /* the cell's text; NULL where the row has none */
} record;

typedef struct plan {
    bool found;
    int32_t at;                        /* the header's first paragraph */
    bool has[DHR_MAX_COLUMNS];         /* columns the layout has */
    record rec[MAX_RECORDS];
    size_t nrec;
} plan;

/* A cell: the text of its paragraphs, from index I while they are in the
 * same table, row and cell. */
static char *cell_text(const dhr_document *doc, size_t i, size_t *next)
{
    const dhr_para *p = &doc->paras[i];
    size_t n = 0, k = i;
    for (; k < doc->npara; k++) {
        const dhr_para *q = &doc->paras[k];
        if (q->part != p->part || q->table != p->table || q->row != p->row || q->cell != p->cell)
            break;
        n += q->len + 1;
    }
    *next = k;
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t m = i; m < k; m++) {
        const dhr_para *q = &doc->paras[m];
        if (o && q->len)
            out[o++] = ' ';
        memcpy(out + o, q->text, q->len);
        o += q->len;
    }
    /* trimmed */
    while (o && (out[o - 1] == ' ' || out[o - 1] == '\t'))
        o--;
    out[o] = '\0';
    size_t s = 0;
    while (out[s] == ' ' || out[s] == '\t')
        s++;
    memmove(out, out + s, o - s + 1);
    return out;
}

/* The column whose header this text is, or -1. */
static int header_of(dhr_ctx *c, const dhr_table_def *t, const char *s)
{
    if (!s[0] || strlen(s) > 120)
        return -1;
    for (size_t k = 0; k < t->ncols; k++)
        if (dhr_pattern_in_text(c, &t->cols[k].header, s, strlen(s)))
            return (int)k;
    return -1;
}

static void record_free(record *r)
{
    for (int k = 0; k < DHR_MAX_COLUMNS; k++)
        free(r->text[k]);
}

static record *new_record(plan *pl, int32_t para)
{
    if (pl->nrec == MAX_RECORDS)
        return NULL;
    record *r = &pl->rec[pl->nrec++];
    r->para = para;
    for (int k = 0; k < DHR_MAX_COLUMNS; k++)
        r->cell[k] = -1, r->text[k] = NULL;
    return r;
}

/* The rows of table TABLE (body) from paragraph I on: for each cell, its grid
 * column, first paragraph and text. Calls ROW for each row. */
typedef struct row_cells {
    uint32_t row;
    int32_t first;
    size_t n;
    uint32_t col[64];
    int32_t para[64];
    char *text[64];
} row_cells;

static void row_cells_free(row_cells *rc)
{
    for (size_t k = 0; k < rc->n; k++)
        free(rc->text[k]);
    rc->n = 0;
}

/* Reads the row starting at paragraph I into RC; returns the next index. */
static size_t read_row(const dhr_document *doc, size_t i, row_cells *rc)
{
    const dhr_para *p = &doc->paras[i];
    rc->row = p->row;
    rc->first = (int32_t)i;
    rc->n = 0;
    size_t k = i;
    while (k < doc->npara) {
        const dhr_para *q = &doc->paras[k];
        if (q->part != p->part || q->table != p->table || q->row != p->row ||
            q->table_depth != p->table_depth)
            break;
        size_t next;
        char *t = cell_text(doc, k, &next);
        if (rc->n < 64) {
            rc->col[rc->n] = q->cell;
            rc->para[rc->n] = (int32_t)k;
            rc->text[rc->n++] = t;
        } else {
            free(t);
        }
        k = next > k ? next : k + 1;
    }
    return k;
}

/* The column mapping of a header row: grid column -> column def, and how
 * many cells are headers. */
static int map_header(dhr_ctx *c, const dhr_table_def *t, const row_cells *rc, int *map,
                      size_t mapn)
{
    int hits = 0;
    for (size_t k = 0; k < rc->n; k++) {
        int h = header_of(c, t, rc->text[k]);
        if (h >= 0 && rc->col[k] < mapn) {
            map[rc->col[k]] = h;
            hits++;
        }
    }
    return hits;
}

/* Builds the plan from every action-plan table of the body. */
static void build_plan(dhr_ctx *c, const dhr_table_def *t, plan *pl)
{
    const dhr_document *doc = c->doc;
    memset(pl, 0, sizeof *pl);
    pl->at = -1;
    int map[65];
    bool mapped = false;
    uint32_t last_table = 0, ncells_header = 0;
    int32_t last_para = -1;
    for (size_t i = 0; i < doc->npara && !c->oom;) {
        const dhr_para *p = &doc->paras[i];
        if (p->part != DHR_PART_BODY || !p->table || p->table_depth != 1) {
            /* a heading between tables ends a plan's continuation */
            if (p->part == DHR_PART_BODY && p->heading && mapped && p->len)
                mapped = false;
            i++;
            continue;
        }
        uint32_t table = p->table;
        /* A table of its own: header row, or labels down the first column. */
        row_cells rc;
        bool new_table = table != last_table;
        last_table = table;
        size_t next = read_row(doc, i, &rc);
        if (new_table) {
            int m2[65];
            for (int k = 0; k < 65; k++)
                m2[k] = -1;
            int hits = map_header(c, t, &rc, m2, 65);
            if (hits >= 3) {
                memcpy(map, m2, sizeof map);
                mapped = true;
                ncells_header = (uint32_t)rc.n;
                if (pl->at < 0)
                    pl->at = rc.first;
                pl->found = true;
                for (int k = 0; k < 65; k++)
                    if (map[k] >= 0)
                        pl->has[map[k]] = true;
                row_cells_free(&rc);
                i = next;
                /* a second header row under merged cells: "RAG | Progress | Date" */
                if (i < doc->npara && doc->paras[i].table == table) {
                    row_cells r2;
                    size_t n2 = read_row(doc, i, &r2);
                    int m3[65];
                    for (int k = 0; k < 65; k++)
                        m3[k] = -1;
                    if (map_header(c, t, &r2, m3, 65) >= 2) {
                        for (int k = 0; k < 65; k++)
                            if (m3[k] >= 0) {
                                map[k] = m3[k];
                                pl->has[m3[k]] = true;
                            }
                        i = n2;
                    }
                    row_cells_free(&r2);
                }
                continue;
            }
            /* labels down the first column: one table per recommendation */
            size_t labels = 0;
            for (size_t k = i; k < doc->npara && doc->paras[k].table == table;) {
                row_cells rv;
                size_t nv = read_row(doc, k, &rv);
                if (rv.n >= 2 && header_of(c, t, rv.text[0]) >= 0)
                    labels++;
                row_cells_free(&rv);
                k = nv;
            }
            if (labels >= 3) {
                record *rec = new_record(pl, rc.first);
                pl->found = true;
                if (pl->at < 0)
                    pl->at = rc.first;
                row_cells_free(&rc);
                for (size_t k = i; k < doc->npara && doc->paras[k].table == table;) {
                    row_cells rv;
                    size_t nv = read_row(doc, k, &rv);
                    int h = rv.n >= 2 ? header_of(c, t, rv.text[0]) : -1;
                    if (rec && h >= 0 && !rec->text[h]) {
                        pl->has[h] = true;
                        rec->cell[h] = rv.para[1];
                        rec->text[h] = strdup(rv.text[1]);
                        for (size_t x = 2; x < rv.n && rec->text[h]; x++) {
                            /* values over several cells: joined */
                            size_t a = strlen(rec->text[h]), b = strlen(rv.text[x]);
                            char *j = realloc(rec->text[h], a + b + 2);
                            if (j) {
                                if (b)
                                    j[a] = ' ', memcpy(j + a + 1, rv.text[x], b + 1);
                                rec->text[h] = j;
                            }
                        }
                    }
                    row_cells_free(&rv);
                    k = nv;
                }
                mapped = false;
                while (i < doc->npara && doc->paras[i].table == table)
                    i++;
                continue;
            }
            /* a continuation: the same number of cells, straight after */
            bool cont = mapped && rc.n == ncells_header && last_para >= 0 &&
                        (int32_t)i - last_para < 6;
            if (!cont)
                mapped = false;
        }
        if (mapped) {
            /* a repeated header row in a continuation is skipped */
            int m2[65];
            for (int k = 0; k < 65; k++)
                m2[k] = -1;
            if (map_header(c, t, &rc, m2, 65) < 3) {
                bool any = false;
                for (size_t k = 0; k < rc.n; k++)
                    any |= rc.text[k][0] != '\0';
                record *rec = any ? new_record(pl, rc.first) : NULL;
                for (size_t k = 0; rec && k < rc.n; k++) {
                    int h = rc.col[k] < 65 ? map[rc.col[k]] : -1;
                    if (h >= 0 && !rec->text[h]) {
                        rec->cell[h] = rc.para[k];
                        rec->text[h] = strdup(rc.text[k]);
                    }
                }
            }
            last_para = (int32_t)next - 1;
        }
        row_cells_free(&rc);
        i = next;
    }
}

static const dhr_pattern *item(const dhr_rule *r, const char *name)
{
    for (size_t k = 0; k < r->nitems; k++)
        if (r->items[k].name && strcmp(r->items[k].name, name) == 0)
            return &r->items[k].pat;
    return NULL;
}

static int col_index(const dhr_table_def *t, const char *id)
{
    for (size_t k = 0; k < t->ncols; k++)
        if (strcmp(t->cols[k].id, id) == 0)
            return (int)k;
    return -1;
}

static bool matches(dhr_ctx *c, const dhr_pattern *p, const char *s)
{
    return p && p->src && s && dhr_pattern_in_text(c, p, s, strlen(s));
}

/* The recommendation numbers a text holds ("Recommendation 3", "R3", "3.1"),
 * by the rule's NUMBER pattern: its first number. */
static long number_in(dhr_ctx *c, const dhr_pattern *number, const char *s)
{
    size_t at, len;
    if (!number || !number->src || !s || !dhr_pattern_first(c, number, s, strlen(s), &at, &len))
        return -1;
    /* the last number of the match: "10.3 Recommendation 3" is 3 */
    size_t e = at + len;
    while (e > at && !dhr_is_digit((unsigned char)s[e - 1]))
        e--;
    size_t b = e;
    while (b > at && dhr_is_digit((unsigned char)s[b - 1]))
        b--;
    return b < e ? strtol(s + b, NULL, 10) : -1;
}

/* The last figure of a leading paragraph number: "12.3 The council
 * should..." is 3, "4. The police..." is 4; -1 when there is none. */
static long last_figure(const char *s)
{
    size_t k = 0, last = 0;
    bool any = false;
    while (s[k] == ' ')
        k++;
    while (dhr_is_digit((unsigned char)s[k])) {
        last = k;
        any = true;
        while (dhr_is_digit((unsigned char)s[k]))
            k++;
        if (s[k] == '.' && dhr_is_digit((unsigned char)s[k + 1]))
            k++;
        else
            break;
    }
    if (!any || (s[k] && s[k] != '.' && s[k] != ' ' && s[k] != ')'))
        return -1;
    return strtol(s + last, NULL, 10);
}

static void emit_at(dhr_ctx *c, int32_t para, const char *excerpt, const char *item_name)
{
    dhr_fill f = {.item = item_name};
    if (para >= 0)
        dhr_emit(c, para, false, 0, 0, excerpt, NULL, &f);
    else
        dhr_emit(c, -1, false, 0, 0, excerpt, "action-plan", &f);
}

static void check_plan(dhr_ctx *c, plan *pl)
{
    const dhr_rule *r = c->rule;
    const dhr_table_def *t = r->columns;
    const char *what = r->action_check ? r->action_check : "";
    if (strcmp(what, "missing") == 0) {
        if (!pl->found)
            emit_at(c, -1, "", NULL);
        return;
    }
    if (!pl->found)
        return;
    if (strcmp(what, "columns") == 0) {
        for (size_t k = 0; k < t->ncols; k++)
            if (t->cols[k].required && !pl->has[k])
                emit_at(c, pl->at, t->cols[k].name, t->cols[k].name);
        return;
    }
    int rec_col = col_index(t, "recommendation"), done_col = col_index(t, "completion-date"),
        lead_col = col_index(t, "responsible-lead");
    for (size_t n = 0; n < pl->nrec; n++) {
        record *rec = &pl->rec[n];
        if (strcmp(what, "empty-cell") == 0) {
            for (size_t k = 0; k < t->ncols; k++)
                if (t->cols[k].cell_required && pl->has[k] && rec->text[k] && !rec->text[k][0])
                    emit_at(c, rec->cell[k] >= 0 ? rec->cell[k] : rec->para, t->cols[k].name,
                            t->cols[k].name);
        } else if (strcmp(what, "completion-date") == 0 && done_col >= 0 && pl->has[done_col]) {
            /* marked complete: the RAG status says so, or, with no RAG
             * status given, the progress or outcome cell; an action the
             * RAG or the date cell keeps OPEN ("Amber", "Not yet
             * complete") is not complete, whatever the progress says */
            const dhr_pattern *complete = item(r, "complete"), *open = item(r, "open");
            int rag = col_index(t, "rag");
            const char *date = rec->text[done_col];
            bool rag_given = rag >= 0 && rec->text[rag] && rec->text[rag][0];
            bool is_done = rag_given && matches(c, complete, rec->text[rag]);
            for (size_t k = 0; k < t->ncols && !is_done && !rag_given; k++) {
                const char *id = t->cols[k].id;
                if (strcmp(id, "progress") == 0 || strcmp(id, "outcome-achieved") == 0)
                    is_done = matches(c, complete, rec->text[k]);
            }
            if ((rag_given && matches(c, open, rec->text[rag])) || matches(c, open, date))
                is_done = false;
            if (is_done && (!date || !date[0] || !matches(c, item(r, "date"), date)))
                emit_at(c, rec->cell[done_col] >= 0 ? rec->cell[done_col] : rec->para,
                        date && date[0] ? date : t->cols[done_col].name, NULL);
        } else if (strcmp(what, "named-lead") == 0 && lead_col >= 0) {
            const char *lead = rec->text[lead_col];
            if (lead && lead[0] && matches(c, item(r, "agency"), lead) &&
                !matches(c, item(r, "role"), lead))
                emit_at(c, rec->cell[lead_col] >= 0 ? rec->cell[lead_col] : rec->para, lead, NULL);
        }
    }
    if (strcmp(what, "coverage") == 0) {
        const dhr_pattern *number = item(r, "number");
        bool in_plan[1000] = {false};
        size_t numbered = 0;
        for (size_t n = 0; n < pl->nrec; n++) {
            const record *rec = &pl->rec[n];
            long v = rec_col >= 0 ? number_in(c, number, rec->text[rec_col]) : -1;
            int act = col_index(t, "action");
            if (v < 0 && act >= 0)
                v = number_in(c, number, rec->text[act]);
            if (v >= 0 && v < 1000)
                in_plan[v] = true, numbered++;
        }
        /* The report's recommendations: "Recommendation 3" in a paragraph,
         * a subheading or the first cell of a table row of the section;
         * failing any, its numbered paragraphs that recommend (WORDING:
         * "should", "must"), numbered by their last figure ("12.3" is 3). */
        const dhr_osection *recs = dhr_outline_find(c->ol, "recommendations");
        const dhr_pattern *named = item(r, "recommendation"), *wording = item(r, "wording");
        for (int pass = 0; pass < 2 && recs && numbered; pass++) {
            bool any = false;
            bool seen[1000] = {false};
            for (int32_t i = recs->first; i < recs->end; i++) {
                const dhr_para *p = &c->doc->paras[i];
                if (p->part != DHR_PART_BODY || (p->table && p->cell != 1))
                    continue;
                long v = -1;
                if (pass == 0)
                    v = number_in(c, named, p->text);
                else if (!p->heading && !p->table && matches(c, wording, p->text))
                    v = last_figure(p->list_label ? p->list_label : p->text);
                if (v < 0 || v >= 1000 || seen[v])
                    continue;
                seen[v] = any = true;
                if (!in_plan[v]) {
                    char ex[64];
                    snprintf(ex, sizeof ex, "Recommendation %ld", v);
                    emit_at(c, i, ex, NULL);
                }
            }
            if (any)
                break;
        }
    }
}

void dhr_check_action_plan(dhr_ctx *c)
{
    if (c->rule->kind != CK_ACTION_PLAN || !c->rule->columns)
        return;
    if (!c->plan || c->plan_columns != c->rule->columns) {
        dhr_action_plan_done(c);
        c->plan = calloc(1, sizeof *c->plan);
        if (!c->plan) {
            c->oom = true;
            return;
        }
        build_plan(c, c->rule->columns, c->plan);
        c->plan_columns = c->rule->columns;
    }
    check_plan(c, c->plan);
}

void dhr_action_plan_done(dhr_ctx *c)
{
    if (!c->plan)
        return;
    for (size_t n = 0; n < c->plan->nrec; n++)
        record_free(&c->plan->rec[n]);
    free(c->plan);
    c->plan = NULL;
    c->plan_columns = NULL;
}
