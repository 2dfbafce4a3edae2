#include "odt.h"

#include "dhrlint/limits.h"
#include "props.h"
#include "xmlsax.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct ostyle {
    char *key; /* family letter + name: "pHeading_20_1", "tT1" */
    char *parent;
    const char *display;
    bool automatic;
    int8_t bold, hidden;
    int8_t outline; /* -1 inherit, 0 not a heading, 1..9 */
    bool resolved;
    int8_t r_bold, r_hidden;
    uint8_t r_outline;
    const char *r_display;
} ostyle;

typedef struct region {
    char *id;
    enum { REGION_INSERTION, REGION_DELETION, REGION_FORMAT } kind;
    const char *author, *date;
    dhr_strbuf text;
} region;

typedef struct container {
    dhr_part part;
    int32_t anchor;
    const char *author, *date; /* comments */
    int npara_base;            /* paragraphs open when it started */
    int ntable_base;
    int list_base;             /* list depth when it started */
} container;

typedef struct oformat {
    int8_t bold, hidden; /* -1 inherit */
} oformat;

typedef struct open_para {
    dhr_pbuf pb;
    const char *style_key;
    uint8_t heading;
    bool is_h, hidden, toc, list, list_auto;
    int8_t list_level;
} open_para;

typedef struct open_table {
    uint32_t id, row, col, cell;
} open_table;

typedef struct odt_reader {
    dhr_builder *b;
    int skip;
    int depth;
    bool textok[DHR_MAX_XML_DEPTH + 2];
    oformat fmt[DHR_MAX_XML_DEPTH + 2];

    /* styles */
    ostyle *styles;
    size_t nstyle, capstyle;
    ostyle *cur_style;
    bool in_automatic;

    container cont[DHR_MAX_PARAGRAPH_NESTING * 2 + 2];
    int ncont;
    open_para paras[DHR_MAX_PARAGRAPH_NESTING];
    int npara;
    open_table tables[DHR_MAX_TABLE_DEPTH];
    int ntable;
    int list_depth;
    bool in_list_item, in_list_header;
    int hidden_depth;
    int note_class_endnote;

    /* table of contents */
    int in_toc, in_index_body, in_index_title;

    /* tracked changes */
    region *regions;
    size_t nregion, capregion;
    region *cur_region;
    int in_tracked;
    bool in_change_info;
    char *open_ins[16];
    int nopen_ins;

    /* capture of small text: annotation author/date, alt text, change info */
    enum { CAP_NONE, CAP_AUTHOR, CAP_DATE, CAP_ALT } cap;
    dhr_strbuf capbuf;
    const char *ann_author, *ann_date;

    /* hidden-text fields */
    char hidden_value[256];
    size_t hidden_emitted;

    bool collapse_space; /* the last character emitted was a collapsible space */
    int in_meta;
    dhr_props_ctx props;
    bool oom;
    bool saw_root;
} odt_reader;

/* Styles are few (hundreds) and looked up once a paragraph or span; a search
 * from the end finds automatic styles, which shadow common ones, first. */
static ostyle *style_find(odt_reader *r, char family, const char *name, size_t len)
{
    if (!name || !len)
        return NULL;
    for (size_t i = r->nstyle; i-- > 0;) {
        const char *k = r->styles[i].key;
        if (k[0] == family && strlen(k + 1) == len && memcmp(k + 1, name, len) == 0)
            return &r->styles[i];
    }
    return NULL;
}

/* "Heading_20_1" -> "Heading 1": ODF escapes characters not allowed in names. */
static const char *decode_name(dhr_builder *b, const char *s, size_t n)
{
    dhr_strbuf out = {0};
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '_' && i + 3 < n && isxdigit((unsigned char)s[i + 1]) &&
            isxdigit((unsigned char)s[i + 2])) {
            size_t j = i + 1;
            while (j < n && j - i <= 7 && isxdigit((unsigned char)s[j]))
                j++;
            if (j < n && s[j] == '_') {
                char hex[9] = {0};
                memcpy(hex, s + i + 1, j - i - 1);
                dhr_sb_put_utf8(&out, (uint32_t)strtoul(hex, NULL, 16));
                i = j;
                continue;
            }
        }
        dhr_sb_putc(&out, s[i]);
    }
    const char *p = dhr_b_strndup(b, out.s ? out.s : "", out.len);
    dhr_sb_free(&out);
    return p;
}

