/* dhr_read_file: tells the file's kind from its first bytes (never its name)
 * and hands it to the right reader. Everything that is not a readable DOCX or
 * ODT gets a message saying what it is and what to do about it. */
#include "dhrlint/reader.h"

#include "arena.h"
#include "builder.h"
#include "dhrlint/limits.h"
#include "docx.h"
#include "odt.h"
#include "xmlsax.h"
#include "zipread.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *dhr_part_name(dhr_part part)
{
    static const char *const names[DHR_PART_COUNT] = {
        [DHR_PART_BODY] = "body",         [DHR_PART_HEADER] = "header",
        [DHR_PART_FOOTER] = "footer",     [DHR_PART_FOOTNOTE] = "footnote",
        [DHR_PART_ENDNOTE] = "endnote",   [DHR_PART_COMMENT] = "comment",
        [DHR_PART_TEXTBOX] = "textbox",   [DHR_PART_REVISION] = "revision",
        [DHR_PART_ALT_TEXT] = "alt-text", [DHR_PART_METADATA] = "metadata",
    };
    return (unsigned)part < DHR_PART_COUNT ? names[part] : "?";
}

const char *dhr_format_name(dhr_format format)
{
    switch (format) {
    case DHR_FORMAT_DOCX:
        return "docx";
    case DHR_FORMAT_ODT:
        return "odt";
    case DHR_FORMAT_FODT:
        return "fodt";
    }
    return "?";
}

void dhr_document_free(dhr_document *doc)
{
    if (!doc)
        return;
    free(doc->paras);
    free(doc->spans);
    free(doc->toc);
    free(doc->objects);
    free(doc->warnings);
    dhr_arena_free(doc->arena);
    free(doc);
}

/* Whether BUF holds NEEDLE encoded as UTF-16LE (CFB directory names are). */
static bool has_utf16(const unsigned char *buf, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    if (n < 2 * k)
        return false;
    for (size_t i = 0; i + 2 * k <= n; i++) {
        size_t j = 0;
        while (j < k && buf[i + 2 * j] == (unsigned char)needle[j] && buf[i + 2 * j + 1] == 0)
            j++;
        if (j == k)
            return true;
    }
    return false;
}

/* An OLE2 compound file is either a legacy .doc or an encrypted OOXML
 * package (Office wraps those in OLE2). The directory names tell. */
static void classify_cfb(FILE *f, dhr_read_error *err)
{
    enum { SCAN = 8u * 1024 * 1024 };
    unsigned char *buf = malloc(SCAN);
    size_t n = buf ? fread(buf, 1, SCAN, f) : 0;
    if (buf && (has_utf16(buf, n, "EncryptedPackage") || has_utf16(buf, n, "EncryptionInfo")))
        dhr_set_error(err, DHR_READ_ENCRYPTED,
                      "this document is password-protected: remove the password (File > Info > "
                      "Protect Document in Word) and try again");
    else if (buf && has_utf16(buf, n, "WordDocument"))
        dhr_set_error(err, DHR_READ_LEGACY_DOC,
                      "this is a legacy Word 97-2003 .doc file: open it in Word and save it as "
                      ".docx");
    else
        dhr_set_error(err, DHR_READ_OTHER_FORMAT,
                      "this is an old Office (OLE2) file, not a .docx or .odt: open it in Word "
                      "and save it as .docx");
    free(buf);
}

/* A flat XML file: FODT is read, anything else is named. */
static bool classify_xml(const char *head, dhr_read_error *err)
{
    if (strstr(head, "urn:oasis:names:tc:opendocument:xmlns:office:1.0"))
        return true;
    if (strstr(head, "schemas.microsoft.com/office/word/2003/wordml"))
        dhr_set_error(err, DHR_READ_OTHER_FORMAT,
                      "this is a Word 2003 XML file: open it in Word and save it as .docx");
    else if (strstr(head, "schemas.microsoft.com/office/2006/xmlPackage"))
        dhr_set_error(err, DHR_READ_OTHER_FORMAT,
                      "this is a Word XML (flat OPC) file: open it in Word and save it as .docx");
    else if (strstr(head, "<html") || strstr(head, "<HTML") || strstr(head, "<!DOCTYPE html"))
        dhr_set_error(err, DHR_READ_OTHER_FORMAT,
                      "this is a web page, not a .docx or .odt: save the report as .docx");
    else
        dhr_set_error(err, DHR_READ_NOT_ZIP,
                      "this is an XML file but not a flat OpenDocument text (.fodt): save the "
                      "report as .docx or .odt");
    return false;
}

typedef enum kind { KIND_ZIP, KIND_XML, KIND_NONE } kind;

