#include "xmlsax.h"

#include "dhrlint/limits.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Names are matched once per distinct pointer: libxml2 interns element names
 * and namespace URIs in the parser's dictionary, so after the first lookup
 * each name costs one hash probe. Pointers not owned by the dictionary are
 * looked up every time, never cached. */
#define CACHE_SLOTS 1024

typedef struct cache_slot {
    const xmlChar *key;
    int value;
} cache_slot;

struct dhr_xml {
    xmlParserCtxtPtr ctxt;
    const dhr_xml_handler *h;
    void *user;
    const char *part;
    dhr_read_error *err;
    bool failed;
    int depth;
    cache_slot names[CACHE_SLOTS];
    cache_slot nss[64];
};

static const struct {
    const char *uri;
    dhr_ns ns;
} known_ns[] = {
    {"http://schemas.openxmlformats.org/wordprocessingml/2006/main", NS_W},
    {"http://purl.oclc.org/ooxml/wordprocessingml/main", NS_W},
    {"http://schemas.openxmlformats.org/officeDocument/2006/relationships", NS_R},
    {"http://purl.oclc.org/ooxml/officeDocument/relationships", NS_R},
    {"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing", NS_WP},
    {"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing", NS_WP},
    {"http://schemas.openxmlformats.org/markup-compatibility/2006", NS_MC},
    {"urn:schemas-microsoft-com:vml", NS_V},
    {"http://schemas.openxmlformats.org/package/2006/relationships", NS_PKGREL},
    {"http://schemas.openxmlformats.org/package/2006/content-types", NS_CT},
    {"http://schemas.openxmlformats.org/package/2006/metadata/core-properties", NS_CP},
    {"http://purl.org/dc/elements/1.1/", NS_DC},
    {"http://purl.org/dc/terms/", NS_DCTERMS},
    {"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties", NS_EXTPROPS},
    {"http://purl.oclc.org/ooxml/officeDocument/extendedProperties", NS_EXTPROPS},
    {"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties", NS_CUSTPROPS},
    {"http://purl.oclc.org/ooxml/officeDocument/customProperties", NS_CUSTPROPS},
    {"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes", NS_VT},
    {"http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes", NS_VT},
    {"http://schemas.openxmlformats.org/officeDocument/2006/math", NS_M},
    {"http://purl.oclc.org/ooxml/officeDocument/math", NS_M},
    {"http://schemas.openxmlformats.org/drawingml/2006/main", NS_A},
    {"http://purl.oclc.org/ooxml/drawingml/main", NS_A},
    {"http://schemas.openxmlformats.org/drawingml/2006/diagram", NS_DGM},
    {"http://purl.oclc.org/ooxml/drawingml/diagram", NS_DGM},
    {"http://schemas.openxmlformats.org/drawingml/2006/chart", NS_C},
    {"http://purl.oclc.org/ooxml/drawingml/chart", NS_C},
    {"urn:oasis:names:tc:opendocument:xmlns:office:1.0", NS_OFFICE},
    {"urn:oasis:names:tc:opendocument:xmlns:text:1.0", NS_TEXT},
    {"urn:oasis:names:tc:opendocument:xmlns:table:1.0", NS_TABLE},
    {"urn:oasis:names:tc:opendocument:xmlns:style:1.0", NS_STYLE},
    {"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0", NS_FO},
    {"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0", NS_DRAW},
    {"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0", NS_SVG},
    {"urn:oasis:names:tc:opendocument:xmlns:meta:1.0", NS_META},
    {"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0", NS_MANIFEST},
    {"http://www.w3.org/1999/xlink", NS_XLINK},
};

static const char *const name_strings[N_COUNT] = {
    [N_UNKNOWN] = "",
#define DHR_NAME_STR(id, str) [N_##id] = str,
    DHR_XML_NAMES(DHR_NAME_STR)
#undef DHR_NAME_STR
};

static int sorted_names[N_COUNT - 1];
static pthread_once_t names_once = PTHREAD_ONCE_INIT;

static int cmp_name_index(const void *a, const void *b)
{
    return strcmp(name_strings[*(const int *)a], name_strings[*(const int *)b]);
}

static void sort_names(void)
{
    for (int i = 1; i < N_COUNT; i++)
        sorted_names[i - 1] = i;
    qsort(sorted_names, N_COUNT - 1, sizeof sorted_names[0], cmp_name_index);
}

