#include "docx_body.h"
#include "docx_walk.h"

#include "dhrlint/limits.h"
#include "docx_numbering.h"
#include "symbol_font.h"
#include "xmlsax.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_SDT 64
#define MAX_MCE 16

typedef struct open_para {
    dhr_pbuf pb;
    char style_id[96];
    int8_t outline; /* from the paragraph's own properties, -1 unset */
    long num_id;    /* -1 unset, 0 numbering removed, else the list */
    int8_t num_level; /* -1 unset */
    bool carry;     /* its text joins the next paragraph: a drop cap, or a
                       paragraph mark deleted by a tracked change */
    bool toc;       /* a TOC field was open somewhere in it */
    bool in_vmerge; /* in a vertically merged continuation cell */
    bool in_toc_sdt;
    bool body_text; /* visible text read while no TOC field was open */
} open_para;

typedef struct open_table {
    uint32_t id, row, gridcol, cell, span;
    bool vcont;
} open_table;

typedef struct id_anchor {
    long id;
    int32_t para;
} id_anchor;

typedef struct anchors {
    id_anchor *v;
    size_t n, cap;
} anchors;

struct dhr_docx_body {
    dhr_builder *b;
    dhr_wstyles *styles;
    dhr_wnumbering *numbering;
    dhr_part part;
    int skip; /* >0 while inside a subtree that is not read */

    open_para paras[DHR_MAX_PARAGRAPH_NESTING];
    int npara;
    int textbox; /* txbxContent depth */
    int table_base[DHR_MAX_PARAGRAPH_NESTING + 1]; /* ntable when each text box opened */

    open_table tables[DHR_MAX_TABLE_DEPTH];
    int ntable;

    bool in_run, in_rpr, in_ppr, in_sdtpr, in_trpr, in_tcpr;
    int8_t r_bold, r_vanish;
    bool r_symbol; /* the run is in the Symbol font */
    char r_style[96];
    dhr_pbuf held;    /* a paragraph that runs on into the next one */
    bool has_held;
    bool mce_taken[MAX_MCE]; /* per mc:AlternateContent: a branch was read */
    int nmce;
    enum { TEXT_NONE, TEXT_VISIBLE, TEXT_DELETED, TEXT_INSTR } text_mode;

    int ins, del; /* tracked insertion / deletion depth */
    const char *ins_author, *ins_date;
    char *del_author, *del_date;
    dhr_strbuf deleted;

    dhr_fields fields;

    bool sdt_toc[MAX_SDT];
    int nsdt;
    bool saw_toc_sdt;

    anchors footnotes, endnotes, comments;
    long pending_comments[16];
    int npending;
    int32_t note_anchor;
    const char *note_author, *note_date;

    char **hf_ids;
    size_t nhf;
    struct drawing_ref {
        char *id;
        int32_t anchor;
    } *drawings;
    size_t ndrawings;
    bool oom;
};

dhr_docx_body *dhr_docx_body_new(dhr_builder *b, dhr_wstyles *styles,
                                 dhr_wnumbering *numbering)
{
    dhr_docx_body *r = calloc(1, sizeof *r);
    if (r) {
        r->b = b;
        r->styles = styles;
        r->numbering = numbering;
    }
    return r;
}

void dhr_docx_body_free(dhr_docx_body *r)
{
    if (!r)
        return;
    for (int i = 0; i < DHR_MAX_PARAGRAPH_NESTING; i++)
        dhr_pb_free(&r->paras[i].pb);
    dhr_sb_free(&r->deleted);
    dhr_pb_free(&r->held);
    free(r->del_author);
    free(r->del_date);
    free(r->footnotes.v);
    free(r->endnotes.v);
    free(r->comments.v);
    for (size_t i = 0; i < r->nhf; i++)
        free(r->hf_ids[i]);
    free(r->hf_ids);
    for (size_t i = 0; i < r->ndrawings; i++)
        free(r->drawings[i].id);
    free(r->drawings);
    free(r);
}

size_t dhr_docx_body_drawing_count(const dhr_docx_body *r)
{
    return r->ndrawings;
}

const char *dhr_docx_body_drawing_id(const dhr_docx_body *r, size_t i)
{
    return r->drawings[i].id;
}

