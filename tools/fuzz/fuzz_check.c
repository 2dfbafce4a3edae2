/* The whole check: the input as a report file (any bytes; the seeds are
 * real DOCX and ODT reports), read and checked at every stage with the
 * built-in rules, and every output written to /dev/null. */
#include "dhrlint/check.h"
#include "dhrlint/reader.h"
#include "dhrlint/report.h"
#include "fuzz_input.h"

#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static dhr_ruleset *rs;
    static FILE *sink;
    if (!rs) {
        dhr_rules_error err;
        rs = dhr_rules_load_builtin(&err);
        if (!rs || !dhr_rules_finish(rs, &err))
            return 0;
        sink = fopen("/dev/null", "w");
    }
    const char *p = dhr_fuzz_file(data, size, ".docx");
    if (!p || !sink)
        return 0;
    dhr_read_error err;
    dhr_document *doc = dhr_read_file(p, &err);
    if (!doc)
        return 0;
    dhr_stage stage = size % 3 == 0 ? DHR_STAGE_DRAFT
                      : size % 3 == 1 ? DHR_STAGE_SUBMISSION
                                      : DHR_STAGE_PUBLICATION;
    dhr_result *res = dhr_check(rs, doc, stage);
    if (res) {
        dhr_file_report f = {p, doc->format, res, NULL};
        dhr_report_options o = {stage, false};
        dhr_report_json(sink, &f, 1, &o);
        dhr_report_text(sink, &f, 1, &o);
        dhr_report_csv(sink, &f, 1, &o);
        dhr_report_html(sink, &f, 1, &o);
    }
    dhr_result_free(res);
    dhr_document_free(doc);
    return 0;
}