static void style_resolve(odt_reader *r, ostyle *st)
{
    if (st->resolved)
        return;
    st->resolved = true;
    st->r_bold = st->r_hidden = -1;
    st->r_display = NULL;
    int8_t outline = -1;
    ostyle *cur = st;
    for (int d = 0; cur && d < DHR_MAX_STYLE_CHAIN; d++) {
        if (st->r_bold < 0)
            st->r_bold = cur->bold;
        if (st->r_hidden < 0)
            st->r_hidden = cur->hidden;
        if (outline < 0)
            outline = cur->outline;
        if (!st->r_display && !cur->automatic)
            st->r_display = cur->display;
        ostyle *next = cur->parent ? style_find(r, cur->key[0], cur->parent, strlen(cur->parent))
                                   : NULL;
        cur = next == cur ? NULL : next;
    }
    if (!st->r_display)
        st->r_display = st->display;
    st->r_outline = outline > 0 ? (uint8_t)outline : 0;
}

static ostyle *style_get(odt_reader *r, char family, const dhr_attrs *at, dhr_ns ns,
                         const char *local)
{
    size_t len;
    const char *v = dhr_attr(at, ns, local, &len);
    ostyle *st = style_find(r, family, v, v ? len : 0);
    if (st)
        style_resolve(r, st);
    return st;
}

static void style_start(odt_reader *r, const dhr_attrs *at)
{
    char family[32];
    dhr_attr_buf(at, NS_STYLE, "family", family, sizeof family);
    char fam = strcmp(family, "paragraph") == 0 ? 'p' : strcmp(family, "text") == 0 ? 't' : 0;
    if (!fam)
        return;
    if (r->nstyle >= DHR_MAX_STYLES) {
        dhr_b_fail(r->b, DHR_READ_LIMIT,
                   "the document defines more than %d styles: this is not a report dhrlint can "
                   "check",
                   DHR_MAX_STYLES);
        return;
    }
    if (r->nstyle == r->capstyle) {
        size_t cap = r->capstyle ? r->capstyle * 2 : 64;
        ostyle *v = realloc(r->styles, cap * sizeof *v);
        if (!v) {
            r->oom = true;
            return;
        }
        r->styles = v;
        r->capstyle = cap;
    }
    size_t nl, pl, dl;
    const char *name = dhr_attr(at, NS_STYLE, "name", &nl);
    if (!name)
        return;
    const char *parent = dhr_attr(at, NS_STYLE, "parent-style-name", &pl);
    const char *display = dhr_attr(at, NS_STYLE, "display-name", &dl);
    ostyle *st = &r->styles[r->nstyle];
    memset(st, 0, sizeof *st);
    st->key = malloc(nl + 2);
    st->parent = parent ? malloc(pl + 1) : NULL;
    if (!st->key || (parent && !st->parent)) {
        free(st->key);
        free(st->parent);
        r->oom = true;
        return;
    }
    st->key[0] = fam;
    memcpy(st->key + 1, name, nl);
    st->key[nl + 1] = '\0';
    if (parent) {
        memcpy(st->parent, parent, pl);
        st->parent[pl] = '\0';
    }
    st->display = display ? dhr_b_strndup(r->b, display, dl) : decode_name(r->b, name, nl);
    st->automatic = r->in_automatic;
    st->bold = st->hidden = -1;
    /* An empty default-outline-level says "not a heading" and stops the
     * inheritance from a heading parent (LibreOffice's Contents Heading). */
    size_t olen;
    const char *ov = dhr_attr(at, NS_STYLE, "default-outline-level", &olen);
    long ol = dhr_attr_long(at, NS_STYLE, "default-outline-level", 0);
    st->outline = !ov ? -1 : (int8_t)(ol > 0 && ol <= 10 ? (ol > 9 ? 9 : ol) : 0);
    r->cur_style = st;
    r->nstyle++;
}

static int8_t weight_bold(const dhr_attrs *at)
{
    char w[16];
    dhr_attr_buf(at, NS_FO, "font-weight", w, sizeof w);
    if (!w[0])
        return -1;
    if (strcmp(w, "bold") == 0)
        return 1;
    if (isdigit((unsigned char)w[0]))
        return atoi(w) >= 600;
    return 0;
}

static void text_props(odt_reader *r, const dhr_attrs *at)
{
    int8_t bold = weight_bold(at);
    if (!r->cur_style)
        return;
    if (bold >= 0)
        r->cur_style->bold = bold;
    char d[16];
    dhr_attr_buf(at, NS_TEXT, "display", d, sizeof d);
    if (d[0])
        r->cur_style->hidden = strcmp(d, "none") == 0;
}

