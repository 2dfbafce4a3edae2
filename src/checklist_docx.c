/* The Annex I checklist as a Word document: what a CSP officer attaches to
 * the submission. One table per Annex I group, one row per line, in the
 * guidance's order; each row says covered, not covered, for a person to
 * check, or not checked, in words and a symbol (the cell shading only
 * repeats them), and where the report covers it or why not.
 *
 * The document carries no date and no path, only the report's file name:
 * the same report gives the same bytes, and nothing says whose computer it
 * was made on. */
#include "checklist_docx.h"

#include "docx_writer.h"
#include "dhrlint/version.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TITLE "DHR Submission Checklist (Annex I)"

/* A4 portrait with 2 cm margins, in twentieths of a point. */
#define PAGE_WIDTH 11906
#define PAGE_HEIGHT 16838
#define MARGIN 1134
#define TEXT_WIDTH (PAGE_WIDTH - 2 * MARGIN)

/* The item gets the most room; the third column holds a finding's message,
 * which can run to a few lines. */
static const int column_width[3] = {4253, 1701, TEXT_WIDTH - 4253 - 1701};
static const char *const column_title[3] = {"Checklist item", "Covered?",
                                            "Where in the report / why not"};

/* Report strings are capped: a heading or message of any length still
 * leaves a readable row. */
#define MAX_NAME_CHARS 200
#define MAX_HEADING_CHARS 150
#define MAX_MESSAGE_CHARS 600

/* The tick column. The word says it; the symbol and the shading repeat it
 * for someone scanning the page, and neither is needed to read it. */
static const struct {
    const char *tick, *fill;
    bool bold;
} status_look[] = {
    [DHR_CHECKLIST_COVERED] = {"✓ Covered", "E2EFDA", true},
    [DHR_CHECKLIST_NOT_COVERED] = {"✗ Not covered", "F8D7DA", true},
    [DHR_CHECKLIST_MANUAL] = {"☐ Manual check", "FFF2CC", false},
    [DHR_CHECKLIST_NOT_CHECKED] = {"Not checked at this stage", "EDEDED", false},
};

enum { LOOK_BOLD = 1, LOOK_ITALIC = 2, LOOK_SMALL = 4 };

typedef struct writer {
    dhr_package *pkg;
    char *err;
    size_t errlen;
    bool marked; /* OFFICIAL-SENSITIVE in the header and footer */
} writer;

static void namespaces(dhr_xml_part *x)
{
    dhr_xml_attr(x, "xmlns:w", DHR_NS_W);
    dhr_xml_attr(x, "xmlns:r", DHR_NS_R);
}

static void run(dhr_xml_part *x, const char *text, unsigned look)
{
    dhr_xml_start(x, "w:r");
    if (look) {
        dhr_xml_start(x, "w:rPr");
        if (look & LOOK_BOLD)
            dhr_xml_empty(x, "w:b", NULL, NULL);
        if (look & LOOK_ITALIC)
            dhr_xml_empty(x, "w:i", NULL, NULL);
        if (look & LOOK_SMALL) {
            dhr_xml_empty(x, "w:color", "w:val", "595959");
            dhr_xml_empty(x, "w:sz", "w:val", "18");
            dhr_xml_empty(x, "w:szCs", "w:val", "18");
        }
        dhr_xml_end(x);
    }
    dhr_xml_start(x, "w:t");
    dhr_xml_attr(x, "xml:space", "preserve");
    dhr_xml_text(x, text);
    dhr_xml_end(x);
    dhr_xml_end(x);
}

static void para_begin(dhr_xml_part *x, const char *style)
{
    dhr_xml_start(x, "w:p");
    if (style) {
        dhr_xml_start(x, "w:pPr");
        dhr_xml_empty(x, "w:pStyle", "w:val", style);
        dhr_xml_end(x);
    }
}

static void para(dhr_xml_part *x, const char *style, const char *text, unsigned look)
{
    para_begin(x, style);
    if (text && *text)
        run(x, text, look);
    dhr_xml_end(x);
}

/* "Label: value" on a line of its own, the label bold. */
static void labelled(dhr_xml_part *x, const char *label, const char *value)
{
    para_begin(x, "Summary");
    run(x, label, LOOK_BOLD);
    run(x, " ", 0);
    run(x, value, 0);
    dhr_xml_end(x);
}

static const dhr_section_found *section_found(const dhr_result *r, const char *id)
{
    for (size_t i = 0; id && i < r->nsection; i++)
        if (r->sections[i].id && strcmp(r->sections[i].id, id) == 0)
            return &r->sections[i];
    return NULL;
}

/* Length of a heading's own number ("5", "5.2") when the heading starts
 * with one followed by ".", ")" or ":" and a space, so that "5. Terms of
 * Reference" reads "Section 'Terms of Reference' (5)" as the template names
 * it; 0 when it has none. *REST is where the words begin. */
static size_t heading_number(const char *h, const char **rest)
{
    size_t n = 0;
    while ((h[n] >= '0' && h[n] <= '9') || (n && h[n] == '.' && h[n + 1] >= '0' && h[n + 1] <= '9'))
        n++;
    if (!n)
        return 0;
    size_t i = n;
    if (h[i] == '.' || h[i] == ')' || h[i] == ':')
        i++;
    if (h[i] != ' ' && h[i] != '\t')
        return 0;
    while (h[i] == ' ' || h[i] == '\t')
        i++;
    if (!h[i])
        return 0;
    *rest = h + i;
    return n;
}