int32_t dhr_docx_body_drawing_anchor(const dhr_docx_body *r, size_t i)
{
    return r->drawings[i].anchor;
}


size_t dhr_docx_body_hf_count(const dhr_docx_body *r)
{
    return r->nhf;
}

const char *dhr_docx_body_hf_id(const dhr_docx_body *r, size_t i)
{
    return r->hf_ids[i];
}

static void anchor_add(dhr_docx_body *r, anchors *a, long id, int32_t para)
{
    for (size_t i = 0; i < a->n; i++)
        if (a->v[i].id == id)
            return; /* the first reference anchors it */
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 32;
        if (cap > DHR_MAX_PARAGRAPHS)
            return;
        id_anchor *v = realloc(a->v, cap * sizeof *v);
        if (!v) {
            r->oom = true;
            return;
        }
        a->v = v;
        a->cap = cap;
    }
    a->v[a->n++] = (id_anchor){id, para};
}

static int32_t anchor_find(const anchors *a, long id)
{
    for (size_t i = 0; i < a->n; i++)
        if (a->v[i].id == id)
            return a->v[i].para;
    return -1;
}

static int32_t current_para(const dhr_docx_body *r)
{
    return r->npara ? r->paras[r->npara - 1].pb.idx : -1;
}

/* The r: attribute LOCAL as a new string, NULL when absent; OOM noted. */
static char *r_attr(dhr_docx_body *r, const dhr_attrs *at, const char *local)
{
    size_t len;
    const char *v = dhr_attr(at, NS_R, local, &len);
    if (!v)
        return NULL;
    char *s = strndup(v, len);
    if (!s)
        r->oom = true;
    return s;
}

static void remember_drawing(dhr_docx_body *r, const dhr_attrs *at, const char *local)
{
    if (r->ndrawings >= 1024 || r->part != DHR_PART_BODY)
        return;
    char *id = r_attr(r, at, local);
    struct drawing_ref *v = id ? realloc(r->drawings, (r->ndrawings + 1) * sizeof *v) : NULL;
    if (!v) {
        r->oom |= id != NULL;
        free(id);
        return;
    }
    r->drawings = v;
    r->drawings[r->ndrawings++] = (struct drawing_ref){id, current_para(r)};
}

static bool displaying(const dhr_docx_body *r)
{
    return dhr_fields_displaying(&r->fields);
}

/* A TOC field that began or ended in the paragraph makes it part of the
 * table of contents. */
static void mark_toc(dhr_docx_body *r, bool toc)
{
    if (toc && r->npara)
        r->paras[r->npara - 1].toc = true;
}

static bool toc_field_open(const dhr_docx_body *r)
{
    return dhr_fields_in_toc(&r->fields);
}

/* The formatting of the current run, resolved through its character style,
 * the paragraph style and the document defaults. */
static dhr_run_fmt run_fmt(dhr_docx_body *r)
{
    dhr_run_fmt f = {0};
    int8_t bold = r->r_bold, vanish = r->r_vanish;
    if ((bold < 0 || vanish < 0) && r->r_style[0]) {
        dhr_wstyle *cs = dhr_wstyles_get(r->styles, r->r_style);
        if (cs) {
            if (bold < 0)
                bold = cs->r_bold;
            if (vanish < 0)
                vanish = cs->r_vanish;
        }
    }
    if ((bold < 0 || vanish < 0) && r->npara) {
        open_para *op = &r->paras[r->npara - 1];
        dhr_wstyle *ps = op->style_id[0] ? dhr_wstyles_get(r->styles, op->style_id)
                                         : r->styles->default_para;
        if (ps) {
            dhr_wstyles_get(r->styles, ps->id);
            if (bold < 0)
                bold = ps->r_bold;
            if (vanish < 0)
                vanish = ps->r_vanish;
        }
    }
    f.bold = bold < 0 ? r->styles->default_bold > 0 : bold > 0;
    f.hidden = vanish < 0 ? r->styles->default_vanish > 0 : vanish > 0;
    f.inserted = r->ins > 0;
    f.author = r->ins_author;
    f.date = r->ins_date;
    return f;
}

/* Text as a reader sees it goes to the open paragraph; deleted text to the
 * pending deletion; field instructions nowhere. */