static container *cont_top(odt_reader *r)
{
    return &r->cont[r->ncont - 1];
}

static bool cont_push(odt_reader *r, dhr_part part, int32_t anchor)
{
    if (r->ncont >= (int)(sizeof r->cont / sizeof r->cont[0])) {
        dhr_b_fail(r->b, DHR_READ_NESTING,
                   "notes, frames and comments are nested too deeply: it was not read");
        return false;
    }
    r->cont[r->ncont++] = (container){part, anchor, NULL, NULL, r->npara, r->ntable, r->list_depth};
    return true;
}

static int32_t current_para(const odt_reader *r)
{
    return r->npara ? r->paras[r->npara - 1].pb.idx : -1;
}

static void emit_fmt(odt_reader *r, const char *s, size_t n, bool hidden_extra)
{
    if (!r->npara || !n)
        return;
    open_para *op = &r->paras[r->npara - 1];
    oformat f = r->fmt[r->depth];
    dhr_run_fmt rf = {0};
    rf.bold = f.bold > 0;
    rf.hidden = hidden_extra || f.hidden > 0 || r->hidden_depth > 0;
    if (r->nopen_ins) {
        const char *id = r->open_ins[r->nopen_ins - 1];
        for (size_t i = 0; i < r->nregion; i++)
            if (strcmp(r->regions[i].id, id) == 0) {
                rf.inserted = true;
                rf.author = r->regions[i].author;
                rf.date = r->regions[i].date;
                break;
            }
    }
    dhr_pb_text(r->b, &op->pb, s, n, &rf);
    r->collapse_space = false;
}

/* ODF collapses runs of white space in text content to one space and drops
 * it at the start of a paragraph; text:s, text:tab and text:line-break are
 * the way to keep more. */
static void emit_collapsed(odt_reader *r, const char *s, size_t n)
{
    if (!r->npara)
        return;
    open_para *op = &r->paras[r->npara - 1];
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' && s[j] != '\r')
            j++;
        if (j > i) {
            emit_fmt(r, s + i, j - i, false);
            i = j;
        }
        if (i < n) {
            while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
                i++;
            if (!r->collapse_space && op->pb.text.len) {
                emit_fmt(r, " ", 1, false);
                r->collapse_space = true;
            }
        }
    }
}

static void para_start(odt_reader *r, const dhr_attrs *at, bool is_h)
{
    dhr_builder *b = r->b;
    if (r->npara >= DHR_MAX_PARAGRAPH_NESTING) {
        dhr_b_fail(b, DHR_READ_NESTING,
                   "paragraphs are nested too deeply (more than %d levels): it was not read",
                   DHR_MAX_PARAGRAPH_NESTING);
        return;
    }
    container *c = cont_top(r);
    int32_t idx = dhr_b_para_begin(b, c->part, c->anchor);
    if (idx < 0)
        return;
    dhr_para *p = dhr_b_para(b, idx);
    p->author = c->author;
    p->date = c->date;
    if (r->ntable > c->ntable_base) {
        open_table *t = &r->tables[r->ntable - 1];
        p->table = t->id;
        p->row = t->row;
        p->cell = t->cell;
        p->table_depth = (uint16_t)(r->ntable - c->ntable_base);
    }
    open_para *op = &r->paras[r->npara++];
    dhr_pb_start(&op->pb, idx);
    ostyle *st = style_get(r, 'p', at, NS_TEXT, "style-name");
    op->style_key = st ? st->key : NULL;
    op->is_h = is_h;
    op->heading = 0;
    if (is_h) {
        long lvl = dhr_attr_long(at, NS_TEXT, "outline-level", 1);
        op->heading = (uint8_t)(lvl < 1 ? 1 : lvl > 9 ? 9 : lvl);
    } else if (st && st->r_outline) {
        op->heading = st->r_outline;
    }
    op->hidden = false;
    op->toc = r->in_index_body && !r->in_index_title && r->in_toc;
    int ld = r->list_depth - c->list_base;
    op->list = ld > 0 && (r->in_list_item || r->in_list_header);
    op->list_auto = op->list && !r->in_list_header;
    op->list_level = (int8_t)(ld > 10 ? 9 : ld - 1);
    oformat f = {-1, -1};
    if (st) {
        f.bold = st->r_bold;
        f.hidden = st->r_hidden;
    }
    r->fmt[r->depth] = f;
    r->collapse_space = false;
}