static int lookup_name(const char *s)
{
    size_t lo = 0, hi = N_COUNT - 1;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(s, name_strings[sorted_names[mid]]);
        if (c == 0)
            return sorted_names[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return N_UNKNOWN;
}

dhr_ns dhr_ns_of(const char *uri)
{
    for (size_t i = 0; uri && i < sizeof known_ns / sizeof known_ns[0]; i++)
        if (strcmp(uri, known_ns[i].uri) == 0)
            return known_ns[i].ns;
    return NS_OTHER;
}

static int lookup_ns(const char *uri)
{
    return (int)dhr_ns_of(uri);
}

static int cached(dhr_xml *x, cache_slot *slots, size_t nslots, const xmlChar *key,
                  int (*lookup)(const char *))
{
    if (!key)
        return 0;
    size_t h = ((uintptr_t)key >> 3) & (nslots - 1);
    if (slots[h].key == key)
        return slots[h].value;
    int v = lookup((const char *)key);
    if (x->ctxt->dict && xmlDictOwns(x->ctxt->dict, key) == 1) {
        slots[h].key = key;
        slots[h].value = v;
    }
    return v;
}

static void fail(dhr_xml *x, dhr_read_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail(dhr_xml *x, dhr_read_status st, const char *fmt, ...)
{
    if (x->failed)
        return;
    x->failed = true;
    x->err->status = st;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(x->err->message, sizeof x->err->message, fmt, ap);
    va_end(ap);
    if (x->ctxt)
        xmlStopParser(x->ctxt);
}

static bool aborted(dhr_xml *x)
{
    if (x->failed)
        return true;
    if (x->h->abort && *x->h->abort) {
        x->failed = true; /* the handler filled the error itself */
        xmlStopParser(x->ctxt);
        return true;
    }
    return false;
}

static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                     int nns, const xmlChar **nss, int nattr, int ndefaulted,
                     const xmlChar **attrs)
{
    (void)prefix, (void)nns, (void)nss, (void)ndefaulted;
    dhr_xml *x = ctx;
    if (aborted(x))
        return;
    if (++x->depth > DHR_MAX_XML_DEPTH) {
        fail(x, DHR_READ_NESTING,
             "%s: elements are nested too deeply (more than %d levels): no real document is; it "
             "was not read",
             x->part, DHR_MAX_XML_DEPTH);
        return;
    }
    dhr_ns ns = (dhr_ns)cached(x, x->nss, 64, uri, lookup_ns);
    dhr_name name = (dhr_name)cached(x, x->names, CACHE_SLOTS, local, lookup_name);
    dhr_attrs at = {nattr, attrs, x};
    x->h->start(x->user, ns, name, &at);
}

static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
    (void)prefix;
    dhr_xml *x = ctx;
    if (aborted(x))
        return;
    x->depth--;
    dhr_ns ns = (dhr_ns)cached(x, x->nss, 64, uri, lookup_ns);
    dhr_name name = (dhr_name)cached(x, x->names, CACHE_SLOTS, local, lookup_name);
    x->h->end(x->user, ns, name);
}

static void on_text(void *ctx, const xmlChar *s, int len)
{
    dhr_xml *x = ctx;
    if (aborted(x) || len <= 0)
        return;
    x->h->text(x->user, (const char *)s, (size_t)len);
}

static void on_entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *public_id,
                           const xmlChar *system_id, xmlChar *content)
{
    (void)type, (void)public_id, (void)system_id, (void)content;
    fail(ctx, DHR_READ_ENTITIES,
         "%s declares XML entities (here '%s'), which no real document needs and XML attacks "
         "use: it was refused",
         ((dhr_xml *)ctx)->part, (const char *)name);
}

static xmlEntityPtr on_get_entity(void *ctx, const xmlChar *name)
{
    (void)ctx;
    /* Only the five predefined entities exist; libxml2 resolves those before
     * asking. Anything else is refused by the parser as undeclared. */
    return xmlGetPredefinedEntity(name);
}

static void on_reference(void *ctx, const xmlChar *name)
{
    fail(ctx, DHR_READ_ENTITIES,
         "%s refers to an XML entity ('%s'); dhrlint never expands entities: it was refused",
         ((dhr_xml *)ctx)->part, (const char *)name);
}