/* "Section 'Terms of Reference' (5)" when the report has the section under
 * a heading, "the title page" for the part before the first heading, else
 * "section ID" (a section the report lacks is known only by its id). */
static bool describe_section(dhr_strbuf *b, const dhr_result *r, const char *id)
{
    const dhr_section_found *s = section_found(r, id);
    if (s && !s->heading)
        return dhr_sb_printf(b, "The title page");
    if (!s)
        return dhr_sb_printf(b, "Section %s (not found in the report)", id);
    char *heading = dhr_xml_clean(s->heading, MAX_HEADING_CHARS);
    if (!heading)
        return false;
    const char *words = heading;
    size_t num = heading_number(heading, &words);
    bool ok = num ? dhr_sb_printf(b, "Section '%s' (%.*s)", words, (int)num, heading)
                  : dhr_sb_printf(b, "Section '%s'", heading);
    free(heading);
    return ok;
}

/* Where a finding outside the body text is, in words a reader of the
 * report knows. */
static const char *part_words(dhr_part part)
{
    switch (part) {
    case DHR_PART_BODY:
        return NULL;
    case DHR_PART_HEADER:
        return "the page headers";
    case DHR_PART_FOOTER:
        return "the page footers";
    case DHR_PART_FOOTNOTE:
        return "the footnotes";
    case DHR_PART_ENDNOTE:
        return "the endnotes";
    case DHR_PART_COMMENT:
        return "the comments";
    case DHR_PART_TEXTBOX:
        return "a text box";
    case DHR_PART_REVISION:
        return "text deleted by a tracked change";
    case DHR_PART_ALT_TEXT:
        return "an image's alt text";
    case DHR_PART_METADATA:
        return "the document properties";
    case DHR_PART_COUNT:
        break;
    }
    return "elsewhere in the file";
}

/* "Section 'Analysis' (9), paragraph 153": section, part, paragraph, each
 * when known, joined by commas. False when out of memory; B is left empty
 * when nothing is known. */
static bool describe_place(dhr_strbuf *b, const dhr_result *r, const char *section,
                           dhr_part part, uint32_t paragraph)
{
    bool ok = true;
    if (section)
        ok = describe_section(b, r, section);
    const char *where = part_words(part);
    if (ok && where)
        ok = dhr_sb_printf(b, "%s%s", b->len ? ", in " : "In ", where);
    if (ok && paragraph && part != DHR_PART_METADATA)
        ok = dhr_sb_printf(b, "%s%u", b->len ? ", paragraph " : "Paragraph ", (unsigned)paragraph);
    return ok;
}

static const dhr_finding *first_finding(const dhr_result *r, const char *rule)
{
    for (size_t i = 0; rule && i < r->nfinding; i++)
        if (r->findings[i].rule && strcmp(r->findings[i].rule, rule) == 0)
            return &r->findings[i];
    return NULL;
}

/* The third column's paragraphs, written into X. */
static bool where_cell(dhr_xml_part *x, const dhr_result *r, const dhr_checklist_entry *e,
                       dhr_stage stage)
{
    dhr_strbuf b = {0};
    bool ok = true;
    switch (e->status) {
    case DHR_CHECKLIST_COVERED:
        ok = describe_place(&b, r, e->section, DHR_PART_BODY, e->paragraph);
        if (ok && !b.len)
            ok = dhr_sb_printf(&b, "Nothing found against it.");
        para(x, "TableText", b.s, 0);
        break;
    case DHR_CHECKLIST_NOT_COVERED: {
        /* Where the first finding is and what it says; the rest are in
         * dhrlint's report, which the row points to rather than repeats. */
        const dhr_finding *f = first_finding(r, e->rule);
        if (f)
            ok = describe_place(&b, r, f->loc.section, f->loc.part, f->loc.paragraph);
        else
            ok = describe_place(&b, r, e->section, DHR_PART_BODY, e->paragraph);
        if (ok && b.len) {
            ok = dhr_sb_printf(&b, ":");
            para(x, "TableText", b.s, LOOK_BOLD);
        }
        char *message = ok && f ? dhr_xml_clean(f->message, MAX_MESSAGE_CHARS) : NULL;
        if (ok && f && !message)
            ok = false;
        para(x, "TableText", message ? message : "See dhrlint's report.", 0);
        free(message);
        if (ok && e->findings > 1) {
            dhr_sb_clear(&b);
            ok = dhr_sb_printf(&b, "and %zu more finding%s: see dhrlint's report", e->findings - 1,
                               e->findings == 2 ? "" : "s");
            para(x, "TableText", b.s, LOOK_ITALIC);
        }
        break;
    }
    case DHR_CHECKLIST_MANUAL:
        para(x, "TableText", "For the Chair or CSP to check. Where covered:", 0);
        /* Room to write the section and paragraph by hand. */
        para(x, "TableText", NULL, 0);
        break;
    case DHR_CHECKLIST_NOT_CHECKED:
        ok = dhr_sb_printf(&b, "dhrlint did not check this at the %s stage (its rule does not run "
                               "then, or a local rule file turns it off): check it by hand.",
                           dhr_stage_name(stage));
        para(x, "TableText", b.s, 0);
        break;
    }
    if (ok && e->rule && e->status != DHR_CHECKLIST_MANUAL) {
        dhr_sb_clear(&b);
        ok = dhr_sb_printf(&b, "dhrlint rule: %s", e->rule);
        para(x, "TableText", b.s, LOOK_SMALL);
    }
    dhr_sb_free(&b);
    return ok;
}

