/* The text report: one finding per line as FILE:SECTION:¶N: severity:
 * message [rule-id], the quoted text and the guidance under it, a verdict
 * per file. Colour only when asked (a terminal without NO_COLOR). */
#include "dhrlint/report.h"

#include <string.h>

static const char *colour(const dhr_report_options *o, const char *code)
{
    return o->color ? code : "";
}

const char *dhr_file_status(const dhr_file_report *f)
{
    if (!f->result)
        return "error";
    return f->result->count[DHR_SEV_ERROR] ? "fail" : "pass";
}

static void quoted(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '\n')
            fputs(" / ", out);
        else if (*s == '\t')
            fputc(' ', out);
        else
            fputc(*s, out);
    }
    fputc('"', out);
}

static void finding(FILE *out, const char *path, const dhr_finding *f,
                    const dhr_report_options *o)
{
    static const char *const sev_colour[] = {"\033[36m", "\033[33m", "\033[1;31m"};
    fprintf(out, "%s:%s:", path, f->loc.section ? f->loc.section : "-");
    if (f->loc.paragraph) {
        if (f->loc.part != DHR_PART_BODY)
            fprintf(out, "%s ", dhr_part_name(f->loc.part));
        fprintf(out, "¶%u:", f->loc.paragraph);
    }
    fprintf(out, " %s%s%s: %s %s[%s]%s\n", colour(o, sev_colour[f->severity]),
            dhr_severity_name(f->severity), colour(o, "\033[0m"), f->message,
            colour(o, "\033[2m"), f->rule, colour(o, "\033[0m"));
    if (f->excerpt && f->excerpt[0]) {
        fputs("    ", out);
        quoted(out, f->excerpt);
        if (f->loc.table)
            fprintf(out, " (table %u, row %u, cell %u)", f->loc.table, f->loc.row, f->loc.cell);
        if (f->revision_author)
            fprintf(out, " (in text deleted by %s)", f->revision_author);
        fputc('\n', out);
    }
    if (f->suggestion)
        fprintf(out, "    suggestion: %s\n", f->suggestion);
    if (f->source)
        fprintf(out, "    %sguidance: %s%s\n", colour(o, "\033[2m"), f->source, colour(o, "\033[0m"));
}

void dhr_report_text(FILE *out, const dhr_file_report *files, size_t n,
                     const dhr_report_options *o)
{
    size_t total[3] = {0, 0, 0}, failed = 0, errors = 0;
    for (size_t i = 0; i < n; i++) {
        const dhr_file_report *f = &files[i];
        if (!f->result) {
            fprintf(out, "%s: error: %s\n", f->path, f->error ? f->error : "could not be read");
            errors++;
            continue;
        }
        const dhr_result *r = f->result;
        for (size_t k = 0; k < r->nfinding; k++)
            finding(out, f->path, &r->findings[k], o);
        bool fail = r->count[DHR_SEV_ERROR] > 0;
        failed += fail;
        for (int s = 0; s < 3; s++)
            total[s] += r->count[s];
        fprintf(out, "%s: %s%s%s at %s: %zu error%s, %zu warning%s, %zu info\n", f->path,
                colour(o, fail ? "\033[1;31m" : "\033[1;32m"),
                fail ? "FAIL" : "PASS", colour(o, "\033[0m"), dhr_stage_name(o->stage),
                r->count[DHR_SEV_ERROR], r->count[DHR_SEV_ERROR] == 1 ? "" : "s",
                r->count[DHR_SEV_WARNING], r->count[DHR_SEV_WARNING] == 1 ? "" : "s",
                r->count[DHR_SEV_INFO]);
    }
    if (n > 1)
        fprintf(out, "%zu files: %zu passed, %zu failed, %zu could not be read; %zu errors, %zu "
                     "warnings, %zu info\n",
                n, n - failed - errors, failed, errors, total[DHR_SEV_ERROR],
                total[DHR_SEV_WARNING], total[DHR_SEV_INFO]);
}
