#include "opc.h"

#include "xmlsax.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static char *dupn(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

/* Resolves TARGET against the folder of SOURCE and decodes %XX escapes. */
static char *resolve(const char *source, const char *target, size_t tlen)
{
    size_t slen = strlen(source);
    const char *slash = slen ? strrchr(source, '/') : NULL;
    size_t base = 0;
    if (tlen && target[0] == '/') {
        target++;
        tlen--;
    } else if (slash) {
        base = (size_t)(slash - source) + 1;
    }
    char *out = malloc(base + tlen + 1);
    if (!out)
        return NULL;
    memcpy(out, source, base);
    size_t n = base;
    for (size_t i = 0; i < tlen; i++) {
        char c = target[i];
        if (c == '%' && i + 2 < tlen) {
            char hex[3] = {target[i + 1], target[i + 2], 0};
            char *end;
            long v = strtol(hex, &end, 16);
            if (end == hex + 2 && v > 0) {
                c = (char)v;
                i += 2;
            }
        }
        if (c == '\\')
            c = '/';
        out[n++] = c;
    }
    out[n] = '\0';
    /* Fold "./" and "x/../" so that the name matches a zip entry. */
    char *segs[256];
    int nseg = 0;
    char *save = NULL;
    char *copy = dupn(out, n);
    if (!copy) {
        free(out);
        return NULL;
    }
    for (char *tok = strtok_r(copy, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
        if (strcmp(tok, ".") == 0)
            continue;
        if (strcmp(tok, "..") == 0) {
            if (nseg)
                nseg--;
            continue;
        }
        if (nseg < 256)
            segs[nseg++] = tok;
    }
    n = 0;
    for (int i = 0; i < nseg; i++) {
        size_t l = strlen(segs[i]);
        if (i)
            out[n++] = '/';
        memmove(out + n, segs[i], l);
        n += l;
    }
    out[n] = '\0';
    free(copy);
    return out;
}

typedef struct rels_ctx {
    dhr_rels *rels;
    const char *source;
    bool oom;
} rels_ctx;

static void rels_start(void *user, dhr_ns ns, dhr_name name, const dhr_attrs *at)
{
    rels_ctx *c = user;
    if (ns != NS_PKGREL || name != N_Relationship || c->oom)
        return;
    size_t il, tl, gl;
    const char *id = dhr_attr(at, NS_OTHER, "Id", &il);
    const char *type = dhr_attr(at, NS_OTHER, "Type", &tl);
    const char *target = dhr_attr(at, NS_OTHER, "Target", &gl);
    if (!id || !type || !target)
        return;
    dhr_rels *r = c->rels;
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        dhr_rel *v = realloc(r->v, cap * sizeof *v);
        if (!v) {
            c->oom = true;
            return;
        }
        r->v = v;
        r->cap = cap;
    }
    dhr_rel *rel = &r->v[r->n];
    rel->external = dhr_attr_is(at, NS_OTHER, "TargetMode", "External");
    rel->id = dupn(id, il);
    rel->type = dupn(type, tl);
    rel->target = rel->external ? dupn(target, gl) : resolve(c->source, target, gl);
    if (!rel->id || !rel->type || !rel->target) {
        free(rel->id), free(rel->type), free(rel->target);
        c->oom = true;
        return;
    }
    r->n++;
}

static void ignore_end(void *user, dhr_ns ns, dhr_name name)
{
    (void)user, (void)ns, (void)name;
}

static void ignore_text(void *user, const char *s, size_t len)
{
    (void)user, (void)s, (void)len;
}

bool dhr_rels_read(dhr_zip *z, const char *source, dhr_rels *out, dhr_read_error *err)
{
    memset(out, 0, sizeof *out);
    /* word/document.xml -> word/_rels/document.xml.rels; "" -> _rels/.rels */
    const char *slash = strrchr(source, '/');
    size_t dir = slash ? (size_t)(slash - source) + 1 : 0;
    size_t len = strlen(source);
    char *name = malloc(len + 16);
    if (!name) {
        dhr_set_error(err, DHR_READ_NO_MEMORY, "out of memory");
        return false;
    }
    memcpy(name, source, dir);
    strcpy(name + dir, "_rels/");
    strcat(name, source + dir);
    strcat(name, ".rels");
    char *buf;
    size_t blen;
    bool ok = dhr_zip_read_small(z, name, false, &buf, &blen, err);
    if (ok && buf) {
        rels_ctx c = {out, source, false};
        dhr_xml_handler h = {rels_start, ignore_end, ignore_text, &c.oom};
        ok = dhr_xml_parse_memory(buf, blen, name, &h, &c, err);
        if (c.oom) {
            dhr_set_error(err, DHR_READ_NO_MEMORY, "out of memory");
            ok = false;
        }
    }
    free(buf);
    free(name);
    return ok;
}

void dhr_rels_free(dhr_rels *rels)
{
    for (size_t i = 0; i < rels->n; i++) {
        free(rels->v[i].id);
        free(rels->v[i].type);
        free(rels->v[i].target);
    }
    free(rels->v);
    memset(rels, 0, sizeof *rels);
}