static void para_end(odt_reader *r)
{
    if (!r->npara)
        return;
    dhr_builder *b = r->b;
    open_para *op = &r->paras[--r->npara];
    int32_t idx = op->pb.idx;
    if (idx < 0 || b->failed)
        return;
    ostyle *st = op->style_key ? style_find(r, 'p', op->style_key + 1, strlen(op->style_key + 1))
                               : NULL;
    if (op->toc) {
        int level = 1;
        const char *d = st ? st->r_display : NULL;
        size_t dl = d ? strlen(d) : 0;
        if (dl && isdigit((unsigned char)d[dl - 1]))
            level = d[dl - 1] - '0';
        dhr_b_toc_add(b, op->pb.text.s ? op->pb.text.s : "", op->pb.text.len, level);
        b->doc->toc_source = DHR_TOC_INDEX;
        if (dhr_b_para_discard(b, idx)) {
            op->pb.idx = -1;
            return;
        }
    }
    dhr_pb_finish(b, &op->pb);
    if (b->failed)
        return;
    dhr_para *p = dhr_b_para(b, idx);
    p->style = st ? st->r_display : NULL;
    p->heading = op->heading;
    if (op->hidden)
        p->hidden = true;
    if (op->list) {
        p->list_auto = op->list_auto;
        p->list_level = op->list_level;
    }
}

static region *region_find(odt_reader *r, const dhr_attrs *at)
{
    size_t len;
    const char *id = dhr_attr(at, NS_TEXT, "change-id", &len);
    if (!id)
        return NULL;
    for (size_t i = 0; i < r->nregion; i++)
        if (strlen(r->regions[i].id) == len && memcmp(r->regions[i].id, id, len) == 0)
            return &r->regions[i];
    return NULL;
}

static void region_start(odt_reader *r, const dhr_attrs *at)
{
    size_t len;
    const char *id = dhr_attr(at, NS_TEXT, "id", &len);
    if (!id || r->nregion >= 100000)
        return;
    if (r->nregion == r->capregion) {
        size_t cap = r->capregion ? r->capregion * 2 : 16;
        region *v = realloc(r->regions, cap * sizeof *v);
        if (!v) {
            r->oom = true;
            return;
        }
        r->regions = v;
        r->capregion = cap;
    }
    region *g = &r->regions[r->nregion];
    memset(g, 0, sizeof *g);
    g->id = malloc(len + 1);
    if (!g->id) {
        r->oom = true;
        return;
    }
    memcpy(g->id, id, len);
    g->id[len] = '\0';
    g->kind = REGION_FORMAT;
    r->cur_region = g;
    r->nregion++;
}

static void finish_capture(odt_reader *r)
{
    const char *s = r->capbuf.s ? r->capbuf.s : "";
    size_t n = r->capbuf.len;
    if (r->cur_region && r->in_change_info) {
        /* In the document's arena: inserted spans point at them. */
        const char *v = dhr_b_strndup(r->b, s, n);
        if (r->cap == CAP_AUTHOR)
            r->cur_region->author = v;
        else
            r->cur_region->date = v;
    } else if (r->cap == CAP_AUTHOR) {
        r->ann_author = dhr_b_strndup(r->b, s, n);
        if (r->ncont)
            cont_top(r)->author = r->ann_author;
    } else if (r->cap == CAP_DATE) {
        r->ann_date = dhr_b_strndup(r->b, s, n);
        if (r->ncont)
            cont_top(r)->date = r->ann_date;
    } else if (r->cap == CAP_ALT && dhr_has_visible(s, n)) {
        dhr_b_simple_para(r->b, DHR_PART_ALT_TEXT, current_para(r), s, n, NULL, NULL, NULL);
    }
    r->cap = CAP_NONE;
    dhr_sb_clear(&r->capbuf);
}

/* Elements of the text namespace whose direct text content is not document
 * text: structure, not inline content. */
static bool structural_text_element(dhr_name name)
{
    switch (name) {
    case N_list:
    case N_list_item:
    case N_list_header:
    case N_section:
    case N_note:
    case N_note_body:
    case N_table_of_content:
    case N_index_body:
    case N_index_title:
    case N_tracked_changes:
    case N_changed_region:
    case N_insertion:
    case N_deletion:
    case N_format_change:
        return true;
    default:
        return false;
    }
}

