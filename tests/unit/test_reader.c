/* Unit tests of the DOCX, ODT and flat ODT readers on hand-written XML.
 *
 * Each test writes a small package to a temporary directory, reads it with
 * dhr_read_file() and asserts on the document model. The cases are the ones
 * real producers emit but pandoc and LibreOffice do not: tracked changes,
 * fields, content controls, text boxes in mc:AlternateContent, Strict OOXML,
 * merged cells, notes, comments and properties.
 *
 * Tests marked READER BUG show a reader defect; they are kept failing until
 * src/ is fixed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dhrlint/document.h"
#include "dhrlint/reader.h"
#include "pkg.h"

/* ------------------------------------------------------------------------ */
/* Fixture: a temporary directory, the packages written in it and the       */
/* documents read from them; all removed after each test.                   */

#define MAX_DOCS 4

typedef struct fx {
    char dir[256];
    char *path[MAX_DOCS];
    dhr_document *doc[MAX_DOCS];
    int n;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    const char *tmp = getenv("TMPDIR");
    snprintf(f->dir, sizeof f->dir, "%s/dhrlint-unit-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    for (int i = 0; i < f->n; i++) {
        dhr_document_free(f->doc[i]);
        pkg_remove(f->path[i]);
    }
    rmdir(f->dir);
    free(f);
    return 0;
}

static void dump_doc(const dhr_document *d)
{
    for (size_t i = 0; i < d->npara; i++) {
        const dhr_para *p = &d->paras[i];
        print_error("  [%zu] %s #%u style=%s h=%u bold=%d hidden=%d list=%d/%d/%s "
                      "table=%u r%u c%u d%u anchor=%d author=%s date=%s spans=%u: \"%s\"\n",
                      i, dhr_part_name(p->part), p->n, p->style ? p->style : "-", p->heading,
                      p->bold, p->hidden, p->list_level, p->list_auto,
                      p->list_label ? p->list_label : "-", p->table, p->row, p->cell,
                      p->table_depth, p->anchor, p->author ? p->author : "-",
                      p->date ? p->date : "-", p->span_count, p->text);
    }
    for (size_t i = 0; i < d->ntoc; i++)
        print_error("  toc %u \"%s\"\n", d->toc[i].level, d->toc[i].text);
}

/* Reads PATH (written by a builder) into the fixture. */
static dhr_document *load_at(fx *f, char *path, const char *file, int line)
{
    if (!path) {
        print_error("could not write the test package\n");
        _fail(file, line);
    }
    if (f->n == MAX_DOCS) {
        pkg_remove(path);
        print_error("too many documents in one test\n");
        _fail(file, line);
    }
    f->path[f->n] = path;
    dhr_read_error err;
    dhr_document *d = dhr_read_file(path, &err);
    if (!d) {
        f->n++;
        print_error("dhr_read_file failed (status %d): %s\n", err.status, err.message);
        _fail(file, line);
    }
    f->doc[f->n++] = d;
    return d;
}
#define load(f, path) load_at((f), (path), __FILE__, __LINE__)

#define DOCX(f, document, styles, ...) load((f), make_docx((f)->dir, (document), (styles), __VA_ARGS__))
#define ODT(f, content, styles, ...) load((f), make_odt((f)->dir, (content), (styles), __VA_ARGS__))
#define FODT(f, xml) load((f), make_fodt((f)->dir, (xml)))

/* The paragraph of PART whose text is exactly TEXT. */
static const dhr_para *find_at(const dhr_document *d, dhr_part part, const char *text,
                               const char *file, int line)
{
    for (size_t i = 0; i < d->npara; i++)
        if (d->paras[i].part == part && strcmp(d->paras[i].text, text) == 0)
            return &d->paras[i];
    print_error("no %s paragraph with text \"%s\"; the document has:\n", dhr_part_name(part), text);
    dump_doc(d);
    _fail(file, line);
    return NULL;
}
#define find(d, part, text) find_at((d), (part), (text), __FILE__, __LINE__)

/* A table position not asserted by cell_is. */
#define ANY (-1)

/* The body paragraph TEXT, asserted to be in TABLE (0: in none), ROW and
 * CELL, at nesting DEPTH; ANY leaves one unasserted. */
static const dhr_para *cell_is_at(const dhr_document *d, const char *text, int table, int row,
                                  int cell, int depth, const char *file, int line)
{
    const dhr_para *p = find_at(d, DHR_PART_BODY, text, file, line);
    const int want[] = {table, row, cell, depth};
    const long got[] = {(long)p->table, (long)p->row, (long)p->cell, (long)p->table_depth};
    for (int k = 0; k < 4; k++)
        if (want[k] != ANY)
            _assert_int_equal((uintmax_t)got[k], (uintmax_t)want[k], file, line);
    return p;
}
#define cell_is(d, text, table, row, cell, depth) \
    cell_is_at((d), (text), (table), (row), (cell), (depth), __FILE__, __LINE__)

/* The paragraph of PART numbered N. */
static const dhr_para *nth_at(const dhr_document *d, dhr_part part, uint32_t n, const char *file,
                              int line)
{
    for (size_t i = 0; i < d->npara; i++)
        if (d->paras[i].part == part && d->paras[i].n == n)
            return &d->paras[i];
    print_error("no %s paragraph %u; the document has:\n", dhr_part_name(part), n);
    dump_doc(d);
    _fail(file, line);
    return NULL;
}
#define nth(d, part, n) nth_at((d), (part), (n), __FILE__, __LINE__)

static size_t count_part(const dhr_document *d, dhr_part part)
{
    size_t n = 0;
    for (size_t i = 0; i < d->npara; i++)
        n += d->paras[i].part == part;
    return n;
}

/* How many paragraphs, of any part, contain NEEDLE. */
static size_t count_containing(const dhr_document *d, const char *needle)
{
    size_t n = 0;
    for (size_t i = 0; i < d->npara; i++)
        n += strstr(d->paras[i].text, needle) != NULL;
    return n;
}

static int32_t idx(const dhr_document *d, const dhr_para *p)
{
    return (int32_t)(p - d->paras);
}

/* A metadata paragraph's value by property name, or NULL. */
static const char *meta(const dhr_document *d, const char *name)
{
    for (size_t i = 0; i < d->npara; i++)
        if (d->paras[i].part == DHR_PART_METADATA && d->paras[i].style &&
            strcmp(d->paras[i].style, name) == 0)
            return d->paras[i].text;
    return NULL;
}

static void str_eq_at(const char *actual, const char *expected, const char *file, int line)
{
    if (!expected && !actual)
        return;
    if (!expected || !actual || strcmp(actual, expected) != 0) {
        print_error("expected %s%s%s, got %s%s%s\n", expected ? "\"" : "",
                    expected ? expected : "NULL", expected ? "\"" : "", actual ? "\"" : "",
                    actual ? actual : "NULL", actual ? "\"" : "");
        _fail(file, line);
    }
}
/* Compares strings where NULL is a value: NULL equals only NULL. */
#define str_eq(actual, expected) str_eq_at((actual), (expected), __FILE__, __LINE__)

static void span_at(const dhr_document *d, const dhr_para *p, uint32_t i, dhr_span_kind kind,
                    uint32_t offset, uint32_t length, const char *author, const char *date,
                    const char *file, int line)
{
    if (i >= p->span_count) {
        print_error("paragraph \"%s\" has %u spans, wanted span %u\n", p->text, p->span_count, i);
        _fail(file, line);
    }
    const dhr_span *s = dhr_para_spans(d, p) + i;
    if (s->kind != kind || s->offset != offset || s->length != length) {
        print_error("span %u of \"%s\": kind %d offset %u length %u, wanted kind %d offset %u "
                    "length %u\n",
                    i, p->text, s->kind, s->offset, s->length, kind, offset, length);
        _fail(file, line);
    }
    str_eq_at(s->author, author, file, line);
    str_eq_at(s->date, date, file, line);
}
#define check_span(d, p, i, kind, off, len, author, date)                                        \
    span_at((d), (p), (i), (kind), (off), (len), (author), (date), __FILE__, __LINE__)

/* ------------------------------------------------------------------------ */
/* WordprocessingML building blocks                                          */

#define XMLDECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define W_URI "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define R_URI "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define W_NS                                                                                     \
    "xmlns:w=\"" W_URI "\" xmlns:r=\"" R_URI "\" "                                              \
    "xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" "       \
    "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" "                         \
    "xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\" "                    \
    "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" "                  \
    "xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" " \
    "xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\" "           \
    "xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\" "                        \
    "mc:Ignorable=\"w14\""

#define WDOC(body) XMLDECL "<w:document " W_NS "><w:body>" body "</w:body></w:document>"
#define WSTYLES(s) XMLDECL "<w:styles " W_NS ">" s "</w:styles>"
#define WPART(root, body) XMLDECL "<w:" root " " W_NS ">" body "</w:" root ">"

#define P(x) "<w:p>" x "</w:p>"
#define PS(style, x) "<w:p><w:pPr><w:pStyle w:val=\"" style "\"/></w:pPr>" x "</w:p>"
#define R(t) "<w:r><w:t xml:space=\"preserve\">" t "</w:t></w:r>"
#define RB(t) "<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">" t "</w:t></w:r>"
#define RPR(pr, t) "<w:r><w:rPr>" pr "</w:rPr><w:t xml:space=\"preserve\">" t "</w:t></w:r>"
#define TC(x) "<w:tc>" x "</w:tc>"

#define FLD_BEGIN "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
#define FLD_INSTR(x) "<w:r><w:instrText xml:space=\"preserve\">" x "</w:instrText></w:r>"
#define FLD_SEP "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
#define FLD_END "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
#define FIELD(instr, result) FLD_BEGIN FLD_INSTR(instr) FLD_SEP result FLD_END

#define PSTYLE(id, name, x)                                                                      \
    "<w:style w:type=\"paragraph\" w:styleId=\"" id "\"><w:name w:val=\"" name "\"/>" x "</w:style>"
#define CSTYLE(id, name, x)                                                                      \
    "<w:style w:type=\"character\" w:styleId=\"" id "\"><w:name w:val=\"" name "\"/>" x "</w:style>"
#define NORMAL "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style>"

#define INS_ATTR(id, who, when) " w:id=\"" id "\" w:author=\"" who "\" w:date=\"" when "\""

/* ------------------------------------------------------------------------ */
/* DOCX: tracked changes                                                     */

static void docx_tracked_insertion(void **state)
{
    fx *f = *state;
    dhr_document *d = DOCX(f, WDOC(P(R("The panel ")
                                     "<w:ins" INS_ATTR("1", "Ann Reviewer", "2024-03-01T10:00:00Z") ">"
                                     R("also ") "</w:ins>"
                                     R("met ")
                                     "<w:ins" INS_ATTR("2", "Bob Editor", "2024-03-02T11:00:00Z") ">"
                                     R("the family") "</w:ins>"
                                     R("."))),
                           NULL, NULL);
    const dhr_para *p = find(d, DHR_PART_BODY, "The panel also met the family.");
    assert_int_equal(p->span_count, 2);
    check_span(d, p, 0, DHR_SPAN_INSERTED, 10, 5, "Ann Reviewer", "2024-03-01T10:00:00Z");
    check_span(d, p, 1, DHR_SPAN_INSERTED, 19, 10, "Bob Editor", "2024-03-02T11:00:00Z");
    assert_int_equal(count_part(d, DHR_PART_REVISION), 0);
    assert_int_equal(d->nformat_changes, 0);
}

/* document.h: a span's author is "NULL when unknown"; so are a comment's. */
static void docx_unknown_author_is_null(void **state)
{
    fx *f = *state;
    dhr_document *d = DOCX(f,
        WDOC(P(R("A ") "<w:ins w:id=\"1\">" R("b") "</w:ins>"
               "<w:del w:id=\"2\"><w:r><w:delText>gone</w:delText></w:r></w:del>"
               "<w:commentRangeStart w:id=\"0\"/>" R(" c"))),
        NULL,
        "word/comments.xml", WPART("comments", "<w:comment w:id=\"0\">" P(R("Anonymous note")) "</w:comment>"),
        NULL);
    const dhr_para *p = find(d, DHR_PART_BODY, "A b c");
    const dhr_para *rev = find(d, DHR_PART_REVISION, "gone");
    str_eq(rev->author, NULL); /* deletions already get NULL */
    str_eq(rev->date, NULL);
    /* READER BUG: <w:ins w:id="1"> and <w:comment w:id="0"> with no w:author
     * or w:date give "" instead of NULL: docx_body.c copies dhr_attr_buf(),
     * which is "" when the attribute is absent (the w:ins and w:comment cases
     * of body_start), while w:del uses dup_attr() and gets NULL. */
    check_span(d, p, 0, DHR_SPAN_INSERTED, 2, 1, NULL, NULL);
    const dhr_para *c = find(d, DHR_PART_COMMENT, "Anonymous note");
    assert_int_equal(c->anchor, idx(d, p));
    str_eq(c->author, NULL);
    str_eq(c->date, NULL);
}

static void docx_tracked_deletion(void **state)
{
    fx *f = *state;
    dhr_document *d = DOCX(f, WDOC(P(R("Intro."))
                                   P(R("The victim's neighbour ")
                                     "<w:del" INS_ATTR("3", "Bob Editor", "2024-03-02T11:00:00Z") ">"
                                     "<w:r><w:delText xml:space=\"preserve\">John Smith </w:delText></w:r>"
                                     "</w:del>"
                                     R("called the police."))),
                           NULL, NULL);
    const dhr_para *body = find(d, DHR_PART_BODY, "The victim's neighbour called the police.");
    assert_int_equal(body->span_count, 0);
    assert_int_equal(count_containing(d, "John Smith"), 1);
    const dhr_para *rev = find(d, DHR_PART_REVISION, "John Smith ");
    assert_int_equal(rev->n, 1);
    assert_int_equal(rev->anchor, idx(d, body));
    str_eq(rev->author, "Bob Editor");
    str_eq(rev->date, "2024-03-02T11:00:00Z");
    assert_int_equal(count_part(d, DHR_PART_REVISION), 1);
}