static void cell_begin(dhr_xml_part *x, int column, const char *fill)
{
    char width[16];
    snprintf(width, sizeof width, "%d", column_width[column]);
    dhr_xml_start(x, "w:tc");
    dhr_xml_start(x, "w:tcPr");
    dhr_xml_start(x, "w:tcW");
    dhr_xml_attr(x, "w:w", width);
    dhr_xml_attr(x, "w:type", "dxa");
    dhr_xml_end(x);
    if (fill) {
        dhr_xml_start(x, "w:shd");
        dhr_xml_attr(x, "w:val", "clear");
        dhr_xml_attr(x, "w:color", "auto");
        dhr_xml_attr(x, "w:fill", fill);
        dhr_xml_end(x);
    }
    dhr_xml_end(x);
}

/* Rows are never split over a page, so a line and its answer are read
 * together; the header row repeats on each page a table runs onto. */
static void row_begin(dhr_xml_part *x, bool header)
{
    dhr_xml_start(x, "w:tr");
    dhr_xml_start(x, "w:trPr");
    dhr_xml_empty(x, "w:cantSplit", NULL, NULL);
    if (header)
        dhr_xml_empty(x, "w:tblHeader", NULL, NULL);
    dhr_xml_end(x);
}

static void table_begin(dhr_xml_part *x)
{
    dhr_xml_start(x, "w:tbl");
    dhr_xml_start(x, "w:tblPr");
    dhr_xml_empty(x, "w:tblStyle", "w:val", "TableGrid");
    dhr_xml_start(x, "w:tblW");
    dhr_xml_attr(x, "w:w", "5000");
    dhr_xml_attr(x, "w:type", "pct");
    dhr_xml_end(x);
    dhr_xml_empty(x, "w:tblLayout", "w:type", "fixed");
    dhr_xml_start(x, "w:tblLook");
    dhr_xml_attr(x, "w:val", "04A0");
    dhr_xml_attr(x, "w:firstRow", "1");
    dhr_xml_attr(x, "w:lastRow", "0");
    dhr_xml_attr(x, "w:firstColumn", "0");
    dhr_xml_attr(x, "w:lastColumn", "0");
    dhr_xml_attr(x, "w:noHBand", "1");
    dhr_xml_attr(x, "w:noVBand", "1");
    dhr_xml_end(x);
    dhr_xml_end(x);
    dhr_xml_start(x, "w:tblGrid");
    for (int c = 0; c < 3; c++) {
        char width[16];
        snprintf(width, sizeof width, "%d", column_width[c]);
        dhr_xml_empty(x, "w:gridCol", "w:w", width);
    }
    dhr_xml_end(x);
    row_begin(x, true);
    for (int c = 0; c < 3; c++) {
        cell_begin(x, c, "D9D9D9");
        para(x, "TableText", column_title[c], LOOK_BOLD);
        dhr_xml_end(x);
    }
    dhr_xml_end(x);
}

static bool entry_row(dhr_xml_part *x, const dhr_result *r, const dhr_checklist_entry *e,
                      dhr_stage stage)
{
    unsigned s = e->status <= DHR_CHECKLIST_NOT_CHECKED ? e->status : DHR_CHECKLIST_MANUAL;
    row_begin(x, false);
    cell_begin(x, 0, NULL);
    para(x, "TableText", e->text, 0);
    dhr_xml_end(x);
    cell_begin(x, 1, status_look[s].fill);
    para(x, "TableText", status_look[s].tick, status_look[s].bold ? LOOK_BOLD : 0);
    if (s == DHR_CHECKLIST_NOT_COVERED && e->findings) {
        char count[48];
        snprintf(count, sizeof count, "%zu finding%s", e->findings, e->findings == 1 ? "" : "s");
        para(x, "TableText", count, 0);
    }
    dhr_xml_end(x);
    cell_begin(x, 2, NULL);
    bool ok = where_cell(x, r, e, stage);
    dhr_xml_end(x);
    dhr_xml_end(x);
    return ok;
}

static const char *stage_words(dhr_stage s)
{
    switch (s) {
    case DHR_STAGE_DRAFT:
        return "draft (checked as a working draft)";
    case DHR_STAGE_SUBMISSION:
        return "submission (to the Home Office Quality Assurance Board)";
    case DHR_STAGE_PUBLICATION:
        return "publication";
    }
    return dhr_stage_name(s);
}

