/* The ODT reader: the input as content.xml of an otherwise good package
 * ('S' first: as styles.xml, with a minimal content.xml). */
#include "dhrlint/reader.h"
#include "fuzz_input.h"

static const char mimetype[] = "application/vnd.oasis.opendocument.text";
static const char manifest[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">"
    "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>"
    "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
    "</manifest:manifest>";
static const char content[] =
    "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:text>"
    "<text:h text:outline-level=\"1\">Pen Portrait</text:h><text:p text:style-name=\"P1\">Lena"
    "<text:note><text:note-body><text:p>a note</text:p></text:note-body></text:note></text:p>"
    "</office:text></office:body></office:document-content>";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *target = "content.xml";
    const void *main_text = data;
    size_t main_len = size;
    if (size && data[0] == 'S') {
        target = "styles.xml";
        main_text = content;
        main_len = sizeof content - 1;
        data++;
        size--;
    }
    const char *names[] = {"mimetype", "META-INF/manifest.xml", "content.xml", target};
    const void *texts[] = {mimetype, manifest, main_text, data};
    size_t lens[] = {sizeof mimetype - 1, sizeof manifest - 1, main_len, size};
    const char *p = dhr_fuzz_package(names, texts, lens, target == names[2] ? 3 : 4);
    if (!p)
        return 0;
    dhr_read_error err;
    dhr_document *doc = dhr_read_file(p, &err);
    dhr_document_free(doc);
    return 0;
}
