/* Reporters: findings in the forms people and programs read. They know only
 * the result, never how a finding was made. */
#ifndef DHRLINT_REPORT_H
#define DHRLINT_REPORT_H

#include "dhrlint/check.h"

#include <stdio.h>

#define DHR_JSON_SCHEMA_VERSION 1

typedef struct dhr_file_report {
    const char *path;
    dhr_format format;
    const dhr_result *result; /* NULL when the file could not be read */
    const char *error;        /* why, when result is NULL */
} dhr_file_report;

typedef struct dhr_report_options {
    dhr_stage stage;
    bool color;
} dhr_report_options;

void dhr_report_text(FILE *out, const dhr_file_report *files, size_t n,
                     const dhr_report_options *opt);
void dhr_report_json(FILE *out, const dhr_file_report *files, size_t n,
                     const dhr_report_options *opt);
/* One row per file, RFC 4180, for screening a batch in a spreadsheet. */
void dhr_report_csv(FILE *out, const dhr_file_report *files, size_t n,
                    const dhr_report_options *opt);
/* One self-contained page (inline CSS, no scripts, no requests): the
 * verdict, the findings by section, the family requirements, the Annex I
 * checklist; for a batch an index first. */
void dhr_report_html(FILE *out, const dhr_file_report *files, size_t n,
                     const dhr_report_options *opt);

/* "pass", "fail" or "error". */
const char *dhr_file_status(const dhr_file_report *f);

#endif
