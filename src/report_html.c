/* The HTML report: one page a run, for Chairs, CSP officers and the QA Board
 * to read and print. Each file gets its verdict, its findings grouped by
 * section in document order, the nine family requirements and the Annex I
 * checklist; a batch starts with an index, worst first, because a page with
 * no script cannot sort itself.
 *
 * The page asks for nothing (stylesheet inline, no script, no link off the
 * page), so that it can be mailed or archived and opened anywhere without
 * telling anyone. Every string from a document or a rule file is hostile and
 * goes through text(). The markup is also well-formed XML (every element
 * closed, only XML's entities) so that programs, and the tests, can read it
 * as a tree; HTML5's sectioning elements are left out because libxml2's HTML
 * parser, which Debian's tools use, refuses them, and ARIA roles stand in. */
#include "dhrlint/report.h"
#include "dhrlint/version.h"

#include "report_html_css.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* U+FFFD, written for whatever may not appear in a page. */
#define REPLACEMENT "\xEF\xBF\xBD"

/* The code point of the valid UTF-8 sequence at S, and its length; 0 when
 * S does not start one (overlong forms and surrogates included). */
static size_t utf8_char(const unsigned char *s, uint32_t *cp)
{
    size_t len;
    uint32_t v, least;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if ((s[0] & 0xE0) == 0xC0) {
        len = 2, v = s[0] & 0x1Fu, least = 0x80;
    } else if ((s[0] & 0xF0) == 0xE0) {
        len = 3, v = s[0] & 0x0Fu, least = 0x800;
    } else if ((s[0] & 0xF8) == 0xF0) {
        len = 4, v = s[0] & 0x07u, least = 0x10000;
    } else {
        return 0;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) /* stops at the terminator too */
            return 0;
        v = v << 6 | (s[i] & 0x3Fu);
    }
    if (v < least || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

/* What an HTML page may not carry even as a character reference: controls
 * (tab and line feed aside) and noncharacters. */
static bool forbidden(uint32_t cp)
{
    if (cp < 0x20)
        return cp != '\t' && cp != '\n';
    if (cp >= 0x7F && cp <= 0x9F)
        return true;
    return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

/* S as HTML text, safe in an element or a quoted attribute alike. */
static void text(FILE *out, const char *s)
{
    if (!s)
        return;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t cp;
        size_t len = utf8_char(p, &cp);
        if (!len) {
            fputs(REPLACEMENT, out);
            p++;
            continue;
        }
        switch (cp) {
        case '&':
            fputs("&amp;", out);
            break;
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        case '\'':
            fputs("&#39;", out); /* &apos; is not HTML 4's, which libxml2 reads */
            break;
        default:
            if (forbidden(cp))
                fputs(REPLACEMENT, out);
            else
                fwrite(p, 1, len, out);
        }
        p += len;
    }
}

static const char *plural(size_t n)
{
    return n == 1 ? "" : "s";
}

/* ---- Names a reader knows things by ------------------------------------ */

static bool section_found(const dhr_result *r, const char *id)
{
    for (size_t i = 0; i < r->nsection; i++)
        if (strcmp(r->sections[i].id, id) == 0)
            return true;
    return false;
}

/* The heading the report gives section ID, from the sections found or a
 * finding placed there; NULL for the title page and missing sections. */
static const char *section_heading(const dhr_result *r, const char *id)
{
    for (size_t i = 0; i < r->nsection; i++)
        if (r->sections[i].heading && strcmp(r->sections[i].id, id) == 0)
            return r->sections[i].heading;
    for (size_t i = 0; i < r->nfinding; i++) {
        const dhr_location *l = &r->findings[i].loc;
        if (l->heading && l->section && strcmp(l->section, id) == 0)
            return l->heading;
    }
    return NULL;
}

/* A section by its heading as written, else its id made readable
 * ("pen-portrait": "Pen portrait"), as the rules' messages name it. */
static void section_name(FILE *out, const dhr_result *r, const char *id)
{
    const char *heading = section_heading(r, id);
    if (heading) {
        text(out, heading);
        return;
    }
    char *pretty = strdup(id);
    if (!pretty) {
        text(out, id);
        return;
    }
    for (char *c = pretty; *c; c++)
        if (*c == '-')
            *c = ' ';
    if (pretty[0] >= 'a' && pretty[0] <= 'z')
        pretty[0] = (char)(pretty[0] - 'a' + 'A');
    text(out, pretty);
    free(pretty);
}

/* The part of the file a finding is in, for a finding outside the body. */
static const char *part_name(dhr_part p)
{
    switch (p) {
    case DHR_PART_BODY:
        return NULL;
    case DHR_PART_HEADER:
        return "Header";
    case DHR_PART_FOOTER:
        return "Footer";
    case DHR_PART_FOOTNOTE:
        return "Footnote";
    case DHR_PART_ENDNOTE:
        return "Endnote";
    case DHR_PART_COMMENT:
        return "Comment";
    case DHR_PART_TEXTBOX:
        return "Text box";
    case DHR_PART_REVISION:
        return "Deleted text";
    case DHR_PART_ALT_TEXT:
        return "Image description";
    case DHR_PART_METADATA:
        return "Document properties";
    case DHR_PART_COUNT:
        break;
    }
    return dhr_part_name(p);
}

static const char *severity_word(dhr_severity s)
{
    return s == DHR_SEV_ERROR ? "Error" : s == DHR_SEV_WARNING ? "Warning" : "Info";
}

/* The nine requirements of Figure 2 (8.16) as the README states them: they
 * are the guidance's, fixed, and the result carries only their numbers. */
static const char *const family_requirement[DHR_FAMILY_REQUIREMENTS] = {
    "The family told when the scoping review was commissioned",
    ("Given the Home Office leaflet and referred to specialist advocacy; any children "
     "given help and a chance to contribute"),
    "The Chair's letter introducing themselves and offering a part in the review",
    "Adjustments so that they could take part: interpreters, translations, time and place",
    "The draft terms of reference shared with them to comment on",
    "Meeting the Chair or the panel",
    "Updated on the review as often as they wanted",
    "The draft report to read, with time to comment",
    "Their contact details passed to the CSP for updates on the action plan",
};

/* ---- One file ------------------------------------------------------------ */

/* Where in the page a file's parts are: anchors are numbered, never made
 * from document text, so that none can collide or break out. */
typedef struct file_page {
    FILE *out;
    const dhr_file_report *f;
    const dhr_result *r;
    size_t no;     /* 1-based, in the order the files were given */
    int level;     /* the heading level of the file's own parts */
    dhr_stage stage;
} file_page;

static void heading(const file_page *p, int level, const char *id_suffix, const char *title)
{
    fprintf(p->out, "<h%d id=\"f%zu-%s\">%s</h%d>\n", level, p->no, id_suffix, title, level);
}

static size_t first_finding_of(const dhr_result *r, const char *rule)
{
    for (size_t i = 0; rule && i < r->nfinding; i++)
        if (strcmp(r->findings[i].rule, rule) == 0)
            return i;
    return SIZE_MAX;
}

static void finding_link(const file_page *p, size_t k)
{
    fprintf(p->out, "#f%zu-finding-%zu", p->no, k + 1);
}

static void family_counts(const dhr_result *r, size_t count[3])
{
    count[0] = count[1] = count[2] = 0;
    for (int k = 0; k < DHR_FAMILY_REQUIREMENTS; k++)
        count[r->family[k].status]++;
}

static void checklist_counts(const dhr_result *r, size_t count[4])
{
    count[0] = count[1] = count[2] = count[3] = 0;
    for (size_t i = 0; i < r->nchecklist; i++)
        count[r->checklist[i].status]++;
}

static void family_summary(FILE *out, const dhr_result *r)
{
    size_t c[3];
    family_counts(r, c);
    fprintf(out, "%zu met, %zu explained, %zu missing", c[DHR_FAMILY_MET],
            c[DHR_FAMILY_EXPLAINED], c[DHR_FAMILY_MISSING]);
}

static void checklist_summary(FILE *out, const dhr_result *r)
{
    size_t c[4];
    checklist_counts(r, c);
    fprintf(out, "%zu covered, %zu not covered, %zu for a person to judge",
            c[DHR_CHECKLIST_COVERED], c[DHR_CHECKLIST_NOT_COVERED], c[DHR_CHECKLIST_MANUAL]);
    if (c[DHR_CHECKLIST_NOT_CHECKED])
        fprintf(out, ", %zu not checked at this stage", c[DHR_CHECKLIST_NOT_CHECKED]);
}

static void verdict(const file_page *p)
{
    FILE *out = p->out;
    const dhr_result *r = p->r;
    if (!r) {
        fputs("<div class=\"verdict verdict-error\">\n<p class=\"verdict-line\">"
              "<span class=\"tag tag-unreadable\">Could not be read</span></p>\n<p>",
              out);
        text(out, p->f->error ? p->f->error : "The file could not be read.");
        fputs("</p>\n<p>Nothing in it was checked.</p>\n</div>\n", out);
        return;
    }
    bool fail = r->count[DHR_SEV_ERROR] > 0;
    fprintf(out,
            "<div class=\"verdict verdict-%s\">\n<p class=\"verdict-line\"><span class=\"tag "
            "tag-%s\">%s</span> at %s: %zu error%s, %zu warning%s, %zu info</p>\n<ul>\n",
            fail ? "fail" : "pass", fail ? "fail" : "pass", fail ? "FAIL" : "PASS",
            dhr_stage_name(p->stage), r->count[DHR_SEV_ERROR], plural(r->count[DHR_SEV_ERROR]),
            r->count[DHR_SEV_WARNING], plural(r->count[DHR_SEV_WARNING]), r->count[DHR_SEV_INFO]);
    fprintf(out, "<li><a href=\"#f%zu-findings\">Findings</a>: %zu</li>\n", p->no, r->nfinding);
    fprintf(out, "<li><a href=\"#f%zu-family\">Family involvement</a>: ", p->no);
    family_summary(out, r);
    fprintf(out, "</li>\n<li><a href=\"#f%zu-checklist\">Annex I checklist</a>: ", p->no);
    checklist_summary(out, r);
    fputs("</li>\n</ul>\n</div>\n", out);
}

static void finding(const file_page *p, size_t k)
{
    FILE *out = p->out;
    const dhr_finding *f = &p->r->findings[k];
    const char *sev = dhr_severity_name(f->severity);
    fprintf(out, "<div class=\"finding finding-%s\" id=\"f%zu-finding-%zu\">\n", sev, p->no, k + 1);
    fprintf(out, "<p class=\"finding-head\"><span class=\"tag tag-%s\">%s</span>", sev,
            severity_word(f->severity));
    fputs("<span class=\"where\">", out);
    const char *part = part_name(f->loc.part);
    if (f->loc.paragraph) {
        if (part)
            fprintf(out, "%s ", part);
        fprintf(out, "¶%u", f->loc.paragraph);
    } else if (!f->loc.section) {
        fputs("The whole document", out);
    } else if (section_found(p->r, f->loc.section)) {
        fputs("The whole section", out);
    } else {
        fputs("Missing section", out);
    }
    fputs("</span><code>", out);
    text(out, f->rule);
    fputs("</code></p>\n<p class=\"message\">", out);
    text(out, f->message);
    fputs("</p>\n", out);
    if (f->excerpt && f->excerpt[0]) {
        fputs("<p class=\"excerpt\"><span class=\"label\">Text:</span> “<span class=\"quote\">", out);
        text(out, f->excerpt);
        fputs("</span>”", out);
        if (f->loc.table)
            fprintf(out, " <span class=\"meta\">(table %u, row %u, cell %u)</span>", f->loc.table,
                    f->loc.row, f->loc.cell);
        if (f->revision_author) {
            fputs(" <span class=\"meta\">(in text deleted by ", out);
            text(out, f->revision_author);
            fputs(")</span>", out);
        }
        fputs("</p>\n", out);
    }
    if (f->suggestion) {
        fputs("<p class=\"suggestion\"><span class=\"label\">Suggestion:</span> ", out);
        text(out, f->suggestion);
        fputs("</p>\n", out);
    }
    if (f->source) {
        fputs("<p class=\"source\"><span class=\"label\">Guidance:</span> ", out);
        text(out, f->source);
        fputs("</p>\n", out);
    }
    fputs("</div>\n", out);
}

static bool same_section(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* The findings by section: those about the document as a whole (no
 * section: headers, footers, properties, the report overall) and the
 * missing sections first, as the engine sorts them, then each section in
 * the order the report has them. */
static void findings(const file_page *p)
{
    FILE *out = p->out;
    const dhr_result *r = p->r;
    heading(p, p->level, "findings", "Findings");
    if (!r->nfinding) {
        fputs("<p>No findings.</p>\n", out);
        return;
    }
    const char **groups = malloc((r->nfinding + 1) * sizeof *groups);
    if (!groups) {
        fputs("<p>Out of memory: the findings could not be listed.</p>\n", out);
        return;
    }
    size_t ngroup = 0;
    for (size_t i = 0; i < r->nfinding; i++)
        if (!r->findings[i].loc.section) {
            groups[ngroup++] = NULL;
            break;
        }
    for (int pass = 0; pass < 2; pass++) {
        /* pass 0: sections missing from the report; pass 1: found ones */
        size_t n = pass ? r->nsection : r->nfinding;
        for (size_t i = 0; i < n; i++) {
            const char *id = pass ? r->sections[i].id : r->findings[i].loc.section;
            if (!id || (!pass && section_found(r, id)))
                continue;
            bool seen = false, any = false;
            for (size_t g = 0; g < ngroup && !seen; g++)
                seen = same_section(groups[g], id);
            for (size_t k = 0; k < r->nfinding && !any; k++)
                any = same_section(r->findings[k].loc.section, id);
            if (!seen && any)
                groups[ngroup++] = id;
        }
    }
    for (size_t g = 0; g < ngroup; g++) {
        const char *id = groups[g];
        size_t count = 0;
        for (size_t k = 0; k < r->nfinding; k++)
            count += same_section(r->findings[k].loc.section, id);
        fprintf(out, "<h%d id=\"f%zu-section-%zu\">", p->level + 1, p->no, g + 1);
        if (id)
            section_name(out, r, id);
        else
            fputs("The document as a whole", out);
        fprintf(out, "</h%d>\n<p class=\"caption\">", p->level + 1);
        if (!id)
            fputs("Headers, footers, document properties and the report overall", out);
        else if (!section_found(r, id))
            fputs("This section is not in the report", out);
        else
            for (size_t i = 0; i < r->nsection; i++)
                if (strcmp(r->sections[i].id, id) == 0) {
                    fprintf(out, "From ¶%u", r->sections[i].paragraph);
                    break;
                }
        fprintf(out, "; %zu finding%s</p>\n", count, plural(count));
        for (size_t k = 0; k < r->nfinding; k++)
            if (same_section(r->findings[k].loc.section, id))
                finding(p, k);
    }
    free(groups);
}

static void status_tag(FILE *out, const char *cls, const char *words)
{
    fprintf(out, "<span class=\"tag tag-%s\">%s</span>", cls, words);
}

static void family(const file_page *p)
{
    FILE *out = p->out;
    const dhr_result *r = p->r;
    heading(p, p->level, "family", "Family involvement");
    fputs("<p>The nine requirements for involving the victim's family and friends (statutory "
          "guidance 8.16, Figure 2). <strong>Met</strong>: the report says it was done. "
          "<strong>Explained</strong>: it says it was not done and why. "
          "<strong>Missing</strong>: it says neither.</p>\n"
          "<table class=\"family\">\n<caption>The nine requirements: ",
          out);
    family_summary(out, r);
    fputs("</caption>\n<thead><tr><th scope=\"col\">Requirement</th><th scope=\"col\">Status</th>"
          "<th scope=\"col\">What the report says</th></tr></thead>\n<tbody>\n",
          out);
    for (int k = 0; k < DHR_FAMILY_REQUIREMENTS; k++) {
        const dhr_family_req *q = &r->family[k];
        fprintf(out, "<tr id=\"f%zu-family-%d\"><th scope=\"row\">%d. %s</th><td class=\"status\">",
                p->no, k + 1, k + 1, family_requirement[k]);
        if (q->status == DHR_FAMILY_MET)
            status_tag(out, "met", "✓ met");
        else if (q->status == DHR_FAMILY_EXPLAINED)
            status_tag(out, "explained", "explained");
        else
            status_tag(out, "missing", "✗ missing");
        fputs("</td><td>", out);
        if (q->excerpt && q->excerpt[0]) {
            fputs("“<span class=\"quote\">", out);
            text(out, q->excerpt);
            fputs("</span>”", out);
            if (q->paragraph)
                fprintf(out, " <span class=\"meta\">¶%u</span>", q->paragraph);
        } else {
            fputs("Nothing found in the report.", out);
            char rule[32];
            snprintf(rule, sizeof rule, "family.req%d", k + 1);
            size_t at = first_finding_of(r, rule);
            if (at != SIZE_MAX) {
                fputs(" <a href=\"", out);
                finding_link(p, at);
                fputs("\">See the finding</a>", out);
            }
        }
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody>\n</table>\n", out);
}

/* Where a checklist line was decided: the paragraph that shows it, or its
 * findings, linked to the first of them. */
static void checklist_where(const file_page *p, const dhr_checklist_entry *e)
{
    FILE *out = p->out;
    if (e->status == DHR_CHECKLIST_MANUAL) {
        fputs("For a person to judge", out);
        return;
    }
    if (e->status == DHR_CHECKLIST_NOT_CHECKED) {
        fputs("Not checked at this stage", out);
        return;
    }
    if (e->status == DHR_CHECKLIST_NOT_COVERED && e->findings) {
        size_t at = first_finding_of(p->r, e->rule);
        if (at != SIZE_MAX) {
            fputs("<a href=\"", out);
            finding_link(p, at);
            fputs("\">", out);
        }
        fprintf(out, "%zu finding%s", e->findings, plural(e->findings));
        if (at != SIZE_MAX)
            fputs("</a>", out);
        if (e->section || e->paragraph)
            fputs(e->findings == 1 ? ": " : ", the first: ", out);
    } else if (!e->section && !e->paragraph) {
        fputs("No findings", out);
        return;
    }
    if (e->section) {
        section_name(out, p->r, e->section);
        if (!section_found(p->r, e->section))
            fputs(" (missing)", out);
    }
    if (e->paragraph)
        fprintf(out, "%s¶%u", e->section ? ", " : "", e->paragraph);
}

static void checklist(const file_page *p)
{
    FILE *out = p->out;
    const dhr_result *r = p->r;
    heading(p, p->level, "checklist", "Annex I checklist");
    fputs("<p>The Final Checks of Annex I of the guidance, line by line. <strong>✓ covered"
          "</strong>: dhrlint found it in the report. <strong>✗ not covered</strong>: its rule "
          "has findings. <strong>manual</strong>: for a person to judge. <strong>not "
          "checked</strong>: its rule does not run at this stage.</p>\n",
          out);
    if (!r->nchecklist) {
        fputs("<p>The rules in use have no checklist.</p>\n", out);
        return;
    }
    fputs("<table class=\"checklist\">\n<caption>Annex I, line by line: ", out);
    checklist_summary(out, r);
    fputs("</caption>\n<thead><tr><th scope=\"col\">Line</th><th scope=\"col\">Status</th>"
          "<th scope=\"col\">Where</th></tr></thead>\n",
          out);
    const char *group = NULL;
    for (size_t i = 0; i < r->nchecklist; i++) {
        const dhr_checklist_entry *e = &r->checklist[i];
        if (i == 0 || !same_section(group, e->group)) {
            group = e->group;
            fputs(i ? "</tbody>\n<tbody>\n" : "<tbody>\n", out);
            fputs("<tr><th scope=\"rowgroup\" colspan=\"3\">", out);
            text(out, group ? group : "Other");
            fputs("</th></tr>\n", out);
        }
        fputs("<tr><th scope=\"row\">", out);
        text(out, e->text);
        fputs("</th><td class=\"status\">", out);
        switch (e->status) {
        case DHR_CHECKLIST_COVERED:
            status_tag(out, "covered", "✓ covered");
            break;
        case DHR_CHECKLIST_NOT_COVERED:
            status_tag(out, "not-covered", "✗ not covered");
            break;
        case DHR_CHECKLIST_MANUAL:
            status_tag(out, "manual", "manual");
            break;
        case DHR_CHECKLIST_NOT_CHECKED:
            status_tag(out, "not-checked", "not checked");
            break;
        }
        fputs("</td><td>", out);
        checklist_where(p, e);
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody>\n</table>\n", out);
}

static void file_section(FILE *out, const dhr_file_report *f, size_t no, bool batch,
                         const dhr_report_options *o)
{
    file_page p = {out, f, f->result, no, batch ? 3 : 2, o->stage};
    fprintf(out, "<div class=\"file\" id=\"f%zu\">\n", no);
    if (batch) {
        fputs("<h2>", out);
        text(out, f->path);
        fputs("</h2>\n", out);
    }
    verdict(&p);
    if (p.r) {
        findings(&p);
        family(&p);
        checklist(&p);
    }
    if (batch)
        fputs("<p class=\"back\"><a href=\"#files\">Back to the list of files</a></p>\n", out);
    fputs("</div>\n", out);
}

/* ---- The batch index ----------------------------------------------------- */

typedef struct index_row {
    const dhr_file_report *f;
    size_t no;
} index_row;

/* Worst first: unreadable files, then most errors, most warnings, then by
 * name (and the order given, for the same file named twice). */
static int index_order(const void *a, const void *b)
{
    const index_row *x = a, *y = b;
    const dhr_result *rx = x->f->result, *ry = y->f->result;
    if (!rx != !ry)
        return rx ? 1 : -1;
    if (rx) {
        for (int s = DHR_SEV_ERROR; s >= DHR_SEV_WARNING; s--)
            if (rx->count[s] != ry->count[s])
                return rx->count[s] > ry->count[s] ? -1 : 1;
    }
    int c = strcmp(x->f->path, y->f->path);
    return c ? c : (x->no > y->no) - (x->no < y->no);
}

static void batch_index(FILE *out, const dhr_file_report *files, size_t n)
{
    size_t total[3] = {0, 0, 0}, failed = 0, unreadable = 0;
    for (size_t i = 0; i < n; i++) {
        const dhr_result *r = files[i].result;
        if (!r) {
            unreadable++;
            continue;
        }
        failed += r->count[DHR_SEV_ERROR] > 0;
        for (int s = 0; s < 3; s++)
            total[s] += r->count[s];
    }
    fprintf(out,
            "<div class=\"verdict\">\n<p class=\"verdict-line\">%zu files: %zu passed, %zu "
            "failed, %zu could not be read; %zu errors, %zu warnings, %zu info</p>\n</div>\n",
            n, n - failed - unreadable, failed, unreadable, total[DHR_SEV_ERROR],
            total[DHR_SEV_WARNING], total[DHR_SEV_INFO]);
    index_row *rows = malloc((n ? n : 1) * sizeof *rows);
    if (!rows) {
        fputs("<p>Out of memory: the list of files could not be made.</p>\n", out);
        return;
    }
    for (size_t i = 0; i < n; i++)
        rows[i] = (index_row){&files[i], i + 1};
    qsort(rows, n, sizeof *rows, index_order);
    fputs("<h2 id=\"files\">The files</h2>\n"
          "<table class=\"index\">\n<caption>The files, most serious first: those that could "
          "not be read, then by most errors, most warnings, and name</caption>\n"
          "<thead><tr><th scope=\"col\">File</th><th scope=\"col\">Result</th>"
          "<th scope=\"col\" class=\"num\">Errors</th><th scope=\"col\" class=\"num\">Warnings"
          "</th><th scope=\"col\" class=\"num\">Info</th><th scope=\"col\" class=\"num\">Family "
          "requirements missing</th></tr></thead>\n<tbody>\n",
          out);
    for (size_t i = 0; i < n; i++) {
        const dhr_file_report *f = rows[i].f;
        const dhr_result *r = f->result;
        fprintf(out, "<tr><th scope=\"row\"><a href=\"#f%zu\">", rows[i].no);
        text(out, f->path);
        fputs("</a></th><td class=\"status\">", out);
        if (!r) {
            status_tag(out, "unreadable", "could not be read");
            fputs("</td><td class=\"num\">—</td><td class=\"num\">—</td><td class=\"num\">—</td>"
                  "<td class=\"num\">—</td></tr>\n",
                  out);
            continue;
        }
        bool fail = r->count[DHR_SEV_ERROR] > 0;
        status_tag(out, fail ? "fail" : "pass", fail ? "FAIL" : "PASS");
        size_t missing = 0;
        for (int k = 0; k < DHR_FAMILY_REQUIREMENTS; k++)
            missing += r->family[k].status == DHR_FAMILY_MISSING;
        fprintf(out,
                "</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td><td class=\"num\">%zu"
                "</td><td class=\"num\">%zu</td></tr>\n",
                r->count[DHR_SEV_ERROR], r->count[DHR_SEV_WARNING], r->count[DHR_SEV_INFO],
                missing);
    }
    fputs("</tbody>\n</table>\n", out);
    free(rows);
}

/* ---- The page ------------------------------------------------------------ */

void dhr_report_html(FILE *out, const dhr_file_report *files, size_t n,
                     const dhr_report_options *o)
{
    bool batch = n != 1;
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n"
          "<meta name=\"generator\" content=\"dhrlint " DHRLINT_VERSION "\" />\n<title>",
          out);
    if (batch) {
        fprintf(out, "dhrlint: %zu files", n);
    } else {
        fputs("dhrlint: ", out);
        text(out, files[0].path);
        fprintf(out, " (%s)", dhr_file_status(&files[0]));
    }
    fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body%s>\n", dhr_report_html_css,
            batch ? " class=\"batch\"" : "");
    fputs("<div class=\"banner\" role=\"banner\"><p>dhrlint <span>Domestic Homicide Review "
          "report check</span></p></div>\n<div class=\"page\" role=\"main\">\n<h1>",
          out);
    if (batch)
        fprintf(out, "%zu files checked", n);
    else
        text(out, files[0].path);
    fprintf(out, "</h1>\n<p class=\"caption\">Checked at the %s stage against the Home Office "
                 "statutory guidance for Domestic Homicide Reviews.</p>\n",
            dhr_stage_name(o->stage));
    if (batch)
        batch_index(out, files, n);
    for (size_t i = 0; i < n; i++)
        file_section(out, &files[i], i + 1, batch, o);
    fputs("</div>\n<div class=\"footer page\" role=\"contentinfo\"><p>Made by dhrlint "
          DHRLINT_VERSION ". dhrlint is a second reader, not a replacement for the Chair's own "
          "checks: a person should confirm each finding and judge the checklist's manual "
          "lines.</p></div>\n</body>\n</html>\n",
          out);
}
