/* The JSON report, schema version 1 of the SPEC: the contract for every
 * other tool. */
#include "dhrlint/report.h"

#include "json.h"

static void int_or_null(dhr_json *j, const char *key, uint32_t v, bool present)
{
    dhr_json_key(j, key);
    if (present)
        dhr_json_int(j, v);
    else
        dhr_json_null(j);
}

static void finding(dhr_json *j, const dhr_finding *f)
{
    dhr_json_obj_begin(j);
    dhr_json_kv_str(j, "rule", f->rule);
    dhr_json_kv_str(j, "category", f->category);
    dhr_json_kv_str(j, "severity", dhr_severity_name(f->severity));
    dhr_json_kv_str(j, "message", f->message);
    dhr_json_kv_str(j, "source", f->source);
    if (f->suggestion) {
        dhr_json_kv_str(j, "suggestion", f->suggestion);
    }
    dhr_json_key(j, "location");
    dhr_json_obj_begin(j);
    dhr_json_kv_str(j, "part", dhr_part_name(f->loc.part));
    int_or_null(j, "paragraph", f->loc.paragraph, f->loc.paragraph > 0);
    dhr_json_kv_str(j, "section", f->loc.section);
    dhr_json_kv_str(j, "heading", f->loc.heading);
    int_or_null(j, "table", f->loc.table, f->loc.table > 0);
    int_or_null(j, "row", f->loc.row, f->loc.table > 0);
    int_or_null(j, "cell", f->loc.cell, f->loc.table > 0);
    int_or_null(j, "offset", f->loc.offset, f->loc.has_span);
    int_or_null(j, "length", f->loc.length, f->loc.has_span);
    if (f->revision_author) {
        dhr_json_kv_str(j, "deleted_by", f->revision_author);
    }
    dhr_json_obj_end(j);
    dhr_json_kv_str(j, "excerpt", f->excerpt ? f->excerpt : "");
    dhr_json_obj_end(j);
}

static void file(dhr_json *j, const dhr_file_report *f, const dhr_report_options *o)
{
    const dhr_result *r = f->result;
    dhr_json_obj_begin(j);
    dhr_json_kv_str(j, "path", f->path);
    dhr_json_key(j, "format");
    if (r)
        dhr_json_str(j, dhr_format_name(f->format));
    else
        dhr_json_null(j);
    dhr_json_kv_str(j, "stage", dhr_stage_name(o->stage));
    dhr_json_kv_str(j, "status", dhr_file_status(f));
    dhr_json_key(j, "error");
    if (r)
        dhr_json_null(j);
    else
        dhr_json_str(j, f->error ? f->error : "could not be read");
    dhr_json_key(j, "summary");
    dhr_json_obj_begin(j);
    dhr_json_kv_int(j, "error", r ? (long long)r->count[DHR_SEV_ERROR] : 0);
    dhr_json_kv_int(j, "warning", r ? (long long)r->count[DHR_SEV_WARNING] : 0);
    dhr_json_kv_int(j, "info", r ? (long long)r->count[DHR_SEV_INFO] : 0);
    dhr_json_obj_end(j);
    dhr_json_key(j, "sections");
    dhr_json_arr_begin(j);
    for (size_t i = 0; r && i < r->nsection; i++) {
        const dhr_section_found *s = &r->sections[i];
        dhr_json_obj_begin(j);
        dhr_json_kv_str(j, "id", s->id);
        dhr_json_kv_str(j, "heading", s->heading);
        dhr_json_kv_int(j, "paragraph", s->paragraph);
        dhr_json_kv_int(j, "words", s->words);
        dhr_json_obj_end(j);
    }
    dhr_json_arr_end(j);
    dhr_json_key(j, "cast");
    dhr_json_arr_begin(j);
    for (size_t i = 0; r && i < r->cast.n; i++) {
        const dhr_cast_member *m = &r->cast.v[i];
        dhr_json_obj_begin(j);
        dhr_json_kv_str(j, "name", m->name);
        dhr_json_kv_str(j, "role", dhr_role_name(m->role));
        dhr_json_kv_str(j, "relationship", m->relationship);
        dhr_json_kv_str(j, "age", m->age);
        dhr_json_kv_str(j, "ethnicity", m->ethnicity);
        dhr_json_kv_int(j, "paragraph", m->paragraph);
        dhr_json_obj_end(j);
    }
    dhr_json_arr_end(j);
    dhr_json_key(j, "pseudonyms_chosen");
    dhr_json_obj_begin(j);
    dhr_json_kv_bool(j, "victim", r && r->cast.victim_chooser);
    dhr_json_kv_bool(j, "perpetrator", r && r->cast.perpetrator_chooser);
    dhr_json_obj_end(j);
    dhr_json_key(j, "family");
    dhr_json_arr_begin(j);
    for (int k = 0; r && k < DHR_FAMILY_REQUIREMENTS; k++) {
        const dhr_family_req *q = &r->family[k];
        dhr_json_obj_begin(j);
        dhr_json_kv_int(j, "requirement", k + 1);
        dhr_json_kv_str(j, "status", dhr_family_status_name(q->status));
        dhr_json_key(j, "evidence");
        dhr_json_obj_begin(j);
        dhr_json_key(j, "paragraph");
        if (q->paragraph)
            dhr_json_int(j, q->paragraph);
        else
            dhr_json_null(j);
        dhr_json_kv_str(j, "excerpt", q->excerpt ? q->excerpt : "");
        dhr_json_obj_end(j);
        dhr_json_obj_end(j);
    }
    dhr_json_arr_end(j);
    dhr_json_key(j, "checklist");
    dhr_json_arr_begin(j);
    for (size_t i = 0; r && i < r->nchecklist; i++) {
        const dhr_checklist_entry *e = &r->checklist[i];
        dhr_json_obj_begin(j);
        dhr_json_kv_str(j, "id", e->id);
        dhr_json_kv_str(j, "group", e->group);
        dhr_json_kv_str(j, "text", e->text);
        dhr_json_kv_str(j, "rule", e->rule);
        dhr_json_kv_str(j, "status", dhr_checklist_status_name(e->status));
        int_or_null(j, "paragraph", e->paragraph, e->paragraph > 0);
        dhr_json_kv_str(j, "section", e->section);
        dhr_json_kv_int(j, "findings", (long long)e->findings);
        dhr_json_obj_end(j);
    }
    dhr_json_arr_end(j);
    dhr_json_key(j, "findings");
    dhr_json_arr_begin(j);
    for (size_t i = 0; r && i < r->nfinding; i++)
        finding(j, &r->findings[i]);
    dhr_json_arr_end(j);
    dhr_json_obj_end(j);
}

void dhr_report_json(FILE *out, const dhr_file_report *files, size_t n,
                     const dhr_report_options *o)
{
    dhr_json j;
    dhr_json_init(&j, out, 4);
    dhr_json_obj_begin(&j);
    dhr_json_tool(&j);
    dhr_json_key(&j, "schema");
    dhr_json_int(&j, DHR_JSON_SCHEMA_VERSION);
    dhr_json_key(&j, "files");
    dhr_json_arr_begin(&j);
    for (size_t i = 0; i < n; i++)
        file(&j, &files[i], o);
    dhr_json_arr_end(&j);
    dhr_json_obj_end(&j);
    dhr_json_end(&j);
}