static void on_error(void *ctx, xmlErrorPtr e)
{
    dhr_xml *x = ctx;
    if (x->failed || !e || e->level < XML_ERR_FATAL)
        return;
    /* libxml2's messages span lines and speak to programmers; keep the first
     * line, which says what is wrong, and the line number. */
    char first[120] = "";
    if (e->message) {
        size_t k = strcspn(e->message, "\n");
        if (k >= sizeof first)
            k = sizeof first - 1;
        memcpy(first, e->message, k);
        first[k] = '\0';
        while (k && (first[k - 1] == ' ' || first[k - 1] == '!' || first[k - 1] == ','))
            first[--k] = '\0';
    }
    char detail[160];
    snprintf(detail, sizeof detail, "line %d: %s", e->line, first);
    switch (e->code) {
    case XML_ERR_INVALID_CHAR:
    case XML_ERR_INVALID_ENCODING:
    case XML_ERR_UNKNOWN_ENCODING:
    case XML_ERR_UNSUPPORTED_ENCODING:
        fail(x, DHR_READ_BAD_UTF8,
             "%s contains invalid UTF-8 or characters XML does not allow (line %d): the file "
             "is damaged; open it in Word or LibreOffice and save it again",
             x->part, e->line);
        break;
    case XML_ERR_UNDECLARED_ENTITY:
    case XML_WAR_UNDECLARED_ENTITY:
    case XML_ERR_ENTITY_LOOP:
        fail(x, DHR_READ_ENTITIES,
             "%s refers to XML entities (%s); dhrlint never expands entities: it was refused",
             x->part, detail);
        break;
    default:
        if (e->message && strstr(e->message, "depth"))
            fail(x, DHR_READ_NESTING,
                 "%s: elements are nested too deeply (%s): no real document is; it was not read",
                 x->part, detail);
        else
            fail(x, DHR_READ_BAD_XML,
                 "%s is not well-formed XML (%s): the file is damaged; open it in Word or "
                 "LibreOffice and save it again",
                 x->part, detail);
    }
}

static xmlParserInputPtr no_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    (void)url, (void)id, (void)ctxt;
    return NULL;
}

static void global_init_once(void)
{
    xmlInitParser();
    xmlSetExternalEntityLoader(no_loader);
    sort_names();
}

void dhr_xml_global_init(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, global_init_once);
    pthread_once(&names_once, sort_names);
}

typedef long (*read_fn)(void *src, char *buf, size_t n, dhr_read_error *err);

static bool parse(read_fn rd, void *src, const char *part, const dhr_xml_handler *h, void *user,
                  dhr_read_error *err)
{
    dhr_xml_global_init();
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = on_start;
    sax.endElementNs = on_end;
    sax.characters = on_text;
    sax.cdataBlock = on_text;
    sax.entityDecl = on_entity_decl;
    sax.getEntity = on_get_entity;
    sax.getParameterEntity = on_get_entity;
    sax.reference = on_reference;
    sax.serror = on_error;

    dhr_xml *x = calloc(1, sizeof *x);
    if (!x) {
        dhr_set_error(err, DHR_READ_NO_MEMORY, "out of memory");
        return false;
    }
    x->h = h;
    x->user = user;
    x->part = part;
    x->err = err;

    enum { CHUNK = 64 * 1024 };
    char *buf = malloc(CHUNK);
    bool ok = false;
    if (!buf) {
        dhr_set_error(err, DHR_READ_NO_MEMORY, "out of memory");
        goto out;
    }
    long got = rd(src, buf, 4, err);
    if (got < 0)
        goto out;
    x->ctxt = xmlCreatePushParserCtxt(&sax, x, buf, (int)got, part);
    if (!x->ctxt) {
        dhr_set_error(err, DHR_READ_NO_MEMORY, "out of memory");
        goto out;
    }
    /* No XML_PARSE_NOENT, DTDLOAD, DTDATTR or HUGE: entities stay references
     * (and are refused above), no DTD is read, libxml2's own size and depth
     * limits stay on. */
    xmlCtxtUseOptions(x->ctxt, XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
    x->ctxt->sax->serror = on_error;
    for (;;) {
        got = rd(src, buf, CHUNK, err);
        if (got < 0) {
            x->failed = true;
            break;
        }
        xmlParseChunk(x->ctxt, buf, (int)got, got == 0);
        if (x->failed || aborted(x) || got == 0)
            break;
        if (x->ctxt->disableSAX && !x->ctxt->wellFormed)
            break;
    }
    if (!x->failed && !x->ctxt->wellFormed)
        fail(x, DHR_READ_BAD_XML,
             "%s is not well-formed XML: the file is damaged; open it in Word or LibreOffice and "
             "save it again",
             x->part);
    ok = !x->failed;
out:
    if (x->ctxt) {
        if (x->ctxt->myDoc)
            xmlFreeDoc(x->ctxt->myDoc);
        xmlFreeParserCtxt(x->ctxt);
    }
    free(buf);
    free(x);
    return ok;
}

static long read_zip(void *src, char *buf, size_t n, dhr_read_error *err)
{
    return dhr_zip_stream_read(src, buf, n, err);
}

bool dhr_xml_parse_part(dhr_zip *z, const char *part, const dhr_xml_handler *h, void *user,
                        dhr_read_error *err)
{
    dhr_zip_stream *s = dhr_zip_stream_open(z, part, err);
    if (!s)
        return false;
    bool ok = parse(read_zip, s, part, h, user, err);
    dhr_zip_stream_close(s);
    return ok;
}

typedef struct mem_src {
    const char *p;
    size_t left;
} mem_src;

static long read_mem(void *src, char *buf, size_t n, dhr_read_error *err)
{
    (void)err;
    mem_src *m = src;
    if (n > m->left)
        n = m->left;
    memcpy(buf, m->p, n);
    m->p += n;
    m->left -= n;
    return (long)n;
}

bool dhr_xml_parse_memory(const char *buf, size_t len, const char *part,
                          const dhr_xml_handler *h, void *user, dhr_read_error *err)
{
    mem_src m = {buf, len};
    return parse(read_mem, &m, part, h, user, err);
}

static long read_file(void *src, char *buf, size_t n, dhr_read_error *err)
{
    size_t got = fread(buf, 1, n, src);
    if (got < n && ferror(src)) {
        dhr_set_error(err, DHR_READ_IO, "cannot read the file");
        return -1;
    }
    return (long)got;
}

bool dhr_xml_parse_file(const char *path, const char *label, const dhr_xml_handler *h,
                        void *user, dhr_read_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        dhr_set_error(err, DHR_READ_IO, "cannot open the file");
        return false;
    }
    bool ok = parse(read_file, f, label, h, user, err);
    fclose(f);
    return ok;
}

