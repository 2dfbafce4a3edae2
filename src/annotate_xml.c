#include "annotate_xml.h"
#include "docx_walk.h"

#include "builder.h"
#include "dhrlint/limits.h"
#include "strbuf.h"
#include "symbol_font.h"
#include "xmlsax.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The reader's own bounds (docx_body.c), which decide what it counts. */
#define MAX_SDT 64
#define MAX_MCE 16
#define NEST DHR_MAX_PARAGRAPH_NESTING

/* ---- Hardened tree parsing ---------------------------------------------- */

static void tree_entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *public_id,
                             const xmlChar *system_id, xmlChar *content)
{
    (void)name, (void)type, (void)public_id, (void)system_id, (void)content;
    xmlParserCtxtPtr c = ctx;
    *(bool *)c->_private = true;
    xmlStopParser(c);
}

static xmlEntityPtr tree_get_entity(void *ctx, const xmlChar *name)
{
    (void)ctx;
    /* As in xmlsax.c: the five predefined entities and nothing else, so an
     * undeclared one is a well-formedness error. */
    return xmlGetPredefinedEntity(name);
}

static void tree_reference(void *ctx, const xmlChar *name)
{
    (void)name;
    xmlParserCtxtPtr c = ctx;
    *(bool *)c->_private = true;
    xmlStopParser(c);
}