static bool summary(dhr_xml_part *x, const dhr_file_report *f, dhr_stage stage)
{
    const dhr_result *r = f->result;
    const char *slash = strrchr(f->path, '/');
    char *name = dhr_xml_clean(slash && slash[1] ? slash + 1 : f->path, MAX_NAME_CHARS);
    size_t by_status[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < r->nchecklist; i++)
        if (r->checklist[i].status <= DHR_CHECKLIST_NOT_CHECKED)
            by_status[r->checklist[i].status]++;
    dhr_strbuf verdict = {0}, lines = {0};
    size_t errors = r->count[DHR_SEV_ERROR], warnings = r->count[DHR_SEV_WARNING];
    bool ok = name &&
              dhr_sb_printf(&verdict, "%s at %s: %zu error%s, %zu warning%s, %zu info",
                            errors ? "FAIL" : "PASS", dhr_stage_name(stage), errors,
                            errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s",
                            r->count[DHR_SEV_INFO]) &&
              dhr_sb_printf(&lines,
                            "%zu of %zu lines covered, %zu not covered, %zu to be checked by "
                            "a person, %zu not checked at this stage",
                            by_status[DHR_CHECKLIST_COVERED], r->nchecklist,
                            by_status[DHR_CHECKLIST_NOT_COVERED], by_status[DHR_CHECKLIST_MANUAL],
                            by_status[DHR_CHECKLIST_NOT_CHECKED]);
    if (ok) {
        labelled(x, "Report:", name);
        labelled(x, "Stage:", stage_words(stage));
        labelled(x, "Result:", verdict.s);
        labelled(x, "Checklist:", lines.s);
        labelled(x, "Filled in by:", "dhrlint " DHRLINT_VERSION);
        para(x, "Intro",
             "Each line of the statutory guidance's Annex I checklist is below, in its order "
             "and groups, with whether dhrlint found it covered in the report and where, or why "
             "not. Lines marked \"Manual check\" ask for a judgement: the DHR Chair or the CSP "
             "ticks them by hand. Please include this checklist with the DHR documents sent to "
             "the Home Office.",
             0);
    }
    free(name);
    dhr_sb_free(&verdict);
    dhr_sb_free(&lines);
    return ok;
}

static void closing_note(dhr_xml_part *x)
{
    static const char *const note[][2] = {
        {"✓ Covered:", "dhrlint found what the line asks for and no finding against it; the "
                       "section and paragraph are where it found it."},
        {"✗ Not covered:", "dhrlint has findings against the line; the first is quoted. "
                           "Resolve them, or say in the report why the line does not apply."},
        {"☐ Manual check:", "the line asks for a judgement no program can make from the words "
                            "(is the analysis adequate, do the recommendations reflect the "
                            "lessons). A person reads the report and ticks it."},
        {"Not checked at this stage:", "the rule behind the line does not run at this stage, "
                                       "or a local rule file turns it off; check it by hand."},
        {"Paragraph numbers", "count the paragraphs of the report's body from its start, "
                              "headings and table cells included, as in dhrlint's "
                              "report; they are not the report's own numbering."},
    };
    para(x, "Heading1", "About this checklist", 0);
    for (size_t i = 0; i < sizeof note / sizeof note[0]; i++) {
        para_begin(x, NULL);
        run(x, note[i][0], LOOK_BOLD);
        run(x, " ", 0);
        run(x, note[i][1], 0);
        dhr_xml_end(x);
    }
    para(x, NULL,
         "dhrlint is a second reader. It looks for the words and structure the statutory "
         "guidance asks for; it can miss what is said in other words, and a line it marks "
         "covered still deserves a person's reading. It does not replace the Panel's review "
         "or the CSP's sign-off.",
         0);
}

static void section_properties(dhr_xml_part *x, bool marked)
{
    char num[16];
    dhr_xml_start(x, "w:sectPr");
    if (marked) {
        dhr_xml_start(x, "w:headerReference");
        dhr_xml_attr(x, "w:type", "default");
        dhr_xml_attr(x, "r:id", "rIdHeader");
        dhr_xml_end(x);
    }
    dhr_xml_start(x, "w:footerReference");
    dhr_xml_attr(x, "w:type", "default");
    dhr_xml_attr(x, "r:id", "rIdFooter");
    dhr_xml_end(x);
    dhr_xml_start(x, "w:pgSz");
    snprintf(num, sizeof num, "%d", PAGE_WIDTH);
    dhr_xml_attr(x, "w:w", num);
    snprintf(num, sizeof num, "%d", PAGE_HEIGHT);
    dhr_xml_attr(x, "w:h", num);
    dhr_xml_end(x);
    dhr_xml_start(x, "w:pgMar");
    snprintf(num, sizeof num, "%d", MARGIN);
    static const char *const sides[] = {"w:top", "w:right", "w:bottom", "w:left"};
    for (size_t i = 0; i < 4; i++)
        dhr_xml_attr(x, sides[i], num);
    dhr_xml_attr(x, "w:header", "567");
    dhr_xml_attr(x, "w:footer", "567");
    dhr_xml_attr(x, "w:gutter", "0");
    dhr_xml_end(x);
    dhr_xml_end(x);
}