static kind sniff(const char *path, dhr_read_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        dhr_set_error(err, DHR_READ_IO, "cannot open the file (%s): check the name",
                      strerror(errno));
        return KIND_NONE;
    }
    if (S_ISDIR(st.st_mode)) {
        dhr_set_error(err, DHR_READ_DIRECTORY,
                      "is a directory, not a file: name a .docx or .odt file");
        return KIND_NONE;
    }
    if (!S_ISREG(st.st_mode)) {
        dhr_set_error(err, DHR_READ_IO, "is not a regular file: name a .docx or .odt file");
        return KIND_NONE;
    }
    if (st.st_size == 0) {
        dhr_set_error(err, DHR_READ_EMPTY,
                      "the file is empty (0 bytes): check you chose the right file, or save "
                      "the report again");
        return KIND_NONE;
    }
    if ((uint64_t)st.st_size > DHR_MAX_INPUT_BYTES) {
        dhr_set_error(err, DHR_READ_LIMIT,
                      "the file is larger than %u MiB: this is not a report dhrlint can check",
                      DHR_MAX_INPUT_BYTES >> 20);
        return KIND_NONE;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        dhr_set_error(err, DHR_READ_IO, "cannot open the file (%s)", strerror(errno));
        return KIND_NONE;
    }
    char head[4097];
    size_t n = fread(head, 1, sizeof head - 1, f);
    head[n] = '\0';
    kind k = KIND_NONE;
    const unsigned char *u = (const unsigned char *)head;
    size_t skip = 0;
    if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
        skip = 3;
    while (skip < n && (head[skip] == ' ' || head[skip] == '\n' || head[skip] == '\r' ||
                        head[skip] == '\t'))
        skip++;
    if (n >= 4 && memcmp(head, "PK\x03\x04", 4) == 0) {
        k = KIND_ZIP;
    } else if (n >= 4 && (memcmp(head, "PK\x05\x06", 4) == 0 || memcmp(head, "PK\x07\x08", 4) == 0)) {
        k = KIND_ZIP;
    } else if (n >= 8 && memcmp(head, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
        rewind(f);
        classify_cfb(f, err);
    } else if (n >= 5 && memcmp(head, "%PDF-", 5) == 0) {
        dhr_set_error(err, DHR_READ_PDF,
                      "this is a PDF file: dhrlint needs the report's .docx or .odt, not a PDF");
    } else if (n >= 5 && memcmp(head, "{\\rtf", 5) == 0) {
        dhr_set_error(err, DHR_READ_OTHER_FORMAT,
                      "this is an RTF file: open it in Word and save it as .docx");
    } else if (skip < n && head[skip] == '<') {
        if (memchr(head, '\0', n)) {
            dhr_set_error(err, DHR_READ_NOT_ZIP,
                          "not a .docx or .odt file (not a zip package): save the report as "
                          ".docx or .odt");
        } else if (classify_xml(head, err)) {
            k = KIND_XML;
        }
    } else if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        dhr_set_error(err, DHR_READ_NOT_ZIP,
                      "not a .docx or .odt file (not a zip package; it looks like UTF-16 "
                      "text): save the report as .docx or .odt");
    } else {
        dhr_set_error(err, DHR_READ_NOT_ZIP,
                      "not a .docx or .odt file (not a zip package): save the report as .docx "
                      "or .odt");
    }
    fclose(f);
    return k;
}

/* Which reader a zip needs: ODF packages have content.xml or an ODF
 * mimetype; everything else is treated as OOXML. */
static bool is_odf_package(dhr_zip *z)
{
    return dhr_zip_has(z, "content.xml") || dhr_zip_has(z, "mimetype") ||
           (dhr_zip_has(z, "META-INF/manifest.xml") && !dhr_zip_has(z, "[Content_Types].xml"));
}

dhr_document *dhr_read_file(const char *path, dhr_read_error *err)
{
    memset(err, 0, sizeof *err);
    dhr_xml_global_init();
    kind k = sniff(path, err);
    if (k == KIND_NONE)
        return NULL;
    dhr_document *doc = calloc(1, sizeof *doc);
    if (!doc) {
        dhr_set_error(err, DHR_READ_NO_MEMORY, "out of memory");
        return NULL;
    }
    dhr_builder b;
    bool ok = dhr_b_init(&b, doc, err);
    if (ok && k == KIND_XML) {
        doc->format = DHR_FORMAT_FODT;
        ok = dhr_fodt_read(path, &b, err);
    } else if (ok) {
        dhr_zip *z = dhr_zip_open(path, err);
        ok = z != NULL;
        if (ok) {
            if (is_odf_package(z)) {
                doc->format = DHR_FORMAT_ODT;
                ok = dhr_odt_read(z, &b, err);
            } else {
                doc->format = DHR_FORMAT_DOCX;
                ok = dhr_docx_read(z, &b, err);
            }
            dhr_zip_close(z);
        }
    }
    if (!ok || b.failed) {
        if (err->status == DHR_READ_OK)
            dhr_set_error(err, DHR_READ_BAD_XML, "the document could not be read");
        dhr_document_free(doc);
        return NULL;
    }
    return doc;
}