static void docx_tracked_move(void **state)
{
    fx *f = *state;
    dhr_document *d = DOCX(f,
        WDOC(P(R("First. ")
               "<w:moveFromRangeStart w:id=\"10\" w:name=\"move1\" w:author=\"Ann\" w:date=\"2024-04-01T00:00:00Z\"/>"
               "<w:moveFrom" INS_ATTR("11", "Ann", "2024-04-01T00:00:00Z") ">" R("Moved sentence.") "</w:moveFrom>"
               "<w:moveFromRangeEnd w:id=\"10\"/>")
             P(R("Second. ")
               "<w:moveToRangeStart w:id=\"12\" w:name=\"move1\" w:author=\"Ann\" w:date=\"2024-04-01T00:00:00Z\"/>"
               "<w:moveTo" INS_ATTR("13", "Ann", "2024-04-01T00:00:00Z") ">" R("Moved sentence.") "</w:moveTo>"
               "<w:moveToRangeEnd w:id=\"12\"/>")),
        NULL, NULL);
    const dhr_para *from = find(d, DHR_PART_BODY, "First. ");
    assert_int_equal(from->span_count, 0);
    const dhr_para *rev = find(d, DHR_PART_REVISION, "Moved sentence.");
    assert_int_equal(rev->anchor, idx(d, from));
    str_eq(rev->author, "Ann");
    str_eq(rev->date, "2024-04-01T00:00:00Z");
    const dhr_para *to = find(d, DHR_PART_BODY, "Second. Moved sentence.");
    assert_int_equal(to->span_count, 1);
    check_span(d, to, 0, DHR_SPAN_INSERTED, 8, 15, "Ann", "2024-04-01T00:00:00Z");
}

static void docx_format_changes_not_text(void **state)
{
    fx *f = *state;
    dhr_document *d = DOCX(f,
        WDOC(/* an inserted paragraph mark */
             "<w:p><w:pPr><w:rPr><w:ins" INS_ATTR("1", "Ann", "2024-01-01T00:00:00Z") "/></w:rPr></w:pPr>"
             R("Mark inserted.") "</w:p>"
             /* a deleted paragraph mark: the text may run on into the next paragraph */
             "<w:p><w:pPr><w:rPr><w:del" INS_ATTR("2", "Ann", "2024-01-01T00:00:00Z") "/></w:rPr></w:pPr>"
             R("Mark deleted.") "</w:p>"
             P(R("Next."))
             /* a paragraph property change holding the old properties */
             "<w:p><w:pPr><w:jc w:val=\"center\"/><w:pPrChange" INS_ATTR("3", "Ann", "2024-01-01T00:00:00Z") ">"
             "<w:pPr><w:outlineLvl w:val=\"0\"/><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"4\"/></w:numPr></w:pPr>"
             "</w:pPrChange></w:pPr>" R("Centred.") "</w:p>"
             /* a run property change: the old properties said bold and hidden */
             P("<w:r><w:rPr><w:i/><w:rPrChange" INS_ATTR("4", "Ann", "2024-01-01T00:00:00Z") ">"
               "<w:rPr><w:b/><w:vanish/></w:rPr></w:rPrChange></w:rPr><w:t>Italic now.</w:t></w:r>")
             /* an inserted table row */
             "<w:tbl><w:tr><w:trPr><w:ins" INS_ATTR("5", "Ann", "2024-01-01T00:00:00Z") "/></w:trPr>"
             TC(P(R("Cell."))) "</w:tr></w:tbl>"),
        NULL, NULL);
    assert_int_equal(d->nformat_changes, 5);
    assert_int_equal(d->nspan, 0);
    assert_int_equal(count_part(d, DHR_PART_REVISION), 0);
    find(d, DHR_PART_BODY, "Mark inserted.");
    assert_int_equal(count_containing(d, "Mark deleted."), 1);
    assert_int_equal(count_containing(d, "Next."), 1);
    const dhr_para *c = find(d, DHR_PART_BODY, "Centred.");
    assert_int_equal(c->heading, 0);   /* the old outline level is not the current one */
    assert_int_equal(c->list_level, -1);
    const dhr_para *it = find(d, DHR_PART_BODY, "Italic now.");
    assert_false(it->bold);
    assert_false(it->hidden);
}

/* A paragraph whose mark was deleted keeps what is known about its text:
 * tracked insertions and hidden runs, wherever the text ends up. */
static void docx_deleted_mark_keeps_spans(void **state)
{
    fx *f = *state;
    dhr_document *d = DOCX(f,
        WDOC("<w:p><w:pPr><w:rPr><w:del" INS_ATTR("1", "Ann", "2024-01-01T00:00:00Z") "/></w:rPr></w:pPr>"
             "<w:ins" INS_ATTR("2", "Ann", "2024-01-01T00:00:00Z") ">" R("Added") "</w:ins>"
             RPR("<w:vanish/>", " secret") "</w:p>"
             P(R(" Next."))),
        NULL, NULL);
    const dhr_para *p = NULL;
    for (size_t i = 0; i < d->npara; i++)
        if (strstr(d->paras[i].text, "Added"))
            p = &d->paras[i];
    assert_non_null(p);
    assert_int_equal(p->part, DHR_PART_BODY);
    /* READER BUG (working tree, not yet committed): docx_body.c para_end()
     * moves the text of a paragraph whose mark is deleted (op->carry) into
     * r->carry as plain text and para_start() re-emits it with
     * {.bold = true}, so its inserted and hidden spans are lost: the merged
     * paragraph "Added secret Next." has no spans at all, and the tracked
     * insertion and the hidden text become invisible to the checks. */
    assert_int_equal(p->span_count, 2);
    check_span(d, p, 0, DHR_SPAN_INSERTED, 0, 5, "Ann", "2024-01-01T00:00:00Z");
    check_span(d, p, 1, DHR_SPAN_HIDDEN, 5, 7, NULL, NULL);
}

/* ------------------------------------------------------------------------ */
/* DOCX: comments, notes, headers and footers                                */

static void docx_comments(void **state)
{
    fx *f = *state;
    dhr_document *d = DOCX(f,
        WDOC(P(R("Intro."))
             P(R("On 3 May ") "<w:commentRangeStart w:id=\"0\"/>" R("the police attended")
               "<w:commentRangeEnd w:id=\"0\"/>"
               "<w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr><w:commentReference w:id=\"0\"/></w:r>"
               R("."))
             "<w:commentRangeStart w:id=\"1\"/>"
             P(R("Third.") "<w:commentRangeEnd w:id=\"1\"/><w:r><w:commentReference w:id=\"1\"/></w:r>")),
        NULL,
        "word/comments.xml",
        WPART("comments",
              "<w:comment w:id=\"0\" w:author=\"Carol Chair\" w:date=\"2024-02-02T09:30:00Z\" w:initials=\"CC\">"
              "<w:p><w:pPr><w:pStyle w:val=\"CommentText\"/></w:pPr>"
              "<w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr><w:annotationRef/></w:r>"
              R("Please verify this date.") "</w:p>"
              P(R("Second paragraph."))
              "</w:comment>"
              "<w:comment w:id=\"1\" w:author=\"Dan\" w:date=\"2024-02-03T00:00:00Z\">"
              P(R("Whole paragraph comment.")) "</w:comment>"),
        NULL);
    const dhr_para *b2 = find(d, DHR_PART_BODY, "On 3 May the police attended.");
    const dhr_para *b3 = find(d, DHR_PART_BODY, "Third.");
    assert_int_equal(count_part(d, DHR_PART_COMMENT), 3);
    const dhr_para *c1 = find(d, DHR_PART_COMMENT, "Please verify this date.");
    assert_int_equal(c1->n, 1);
    assert_int_equal(c1->anchor, idx(d, b2));
    str_eq(c1->author, "Carol Chair");
    str_eq(c1->date, "2024-02-02T09:30:00Z");
    const dhr_para *c2 = find(d, DHR_PART_COMMENT, "Second paragraph.");
    assert_int_equal(c2->n, 2);
    assert_int_equal(c2->anchor, idx(d, b2));
    str_eq(c2->author, "Carol Chair");
    const dhr_para *c3 = find(d, DHR_PART_COMMENT, "Whole paragraph comment.");
    assert_int_equal(c3->anchor, idx(d, b3)); /* the range started before the paragraph */
    str_eq(c3->author, "Dan");
    str_eq(c3->date, "2024-02-03T00:00:00Z");
}

#define FOOTNOTE_SEPARATORS                                                                      \
    "<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>" \
    "<w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"

static void docx_footnote_endnote(void **state)
{
    fx *f = *state;
    dhr_document *d = DOCX(f,
        WDOC(P(R("The IMR was late.")
               "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteReference w:id=\"1\"/></w:r>"
               R(" Then more."))
             P(R("See the annex.") "<w:r><w:endnoteReference w:id=\"1\"/></w:r>")),
        NULL,
        "word/footnotes.xml",
        WPART("footnotes",
              FOOTNOTE_SEPARATORS
              "<w:footnote w:id=\"1\"><w:p><w:pPr><w:pStyle w:val=\"FootnoteText\"/></w:pPr>"
              "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteRef/></w:r>"
              R(" Agency chronology, 2023.") "</w:p></w:footnote>"),
        "word/endnotes.xml",
        WPART("endnotes",
              "<w:endnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:endnote>"
              "<w:endnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:endnote>"
              "<w:endnote w:id=\"1\"><w:p><w:r><w:endnoteRef/></w:r>" R(" Annex text.") "</w:p></w:endnote>"),
        NULL);
    const dhr_para *b1 = find(d, DHR_PART_BODY, "The IMR was late. Then more.");
    const dhr_para *b2 = find(d, DHR_PART_BODY, "See the annex.");
    assert_int_equal(count_part(d, DHR_PART_FOOTNOTE), 1);
    const dhr_para *fn = find(d, DHR_PART_FOOTNOTE, " Agency chronology, 2023.");
    assert_int_equal(fn->n, 1);
    assert_int_equal(fn->anchor, idx(d, b1));
    str_eq(fn->style, "FootnoteText"); /* no styles part: the style id */
    assert_int_equal(count_part(d, DHR_PART_ENDNOTE), 1);
    const dhr_para *en = find(d, DHR_PART_ENDNOTE, " Annex text.");
    assert_int_equal(en->anchor, idx(d, b2));
}

static void docx_header_footer_from_sectpr(void **state)
{
    fx *f = *state;
    dhr_document *d = DOCX(f,
        WDOC(P(R("Part one."))
             /* a section break carrying the header reference */
             "<w:p><w:pPr><w:sectPr><w:headerReference w:type=\"default\" r:id=\"rIdHeader1\"/>"
             "<w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr></w:pPr></w:p>"
             P(R("Part two."))
             "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rIdHeader1\"/>"
             "<w:footerReference w:type=\"default\" r:id=\"rIdFooter1\"/>"
             "<w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr>"),
        NULL,
        "word/header1.xml",
        WPART("hdr", PS("Header", R("OFFICIAL-SENSITIVE"))),
        "word/footer1.xml",
        WPART("ftr", P(R("Page ") FIELD(" PAGE ", R("2")) R(" of ") "<w:fldSimple w:instr=\" NUMPAGES \">" R("9") "</w:fldSimple>")),
        NULL);
    assert_int_equal(count_part(d, DHR_PART_HEADER), 1); /* referenced twice, read once */
    const dhr_para *h = nth(d, DHR_PART_HEADER, 1);
    str_eq(h->text, "OFFICIAL-SENSITIVE");
    str_eq(h->style, "Header");
    assert_int_equal(h->anchor, -1);
    assert_int_equal(count_part(d, DHR_PART_FOOTER), 1);
    str_eq(nth(d, DHR_PART_FOOTER, 1)->text, "Page 2 of 9");
    assert_int_equal(count_containing(d, "PAGE"), 0);
}

/* ------------------------------------------------------------------------ */
/* DOCX: hidden and bold text through styles                                 */

static void docx_vanish_runs_and_paragraphs(void **state)
{
    fx *f = *state;
    dhr_document *d = DOCX(f,
        WDOC(P(R("Visible ") RPR("<w:vanish/>", "secret") R(" end"))
             P(RPR("<w:vanish/>", "All ") RPR("<w:vanish/><w:b/>", "hidden"))
             P(RPR("<w:vanish w:val=\"0\"/>", "Explicitly shown"))
             /* a hidden paragraph mark hides no text */
             "<w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr>" R("Mark hidden only") "</w:p>"),
        NULL, NULL);
    const dhr_para *p1 = find(d, DHR_PART_BODY, "Visible secret end");
    assert_false(p1->hidden);
    assert_int_equal(p1->span_count, 1);
    check_span(d, p1, 0, DHR_SPAN_HIDDEN, 8, 6, NULL, NULL);
    const dhr_para *p2 = find(d, DHR_PART_BODY, "All hidden");
    assert_true(p2->hidden);
    assert_int_equal(p2->span_count, 1);
    check_span(d, p2, 0, DHR_SPAN_HIDDEN, 0, 10, NULL, NULL);
    assert_false(p2->bold); /* no visible text */
    const dhr_para *p3 = find(d, DHR_PART_BODY, "Explicitly shown");
    assert_false(p3->hidden);
    assert_int_equal(p3->span_count, 0);
    const dhr_para *p4 = find(d, DHR_PART_BODY, "Mark hidden only");
    assert_false(p4->hidden);
    assert_int_equal(p4->span_count, 0);
}

static void docx_vanish_bold_via_character_style(void **state)
{
    fx *f = *state;
    dhr_document *d = DOCX(f,
        WDOC(P(R("Name: ") RPR("<w:rStyle w:val=\"HiddenChar\"/>", "Jane"))
             P(RPR("<w:rStyle w:val=\"StrongerChar\"/>", "Bold via basedOn"))
             P(RPR("<w:rStyle w:val=\"StrongerChar\"/><w:b w:val=\"false\"/>", "Direct wins"))),
        WSTYLES(NORMAL
                CSTYLE("HiddenChar", "Hidden Char", "<w:rPr><w:vanish/></w:rPr>")
                CSTYLE("StrongChar", "Strong Char", "<w:rPr><w:b/></w:rPr>")
                CSTYLE("StrongerChar", "Stronger Char", "<w:basedOn w:val=\"StrongChar\"/><w:rPr><w:i/></w:rPr>")),
        NULL);
    const dhr_para *p1 = find(d, DHR_PART_BODY, "Name: Jane");
    assert_int_equal(p1->span_count, 1);
    check_span(d, p1, 0, DHR_SPAN_HIDDEN, 6, 4, NULL, NULL);
    assert_false(p1->hidden);
    assert_true(find(d, DHR_PART_BODY, "Bold via basedOn")->bold);
    assert_false(find(d, DHR_PART_BODY, "Direct wins")->bold);
}