static void emit(dhr_docx_body *r, const char *s, size_t n)
{
    if (!displaying(r))
        return;
    if (r->del) {
        if (!dhr_sb_append(&r->deleted, s, n))
            r->oom = true;
        return;
    }
    if (!r->npara)
        return;
    open_para *op = &r->paras[r->npara - 1];
    if (toc_field_open(r))
        op->toc = true;
    else if (dhr_has_visible(s, n))
        op->body_text = true;
    dhr_run_fmt f = run_fmt(r);
    dhr_pb_text(r->b, &op->pb, s, n, &f);
}

/* Text in the Symbol font is stored by glyph position; show the characters. */
static void emit_symbol_text(dhr_docx_body *r, const char *s, size_t n)
{
    dhr_strbuf out = {0};
    if (!dhr_symbol_font_text(&out, s, n))
        r->oom = true;
    emit(r, out.s ? out.s : "", out.len);
    dhr_sb_free(&out);
}

static void emit_cp(dhr_docx_body *r, uint32_t cp)
{
    dhr_strbuf tmp = {0};
    char buf[8];
    tmp.s = buf;
    tmp.cap = sizeof buf;
    dhr_sb_put_utf8(&tmp, cp);
    emit(r, buf, tmp.len);
}

static void flush_deleted(dhr_docx_body *r)
{
    if (r->deleted.len && dhr_has_visible(r->deleted.s, r->deleted.len)) {
        dhr_builder *b = r->b;
        dhr_b_simple_para(b, DHR_PART_REVISION, current_para(r), r->deleted.s, r->deleted.len,
                          NULL, dhr_b_strdup(b, r->del_author), dhr_b_strdup(b, r->del_date));
    }
    dhr_sb_clear(&r->deleted);
}

static void para_start(dhr_docx_body *r)
{
    dhr_builder *b = r->b;
    if (r->npara >= DHR_MAX_PARAGRAPH_NESTING) {
        dhr_b_fail(b, DHR_READ_NESTING,
                   "paragraphs are nested too deeply (text boxes in text boxes, more than %d "
                   "levels): it was not read",
                   DHR_MAX_PARAGRAPH_NESTING);
        return;
    }
    dhr_part part = r->part;
    int32_t anchor = r->note_anchor;
    if (r->textbox) {
        part = DHR_PART_TEXTBOX;
        anchor = current_para(r);
    }
    int base = r->table_base[r->textbox];
    if (r->has_held) {
        /* The held paragraph goes on here when it is the same kind of place;
         * otherwise it ends where it was. */
        const dhr_para *hp = dhr_b_para(b, r->held.idx);
        const open_table *t = r->ntable > base ? &r->tables[r->ntable - 1] : NULL;
        bool same = !r->textbox && hp->part == part &&
                    (t ? hp->table == t->id && hp->row == t->row && hp->cell == t->cell
                       : hp->table == 0);
        r->has_held = false;
        if (same) {
            open_para *op = &r->paras[r->npara++];
            dhr_pbuf tmp = op->pb;
            op->pb = r->held;
            r->held = tmp;
            op->style_id[0] = '\0';
            op->outline = -1;
            op->num_id = -1;
            op->num_level = -1;
            op->carry = false;
            op->toc = toc_field_open(r);
            op->in_vmerge = false;
            op->in_toc_sdt = false;
            op->body_text = false;
            return;
        }
        dhr_pb_finish(b, &r->held);
    }
    int32_t idx = dhr_b_para_begin(b, part, anchor);
    if (idx < 0)
        return;
    dhr_para *p = dhr_b_para(b, idx);
    if (part == DHR_PART_COMMENT) {
        p->author = r->note_author;
        p->date = r->note_date;
    }
    if (r->ntable > base) {
        open_table *t = &r->tables[r->ntable - 1];
        p->table = t->id;
        p->row = t->row;
        p->cell = t->cell;
        p->table_depth = (uint16_t)(r->ntable - base);
    }
    open_para *op = &r->paras[r->npara++];
    dhr_pb_start(&op->pb, idx);
    op->style_id[0] = '\0';
    op->outline = -1;
    op->num_id = -1;
    op->num_level = -1;
    op->carry = false;
    op->toc = toc_field_open(r);
    op->in_vmerge = r->ntable > base && r->tables[r->ntable - 1].vcont;
    op->in_toc_sdt = false;
    op->body_text = false;
    for (int i = 0; i < r->nsdt && i < MAX_SDT; i++)
        if (r->sdt_toc[i])
            op->in_toc_sdt = true;
    for (int i = 0; i < r->npending; i++)
        anchor_add(r, &r->comments, r->pending_comments[i], idx);
    r->npending = 0;
}