static bool document_part(writer *wr, const dhr_file_report *f, dhr_stage stage)
{
    const dhr_result *r = f->result;
    dhr_xml_part x;
    dhr_xml_part_open(&x);
    dhr_xml_start(&x, "w:document");
    namespaces(&x);
    dhr_xml_start(&x, "w:body");
    para(&x, "Title", TITLE, 0);
    para(&x, "Subtitle",
         "Domestic Homicide Review document checklist for DHR Panel and CSP use before "
         "submission to the Home Office Quality Assurance Board",
         0);
    bool ok = summary(&x, f, stage);
    para(&x, "Heading1", "Checklist", 0);
    if (!r->nchecklist)
        para(&x, NULL, "The rules dhrlint ran with have no Annex I checklist.", 0);
    const char *group = NULL;
    for (size_t i = 0; ok && i < r->nchecklist; i++) {
        const dhr_checklist_entry *e = &r->checklist[i];
        const char *g = e->group ? e->group : "";
        if (!group || strcmp(group, g) != 0) {
            if (group)
                dhr_xml_end(&x); /* the previous group's table */
            para(&x, "Heading2", *g ? g : "Other lines", 0);
            table_begin(&x);
            group = g;
        }
        ok = entry_row(&x, r, e, stage);
    }
    if (group)
        dhr_xml_end(&x);
    closing_note(&x);
    section_properties(&x, wr->marked);
    dhr_xml_end(&x); /* body */
    dhr_xml_end(&x); /* document */
    if (!ok) {
        dhr_xml_part_discard(&x);
        snprintf(wr->err, wr->errlen, "out of memory");
        return false;
    }
    return dhr_package_add_xml(wr->pkg, "word/document.xml", &x, wr->err, wr->errlen);
}

/* A header or footer: the protective marking (guidance 14.1: until
 * publication every DHR document is OFFICIAL-SENSITIVE, and the findings
 * quoted here come from the report), and in the footer the page number. */
static bool header_footer_part(writer *wr, const char *name, bool footer)
{
    dhr_xml_part x;
    dhr_xml_part_open(&x);
    dhr_xml_start(&x, footer ? "w:ftr" : "w:hdr");
    namespaces(&x);
    if (wr->marked)
        para(&x, footer ? "Footer" : "Header", "OFFICIAL-SENSITIVE", LOOK_BOLD);
    if (footer) {
        para_begin(&x, "Footer");
        run(&x, TITLE " – page ", 0);
        static const char *const fields[] = {" PAGE ", " NUMPAGES "};
        for (int i = 0; i < 2; i++) {
            if (i)
                run(&x, " of ", 0);
            dhr_xml_start(&x, "w:fldSimple");
            dhr_xml_attr(&x, "w:instr", fields[i]);
            run(&x, "1", 0);
            dhr_xml_end(&x);
        }
        dhr_xml_end(&x);
    }
    dhr_xml_end(&x);
    return dhr_package_add_xml(wr->pkg, name, &x, wr->err, wr->errlen);
}

static void rpr_size(dhr_xml_part *x, const char *half_points)
{
    dhr_xml_empty(x, "w:sz", "w:val", half_points);
    dhr_xml_empty(x, "w:szCs", "w:val", half_points);
}

static void spacing(dhr_xml_part *x, const char *before, const char *after)
{
    dhr_xml_start(x, "w:spacing");
    dhr_xml_attr(x, "w:before", before);
    dhr_xml_attr(x, "w:after", after);
    dhr_xml_end(x);
}

/* A paragraph style. NAME is Word's own name for its built-in styles
 * ("heading 1"), so that Word and LibreOffice take them for their own and
 * the navigation pane and PDF bookmarks follow the headings. */
/* The style unstyled paragraphs, runs or tables get: its w:default is an
 * attribute, so it comes before style_begin's child elements. */
static void default_style_begin(dhr_xml_part *x, const char *type, const char *id,
                                const char *name)
{
    dhr_xml_start(x, "w:style");
    dhr_xml_attr(x, "w:type", type);
    dhr_xml_attr(x, "w:default", "1");
    dhr_xml_attr(x, "w:styleId", id);
    dhr_xml_empty(x, "w:name", "w:val", name);
}

/* w:tblCellMar: Word's 108 twips left and right, VERTICAL above and below. */
static void cell_margins(dhr_xml_part *x, const char *vertical)
{
    static const char *const sides[] = {"w:top", "w:left", "w:bottom", "w:right"};
    dhr_xml_start(x, "w:tblCellMar");
    for (size_t i = 0; i < 4; i++) {
        dhr_xml_start(x, sides[i]);
        dhr_xml_attr(x, "w:w", i % 2 ? "108" : vertical);
        dhr_xml_attr(x, "w:type", "dxa");
        dhr_xml_end(x);
    }
    dhr_xml_end(x);
}

static void style_begin(dhr_xml_part *x, const char *type, const char *id, const char *name,
                        const char *based_on)
{
    dhr_xml_start(x, "w:style");
    dhr_xml_attr(x, "w:type", type);
    dhr_xml_attr(x, "w:styleId", id);
    dhr_xml_empty(x, "w:name", "w:val", name);
    if (based_on)
        dhr_xml_empty(x, "w:basedOn", "w:val", based_on);
}