static void docx_vanish_bold_via_paragraph_style_chain(void **state)
{
    fx *f = *state;
    dhr_document *d = DOCX(f,
        WDOC(PS("Level3", R("Bold through two basedOn links"))
             PS("Level3", R("Mostly ") RPR("<w:b w:val=\"0\"/>", "not"))
             PS("Secret", R("Hidden by its style"))
             PS("Secret", R("Mixed ") RPR("<w:vanish w:val=\"off\"/>", "shown"))),
        WSTYLES(NORMAL
                PSTYLE("Level1", "Level 1", "<w:basedOn w:val=\"Normal\"/><w:rPr><w:b/></w:rPr>")
                PSTYLE("Level2", "Level 2", "<w:basedOn w:val=\"Level1\"/><w:pPr><w:jc w:val=\"left\"/></w:pPr>")
                PSTYLE("Level3", "Level 3", "<w:basedOn w:val=\"Level2\"/>")
                PSTYLE("HiddenBase", "Hidden Base", "<w:rPr><w:vanish/></w:rPr>")
                PSTYLE("Secret", "Secret", "<w:basedOn w:val=\"HiddenBase\"/>")),
        NULL);
    const dhr_para *p1 = find(d, DHR_PART_BODY, "Bold through two basedOn links");
    assert_true(p1->bold);
    str_eq(p1->style, "Level 3");
    assert_false(find(d, DHR_PART_BODY, "Mostly not")->bold);
    const dhr_para *p3 = find(d, DHR_PART_BODY, "Hidden by its style");
    assert_true(p3->hidden);
    check_span(d, p3, 0, DHR_SPAN_HIDDEN, 0, 19, NULL, NULL);
    const dhr_para *p4 = find(d, DHR_PART_BODY, "Mixed shown");
    assert_false(p4->hidden);
    assert_int_equal(p4->span_count, 1);
    check_span(d, p4, 0, DHR_SPAN_HIDDEN, 0, 6, NULL, NULL);
}

static void docx_doc_defaults_and_default_style(void **state)
{
    fx *f = *state;
    dhr_document *d = DOCX(f,
        WDOC(P(R("Bold by the document defaults"))
             PS("Plain", R("Not bold: the style turns it off"))),
        WSTYLES("<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Arial\"/><w:b/></w:rPr></w:rPrDefault>"
                "<w:pPrDefault><w:pPr><w:spacing w:after=\"160\"/></w:pPr></w:pPrDefault></w:docDefaults>"
                PSTYLE("Plain", "Plain", "<w:rPr><w:b w:val=\"0\"/></w:rPr>")),
        NULL);
    assert_true(find(d, DHR_PART_BODY, "Bold by the document defaults")->bold);
    assert_false(find(d, DHR_PART_BODY, "Not bold: the style turns it off")->bold);

    /* The default paragraph style applies to paragraphs that name none. */
    dhr_document *d2 = DOCX(f,
        WDOC(P(R("Hidden by Normal")) PS("Other", R("Shown"))),
        WSTYLES("<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/>"
                "<w:rPr><w:vanish/></w:rPr></w:style>"
                PSTYLE("Other", "Other", "")),
        NULL);
    const dhr_para *h = find(d2, DHR_PART_BODY, "Hidden by Normal");
    assert_true(h->hidden);
    str_eq(h->style, "Normal");
    assert_false(find(d2, DHR_PART_BODY, "Shown")->hidden);
}

static void docx_bold_all_visible_runs(void **state)
{
    fx *f = *state;
    dhr_document *d = DOCX(f,
        WDOC(P(RB("Pen Portrait") R("  ") RB("of Adult A"))
             P(RB("Half ") R("bold"))
             P(RB("Bold") RPR("<w:vanish/>", " hidden plain"))
             P("<w:hyperlink r:id=\"rIdX\">" RB("In a link") "</w:hyperlink>"
               "<w:smartTag w:uri=\"x\" w:element=\"place\">" RB(" and a smart tag") "</w:smartTag>"
               "<w:sdt><w:sdtPr><w:alias w:val=\"Box\"/></w:sdtPr><w:sdtContent>" RB(" and a control")
               "</w:sdtContent></w:sdt>")
             P(R("   "))
             P(RB("Nbsp \xC2\xA0") R("\xC2\xA0"))),
        NULL, NULL);
    assert_true(find(d, DHR_PART_BODY, "Pen Portrait  of Adult A")->bold);
    assert_false(find(d, DHR_PART_BODY, "Half bold")->bold);
    assert_true(find(d, DHR_PART_BODY, "Bold hidden plain")->bold);
    assert_true(find(d, DHR_PART_BODY, "In a link and a smart tag and a control")->bold);
    assert_false(find(d, DHR_PART_BODY, "   ")->bold);
    assert_true(find(d, DHR_PART_BODY, "Nbsp \xC2\xA0\xC2\xA0")->bold);
}

/* ------------------------------------------------------------------------ */
/* DOCX: fields                                                              */

static void docx_complex_fields(void **state)
{
    fx *f = *state;
    dhr_document *d = DOCX(f,
        WDOC(/* result shown, instruction never */
             P(R("Page ") FIELD(" PAGE ", R("7")) R(" of 9"))
             /* a field nested in another's instruction */
             P(R("Answer: ")
               FLD_BEGIN FLD_INSTR(" IF ") FIELD(" MERGEFIELD Consent ", R("\xC2\xAB" "Consent\xC2\xBB"))
               FLD_INSTR(" = \"Y\" \"yes\" \"no\" ") FLD_SEP R("yes") FLD_END)
             /* a field nested in another's result */
             P(R("See ") FLD_BEGIN FLD_INSTR(" HYPERLINK \\l \"_Ref1\" ") FLD_SEP
               FIELD(" REF _Ref1 \\h ", R("Section 2")) FLD_END R("."))
             /* no separate: nothing shown */
             P(R("A") FLD_BEGIN FLD_INSTR(" DATE \\@ \"d MMMM yyyy\" ") FLD_END R("B"))
             /* instruction split over runs, begin and separate in one run */
             P("<w:r><w:fldChar w:fldCharType=\"begin\"/><w:instrText> SEQ </w:instrText>"
               "<w:instrText>Table</w:instrText><w:fldChar w:fldCharType=\"separate\"/></w:r>"
               R("3") FLD_END)
             P(R("Total ") "<w:fldSimple w:instr=\" NUMPAGES \\* MERGEFORMAT \">" R("12") "</w:fldSimple>")),
        NULL, NULL);
    find(d, DHR_PART_BODY, "Page 7 of 9");
    find(d, DHR_PART_BODY, "Answer: yes");
    find(d, DHR_PART_BODY, "See Section 2.");
    find(d, DHR_PART_BODY, "AB");
    find(d, DHR_PART_BODY, "3");
    find(d, DHR_PART_BODY, "Total 12");
    assert_int_equal(count_part(d, DHR_PART_BODY), 6);
    assert_int_equal(count_containing(d, "MERGEFIELD"), 0);
    assert_int_equal(count_containing(d, "Consent"), 0);
    assert_int_equal(count_containing(d, "PAGE"), 0);
    assert_int_equal(count_containing(d, "HYPERLINK"), 0);
    assert_int_equal(count_containing(d, "SEQ"), 0);
    assert_int_equal(d->toc_source, DHR_TOC_NONE);
}

#define TOC_STYLES                                                                               \
    WSTYLES(NORMAL                                                                               \
            PSTYLE("Heading1", "heading 1", "<w:basedOn w:val=\"Normal\"/><w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr>") \
            PSTYLE("TOCHeading", "TOC Heading", "<w:basedOn w:val=\"Heading1\"/><w:pPr><w:outlineLvl w:val=\"9\"/></w:pPr>") \
            PSTYLE("TOC1", "toc 1", "<w:basedOn w:val=\"Normal\"/>")                            \
            PSTYLE("TOC2", "toc 2", "<w:basedOn w:val=\"Normal\"/>"))

#define TOC_ENTRY(style, text, anchor, page)                                                     \
    "<w:p><w:pPr><w:pStyle w:val=\"" style "\"/><w:tabs><w:tab w:val=\"right\" w:leader=\"dot\" w:pos=\"9016\"/></w:tabs></w:pPr>" \
    "<w:hyperlink w:anchor=\"" anchor "\" w:history=\"1\">" R(text) "<w:r><w:tab/></w:r>"      \
    FIELD(" PAGEREF " anchor " \\h ", R(page)) "</w:hyperlink></w:p>"

static void docx_toc_field(void **state)
{
    fx *f = *state;
    dhr_document *d = DOCX(f,
        WDOC(PS("TOCHeading", R("Contents"))
             "<w:p><w:pPr><w:pStyle w:val=\"TOC1\"/></w:pPr>"
             FLD_BEGIN FLD_INSTR(" TOC \\o \"1-3\" \\h \\z \\u ") FLD_SEP
             "<w:hyperlink w:anchor=\"_Toc1\" w:history=\"1\">" R("1. Introduction") "<w:r><w:tab/></w:r>"
             FIELD(" PAGEREF _Toc1 \\h ", R("3")) "</w:hyperlink></w:p>"
             TOC_ENTRY("TOC2", "1.1 Background", "_Toc2", "4")
             TOC_ENTRY("TOC1", "2. Analysis", "_Toc3", "12")
             P(FLD_END)
             PS("Heading1", R("1. Introduction"))
             P(R("Body text."))),
        TOC_STYLES, NULL);
    assert_int_equal(d->toc_source, DHR_TOC_FIELD);
    assert_int_equal(d->ntoc, 3);
    str_eq(d->toc[0].text, "1. Introduction");
    assert_int_equal(d->toc[0].level, 1);
    str_eq(d->toc[1].text, "1.1 Background");
    assert_int_equal(d->toc[1].level, 2);
    str_eq(d->toc[2].text, "2. Analysis");
    assert_int_equal(d->toc[2].level, 1);

    assert_int_equal(count_part(d, DHR_PART_BODY), 3);
    const dhr_para *c = nth(d, DHR_PART_BODY, 1);
    str_eq(c->text, "Contents");
    str_eq(c->style, "TOC Heading");
    assert_int_equal(c->heading, 0);
    const dhr_para *h = nth(d, DHR_PART_BODY, 2);
    str_eq(h->text, "1. Introduction");
    assert_int_equal(h->heading, 1);
    str_eq(h->style, "Heading 1");
    str_eq(h->list_label, "1.");
    str_eq(nth(d, DHR_PART_BODY, 3)->text, "Body text.");
    for (size_t i = 0; i < d->npara; i++) {
        const char *st = d->paras[i].style ? d->paras[i].style : "";
        assert_true(strcmp(st, "Toc 1") != 0 && strcmp(st, "Toc 2") != 0);
    }
}

/* Deleting the empty paragraph after a TOC moves the field's end into the
 * next heading: that heading is still body text. */
static void docx_toc_field_end_in_heading(void **state)
{
    fx *f = *state;
    dhr_document *d = DOCX(f,
        WDOC("<w:p><w:pPr><w:pStyle w:val=\"TOC1\"/></w:pPr>"
             FLD_BEGIN FLD_INSTR(" TOC \\o \"1-3\" ") FLD_SEP R("Introduction\t3") "</w:p>"
             "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>" FLD_END R("Introduction") "</w:p>"
             P(R("Body text."))),
        TOC_STYLES, NULL);
    assert_int_equal(d->toc_source, DHR_TOC_FIELD);
    /* READER BUG: a paragraph that starts while a TOC field is open is taken
     * whole as a TOC entry (docx_body.c para_start sets open_para.toc from
     * toc_field_open()), even when the field ends before any of its text:
     * this heading is dropped from the body and becomes a second TOC entry. */
    assert_int_equal(d->ntoc, 1);
    str_eq(d->toc[0].text, "Introduction");
    const dhr_para *h = find(d, DHR_PART_BODY, "Introduction");
    assert_int_equal(h->heading, 1);
}

static void docx_toc_content_control(void **state)
{
    fx *f = *state;
    dhr_document *d = DOCX(f,
        WDOC("<w:sdt><w:sdtPr><w:id w:val=\"-1\"/><w:docPartObj>"
             "<w:docPartGallery w:val=\"Table of Contents\"/><w:docPartUnique/></w:docPartObj></w:sdtPr>"
             "<w:sdtEndPr><w:rPr><w:b/></w:rPr></w:sdtEndPr><w:sdtContent>"
             PS("TOCHeading", R("Contents"))
             PS("TOC1", R("Introduction\t1"))
             PS("TOC2", R("Background\tii"))
             PS("TOC1", R("Annex"))
             "</w:sdtContent></w:sdt>"
             PS("Heading1", R("Introduction"))),
        TOC_STYLES, NULL);
    assert_int_equal(d->toc_source, DHR_TOC_SDT);
    assert_int_equal(d->ntoc, 3);
    str_eq(d->toc[0].text, "Introduction");
    assert_int_equal(d->toc[0].level, 1);
    str_eq(d->toc[1].text, "Background");
    assert_int_equal(d->toc[1].level, 2);
    str_eq(d->toc[2].text, "Annex");
    assert_int_equal(count_part(d, DHR_PART_BODY), 2);
    str_eq(nth(d, DHR_PART_BODY, 1)->text, "Contents");
    const dhr_para *h = nth(d, DHR_PART_BODY, 2);
    str_eq(h->text, "Introduction");
    assert_int_equal(h->heading, 1);
}

/* ------------------------------------------------------------------------ */
/* DOCX: headings and lists                                                  */