static void para_end(dhr_docx_body *r)
{
    if (!r->npara)
        return;
    dhr_builder *b = r->b;
    open_para *op = &r->paras[--r->npara];
    int32_t idx = op->pb.idx;
    if (idx < 0 || b->failed)
        return;
    dhr_wstyle *st = op->style_id[0] ? dhr_wstyles_get(r->styles, op->style_id)
                                     : r->styles->default_para;
    if (st)
        dhr_wstyles_get(r->styles, st->id);

    bool toc_entry = (op->toc && !op->body_text) || (op->in_toc_sdt && st && st->toc_level);
    if (toc_entry) {
        int level = st && st->toc_level ? st->toc_level : 1;
        dhr_b_toc_add(b, op->pb.text.s ? op->pb.text.s : "", op->pb.text.len, level);
        if (b->doc->toc_source == DHR_TOC_NONE || op->toc)
            b->doc->toc_source = op->toc ? DHR_TOC_FIELD : DHR_TOC_SDT;
        if (dhr_b_para_discard(b, idx)) {
            op->pb.idx = -1;
            return;
        }
    }
    if (op->in_vmerge && !dhr_has_visible(op->pb.text.s ? op->pb.text.s : "", op->pb.text.len) &&
        dhr_b_para_discard(b, idx)) {
        op->pb.idx = -1;
        return;
    }
    if (op->carry && !r->textbox) {
        /* Finish it with the next paragraph: swap its buffers aside. */
        if (r->has_held)
            dhr_pb_finish(b, &r->held);
        dhr_pbuf tmp = r->held;
        r->held = op->pb;
        op->pb = tmp;
        op->pb.idx = -1;
        r->has_held = true;
        return;
    }
    dhr_pb_finish(b, &op->pb);
    if (b->failed)
        return;
    dhr_para *p = dhr_b_para(b, idx);
    if (st) {
        p->style = st->name;
        p->heading = st->heading;
    } else if (op->style_id[0]) {
        p->style = dhr_b_strdup(b, op->style_id);
    }
    if (op->outline >= 0)
        p->heading = op->outline < 9 ? (uint8_t)(op->outline + 1) : 0;
    long num_id = op->num_id;
    int level = op->num_level;
    if (num_id < 0 && st && st->r_num_id >= 0) {
        num_id = st->r_num_id;
        if (level < 0)
            level = st->r_num_level;
    }
    if (level < 0)
        level = 0;
    if (num_id > 0) {
        p->list_auto = true;
        p->list_level = (int8_t)level;
        char label[64];
        if (r->numbering && dhr_wnumbering_next(r->numbering, num_id, level, label, sizeof label))
            p->list_label = dhr_b_strdup(b, label);
        else
            p->list_label = NULL; /* a bullet */
    }
}

static void table_start(dhr_docx_body *r)
{
    if (r->ntable >= DHR_MAX_TABLE_DEPTH) {
        dhr_b_fail(r->b, DHR_READ_NESTING,
                   "tables are nested too deeply (more than %d levels): it was not read",
                   DHR_MAX_TABLE_DEPTH);
        return;
    }
    open_table *t = &r->tables[r->ntable++];
    memset(t, 0, sizeof *t);
    t->id = ++r->b->doc->ntable;
}

static void add_alt_text(dhr_docx_body *r, const dhr_attrs *at, dhr_ns ns, const char *local)
{
    size_t len;
    const char *v = dhr_attr(at, ns, local, &len);
    if (v && dhr_has_visible(v, len))
        dhr_b_simple_para(r->b, DHR_PART_ALT_TEXT, current_para(r), v, len, NULL, NULL, NULL);
}