static void odt_start(void *user, dhr_ns ns, dhr_name name, const dhr_attrs *at)
{
    odt_reader *r = user;
    if (r->skip) {
        r->skip++;
        return;
    }
    if (r->depth >= DHR_MAX_XML_DEPTH)
        return;
    r->depth++;
    r->saw_root = true;
    r->textok[r->depth] = false;
    r->fmt[r->depth] = r->fmt[r->depth - 1];
    if (r->in_meta) {
        r->in_meta++;
        dhr_props_start(&r->props, ns, name, at);
        return;
    }
    if (r->cap != CAP_NONE)
        return;

    if (ns == NS_OFFICE) {
        switch (name) {
        case N_meta:
            r->in_meta = 1;
            break;
        case N_automatic_styles:
            r->in_automatic = true;
            break;
        case N_annotation:
            if (cont_push(r, DHR_PART_COMMENT, current_para(r)))
                r->ann_author = r->ann_date = NULL;
            break;
        case N_change_info:
            r->in_change_info = true;
            break;
        default:
            break;
        }
        return;
    }
    if (ns == NS_STYLE) {
        switch (name) {
        case N_style:
            style_start(r, at);
            break;
        case N_text_properties:
            text_props(r, at);
            break;
        case N_header:
        case N_header_left:
        case N_header_first:
            cont_push(r, DHR_PART_HEADER, -1);
            break;
        case N_footer:
        case N_footer_left:
        case N_footer_first:
            cont_push(r, DHR_PART_FOOTER, -1);
            break;
        default:
            break;
        }
        return;
    }
    if (ns == NS_DC) {
        /* Authors and dates of tracked changes and of comments. */
        bool in_comment = cont_top(r)->part == DHR_PART_COMMENT &&
                          r->npara == cont_top(r)->npara_base;
        if (r->in_change_info || in_comment) {
            if (name == N_creator)
                r->cap = CAP_AUTHOR;
            else if (name == N_date)
                r->cap = CAP_DATE;
        }
        return;
    }
    if (ns == NS_SVG) {
        if (name == N_title || name == N_desc)
            r->cap = CAP_ALT;
        return;
    }
    if (ns == NS_DRAW) {
        switch (name) {
        case N_text_box:
        case N_custom_shape:
            cont_push(r, DHR_PART_TEXTBOX, current_para(r));
            break;
        case N_object:
        case N_object_ole: {
            char href[512];
            dhr_attr_buf(at, NS_XLINK, "href", href, sizeof href);
            const char *h = href;
            if (h[0] == '.' && h[1] == '/')
                h += 2;
            if (h[0] && !strstr(h, "://"))
                dhr_b_object_add(r->b, name == N_object_ole ? "ole" : "object", h, NULL);
            break;
        }
        default:
            break;
        }
        return;
    }
    if (ns == NS_TABLE) {
        switch (name) {
        case N_table:
            if (r->ntable >= DHR_MAX_TABLE_DEPTH) {
                dhr_b_fail(r->b, DHR_READ_NESTING,
                           "tables are nested too deeply (more than %d levels): it was not read",
                           DHR_MAX_TABLE_DEPTH);
                return;
            }
            r->tables[r->ntable++] = (open_table){++r->b->doc->ntable, 0, 0, 0};
            break;
        case N_table_row:
            if (r->ntable) {
                open_table *t = &r->tables[r->ntable - 1];
                t->row++;
                t->col = 0;
            }
            break;
        case N_table_cell:
        case N_covered_table_cell:
            if (r->ntable) {
                open_table *t = &r->tables[r->ntable - 1];
                long rep = dhr_attr_long(at, NS_TABLE, "number-columns-repeated", 1);
                if (rep < 1 || rep > 16384)
                    rep = 1;
                t->cell = t->col + 1;
                t->col += (uint32_t)rep;
                if (name == N_covered_table_cell)
                    r->skip = 1; /* merged away: counted once, in the cell that spans it */
            }
            break;
        default:
            break;
        }
        return;
    }
    if (ns != NS_TEXT)
        return;

    /* Text namespace. */
    if (r->in_tracked) {
        switch (name) {
        case N_changed_region:
            region_start(r, at);
            break;
        case N_insertion:
            if (r->cur_region)
                r->cur_region->kind = REGION_INSERTION;
            break;
        case N_deletion:
            if (r->cur_region)
                r->cur_region->kind = REGION_DELETION;
            break;
        case N_format_change:
            r->b->doc->nformat_changes++;
            break;
        case N_p:
        case N_h:
            if (r->cur_region && r->cur_region->text.len)
                dhr_sb_putc(&r->cur_region->text, '\n');
            r->textok[r->depth] = true;
            break;
        default:
            r->textok[r->depth] = !structural_text_element(name);
            break;
        }
        return;
    }
    switch (name) {
    case N_tracked_changes:
        r->in_tracked = 1;
        break;
    case N_p:
    case N_h:
        para_start(r, at, name == N_h);
        r->textok[r->depth] = true;
        break;
    case N_span:
    case N_a: {
        ostyle *st = style_get(r, 't', at, NS_TEXT, "style-name");
        if (st) {
            if (st->r_bold >= 0)
                r->fmt[r->depth].bold = st->r_bold;
            if (st->r_hidden >= 0)
                r->fmt[r->depth].hidden = st->r_hidden;
        }
        r->textok[r->depth] = true;
        break;
    }
    case N_s: {
        long c = dhr_attr_long(at, NS_TEXT, "c", 1);
        if (c < 1)
            c = 1;
        if (c > 1000)
            c = 1000;
        for (long i = 0; i < c; i++)
            emit_fmt(r, " ", 1, false);
        break;
    }
    case N_tab:
        emit_fmt(r, "\t", 1, false);
        break;
    case N_line_break:
        emit_fmt(r, "\n", 1, false);
        break;
    case N_note: {
        char cls[16];
        dhr_attr_buf(at, NS_TEXT, "note-class", cls, sizeof cls);
        r->note_class_endnote = strcmp(cls, "endnote") == 0;
        break;
    }
    case N_note_citation:
    case N_ruby_text:
    case N_table_of_content_source:
        r->skip = 1;
        break;
    case N_note_body:
        cont_push(r, r->note_class_endnote ? DHR_PART_ENDNOTE : DHR_PART_FOOTNOTE,
                  current_para(r));
        break;
    case N_list:
        r->list_depth++;
        break;
    case N_list_item:
        r->in_list_item = true;
        r->in_list_header = false;
        break;
    case N_list_header:
        r->in_list_header = true;
        r->in_list_item = false;
        break;
    case N_section: {
        char d[16];
        dhr_attr_buf(at, NS_TEXT, "display", d, sizeof d);
        if (strcmp(d, "none") == 0 || r->hidden_depth)
            r->hidden_depth++;
        break;
    }
    case N_hidden_paragraph:
        if (r->npara && dhr_attr_is(at, NS_TEXT, "is-hidden", "true"))
            r->paras[r->npara - 1].hidden = true;
        break;
    case N_hidden_text:
        dhr_attr_buf(at, NS_TEXT, "string-value", r->hidden_value, sizeof r->hidden_value);
        r->hidden_emitted = r->npara ? r->paras[r->npara - 1].pb.text.len : 0;
        r->fmt[r->depth].hidden = 1;
        r->textok[r->depth] = true;
        break;
    case N_table_of_content:
        r->in_toc++;
        break;
    case N_index_body:
        r->in_index_body++;
        break;
    case N_index_title:
        r->in_index_title++;
        break;
    case N_change: {
        region *g = region_find(r, at);
        if (g && g->kind == REGION_DELETION && g->text.len && dhr_has_visible(g->text.s, g->text.len))
            dhr_b_simple_para(r->b, DHR_PART_REVISION, current_para(r), g->text.s, g->text.len,
                              NULL, g->author, g->date);
        break;
    }
    case N_change_start: {
        region *g = region_find(r, at);
        if (g && g->kind == REGION_INSERTION && r->nopen_ins < 16)
            r->open_ins[r->nopen_ins++] = g->id;
        break;
    }
    case N_change_end: {
        region *g = region_find(r, at);
        for (int i = r->nopen_ins; g && i-- > 0;)
            if (r->open_ins[i] == g->id) {
                memmove(&r->open_ins[i], &r->open_ins[i + 1],
                        (size_t)(r->nopen_ins - i - 1) * sizeof r->open_ins[0]);
                r->nopen_ins--;
                break;
            }
        break;
    }
    default:
        /* Fields (dates, page numbers, cross-references, variables) show
         * their current value as content. */
        r->textok[r->depth] = !structural_text_element(name);
        break;
    }
}