static void docx_heading_levels(void **state)
{
    fx *f = *state;
    dhr_document *d = DOCX(f,
        WDOC("<w:p><w:pPr><w:outlineLvl w:val=\"1\"/></w:pPr>" R("Direct outline") "</w:p>"
             PS("MyHeading", R("Own style outline"))
             PS("SubHeading", R("Inherited outline"))
             PS("berschrift1", R("Localised id"))
             PS("Heading2", R("Builtin two"))
             "<w:p><w:pPr><w:pStyle w:val=\"Heading2\"/><w:outlineLvl w:val=\"9\"/></w:pPr>" R("Demoted") "</w:p>"
             PS("NotHeading", R("Style outline 9"))
             "<w:p><w:pPr><w:outlineLvl w:val=\"9\"/></w:pPr>" R("Body level") "</w:p>"
             P(R("Plain"))),
        WSTYLES(NORMAL
                PSTYLE("MyHeading", "My Heading", "<w:basedOn w:val=\"Normal\"/><w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr>")
                PSTYLE("SubHeading", "Sub Heading", "<w:basedOn w:val=\"MyHeading\"/>")
                PSTYLE("berschrift1", "heading 1", "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/>")
                PSTYLE("Heading2", "heading 2", "<w:basedOn w:val=\"Normal\"/><w:pPr><w:outlineLvl w:val=\"1\"/></w:pPr>")
                PSTYLE("NotHeading", "Not Heading", "<w:basedOn w:val=\"Heading2\"/><w:pPr><w:outlineLvl w:val=\"9\"/></w:pPr>")),
        NULL);
    const dhr_para *p = find(d, DHR_PART_BODY, "Direct outline");
    assert_int_equal(p->heading, 2);
    str_eq(p->style, "Normal");
    p = find(d, DHR_PART_BODY, "Own style outline");
    assert_int_equal(p->heading, 1);
    str_eq(p->style, "My Heading");
    assert_int_equal(find(d, DHR_PART_BODY, "Inherited outline")->heading, 1);
    p = find(d, DHR_PART_BODY, "Localised id");
    assert_int_equal(p->heading, 1);
    str_eq(p->style, "Heading 1");
    assert_int_equal(find(d, DHR_PART_BODY, "Builtin two")->heading, 2);
    assert_int_equal(find(d, DHR_PART_BODY, "Demoted")->heading, 0);
    assert_int_equal(find(d, DHR_PART_BODY, "Style outline 9")->heading, 0);
    assert_int_equal(find(d, DHR_PART_BODY, "Body level")->heading, 0);
    assert_int_equal(find(d, DHR_PART_BODY, "Plain")->heading, 0);
}

#define NUMPR(ilvl, numid)                                                                       \
    "<w:numPr><w:ilvl w:val=\"" ilvl "\"/><w:numId w:val=\"" numid "\"/></w:numPr>"

static void docx_lists(void **state)
{
    fx *f = *state;
    dhr_document *d = DOCX(f,
        WDOC("<w:p><w:pPr>" NUMPR("0", "3") "</w:pPr>" R("Top item") "</w:p>"
             "<w:p><w:pPr>" NUMPR("1", "3") "</w:pPr>" R("Second level") "</w:p>"
             "<w:p><w:pPr>" NUMPR("0", "0") "</w:pPr>" R("Numbering removed") "</w:p>"
             PS("ListBullet", R("Bullet by style"))
             PS("ListBullet2", R("Level by style"))
             "<w:p><w:pPr><w:pStyle w:val=\"ListBullet\"/>" NUMPR("0", "0") "</w:pPr>" R("Style list removed") "</w:p>"
             P(R("Not a list"))),
        WSTYLES(NORMAL
                PSTYLE("ListBullet", "List Bullet", "<w:basedOn w:val=\"Normal\"/><w:pPr><w:numPr><w:numId w:val=\"5\"/></w:numPr></w:pPr>")
                PSTYLE("ListBullet2", "List Bullet 2", "<w:basedOn w:val=\"ListBullet\"/><w:pPr>" NUMPR("2", "6") "</w:pPr>")),
        NULL);
    const dhr_para *p = find(d, DHR_PART_BODY, "Top item");
    assert_true(p->list_auto);
    assert_int_equal(p->list_level, 0);
    p = find(d, DHR_PART_BODY, "Second level");
    assert_true(p->list_auto);
    assert_int_equal(p->list_level, 1);
    p = find(d, DHR_PART_BODY, "Numbering removed");
    assert_false(p->list_auto);
    assert_int_equal(p->list_level, -1);
    p = find(d, DHR_PART_BODY, "Bullet by style");
    assert_true(p->list_auto);
    assert_int_equal(p->list_level, 0);
    p = find(d, DHR_PART_BODY, "Level by style");
    assert_true(p->list_auto);
    assert_int_equal(p->list_level, 2);
    p = find(d, DHR_PART_BODY, "Style list removed");
    assert_false(p->list_auto);
    assert_int_equal(p->list_level, -1);
    p = find(d, DHR_PART_BODY, "Not a list");
    assert_false(p->list_auto);
    assert_int_equal(p->list_level, -1);
    assert_null(p->list_label);
}

/* Word demotes an item of a style-numbered list by writing only the level. */
static void docx_list_level_with_style_numbering(void **state)
{
    fx *f = *state;
    dhr_document *d = DOCX(f,
        WDOC("<w:p><w:pPr><w:pStyle w:val=\"ListNumber\"/><w:numPr><w:ilvl w:val=\"1\"/></w:numPr></w:pPr>"
             R("Demoted item") "</w:p>"),
        WSTYLES(NORMAL
                PSTYLE("ListNumber", "List Number", "<w:pPr><w:numPr><w:numId w:val=\"7\"/></w:numPr></w:pPr>")),
        NULL);
    const dhr_para *p = find(d, DHR_PART_BODY, "Demoted item");
    assert_true(p->list_auto);
    /* The paragraph's own w:ilvl wins over the style's level (the style's
     * numbering had level 0 win before the numbering rework). */
    assert_int_equal(p->list_level, 1);
}

static void docx_typed_labels(void **state)
{
    fx *f = *state;
    dhr_document *d = DOCX(f,
        WDOC(P(R("5.1 Text of the paragraph"))
             P(R("12. Text"))
             P(R("12 months later"))
             P(R("3)\tText"))
             P(R("7\tText"))
             P(R("\t5.1.2 Indented"))
             P(R("2019 was the year"))
             P(R("5.1Text"))),
        NULL, NULL);
    const dhr_para *p = find(d, DHR_PART_BODY, "5.1 Text of the paragraph");
    str_eq(p->list_label, "5.1");
    assert_int_equal(p->list_level, -1);
    assert_false(p->list_auto);
    str_eq(find(d, DHR_PART_BODY, "12. Text")->list_label, "12.");
    str_eq(find(d, DHR_PART_BODY, "12 months later")->list_label, NULL);
    str_eq(find(d, DHR_PART_BODY, "3)\tText")->list_label, "3)");
    str_eq(find(d, DHR_PART_BODY, "7\tText")->list_label, "7");
    str_eq(find(d, DHR_PART_BODY, "\t5.1.2 Indented")->list_label, "5.1.2");
    str_eq(find(d, DHR_PART_BODY, "2019 was the year")->list_label, NULL);
    str_eq(find(d, DHR_PART_BODY, "5.1Text")->list_label, NULL);
}

/* ------------------------------------------------------------------------ */
/* DOCX: characters                                                          */

static void docx_special_characters(void **state)
{
    fx *f = *state;
    dhr_document *d = DOCX(f,
        WDOC("<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>"
             "<w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:cr/><w:t>d</w:t>"
             "<w:noBreakHyphen/><w:t>e</w:t><w:softHyphen/><w:t>f</w:t>"
             "<w:sym w:font=\"Symbol\" w:char=\"2013\"/><w:t>g</w:t><w:br w:type=\"page\"/><w:t>h</w:t></w:r></w:p>"),
        NULL, NULL);
    find(d, DHR_PART_BODY, "a\tb\nc\nd\xE2\x80\x91" "e\xC2\xAD" "f\xE2\x80\x93g\nh");
}

static void docx_smart_quotes_kept(void **state)
{
    fx *f = *state;
    dhr_document *d = DOCX(f,
        WDOC(P(R("\xE2\x80\x9CWe weren\xE2\x80\x99t told,\xE2\x80\x9D she said; \xE2\x80\x98never\xE2\x80\x99 \xE2\x80\x94 &amp; &lt;ok&gt;"))),
        NULL, NULL);
    find(d, DHR_PART_BODY,
         "\xE2\x80\x9CWe weren\xE2\x80\x99t told,\xE2\x80\x9D she said; \xE2\x80\x98never\xE2\x80\x99 \xE2\x80\x94 & <ok>");
}

static void docx_ruby_text_skipped(void **state)
{
    fx *f = *state;
    dhr_document *d = DOCX(f,
        WDOC(P(R("Name: ")
               "<w:r><w:ruby><w:rubyPr><w:rubyAlign w:val=\"distributeSpace\"/></w:rubyPr>"
               "<w:rt><w:r><w:t>kan</w:t></w:r></w:rt>"
               "<w:rubyBase><w:r><w:t>\xE6\xBC\xA2</w:t></w:r></w:rubyBase></w:ruby></w:r>"
               R("."))),
        NULL, NULL);
    find(d, DHR_PART_BODY, "Name: \xE6\xBC\xA2.");
    assert_int_equal(count_containing(d, "kan"), 0);
}

/* ------------------------------------------------------------------------ */
/* DOCX: tables                                                              */

static void docx_nested_table(void **state)
{
    fx *f = *state;
    dhr_document *d = DOCX(f,
        WDOC(P(R("Before"))
             "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>"
             "<w:tblGrid><w:gridCol w:w=\"4000\"/><w:gridCol w:w=\"4000\"/></w:tblGrid>"
             "<w:tr>" TC(P(R("Outer 1"))) TC(P(R("Outer 2"))) "</w:tr>"
             "<w:tr>" TC(P(R("Outer 3"))) TC(P(R("Above inner"))
                 "<w:tbl><w:tr>" TC(P(R("Inner 1"))) TC(P(R("Inner 2"))) "</w:tr>"
                 "<w:tr>" TC(P(R("Inner 3"))) "</w:tr></w:tbl>"
                 P(R("Below inner"))) "</w:tr>"
             "</w:tbl>"
             P(R("After"))),
        NULL, NULL);
    assert_int_equal(d->ntable, 2);
    cell_is(d, "Before", 0, ANY, ANY, 0);
    cell_is(d, "Outer 2", 1, 1, 2, 1);
    cell_is(d, "Above inner", 1, 2, 2, ANY);
    cell_is(d, "Inner 2", 2, 1, 2, 2);
    cell_is(d, "Inner 3", 2, 2, 1, ANY);
    cell_is(d, "Below inner", 1, 2, 2, 1);
    cell_is(d, "After", 0, ANY, ANY, ANY);
}

static void docx_grid_span_and_before(void **state)
{
    fx *f = *state;
    dhr_document *d = DOCX(f,
        WDOC("<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
             "<w:tr>" TC("<w:tcPr><w:tcW w:w=\"2000\" w:type=\"dxa\"/><w:gridSpan w:val=\"2\"/></w:tcPr>" P(R("A")))
             TC(P(R("B"))) "</w:tr>"
             "<w:tr><w:trPr><w:gridBefore w:val=\"1\"/><w:wBefore w:w=\"1000\" w:type=\"dxa\"/></w:trPr>"
             TC(P(R("C"))) TC(P(R("D"))) "</w:tr>"
             "<w:tr>" TC(P(R("E"))) TC("<w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr>" P(R("F"))) "</w:tr>"
             "</w:tbl>"),
        NULL, NULL);
    cell_is(d, "A", ANY, 1, 1, ANY);
    cell_is(d, "B", ANY, 1, 3, ANY);
    cell_is(d, "C", ANY, 2, 2, ANY);
    cell_is(d, "D", ANY, ANY, 3, ANY);
    assert_int_equal(find(d, DHR_PART_BODY, "E")->cell, 1);
    assert_int_equal(find(d, DHR_PART_BODY, "F")->cell, 2);
}

static void docx_vmerge_continuation_dropped(void **state)
{
    fx *f = *state;
    dhr_document *d = DOCX(f,
        WDOC("<w:tbl>"
             "<w:tr>" TC("<w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>" P(R("Merged")))
             TC(P(R("X"))) "</w:tr>"
             "<w:tr>" TC("<w:tcPr><w:vMerge/></w:tcPr><w:p/>") TC(P(R("Y"))) "</w:tr>"
             "<w:tr>" TC("<w:tcPr><w:vMerge w:val=\"continue\"/></w:tcPr><w:p><w:pPr><w:jc w:val=\"left\"/></w:pPr></w:p>")
             TC(P(R("Z"))) "</w:tr>"
             "</w:tbl>"),
        NULL, NULL);
    assert_int_equal(count_part(d, DHR_PART_BODY), 4);
    cell_is(d, "Merged", ANY, 1, 1, ANY);
    assert_int_equal(cell_is(d, "Y", ANY, 2, 2, ANY)->n, 3);
    assert_int_equal(cell_is(d, "Z", ANY, 3, 2, ANY)->n, 4);
}

/* ------------------------------------------------------------------------ */
/* DOCX: text boxes and images                                               */

#define TXBX_ANCHOR_OPEN                                                                         \
    "<wp:anchor distT=\"0\" distB=\"0\" distL=\"114300\" distR=\"114300\" simplePos=\"0\" "       \
    "relativeHeight=\"251659264\" behindDoc=\"0\" locked=\"0\" layoutInCell=\"1\" allowOverlap=\"1\">" \
    "<wp:simplePos x=\"0\" y=\"0\"/><wp:positionH relativeFrom=\"column\"><wp:posOffset>0</wp:posOffset></wp:positionH>" \
    "<wp:positionV relativeFrom=\"paragraph\"><wp:posOffset>0</wp:posOffset></wp:positionV>"      \
    "<wp:extent cx=\"1828800\" cy=\"457200\"/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/>" \
    "<wp:wrapSquare wrapText=\"bothSides\"/><wp:docPr id=\"1\" name=\"Text Box 1\"/><wp:cNvGraphicFramePr/>"

#define TEXTBOX_RUN(content)                                                                     \
    "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing>" TXBX_ANCHOR_OPEN         \
    "<a:graphic><a:graphicData uri=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\">" \
    "<wps:wsp><wps:cNvSpPr txBox=\"1\"/><wps:spPr/><wps:txbx><w:txbxContent>" content           \
    "</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor>" \
    "</w:drawing></mc:Choice><mc:Fallback><w:pict>"                                              \
    "<v:shapetype id=\"_x0000_t202\" coordsize=\"21600,21600\" o:spt=\"202\" path=\"m,l,21600r21600,l21600,xe\"/>" \
    "<v:shape id=\"Text Box 1\" o:spid=\"_x0000_s1026\" type=\"#_x0000_t202\" style=\"width:2in\">" \
    "<v:textbox><w:txbxContent>" content "</w:txbxContent></v:textbox></v:shape></w:pict>"       \
    "</mc:Fallback></mc:AlternateContent></w:r>"

