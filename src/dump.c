#include "dhrlint/dump.h"

#include "json.h"

#include <string.h>

static const char *toc_source_name(dhr_toc_source s)
{
    switch (s) {
    case DHR_TOC_FIELD:
        return "field";
    case DHR_TOC_SDT:
        return "sdt";
    case DHR_TOC_INDEX:
        return "index";
    case DHR_TOC_NONE:
        break;
    }
    return NULL;
}

static void json_para(dhr_json *j, const dhr_document *doc, const dhr_para *p)
{
    dhr_json_obj_begin(j);
    dhr_json_kv_str(j, "part", dhr_part_name(p->part));
    dhr_json_kv_int(j, "n", p->n);
    dhr_json_key(j, "text");
    dhr_json_strn(j, p->text, p->len);
    dhr_json_kv_str(j, "style", p->style);
    dhr_json_kv_int(j, "heading", p->heading);
    dhr_json_kv_bool(j, "bold", p->bold);
    dhr_json_kv_bool(j, "hidden", p->hidden);
    dhr_json_key(j, "list");
    if (p->list_level >= 0 || p->list_label) {
        dhr_json_obj_begin(j);
        dhr_json_key(j, "level");
        if (p->list_level >= 0)
            dhr_json_int(j, p->list_level);
        else
            dhr_json_null(j);
        dhr_json_kv_bool(j, "auto", p->list_auto);
        dhr_json_kv_str(j, "label", p->list_label);
        dhr_json_obj_end(j);
    } else {
        dhr_json_null(j);
    }
    dhr_json_key(j, "table");
    if (p->table) {
        dhr_json_obj_begin(j);
        dhr_json_kv_int(j, "id", p->table);
        dhr_json_kv_int(j, "row", p->row);
        dhr_json_kv_int(j, "cell", p->cell);
        dhr_json_kv_int(j, "depth", p->table_depth);
        dhr_json_obj_end(j);
    } else {
        dhr_json_null(j);
    }
    dhr_json_key(j, "anchor");
    if (p->anchor >= 0 && (size_t)p->anchor < doc->npara) {
        const dhr_para *a = &doc->paras[p->anchor];
        dhr_json_obj_begin(j);
        dhr_json_kv_str(j, "part", dhr_part_name(a->part));
        dhr_json_kv_int(j, "n", a->n);
        dhr_json_obj_end(j);
    } else {
        dhr_json_null(j);
    }
    dhr_json_kv_str(j, "author", p->author);
    dhr_json_kv_str(j, "date", p->date);
    dhr_json_key(j, "spans");
    dhr_json_arr_begin(j);
    const dhr_span *sp = dhr_para_spans(doc, p);
    for (uint32_t i = 0; i < p->span_count; i++) {
        dhr_json_obj_begin(j);
        dhr_json_kv_str(j, "kind", sp[i].kind == DHR_SPAN_INSERTED ? "inserted" : "hidden");
        dhr_json_kv_int(j, "offset", (long long)dhr_utf8_count(p->text, sp[i].offset));
        dhr_json_kv_int(j, "length",
                        (long long)dhr_utf8_count(p->text + sp[i].offset, sp[i].length));
        if (sp[i].kind == DHR_SPAN_INSERTED) {
            dhr_json_kv_str(j, "author", sp[i].author);
            dhr_json_kv_str(j, "date", sp[i].date);
        }
        dhr_json_obj_end(j);
    }
    dhr_json_arr_end(j);
    dhr_json_obj_end(j);
}