xmlDocPtr dhr_anx_read_tree(const char *buf, size_t len, const char *part, char *err,
                            size_t errlen)
{
    dhr_xml_global_init(); /* the external entity loader that refuses everything */
    if (len > INT_MAX) {
        snprintf(err, errlen, "%s is too large to rewrite", part);
        return NULL;
    }
    xmlParserCtxtPtr c = xmlCreateMemoryParserCtxt(buf, (int)len);
    if (!c) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    bool entities = false;
    /* No XML_PARSE_NOENT, DTDLOAD, DTDATTR or HUGE, as the reader. */
    xmlCtxtUseOptions(c, XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
    c->_private = &entities;
    c->sax->entityDecl = tree_entity_decl;
    c->sax->getEntity = tree_get_entity;
    c->sax->getParameterEntity = tree_get_entity;
    c->sax->reference = tree_reference;
    xmlParseDocument(c);
    xmlDocPtr d = c->myDoc;
    bool ok = d && c->wellFormed && !entities && xmlDocGetRootElement(d);
    xmlFreeParserCtxt(c);
    if (!ok) {
        if (entities)
            snprintf(err, errlen, "%s declares or refers to XML entities: refused", part);
        else
            snprintf(err, errlen,
                     "%s is not well-formed XML: open the report in Word and save it again",
                     part);
        xmlFreeDoc(d);
        return NULL;
    }
    return d;
}

/* ---- Namespaces and attributes, matched as xmlsax.c matches them --------- */

static dhr_ns ns_code(const xmlNs *ns)
{
    return ns ? dhr_ns_of((const char *)ns->href) : NS_OTHER;
}

static bool named(const xmlNode *n, const char *local)
{
    return strcmp((const char *)n->name, local) == 0;
}

static bool is_w(const xmlNode *n, const char *local)
{
    return n && n->type == XML_ELEMENT_NODE && named(n, local) && ns_code(n->ns) == NS_W;
}

/* dhr_attr: the first attribute of that name in NS or in no namespace. */
static const char *attr(const xmlNode *e, dhr_ns ns, const char *local)
{
    for (const xmlAttr *a = e->properties; a; a = a->next) {
        if (strcmp((const char *)a->name, local) != 0)
            continue;
        if (a->ns) {
            dhr_ns c = ns_code(a->ns);
            if (c != ns && !(ns == NS_OTHER && c == NS_OTHER))
                continue;
        }
        /* Character references are folded into one text node; entity
         * references cannot occur (refused at parse). */
        const xmlNode *t = a->children;
        return t && t->content ? (const char *)t->content : "";
    }
    return NULL;
}

static const char *attr_buf(const xmlNode *e, dhr_ns ns, const char *local, char *buf, size_t cap)
{
    const char *v = attr(e, ns, local);
    return dhr_value_buf(v, v ? strlen(v) : 0, buf, cap);
}

static long attr_long(const xmlNode *e, dhr_ns ns, const char *local, long def)
{
    char buf[32];
    return dhr_value_long(attr_buf(e, ns, local, buf, sizeof buf), def);
}

/* ---- The body paragraphs ------------------------------------------------ */

/* A stretch of a paragraph's text and the node it came from. TEXT: a text
 * node of a w:t, which can be cut anywhere; otherwise the stretch (a tab, a
 * symbol, maths, Symbol-font text) is kept whole. */
typedef struct piece {
    uint32_t off, len;
    xmlNode *node;
    bool text;
} piece;

typedef struct mark {
    long id;
    uint32_t start, end; /* start == end: the whole paragraph */
} mark;

typedef struct bpara {
    xmlNode *first, *last; /* its w:p elements (two or more when one runs on) */
    dhr_strbuf text;
    piece *pc;
    size_t npc, pcap;
    uint32_t table, row, cell;
    mark *mk;
    size_t nmk, mkcap;
} bpara;

typedef struct opara {
    int32_t slot; /* the reader's paragraph slot */
    int32_t body; /* index into the body paragraphs, -1 in a text box */
    char style_id[96];
    bool carry, toc, in_vmerge, in_toc_sdt, body_text, visible;
} opara;

typedef struct otable {
    uint32_t id, row, gridcol, cell, span;
    bool vcont;
} otable;

/* Where the comment range markers of one id were met on a walk. */
typedef struct seen {
    int32_t start_body, end_body;
    uint32_t start_off, end_off;
} seen;

typedef struct walker {
    dhr_wstyles *styles;
    int skip;
    opara paras[NEST];
    int npara, textbox;
    int table_base[NEST + 1];
    otable tables[DHR_MAX_TABLE_DEPTH];
    int ntable;
    uint32_t tables_seen;
    bool in_run, in_rpr, in_ppr, in_sdtpr, in_trpr, in_tcpr, r_symbol;
    bool has_held;
    int32_t held_slot, held_body;
    bool mce_taken[MAX_MCE];
    int nmce;
    enum { TEXT_NONE, TEXT_VISIBLE, TEXT_DELETED, TEXT_INSTR } text_mode;
    int ins, del;
    bool deleted_visible;
    dhr_fields fields;
    bool sdt_toc[MAX_SDT];
    int nsdt;
    int32_t nslots;
    uint64_t text_bytes;
    uint32_t nformat; /* tracked changes that change no text, as the reader counts */

    bpara *bp;
    size_t nbp, bcap;
    const bpara *want; /* record pieces of the paragraphs of WANT with marks */
    size_t nwant;
    long max_id;
    seen *seen; /* for ids seen_lo.. */
    long seen_lo, nseen;

    bool failed;
    char err[200];
} walker;

static void wfail(walker *w, const char *msg)
{
    if (!w->failed) {
        w->failed = true;
        snprintf(w->err, sizeof w->err, "%s", msg);
    }
}

static void bpara_free(bpara *p)
{
    dhr_sb_free(&p->text);
    free(p->pc);
    free(p->mk);
    memset(p, 0, sizeof *p);
}

static void walker_free(walker *w)
{
    for (size_t i = 0; i < w->nbp; i++)
        bpara_free(&w->bp[i]);
    free(w->bp);
    w->bp = NULL;
    w->nbp = w->bcap = 0;
}

static bool displaying(const walker *w)
{
    return dhr_fields_displaying(&w->fields);
}

/* A TOC field that began or ended in the paragraph makes it part of the
 * table of contents. */
static void mark_toc(walker *w, bool toc)
{
    if (toc && w->npara)
        w->paras[w->npara - 1].toc = true;
}

static bool toc_field_open(const walker *w)
{
    return dhr_fields_in_toc(&w->fields);
}

static bool recording(const walker *w, int32_t body)
{
    return w->want && (size_t)body < w->nwant && w->want[body].nmk > 0;
}

/* emit() of the reader, noting where each stretch of text came from. */
static void emit(walker *w, const char *s, size_t n, xmlNode *node, bool text)
{
    if (!displaying(w))
        return;
    if (w->del) {
        if (dhr_has_visible(s, n))
            w->deleted_visible = true;
        return;
    }
    if (!w->npara)
        return;
    opara *op = &w->paras[w->npara - 1];
    if (toc_field_open(w))
        op->toc = true;
    else if (dhr_has_visible(s, n))
        op->body_text = true;
    if (n == 0)
        return;
    if (dhr_has_visible(s, n))
        op->visible = true;
    w->text_bytes += n;
    if (w->text_bytes > DHR_MAX_TEXT_BYTES) {
        wfail(w, "the document holds more text than dhrlint reads");
        return;
    }
    if (op->body < 0)
        return;
    bpara *p = &w->bp[op->body];
    uint32_t off = (uint32_t)p->text.len;
    if (!dhr_sb_append(&p->text, s, n)) {
        wfail(w, "out of memory");
        return;
    }
    if (!recording(w, op->body))
        return;
    if (p->npc == p->pcap) {
        size_t cap = p->pcap ? p->pcap * 2 : 16;
        piece *v = realloc(p->pc, cap * sizeof *v);
        if (!v) {
            wfail(w, "out of memory");
            return;
        }
        p->pc = v;
        p->pcap = cap;
    }
    p->pc[p->npc++] = (piece){off, (uint32_t)n, node, text};
}

static void emit_cp(walker *w, uint32_t cp, xmlNode *node)
{
    dhr_strbuf b = {0};
    if (!dhr_sb_put_utf8(&b, cp))
        wfail(w, "out of memory");
    else
        emit(w, b.s, b.len, node, false);
    dhr_sb_free(&b);
}

/* Text in the Symbol font, converted as docx_body.c converts it. */
static void emit_symbol_text(walker *w, const char *s, size_t n, xmlNode *node)
{
    dhr_strbuf out = {0};
    if (!dhr_symbol_font_text(&out, s, n))
        wfail(w, "out of memory");
    emit(w, out.s ? out.s : "", out.len, node, false);
    dhr_sb_free(&out);
}

/* A paragraph the reader makes but which is not body text (deleted text,
 * alt text): it still takes a slot, which decides what can be discarded. */
static void other_slot(walker *w)
{
    w->nslots++;
}

static void flush_deleted(walker *w)
{
    if (w->deleted_visible)
        other_slot(w);
    w->deleted_visible = false;
}

static void reset_open(walker *w, opara *op)
{
    op->style_id[0] = '\0';
    op->carry = false;
    op->toc = toc_field_open(w);
    op->in_vmerge = false;
    op->in_toc_sdt = false;
    op->body_text = false;
    op->visible = false;
}

static void para_start(walker *w, xmlNode *p)
{
    if (w->npara >= NEST) {
        wfail(w, "paragraphs are nested too deeply");
        return;
    }
    int base = w->table_base[w->textbox];
    const otable *t = w->ntable > base ? &w->tables[w->ntable - 1] : NULL;
    if (w->has_held) {
        const bpara *hp = &w->bp[w->held_body];
        bool same = !w->textbox && (t ? hp->table == t->id && hp->row == t->row &&
                                            hp->cell == t->cell
                                      : hp->table == 0);
        w->has_held = false;
        if (same) {
            opara *op = &w->paras[w->npara++];
            op->slot = w->held_slot;
            op->body = w->held_body;
            reset_open(w, op);
            w->bp[w->held_body].last = p;
            return;
        }
    }
    if (w->nslots >= DHR_MAX_PARAGRAPHS) {
        wfail(w, "too many paragraphs");
        return;
    }
    opara *op = &w->paras[w->npara++];
    op->slot = w->nslots++;
    op->body = -1;
    reset_open(w, op);
    op->in_vmerge = t && t->vcont;
    for (int i = 0; i < w->nsdt && i < MAX_SDT; i++)
        if (w->sdt_toc[i])
            op->in_toc_sdt = true;
    if (w->textbox)
        return;
    if (w->nbp == w->bcap) {
        size_t cap = w->bcap ? w->bcap * 2 : 256;
        bpara *v = realloc(w->bp, cap * sizeof *v);
        if (!v) {
            w->npara--;
            wfail(w, "out of memory");
            return;
        }
        w->bp = v;
        w->bcap = cap;
    }
    bpara *bp = &w->bp[w->nbp];
    memset(bp, 0, sizeof *bp);
    bp->first = bp->last = p;
    if (t) {
        bp->table = t->id;
        bp->row = t->row;
        bp->cell = t->cell;
    }
    op->body = (int32_t)w->nbp++;
}

/* dhr_b_para_discard: only the last slot can be given back. */
static bool discard(walker *w, const opara *op)
{
    if (op->slot + 1 != w->nslots)
        return false;
    w->nslots--;
    if (op->body >= 0) {
        bpara_free(&w->bp[op->body]);
        w->nbp--;
    }
    return true;
}

static void para_end(walker *w)
{
    if (!w->npara)
        return;
    opara *op = &w->paras[--w->npara];
    dhr_wstyle *st = op->style_id[0] ? dhr_wstyles_get(w->styles, op->style_id)
                                     : w->styles->default_para;
    if (st)
        dhr_wstyles_get(w->styles, st->id); /* resolves the default style too */
    bool toc_entry = (op->toc && !op->body_text) || (op->in_toc_sdt && st && st->toc_level);
    if (toc_entry && discard(w, op))
        return;
    if (op->in_vmerge && !op->visible && discard(w, op))
        return;
    if (op->carry && !w->textbox && op->body >= 0) {
        w->has_held = true;
        w->held_slot = op->slot;
        w->held_body = op->body;
    }
}

static void mce_start(walker *w, const xmlNode *e)
{
    if (named(e, "AlternateContent")) {
        if (w->nmce < MAX_MCE)
            w->mce_taken[w->nmce] = false;
        w->nmce++;
        return;
    }
    if (!w->nmce || w->nmce > MAX_MCE) {
        if (named(e, "Fallback"))
            w->skip = 1;
        return;
    }
    bool *taken = &w->mce_taken[w->nmce - 1];
    if (named(e, "Choice")) {
        const char *req = attr(e, NS_OTHER, "Requires");
        if (*taken || !req || !dhr_mce_understood(req, strlen(req)))
            w->skip = 1;
        else
            *taken = true;
    } else if (named(e, "Fallback")) {
        if (*taken)
            w->skip = 1;
        else
            *taken = true;
    }
}

static void alt_text(walker *w, const xmlNode *e, const char *local)
{
    const char *v = attr(e, NS_OTHER, local);
    if (v && dhr_has_visible(v, strlen(v)))
        other_slot(w);
}

static void note_marker(walker *w, const xmlNode *e, bool start)
{
    long id = attr_long(e, NS_W, "id", -1);
    if (!w->seen || id < w->seen_lo || id - w->seen_lo >= w->nseen)
        return;
    seen *s = &w->seen[id - w->seen_lo];
    const opara *op = w->npara ? &w->paras[w->npara - 1] : NULL;
    int32_t body = op ? op->body : -1;
    uint32_t off = body >= 0 ? (uint32_t)w->bp[body].text.len : 0;
    if (start && s->start_body == -2) {
        s->start_body = body;
        s->start_off = off;
    } else if (!start && s->end_body == -2) {
        s->end_body = body;
        s->end_off = off;
    }
}

static void on_start(walker *w, xmlNode *e)
{
    dhr_ns ns = ns_code(e->ns);
    if (ns == NS_W && (named(e, "commentRangeStart") || named(e, "commentRangeEnd") ||
                      named(e, "commentReference"))) {
        long id = attr_long(e, NS_W, "id", -1);
        if (id > w->max_id)
            w->max_id = id > INT32_MAX ? INT32_MAX : id;
    }
    if (w->skip) {
        w->skip++;
        return;
    }
    if (ns == NS_MC) {
        mce_start(w, e);
        return;
    }
    if (ns == NS_WP) {
        if (named(e, "docPr")) {
            alt_text(w, e, "title");
            alt_text(w, e, "descr");
        }
        return;
    }
    if (ns == NS_V) {
        if (named(e, "shape"))
            alt_text(w, e, "alt");
        return;
    }
    if (ns == NS_M) {
        if (named(e, "t"))
            w->text_mode = w->del ? TEXT_DELETED : TEXT_VISIBLE;
        return;
    }
    if (ns != NS_W)
        return;
    const char *n = (const char *)e->name;
    if (strcmp(n, "p") == 0) {
        para_start(w, e);
    } else if (strcmp(n, "r") == 0) {
        w->in_run = true;
        w->r_symbol = false;
    } else if (strcmp(n, "t") == 0) {
        w->text_mode = w->del ? TEXT_DELETED : TEXT_VISIBLE;
    } else if (strcmp(n, "rPr") == 0) {
        w->in_rpr = true;
    } else if (strcmp(n, "pPr") == 0) {
        w->in_ppr = true;
    } else if (strcmp(n, "pStyle") == 0) {
        if (w->in_ppr && w->npara)
            attr_buf(e, NS_W, "val", w->paras[w->npara - 1].style_id,
                     sizeof w->paras[0].style_id);
    } else if (strcmp(n, "framePr") == 0) {
        if (w->in_ppr && w->npara) {
            char v[16];
            attr_buf(e, NS_W, "dropCap", v, sizeof v);
            if (v[0] && strcmp(v, "none") != 0)
                w->paras[w->npara - 1].carry = true;
        }
    } else if (strcmp(n, "rFonts") == 0) {
        if (w->in_run && w->in_rpr) {
            char f[32];
            attr_buf(e, NS_W, "ascii", f, sizeof f);
            if (!f[0])
                attr_buf(e, NS_W, "hAnsi", f, sizeof f);
            w->r_symbol = strcasecmp(f, "Symbol") == 0;
        }
    } else if (strcmp(n, "delText") == 0) {
        w->text_mode = TEXT_DELETED;
    } else if (strcmp(n, "instrText") == 0) {
        w->text_mode = TEXT_INSTR;
    } else if (strcmp(n, "tab") == 0 || strcmp(n, "ptab") == 0) {
        if (w->in_run && !w->in_rpr && !w->in_ppr)
            emit(w, "\t", 1, e, false);
    } else if (strcmp(n, "br") == 0 || strcmp(n, "cr") == 0) {
        if (w->in_run)
            emit(w, "\n", 1, e, false);
    } else if (strcmp(n, "noBreakHyphen") == 0) {
        emit_cp(w, 0x2011, e);
    } else if (strcmp(n, "softHyphen") == 0) {
        emit_cp(w, 0x00AD, e);
    } else if (strcmp(n, "sym") == 0) {
        char hex[16], font[32];
        attr_buf(e, NS_W, "char", hex, sizeof hex);
        attr_buf(e, NS_W, "font", font, sizeof font);
        unsigned long cp = strtoul(hex, NULL, 16);
        if (strcasecmp(font, "Symbol") == 0)
            cp = dhr_symbol_font_char((uint32_t)cp);
        if (cp && cp <= 0x10FFFF)
            emit_cp(w, (uint32_t)cp, e);
    } else if (strcmp(n, "fldChar") == 0) {
        char type[16];
        attr_buf(e, NS_W, "fldCharType", type, sizeof type);
        if (strcmp(type, "begin") == 0)
            dhr_fields_begin(&w->fields, true, NULL, 0);
        else if (strcmp(type, "separate") == 0)
            mark_toc(w, dhr_fields_separate(&w->fields));
        else if (strcmp(type, "end") == 0)
            mark_toc(w, dhr_fields_end(&w->fields));
    } else if (strcmp(n, "fldSimple") == 0) {
        const char *instr = attr(e, NS_W, "instr");
        dhr_fields_begin(&w->fields, false, instr, instr ? strlen(instr) : 0);
    } else if (strcmp(n, "ins") == 0 || strcmp(n, "moveTo") == 0) {
        if (w->in_rpr || w->in_ppr || w->in_trpr || w->in_tcpr) {
            w->nformat++;
            w->skip = 1;
        } else {
            w->ins++;
        }
    } else if (strcmp(n, "del") == 0 || strcmp(n, "moveFrom") == 0) {
        if (w->in_rpr || w->in_ppr || w->in_trpr || w->in_tcpr) {
            w->nformat++;
            if (w->in_ppr && w->in_rpr && !w->in_run && w->npara)
                w->paras[w->npara - 1].carry = true;
            w->skip = 1;
        } else {
            w->del++;
        }
    } else if (strcmp(n, "pPrChange") == 0 || strcmp(n, "rPrChange") == 0 ||
               strcmp(n, "tblPrChange") == 0 || strcmp(n, "trPrChange") == 0 ||
               strcmp(n, "tcPrChange") == 0 || strcmp(n, "sectPrChange") == 0 ||
               strcmp(n, "tblGridChange") == 0 || strcmp(n, "numberingChange") == 0) {
        w->nformat++;
        w->skip = 1;
    } else if (strcmp(n, "rt") == 0 || strcmp(n, "delInstrText") == 0) {
        w->skip = 1;
    } else if (strcmp(n, "tbl") == 0) {
        if (w->ntable >= DHR_MAX_TABLE_DEPTH) {
            wfail(w, "tables are nested too deeply");
            return;
        }
        otable *t = &w->tables[w->ntable++];
        memset(t, 0, sizeof *t);
        t->id = ++w->tables_seen;
    } else if (strcmp(n, "tr") == 0) {
        if (w->ntable) {
            otable *t = &w->tables[w->ntable - 1];
            t->row++;
            t->gridcol = 0;
        }
    } else if (strcmp(n, "trPr") == 0) {
        w->in_trpr = true;
    } else if (strcmp(n, "gridBefore") == 0) {
        if (w->ntable && w->in_trpr) {
            long v = attr_long(e, NS_W, "val", 0);
            if (v > 0 && v < 1000)
                w->tables[w->ntable - 1].gridcol += (uint32_t)v;
        }
    } else if (strcmp(n, "tc") == 0) {
        if (w->ntable) {
            otable *t = &w->tables[w->ntable - 1];
            t->cell = t->gridcol + 1;
            t->span = 1;
            t->vcont = false;
        }
    } else if (strcmp(n, "tcPr") == 0) {
        w->in_tcpr = true;
    } else if (strcmp(n, "gridSpan") == 0) {
        if (w->ntable && w->in_tcpr) {
            long v = attr_long(e, NS_W, "val", 1);
            if (v > 1 && v < 1000)
                w->tables[w->ntable - 1].span = (uint32_t)v;
        }
    } else if (strcmp(n, "vMerge") == 0) {
        if (w->ntable && w->in_tcpr) {
            char v[16];
            attr_buf(e, NS_W, "val", v, sizeof v);
            w->tables[w->ntable - 1].vcont = v[0] == '\0' || strcmp(v, "continue") == 0;
        }
    } else if (strcmp(n, "txbxContent") == 0) {
        if (w->textbox < NEST) {
            w->textbox++;
            w->table_base[w->textbox] = w->ntable;
        } else {
            w->skip = 1;
        }
    } else if (strcmp(n, "sdt") == 0) {
        if (w->nsdt < MAX_SDT)
            w->sdt_toc[w->nsdt] = false;
        w->nsdt++;
    } else if (strcmp(n, "sdtPr") == 0) {
        w->in_sdtpr = true;
    } else if (strcmp(n, "docPartGallery") == 0) {
        if (w->in_sdtpr && w->nsdt && w->nsdt <= MAX_SDT) {
            char v[64];
            attr_buf(e, NS_W, "val", v, sizeof v);
            if (strcasecmp(v, "Table of Contents") == 0)
                w->sdt_toc[w->nsdt - 1] = true;
        }
    } else if (strcmp(n, "footnote") == 0 || strcmp(n, "endnote") == 0 ||
               strcmp(n, "comment") == 0) {
        char type[32];
        attr_buf(e, NS_W, "type", type, sizeof type);
        if (type[0] && strcmp(type, "normal") != 0)
            w->skip = 1;
    } else if (strcmp(n, "commentRangeStart") == 0) {
        note_marker(w, e, true);
    } else if (strcmp(n, "commentRangeEnd") == 0) {
        note_marker(w, e, false);
    }
}

static void on_end(walker *w, const xmlNode *e)
{
    if (w->skip) {
        w->skip--;
        return;
    }
    dhr_ns ns = ns_code(e->ns);
    if (ns == NS_M && named(e, "t")) {
        w->text_mode = TEXT_NONE;
        return;
    }
    if (ns == NS_MC) {
        if (named(e, "AlternateContent") && w->nmce)
            w->nmce--;
        return;
    }
    if (ns != NS_W)
        return;
    const char *n = (const char *)e->name;
    if (strcmp(n, "p") == 0)
        para_end(w);
    else if (strcmp(n, "pPr") == 0)
        w->in_ppr = false;
    else if (strcmp(n, "r") == 0)
        w->in_run = false;
    else if (strcmp(n, "rPr") == 0)
        w->in_rpr = false;
    else if (strcmp(n, "t") == 0 || strcmp(n, "delText") == 0 || strcmp(n, "instrText") == 0)
        w->text_mode = TEXT_NONE;
    else if (strcmp(n, "fldSimple") == 0)
        mark_toc(w, dhr_fields_end(&w->fields));
    else if (strcmp(n, "ins") == 0 || strcmp(n, "moveTo") == 0) {
        if (w->ins > 0)
            w->ins--;
    } else if (strcmp(n, "del") == 0 || strcmp(n, "moveFrom") == 0) {
        if (w->del > 0 && --w->del == 0)
            flush_deleted(w);
    } else if (strcmp(n, "tbl") == 0) {
        if (w->ntable > w->table_base[w->textbox])
            w->ntable--;
    } else if (strcmp(n, "trPr") == 0) {
        w->in_trpr = false;
    } else if (strcmp(n, "tc") == 0) {
        if (w->ntable) {
            otable *t = &w->tables[w->ntable - 1];
            t->gridcol += t->span;
            t->vcont = false;
        }
    } else if (strcmp(n, "tcPr") == 0) {
        w->in_tcpr = false;
    } else if (strcmp(n, "txbxContent") == 0) {
        if (w->textbox)
            w->textbox--;
    } else if (strcmp(n, "sdt") == 0) {
        if (w->nsdt)
            w->nsdt--;
    } else if (strcmp(n, "sdtPr") == 0) {
        w->in_sdtpr = false;
    }
}

static void on_text(walker *w, xmlNode *t)
{
    if (w->skip || !t->content)
        return;
    const char *s = (const char *)t->content;
    size_t len = strlen(s);
    switch (w->text_mode) {
    case TEXT_VISIBLE:
        if (w->r_symbol)
            emit_symbol_text(w, s, len, t);
        else
            emit(w, s, len, t, is_w(t->parent, "t"));
        break;
    case TEXT_DELETED:
        if (displaying(w) && dhr_has_visible(s, len))
            w->deleted_visible = true;
        break;
    case TEXT_INSTR:
        dhr_fields_instr_text(&w->fields, s, len);
        break;
    default:
        break;
    }
}

/* Document order, as the SAX reader sees it. libxml2 refuses nesting deeper
 * than 256 while parsing, so the recursion is bounded; the reader's own
 * limit is kept as well. */
static void walk(walker *w, xmlNode *e, int depth)
{
    if (depth > DHR_MAX_XML_DEPTH) {
        wfail(w, "elements are nested too deeply");
        return;
    }
    on_start(w, e);
    for (xmlNode *c = e->children; c && !w->failed; c = c->next) {
        if (c->type == XML_ELEMENT_NODE)
            walk(w, c, depth + 1);
        else if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
            on_text(w, c);
        else if (c->type == XML_ENTITY_REF_NODE)
            wfail(w, "the part refers to an XML entity");
    }
    on_end(w, e);
}

static bool walk_doc(walker *w, xmlDocPtr d, dhr_wstyles *styles)
{
    w->styles = styles;
    w->max_id = -1;
    xmlNode *root = xmlDocGetRootElement(d);
    if (root)
        walk(w, root, 1);
    while (!w->failed && w->npara)
        para_end(w);
    return !w->failed;
}

/* ---- The annotated part ------------------------------------------------- */

struct dhr_anx {
    xmlDocPtr doc;
    dhr_wstyles *styles;
    char part[256];
    const char *ns;
    walker w; /* the first walk: paragraphs, texts and the marks queued */
};

dhr_anx *dhr_anx_parse(const char *buf, size_t len, const char *part, dhr_wstyles *styles,
                       char *err, size_t errlen)
{
    dhr_anx *a = calloc(1, sizeof *a);
    if (!a) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    snprintf(a->part, sizeof a->part, "%s", part);
    a->styles = styles;
    a->doc = dhr_anx_read_tree(buf, len, part, err, errlen);
    if (!a->doc) {
        free(a);
        return NULL;
    }
    xmlNode *root = xmlDocGetRootElement(a->doc);
    if (ns_code(root->ns) != NS_W || !named(root, "document")) {
        snprintf(err, errlen, "%s is not a WordprocessingML document", part);
        dhr_anx_free(a);
        return NULL;
    }
    a->ns = (const char *)root->ns->href;
    if (!walk_doc(&a->w, a->doc, styles)) {
        snprintf(err, errlen, "%s: %s", part, a->w.err);
        dhr_anx_free(a);
        return NULL;
    }
    return a;
}

void dhr_anx_free(dhr_anx *a)
{
    if (!a)
        return;
    walker_free(&a->w);
    xmlFreeDoc(a->doc);
    free(a);
}

size_t dhr_anx_count(const dhr_anx *a)
{
    return a->w.nbp;
}

const char *dhr_anx_text(const dhr_anx *a, size_t i, size_t *len)
{
    const dhr_strbuf *t = &a->w.bp[i].text;
    *len = t->len;
    return t->s ? t->s : "";
}

const char *dhr_anx_namespace(const dhr_anx *a)
{
    return a->ns;
}

long dhr_anx_max_comment_id(const dhr_anx *a)
{
    return a->w.max_id;
}

bool dhr_anx_anchor(dhr_anx *a, size_t i, size_t start, size_t end, long id)
{
    if (i >= a->w.nbp)
        return false;
    bpara *p = &a->w.bp[i];
    if (end > p->text.len || start > end)
        start = end = 0;
    if (p->nmk == p->mkcap) {
        size_t cap = p->mkcap ? p->mkcap * 2 : 4;
        mark *v = realloc(p->mk, cap * sizeof *v);
        if (!v)
            return false;
        p->mk = v;
        p->mkcap = cap;
    }
    p->mk[p->nmk++] = (mark){id, (uint32_t)start, (uint32_t)end};
    return true;
}

/* Tree surgery. Nodes are linked by hand: libxml2's xmlAddChild and
 * xmlAddNextSibling merge adjacent text nodes, which would free nodes the
 * pieces still point to. */
static void link_after(xmlNode *cur, xmlNode *n)
{
    n->parent = cur->parent;
    n->prev = cur;
    n->next = cur->next;
    if (cur->next)
        cur->next->prev = n;
    else if (cur->parent)
        cur->parent->last = n;
    cur->next = n;
}

static void link_before(xmlNode *cur, xmlNode *n)
{
    n->parent = cur->parent;
    n->next = cur;
    n->prev = cur->prev;
    if (cur->prev)
        cur->prev->next = n;
    else if (cur->parent)
        cur->parent->children = n;
    cur->prev = n;
}

static void link_last(xmlNode *parent, xmlNode *n)
{
    n->parent = parent;
    n->next = NULL;
    n->prev = parent->last;
    if (parent->last)
        parent->last->next = n;
    else
        parent->children = n;
    parent->last = n;
}

/* Moves FROM and the siblings after it to the end of TO. */
static void move_tail(xmlNode *from, xmlNode *to)
{
    while (from) {
        xmlNode *next = from->next;
        xmlUnlinkNode(from);
        link_last(to, from);
        from = next;
    }
}

/* Where a marker goes: before NEXT, or last in PARENT when NEXT is NULL. */
typedef struct pos {
    xmlNode *parent, *next;
} pos;

static void put(pos at, xmlNode *n)
{
    if (at.next)
        link_before(at.next, n);
    else
        link_last(at.parent, n);
}

/* Elements whose children may be runs and range markers. */
static bool run_container(const xmlNode *n)
{
    static const char *const names[] = {"p",         "hyperlink",  "ins",      "del",
                                        "moveTo",    "moveFrom",   "smartTag", "sdtContent",
                                        "fldSimple", "customXml",  "dir",      "bdo"};
    if (!n || n->type != XML_ELEMENT_NODE || ns_code(n->ns) != NS_W)
        return false;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (named(n, names[i]))
            return true;
    return false;
}

/* Whether the run's properties carry a tracked change: cutting the run
 * would copy it, and one change would become two. */
static bool run_tracked(const xmlNode *r)
{
    for (const xmlNode *c = r->children; c; c = c->next)
        if (is_w(c, "rPr")) {
            for (const xmlNode *k = c->children; k; k = k->next)
                if (is_w(k, "rPrChange") || is_w(k, "ins") || is_w(k, "del") ||
                    is_w(k, "moveFrom") || is_w(k, "moveTo"))
                    return true;
            return false;
        }
    return false;
}

/* The run holding E, when it can be cut around E. */
static xmlNode *cuttable_run(const xmlNode *e)
{
    xmlNode *r = e->parent;
    return is_w(r, "r") && run_container(r->parent) && !run_tracked(r) ? r : NULL;
}

/* What stands for E among the runs: E's ancestor that is a child of a run
 * container (maths, a markup-compatibility block), kept whole. */
static xmlNode *boundary(xmlNode *e)
{
    xmlNode *b = e;
    while (b->parent && b->parent->type == XML_ELEMENT_NODE && !run_container(b->parent))
        b = b->parent;
    return b->parent && b->parent->type == XML_ELEMENT_NODE ? b : NULL;
}

static void renamespace(xmlNode *n, xmlNsPtr from, xmlNsPtr to)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (n->ns == from)
            n->ns = to;
        for (xmlAttr *at = n->properties; at; at = at->next)
            if (at->ns == from)
                at->ns = to;
        renamespace(n->children, from, to);
    }
}