static void docx_textbox_alternate_content(void **state)
{
    fx *f = *state;
    dhr_document *d = DOCX(f,
        WDOC(P(R("Intro."))
             P(R("Before ") TEXTBOX_RUN(P(R("Boxed quote from the family"))
                                        P(RB("Second box line"))) R("after."))),
        NULL, NULL);
    const dhr_para *body = find(d, DHR_PART_BODY, "Before after.");
    assert_int_equal(count_containing(d, "Boxed quote"), 1);
    assert_int_equal(count_part(d, DHR_PART_TEXTBOX), 2);
    const dhr_para *t = find(d, DHR_PART_TEXTBOX, "Boxed quote from the family");
    assert_int_equal(t->n, 1);
    assert_int_equal(t->anchor, idx(d, body));
    assert_int_equal(t->table, 0);
    const dhr_para *t2 = find(d, DHR_PART_TEXTBOX, "Second box line");
    assert_int_equal(t2->n, 2);
    assert_int_equal(t2->anchor, idx(d, body));
    assert_true(t2->bold);
    assert_int_equal(count_part(d, DHR_PART_ALT_TEXT), 0);
}

/* Word 2003-2007 text boxes: VML only, no mc:AlternateContent. */
static void docx_textbox_vml_only(void **state)
{
    fx *f = *state;
    dhr_document *d = DOCX(f,
        WDOC(P(R("Anchor ")
               "<w:r><w:pict><v:shape id=\"Text Box 2\" type=\"#_x0000_t202\" style=\"width:2in\">"
               "<v:textbox><w:txbxContent>" P(R("Old style box")) "</w:txbxContent></v:textbox>"
               "</v:shape></w:pict></w:r>" R("text."))),
        NULL, NULL);
    const dhr_para *b = find(d, DHR_PART_BODY, "Anchor text.");
    const dhr_para *t = find(d, DHR_PART_TEXTBOX, "Old style box");
    assert_int_equal(t->anchor, idx(d, b));
    assert_int_equal(count_containing(d, "Old style box"), 1);
}

/* A text box's paragraphs are read like any other: their tab stops (w:tab in
 * w:pPr/w:tabs) are not tab characters. */
static void docx_textbox_paragraph_properties(void **state)
{
    fx *f = *state;
    dhr_document *d = DOCX(f,
        WDOC(P(R("Anchor ")
               TEXTBOX_RUN("<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>"
                           R("Quote") "</w:p>"))),
        NULL, NULL);
    find(d, DHR_PART_BODY, "Anchor ");
    /* READER BUG: in a text box the enclosing w:r is still open (in_run), so
     * the w:tab tab-stop definitions in the box paragraph's w:pPr/w:tabs are
     * emitted as "\t": the paragraph reads "\tQuote". */
    find(d, DHR_PART_TEXTBOX, "Quote");
}

static void docx_image_alt_text(void **state)
{
    fx *f = *state;
    dhr_document *d = DOCX(f,
        WDOC(P(R("Figure 1: ")
               "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">"
               "<wp:extent cx=\"952500\" cy=\"952500\"/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/>"
               "<wp:docPr id=\"2\" name=\"Picture 2\" descr=\"Photograph of Adult A with her children\" title=\"Family photograph\"/>"
               "<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect=\"1\"/></wp:cNvGraphicFramePr>"
               "<a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">"
               "<pic:pic><pic:nvPicPr><pic:cNvPr id=\"0\" name=\"photo.png\" descr=\"Photograph of Adult A with her children\"/>"
               "<pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed=\"rIdImg\"/></pic:blipFill><pic:spPr/></pic:pic>"
               "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>")
             P(R("No alt: ") "<w:r><w:drawing><wp:inline><wp:extent cx=\"1\" cy=\"1\"/>"
               "<wp:docPr id=\"3\" name=\"Picture 3\" descr=\"\"/></wp:inline></w:drawing></w:r>")),
        NULL, NULL);
    const dhr_para *body = find(d, DHR_PART_BODY, "Figure 1: ");
    assert_int_equal(count_part(d, DHR_PART_ALT_TEXT), 2);
    const dhr_para *t = find(d, DHR_PART_ALT_TEXT, "Family photograph");
    assert_int_equal(t->anchor, idx(d, body));
    const dhr_para *a = find(d, DHR_PART_ALT_TEXT, "Photograph of Adult A with her children");
    assert_int_equal(a->anchor, idx(d, body));
    assert_int_equal(count_containing(d, "photo.png"), 0);
    assert_int_equal(count_containing(d, "Picture"), 0);
}

/* ------------------------------------------------------------------------ */
/* DOCX: packages                                                            */

#define STRICT_W "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define STRICT_R "http://purl.oclc.org/ooxml/officeDocument/relationships"
#define NS_TRANSITIONAL "xmlns:w=\"" W_URI "\" xmlns:r=\"" R_URI "\""
#define NS_STRICT "xmlns:w=\"" STRICT_W "\" xmlns:r=\"" STRICT_R "\""

#define SAME_BODY                                                                                \
    PS("Heading1", R("Introduction"))                                                            \
    P(RB("Bold ") R("and plain ") "<w:ins w:id=\"1\" w:author=\"Ann\" w:date=\"2024-01-01T00:00:00Z\">" R("added") "</w:ins>" \
      "<w:del w:id=\"2\" w:author=\"Bob\" w:date=\"2024-01-02T00:00:00Z\"><w:r><w:delText>gone</w:delText></w:r></w:del>" \
      "<w:r><w:footnoteReference w:id=\"1\"/></w:r>")                                           \
    "<w:p><w:pPr>" NUMPR("1", "2") "</w:pPr>" RPR("<w:vanish/>", "hidden item") "</w:p>"     \
    "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rIdHeader1\"/></w:sectPr>"

#define SAME_STYLES                                                                              \
    "<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val=\"22\"/></w:rPr></w:rPrDefault></w:docDefaults>" \
    NORMAL PSTYLE("Heading1", "heading 1", "<w:basedOn w:val=\"Normal\"/><w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr><w:b/></w:rPr>")

#define SAME_FOOTNOTES "<w:footnote w:id=\"1\"><w:p>" R("A note.") "</w:p></w:footnote>"
#define SAME_HEADER P(R("OFFICIAL"))

#define STRICT_REL "http://purl.oclc.org/ooxml/officeDocument/relationships/"

static void compare_docs(const dhr_document *a, const dhr_document *b)
{
    if (a->npara != b->npara) {
        print_error("transitional has %zu paragraphs, strict %zu\n", a->npara, b->npara);
        dump_doc(a);
        dump_doc(b);
        fail();
    }
    for (size_t i = 0; i < a->npara; i++) {
        const dhr_para *p = &a->paras[i], *q = &b->paras[i];
        str_eq(q->text, p->text);
        assert_int_equal(q->part, p->part);
        assert_int_equal(q->n, p->n);
        str_eq(q->style, p->style);
        assert_int_equal(q->heading, p->heading);
        assert_int_equal(q->bold, p->bold);
        assert_int_equal(q->hidden, p->hidden);
        assert_int_equal(q->list_level, p->list_level);
        assert_int_equal(q->list_auto, p->list_auto);
        assert_int_equal(q->anchor, p->anchor);
        str_eq(q->author, p->author);
        str_eq(q->date, p->date);
        assert_int_equal(q->span_count, p->span_count);
        for (uint32_t k = 0; k < p->span_count; k++) {
            const dhr_span *s = dhr_para_spans(a, p) + k, *t = dhr_para_spans(b, q) + k;
            assert_int_equal(t->kind, s->kind);
            assert_int_equal(t->offset, s->offset);
            assert_int_equal(t->length, s->length);
            str_eq(t->author, s->author);
        }
    }
}

static void docx_strict_namespace(void **state)
{
    fx *f = *state;
    dhr_document *t = DOCX(f,
        XMLDECL "<w:document " NS_TRANSITIONAL "><w:body>" SAME_BODY "</w:body></w:document>",
        XMLDECL "<w:styles " NS_TRANSITIONAL ">" SAME_STYLES "</w:styles>",
        "word/footnotes.xml", XMLDECL "<w:footnotes " NS_TRANSITIONAL ">" SAME_FOOTNOTES "</w:footnotes>",
        "word/header1.xml", XMLDECL "<w:hdr " NS_TRANSITIONAL ">" SAME_HEADER "</w:hdr>",
        "docProps/app.xml",
        XMLDECL "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
        "<Company>Anytown CSP</Company></Properties>",
        NULL);
    dhr_document *s = DOCX(f,
        XMLDECL "<w:document " NS_STRICT " w:conformance=\"strict\"><w:body>" SAME_BODY "</w:body></w:document>",
        XMLDECL "<w:styles " NS_STRICT ">" SAME_STYLES "</w:styles>",
        "word/footnotes.xml", XMLDECL "<w:footnotes " NS_STRICT ">" SAME_FOOTNOTES "</w:footnotes>",
        "word/header1.xml", XMLDECL "<w:hdr " NS_STRICT ">" SAME_HEADER "</w:hdr>",
        "docProps/app.xml",
        XMLDECL "<Properties xmlns=\"http://purl.oclc.org/ooxml/officeDocument/extendedProperties\">"
        "<Company>Anytown CSP</Company></Properties>",
        "_rels/.rels",
        XMLDECL "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"" STRICT_REL "officeDocument\" Target=\"word/document.xml\"/>"
        "<Relationship Id=\"rId2\" Type=\"" STRICT_REL "extendedProperties\" Target=\"docProps/app.xml\"/>"
        "</Relationships>",
        "word/_rels/document.xml.rels",
        XMLDECL "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rIdStyles\" Type=\"" STRICT_REL "styles\" Target=\"styles.xml\"/>"
        "<Relationship Id=\"rIdFootnotes\" Type=\"" STRICT_REL "footnotes\" Target=\"footnotes.xml\"/>"
        "<Relationship Id=\"rIdHeader1\" Type=\"" STRICT_REL "header\" Target=\"header1.xml\"/>"
        "</Relationships>",
        NULL);
    /* Not two empty documents. */
    const dhr_para *h = find(s, DHR_PART_BODY, "Introduction");
    assert_int_equal(h->heading, 1);
    str_eq(h->style, "Heading 1");
    assert_true(h->bold);
    const dhr_para *b = find(s, DHR_PART_BODY, "Bold and plain added");
    check_span(s, b, 0, DHR_SPAN_INSERTED, 15, 5, "Ann", "2024-01-01T00:00:00Z");
    str_eq(find(s, DHR_PART_REVISION, "gone")->author, "Bob");
    assert_int_equal(find(s, DHR_PART_FOOTNOTE, "A note.")->anchor, idx(s, b));
    const dhr_para *li = find(s, DHR_PART_BODY, "hidden item");
    assert_true(li->hidden);
    assert_int_equal(li->list_level, 1);
    find(s, DHR_PART_HEADER, "OFFICIAL");
    str_eq(meta(s, "company"), "Anytown CSP");
    compare_docs(t, s);
}

static void docx_main_part_from_package_rels(void **state)
{
    fx *f = *state;
    const pkg_entry e[] = {
        {"[Content_Types].xml",
         XMLDECL "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                 "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                 "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                 "<Override PartName=\"/word/document2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
                 "<Override PartName=\"/word/styles2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
                 "</Types>"},
        {"_rels/.rels",
         XMLDECL "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                 "<Relationship Id=\"rId1\" Type=\"" R_URI "/officeDocument\" Target=\"/word/document2.xml\"/>"
                 "</Relationships>"},
        {"word/_rels/document2.xml.rels",
         XMLDECL "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                 "<Relationship Id=\"rId1\" Type=\"" R_URI "/styles\" Target=\"styles2.xml\"/>"
                 "</Relationships>"},
        {"word/document.xml", WDOC(P(R("WRONG PART")))},
        {"word/document2.xml", WDOC(PS("H1", R("Right part")))},
        {"word/styles2.xml", WSTYLES(PSTYLE("H1", "heading 1", ""))},
    };
    dhr_document *d = load(f, pkg_write_zip(f->dir, ".docx", e, sizeof e / sizeof e[0]));
    assert_int_equal(d->format, DHR_FORMAT_DOCX);
    const dhr_para *p = find(d, DHR_PART_BODY, "Right part");
    assert_int_equal(p->heading, 1);
    str_eq(p->style, "Heading 1");
    assert_int_equal(count_containing(d, "WRONG"), 0);
}

#define CORE_XML                                                                                 \
    XMLDECL "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" " \
    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "   \
    "xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">" \
    "<dc:title>Domestic Homicide Review into the death of Adult A</dc:title>"                    \
    "<dc:creator>Jane Chair</dc:creator><cp:lastModifiedBy>Sam Officer</cp:lastModifiedBy>"    \
    "<cp:revision>3</cp:revision>"                                                               \
    "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2024-01-15T09:00:00Z</dcterms:created>"       \
    "</cp:coreProperties>"
#define APP_XML                                                                                  \
    XMLDECL "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" " \
    "xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"         \
    "<Template>Normal.dotm</Template><Application>Microsoft Office Word</Application>"           \
    "<Company>Anytown CSP</Company></Properties>"
#define CUSTOM_XML                                                                               \
    XMLDECL "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties\" " \
    "xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"         \
    "<property fmtid=\"{D5CDD505-2E9C-101B-9397-08002B2CF9AE}\" pid=\"2\" name=\"Victim Name\">" \
    "<vt:lpwstr>Mary Jones</vt:lpwstr></property>"                                               \
    "<property fmtid=\"{D5CDD505-2E9C-101B-9397-08002B2CF9AE}\" pid=\"3\" name=\"Reviewed\">"   \
    "<vt:bool>true</vt:bool></property></Properties>"

static void docx_document_properties(void **state)
{
    fx *f = *state;
    dhr_document *d = DOCX(f, WDOC(P(R("Body."))), NULL,
                           "docProps/core.xml", CORE_XML,
                           "docProps/app.xml", APP_XML,
                           "docProps/custom.xml", CUSTOM_XML,
                           NULL);
    str_eq(meta(d, "title"), "Domestic Homicide Review into the death of Adult A");
    str_eq(meta(d, "creator"), "Jane Chair");
    str_eq(meta(d, "lastModifiedBy"), "Sam Officer");
    str_eq(meta(d, "created"), "2024-01-15T09:00:00Z");
    str_eq(meta(d, "company"), "Anytown CSP");
    str_eq(meta(d, "template"), "Normal.dotm");
    str_eq(meta(d, "custom:Victim Name"), "Mary Jones");
    str_eq(meta(d, "custom:Reviewed"), "true");
    for (size_t i = 0; i < d->npara; i++)
        if (d->paras[i].part == DHR_PART_METADATA)
            assert_int_equal(d->paras[i].anchor, -1);
    assert_null(meta(d, "revision"));
    assert_int_equal(count_containing(d, "Microsoft Office Word"), 0);
    assert_int_equal(count_part(d, DHR_PART_METADATA), 8);
    assert_int_equal(nth(d, DHR_PART_METADATA, 1)->n, 1);
    assert_int_equal(d->nwarning, 0);
}