static void heading_style(dhr_xml_part *x, const char *id, const char *name, const char *level,
                          const char *before, const char *size)
{
    style_begin(x, "paragraph", id, name, "Normal");
    dhr_xml_empty(x, "w:next", "w:val", "Normal");
    dhr_xml_empty(x, "w:qFormat", NULL, NULL);
    dhr_xml_start(x, "w:pPr");
    dhr_xml_empty(x, "w:keepNext", NULL, NULL);
    dhr_xml_empty(x, "w:keepLines", NULL, NULL);
    spacing(x, before, "120");
    dhr_xml_empty(x, "w:outlineLvl", "w:val", level);
    dhr_xml_end(x);
    dhr_xml_start(x, "w:rPr");
    dhr_xml_empty(x, "w:b", NULL, NULL);
    dhr_xml_empty(x, "w:bCs", NULL, NULL);
    rpr_size(x, size);
    dhr_xml_end(x);
    dhr_xml_end(x);
}

static bool styles_part(writer *wr)
{
    dhr_xml_part x;
    dhr_xml_part_open(&x);
    dhr_xml_start(&x, "w:styles");
    namespaces(&x);

    dhr_xml_start(&x, "w:docDefaults");
    dhr_xml_start(&x, "w:rPrDefault");
    dhr_xml_start(&x, "w:rPr");
    dhr_xml_start(&x, "w:rFonts");
    static const char *const font_attrs[] = {"w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"};
    for (size_t i = 0; i < 4; i++)
        dhr_xml_attr(&x, font_attrs[i], "Arial");
    dhr_xml_end(&x);
    rpr_size(&x, "22");
    dhr_xml_start(&x, "w:lang");
    dhr_xml_attr(&x, "w:val", "en-GB");
    dhr_xml_attr(&x, "w:eastAsia", "en-GB");
    dhr_xml_attr(&x, "w:bidi", "ar-SA");
    dhr_xml_end(&x);
    dhr_xml_end(&x);
    dhr_xml_end(&x);
    dhr_xml_start(&x, "w:pPrDefault");
    dhr_xml_start(&x, "w:pPr");
    spacing(&x, "0", "120");
    dhr_xml_end(&x);
    dhr_xml_end(&x);
    dhr_xml_end(&x);

    default_style_begin(&x, "paragraph", "Normal", "Normal");
    dhr_xml_empty(&x, "w:qFormat", NULL, NULL);
    dhr_xml_end(&x);

    default_style_begin(&x, "character", "DefaultParagraphFont", "Default Paragraph Font");
    dhr_xml_empty(&x, "w:uiPriority", "w:val", "1");
    dhr_xml_empty(&x, "w:semiHidden", NULL, NULL);
    dhr_xml_empty(&x, "w:unhideWhenUsed", NULL, NULL);
    dhr_xml_end(&x);

    style_begin(&x, "paragraph", "Title", "Title", "Normal");
    dhr_xml_empty(&x, "w:next", "w:val", "Normal");
    dhr_xml_empty(&x, "w:qFormat", NULL, NULL);
    dhr_xml_start(&x, "w:pPr");
    dhr_xml_empty(&x, "w:keepNext", NULL, NULL);
    spacing(&x, "0", "120");
    dhr_xml_end(&x);
    dhr_xml_start(&x, "w:rPr");
    dhr_xml_empty(&x, "w:b", NULL, NULL);
    dhr_xml_empty(&x, "w:bCs", NULL, NULL);
    rpr_size(&x, "40");
    dhr_xml_end(&x);
    dhr_xml_end(&x);

    style_begin(&x, "paragraph", "Subtitle", "Subtitle", "Normal");
    dhr_xml_empty(&x, "w:next", "w:val", "Normal");
    dhr_xml_empty(&x, "w:qFormat", NULL, NULL);
    dhr_xml_start(&x, "w:pPr");
    spacing(&x, "0", "240");
    dhr_xml_end(&x);
    dhr_xml_start(&x, "w:rPr");
    dhr_xml_empty(&x, "w:i", NULL, NULL);
    dhr_xml_empty(&x, "w:iCs", NULL, NULL);
    rpr_size(&x, "24");
    dhr_xml_end(&x);
    dhr_xml_end(&x);

    heading_style(&x, "Heading1", "heading 1", "0", "360", "30");
    heading_style(&x, "Heading2", "heading 2", "1", "240", "24");

    /* The summary lines at the top sit close together, as one block. */
    style_begin(&x, "paragraph", "Summary", "Summary", "Normal");
    dhr_xml_start(&x, "w:pPr");
    spacing(&x, "0", "40");
    dhr_xml_end(&x);
    dhr_xml_end(&x);

    /* The explanation under the summary block, set off from it. */
    style_begin(&x, "paragraph", "Intro", "Introduction", "Normal");
    dhr_xml_start(&x, "w:pPr");
    spacing(&x, "200", "120");
    dhr_xml_end(&x);
    dhr_xml_end(&x);

    /* Table cells: no space after each paragraph, which in a cell only
     * makes the rows taller. A paragraph style rather than the table
     * style's paragraph properties, which LibreOffice does not apply. */
    style_begin(&x, "paragraph", "TableText", "Table Text", "Normal");
    dhr_xml_start(&x, "w:pPr");
    spacing(&x, "0", "0");
    dhr_xml_end(&x);
    dhr_xml_start(&x, "w:rPr");
    rpr_size(&x, "20");
    dhr_xml_end(&x);
    dhr_xml_end(&x);

    style_begin(&x, "paragraph", "Header", "header", "Normal");
    dhr_xml_start(&x, "w:pPr");
    spacing(&x, "0", "0");
    dhr_xml_empty(&x, "w:jc", "w:val", "center");
    dhr_xml_end(&x);
    dhr_xml_end(&x);

    style_begin(&x, "paragraph", "Footer", "footer", "Normal");
    dhr_xml_start(&x, "w:pPr");
    spacing(&x, "0", "0");
    dhr_xml_empty(&x, "w:jc", "w:val", "center");
    dhr_xml_end(&x);
    dhr_xml_start(&x, "w:rPr");
    rpr_size(&x, "18");
    dhr_xml_end(&x);
    dhr_xml_end(&x);

    default_style_begin(&x, "table", "TableNormal", "Normal Table");
    dhr_xml_empty(&x, "w:uiPriority", "w:val", "99");
    dhr_xml_empty(&x, "w:semiHidden", NULL, NULL);
    dhr_xml_empty(&x, "w:unhideWhenUsed", NULL, NULL);
    dhr_xml_start(&x, "w:tblPr");
    dhr_xml_start(&x, "w:tblInd");
    dhr_xml_attr(&x, "w:w", "0");
    dhr_xml_attr(&x, "w:type", "dxa");
    dhr_xml_end(&x);
    cell_margins(&x, "0");
    dhr_xml_end(&x);
    dhr_xml_end(&x);

    /* Word's own "Table Grid": a thin rule round every cell, so that the
     * table reads in black and white. */
    style_begin(&x, "table", "TableGrid", "Table Grid", "TableNormal");
    dhr_xml_empty(&x, "w:uiPriority", "w:val", "39");
    dhr_xml_start(&x, "w:tblPr");
    dhr_xml_start(&x, "w:tblBorders");
    static const char *const borders[] = {"w:top",    "w:left",    "w:bottom",
                                          "w:right",  "w:insideH", "w:insideV"};
    for (size_t i = 0; i < 6; i++) {
        dhr_xml_start(&x, borders[i]);
        dhr_xml_attr(&x, "w:val", "single");
        dhr_xml_attr(&x, "w:sz", "4");
        dhr_xml_attr(&x, "w:space", "0");
        dhr_xml_attr(&x, "w:color", "auto");
        dhr_xml_end(&x);
    }
    dhr_xml_end(&x);
    cell_margins(&x, "57");
    dhr_xml_end(&x);
    dhr_xml_end(&x);

    dhr_xml_end(&x); /* styles */
    return dhr_package_add_xml(wr->pkg, "word/styles.xml", &x, wr->err, wr->errlen);
}

