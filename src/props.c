#include "props.h"

#include <stdio.h>
#include <string.h>

static const struct {
    dhr_ns ns;
    dhr_name name;
    const char *prop;
} known[] = {
    {NS_DC, N_title, "title"},
    {NS_DC, N_subject, "subject"},
    {NS_DC, N_description, "description"},
    {NS_CP, N_keywords, "keywords"},
    {NS_CP, N_category, "category"},
    {NS_CP, N_contentStatus, "contentStatus"},
    {NS_CP, N_lastModifiedBy, "lastModifiedBy"},
    {NS_DCTERMS, N_created, "created"},
    {NS_DCTERMS, N_modified, "modified"},
    {NS_EXTPROPS, N_Company, "company"},
    {NS_EXTPROPS, N_Manager, "manager"},
    {NS_EXTPROPS, N_Template, "template"},
    {NS_META, N_keyword, "keywords"},
    {NS_META, N_initial_creator, "creator"},
    {NS_META, N_creation_date, "created"},
    {NS_META, N_printed_by, "printedBy"},
};

/* dc:creator means the author in OOXML but the last editor in ODF, and
 * dc:date is ODF's modification date. */
static const char *prop_name(const dhr_props_ctx *c, dhr_ns ns, dhr_name name)
{
    if (ns == NS_DC && name == N_creator)
        return c->b->doc->format == DHR_FORMAT_DOCX ? "creator" : "lastModifiedBy";
    if (ns == NS_DC && name == N_date)
        return "modified";
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (known[i].ns == ns && known[i].name == name)
            return known[i].prop;
    return NULL;
}

void dhr_props_start(void *user, dhr_ns ns, dhr_name name, const dhr_attrs *at)
{
    dhr_props_ctx *c = user;
    if (c->capturing) {
        if (c->custom_depth)
            c->custom_depth++;
        return;
    }
    const char *p = NULL;
    if ((ns == NS_CUSTPROPS && name == N_property) || (ns == NS_META && name == N_user_defined)) {
        char nm[128];
        dhr_attr_buf(at, ns == NS_META ? NS_META : NS_OTHER, "name", nm, sizeof nm);
        snprintf(c->custom, sizeof c->custom, "custom:%s", nm);
        p = c->custom;
        c->custom_depth = 1;
    } else {
        p = prop_name(c, ns, name);
    }
    if (p) {
        c->capturing = p;
        dhr_sb_clear(&c->value);
    }
}

void dhr_props_end(void *user, dhr_ns ns, dhr_name name)
{
    (void)ns, (void)name;
    dhr_props_ctx *c = user;
    if (!c->capturing)
        return;
    if (c->custom_depth && --c->custom_depth > 0)
        return;
    if (c->value.len && dhr_has_visible(c->value.s, c->value.len)) {
        size_t s = 0, e = c->value.len;
        while (s < e && (c->value.s[s] == ' ' || c->value.s[s] == '\n' || c->value.s[s] == '\t'))
            s++;
        while (e > s && (c->value.s[e - 1] == ' ' || c->value.s[e - 1] == '\n' ||
                         c->value.s[e - 1] == '\t'))
            e--;
        dhr_b_simple_para(c->b, DHR_PART_METADATA, -1, c->value.s + s, e - s,
                          dhr_b_strdup(c->b, c->capturing), NULL, NULL);
    }
    c->capturing = NULL;
}

void dhr_props_text(void *user, const char *s, size_t len)
{
    dhr_props_ctx *c = user;
    if (c->capturing && c->value.len < 65536 && !dhr_sb_append(&c->value, s, len))
        dhr_b_fail(c->b, DHR_READ_NO_MEMORY, "out of memory");
}

bool dhr_props_read(dhr_zip *z, const char *part, dhr_builder *b, dhr_read_error *err)
{
    if (!part || !dhr_zip_has(z, part))
        return true;
    dhr_props_ctx c = {.b = b};
    dhr_xml_handler h = {dhr_props_start, dhr_props_end, dhr_props_text, &b->failed};
    dhr_read_error perr = {0};
    bool ok = dhr_xml_parse_part(z, part, &h, &c, &perr);
    dhr_sb_free(&c.value);
    return dhr_b_tolerate(b, ok, &perr, part, "its document properties were not checked", err);
}
