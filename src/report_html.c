/* The HTML report. (Placeholder until the HTML reporter lands: a bare page
 * that says so, so that the command line can be wired and tested.) */
#include "dhrlint/report.h"

void dhr_report_html(FILE *out, const dhr_file_report *files, size_t n,
                     const dhr_report_options *opt)
{
    (void)files;
    (void)n;
    (void)opt;
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>dhrlint</title>"
          "</head><body><p>The HTML report is not written yet.</p></body></html>\n",
          out);
}