/* A copy made away from the tree declares the namespaces it uses on itself;
 * once linked, the declarations its ancestors already make are dropped
 * (they are only noise in the part). */
static void tidy_namespaces(xmlDocPtr d, xmlNode *copy)
{
    xmlNsPtr *link = &copy->nsDef;
    while (*link) {
        xmlNsPtr def = *link;
        xmlNsPtr up = copy->parent ? xmlSearchNs(d, copy->parent, def->prefix) : NULL;
        if (up && xmlStrEqual(up->href, def->href)) {
            if (copy->ns == def)
                copy->ns = up;
            for (xmlAttr *at = copy->properties; at; at = at->next)
                if (at->ns == def)
                    at->ns = up;
            renamespace(copy->children, def, up);
            *link = def->next;
            def->next = NULL;
            xmlFreeNs(def);
        } else {
            link = &def->next;
        }
    }
}

/* A copy of E (with its children when DEEP) linked in after AFTER, or last
 * in PARENT. */
static xmlNode *copy_into(xmlDocPtr d, xmlNode *e, bool deep, xmlNode *after, xmlNode *parent)
{
    xmlNode *c = xmlDocCopyNode(e, d, deep ? 1 : 2);
    if (!c)
        return NULL;
    if (after)
        link_after(after, c);
    else
        link_last(parent, c);
    tidy_namespaces(d, c);
    return c;
}