void dhr_dump_json(FILE *out, const char *path, const dhr_document *doc)
{
    dhr_json j;
    dhr_json_init(&j, out, 2);
    dhr_json_obj_begin(&j);
    dhr_json_tool(&j);
    dhr_json_key(&j, "dump");
    dhr_json_int(&j, DHR_DUMP_FORMAT_VERSION);
    dhr_json_key(&j, "path");
    dhr_json_str(&j, path);
    dhr_json_key(&j, "format");
    dhr_json_str(&j, dhr_format_name(doc->format));
    dhr_json_key(&j, "tables");
    dhr_json_int(&j, doc->ntable);
    dhr_json_key(&j, "format_changes");
    dhr_json_int(&j, doc->nformat_changes);
    dhr_json_key(&j, "warnings");
    dhr_json_arr_begin(&j);
    for (size_t i = 0; i < doc->nwarning; i++)
        dhr_json_str(&j, doc->warnings[i]);
    dhr_json_arr_end(&j);
    dhr_json_key(&j, "objects");
    dhr_json_arr_begin(&j);
    for (size_t i = 0; i < doc->nobject; i++) {
        dhr_json_obj_begin(&j);
        dhr_json_key(&j, "kind");
        dhr_json_str(&j, doc->objects[i].kind);
        dhr_json_key(&j, "name");
        dhr_json_str(&j, doc->objects[i].name);
        dhr_json_key(&j, "type");
        dhr_json_str(&j, doc->objects[i].type);
        dhr_json_obj_end(&j);
    }
    dhr_json_arr_end(&j);
    dhr_json_key(&j, "toc");
    if (doc->toc_source != DHR_TOC_NONE) {
        dhr_json_obj_begin(&j);
        dhr_json_key(&j, "source");
        dhr_json_str(&j, toc_source_name(doc->toc_source));
        dhr_json_key(&j, "entries");
        dhr_json_arr_begin(&j);
        for (size_t i = 0; i < doc->ntoc; i++) {
            dhr_json_obj_begin(&j);
            dhr_json_key(&j, "text");
            dhr_json_str(&j, doc->toc[i].text);
            dhr_json_key(&j, "level");
            dhr_json_int(&j, doc->toc[i].level);
            dhr_json_key(&j, "page");
            dhr_json_str(&j, doc->toc[i].page);
            dhr_json_obj_end(&j);
        }
        dhr_json_arr_end(&j);
        dhr_json_obj_end(&j);
    } else {
        dhr_json_null(&j);
    }
    dhr_json_key(&j, "paragraphs");
    dhr_json_arr_begin(&j);
    for (size_t i = 0; i < doc->npara; i++)
        json_para(&j, doc, &doc->paras[i]);
    dhr_json_arr_end(&j);
    dhr_json_obj_end(&j);
    dhr_json_end(&j);
}

/* One line a paragraph: where it is, what it is, then its text with tabs and
 * line breaks made visible. */
void dhr_dump_text(FILE *out, const char *path, const dhr_document *doc)
{
    fprintf(out, "%s: %s, %zu paragraphs, %u tables\n", path, dhr_format_name(doc->format),
            doc->npara, doc->ntable);
    if (doc->toc_source != DHR_TOC_NONE) {
        fprintf(out, "contents (%s), %zu entries:\n", toc_source_name(doc->toc_source),
                doc->ntoc);
        for (size_t i = 0; i < doc->ntoc; i++)
            fprintf(out, "  %*s%s%s%s\n", 2 * (doc->toc[i].level - 1), "", doc->toc[i].text,
                    doc->toc[i].page ? " ... " : "", doc->toc[i].page ? doc->toc[i].page : "");
    }
    for (size_t i = 0; i < doc->nwarning; i++)
        fprintf(out, "warning: %s\n", doc->warnings[i]);
    for (size_t i = 0; i < doc->nobject; i++)
        fprintf(out, "object: %s %s%s%s\n", doc->objects[i].kind, doc->objects[i].name,
                doc->objects[i].type ? " " : "",
                doc->objects[i].type ? doc->objects[i].type : "");
    for (size_t i = 0; i < doc->npara; i++) {
        const dhr_para *p = &doc->paras[i];
        fprintf(out, "%s ¶%u", dhr_part_name(p->part), p->n);
        if (p->table)
            fprintf(out, " table %u r%u c%u", p->table, p->row, p->cell);
        if (p->anchor >= 0 && (size_t)p->anchor < doc->npara)
            fprintf(out, " → %s ¶%u", dhr_part_name(doc->paras[p->anchor].part),
                    doc->paras[p->anchor].n);
        fputs(" [", out);
        const char *sep = "";
        if (p->style) {
            fprintf(out, "%s", p->style);
            sep = ", ";
        }
        if (p->heading) {
            fprintf(out, "%sh%u", sep, p->heading);
            sep = ", ";
        }
        if (p->bold) {
            fprintf(out, "%sbold", sep);
            sep = ", ";
        }
        if (p->hidden) {
            fprintf(out, "%shidden", sep);
            sep = ", ";
        }
        if (p->list_level >= 0) {
            fprintf(out, "%slist %d", sep, p->list_level);
            sep = ", ";
        }
        if (p->list_label) {
            fprintf(out, "%snumber %s", sep, p->list_label);
            sep = ", ";
        }
        if (p->author) {
            fprintf(out, "%sby %s", sep, p->author);
            sep = ", ";
        }
        if (p->span_count) {
            fprintf(out, "%s%u marked spans", sep, p->span_count);
            sep = ", ";
        }
        fputs("] ", out);
        for (uint32_t k = 0; k < p->len; k++) {
            char c = p->text[k];
            if (c == '\t')
                fputs("→", out);
            else if (c == '\n')
                fputs("↵", out);
            else
                fputc(c, out);
        }
        fputc('\n', out);
    }
}
