#include "docx_styles.h"

#include "dhrlint/limits.h"
#include "xmlsax.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct styles_ctx {
    dhr_wstyles *s;
    dhr_builder *b;
    dhr_wstyle *cur;
    bool in_defaults_rpr, in_ppr, in_rpr, oom, over;
    int skip; /* inside a *PrChange: the old properties, not the current ones */
    dhr_read_error *err;
} styles_ctx;

/* Word stores built-in names in lower case ("heading 1") and shows them
 * capitalised; show them as a user sees them. */
static const char *display_name(dhr_builder *b, const char *name, size_t len)
{
    char *p = dhr_b_strndup(b, name, len);
    if (p && len && islower((unsigned char)p[0]))
        p[0] = (char)toupper((unsigned char)p[0]);
    return p;
}

static void styles_start(void *user, dhr_ns ns, dhr_name name, const dhr_attrs *at)
{
    styles_ctx *c = user;
    if (c->skip) {
        c->skip++;
        return;
    }
    if (ns != NS_W)
        return;
    dhr_wstyles *s = c->s;
    switch (name) {
    case N_style: {
        if (s->n >= DHR_MAX_STYLES) {
            c->over = true;
            return;
        }
        if (s->n == s->cap) {
            size_t cap = s->cap ? s->cap * 2 : 64;
            dhr_wstyle *v = realloc(s->v, cap * sizeof *v);
            if (!v) {
                c->oom = true;
                return;
            }
            s->v = v;
            s->cap = cap;
        }
        dhr_wstyle *st = &s->v[s->n];
        memset(st, 0, sizeof *st);
        st->outline = st->bold = st->vanish = -1;
        st->num_id = -1;
        st->id = dhr_attr_dup(at, NS_W, "styleId");
        if (!st->id)
            return;
        st->paragraph = dhr_attr_is(at, NS_W, "type", "paragraph") || !dhr_attr(at, NS_W, "type", NULL);
        char d[8];
        dhr_attr_buf(at, NS_W, "default", d, sizeof d);
        st->is_default = strcmp(d, "1") == 0 || strcasecmp(d, "true") == 0 || strcasecmp(d, "on") == 0;
        c->cur = st;
        s->n++;
        break;
    }
    case N_name:
        if (c->cur) {
            size_t len;
            const char *v = dhr_attr(at, NS_W, "val", &len);
            if (v)
                c->cur->name = display_name(c->b, v, len);
        }
        break;
    case N_basedOn:
        if (c->cur && !c->cur->based_on)
            c->cur->based_on = dhr_attr_dup(at, NS_W, "val");
        break;
    case N_rPrDefault:
        c->in_defaults_rpr = true;
        break;
    case N_pPr:
        c->in_ppr = true;
        break;
    case N_rPr:
        c->in_rpr = true;
        break;
    case N_pPrChange:
    case N_rPrChange:
        c->skip = 1;
        break;
    case N_outlineLvl:
        if (c->cur && c->in_ppr) {
            long v = dhr_attr_long(at, NS_W, "val", -1);
            if (v >= 0 && v <= 9)
                c->cur->outline = (int8_t)v;
        }
        break;
    case N_numId:
        if (c->cur && c->in_ppr)
            c->cur->num_id = dhr_attr_long(at, NS_W, "val", 0);
        break;
    case N_ilvl:
        if (c->cur && c->in_ppr) {
            long v = dhr_attr_long(at, NS_W, "val", 0);
            c->cur->num_level = (int8_t)(v < 0 ? 0 : v > 9 ? 9 : v);
        }
        break;
    case N_b:
        if (c->in_rpr) {
            if (c->cur)
                c->cur->bold = (int8_t)dhr_attr_on(at, NS_W, "val");
            else if (c->in_defaults_rpr)
                s->default_bold = (int8_t)dhr_attr_on(at, NS_W, "val");
        }
        break;
    case N_vanish:
        if (c->in_rpr) {
            if (c->cur)
                c->cur->vanish = (int8_t)dhr_attr_on(at, NS_W, "val");
            else if (c->in_defaults_rpr)
                s->default_vanish = (int8_t)dhr_attr_on(at, NS_W, "val");
        }
        break;
    default:
        break;
    }
}

static void styles_end(void *user, dhr_ns ns, dhr_name name)
{
    styles_ctx *c = user;
    if (c->skip) {
        c->skip--;
        return;
    }
    if (ns != NS_W)
        return;
    switch (name) {
    case N_style:
        c->cur = NULL;
        break;
    case N_rPrDefault:
        c->in_defaults_rpr = false;
        break;
    case N_pPr:
        c->in_ppr = false;
        break;
    case N_rPr:
        c->in_rpr = false;
        break;
    default:
        break;
    }
}

static void styles_text(void *user, const char *s, size_t len)
{
    (void)user, (void)s, (void)len;
}