static void odt_end(void *user, dhr_ns ns, dhr_name name)
{
    odt_reader *r = user;
    if (r->skip) {
        /* The skipped element itself was counted in depth when it opened. */
        if (--r->skip == 0)
            r->depth--;
        return;
    }
    if (r->depth <= 0)
        return;
    if (r->in_meta) {
        if (--r->in_meta > 0) {
            dhr_props_end(&r->props, ns, name);
            r->depth--;
            return;
        }
        r->depth--;
        return;
    }
    r->depth--;
    if (r->cap != CAP_NONE) {
        bool closes = (r->cap == CAP_ALT && ns == NS_SVG) ||
                      (r->cap != CAP_ALT && ns == NS_DC && (name == N_creator || name == N_date));
        if (closes)
            finish_capture(r);
        return;
    }
    if (ns == NS_OFFICE) {
        if (name == N_automatic_styles)
            r->in_automatic = false;
        else if (name == N_annotation && r->ncont > 1)
            r->ncont--;
        else if (name == N_change_info)
            r->in_change_info = false;
        return;
    }
    if (ns == NS_STYLE) {
        if (name == N_style)
            r->cur_style = NULL;
        else if ((name == N_header || name == N_header_left || name == N_header_first ||
                  name == N_footer || name == N_footer_left || name == N_footer_first) &&
                 r->ncont > 1)
            r->ncont--;
        return;
    }
    if (ns == NS_DRAW) {
        if ((name == N_text_box || name == N_custom_shape) && r->ncont > 1)
            r->ncont--;
        return;
    }
    if (ns == NS_TABLE) {
        if (name == N_table && r->ntable > cont_top(r)->ntable_base)
            r->ntable--;
        return;
    }
    if (ns != NS_TEXT)
        return;
    if (r->in_tracked) {
        if (name == N_tracked_changes)
            r->in_tracked = 0;
        else if (name == N_changed_region)
            r->cur_region = NULL;
        return;
    }
    switch (name) {
    case N_p:
    case N_h:
        para_end(r);
        break;
    case N_note_body:
        if (r->ncont > 1)
            r->ncont--;
        break;
    case N_list:
        if (r->list_depth)
            r->list_depth--;
        r->in_list_item = r->list_depth > 0;
        r->in_list_header = false;
        break;
    case N_list_item:
        r->in_list_item = false;
        break;
    case N_list_header:
        r->in_list_header = false;
        break;
    case N_section:
        if (r->hidden_depth)
            r->hidden_depth--;
        break;
    case N_hidden_text:
        if (r->npara && r->paras[r->npara - 1].pb.text.len == r->hidden_emitted &&
            r->hidden_value[0])
            emit_fmt(r, r->hidden_value, strlen(r->hidden_value), true);
        break;
    case N_table_of_content:
        if (r->in_toc)
            r->in_toc--;
        break;
    case N_index_body:
        if (r->in_index_body)
            r->in_index_body--;
        break;
    case N_index_title:
        if (r->in_index_title)
            r->in_index_title--;
        break;
    default:
        break;
    }
}

