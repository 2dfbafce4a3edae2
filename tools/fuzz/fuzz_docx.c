/* The DOCX reader: the input as word/document.xml of an otherwise good
 * package, so the fuzzer spends its time in the XML and not in the zip. A
 * first byte of 'S' sends it to word/styles.xml instead, 'N' to
 * word/numbering.xml, 'F' to word/footnotes.xml, with a minimal body. */
#include "dhrlint/reader.h"
#include "fuzz_input.h"

static const char types[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "</Types>";
static const char rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
    "</Relationships>";
static const char doc_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" Target=\"numbering.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes\" Target=\"footnotes.xml\"/>"
    "</Relationships>";
static const char body[] =
    "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
    "<w:body><w:p><w:pPr><w:pStyle w:val=\"Heading1\"/><w:numPr><w:numId w:val=\"1\"/></w:numPr>"
    "</w:pPr><w:r><w:t>Pen Portrait</w:t></w:r><w:r><w:footnoteReference w:id=\"1\"/></w:r></w:p>"
    "</w:body></w:document>";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *target = "word/document.xml";
    if (size && (data[0] == 'S' || data[0] == 'N' || data[0] == 'F')) {
        target = data[0] == 'S' ? "word/styles.xml" : data[0] == 'N' ? "word/numbering.xml"
                                                                     : "word/footnotes.xml";
        data++;
        size--;
    }
    const char *names[] = {"[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels",
                           "word/document.xml", target};
    const void *texts[] = {types, rels, doc_rels, body, data};
    size_t lens[] = {sizeof types - 1, sizeof rels - 1, sizeof doc_rels - 1, sizeof body - 1, size};
    const char *p = dhr_fuzz_package(names, texts, lens, 5);
    if (!p)
        return 0;
    dhr_read_error err;
    dhr_document *doc = dhr_read_file(p, &err);
    dhr_document_free(doc);
    return 0;
}