static void docx_embedded_objects(void **state)
{
    fx *f = *state;
    dhr_document *d = DOCX(f,
        WDOC(P(R("Chronology: ")
               "<w:r><w:object w:dxaOrig=\"1531\" w:dyaOrig=\"990\">"
               "<v:shape id=\"_x0000_i1025\" type=\"#_x0000_t75\" style=\"width:76.5pt\"/>"
               "<o:OLEObject Type=\"Embed\" ProgID=\"Excel.Sheet.12\" ShapeID=\"_x0000_i1025\" "
               "DrawAspect=\"Icon\" ObjectID=\"_1\" r:id=\"rIdOle1\"/></w:object></w:r>")),
        NULL,
        "word/_rels/document.xml.rels",
        XMLDECL "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rIdOle1\" Type=\"" R_URI "/oleObject\" Target=\"embeddings/oleObject1.bin\"/>"
        "<Relationship Id=\"rIdPkg1\" Type=\"" R_URI "/package\" Target=\"embeddings/Microsoft_Excel_Worksheet.xlsx\"/>"
        "<Relationship Id=\"rIdWeb\" Type=\"" R_URI "/oleObject\" Target=\"http://example.org/x.bin\" TargetMode=\"External\"/>"
        "</Relationships>",
        "word/embeddings/oleObject1.bin", "OLE",
        "word/embeddings/Microsoft_Excel_Worksheet.xlsx", "PK",
        "word/embeddings/notes.txt", "attached",
        NULL);
    find(d, DHR_PART_BODY, "Chronology: ");
    assert_int_equal(d->nobject, 3);
    const dhr_object *ole = NULL, *pkg = NULL, *att = NULL;
    for (size_t i = 0; i < d->nobject; i++) {
        const char *n = d->objects[i].name;
        if (strcmp(n, "word/embeddings/oleObject1.bin") == 0)
            ole = &d->objects[i];
        else if (strcmp(n, "word/embeddings/Microsoft_Excel_Worksheet.xlsx") == 0)
            pkg = &d->objects[i];
        else if (strcmp(n, "word/embeddings/notes.txt") == 0)
            att = &d->objects[i];
    }
    assert_non_null(ole);
    str_eq(ole->kind, "ole");
    str_eq(ole->type, "application/vnd.openxmlformats-officedocument.oleObject");
    assert_non_null(pkg);
    str_eq(pkg->kind, "package");
    assert_non_null(att);
    str_eq(att->kind, "attachment");
}

static void docx_damaged_core_properties(void **state)
{
    fx *f = *state;
    dhr_document *d = DOCX(f, WDOC(P(R("Still read."))), NULL,
                           "docProps/core.xml",
                           XMLDECL "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
                           "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>Half</cp:coreProperties>",
                           "docProps/app.xml", APP_XML,
                           NULL);
    find(d, DHR_PART_BODY, "Still read.");
    assert_int_equal(d->nwarning, 1);
    assert_non_null(strstr(d->warnings[0], "docProps/core.xml"));
    str_eq(meta(d, "company"), "Anytown CSP");
}

/* ------------------------------------------------------------------------ */
/* OpenDocument building blocks                                              */

#define ODF_NS                                                                                   \
    "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "                         \
    "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" "                           \
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "                             \
    "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "                           \
    "xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\" "                          \
    "xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" "                  \
    "xmlns:xlink=\"http://www.w3.org/1999/xlink\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" " \
    "xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\" "                             \
    "xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\" office:version=\"1.3\""

#define OXMLDECL "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
#define OCONTENT(autostyles, body)                                                               \
    OXMLDECL "<office:document-content " ODF_NS "><office:automatic-styles>" autostyles          \
    "</office:automatic-styles><office:body><office:text>" body                                  \
    "</office:text></office:body></office:document-content>"
#define OSTYLES(styles, master)                                                                  \
    OXMLDECL "<office:document-styles " ODF_NS "><office:styles>" styles                         \
    "</office:styles><office:automatic-styles/><office:master-styles>" master                    \
    "</office:master-styles></office:document-styles>"
#define OMETA(m)                                                                                 \
    OXMLDECL "<office:document-meta " ODF_NS "><office:meta>" m "</office:meta></office:document-meta>"

#define TP(x) "<text:p>" x "</text:p>"
#define TPS(style, x) "<text:p text:style-name=\"" style "\">" x "</text:p>"
#define SPAN(style, x) "<text:span text:style-name=\"" style "\">" x "</text:span>"
#define TEXT_STYLE(name, props)                                                                  \
    "<style:style style:name=\"" name "\" style:family=\"text\"><style:text-properties " props "/></style:style>"
#define PARA_STYLE(name, parent, props)                                                          \
    "<style:style style:name=\"" name "\" style:family=\"paragraph\" style:parent-style-name=\"" parent "\">" \
    "<style:text-properties " props "/></style:style>"

/* ------------------------------------------------------------------------ */
/* ODT                                                                       */

static void odt_spaces_tabs_breaks(void **state)
{
    fx *f = *state;
    dhr_document *d = ODT(f,
        OCONTENT("",
                 TP("a<text:s text:c=\"3\"/>b<text:tab/>c<text:line-break/>d")
                 TP("x<text:s/>y")
                 TP("<text:s text:c=\"2\"/>Indented")
                 TP("one <text:s text:c=\"2\"/>two")),
        NULL, NULL);
    assert_int_equal(d->format, DHR_FORMAT_ODT);
    find(d, DHR_PART_BODY, "a   b\tc\nd");
    find(d, DHR_PART_BODY, "x y");
    find(d, DHR_PART_BODY, "  Indented");
    find(d, DHR_PART_BODY, "one   two");
}

static void odt_whitespace_collapsing(void **state)
{
    fx *f = *state;
    dhr_document *d = ODT(f,
        OCONTENT(TEXT_STYLE("T1", "fo:font-style=\"italic\""),
                 "<text:p>\n    Hello   \n\t  wide    world</text:p>"
                 TP(SPAN("T1", "one ") " " SPAN("T1", " two"))
                 TP("   " SPAN("T1", "  lead"))),
        NULL, NULL);
    find(d, DHR_PART_BODY, "Hello wide world");
    find(d, DHR_PART_BODY, "one two");
    find(d, DHR_PART_BODY, "lead");
}

#define ODT_HEADING_STYLES                                                                       \
    "<style:style style:name=\"Heading\" style:family=\"paragraph\"/>"                          \
    "<style:style style:name=\"Heading_20_1\" style:display-name=\"Heading 1\" style:family=\"paragraph\" " \
    "style:parent-style-name=\"Heading\" style:default-outline-level=\"1\"/>"                    \
    "<style:style style:name=\"Heading_20_2\" style:display-name=\"Heading 2\" style:family=\"paragraph\" " \
    "style:parent-style-name=\"Heading\" style:default-outline-level=\"2\"/>"

static void odt_headings(void **state)
{
    fx *f = *state;
    dhr_document *d = ODT(f,
        OCONTENT("<style:style style:name=\"P1\" style:family=\"paragraph\" style:parent-style-name=\"Heading_20_2\"/>",
                 "<text:h text:style-name=\"Heading_20_1\" text:outline-level=\"1\">Introduction</text:h>"
                 "<text:h text:style-name=\"P1\" text:outline-level=\"2\">Background</text:h>"
                 "<text:h text:outline-level=\"3\">Detail</text:h>"
                 TPS("Heading_20_2", "Styled as a heading")
                 TP("Body")),
        OSTYLES(ODT_HEADING_STYLES, ""), NULL);
    const dhr_para *p = find(d, DHR_PART_BODY, "Introduction");
    assert_int_equal(p->heading, 1);
    str_eq(p->style, "Heading 1");
    p = find(d, DHR_PART_BODY, "Background");
    assert_int_equal(p->heading, 2);
    str_eq(p->style, "Heading 2");
    assert_int_equal(find(d, DHR_PART_BODY, "Detail")->heading, 3);
    assert_int_equal(find(d, DHR_PART_BODY, "Styled as a heading")->heading, 2);
    assert_int_equal(find(d, DHR_PART_BODY, "Body")->heading, 0);
}

static void odt_bold_styles(void **state)
{
    fx *f = *state;
    dhr_document *d = ODT(f,
        OCONTENT(TEXT_STYLE("T1", "fo:font-weight=\"bold\"")
                 TEXT_STYLE("T2", "fo:font-weight=\"normal\"")
                 TEXT_STYLE("T3", "fo:font-weight=\"700\"")
                 "<style:style style:name=\"P1\" style:family=\"paragraph\" style:parent-style-name=\"Stronger\"/>",
                 TPS("P1", "Bold by parent")
                 TP(SPAN("T1", "All bold") " " SPAN("T3", "numeric weight"))
                 TP(SPAN("T1", "Half") " plain")
                 TPS("P1", "Bold " SPAN("T2", "not"))
                 TP("Plain")),
        OSTYLES("<style:style style:name=\"Strong_20_Para\" style:display-name=\"Strong Para\" style:family=\"paragraph\">"
                "<style:text-properties fo:font-weight=\"bold\"/></style:style>"
                "<style:style style:name=\"Stronger\" style:family=\"paragraph\" style:parent-style-name=\"Strong_20_Para\"/>",
                ""),
        NULL);
    const dhr_para *p = find(d, DHR_PART_BODY, "Bold by parent");
    assert_true(p->bold);
    str_eq(p->style, "Stronger");
    assert_true(find(d, DHR_PART_BODY, "All bold numeric weight")->bold);
    assert_false(find(d, DHR_PART_BODY, "Half plain")->bold);
    assert_false(find(d, DHR_PART_BODY, "Bold not")->bold);
    assert_false(find(d, DHR_PART_BODY, "Plain")->bold);
}

static void odt_hidden_text(void **state)
{
    fx *f = *state;
    dhr_document *d = ODT(f,
        OCONTENT(TEXT_STYLE("T3", "text:display=\"none\""),
                 TP("Visible " SPAN("T3", "secret"))
                 "<text:section text:name=\"Hidden1\" text:display=\"none\">"
                 TP("Hidden section text") "</text:section>"
                 "<text:section text:name=\"Shown\" text:display=\"true\">"
                 TP("Shown section text") "</text:section>"
                 TP(SPAN("T3", "All hidden"))
                 TP("After")),
        NULL, NULL);
    const dhr_para *p = find(d, DHR_PART_BODY, "Visible secret");
    assert_false(p->hidden);
    assert_int_equal(p->span_count, 1);
    check_span(d, p, 0, DHR_SPAN_HIDDEN, 8, 6, NULL, NULL);
    p = find(d, DHR_PART_BODY, "Hidden section text");
    assert_true(p->hidden);
    check_span(d, p, 0, DHR_SPAN_HIDDEN, 0, 19, NULL, NULL);
    p = find(d, DHR_PART_BODY, "Shown section text");
    assert_false(p->hidden);
    assert_int_equal(p->span_count, 0);
    assert_true(find(d, DHR_PART_BODY, "All hidden")->hidden);
    p = find(d, DHR_PART_BODY, "After");
    assert_false(p->hidden);
    assert_int_equal(p->span_count, 0);
}

static void odt_notes(void **state)
{
    fx *f = *state;
    dhr_document *d = ODT(f,
        OCONTENT("",
                 TP("The IMR was late.<text:note text:id=\"ftn1\" text:note-class=\"footnote\">"
                    "<text:note-citation>1</text:note-citation><text:note-body>"
                    TPS("Footnote", "Agency chronology, 2023.") "</text:note-body></text:note> Then more.")
                 TP("See the annex.<text:note text:id=\"ftn2\" text:note-class=\"endnote\">"
                    "<text:note-citation text:label=\"i\">i</text:note-citation><text:note-body>"
                    TPS("Endnote", "Annex text.") "</text:note-body></text:note>")),
        OSTYLES("<style:style style:name=\"Footnote\" style:family=\"paragraph\" style:class=\"extra\"/>", ""),
        NULL);
    /* Regression (fixed in 71ffaf1): a skipped element (text:note-citation)
     * leaked a depth level, and the rest of the paragraph after a note was
     * lost ("The IMR was late."). */
    const dhr_para *b1 = find(d, DHR_PART_BODY, "The IMR was late. Then more.");
    const dhr_para *b2 = find(d, DHR_PART_BODY, "See the annex.");
    const dhr_para *fn = find(d, DHR_PART_FOOTNOTE, "Agency chronology, 2023.");
    assert_int_equal(fn->anchor, idx(d, b1));
    assert_int_equal(fn->n, 1);
    str_eq(fn->style, "Footnote");
    const dhr_para *en = find(d, DHR_PART_ENDNOTE, "Annex text.");
    assert_int_equal(en->anchor, idx(d, b2));
    assert_int_equal(count_part(d, DHR_PART_FOOTNOTE), 1);
    assert_int_equal(count_part(d, DHR_PART_ENDNOTE), 1);
    assert_int_equal(count_part(d, DHR_PART_BODY), 2);
}

static void odt_annotation(void **state)
{
    fx *f = *state;
    dhr_document *d = ODT(f,
        OCONTENT("",
                 TP("On 3 May <office:annotation office:name=\"__Annotation__1\">"
                    "<dc:creator>Carol Chair</dc:creator><dc:date>2024-02-02T09:30:00</dc:date>"
                    "<text:p>Please verify this date.</text:p><text:p>Second line.</text:p></office:annotation>"
                    "the police attended<office:annotation-end office:name=\"__Annotation__1\"/>.")),
        NULL, NULL);
    const dhr_para *b = find(d, DHR_PART_BODY, "On 3 May the police attended.");
    assert_int_equal(count_part(d, DHR_PART_COMMENT), 2);
    const dhr_para *c = find(d, DHR_PART_COMMENT, "Please verify this date.");
    assert_int_equal(c->anchor, idx(d, b));
    assert_int_equal(c->n, 1);
    str_eq(c->author, "Carol Chair");
    str_eq(c->date, "2024-02-02T09:30:00");
    c = find(d, DHR_PART_COMMENT, "Second line.");
    assert_int_equal(c->anchor, idx(d, b));
    str_eq(c->author, "Carol Chair");
    assert_int_equal(count_containing(d, "Carol"), 0);
}

