/* The filled Annex I checklist as a Word document, to attach to the
 * submission. */
#ifndef DHR_CHECKLIST_DOCX_H
#define DHR_CHECKLIST_DOCX_H

#include "dhrlint/report.h"

#include <stdbool.h>
#include <stddef.h>

/* Writes the checklist of report F (checked at OPT's stage) to PATH, whole
 * or not at all (a temporary file beside it, renamed into place). False with
 * ERR filled on failure. */
bool dhr_checklist_docx_write(const char *path, const dhr_file_report *f,
                              const dhr_report_options *opt, char *err, size_t errlen);

#endif
