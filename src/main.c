/* The dhrlint command line. Only argument handling lives here. */
#include "dhrlint/check.h"
#include "dhrlint/dump.h"
#include "dhrlint/reader.h"
#include "dhrlint/report.h"
#include "dhrlint/rules.h"
#include "dhrlint/version.h"
#include "json.h"
#include "output.h"
#include "profile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { EXIT_OK = 0, EXIT_FINDINGS = 1, EXIT_TROUBLE = 2 };

static const char usage[] =
    "Usage: dhrlint COMMAND [OPTIONS] FILE...\n"
    "\n"
    "Checks a Domestic Homicide Review report (DOCX or ODT) against the Home Office\n"
    "statutory guidance.\n"
    "\n"
    "Commands:\n"
    "  check FILE...    check reports and print the findings and a verdict for each\n"
    "  rules            list every rule: id, severity, stages, guidance paragraph;\n"
    "                   with --heading TEXT: the section a heading would be\n"
    "  dump FILE        show what dhrlint reads from FILE: every paragraph with its part\n"
    "                   (body, header, footnote, comment...), style, heading level, list\n"
    "                   number, table position, tracked changes and hidden text; the\n"
    "                   contents list; document properties; embedded objects\n"
    "\n"
    "Options:\n"
    "  --stage STAGE    draft, submission (default) or publication: what is required\n"
    "  --format FORMAT  text (default) or json; dump and rules take the same\n"
    "  --rules PATH     also load this rule file, or every *.xml in this folder: adds\n"
    "                   rules and section headings, overrides severities, disables\n"
    "                   rules, allow-lists terms (may be repeated)\n"
    "  -o, --output FILE  write the report to FILE (written whole, never over an input)\n"
    "  -h, --help       show this help\n"
    "  --version        show the version\n"
    "\n"
    "Exit status: 0 no error-severity finding; 1 at least one error-severity finding;\n"
    "2 bad usage, a rule file that does not load, or a file that could not be read\n"
    "(the message names the file and what to do).\n";

typedef struct options {
    const char *format, *output;
    dhr_stage stage;
    char **rules;
    size_t nrules;
    char **files;
    size_t nfiles;
    char **headings;
    size_t nheadings;
} options;

static int usage_error(const char *fmt, const char *arg)
{
    fputs("dhrlint: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'dhrlint --help'.\n", stderr);
    return EXIT_TROUBLE;
}

/* Returns -1 when parsing went well, else an exit status. */
static int parse_options(int argc, char **argv, options *o)
{
    memset(o, 0, sizeof *o);
    o->format = "text";
    o->stage = DHR_STAGE_SUBMISSION;
    o->rules = calloc((size_t)argc + 1, sizeof *o->rules);
    o->files = calloc((size_t)argc + 1, sizeof *o->files);
    o->headings = calloc((size_t)argc + 1, sizeof *o->headings);
    if (!o->rules || !o->files || !o->headings)
        return usage_error("%s", "out of memory");
    bool only_files = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
#define VALUE(name)                                                                              \
    (strcmp(a, name) == 0 ? (++i < argc ? (val = argv[i], 1) : -1)                               \
                          : (strncmp(a, name "=", sizeof name) == 0 ? (val = a + sizeof name, 1) \
                                                                    : 0))
        int v;
        if (only_files || a[0] != '-' || strcmp(a, "-") == 0) {
            o->files[o->nfiles++] = argv[i];
        } else if (strcmp(a, "--") == 0) {
            only_files = true;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage, stdout);
            return EXIT_OK;
        } else if ((v = VALUE("--format")) != 0) {
            if (v < 0)
                return usage_error("%s needs a value: text or json", a);
            o->format = val;
        } else if ((v = VALUE("--stage")) != 0) {
            if (v < 0)
                return usage_error("%s needs a value: draft, submission or publication", a);
            o->stage = dhr_stage_parse(val);
            if (!o->stage)
                return usage_error("unknown stage '%s': use draft, submission or publication",
                                   val);
        } else if ((v = VALUE("--rules")) != 0) {
            if (v < 0)
                return usage_error("%s needs a rule file or folder", a);
            o->rules[o->nrules++] = (char *)val;
        } else if ((v = VALUE("--heading")) != 0) {
            if (v < 0)
                return usage_error("%s needs a heading's text", a);
            o->headings[o->nheadings++] = (char *)val;
        } else if ((v = VALUE("--output")) != 0 || (v = VALUE("-o")) != 0) {
            if (v < 0)
                return usage_error("%s needs a file name", a);
            o->output = val;
        } else {
            return usage_error("unknown option '%s'", a);
        }
#undef VALUE
    }
    if (strcmp(o->format, "text") != 0 && strcmp(o->format, "json") != 0)
        return usage_error("unknown format '%s': use text or json", o->format);
    return -1;
}

static void free_options(options *o)
{
    free(o->rules);
    free(o->files);
    free(o->headings);
}