const char *dhr_attr(const dhr_attrs *at, dhr_ns ns, const char *local, size_t *len)
{
    for (int i = 0; i < at->n; i++) {
        const xmlChar **a = at->a + 5 * i;
        if (strcmp((const char *)a[0], local) != 0)
            continue;
        dhr_ns ans = a[2] ? (dhr_ns)cached(at->x, at->x->nss, 64, a[2], lookup_ns) : NS_OTHER;
        /* Unprefixed attributes have no namespace; ODF and OOXML always
         * prefix theirs, but lenient producers do not, so accept both. */
        if (ans != ns && a[2])
            continue;
        if (len)
            *len = (size_t)(a[4] - a[3]);
        return (const char *)a[3];
    }
    return NULL;
}

const char *dhr_value_buf(const char *v, size_t len, char *buf, size_t cap)
{
    if (!v)
        len = 0;
    if (len >= cap)
        len = cap - 1;
    if (len)
        memcpy(buf, v, len);
    buf[len] = '\0';
    return buf;
}

long dhr_value_long(const char *buf, long def)
{
    if (!buf[0])
        return def;
    char *end;
    long v = strtol(buf, &end, 10);
    return end == buf ? def : v;
}

const char *dhr_attr_buf(const dhr_attrs *at, dhr_ns ns, const char *local, char *buf,
                         size_t cap)
{
    size_t len = 0;
    const char *v = dhr_attr(at, ns, local, &len);
    return dhr_value_buf(v, len, buf, cap);
}

char *dhr_attr_dup(const dhr_attrs *at, dhr_ns ns, const char *local)
{
    size_t len;
    const char *v = dhr_attr(at, ns, local, &len);
    if (!v)
        return NULL;
    char *p = malloc(len + 1);
    if (p) {
        memcpy(p, v, len);
        p[len] = '\0';
    }
    return p;
}

bool dhr_attr_on(const dhr_attrs *at, dhr_ns ns, const char *local)
{
    char v[8];
    dhr_attr_buf(at, ns, local, v, sizeof v);
    return !v[0] ||
           !(strcmp(v, "0") == 0 || strcasecmp(v, "false") == 0 || strcasecmp(v, "off") == 0);
}

bool dhr_attr_is(const dhr_attrs *at, dhr_ns ns, const char *local, const char *value)
{
    size_t len;
    const char *v = dhr_attr(at, ns, local, &len);
    return v && strlen(value) == len && memcmp(v, value, len) == 0;
}

long dhr_attr_long(const dhr_attrs *at, dhr_ns ns, const char *local, long def)
{
    char buf[32];
    return dhr_value_long(dhr_attr_buf(at, ns, local, buf, sizeof buf), def);
}