static void remember_hf(dhr_docx_body *r, const dhr_attrs *at)
{
    char *id = r_attr(r, at, "id");
    bool known = !id || r->nhf >= 1024;
    for (size_t i = 0; !known && i < r->nhf; i++)
        known = strcmp(r->hf_ids[i], id) == 0;
    char **v = known ? NULL : realloc(r->hf_ids, (r->nhf + 1) * sizeof *v);
    if (!v) {
        r->oom |= !known;
        free(id);
        return;
    }
    r->hf_ids = v;
    r->hf_ids[r->nhf++] = id;
}

static void mce_start(dhr_docx_body *r, dhr_name name, const dhr_attrs *at)
{
    if (name == N_AlternateContent) {
        if (r->nmce < MAX_MCE)
            r->mce_taken[r->nmce] = false;
        r->nmce++;
        return;
    }
    if (!r->nmce || r->nmce > MAX_MCE) {
        if (name == N_Fallback)
            r->skip = 1;
        return;
    }
    bool *taken = &r->mce_taken[r->nmce - 1];
    if (name == N_Choice) {
        size_t len = 0;
        const char *req = dhr_attr(at, NS_OTHER, "Requires", &len);
        if (*taken || !req || !dhr_mce_understood(req, len))
            r->skip = 1;
        else
            *taken = true;
    } else if (name == N_Fallback) {
        if (*taken)
            r->skip = 1;
        else
            *taken = true;
    }
}

