/* The dhrlint command line. Only argument handling lives here. */
#include "dhrlint/check.h"
#include "dhrlint/dump.h"
#include "dhrlint/reader.h"
#include "dhrlint/report.h"
#include "dhrlint/rules.h"
#include "dhrlint/version.h"
#include "annotate.h"
#include "batch.h"
#include "checklist_docx.h"
#include "json.h"
#include "output.h"
#include "profile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { EXIT_OK = 0, EXIT_FINDINGS = 1, EXIT_TROUBLE = 2 };

static const char usage[] =
    "Usage: dhrlint COMMAND [OPTIONS] FILE...\n"
    "\n"
    "Checks a Domestic Homicide Review report (DOCX or ODT) against the Home Office\n"
    "statutory guidance.\n"
    "\n"
    "Commands:\n"
    "  check FILE|FOLDER...  check reports (a folder: every .docx, .docm, .odt and\n"
    "                   .fodt in it and below) and give the findings and a verdict\n"
    "                   for each, in the order given\n"
    "  checklist FILE   write the Annex I checklist, filled in, as a Word document\n"
    "                   (-o, default FILE's name + .checklist.docx)\n"
    "  annotate FILE    write a copy of a DOCX report with a Word comment on each\n"
    "                   finding (-o, default FILE's name + .checked.docx)\n"
    "  rules            list every rule: id, severity, stages, guidance paragraph;\n"
    "                   with --heading TEXT: the section a heading would be\n"
    "  dump FILE        show what dhrlint reads from FILE: every paragraph with its part\n"
    "                   (body, header, footnote, comment...), style, heading level, list\n"
    "                   number, table position, tracked changes and hidden text; the\n"
    "                   contents list; document properties; embedded objects\n"
    "\n"
    "Options:\n"
    "  --stage STAGE    draft, submission (default) or publication: what is required\n"
    "  --format FORMAT  check: text (default), json, csv (one row per file) or html\n"
    "                   (one page, self-contained); dump and rules: text or json\n"
    "  --jobs N         check N files at once (default: one per processor)\n"
    "  --rules PATH     also load this rule file, or every *.xml in this folder: adds\n"
    "                   rules and section headings, overrides severities, disables\n"
    "                   rules, allow-lists terms, restates vocabulary lists (may be\n"
    "                   repeated)\n"
    "  -o, --output FILE  write to FILE (written whole, never over an input)\n"
    "  -h, --help       show this help\n"
    "  --version        show the version\n"
    "\n"
    "Exit status: 0 no error-severity finding; 1 at least one error-severity finding;\n"
    "2 bad usage, a rule file that does not load, or a file that could not be read\n"
    "(the message names the file and what to do).\n";

