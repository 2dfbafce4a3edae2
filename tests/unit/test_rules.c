/* Unit tests of the rule layer: the built-in rule files, heading
 * normalisation, and the literal prefilter's soundness (a text a pattern
 * matches must never be filtered out). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ruleset.h"
#include "trigger.h"

static void builtin_rules_validate_and_compile(void **state)
{
    (void)state;
    dhr_rules_error err;
    bool ok = dhr_rules_validate_builtin(&err);
    if (!ok)
        print_error("%s\n", err.message);
    assert_true(ok);
}

static void builtin_rules_load(void **state)
{
    (void)state;
    dhr_rules_error err;
    dhr_ruleset *rs = dhr_rules_load_builtin(&err);
    assert_non_null(rs);
    assert_true(dhr_rules_finish(rs, &err));
    assert_true(dhr_rules_count(rs) > 0);
    dhr_rules_free(rs);
}

static void expect_norm(const char *in, const char *want)
{
    char *got = dhr_normalise_heading(in, strlen(in));
    assert_non_null(got);
    if (strcmp(got, want) != 0)
        print_error("normalise(\"%s\") = \"%s\", want \"%s\"\n", in, got, want);
    assert_string_equal(got, want);
    free(got);
}

static void headings_normalise(void **state)
{
    (void)state;
    expect_norm("5. Pen Portrait", "pen portrait");
    expect_norm("5.1 Pen Portrait", "pen portrait");
    expect_norm("Section 3: Message of Condolence", "message of condolence");
    expect_norm("Part 2 - Terms of Reference", "terms of reference");
    expect_norm("Part 2 \xe2\x80\x93 Terms of Reference", "terms of reference");
    expect_norm("IV. Analysis", "analysis");
    expect_norm("a) Analysis", "analysis");
    expect_norm("Appendix B: Action Plan", "action plan");
    expect_norm("Equality & Diversity", "equality and diversity");
    expect_norm("Pen Portrait of \xe2\x80\x98" "Amira\xe2\x80\x99", "pen portrait of amira");
    expect_norm("DHR CHAIR + CSP CONDOLANCES", "dhr chair csp condolances");
    /* Not numbering: a word that starts like one stays. */
    expect_norm("Part of the review", "part of the review");
    expect_norm("Ivy's story", "ivys story");
}

/* For each pattern and a text it matches, the automaton must mark the text. */
static const struct {
    const char *pattern, *text;
} sound[] = {
    {"\\bcondolences?\\b", "Our CONDOLENCE to the family"},
    {"\\b(?:period|timeframe)s?\\b.{0,60}?\\bunder review\\b", "The period under review was"},
    {"[\\[<{]\\s*(?:insert|enter)\\b[^\\]>}]{0,150}[\\]>}]", "see [Insert date here]"},
    {"\\b[xX]{2}/[xX]{2}/[xX]{2,4}\\b", "on XX/xx/XXXX"},
    {"(?<!/)\\b[xX]{4,}\\b", "the XXXXX area"},
    {"\\bTB[CAD]\\b", "Date: TBC"},
    {"\\((?:19|20)\\d{2}\\)", "Smith (2019) found"},
    {"\\b[A-Z][a-z]+ \\((?:19|20)\\d{2}[a-z]?\\)", "Monckton Smith (2020a)"},
    {"a(?:bc|de)f", "xadefx"},
    {"colou?r", "the color"},
    {"\\bthoughts (?:are|remain|go out) with\\b", "Our thoughts remain with them"},
    {"\\b(?:express|offer)\\w* (?:its|our)? ?(?:deep )?(?:sorrow|sadness)\\b",
     "expresses its sadness"},
    {"(?i:abc)|(?-i:DEF)", "xDEFx"},
    {"dd/mm/(?:yy){1,2}", "dd/mm/yyyy"},
    {"(?:foo|bar)+baz", "barfoobaz"},
    {"\\bx{2}y", "xxy"},
    {"\\d{4}", "in 2021"},
    {"(?<![\\d/.])(?:[12]\\d|3[01]|0?[1-9])[/-](?:1[0-2]|0?[1-9])", "on 7/3"},
    {"\\b[A-Z]{2}\\d[0-9A-Z]? ?[0-9][A-Z]{2}\\b", "at WV10 6QQ"},
    {"[1-9] years", "aged 7 years"},
    {"\\b[A-Z]{2,3}(?= (?:said|told))", "JS told the police"},
    {"(?<=Mr )[A-Z]\\b", "then Mr A left"},
    {"\\bYsbyty\\h\\p{Lu}[\\p{L}]+", "at Ysbyty Glangwili today"},
    {"\\bCartref\\h\\p{Lu}\\pL+", "Cartref Tŷ Glas"},
    {"\\x41bc\\x{44}", "xAbcDx"},
    {"(?<q>[ab])\\k<q>z", "aaz"},
    {"(a)\\1z", "aaz"},
    {"\\cAx\\o{102}y", "\x01xBy"},
};