static void body_start(void *user, dhr_ns ns, dhr_name name, const dhr_attrs *at)
{
    dhr_docx_body *r = user;
    if (r->skip) {
        r->skip++;
        return;
    }
    if (ns == NS_MC) {
        mce_start(r, name, at);
        return;
    }
    if (ns == NS_WP) {
        if (name == N_docPr) {
            add_alt_text(r, at, NS_OTHER, "title");
            add_alt_text(r, at, NS_OTHER, "descr");
        }
        return;
    }
    if (ns == NS_V) {
        if (name == N_shape)
            add_alt_text(r, at, NS_OTHER, "alt");
        return;
    }
    if (ns == NS_DGM && name == N_relIds) {
        remember_drawing(r, at, "dm");
        return;
    }
    if (ns == NS_C && name == N_chart) {
        remember_drawing(r, at, "id");
        return;
    }
    if (ns == NS_M) {
        if (name == N_t)
            r->text_mode = r->del ? TEXT_DELETED : TEXT_VISIBLE;
        return;
    }
    if (ns != NS_W)
        return;
    switch (name) {
    case N_p:
        para_start(r);
        break;
    case N_pPr:
        r->in_ppr = true;
        break;
    case N_pStyle:
        if (r->in_ppr && r->npara)
            dhr_attr_buf(at, NS_W, "val", r->paras[r->npara - 1].style_id,
                         sizeof r->paras[0].style_id);
        break;
    case N_outlineLvl:
        if (r->in_ppr && r->npara) {
            long v = dhr_attr_long(at, NS_W, "val", -1);
            if (v >= 0 && v <= 9)
                r->paras[r->npara - 1].outline = (int8_t)v;
        }
        break;
    case N_numId:
        if (r->in_ppr && r->npara)
            r->paras[r->npara - 1].num_id = dhr_attr_long(at, NS_W, "val", 0);
        break;
    case N_framePr:
        if (r->in_ppr && r->npara) {
            char v[16];
            dhr_attr_buf(at, NS_W, "dropCap", v, sizeof v);
            if (v[0] && strcmp(v, "none") != 0)
                r->paras[r->npara - 1].carry = true;
        }
        break;
    case N_rFonts:
        if (r->in_run && r->in_rpr) {
            char f[32];
            dhr_attr_buf(at, NS_W, "ascii", f, sizeof f);
            if (!f[0])
                dhr_attr_buf(at, NS_W, "hAnsi", f, sizeof f);
            r->r_symbol = strcasecmp(f, "Symbol") == 0;
        }
        break;
    case N_ilvl:
        if (r->in_ppr && r->npara) {
            long v = dhr_attr_long(at, NS_W, "val", 0);
            r->paras[r->npara - 1].num_level = (int8_t)(v < 0 ? 0 : v > 9 ? 9 : v);
        }
        break;
    case N_r:
        r->in_run = true;
        r->r_bold = r->r_vanish = -1;
        r->r_symbol = false;
        r->r_style[0] = '\0';
        break;
    case N_rPr:
        r->in_rpr = true;
        break;
    case N_rStyle:
        if (r->in_run && r->in_rpr)
            dhr_attr_buf(at, NS_W, "val", r->r_style, sizeof r->r_style);
        break;
    case N_b:
        if (r->in_run && r->in_rpr)
            r->r_bold = (int8_t)dhr_attr_on(at, NS_W, "val");
        break;
    case N_vanish:
        if (r->in_run && r->in_rpr)
            r->r_vanish = (int8_t)dhr_attr_on(at, NS_W, "val");
        break;
    case N_t:
        r->text_mode = r->del ? TEXT_DELETED : TEXT_VISIBLE;
        break;
    case N_delText:
        r->text_mode = TEXT_DELETED;
        break;
    case N_instrText:
        r->text_mode = TEXT_INSTR;
        break;
    case N_tab:
    case N_ptab:
        if (r->in_run && !r->in_rpr && !r->in_ppr)
            emit(r, "\t", 1);
        break;
    case N_br:
    case N_cr:
        if (r->in_run)
            emit(r, "\n", 1);
        break;
    case N_noBreakHyphen:
        emit_cp(r, 0x2011);
        break;
    case N_softHyphen:
        emit_cp(r, 0x00AD);
        break;
    case N_sym: {
        char hex[16];
        dhr_attr_buf(at, NS_W, "char", hex, sizeof hex);
        char font[32];
        dhr_attr_buf(at, NS_W, "font", font, sizeof font);
        unsigned long cp = strtoul(hex, NULL, 16);
        /* Other symbol fonts (Wingdings...) have no Unicode mapping here:
         * their private-use code point is kept. */
        if (strcasecmp(font, "Symbol") == 0)
            cp = dhr_symbol_font_char((uint32_t)cp);
        if (cp && cp <= 0x10FFFF)
            emit_cp(r, (uint32_t)cp);
        break;
    }
    case N_fldChar: {
        char type[16];
        dhr_attr_buf(at, NS_W, "fldCharType", type, sizeof type);
        if (strcmp(type, "begin") == 0)
            dhr_fields_begin(&r->fields, true, NULL, 0);
        else if (strcmp(type, "separate") == 0)
            mark_toc(r, dhr_fields_separate(&r->fields));
        else if (strcmp(type, "end") == 0)
            mark_toc(r, dhr_fields_end(&r->fields));
        break;
    }
    case N_fldSimple: {
        size_t len;
        const char *instr = dhr_attr(at, NS_W, "instr", &len);
        dhr_fields_begin(&r->fields, false, instr, instr ? len : 0);
        break;
    }
    case N_ins:
    case N_moveTo:
        if (r->in_rpr || r->in_ppr || r->in_trpr || r->in_tcpr) {
            r->b->doc->nformat_changes++; /* a paragraph mark or row, not text */
            r->skip = 1;
        } else if (++r->ins == 1) {
            char *a = dhr_attr_dup(at, NS_W, "author"), *dt = dhr_attr_dup(at, NS_W, "date");
            r->ins_author = dhr_b_strdup(r->b, a);
            r->ins_date = dhr_b_strdup(r->b, dt);
            free(a);
            free(dt);
        }
        break;
    case N_del:
    case N_moveFrom:
        if (r->in_rpr || r->in_ppr || r->in_trpr || r->in_tcpr) {
            r->b->doc->nformat_changes++;
            /* A deleted paragraph mark: with the change accepted, as the
             * text is read, the paragraph runs on into the next one. */
            if (r->in_ppr && r->in_rpr && !r->in_run && r->npara)
                r->paras[r->npara - 1].carry = true;
            r->skip = 1;
        } else if (++r->del == 1) {
            free(r->del_author);
            free(r->del_date);
            r->del_author = dhr_attr_dup(at, NS_W, "author");
            r->del_date = dhr_attr_dup(at, NS_W, "date");
        }
        break;
    case N_pPrChange:
    case N_rPrChange:
    case N_tblPrChange:
    case N_trPrChange:
    case N_tcPrChange:
    case N_sectPrChange:
    case N_tblGridChange:
    case N_numberingChange:
        r->b->doc->nformat_changes++;
        r->skip = 1;
        break;
    case N_rt:
    case N_delInstrText:
        r->skip = 1;
        break;
    case N_tbl:
        table_start(r);
        break;
    case N_tr:
        if (r->ntable) {
            open_table *t = &r->tables[r->ntable - 1];
            t->row++;
            t->gridcol = 0;
        }
        break;
    case N_trPr:
        r->in_trpr = true;
        break;
    case N_gridBefore:
        if (r->ntable && r->in_trpr) {
            long v = dhr_attr_long(at, NS_W, "val", 0);
            if (v > 0 && v < 1000)
                r->tables[r->ntable - 1].gridcol += (uint32_t)v;
        }
        break;
    case N_tc:
        if (r->ntable) {
            open_table *t = &r->tables[r->ntable - 1];
            t->cell = t->gridcol + 1;
            t->span = 1;
            t->vcont = false;
        }
        break;
    case N_tcPr:
        r->in_tcpr = true;
        break;
    case N_gridSpan:
        if (r->ntable && r->in_tcpr) {
            long v = dhr_attr_long(at, NS_W, "val", 1);
            if (v > 1 && v < 1000)
                r->tables[r->ntable - 1].span = (uint32_t)v;
        }
        break;
    case N_vMerge:
        if (r->ntable && r->in_tcpr) {
            char v[16];
            dhr_attr_buf(at, NS_W, "val", v, sizeof v);
            r->tables[r->ntable - 1].vcont = v[0] == '\0' || strcmp(v, "continue") == 0;
        }
        break;
    case N_txbxContent:
        if (r->textbox < DHR_MAX_PARAGRAPH_NESTING) {
            r->textbox++;
            r->table_base[r->textbox] = r->ntable;
        } else {
            r->skip = 1;
        }
        break;
    case N_sdt:
        if (r->nsdt < MAX_SDT)
            r->sdt_toc[r->nsdt] = false;
        r->nsdt++;
        break;
    case N_sdtPr:
        r->in_sdtpr = true;
        break;
    case N_docPartGallery:
        if (r->in_sdtpr && r->nsdt && r->nsdt <= MAX_SDT) {
            char v[64];
            dhr_attr_buf(at, NS_W, "val", v, sizeof v);
            if (strcasecmp(v, "Table of Contents") == 0) {
                r->sdt_toc[r->nsdt - 1] = true;
                r->saw_toc_sdt = true;
                if (r->b->doc->toc_source == DHR_TOC_NONE)
                    r->b->doc->toc_source = DHR_TOC_SDT;
            }
        }
        break;
    case N_headerReference:
    case N_footerReference:
        remember_hf(r, at);
        break;
    case N_footnoteReference:
    case N_endnoteReference: {
        long id = dhr_attr_long(at, NS_W, "id", -1);
        if (id >= 0 && r->npara)
            anchor_add(r, name == N_footnoteReference ? &r->footnotes : &r->endnotes, id,
                       current_para(r));
        break;
    }
    case N_commentRangeStart:
    case N_commentReference: {
        long id = dhr_attr_long(at, NS_W, "id", -1);
        if (id < 0)
            break;
        if (r->npara)
            anchor_add(r, &r->comments, id, current_para(r));
        else if (r->npending < 16)
            r->pending_comments[r->npending++] = id;
        break;
    }
    case N_footnote:
    case N_endnote:
    case N_comment: {
        char type[32];
        dhr_attr_buf(at, NS_W, "type", type, sizeof type);
        if (type[0] && strcmp(type, "normal") != 0) {
            r->skip = 1; /* separators and continuation notices */
            break;
        }
        long id = dhr_attr_long(at, NS_W, "id", -1);
        anchors *a = name == N_footnote ? &r->footnotes
                     : name == N_endnote ? &r->endnotes
                                         : &r->comments;
        r->note_anchor = anchor_find(a, id);
        if (name == N_comment) {
            char buf[256];
            r->note_author = dhr_attr(at, NS_W, "author", NULL)
                                 ? dhr_b_strdup(r->b, dhr_attr_buf(at, NS_W, "author", buf, sizeof buf))
                                 : NULL;
            r->note_date = dhr_attr(at, NS_W, "date", NULL)
                               ? dhr_b_strdup(r->b, dhr_attr_buf(at, NS_W, "date", buf, sizeof buf))
                               : NULL;
        }
        break;
    }
    default:
        break;
    }
}

