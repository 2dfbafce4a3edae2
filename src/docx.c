#include "docx.h"

#include "docx_body.h"
#include "docx_drawing.h"
#include "docx_numbering.h"
#include "docx_styles.h"
#include "opc.h"
#include "props.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool not_word(dhr_zip *z, const dhr_rels *pkg, dhr_read_error *err)
{
    const dhr_rel *r = dhr_rels_first(pkg, "officeDocument");
    const char *t = r ? r->target : "";
    if (strncmp(t, "xl/", 3) == 0 || dhr_zip_has(z, "xl/workbook.xml"))
        dhr_set_error(err, DHR_READ_OTHER_FORMAT,
                      "this is an Excel workbook, not a report: check you chose the right file");
    else if (strncmp(t, "ppt/", 4) == 0 || dhr_zip_has(z, "ppt/presentation.xml"))
        dhr_set_error(err, DHR_READ_OTHER_FORMAT,
                      "this is a PowerPoint presentation, not a report: check you chose the "
                      "right file");
    else
        dhr_set_error(err, DHR_READ_NO_MAIN_PART,
                      "no main document part (word/document.xml): this zip is not a Word "
                      "document; save the report as .docx");
    return false;
}

static void list_objects(dhr_zip *z, dhr_builder *b, const dhr_rels *rels, const dhr_ctypes *ct)
{
    static const struct {
        const char *tail, *kind;
    } kinds[] = {{"oleObject", "ole"}, {"package", "package"}, {"aFChunk", "altchunk"}};
    for (size_t i = 0; i < rels->n; i++) {
        const dhr_rel *r = &rels->v[i];
        for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
            if (!r->external && dhr_rel_type_is(r, kinds[k].tail))
                dhr_b_object_add(b, kinds[k].kind, r->target, dhr_ctypes_lookup(ct, r->target));
    }
    uint64_t n = dhr_zip_count(z);
    for (uint64_t i = 0; i < n; i++) {
        const char *name = dhr_zip_name(z, i);
        if (name && strncasecmp(name, "word/embeddings/", 16) == 0 && name[16])
            dhr_b_object_add(b, "attachment", name, dhr_ctypes_lookup(ct, name));
    }
}

bool dhr_docx_read(dhr_zip *z, dhr_builder *b, dhr_read_error *err)
{
    dhr_rels pkg = {0}, main_rels = {0};
    dhr_ctypes ct = {0};
    dhr_wstyles styles = {0};
    dhr_docx_body *body = NULL;
    dhr_wnumbering *numbering = NULL;
    char *main = NULL;
    bool ok = false;

    if (!dhr_rels_read(z, "", &pkg, err) || !dhr_ctypes_read(z, &ct, err))
        goto out;
    main = dhr_opc_main_part(z, &pkg, &ct);
    if (!main) {
        not_word(z, &pkg, err);
        goto out;
    }
    if (!dhr_rels_read(z, main, &main_rels, err))
        goto out;
    const dhr_rel *sr = dhr_rels_first(&main_rels, "styles");
    if (!dhr_wstyles_read(z, sr ? sr->target : NULL, b, &styles, err))
        goto out;
    const dhr_rel *nr = dhr_rels_first(&main_rels, "numbering");
    numbering = dhr_wnumbering_read(z, nr ? nr->target : NULL, b, err);
    if (!numbering)
        goto out;
    body = dhr_docx_body_new(b, &styles, numbering);
    if (!body) {
        dhr_set_error(err, DHR_READ_NO_MEMORY, "out of memory");
        goto out;
    }
    if (!dhr_docx_body_read(body, z, main, DHR_PART_BODY, err))
        goto out;

    /* Headers and footers in the order the sections use them; a package
     * whose sections name none still shows those it holds. */
    size_t nhf = dhr_docx_body_hf_count(body);
    for (size_t i = 0; i < nhf; i++) {
        const dhr_rel *r = dhr_rels_by_id(&main_rels, dhr_docx_body_hf_id(body, i));
        if (!r || r->external || !dhr_zip_has(z, r->target))
            continue;
        dhr_part part = dhr_rel_type_is(r, "footer") ? DHR_PART_FOOTER : DHR_PART_HEADER;
        if (!dhr_docx_body_read(body, z, r->target, part, err))
            goto out;
    }
    if (nhf == 0)
        for (size_t i = 0; i < main_rels.n; i++) {
            const dhr_rel *r = &main_rels.v[i];
            bool hdr = dhr_rel_type_is(r, "header"), ftr = dhr_rel_type_is(r, "footer");
            if ((hdr || ftr) && !r->external && dhr_zip_has(z, r->target) &&
                !dhr_docx_body_read(body, z, r->target, hdr ? DHR_PART_HEADER : DHR_PART_FOOTER,
                                    err))
                goto out;
        }
    static const struct {
        const char *tail;
        dhr_part part;
    } stories[] = {{"footnotes", DHR_PART_FOOTNOTE},
                   {"endnotes", DHR_PART_ENDNOTE},
                   {"comments", DHR_PART_COMMENT}};
    for (size_t i = 0; i < sizeof stories / sizeof stories[0]; i++) {
        const dhr_rel *r = dhr_rels_first(&main_rels, stories[i].tail);
        if (r && dhr_zip_has(z, r->target) &&
            !dhr_docx_body_read(body, z, r->target, stories[i].part, err))
            goto out;
    }
    for (size_t i = 0; i < dhr_docx_body_drawing_count(body); i++) {
        const dhr_rel *r = dhr_rels_by_id(&main_rels, dhr_docx_body_drawing_id(body, i));
        if (r && !r->external &&
            !dhr_docx_drawing_read(z, r->target, dhr_docx_body_drawing_anchor(body, i), b, err))
            goto out;
    }
    list_objects(z, b, &main_rels, &ct);

    /* Transitional and strict OOXML name the property relationships differently. */
    static const struct {
        const char *tail, *strict_tail, *fallback;
    } props[] = {{"core-properties", "core-properties", "docProps/core.xml"},
                 {"extended-properties", "extendedProperties", "docProps/app.xml"},
                 {"custom-properties", "customProperties", "docProps/custom.xml"}};
    for (size_t i = 0; i < sizeof props / sizeof props[0]; i++) {
        const dhr_rel *r = dhr_rels_first(&pkg, props[i].tail);
        if (!r)
            r = dhr_rels_first(&pkg, props[i].strict_tail);
        const char *part = r ? r->target : props[i].fallback;
        if (!dhr_props_read(z, part, b, err))
            goto out;
    }
    ok = !b->failed;
out:
    dhr_docx_body_free(body);
    dhr_wnumbering_free(numbering);
    dhr_wstyles_free(&styles);
    dhr_rels_free(&pkg);
    dhr_rels_free(&main_rels);
    dhr_ctypes_free(&ct);
    free(main);
    return ok;
}