static void odt_text(void *user, const char *s, size_t len)
{
    odt_reader *r = user;
    if (r->skip)
        return;
    if (r->in_meta) {
        dhr_props_text(&r->props, s, len);
        return;
    }
    if (r->cap != CAP_NONE) {
        if (r->capbuf.len < 65536 && !dhr_sb_append(&r->capbuf, s, len))
            r->oom = true;
        return;
    }
    if (!r->textok[r->depth])
        return;
    if (r->in_tracked) {
        if (r->cur_region && r->cur_region->kind == REGION_DELETION &&
            r->cur_region->text.len < DHR_MAX_PARAGRAPH_BYTES &&
            !dhr_sb_append(&r->cur_region->text, s, len))
            r->oom = true;
        return;
    }
    emit_collapsed(r, s, len);
}

static void reader_init(odt_reader *r, dhr_builder *b)
{
    memset(r, 0, sizeof *r);
    r->b = b;
    r->fmt[0] = (oformat){-1, -1};
    r->props.b = b;
    r->cont[0] = (container){DHR_PART_BODY, -1, NULL, NULL, 0, 0, 0};
    r->ncont = 1;
}

static void reader_free(odt_reader *r)
{
    for (size_t i = 0; i < r->nstyle; i++) {
        free(r->styles[i].key);
        free(r->styles[i].parent);
    }
    free(r->styles);
    for (size_t i = 0; i < r->nregion; i++) {
        free(r->regions[i].id);
        dhr_sb_free(&r->regions[i].text);
    }
    free(r->regions);
    for (int i = 0; i < DHR_MAX_PARAGRAPH_NESTING; i++)
        dhr_pb_free(&r->paras[i].pb);
    dhr_sb_free(&r->capbuf);
    dhr_sb_free(&r->props.value);
}

/* Resets what one part leaves behind, keeping the styles it defined. */
static void part_reset(odt_reader *r)
{
    r->skip = r->depth = 0;
    r->npara = r->ntable = r->list_depth = r->hidden_depth = 0;
    r->in_toc = r->in_index_body = r->in_index_title = r->in_tracked = 0;
    r->in_list_item = r->in_list_header = false;
    r->ncont = 1;
    r->cap = CAP_NONE;
    r->in_meta = 0;
    r->in_automatic = false;
    r->cur_style = NULL;
}