static void triggers_are_sound(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof sound / sizeof sound[0]; i++) {
        int ec;
        PCRE2_SIZE off;
        pcre2_code *re = pcre2_compile((PCRE2_SPTR)sound[i].pattern, PCRE2_ZERO_TERMINATED,
                                       PCRE2_UTF | PCRE2_CASELESS, &ec, &off, NULL);
        assert_non_null(re);
        pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
        int rc = pcre2_match(re, (PCRE2_SPTR)sound[i].text, strlen(sound[i].text), 0, 0, md, NULL);
        pcre2_match_data_free(md);
        pcre2_code_free(re);
        assert_true(rc >= 0); /* the case itself must be right */
        dhr_triggers t = {0};
        dhr_triggers_add(&t, sound[i].pattern);
        dhr_triggers *sets[] = {&t};
        dhr_trigger_index *x = dhr_trigger_index_build(sets, 1);
        assert_non_null(x);
        const char *texts[] = {sound[i].text};
        uint32_t lens[] = {(uint32_t)strlen(sound[i].text)};
        dhr_trigger_hits h;
        assert_true(dhr_trigger_scan(x, texts, lens, 1, &h));
        bool hit = dhr_trigger_hit(&h, &t, 0);
        if (!hit)
            print_error("pattern %s filtered out \"%s\"\n", sound[i].pattern, sound[i].text);
        assert_true(hit);
        dhr_trigger_hits_free(&h);
        dhr_trigger_index_free(x);
        dhr_triggers_free(&t);
    }
}

/* And the filter does filter: a text without the words is skipped. */
static void triggers_filter(void **state)
{
    (void)state;
    dhr_triggers t = {0};
    dhr_triggers_add(&t, "\\bcondolences?\\b");
    assert_false(t.all);
    dhr_triggers *sets[] = {&t};
    dhr_trigger_index *x = dhr_trigger_index_build(sets, 1);
    const char *texts[] = {"The panel met six times.", "With deepest condolences."};
    uint32_t lens[] = {(uint32_t)strlen(texts[0]), (uint32_t)strlen(texts[1])};
    dhr_trigger_hits h;
    assert_true(dhr_trigger_scan(x, texts, lens, 2, &h));
    assert_false(dhr_trigger_hit(&h, &t, 0));
    assert_true(dhr_trigger_hit(&h, &t, 1));
    dhr_trigger_hits_free(&h);
    dhr_trigger_index_free(x);
    dhr_triggers_free(&t);
}

/* Syntax whose literals are not what they look like gets no triggers. */
static void triggers_give_up_safely(void **state)
{
    (void)state;
    const char *unsafe[] = {"(?x) con do lence", "\\Qabc\\E", "a|b", "[a-z]{4}", "x(?:y|z)?",
                            "\\d?x", "(?!said)[A-Z]{2}", "[^0-9]{3}"};
    for (size_t i = 0; i < sizeof unsafe / sizeof unsafe[0]; i++) {
        dhr_triggers t = {0};
        dhr_triggers_add(&t, unsafe[i]);
        assert_true(t.all);
        dhr_triggers_free(&t);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(builtin_rules_validate_and_compile),
        cmocka_unit_test(builtin_rules_load),
        cmocka_unit_test(headings_normalise),
        cmocka_unit_test(triggers_are_sound),
        cmocka_unit_test(triggers_filter),
        cmocka_unit_test(triggers_give_up_safely),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