typedef struct options {
    const char *command, *format, *output;
    dhr_stage stage;
    unsigned jobs; /* 0: one per processor */
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
static int parse_options(const char *command, int argc, char **argv, options *o)
{
    memset(o, 0, sizeof *o);
    o->command = command;
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
        } else if ((v = VALUE("--jobs")) != 0 || (v = VALUE("-j")) != 0) {
            char *end = NULL;
            long n = v > 0 ? strtol(val, &end, 10) : 0;
            if (v < 0 || !end || *end || n < 1 || n > 64)
                return usage_error("%s needs a number of files to check at once, 1 to 64", a);
            o->jobs = (unsigned)n;
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
    bool check = strcmp(o->command, "check") == 0;
    if (strcmp(o->format, "text") != 0 && strcmp(o->format, "json") != 0 &&
        !(check && (strcmp(o->format, "csv") == 0 || strcmp(o->format, "html") == 0)))
        return usage_error(check ? "unknown format '%s': use text, json, csv or html"
                                 : "unknown format '%s': use text or json",
                           o->format);
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
    struct timespec lap = {0};
    dhr_profile_lap(&lap, NULL);
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
    dhr_profile_lap(&lap, "(load rules)");
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

static dhr_ruleset *worker_rules(void *arg)
{
    return load_rules(arg);
}

static bool progress_wanted(size_t nfiles)
{
    /* a handful of files is quick; a batch gets a line that counts */
    return nfiles > 5 && isatty(STDERR_FILENO);
}

static void report(const options *o, FILE *f, const dhr_file_report *reports, size_t n)
{
    dhr_report_options ro = {o->stage, color_wanted(o)};
    if (strcmp(o->format, "json") == 0)
        dhr_report_json(f, reports, n, &ro);
    else if (strcmp(o->format, "csv") == 0)
        dhr_report_csv(f, reports, n, &ro);
    else if (strcmp(o->format, "html") == 0)
        dhr_report_html(f, reports, n, &ro);
    else
        dhr_report_text(f, reports, n, &ro);
}

static int cmd_check(options *o)
{
    if (!o->nfiles)
        return usage_error("%s", "check needs at least one FILE or FOLDER");
    dhr_batch b = {0};
    char err[512];
    for (size_t i = 0; i < o->nfiles; i++)
        if (!dhr_batch_add(&b, o->files[i], err, sizeof err)) {
            fprintf(stderr, "dhrlint: %s\n", err);
            dhr_batch_free(&b);
            return EXIT_TROUBLE;
        }
    if (!b.n) {
        fprintf(stderr, "dhrlint: no .docx, .docm, .odt or .fodt file in the folders given\n");
        dhr_batch_free(&b);
        return EXIT_TROUBLE;
    }
    dhr_output out;
    if (!open_output(o, &out)) {
        dhr_batch_free(&b);
        return EXIT_TROUBLE;
    }
    dhr_batch_status done = dhr_batch_check(&b, o->stage, o->jobs, progress_wanted(b.n),
                                            worker_rules, o);
    if (done != DHR_BATCH_DONE) {
        dhr_output_abort(&out);
        if (done == DHR_BATCH_NO_MEMORY)
            fprintf(stderr, "dhrlint: out of memory\n");
        dhr_batch_free(&b);
        return EXIT_TROUBLE;
    }
    bool unreadable = false, failed = false;
    for (size_t i = 0; i < b.n; i++) {
        const dhr_file_report *r = &b.reports[i];
        if (!r->result) {
            fprintf(stderr, "dhrlint: %s: %s\n", r->path, r->error);
            unreadable = true;
        } else if (r->result->count[DHR_SEV_ERROR]) {
            failed = true;
        }
    }
    struct timespec lap = {0};
    dhr_profile_lap(&lap, NULL);
    report(o, out.f, b.reports, b.n);
    dhr_profile_lap(&lap, "(write report)");
    int status = unreadable ? EXIT_TROUBLE : failed ? EXIT_FINDINGS : EXIT_OK;
    if (!dhr_output_close(&out)) {
        fprintf(stderr, "dhrlint: cannot write the report\n");
        status = EXIT_TROUBLE;
    }
    dhr_batch_free(&b);
    return status;
}

/* OUT, or FILE's name with its extension replaced by SUFFIX. */
static char *default_output(const char *file, const char *out, const char *suffix)
{
    if (out)
        return strdup(out);
    const char *slash = strrchr(file, '/'), *dot = strrchr(file, '.');
    size_t stem = dot && (!slash || dot > slash) ? (size_t)(dot - file) : strlen(file);
    char *s = malloc(stem + strlen(suffix) + 1);
    if (s) {
        memcpy(s, file, stem);
        strcpy(s + stem, suffix);
    }
    return s;
}

/* Reads and checks the one FILE of checklist and annotate. */
static int check_one(options *o, const char *what, dhr_document **doc, dhr_result **res,
                     dhr_ruleset **rs)
{
    if (o->nfiles != 1)
        return usage_error(o->nfiles ? "%s reads one file at a time" : "%s needs a FILE", what);
    dhr_read_error err;
    *doc = dhr_read_file(o->files[0], &err);
    if (!*doc) {
        fprintf(stderr, "dhrlint: %s: %s\n", o->files[0], err.message);
        return EXIT_TROUBLE;
    }
    *rs = load_rules(o);
    if (!*rs)
        return EXIT_TROUBLE;
    *res = dhr_check(*rs, *doc, o->stage);
    if (!*res) {
        fprintf(stderr, "dhrlint: %s: out of memory while checking\n", o->files[0]);
        return EXIT_TROUBLE;
    }
    return -1;
}

/* The written file must not be the input (the same file by any name). */
static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    if (stat(a, &sa) != 0 || stat(b, &sb) != 0)
        return strcmp(a, b) == 0;
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* What checklist and annotate write from the checked FILE to OUT. */
typedef bool (*file_writer)(const options *o, const char *out, const dhr_document *doc,
                            const dhr_result *res, char *err, size_t errlen);

static bool write_checklist(const options *o, const char *out, const dhr_document *doc,
                            const dhr_result *res, char *err, size_t errlen)
{
    dhr_file_report f = {o->files[0], doc->format, res, NULL};
    dhr_report_options ro = {o->stage, false};
    return dhr_checklist_docx_write(out, &f, &ro, err, errlen);
}

static bool write_annotated(const options *o, const char *out, const dhr_document *doc,
                            const dhr_result *res, char *err, size_t errlen)
{
    return dhr_annotate_docx(o->files[0], out, doc, res, err, errlen);
}

/* Checks the one FILE and writes what WRITE makes of it to -o, or to FILE's
 * name + SUFFIX; exit 1 when the report has errors, as check. */
static int check_and_write(options *o, const char *what, const char *suffix,
                           file_writer write)
{
    dhr_document *doc = NULL;
    dhr_result *res = NULL;
    dhr_ruleset *rs = NULL;
    int status = check_one(o, what, &doc, &res, &rs);
    char *path = status < 0 ? default_output(o->files[0], o->output, suffix) : NULL;
    if (status < 0) {
        char err[512];
        if (!path) {
            fprintf(stderr, "dhrlint: out of memory\n");
            status = EXIT_TROUBLE;
        } else if (same_file(path, o->files[0])) {
            fprintf(stderr, "dhrlint: %s: is the file being read; dhrlint never overwrites its "
                            "input: choose another output file\n", path);
            status = EXIT_TROUBLE;
        } else if (!write(o, path, doc, res, err, sizeof err)) {
            fprintf(stderr, "dhrlint: %s: %s\n", path, err);
            status = EXIT_TROUBLE;
        } else {
            status = res->count[DHR_SEV_ERROR] ? EXIT_FINDINGS : EXIT_OK;
        }
    }
    free(path);
    dhr_result_free(res);
    dhr_rules_free(rs);
    dhr_document_free(doc);
    return status;
}

static int cmd_checklist(options *o)
{
    return check_and_write(o, "checklist", ".checklist.docx", write_checklist);
}

static int cmd_annotate(options *o)
{
    return check_and_write(o, "annotate", ".checked.docx", write_annotated);
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
    dhr_ruleset *rs = load_rules(o);
    if (!rs)
        return EXIT_TROUBLE;
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
    int (*run)(options *) = strcmp(cmd, "check") == 0       ? cmd_check
                            : strcmp(cmd, "checklist") == 0 ? cmd_checklist
                            : strcmp(cmd, "annotate") == 0  ? cmd_annotate
                            : strcmp(cmd, "rules") == 0     ? cmd_rules
                            : strcmp(cmd, "dump") == 0      ? cmd_dump
                                                            : NULL;
    if (!run)
        return usage_error("unknown command '%s'", cmd);
    options o;
    int status = parse_options(cmd, argc - 2, argv + 2, &o);
    if (status < 0)
        status = run(&o);
    free_options(&o);
    return status;
}
