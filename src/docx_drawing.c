#include "docx_drawing.h"

#include "xmlsax.h"

typedef struct drawing_ctx {
    dhr_builder *b;
    int32_t anchor;
    dhr_strbuf text;
    int in_para; /* a:p depth */
    bool in_t;   /* a:t or c:v */
} drawing_ctx;

static void flush(drawing_ctx *c)
{
    if (c->text.len && dhr_has_visible(c->text.s, c->text.len))
        dhr_b_simple_para(c->b, DHR_PART_TEXTBOX, c->anchor, c->text.s, c->text.len, NULL, NULL,
                          NULL);
    dhr_sb_clear(&c->text);
}

/* A DrawingML paragraph (a:p) is one paragraph; a chart's cached value (c:v:
 * a category, a series name, a number) is one on its own. */
static void d_start(void *user, dhr_ns ns, dhr_name name, const dhr_attrs *at)
{
    (void)at;
    drawing_ctx *c = user;
    if (ns == NS_A && name == N_p)
        c->in_para++;
    else if (ns == NS_A && name == N_t)
        c->in_t = true;
    else if (ns == NS_A && name == N_br && c->in_para)
        dhr_sb_putc(&c->text, '\n');
    else if (ns == NS_C && name == N_v && !c->in_para)
        c->in_t = true;
}

static void d_end(void *user, dhr_ns ns, dhr_name name)
{
    drawing_ctx *c = user;
    if (ns == NS_A && name == N_p) {
        if (c->in_para && --c->in_para == 0)
            flush(c);
    } else if ((ns == NS_A && name == N_t) || (ns == NS_C && name == N_v)) {
        c->in_t = false;
        if (ns == NS_C && !c->in_para)
            flush(c);
    }
}

static void d_text(void *user, const char *s, size_t len)
{
    drawing_ctx *c = user;
    if (c->in_t && c->text.len < 65536 && !dhr_sb_append(&c->text, s, len))
        dhr_b_fail(c->b, DHR_READ_NO_MEMORY, "out of memory");
}

bool dhr_docx_drawing_read(dhr_zip *z, const char *part, int32_t anchor, dhr_builder *b,
                           dhr_read_error *err)
{
    if (!dhr_zip_has(z, part))
        return true;
    drawing_ctx c = {.b = b, .anchor = anchor};
    dhr_xml_handler h = {d_start, d_end, d_text, &b->failed};
    dhr_read_error perr = {0};
    bool ok = dhr_xml_parse_part(z, part, &h, &c, &perr);
    dhr_sb_free(&c.text);
    return dhr_b_tolerate(b, ok, &perr, part, "its text was not checked", err);
}