static size_t hash_str(const char *s)
{
    size_t h = 5381;
    for (; *s; s++)
        h = h * 33 + (unsigned char)*s;
    return h;
}

static dhr_wstyle *find(dhr_wstyles *s, const char *id)
{
    if (!s->index || !id)
        return NULL;
    size_t mask = s->index_size - 1;
    for (size_t h = hash_str(id) & mask;; h = (h + 1) & mask) {
        uint32_t k = s->index[h];
        if (k == 0)
            return NULL;
        if (strcmp(s->v[k - 1].id, id) == 0)
            return &s->v[k - 1];
    }
}

static bool build_index(dhr_wstyles *s)
{
    size_t size = 64;
    while (size < s->n * 2)
        size *= 2;
    s->index = calloc(size, sizeof *s->index);
    if (!s->index)
        return false;
    s->index_size = size;
    for (size_t i = 0; i < s->n; i++) {
        if (find(s, s->v[i].id))
            continue; /* first definition wins */
        size_t h = hash_str(s->v[i].id) & (size - 1);
        while (s->index[h])
            h = (h + 1) & (size - 1);
        s->index[h] = (uint32_t)(i + 1);
        if (s->v[i].paragraph && s->v[i].is_default && !s->default_para)
            s->default_para = &s->v[i];
    }
    return true;
}

/* "heading 3" -> 3; "toc 2" -> 2 with PREFIX "toc". */
static int numbered_name(const char *name, const char *prefix)
{
    size_t pl = strlen(prefix);
    if (!name || strncasecmp(name, prefix, pl) != 0)
        return 0;
    const char *p = name + pl;
    while (*p == ' ')
        p++;
    if (*p >= '1' && *p <= '9' && p[1] == '\0' && p != name + pl)
        return *p - '0';
    return 0;
}

static void resolve(dhr_wstyles *s, dhr_wstyle *st)
{
    if (st->resolved)
        return;
    st->resolved = true;
    st->r_bold = st->r_vanish = -1;
    st->r_num_id = -1;
    st->r_num_level = 0;
    bool heading_known = false, toc_known = false;
    dhr_wstyle *cur = st;
    for (int depth = 0; cur && depth < DHR_MAX_STYLE_CHAIN; depth++) {
        if (!heading_known) {
            if (cur->outline >= 0) {
                st->heading = cur->outline < 9 ? (uint8_t)(cur->outline + 1) : 0;
                heading_known = true;
            } else if (numbered_name(cur->name, "heading")) {
                st->heading = (uint8_t)numbered_name(cur->name, "heading");
                heading_known = true;
            }
        }
        if (!toc_known && numbered_name(cur->name, "toc")) {
            st->toc_level = (uint8_t)numbered_name(cur->name, "toc");
            toc_known = true;
        }
        if (st->r_bold < 0)
            st->r_bold = cur->bold;
        if (st->r_vanish < 0)
            st->r_vanish = cur->vanish;
        if (st->r_num_id < 0 && cur->num_id >= 0) {
            st->r_num_id = cur->num_id;
            st->r_num_level = cur->num_level;
        }
        dhr_wstyle *next = find(s, cur->based_on);
        cur = next == cur ? NULL : next;
    }
}

dhr_wstyle *dhr_wstyles_get(dhr_wstyles *s, const char *id)
{
    dhr_wstyle *st = find(s, id);
    if (st)
        resolve(s, st);
    return st;
}

bool dhr_wstyles_read(dhr_zip *z, const char *part, dhr_builder *b, dhr_wstyles *out,
                      dhr_read_error *err)
{
    memset(out, 0, sizeof *out);
    if (!part || !dhr_zip_has(z, part))
        return build_index(out) || (dhr_set_error(err, DHR_READ_NO_MEMORY, "out of memory"), false);
    styles_ctx c = {.s = out, .b = b, .err = err};
    dhr_xml_handler h = {styles_start, styles_end, styles_text, &c.oom};
    bool ok = dhr_xml_parse_part(z, part, &h, &c, err);
    if (c.oom || b->failed) {
        dhr_set_error(err, DHR_READ_NO_MEMORY, "out of memory");
        return false;
    }
    if (c.over) {
        dhr_set_error(err, DHR_READ_LIMIT,
                      "%s defines more than %d styles: this is not a report dhrlint can check",
                      part, DHR_MAX_STYLES);
        return false;
    }
    if (!ok)
        return false;
    if (!build_index(out)) {
        dhr_set_error(err, DHR_READ_NO_MEMORY, "out of memory");
        return false;
    }
    for (size_t i = 0; i < out->n; i++)
        if (!out->v[i].name)
            out->v[i].name = dhr_b_strdup(b, out->v[i].id);
    return true;
}

void dhr_wstyles_free(dhr_wstyles *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].id);
        free(s->v[i].based_on);
    }
    free(s->v);
    free(s->index);
    memset(s, 0, sizeof *s);
}
