/* The dhrlint command line. Only argument handling lives here. */
#include "dhrlint/dump.h"
#include "dhrlint/reader.h"
#include "dhrlint/version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { EXIT_OK = 0, EXIT_FINDINGS = 1, EXIT_TROUBLE = 2 };

static const char usage[] =
    "Usage: dhrlint COMMAND [OPTIONS] FILE\n"
    "\n"
    "Checks a Domestic Homicide Review report (DOCX or ODT) against the Home Office\n"
    "statutory guidance.\n"
    "\n"
    "Commands:\n"
    "  dump FILE [--format text|json]\n"
    "                 show what dhrlint reads from FILE: every paragraph with its part\n"
    "                 (body, header, footnote, comment...), style, heading level, table\n"
    "                 position, tracked changes and hidden text; the contents list;\n"
    "                 document properties; embedded objects\n"
    "\n"
    "Options:\n"
    "  --format FORMAT  text (default) or json\n"
    "  -h, --help       show this help\n"
    "  --version        show the version\n"
    "\n"
    "Exit status: 0 success; 1 error-severity findings; 2 bad usage, or a file\n"
    "that could not be read (the message names the file and what to do).\n";

static int usage_error(const char *fmt, const char *arg)
{
    fputs("dhrlint: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'dhrlint --help'.\n", stderr);
    return EXIT_TROUBLE;
}

static int cmd_dump(int argc, char **argv)
{
    const char *file = NULL, *format = "text";
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--format") == 0 || strcmp(a, "-f") == 0) {
            if (++i >= argc)
                return usage_error("%s needs a value: text or json", a);
            format = argv[i];
        } else if (strncmp(a, "--format=", 9) == 0) {
            format = a + 9;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage, stdout);
            return EXIT_OK;
        } else if (a[0] == '-' && a[1] != '\0' && strcmp(a, "--") != 0) {
            return usage_error("unknown option '%s'", a);
        } else {
            if (strcmp(a, "--") == 0 && i + 1 < argc)
                a = argv[++i];
            if (file)
                return usage_error("dump reads one file; '%s' is one too many", a);
            file = a;
        }
    }
    if (!file)
        return usage_error("%s", "dump needs a FILE");
    if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
        return usage_error("unknown format '%s': use text or json", format);
    dhr_read_error err;
    dhr_document *doc = dhr_read_file(file, &err);
    if (!doc) {
        fprintf(stderr, "dhrlint: %s: %s\n", file, err.message);
        return EXIT_TROUBLE;
    }
    if (strcmp(format, "json") == 0)
        dhr_dump_json(stdout, file, doc);
    else
        dhr_dump_text(stdout, file, doc);
    dhr_document_free(doc);
    if (fflush(stdout) != 0 || ferror(stdout)) {
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
    if (strcmp(cmd, "dump") == 0)
        return cmd_dump(argc - 2, argv + 2);
    return usage_error("unknown command '%s'", cmd);
}