/* Word opens a document without compatibilityMode as a Word 2007 one and
 * says "Compatibility Mode" in its title bar; 15 is the current format. */
static bool settings_part(writer *wr)
{
    dhr_xml_part x;
    dhr_xml_part_open(&x);
    dhr_xml_start(&x, "w:settings");
    namespaces(&x);
    dhr_xml_empty(&x, "w:defaultTabStop", "w:val", "720");
    dhr_xml_empty(&x, "w:characterSpacingControl", "w:val", "doNotCompress");
    dhr_xml_start(&x, "w:compat");
    dhr_xml_start(&x, "w:compatSetting");
    dhr_xml_attr(&x, "w:name", "compatibilityMode");
    dhr_xml_attr(&x, "w:uri", "http://schemas.microsoft.com/office/word");
    dhr_xml_attr(&x, "w:val", "15");
    dhr_xml_end(&x);
    dhr_xml_end(&x);
    dhr_xml_end(&x);
    return dhr_package_add_xml(wr->pkg, "word/settings.xml", &x, wr->err, wr->errlen);
}

static void relationship(dhr_xml_part *x, const char *id, const char *type, const char *target)
{
    dhr_xml_start(x, "Relationship");
    dhr_xml_attr(x, "Id", id);
    dhr_xml_attr(x, "Type", type);
    dhr_xml_attr(x, "Target", target);
    dhr_xml_end(x);
}

static bool relationship_parts(writer *wr)
{
    dhr_xml_part x;
    dhr_xml_part_open(&x);
    dhr_xml_start(&x, "Relationships");
    dhr_xml_attr(&x, "xmlns", DHR_NS_PKG_REL);
    relationship(&x, "rId1", DHR_REL_TYPE("officeDocument"), "word/document.xml");
    relationship(&x, "rId2",
                 "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                 "core-properties",
                 "docProps/core.xml");
    relationship(&x, "rId3", DHR_REL_TYPE("extended-properties"), "docProps/app.xml");
    dhr_xml_end(&x);
    if (!dhr_package_add_xml(wr->pkg, "_rels/.rels", &x, wr->err, wr->errlen))
        return false;

    dhr_xml_part_open(&x);
    dhr_xml_start(&x, "Relationships");
    dhr_xml_attr(&x, "xmlns", DHR_NS_PKG_REL);
    relationship(&x, "rIdStyles", DHR_REL_TYPE("styles"), "styles.xml");
    relationship(&x, "rIdSettings", DHR_REL_TYPE("settings"), "settings.xml");
    if (wr->marked)
        relationship(&x, "rIdHeader", DHR_REL_TYPE("header"), "header1.xml");
    relationship(&x, "rIdFooter", DHR_REL_TYPE("footer"), "footer1.xml");
    dhr_xml_end(&x);
    return dhr_package_add_xml(wr->pkg, "word/_rels/document.xml.rels", &x, wr->err,
                               wr->errlen);
}