static dhr_ruleset *load_rules(const options *o)
{
    dhr_rules_error err;
    dhr_ruleset *rs = dhr_rules_load_builtin(&err);
    for (size_t i = 0; rs && i < o->nrules; i++)
        if (!dhr_rules_load_path(rs, o->rules[i], &err)) {
            dhr_rules_free(rs);
            rs = NULL;
        }
    if (rs && !dhr_rules_finish(rs, &err)) {
        dhr_rules_free(rs);
        rs = NULL;
    }
    if (!rs)
        fprintf(stderr, "dhrlint: %s\n", err.message);
    return rs;
}

static bool open_output(const options *o, dhr_output *out)
{
    if (dhr_output_open(out, o->output, o->files, o->nfiles))
        return true;
    if (errno == EEXIST)
        fprintf(stderr, "dhrlint: %s: is one of the files being read; dhrlint never "
                        "overwrites its input: choose another output file\n",
                o->output);
    else
        fprintf(stderr, "dhrlint: %s: cannot write (%s)\n", o->output, strerror(errno));
    return false;
}

static bool color_wanted(const options *o)
{
    const char *nc = getenv("NO_COLOR");
    return !o->output && isatty(STDOUT_FILENO) && !(nc && nc[0]);
}

static int cmd_check(options *o)
{
    if (!o->nfiles)
        return usage_error("%s", "check needs at least one FILE");
    struct timespec lap = {0};
    dhr_profile_lap(&lap, NULL);
    dhr_ruleset *rs = load_rules(o);
    if (!rs)
        return EXIT_TROUBLE;
    dhr_profile_lap(&lap, "(load rules)");
    dhr_output out;
    if (!open_output(o, &out)) {
        dhr_rules_free(rs);
        return EXIT_TROUBLE;
    }
    dhr_file_report *reports = calloc(o->nfiles, sizeof *reports);
    dhr_document **docs = calloc(o->nfiles, sizeof *docs);
    char (*errors)[400] = calloc(o->nfiles, sizeof *errors);
    int status = EXIT_OK;
    bool unreadable = false, failed = false;
    if (!reports || !docs || !errors) {
        fprintf(stderr, "dhrlint: out of memory\n");
        status = EXIT_TROUBLE;
        goto out;
    }
    for (size_t i = 0; i < o->nfiles; i++) {
        dhr_file_report *r = &reports[i];
        r->path = o->files[i];
        dhr_read_error err;
        dhr_profile_lap(&lap, NULL);
        docs[i] = dhr_read_file(r->path, &err);
        dhr_profile_lap(&lap, "(read document)");
        if (!docs[i]) {
            snprintf(errors[i], sizeof errors[i], "%s", err.message);
            r->error = errors[i];
            fprintf(stderr, "dhrlint: %s: %s\n", r->path, err.message);
            unreadable = true;
            continue;
        }
        r->format = docs[i]->format;
        r->result = dhr_check(rs, docs[i], o->stage);
        dhr_profile_lap(&lap, "(check, all told)");
        if (!r->result) {
            snprintf(errors[i], sizeof errors[i], "out of memory while checking");
            r->error = errors[i];
            fprintf(stderr, "dhrlint: %s: out of memory while checking\n", r->path);
            unreadable = true;
        } else if (r->result->count[DHR_SEV_ERROR]) {
            failed = true;
        }
    }
    dhr_report_options ro = {o->stage, color_wanted(o)};
    if (strcmp(o->format, "json") == 0)
        dhr_report_json(out.f, reports, o->nfiles, &ro);
    else
        dhr_report_text(out.f, reports, o->nfiles, &ro);
    dhr_profile_lap(&lap, "(write report)");
    if (!dhr_output_close(&out)) {
        fprintf(stderr, "dhrlint: cannot write the report\n");
        status = EXIT_TROUBLE;
    } else {
        status = unreadable ? EXIT_TROUBLE : failed ? EXIT_FINDINGS : EXIT_OK;
    }
out:
    for (size_t i = 0; reports && docs && i < o->nfiles; i++) {
        dhr_result_free((dhr_result *)reports[i].result);
        dhr_document_free(docs[i]);
    }
    free(reports);
    free(docs);
    free(errors);
    dhr_rules_free(rs);
    return status;
}

static void stages_text(FILE *f, unsigned stages)
{
    const char *sep = "";
    for (unsigned s = DHR_STAGE_DRAFT; s <= DHR_STAGE_PUBLICATION; s <<= 1)
        if (stages & s) {
            fprintf(f, "%s%s", sep, dhr_stage_name((dhr_stage)s));
            sep = ",";
        }
}

