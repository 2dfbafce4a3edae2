/* The rule-file loader: the input as a local rule file given with --rules,
 * over the built-in rules (the way a CSP analyst's file is read). */
#include "dhrlint/rules.h"
#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = dhr_fuzz_file(data, size, ".xml");
    if (!p)
        return 0;
    dhr_rules_error err;
    dhr_ruleset *rs = dhr_rules_load_builtin(&err);
    if (rs && dhr_rules_load_path(rs, p, &err))
        dhr_rules_finish(rs, &err);
    dhr_rules_free(rs);
    return 0;
}