static bool finish_part(odt_reader *r, bool ok)
{
    if (r->oom && !r->b->failed)
        dhr_b_fail(r->b, DHR_READ_NO_MEMORY, "out of memory");
    while (ok && r->npara)
        para_end(r);
    return ok && !r->b->failed;
}

/* META-INF/manifest.xml lists encryption data for every encrypted part. */
typedef struct manifest_ctx {
    bool encrypted;
} manifest_ctx;

static void manifest_start(void *user, dhr_ns ns, dhr_name name, const dhr_attrs *at)
{
    (void)at;
    if (ns == NS_MANIFEST && name == N_encryption_data)
        ((manifest_ctx *)user)->encrypted = true;
}

static void nothing_end(void *user, dhr_ns ns, dhr_name name)
{
    (void)user, (void)ns, (void)name;
}

static void nothing_text(void *user, const char *s, size_t len)
{
    (void)user, (void)s, (void)len;
}

static bool check_package(dhr_zip *z, dhr_read_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    if (!dhr_zip_read_small(z, "META-INF/manifest.xml", false, &buf, &len, err))
        return false;
    if (buf) {
        manifest_ctx m = {false};
        dhr_xml_handler h = {manifest_start, nothing_end, nothing_text, NULL};
        dhr_read_error ignored;
        /* A damaged manifest does not stop the reading; only encryption does. */
        dhr_xml_parse_memory(buf, len, "META-INF/manifest.xml", &h, &m, &ignored);
        free(buf);
        if (m.encrypted) {
            dhr_set_error(err, DHR_READ_ENCRYPTED,
                          "this document is password-protected: remove the password (File > "
                          "Properties > Security in LibreOffice) and try again");
            return false;
        }
    }
    if (!dhr_zip_read_small(z, "mimetype", false, &buf, &len, err))
        return false;
    if (buf) {
        bool text = strncmp(buf, "application/vnd.oasis.opendocument.text", 39) == 0;
        const char *kind = strstr(buf, "spreadsheet")    ? "an OpenDocument spreadsheet"
                           : strstr(buf, "presentation") ? "an OpenDocument presentation"
                           : strstr(buf, "graphics")     ? "an OpenDocument drawing"
                                                         : NULL;
        free(buf);
        if (!text && kind) {
            dhr_set_error(err, DHR_READ_OTHER_FORMAT,
                          "this is %s, not a text document: check you chose the right file",
                          kind);
            return false;
        }
    }
    if (!dhr_zip_has(z, "content.xml")) {
        dhr_set_error(err, DHR_READ_NO_MAIN_PART,
                      "no main document part (content.xml): this zip is not an OpenDocument "
                      "text; save the report as .odt or .docx");
        return false;
    }
    return true;
}

bool dhr_odt_read(dhr_zip *z, dhr_builder *b, dhr_read_error *err)
{
    if (!check_package(z, err))
        return false;
    odt_reader *r = malloc(sizeof *r);
    if (!r) {
        dhr_set_error(err, DHR_READ_NO_MEMORY, "out of memory");
        return false;
    }
    reader_init(r, b);
    dhr_xml_handler h = {odt_start, odt_end, odt_text, &b->failed};
    bool ok = true;
    if (dhr_zip_has(z, "styles.xml")) {
        ok = finish_part(r, dhr_xml_parse_part(z, "styles.xml", &h, r, err));
        part_reset(r);
    }
    if (ok) {
        ok = finish_part(r, dhr_xml_parse_part(z, "content.xml", &h, r, err));
        part_reset(r);
    }
    if (ok)
        ok = dhr_props_read(z, "meta.xml", b, err);
    reader_free(r);
    free(r);
    return ok && !b->failed;
}

bool dhr_fodt_read(const char *path, dhr_builder *b, dhr_read_error *err)
{
    odt_reader *r = malloc(sizeof *r);
    if (!r) {
        dhr_set_error(err, DHR_READ_NO_MEMORY, "out of memory");
        return false;
    }
    reader_init(r, b);
    dhr_xml_handler h = {odt_start, odt_end, odt_text, &b->failed};
    bool ok = finish_part(r, dhr_xml_parse_file(path, "the flat OpenDocument file", &h, r, err));
    reader_free(r);
    free(r);
    return ok;
}