const dhr_rel *dhr_rels_by_id(const dhr_rels *rels, const char *id)
{
    for (size_t i = 0; i < rels->n; i++)
        if (strcmp(rels->v[i].id, id) == 0)
            return &rels->v[i];
    return NULL;
}

bool dhr_rel_type_is(const dhr_rel *rel, const char *tail)
{
    const char *slash = strrchr(rel->type, '/');
    return slash && strcasecmp(slash + 1, tail) == 0;
}

typedef struct ct_ctx {
    dhr_ctypes *ct;
    bool oom;
} ct_ctx;

static bool push2(char ***a, char ***b, size_t *n, char *x, char *y)
{
    if (!x || !y)
        goto fail;
    char **a2 = realloc(*a, (*n + 1) * sizeof **a);
    if (!a2)
        goto fail;
    *a = a2;
    char **b2 = realloc(*b, (*n + 1) * sizeof **b);
    if (!b2)
        goto fail;
    *b = b2;
    (*a)[*n] = x;
    (*b)[*n] = y;
    (*n)++;
    return true;
fail:
    free(x);
    free(y);
    return false;
}

static void ct_start(void *user, dhr_ns ns, dhr_name name, const dhr_attrs *at)
{
    ct_ctx *c = user;
    if (ns != NS_CT || c->oom)
        return;
    size_t kl, tl;
    const char *type = dhr_attr(at, NS_OTHER, "ContentType", &tl);
    if (!type)
        return;
    if (name == N_Default) {
        const char *ext = dhr_attr(at, NS_OTHER, "Extension", &kl);
        if (ext && !push2(&c->ct->ext, &c->ct->ext_type, &c->ct->next, dupn(ext, kl),
                          dupn(type, tl)))
            c->oom = true;
    } else if (name == N_Override) {
        const char *part = dhr_attr(at, NS_OTHER, "PartName", &kl);
        if (part && kl && part[0] == '/') {
            part++;
            kl--;
        }
        if (part && !push2(&c->ct->part, &c->ct->part_type, &c->ct->npart, dupn(part, kl),
                           dupn(type, tl)))
            c->oom = true;
    }
}

bool dhr_ctypes_read(dhr_zip *z, dhr_ctypes *out, dhr_read_error *err)
{
    memset(out, 0, sizeof *out);
    char *buf;
    size_t blen;
    if (!dhr_zip_read_small(z, "[Content_Types].xml", false, &buf, &blen, err))
        return false;
    if (!buf)
        return true;
    ct_ctx c = {out, false};
    dhr_xml_handler h = {ct_start, ignore_end, ignore_text, &c.oom};
    bool ok = dhr_xml_parse_memory(buf, blen, "[Content_Types].xml", &h, &c, err);
    free(buf);
    if (c.oom) {
        dhr_set_error(err, DHR_READ_NO_MEMORY, "out of memory");
        ok = false;
    }
    return ok;
}

void dhr_ctypes_free(dhr_ctypes *ct)
{
    for (size_t i = 0; i < ct->next; i++)
        free(ct->ext[i]), free(ct->ext_type[i]);
    for (size_t i = 0; i < ct->npart; i++)
        free(ct->part[i]), free(ct->part_type[i]);
    free(ct->ext), free(ct->ext_type), free(ct->part), free(ct->part_type);
    memset(ct, 0, sizeof *ct);
}

const char *dhr_ctypes_lookup(const dhr_ctypes *ct, const char *part)
{
    for (size_t i = 0; i < ct->npart; i++)
        if (strcasecmp(ct->part[i], part) == 0)
            return ct->part_type[i];
    const char *dot = strrchr(part, '.');
    if (dot)
        for (size_t i = 0; i < ct->next; i++)
            if (strcasecmp(ct->ext[i], dot + 1) == 0)
                return ct->ext_type[i];
    return NULL;
}

const dhr_rel *dhr_rels_first(const dhr_rels *rels, const char *tail)
{
    for (size_t i = 0; i < rels->n; i++)
        if (!rels->v[i].external && dhr_rel_type_is(&rels->v[i], tail))
            return &rels->v[i];
    return NULL;
}

char *dhr_opc_main_part(dhr_zip *z, const dhr_rels *pkg, const dhr_ctypes *ct)
{
    const dhr_rel *r = dhr_rels_first(pkg, "officeDocument");
    if (r && dhr_zip_has(z, r->target))
        return strdup(r->target);
    for (size_t i = 0; i < ct->npart; i++)
        if (strstr(ct->part_type[i], "wordprocessingml.document.main+xml") ||
            strstr(ct->part_type[i], "wordprocessingml.template.main+xml") ||
            strstr(ct->part_type[i], "ms-word.document.macroEnabled.main+xml") ||
            strstr(ct->part_type[i], "ms-word.template.macroEnabledTemplate.main+xml"))
            if (dhr_zip_has(z, ct->part[i]))
                return strdup(ct->part[i]);
    if (dhr_zip_has(z, "word/document.xml"))
        return strdup("word/document.xml");
    return NULL;
}