static bool content_types_part(writer *wr)
{
    static const char *const wml = "application/vnd.openxmlformats-officedocument."
                                   "wordprocessingml.";
    static const struct {
        const char *part, *type;
        bool wml;
    } overrides[] = {
        {"/word/document.xml", "document.main+xml", true},
        {"/word/styles.xml", "styles+xml", true},
        {"/word/settings.xml", "settings+xml", true},
        {"/word/header1.xml", "header+xml", true},
        {"/word/footer1.xml", "footer+xml", true},
        {"/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml",
         false},
        {"/docProps/app.xml",
         "application/vnd.openxmlformats-officedocument.extended-properties+xml", false},
    };
    dhr_xml_part x;
    dhr_xml_part_open(&x);
    dhr_xml_start(&x, "Types");
    dhr_xml_attr(&x, "xmlns", DHR_NS_CONTENT_TYPES);
    dhr_xml_start(&x, "Default");
    dhr_xml_attr(&x, "Extension", "rels");
    dhr_xml_attr(&x, "ContentType", "application/vnd.openxmlformats-package.relationships+xml");
    dhr_xml_end(&x);
    dhr_xml_start(&x, "Default");
    dhr_xml_attr(&x, "Extension", "xml");
    dhr_xml_attr(&x, "ContentType", "application/xml");
    dhr_xml_end(&x);
    for (size_t i = 0; i < sizeof overrides / sizeof overrides[0]; i++) {
        if (!wr->marked && strcmp(overrides[i].part, "/word/header1.xml") == 0)
            continue;
        char type[160];
        snprintf(type, sizeof type, "%s%s", overrides[i].wml ? wml : "", overrides[i].type);
        dhr_xml_start(&x, "Override");
        dhr_xml_attr(&x, "PartName", overrides[i].part);
        dhr_xml_attr(&x, "ContentType", type);
        dhr_xml_end(&x);
    }
    dhr_xml_end(&x);
    return dhr_package_add_xml(wr->pkg, "[Content_Types].xml", &x, wr->err, wr->errlen);
}

/* The properties name the tool, never a person, and carry no date: a
 * submission's metadata is itself checked for names (hygiene.metadata). */
static bool property_parts(writer *wr)
{
    dhr_xml_part x;
    dhr_xml_part_open(&x);
    dhr_xml_start(&x, "cp:coreProperties");
    dhr_xml_attr(&x, "xmlns:cp",
                 "http://schemas.openxmlformats.org/package/2006/metadata/core-properties");
    dhr_xml_attr(&x, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
    dhr_xml_attr(&x, "xmlns:dcterms", "http://purl.org/dc/terms/");
    dhr_xml_start(&x, "dc:title");
    dhr_xml_text(&x, TITLE);
    dhr_xml_end(&x);
    dhr_xml_start(&x, "dc:creator");
    dhr_xml_text(&x, "dhrlint");
    dhr_xml_end(&x);
    dhr_xml_start(&x, "cp:lastModifiedBy");
    dhr_xml_text(&x, "dhrlint");
    dhr_xml_end(&x);
    dhr_xml_end(&x);
    if (!dhr_package_add_xml(wr->pkg, "docProps/core.xml", &x, wr->err, wr->errlen))
        return false;

    dhr_xml_part_open(&x);
    dhr_xml_start(&x, "Properties");
    dhr_xml_attr(&x, "xmlns",
                 "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties");
    dhr_xml_start(&x, "Application");
    dhr_xml_text(&x, "dhrlint " DHRLINT_VERSION);
    dhr_xml_end(&x);
    dhr_xml_end(&x);
    return dhr_package_add_xml(wr->pkg, "docProps/app.xml", &x, wr->err, wr->errlen);
}

bool dhr_checklist_docx_write(const char *path, const dhr_file_report *f,
                              const dhr_report_options *opt, char *err, size_t errlen)
{
    if (!f || !f->result) {
        snprintf(err, errlen, "the report was not checked, so there is no checklist to write");
        return false;
    }
    dhr_stage stage = opt ? opt->stage : f->result->stage;
    writer wr = {NULL, err, errlen, stage != DHR_STAGE_PUBLICATION};
    wr.pkg = dhr_package_create(path, err, errlen);
    if (!wr.pkg)
        return false;
    /* [Content_Types].xml first: some readers look for it there. */
    bool ok = content_types_part(&wr) && relationship_parts(&wr) && document_part(&wr, f, stage) &&
              styles_part(&wr) && settings_part(&wr) &&
              (!wr.marked || header_footer_part(&wr, "word/header1.xml", false)) &&
              header_footer_part(&wr, "word/footer1.xml", true) && property_parts(&wr);
    if (!ok) {
        dhr_package_abort(wr.pkg);
        return false;
    }
    return dhr_package_commit(wr.pkg, err, errlen);
}