static void body_end(void *user, dhr_ns ns, dhr_name name)
{
    dhr_docx_body *r = user;
    if (r->skip) {
        r->skip--;
        return;
    }
    if (ns == NS_M && name == N_t) {
        r->text_mode = TEXT_NONE;
        return;
    }
    if (ns == NS_MC) {
        if (name == N_AlternateContent && r->nmce)
            r->nmce--;
        return;
    }
    if (ns != NS_W)
        return;
    switch (name) {
    case N_p:
        para_end(r);
        break;
    case N_pPr:
        r->in_ppr = false;
        break;
    case N_r:
        r->in_run = false;
        break;
    case N_rPr:
        r->in_rpr = false;
        break;
    case N_t:
    case N_delText:
    case N_instrText:
        r->text_mode = TEXT_NONE;
        break;
    case N_fldSimple:
        mark_toc(r, dhr_fields_end(&r->fields));
        break;
    case N_ins:
    case N_moveTo:
        if (r->ins > 0 && --r->ins == 0)
            r->ins_author = r->ins_date = NULL;
        break;
    case N_del:
    case N_moveFrom:
        if (r->del > 0 && --r->del == 0)
            flush_deleted(r);
        break;
    case N_tbl:
        if (r->ntable > r->table_base[r->textbox])
            r->ntable--;
        break;
    case N_trPr:
        r->in_trpr = false;
        break;
    case N_tc:
        if (r->ntable) {
            open_table *t = &r->tables[r->ntable - 1];
            t->gridcol += t->span;
            t->vcont = false;
        }
        break;
    case N_tcPr:
        r->in_tcpr = false;
        break;
    case N_txbxContent:
        if (r->textbox)
            r->textbox--;
        break;
    case N_sdt:
        if (r->nsdt)
            r->nsdt--;
        break;
    case N_sdtPr:
        r->in_sdtpr = false;
        break;
    case N_footnote:
    case N_endnote:
    case N_comment:
        r->note_anchor = -1;
        r->note_author = r->note_date = NULL;
        break;
    default:
        break;
    }
}