/* A new run like R (its attributes and properties), inserted after it. */
static xmlNode *run_after(xmlDocPtr d, xmlNode *r)
{
    xmlNode *r2 = copy_into(d, r, false, r, NULL);
    if (!r2)
        return NULL;
    for (xmlNode *c = r->children; c; c = c->next)
        if (is_w(c, "rPr")) {
            if (!copy_into(d, c, true, NULL, r2))
                return NULL; /* the run stays, empty: harmless */
            break;
        }
    return r2;
}

static bool has_content(const xmlNode *from, const xmlNode *upto)
{
    for (const xmlNode *c = from; c && c != upto; c = c->next)
        if (c->type == XML_ELEMENT_NODE && !is_w(c, "rPr"))
            return true;
    return false;
}

/* Where a marker goes just before E, or AFTER it: between runs, the run
 * holding E cut in two there when it has content on that side. */
static bool beside(xmlDocPtr d, xmlNode *e, bool after, pos *at)
{
    xmlNode *r = cuttable_run(e);
    if (r) {
        bool rest = after ? has_content(e->next, NULL) : has_content(r->children, e);
        if (!rest) {
            *at = (pos){r->parent, after ? r->next : r};
            return true;
        }
        xmlNode *r2 = run_after(d, r);
        if (!r2)
            return false;
        move_tail(after ? e->next : e, r2);
        *at = (pos){r->parent, r2};
        return true;
    }
    xmlNode *b = boundary(e);
    if (!b)
        return false;
    *at = (pos){b->parent, after ? b->next : b};
    return true;
}

