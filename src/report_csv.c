/* The CSV report: one row per file, for the QA Board secretariat to screen a
 * batch in a spreadsheet. RFC 4180: fields quoted when they hold a comma, a
 * quote or a line break, quotes doubled, lines ended by CRLF. The columns are
 * fixed (the SPEC's rule categories), so that one week's sheet lines up with
 * the next; a local rule of another category counts under "other". */
#include "dhrlint/report.h"

#include <string.h>

static const char *const categories[] = {"template", "checklist", "family",    "anon",
                                         "hygiene",  "actionplan", "tone"};
#define NCAT (sizeof categories / sizeof *categories)

static void field(FILE *out, const char *s)
{
    if (!s)
        s = "";
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static void number(FILE *out, size_t n)
{
    fprintf(out, ",%zu", n);
}

void dhr_report_csv(FILE *out, const dhr_file_report *files, size_t n,
                    const dhr_report_options *o)
{
    fputs("path,status,stage,errors,warnings,info,family_met,family_explained,family_missing,"
          "missing_sections",
          out);
    for (size_t k = 0; k < NCAT; k++)
        fprintf(out, ",%s", categories[k]);
    fputs(",other,error\r\n", out);
    for (size_t i = 0; i < n; i++) {
        const dhr_file_report *f = &files[i];
        const dhr_result *r = f->result;
        field(out, f->path);
        fputc(',', out);
        field(out, dhr_file_status(f));
        fputc(',', out);
        field(out, dhr_stage_name(o->stage));
        number(out, r ? r->count[DHR_SEV_ERROR] : 0);
        number(out, r ? r->count[DHR_SEV_WARNING] : 0);
        number(out, r ? r->count[DHR_SEV_INFO] : 0);
        size_t fam[3] = {0};
        for (int k = 0; r && k < DHR_FAMILY_REQUIREMENTS; k++)
            fam[r->family[k].status]++;
        number(out, fam[DHR_FAMILY_MET]);
        number(out, fam[DHR_FAMILY_EXPLAINED]);
        number(out, fam[DHR_FAMILY_MISSING]);
        /* the missing sections' ids, space-separated, in report order */
        fputc(',', out);
        char missing[1024] = "";
        size_t used = 0;
        for (size_t k = 0; r && k < r->nfinding; k++) {
            const dhr_finding *x = &r->findings[k];
            if (strcmp(x->rule, "template.section-missing") != 0 || !x->loc.section ||
                used + strlen(x->loc.section) + 2 >= sizeof missing)
                continue;
            used += (size_t)snprintf(missing + used, sizeof missing - used, "%s%s",
                                     used ? " " : "", x->loc.section);
        }
        field(out, missing);
        size_t count[NCAT + 1] = {0};
        for (size_t k = 0; r && k < r->nfinding; k++) {
            size_t c = 0;
            while (c < NCAT && strcmp(categories[c], r->findings[k].category) != 0)
                c++;
            count[c]++;
        }
        for (size_t c = 0; c <= NCAT; c++)
            number(out, count[c]);
        fputc(',', out);
        field(out, r ? "" : (f->error ? f->error : "could not be read"));
        fputs("\r\n", out);
    }
}