static void odt_frames(void **state)
{
    fx *f = *state;
    dhr_document *d = ODT(f,
        OCONTENT("",
                 TP("Before <draw:frame draw:name=\"Frame1\" text:anchor-type=\"as-char\" svg:width=\"5cm\" draw:z-index=\"0\">"
                    "<draw:text-box fo:min-height=\"1cm\">" TP("Boxed quote from the family")
                    "</draw:text-box></draw:frame>after.")
                 TP("<draw:frame draw:name=\"Image1\" text:anchor-type=\"paragraph\" svg:width=\"2cm\" svg:height=\"2cm\">"
                    "<draw:image xlink:href=\"Pictures/a.png\" xlink:type=\"simple\" xlink:show=\"embed\" xlink:actuate=\"onLoad\"/>"
                    "<svg:title>Family photograph</svg:title><svg:desc>Photograph of Adult A</svg:desc>"
                    "</draw:frame>Caption text")),
        NULL, NULL);
    const dhr_para *b1 = find(d, DHR_PART_BODY, "Before after.");
    const dhr_para *t = find(d, DHR_PART_TEXTBOX, "Boxed quote from the family");
    assert_int_equal(t->anchor, idx(d, b1));
    assert_int_equal(t->n, 1);
    const dhr_para *b2 = find(d, DHR_PART_BODY, "Caption text");
    assert_int_equal(find(d, DHR_PART_ALT_TEXT, "Family photograph")->anchor, idx(d, b2));
    assert_int_equal(find(d, DHR_PART_ALT_TEXT, "Photograph of Adult A")->anchor, idx(d, b2));
    assert_int_equal(count_part(d, DHR_PART_ALT_TEXT), 2);
    assert_int_equal(count_containing(d, "Boxed"), 1);
}

static void odt_lists(void **state)
{
    fx *f = *state;
    dhr_document *d = ODT(f,
        OCONTENT("",
                 "<text:list text:style-name=\"L1\"><text:list-item>" TP("First")
                 "<text:list><text:list-item>" TP("Nested")
                 "<text:list><text:list-item>" TP("Deeper") "</text:list-item></text:list>"
                 "</text:list-item></text:list>" TP("First again")
                 "</text:list-item><text:list-item>" TP("Second") "</text:list-item>"
                 "<text:list-header>" TP("Unnumbered in the list") "</text:list-header></text:list>"
                 TP("After the list")),
        NULL, NULL);
    const dhr_para *p = find(d, DHR_PART_BODY, "First");
    assert_true(p->list_auto);
    assert_int_equal(p->list_level, 0);
    p = find(d, DHR_PART_BODY, "Nested");
    assert_true(p->list_auto);
    assert_int_equal(p->list_level, 1);
    assert_int_equal(find(d, DHR_PART_BODY, "Deeper")->list_level, 2);
    assert_int_equal(find(d, DHR_PART_BODY, "First again")->list_level, 0);
    assert_int_equal(find(d, DHR_PART_BODY, "Second")->list_level, 0);
    p = find(d, DHR_PART_BODY, "Unnumbered in the list");
    assert_false(p->list_auto);
    assert_int_equal(p->list_level, 0);
    p = find(d, DHR_PART_BODY, "After the list");
    assert_false(p->list_auto);
    assert_int_equal(p->list_level, -1);
}

/* A note or a text box inside a list item is not itself a list paragraph. */
static void odt_note_in_list_item(void **state)
{
    fx *f = *state;
    dhr_document *d = ODT(f,
        OCONTENT("",
                 "<text:list><text:list-item>"
                 TP("Item<text:note text:id=\"ftn1\" text:note-class=\"footnote\"><text:note-citation>1</text:note-citation>"
                    "<text:note-body>" TP("Note in a list item") "</text:note-body></text:note>"
                    "<draw:frame draw:name=\"F1\"><draw:text-box>" TP("Box in a list item") "</draw:text-box></draw:frame>"
                    "<office:annotation><dc:creator>Carol</dc:creator>" TP("Comment in a list item") "</office:annotation>")
                 "</text:list-item></text:list>"),
        NULL, NULL);
    const dhr_para *item = find(d, DHR_PART_BODY, "Item");
    assert_int_equal(item->list_level, 0);
    const dhr_para *n = find(d, DHR_PART_FOOTNOTE, "Note in a list item");
    const dhr_para *b = find(d, DHR_PART_TEXTBOX, "Box in a list item");
    const dhr_para *c = find(d, DHR_PART_COMMENT, "Comment in a list item");
    assert_int_equal(n->anchor, idx(d, item));
    assert_int_equal(b->anchor, idx(d, item));
    assert_int_equal(c->anchor, idx(d, item));
    /* READER BUG: odt.c para_start() takes list membership from r->list_depth
     * and r->in_list_item, which are not saved and reset by cont_push() for
     * notes, text boxes and annotations, so their paragraphs come out as list
     * paragraphs (list_level 0, list_auto true). */
    assert_int_equal(n->list_level, -1);
    assert_false(n->list_auto);
    assert_int_equal(b->list_level, -1);
    assert_false(b->list_auto);
    assert_int_equal(c->list_level, -1);
    assert_false(c->list_auto);
}

/* Text in a drawing shape (draw:custom-shape, draw:rect...) is a text box's
 * text, as Word's wps:wsp shapes are: not a body paragraph of its own. */
static void odt_shape_text(void **state)
{
    fx *f = *state;
    dhr_document *d = ODT(f,
        OCONTENT("",
                 TP("Anchor <draw:custom-shape draw:name=\"Shape1\" text:anchor-type=\"as-char\" svg:width=\"3cm\" svg:height=\"1cm\">"
                    TP("Shape text") "<draw:enhanced-geometry draw:type=\"rectangle\"/></draw:custom-shape>after")),
        NULL, NULL);
    const dhr_para *b = find(d, DHR_PART_BODY, "Anchor after");
    /* READER BUG: odt.c pushes a DHR_PART_TEXTBOX container only for
     * draw:text-box; the text:p inside draw:custom-shape (or draw:rect,
     * draw:ellipse...) is read as an unanchored body paragraph, body 2, after
     * the paragraph that holds the shape. */
    assert_int_equal(count_part(d, DHR_PART_BODY), 1);
    const dhr_para *t = find(d, DHR_PART_TEXTBOX, "Shape text");
    assert_int_equal(t->anchor, idx(d, b));
}

/* A long report: every note and every covered cell must be read, however
 * many there are. */