/* Cuts the w:t holding text node T after K bytes of T: T keeps the head, a
 * copy of the w:t after it takes the rest. */
static bool split_text(xmlDocPtr d, xmlNode *t, uint32_t k)
{
    xmlNode *e = t->parent;
    size_t len = strlen((const char *)t->content);
    xmlNode *e2 = copy_into(d, e, false, e, NULL);
    if (!e2)
        return false;
    xmlNode *from;
    if (k == 0) {
        from = t;
    } else if (k >= len) {
        from = t->next;
    } else {
        xmlNode *tail = xmlNewDocTextLen(d, t->content + k, (int)(len - k));
        xmlChar *head = xmlStrndup(t->content, (int)k);
        if (!tail || !head) {
            xmlFreeNode(tail);
            xmlFree(head);
            return false; /* E2 stays, empty: harmless */
        }
        xmlNodeSetContentLen(t, head, (int)k);
        xmlFree(head);
        link_last(e2, tail);
        from = t->next;
    }
    move_tail(from, e2);
    /* Spaces at the cut would otherwise be dropped by Word. */
    xmlNodeSetSpacePreserve(e, 1);
    xmlNodeSetSpacePreserve(e2, 1);
    return true;
}

typedef struct cut {
    size_t piece;
    uint32_t k;
    bool end;
    long id;
} cut;

