/* The rule-file loader: the input as a local rule file given with --rules.
 * Most inputs are loaded on their own, which is fast enough to explore the
 * parser; those whose length is a multiple of 32 over the built-in rules
 * (the way a CSP analyst's file is read, overriding and allowing), which
 * costs a whole load of the built-in set and its 50,000 words. The choice
 * rests on the input alone, so that a crash replays. */
#include "dhrlint/rules.h"
#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = dhr_fuzz_file(data, size, ".xml");
    if (!p)
        return 0;
    dhr_rules_error err;
    dhr_ruleset *rs = size % 32 == 0 ? dhr_rules_load_builtin(&err) : dhr_rules_new(&err);
    if (rs && dhr_rules_load_path(rs, p, &err))
        dhr_rules_finish(rs, &err);
    dhr_rules_free(rs);
    return 0;
}