static char *many_notes_content(int notes)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m)
        return NULL;
    fputs(OXMLDECL "<office:document-content " ODF_NS "><office:body><office:text>", m);
    for (int i = 1; i <= notes; i++)
        fprintf(m, "<text:p>Paragraph %d.<text:note text:id=\"ftn%d\" text:note-class=\"footnote\">"
                   "<text:note-citation>%d</text:note-citation><text:note-body>"
                   "<text:p>Note %d.</text:p></text:note-body></text:note></text:p>",
                i, i, i, i);
    fputs("<table:table table:name=\"Chronology\">", m);
    for (int i = 1; i <= notes; i++)
        fprintf(m, "<table:table-row><table:table-cell table:number-columns-spanned=\"2\">"
                   "<text:p>Row %d</text:p></table:table-cell><table:covered-table-cell/>"
                   "<table:table-cell><text:p>Event %d</text:p></table:table-cell></table:table-row>",
                i, i);
    fputs("</table:table><text:p>Last paragraph.</text:p></office:text></office:body>"
          "</office:document-content>", m);
    if (fclose(m) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

static void odt_many_footnotes(void **state)
{
    fx *f = *state;
    enum { N = 300 };
    char *content = many_notes_content(N);
    assert_non_null(content);
    char *path = make_odt(f->dir, content, NULL, NULL);
    free(content);
    dhr_document *d = load(f, path);
    /* Regression (fixed in 71ffaf1): the depth leak of odt_notes, one level
     * per text:note-citation and per table:covered-table-cell, reached
     * DHR_MAX_XML_DEPTH (250) after about 243 of them; from there on every
     * element was ignored: footnotes and table rows 244-300 were missing,
     * with no warning. */
    assert_int_equal(count_part(d, DHR_PART_FOOTNOTE), N);
    const dhr_para *b = find(d, DHR_PART_BODY, "Paragraph 300.");
    assert_int_equal(find(d, DHR_PART_FOOTNOTE, "Note 300.")->anchor, idx(d, b));
    const dhr_para *r = find(d, DHR_PART_BODY, "Event 300");
    assert_int_equal(r->row, N);
    assert_int_equal(r->cell, 3);
    assert_int_equal(count_part(d, DHR_PART_BODY), 3 * N + 1);
    assert_int_equal(find(d, DHR_PART_BODY, "Last paragraph.")->table, 0);
}

static void odt_tables(void **state)
{
    fx *f = *state;
    dhr_document *d = ODT(f,
        OCONTENT("",
                 "<table:table table:name=\"Table1\"><table:table-column table:number-columns-repeated=\"3\"/>"
                 "<table:table-header-rows><table:table-row>"
                 "<table:table-cell table:number-columns-spanned=\"2\" office:value-type=\"string\">" TP("A") "</table:table-cell>"
                 "<table:covered-table-cell>" TP("ghost") "</table:covered-table-cell>"
                 "<table:table-cell>" TP("B") "</table:table-cell>"
                 "</table:table-row></table:table-header-rows>"
                 "<table:table-row>"
                 "<table:table-cell table:number-columns-repeated=\"2\"/>"
                 "<table:table-cell>" TP("C")
                 "<table:table table:name=\"Table2\"><table:table-column table:number-columns-repeated=\"2\"/><table:table-row>"
                 "<table:table-cell>" TP("Inner 1") "</table:table-cell>"
                 "<table:table-cell>" TP("Inner 2") "</table:table-cell>"
                 "</table:table-row></table:table>" TP("C after") "</table:table-cell>"
                 "</table:table-row>"
                 "<table:table-row><table:table-cell table:number-rows-spanned=\"2\">" TP("D") "</table:table-cell>"
                 "<table:table-cell>" TP("E") "</table:table-cell><table:table-cell>" TP("F") "</table:table-cell></table:table-row>"
                 "<table:table-row><table:covered-table-cell/>"
                 "<table:table-cell>" TP("G") "</table:table-cell><table:table-cell>" TP("H") "</table:table-cell></table:table-row>"
                 "</table:table>" TP("After")),
        NULL, NULL);
    assert_int_equal(d->ntable, 2);
    cell_is(d, "A", 1, 1, 1, 1);
    assert_int_equal(find(d, DHR_PART_BODY, "B")->cell, 3);
    assert_int_equal(count_containing(d, "ghost"), 0);
    cell_is(d, "C", ANY, 2, 3, ANY);
    cell_is(d, "Inner 2", 2, 1, 2, 2);
    cell_is(d, "C after", 1, ANY, 3, 1);
    cell_is(d, "G", ANY, 4, 2, ANY);
    assert_int_equal(find(d, DHR_PART_BODY, "H")->cell, 3);
    assert_int_equal(find(d, DHR_PART_BODY, "After")->table, 0);
}

#define ODT_TRACKED                                                                              \
    "<text:tracked-changes text:track-changes=\"false\">"                                        \
    "<text:changed-region xml:id=\"ct1\" text:id=\"ct1\"><text:insertion><office:change-info>"  \
    "<dc:creator>Ann Reviewer</dc:creator><dc:date>2024-03-01T10:00:00</dc:date>"              \
    "</office:change-info></text:insertion></text:changed-region>"                               \
    "<text:changed-region xml:id=\"ct2\" text:id=\"ct2\"><text:deletion><office:change-info>"   \
    "<dc:creator>Bob Editor</dc:creator><dc:date>2024-03-02T11:00:00</dc:date>"                \
    "</office:change-info>" TP("John Smith") "</text:deletion></text:changed-region>"           \
    "<text:changed-region xml:id=\"ct3\" text:id=\"ct3\"><text:format-change><office:change-info>" \
    "<dc:creator>Ann Reviewer</dc:creator><dc:date>2024-03-03T00:00:00</dc:date>"              \
    "</office:change-info></text:format-change></text:changed-region>"                           \
    "</text:tracked-changes>"

static void odt_tracked_changes(void **state)
{
    fx *f = *state;
    dhr_document *d = ODT(f,
        OCONTENT("",
                 ODT_TRACKED
                 TP("The panel <text:change-start text:change-id=\"ct1\"/>also <text:change-end text:change-id=\"ct1\"/>"
                    "met <text:change text:change-id=\"ct2\"/>the family.")),
        NULL, NULL);
    const dhr_para *b = find(d, DHR_PART_BODY, "The panel also met the family.");
    assert_int_equal(b->span_count, 1);
    check_span(d, b, 0, DHR_SPAN_INSERTED, 10, 5, "Ann Reviewer", "2024-03-01T10:00:00");
    const dhr_para *r = find(d, DHR_PART_REVISION, "John Smith");
    assert_int_equal(r->anchor, idx(d, b));
    str_eq(r->author, "Bob Editor");
    str_eq(r->date, "2024-03-02T11:00:00");
    assert_int_equal(count_part(d, DHR_PART_BODY), 1);
    assert_int_equal(d->nformat_changes, 1);
    assert_int_equal(count_containing(d, "Ann Reviewer"), 0);
}

#define ODT_TOC_STYLES                                                                           \
    "<style:style style:name=\"Contents_20_Heading\" style:display-name=\"Contents Heading\" style:family=\"paragraph\"/>" \
    "<style:style style:name=\"Contents_20_1\" style:display-name=\"Contents 1\" style:family=\"paragraph\"/>" \
    "<style:style style:name=\"Contents_20_2\" style:display-name=\"Contents 2\" style:family=\"paragraph\"/>"

#define ODT_TOC                                                                                  \
    "<text:table-of-content text:style-name=\"Sect1\" text:protected=\"true\" text:name=\"Table of Contents1\">" \
    "<text:table-of-content-source text:outline-level=\"10\">"                                   \
    "<text:index-title-template text:style-name=\"Contents_20_Heading\">Contents</text:index-title-template>" \
    "<text:table-of-content-entry-template text:outline-level=\"1\" text:style-name=\"Contents_20_1\">" \
    "<text:index-entry-link-start/><text:index-entry-text/><text:index-entry-tab-stop style:type=\"right\"/>" \
    "<text:index-entry-page-number/><text:index-entry-link-end/></text:table-of-content-entry-template>" \
    "</text:table-of-content-source><text:index-body>"                                          \
    "<text:index-title text:name=\"Table of Contents1_Head\">" TPS("Contents_20_Heading", "Contents") "</text:index-title>" \
    TPS("P3", "<text:a xlink:type=\"simple\" xlink:href=\"#__RefHeading___Toc1_1\">1. Introduction<text:tab/>2</text:a>") \
    TPS("Contents_20_2", "<text:a xlink:type=\"simple\" xlink:href=\"#__RefHeading___Toc2_1\">1.1 Background<text:tab/>3</text:a>") \
    "</text:index-body></text:table-of-content>"

static void odt_table_of_content(void **state)
{
    fx *f = *state;
    dhr_document *d = ODT(f,
        OCONTENT("<style:style style:name=\"P3\" style:family=\"paragraph\" style:parent-style-name=\"Contents_20_1\"/>",
                 ODT_TOC "<text:h text:style-name=\"Heading_20_1\" text:outline-level=\"1\">1. Introduction</text:h>"),
        OSTYLES(ODT_TOC_STYLES ODT_HEADING_STYLES, ""), NULL);
    assert_int_equal(d->toc_source, DHR_TOC_INDEX);
    assert_int_equal(d->ntoc, 2);
    str_eq(d->toc[0].text, "1. Introduction");
    assert_int_equal(d->toc[0].level, 1);
    str_eq(d->toc[1].text, "1.1 Background");
    assert_int_equal(d->toc[1].level, 2);
    assert_int_equal(count_part(d, DHR_PART_BODY), 2);
    const dhr_para *t = nth(d, DHR_PART_BODY, 1);
    str_eq(t->text, "Contents");
    str_eq(t->style, "Contents Heading");
    const dhr_para *h = nth(d, DHR_PART_BODY, 2);
    str_eq(h->text, "1. Introduction");
    assert_int_equal(h->heading, 1);
}

#define ODT_MASTER                                                                               \
    "<style:master-page style:name=\"Standard\" style:page-layout-name=\"pm1\">"                \
    "<style:header>" TPS("Header", "OFFICIAL-SENSITIVE") "</style:header>"                       \
    "<style:header-left>" TP("Left header") "</style:header-left>"                               \
    "<style:footer>" TPS("Footer", "Page <text:page-number text:select-page=\"current\">1</text:page-number>") \
    "</style:footer></style:master-page>"

static void odt_header_footer(void **state)
{
    fx *f = *state;
    dhr_document *d = ODT(f,
        OCONTENT("", TP("Body.")),
        OSTYLES("<style:style style:name=\"Header\" style:family=\"paragraph\"/>", ODT_MASTER), NULL);
    const dhr_para *h = find(d, DHR_PART_HEADER, "OFFICIAL-SENSITIVE");
    assert_int_equal(h->n, 1);
    str_eq(h->style, "Header");
    assert_int_equal(h->anchor, -1);
    assert_int_equal(find(d, DHR_PART_HEADER, "Left header")->n, 2);
    assert_int_equal(count_part(d, DHR_PART_HEADER), 2);
    find(d, DHR_PART_FOOTER, "Page 1");
    const dhr_para *b = find(d, DHR_PART_BODY, "Body.");
    assert_int_equal(b->n, 1);
    assert_int_equal(count_part(d, DHR_PART_BODY), 1);
}

#define ODT_META_PROPS                                                                           \
    "<meta:generator>LibreOffice/7.5</meta:generator><dc:title>DHR Adult A</dc:title>"          \
    "<meta:initial-creator>Jane Chair</meta:initial-creator><dc:creator>Sam Officer</dc:creator>" \
    "<meta:creation-date>2024-01-15T09:00:00</meta:creation-date>"                             \
    "<meta:editing-cycles>4</meta:editing-cycles>"                                               \
    "<meta:user-defined meta:name=\"Victim Name\" meta:value-type=\"string\">Mary Jones</meta:user-defined>"

static void check_meta_props(const dhr_document *d)
{
    str_eq(meta(d, "title"), "DHR Adult A");
    str_eq(meta(d, "creator"), "Jane Chair");
    str_eq(meta(d, "lastModifiedBy"), "Sam Officer");
    str_eq(meta(d, "created"), "2024-01-15T09:00:00");
    str_eq(meta(d, "custom:Victim Name"), "Mary Jones");
    assert_int_equal(count_part(d, DHR_PART_METADATA), 5);
    assert_int_equal(count_containing(d, "LibreOffice"), 0);
}

static void odt_meta_properties(void **state)
{
    fx *f = *state;
    dhr_document *d = ODT(f, OCONTENT("", TP("Body.")), NULL, "meta.xml", OMETA(ODT_META_PROPS), NULL);
    check_meta_props(d);
    assert_int_equal(count_part(d, DHR_PART_BODY), 1);
}

/* ------------------------------------------------------------------------ */
/* Flat ODT: everything in one file                                          */

static void fodt_everything(void **state)
{
    fx *f = *state;
    dhr_document *d = FODT(f,
        OXMLDECL "<office:document " ODF_NS " office:mimetype=\"application/vnd.oasis.opendocument.text\">"
        "<office:meta>" ODT_META_PROPS "</office:meta>"
        "<office:styles>" ODT_HEADING_STYLES ODT_TOC_STYLES
        "<style:style style:name=\"Strong_20_Para\" style:display-name=\"Strong Para\" style:family=\"paragraph\">"
        "<style:text-properties fo:font-weight=\"bold\"/></style:style>"
        "<style:style style:name=\"Header\" style:family=\"paragraph\"/>"
        "</office:styles>"
        "<office:automatic-styles>"
        "<style:page-layout style:name=\"pm1\"/>"
        TEXT_STYLE("T1", "fo:font-weight=\"bold\"") TEXT_STYLE("T3", "text:display=\"none\"")
        "<style:style style:name=\"P1\" style:family=\"paragraph\" style:parent-style-name=\"Strong_20_Para\"/>"
        "<style:style style:name=\"P3\" style:family=\"paragraph\" style:parent-style-name=\"Contents_20_1\"/>"
        "</office:automatic-styles>"
        "<office:master-styles>" ODT_MASTER "</office:master-styles>"
        "<office:body><office:text>"
        ODT_TRACKED ODT_TOC
        "<text:h text:style-name=\"Heading_20_1\" text:outline-level=\"1\">1. Introduction</text:h>"
        TPS("P1", "Bold by parent")
        TP("a<text:s text:c=\"3\"/>b<text:tab/>c<text:line-break/>d")
        TP("Visible " SPAN("T3", "secret"))
        "<text:section text:name=\"S1\" text:display=\"none\">" TP("Hidden section text") "</text:section>"
        TP("The IMR was late.<text:note text:id=\"ftn1\" text:note-class=\"footnote\">"
           "<text:note-citation>1</text:note-citation><text:note-body>" TP("A footnote.")
           "</text:note-body></text:note> Then more.<text:note text:id=\"ftn2\" text:note-class=\"endnote\">"
           "<text:note-citation>i</text:note-citation><text:note-body>" TP("An endnote.")
           "</text:note-body></text:note>")
        TP("On 3 May <office:annotation><dc:creator>Carol Chair</dc:creator><dc:date>2024-02-02T09:30:00</dc:date>"
           TP("Please verify this date.") "</office:annotation>the police attended.")
        TP("Before <draw:frame draw:name=\"Frame1\"><draw:text-box>" TP("Boxed quote")
           "</draw:text-box></draw:frame>after.")
        TP("<draw:frame draw:name=\"Image1\"><draw:image xlink:href=\"Pictures/a.png\"/>"
           "<svg:desc>Photograph of Adult A</svg:desc></draw:frame>Caption")
        "<text:list><text:list-item>" TP("First")
        "<text:list><text:list-item>" TP("Nested") "</text:list-item></text:list></text:list-item></text:list>"
        "<table:table table:name=\"Table1\"><table:table-row>"
        "<table:table-cell table:number-columns-spanned=\"2\">" TP("Spanned") "</table:table-cell>"
        "<table:covered-table-cell>" TP("ghost") "</table:covered-table-cell>"
        "<table:table-cell>" TP("Third") "</table:table-cell></table:table-row>"
        "<table:table-row><table:table-cell><table:table table:name=\"Table2\"><table:table-row>"
        "<table:table-cell>" TP("Nested A") "</table:table-cell><table:table-cell>" TP("Nested B")
        "</table:table-cell></table:table-row></table:table></table:table-cell></table:table-row></table:table>"
        TP("The panel <text:change-start text:change-id=\"ct1\"/>also <text:change-end text:change-id=\"ct1\"/>"
           "met <text:change text:change-id=\"ct2\"/>the family.")
        "</office:text></office:body></office:document>");
    assert_int_equal(d->format, DHR_FORMAT_FODT);
    check_meta_props(d);

    find(d, DHR_PART_HEADER, "OFFICIAL-SENSITIVE");
    find(d, DHR_PART_FOOTER, "Page 1");

    assert_int_equal(d->toc_source, DHR_TOC_INDEX);
    assert_int_equal(d->ntoc, 2);
    str_eq(d->toc[0].text, "1. Introduction");
    assert_int_equal(d->toc[0].level, 1);
    str_eq(d->toc[1].text, "1.1 Background");
    assert_int_equal(d->toc[1].level, 2);
    str_eq(nth(d, DHR_PART_BODY, 1)->text, "Contents");

    const dhr_para *h = find(d, DHR_PART_BODY, "1. Introduction");
    assert_int_equal(h->heading, 1);
    str_eq(h->style, "Heading 1");
    str_eq(h->list_label, "1.");
    assert_true(find(d, DHR_PART_BODY, "Bold by parent")->bold);
    find(d, DHR_PART_BODY, "a   b\tc\nd");
    const dhr_para *v = find(d, DHR_PART_BODY, "Visible secret");
    check_span(d, v, 0, DHR_SPAN_HIDDEN, 8, 6, NULL, NULL);
    assert_true(find(d, DHR_PART_BODY, "Hidden section text")->hidden);

    const dhr_para *b = find(d, DHR_PART_BODY, "The IMR was late. Then more.");
    assert_int_equal(find(d, DHR_PART_FOOTNOTE, "A footnote.")->anchor, idx(d, b));
    assert_int_equal(find(d, DHR_PART_ENDNOTE, "An endnote.")->anchor, idx(d, b));
    b = find(d, DHR_PART_BODY, "On 3 May the police attended.");
    const dhr_para *c = find(d, DHR_PART_COMMENT, "Please verify this date.");
    assert_int_equal(c->anchor, idx(d, b));
    str_eq(c->author, "Carol Chair");
    str_eq(c->date, "2024-02-02T09:30:00");
    b = find(d, DHR_PART_BODY, "Before after.");
    assert_int_equal(find(d, DHR_PART_TEXTBOX, "Boxed quote")->anchor, idx(d, b));
    b = find(d, DHR_PART_BODY, "Caption");
    assert_int_equal(find(d, DHR_PART_ALT_TEXT, "Photograph of Adult A")->anchor, idx(d, b));

    assert_int_equal(find(d, DHR_PART_BODY, "First")->list_level, 0);
    assert_int_equal(find(d, DHR_PART_BODY, "Nested")->list_level, 1);
    const dhr_para *t = find(d, DHR_PART_BODY, "Third");
    assert_int_equal(t->table, 1);
    assert_int_equal(t->cell, 3);
    assert_int_equal(count_containing(d, "ghost"), 0);
    t = find(d, DHR_PART_BODY, "Nested B");
    assert_int_equal(t->table, 2);
    assert_int_equal(t->row, 1);
    assert_int_equal(t->cell, 2);
    assert_int_equal(t->table_depth, 2);
    assert_int_equal(d->ntable, 2);

    b = find(d, DHR_PART_BODY, "The panel also met the family.");
    check_span(d, b, 0, DHR_SPAN_INSERTED, 10, 5, "Ann Reviewer", "2024-03-01T10:00:00");
    const dhr_para *r = find(d, DHR_PART_REVISION, "John Smith");
    assert_int_equal(r->anchor, idx(d, b));
    str_eq(r->author, "Bob Editor");
    assert_int_equal(d->nformat_changes, 1);
}

/* ------------------------------------------------------------------------ */

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(docx_tracked_insertion),
        T(docx_unknown_author_is_null),
        T(docx_tracked_deletion),
        T(docx_tracked_move),
        T(docx_format_changes_not_text),
        T(docx_deleted_mark_keeps_spans),
        T(docx_comments),
        T(docx_footnote_endnote),
        T(docx_header_footer_from_sectpr),
        T(docx_vanish_runs_and_paragraphs),
        T(docx_vanish_bold_via_character_style),
        T(docx_vanish_bold_via_paragraph_style_chain),
        T(docx_doc_defaults_and_default_style),
        T(docx_bold_all_visible_runs),
        T(docx_complex_fields),
        T(docx_toc_field),
        T(docx_toc_field_end_in_heading),
        T(docx_toc_content_control),
        T(docx_heading_levels),
        T(docx_lists),
        T(docx_list_level_with_style_numbering),
        T(docx_typed_labels),
        T(docx_special_characters),
        T(docx_smart_quotes_kept),
        T(docx_ruby_text_skipped),
        T(docx_nested_table),
        T(docx_grid_span_and_before),
        T(docx_vmerge_continuation_dropped),
        T(docx_textbox_alternate_content),
        T(docx_textbox_vml_only),
        T(docx_textbox_paragraph_properties),
        T(docx_image_alt_text),
        T(docx_strict_namespace),
        T(docx_main_part_from_package_rels),
        T(docx_document_properties),
        T(docx_embedded_objects),
        T(docx_damaged_core_properties),
        T(odt_spaces_tabs_breaks),
        T(odt_whitespace_collapsing),
        T(odt_headings),
        T(odt_bold_styles),
        T(odt_hidden_text),
        T(odt_notes),
        T(odt_annotation),
        T(odt_frames),
        T(odt_lists),
        T(odt_note_in_list_item),
        T(odt_shape_text),
        T(odt_many_footnotes),
        T(odt_tables),
        T(odt_tracked_changes),
        T(odt_table_of_content),
        T(odt_header_footer),
        T(odt_meta_properties),
        T(fodt_everything),
    };
    return cmocka_run_group_tests_name("reader", tests, NULL, NULL);
}