static int cut_cmp(const void *pa, const void *pb)
{
    const cut *a = pa, *b = pb;
    if (a->piece != b->piece)
        return a->piece > b->piece ? -1 : 1;
    if (a->k != b->k)
        return a->k > b->k ? -1 : 1;
    if (a->end != b->end)
        return a->end ? -1 : 1; /* a range closes before the next opens */
    return a->id < b->id ? -1 : a->id > b->id;
}

static xmlNode *marker(xmlDocPtr d, xmlNsPtr ns, const char *name, long id)
{
    xmlNode *m = xmlNewDocNode(d, ns, (const xmlChar *)name, NULL);
    char v[24];
    snprintf(v, sizeof v, "%ld", id);
    if (m && !xmlNewNsProp(m, ns, (const xmlChar *)"id", (const xmlChar *)v)) {
        xmlFreeNode(m);
        m = NULL;
    }
    return m;
}

/* The end of a comment's range and the run that shows its mark. */
static bool put_end(xmlDocPtr d, xmlNsPtr ns, pos at, long id)
{
    xmlNode *end = marker(d, ns, "commentRangeEnd", id);
    xmlNode *r = xmlNewDocNode(d, ns, (const xmlChar *)"r", NULL);
    xmlNode *ref = marker(d, ns, "commentReference", id);
    if (!end || !r || !ref) {
        xmlFreeNode(end);
        xmlFreeNode(r);
        xmlFreeNode(ref);
        return false;
    }
    link_last(r, ref);
    put(at, end);
    put(at, r);
    return true;
}

