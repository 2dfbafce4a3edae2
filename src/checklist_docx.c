/* The Annex I checklist as DOCX. (Placeholder until the writer lands.) */
#include "checklist_docx.h"

#include <stdio.h>

bool dhr_checklist_docx_write(const char *path, const dhr_file_report *f,
                              const dhr_report_options *opt, char *err, size_t errlen)
{
    (void)path;
    (void)f;
    (void)opt;
    snprintf(err, errlen, "the checklist document is not written yet");
    return false;
}