static void body_text(void *user, const char *s, size_t len)
{
    dhr_docx_body *r = user;
    if (r->skip)
        return;
    switch (r->text_mode) {
    case TEXT_VISIBLE:
        if (r->r_symbol)
            emit_symbol_text(r, s, len);
        else
            emit(r, s, len);
        break;
    case TEXT_DELETED:
        if (displaying(r) && !dhr_sb_append(&r->deleted, s, len))
            r->oom = true;
        break;
    case TEXT_INSTR:
        dhr_fields_instr_text(&r->fields, s, len);
        break;
    default:
        break;
    }
}

bool dhr_docx_body_read(dhr_docx_body *r, dhr_zip *z, const char *part_name, dhr_part part,
                        dhr_read_error *err)
{
    r->part = part;
    r->skip = 0;
    r->npara = r->textbox = r->ntable = r->fields.n = r->fields.overflow = r->fields.instr_open = 0;
    r->nsdt = r->ins = r->del = r->nmce = 0;
    r->in_run = r->in_rpr = r->in_ppr = r->in_sdtpr = r->in_trpr = r->in_tcpr = false;
    r->text_mode = TEXT_NONE;
    r->note_anchor = -1;
    r->npending = 0;
    r->has_held = false;
    dhr_sb_clear(&r->deleted);
    dhr_xml_handler h = {body_start, body_end, body_text, &r->b->failed};
    bool ok = dhr_xml_parse_part(z, part_name, &h, r, err);
    if (r->oom && !r->b->failed)
        dhr_b_fail(r->b, DHR_READ_NO_MEMORY, "out of memory while reading %s", part_name);
    /* A part cut short still leaves open paragraphs: keep what was read. */
    while (ok && r->npara)
        para_end(r);
    /* A paragraph held for the next one ends with its part. */
    if (ok && r->has_held) {
        dhr_pb_finish(r->b, &r->held);
        r->has_held = false;
    }
    return ok && !r->b->failed;
}