static bool put_start(xmlDocPtr d, xmlNsPtr ns, pos at, long id)
{
    xmlNode *m = marker(d, ns, "commentRangeStart", id);
    if (!m)
        return false;
    put(at, m);
    return true;
}

/* The piece holding byte X of the text: the last piece starting at or
 * before X (pieces cover the text end to end, in order). */
static size_t piece_at(const bpara *p, uint32_t x)
{
    size_t lo = 0, hi = p->npc;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (p->pc[mid].off <= x)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* Whether the range can start or end inside the piece; else it takes the
 * piece whole. */
static bool cuttable(const piece *pc)
{
    return pc->text && cuttable_run(pc->node->parent);
}

static bool anchor_para(xmlDocPtr d, xmlNsPtr ns, const bpara *want, bpara *p)
{
    size_t nspan = 0;
    for (size_t i = 0; i < want->nmk; i++)
        nspan += want->mk[i].start < want->mk[i].end && p->npc;
    cut *cuts = nspan ? calloc(nspan * 2, sizeof *cuts) : NULL;
    if (nspan && !cuts)
        return false;
    size_t nc = 0;
    for (size_t i = 0; i < want->nmk && p->npc; i++) {
        const mark *m = &want->mk[i];
        if (m->start >= m->end)
            continue;
        size_t a = piece_at(p, m->start);
        size_t b = piece_at(p, m->end - 1);
        const piece *pa = &p->pc[a], *pb = &p->pc[b];
        cuts[nc++] = (cut){a, cuttable(pa) ? m->start - pa->off : 0, false, m->id};
        cuts[nc++] = (cut){b, cuttable(pb) ? m->end - pb->off : pb->len, true, m->id};
    }
    if (nc)
        qsort(cuts, nc, sizeof *cuts, cut_cmp);
    bool ok = true;
    for (size_t i = 0; ok && i < nc;) {
        size_t j = i;
        while (j < nc && cuts[j].piece == cuts[i].piece && cuts[j].k == cuts[i].k)
            j++;
        piece *pc = &p->pc[cuts[i].piece];
        uint32_t k = cuts[i].k;
        xmlNode *e = pc->node->type == XML_ELEMENT_NODE ? pc->node : pc->node->parent;
        pos at;
        if (!cuttable(pc)) {
            ok = beside(d, e, k != 0, &at);
        } else if (k == 0 && !pc->node->prev) {
            ok = beside(d, e, false, &at);
        } else if (k == pc->len && !pc->node->next) {
            ok = beside(d, e, true, &at);
        } else {
            ok = split_text(d, pc->node, k) && beside(d, e, true, &at);
            pc->len = k;
        }
        for (size_t c = i; ok && c < j; c++)
            ok = cuts[c].end ? put_end(d, ns, at, cuts[c].id) : put_start(d, ns, at, cuts[c].id);
        i = j;
    }
    free(cuts);
    if (!ok)
        return false;

    /* The whole paragraph, and spans with no text to hold them. */
    for (size_t i = 0; i < want->nmk; i++) {
        const mark *m = &want->mk[i];
        if (m->start < m->end && p->npc)
            continue;
        xmlNode *first = p->first->children;
        while (first && (first->type != XML_ELEMENT_NODE || is_w(first, "pPr")))
            first = first->next;
        if (!put_start(d, ns, (pos){p->first, first}, m->id) ||
            !put_end(d, ns, (pos){p->last, NULL}, m->id))
            return false;
    }
    return true;
}

static bool same_texts(const walker *a, const walker *b)
{
    if (a->nbp != b->nbp || a->nformat != b->nformat || a->nslots != b->nslots)
        return false;
    for (size_t i = 0; i < a->nbp; i++)
        if (a->bp[i].text.len != b->bp[i].text.len ||
            (a->bp[i].text.len &&
             memcmp(a->bp[i].text.s, b->bp[i].text.s, a->bp[i].text.len) != 0))
            return false;
    return true;
}

bool dhr_anx_write(dhr_anx *a, char **out, size_t *outlen, char *err, size_t errlen)
{
    *out = NULL;
    *outlen = 0;
    xmlNode *root = xmlDocGetRootElement(a->doc);
    xmlNsPtr ns = xmlSearchNsByHref(a->doc, root, (const xmlChar *)a->ns);
    long lo = -1, hi = -1;
    bool any = false;
    for (size_t i = 0; i < a->w.nbp; i++)
        for (size_t j = 0; j < a->w.bp[i].nmk; j++) {
            long id = a->w.bp[i].mk[j].id;
            lo = lo < 0 || id < lo ? id : lo;
            hi = id > hi ? id : hi;
            any = true;
        }
    if (any && (!ns || hi - lo > 10 * DHR_MAX_PARAGRAPHS)) {
        snprintf(err, errlen, "%s: cannot add comments to it", a->part);
        return false;
    }

    /* Walk again, noting where each marked paragraph's text comes from. */
    walker w2 = {0};
    w2.want = a->w.bp;
    w2.nwant = a->w.nbp;
    bool ok = walk_doc(&w2, a->doc, a->styles) && same_texts(&a->w, &w2);
    for (size_t i = 0; ok && i < w2.nbp; i++)
        if (a->w.bp[i].nmk)
            ok = anchor_para(a->doc, ns, &a->w.bp[i], &w2.bp[i]);
    walker_free(&w2);
    if (!ok) {
        snprintf(err, errlen, "%s: could not place the comments (out of memory, or a "
                              "structure dhrlint cannot rewrite)", a->part);
        return false;
    }

    /* Read the result as the reader will: the same text, and every range
     * where it was meant to be. */
    walker w3 = {0};
    if (any) {
        w3.seen_lo = lo;
        w3.nseen = hi - lo + 1;
        w3.seen = malloc((size_t)w3.nseen * sizeof *w3.seen);
        if (!w3.seen) {
            snprintf(err, errlen, "out of memory");
            return false;
        }
        for (long i = 0; i < w3.nseen; i++)
            w3.seen[i] = (seen){-2, -2, 0, 0};
    }
    ok = walk_doc(&w3, a->doc, a->styles) && same_texts(&a->w, &w3);
    for (size_t i = 0; ok && i < a->w.nbp; i++) {
        const bpara *p = &a->w.bp[i];
        for (size_t j = 0; ok && j < p->nmk; j++) {
            const mark *m = &p->mk[j];
            const seen *s = &w3.seen[m->id - lo];
            bool whole = m->start >= m->end;
            ok = s->start_body == (int32_t)i && s->end_body == (int32_t)i &&
                 (whole ? s->start_off == 0 && s->end_off == p->text.len
                        : s->start_off <= m->start && s->end_off >= m->end);
        }
    }
    free(w3.seen);
    walker_free(&w3);
    if (!ok) {
        snprintf(err, errlen,
                 "%s: the comments could not be placed without changing how the report reads; "
                 "nothing was written (please report this with the file)",
                 a->part);
        return false;
    }

    xmlChar *mem = NULL;
    int size = 0;
    xmlDocDumpMemoryEnc(a->doc, &mem, &size, "UTF-8");
    if (!mem || size <= 0) {
        xmlFree(mem);
        snprintf(err, errlen, "out of memory");
        return false;
    }
    *out = malloc((size_t)size);
    if (!*out) {
        xmlFree(mem);
        snprintf(err, errlen, "out of memory");
        return false;
    }
    memcpy(*out, mem, (size_t)size);
    *outlen = (size_t)size;
    xmlFree(mem);
    return true;
}