static int cmd_rules(options *o)
{
    if (o->nfiles)
        return usage_error("rules takes no FILE ('%s')", o->files[0]);
    struct timespec lap = {0};
    dhr_profile_lap(&lap, NULL);
    dhr_ruleset *rs = load_rules(o);
    if (!rs)
        return EXIT_TROUBLE;
    dhr_profile_lap(&lap, "(load rules)");
    dhr_output out;
    if (!open_output(o, &out)) {
        dhr_rules_free(rs);
        return EXIT_TROUBLE;
    }
    if (o->nheadings) {
        /* Which section each heading would be: for writing aliases. */
        for (size_t i = 0; i < o->nheadings; i++) {
            const char *ids[8];
            size_t n = dhr_rules_match_heading(rs, o->headings[i], ids, 8);
            fprintf(out.f, "%s\t", o->headings[i]);
            for (size_t k = 0; k < n; k++)
                fprintf(out.f, "%s%s", k ? "," : "", ids[k]);
            fputs(n ? "\n" : "-\n", out.f);
        }
    } else if (strcmp(o->format, "json") == 0) {
        dhr_json j;
        dhr_json_init(&j, out.f, 1);
        dhr_json_obj_begin(&j);
        dhr_json_key(&j, "rules");
        dhr_json_arr_begin(&j);
        for (size_t i = 0; i < dhr_rules_count(rs); i++) {
            const dhr_rule_info *r = dhr_rules_info(rs, i);
            dhr_json_obj_begin(&j);
            dhr_json_key(&j, "id");
            dhr_json_str(&j, r->id);
            dhr_json_key(&j, "category");
            dhr_json_str(&j, r->category);
            dhr_json_key(&j, "severity");
            dhr_json_str(&j, dhr_severity_name(r->severity));
            dhr_json_key(&j, "draft_severity");
            dhr_json_str(&j, dhr_severity_name(r->has_draft_severity ? r->draft_severity
                                                                      : r->severity));
            dhr_json_key(&j, "stages");
            dhr_json_arr_begin(&j);
            for (unsigned s = DHR_STAGE_DRAFT; s <= DHR_STAGE_PUBLICATION; s <<= 1)
                if (r->stages & s)
                    dhr_json_str(&j, dhr_stage_name((dhr_stage)s));
            dhr_json_arr_end(&j);
            dhr_json_key(&j, "enabled");
            dhr_json_bool(&j, !r->disabled);
            dhr_json_key(&j, "check");
            dhr_json_str(&j, r->kind);
            dhr_json_key(&j, "source");
            dhr_json_str(&j, r->source);
            dhr_json_key(&j, "message");
            dhr_json_str(&j, r->message);
            dhr_json_key(&j, "defined_in");
            dhr_json_str(&j, r->file);
            dhr_json_obj_end(&j);
        }
        dhr_json_arr_end(&j);
        dhr_json_obj_end(&j);
        dhr_json_end(&j);
    } else {
        for (size_t i = 0; i < dhr_rules_count(rs); i++) {
            const dhr_rule_info *r = dhr_rules_info(rs, i);
            fprintf(out.f, "%-44s %-7s", r->id, dhr_severity_name(r->severity));
            if (r->has_draft_severity && r->draft_severity != r->severity)
                fprintf(out.f, " (draft: %s)", dhr_severity_name(r->draft_severity));
            fputs("  ", out.f);
            stages_text(out.f, r->stages);
            if (r->disabled)
                fputs("  DISABLED", out.f);
            fprintf(out.f, "\n    %s\n    guidance: %s\n", r->message ? r->message : "",
                    r->source ? r->source : "");
        }
        fprintf(out.f, "%zu rules\n", dhr_rules_count(rs));
    }
    int status = dhr_output_close(&out) ? EXIT_OK : EXIT_TROUBLE;
    dhr_rules_free(rs);
    return status;
}

static int cmd_dump(options *o)
{
    if (o->nfiles != 1)
        return usage_error("%s", o->nfiles ? "dump reads one file at a time" : "dump needs a FILE");
    const char *file = o->files[0];
    dhr_output out;
    if (!open_output(o, &out))
        return EXIT_TROUBLE;
    dhr_read_error err;
    dhr_document *doc = dhr_read_file(file, &err);
    if (!doc) {
        dhr_output_abort(&out);
        fprintf(stderr, "dhrlint: %s: %s\n", file, err.message);
        return EXIT_TROUBLE;
    }
    if (strcmp(o->format, "json") == 0)
        dhr_dump_json(out.f, file, doc);
    else
        dhr_dump_text(out.f, file, doc);
    dhr_document_free(doc);
    if (!dhr_output_close(&out)) {
        fprintf(stderr, "dhrlint: cannot write the output\n");
        return EXIT_TROUBLE;
    }
    return EXIT_OK;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return EXIT_TROUBLE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage, stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("dhrlint %s\n", DHRLINT_VERSION);
        return EXIT_OK;
    }
    int (*run)(options *) = strcmp(cmd, "check") == 0   ? cmd_check
                            : strcmp(cmd, "rules") == 0 ? cmd_rules
                            : strcmp(cmd, "dump") == 0  ? cmd_dump
                                                        : NULL;
    if (!run)
        return usage_error("unknown command '%s'", cmd);
    options o;
    int status = parse_options(argc - 2, argv + 2, &o);
    if (status < 0)
        status = run(&o);
    free_options(&o);
    return status;
}
