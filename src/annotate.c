/* The annotated copy: the report's own package with a Word comment on each
 * finding. Only the main document part (the anchors), the comments part and,
 * when they lack them, the document's relationships and the content types
 * change; every other entry is copied compressed, byte for byte. */
#include "annotate.h"

#include "annotate_xml.h"
#include "dhrlint/limits.h"
#include "docx_styles.h"
#include "opc.h"
#include "strbuf.h"
#include "zipread.h"

#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

#define COMMENTS_TYPE "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
#define REL_COMMENTS "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
#define REL_COMMENTS_STRICT "http://purl.oclc.org/ooxml/officeDocument/relationships/comments"
#define W_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define PKG_RELS_NS "http://schemas.openxmlformats.org/package/2006/relationships"
#define CT_NS "http://schemas.openxmlformats.org/package/2006/content-types"

/* Longest excerpt quoted in a comment that is not anchored on it. */
#define MAX_QUOTE 300

/* A part written anew: replacing the package's entry of that name, or
 * added after the others. */
typedef struct new_part {
    char *name;
    char *data;
    size_t len;
    bool replaces;
    zip_int64_t index; /* the entry it replaces, found when writing */
} new_part;

typedef struct annot {
    const char *in, *out;
    const dhr_document *doc;
    const dhr_result *res;
    char *err;
    size_t errlen;

    dhr_zip *z;
    dhr_rels pkg, rels;
    dhr_ctypes ct;
    char *main, *rels_part, *comments;
    bool comments_exist, comments_related;
    dhr_document *styles_doc; /* owns the style names */
    dhr_wstyles styles;
    dhr_anx *anx;
    xmlDocPtr cdoc;
    xmlNsPtr cns;
    long next_id;
    char date[32];

    int32_t *body;  /* doc->paras index of each body paragraph, by number - 1 */
    size_t nbody;

    new_part parts[4];
    size_t nparts;
} annot;

static bool fail(annot *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool fail(annot *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->err, a->errlen, fmt, ap);
    va_end(ap);
    return false;
}

static bool read_failed(annot *a, const dhr_read_error *e)
{
    return fail(a, "%s: %s", a->in, e->message);
}

static bool same_file(const char *x, const char *y)
{
    struct stat sx, sy;
    return stat(x, &sx) == 0 && stat(y, &sy) == 0 && sx.st_dev == sy.st_dev &&
           sx.st_ino == sy.st_ino;
}

/* A part read whole, with the reader's cap on one part. */
static bool read_part(annot *a, const char *name, char **out, size_t *len)
{
    dhr_read_error e = {0};
    *out = NULL;
    *len = 0;
    dhr_zip_stream *s = dhr_zip_stream_open(a->z, name, &e);
    if (!s)
        return read_failed(a, &e);
    size_t cap = 64 * 1024, n = 0;
    char *buf = malloc(cap);
    bool ok = buf != NULL;
    while (ok) {
        if (cap - n < 4096) {
            char *b2 = realloc(buf, cap * 2);
            if (!b2) {
                ok = false;
                break;
            }
            buf = b2;
            cap *= 2;
        }
        long got = dhr_zip_stream_read(s, buf + n, cap - n, &e);
        if (got < 0) {
            dhr_zip_stream_close(s);
            free(buf);
            return read_failed(a, &e);
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    dhr_zip_stream_close(s);
    if (!ok) {
        free(buf);
        return fail(a, "out of memory");
    }
    *out = buf;
    *len = n;
    return true;
}

/* The folder of PART, with its slash ("word/"), or "". */
static size_t dir_len(const char *part)
{
    const char *slash = strrchr(part, '/');
    return slash ? (size_t)(slash - part) + 1 : 0;
}

static char *rels_name(const char *part)
{
    size_t d = dir_len(part), n = strlen(part);
    char *s = malloc(n + 16);
    if (s)
        snprintf(s, n + 16, "%.*s_rels/%s.rels", (int)d, part, part + d);
    return s;
}

/* The copy must keep the package's kind in its name: Word refuses a
 * macro-enabled document or a template under a .docx name. */
static const char *kind_extension(const char *type)
{
    if (!type)
        return ".docx";
    if (strstr(type, "macroEnabledTemplate"))
        return ".dotm";
    if (strstr(type, "macroEnabled"))
        return ".docm";
    if (strstr(type, "template.main"))
        return ".dotx";
    return ".docx";
}

static bool extension_fits(annot *a)
{
    const char *want = kind_extension(dhr_ctypes_lookup(&a->ct, a->main));
    const char *slash = strrchr(a->out, '/');
    const char *dot = strrchr(slash ? slash : a->out, '.');
    if (!dot || strcasecmp(dot, want) == 0)
        return true;
    static const char *const word[] = {".docx", ".docm", ".dotx", ".dotm"};
    for (size_t i = 0; i < 4; i++)
        if (strcasecmp(dot, word[i]) == 0)
            return fail(a, "the report is a %s package and Word opens it only under that "
                           "extension: name the copy with -o NAME%s", want, want);
    return true;
}

/* ---- Where each finding goes -------------------------------------------- */

static bool index_body(annot *a)
{
    const dhr_document *d = a->doc;
    a->body = malloc((d->npara ? d->npara : 1) * sizeof *a->body);
    if (!a->body)
        return fail(a, "out of memory");
    for (size_t i = 0; i < d->npara; i++)
        if (d->paras[i].part == DHR_PART_BODY)
            a->body[a->nbody++] = (int32_t)i;
    return true;
}

static bool same_text(const char *s, size_t len, const dhr_para *p)
{
    return len == p->len && memcmp(s, p->text, len) == 0;
}

/* The paragraph of the main part that is body paragraph N of the document:
 * the one with that number when its text is the same (the walk counts as
 * the reader does), else the nearest with the same text, else the one with
 * that number, flagged as not verified. -1 when there is none. */
static long locate_para(annot *a, uint32_t n, bool *verified)
{
    size_t m = dhr_anx_count(a->anx);
    *verified = false;
    if (n == 0 || n > a->nbody)
        return -1;
    const dhr_para *p = &a->doc->paras[a->body[n - 1]];
    size_t len;
    const char *s;
    if (n <= m && (s = dhr_anx_text(a->anx, n - 1, &len), same_text(s, len, p))) {
        *verified = true;
        return (long)n - 1;
    }
    for (size_t d = 1; d <= 2000; d++) {
        size_t lo = n - 1 >= d ? n - 1 - d : SIZE_MAX, hi = n - 1 + d;
        if (lo != SIZE_MAX && (s = dhr_anx_text(a->anx, lo, &len), same_text(s, len, p))) {
            *verified = true;
            return (long)lo;
        }
        if (hi < m && (s = dhr_anx_text(a->anx, hi, &len), same_text(s, len, p))) {
            *verified = true;
            return (long)hi;
        }
        if (lo == SIZE_MAX && hi >= m)
            break;
    }
    return n <= m ? (long)n - 1 : -1;
}

/* The body paragraph (doc->paras index) a finding belongs to: its own, or
 * the one its note, comment, text box or deleted text is anchored to; -1
 * for findings with no place in the body (headers, properties, a missing
 * section). */
static int32_t body_para_of(const annot *a, const dhr_finding *f)
{
    const dhr_document *d = a->doc;
    int32_t i = f->para;
    for (int hops = 0; i >= 0 && (size_t)i < d->npara && hops < 64; hops++) {
        if (d->paras[i].part == DHR_PART_BODY)
            return i;
        i = d->paras[i].anchor;
    }
    if (f->para < 0 && f->loc.part == DHR_PART_BODY && f->loc.paragraph > 0 &&
        f->loc.paragraph <= a->nbody)
        return a->body[f->loc.paragraph - 1];
    return -1;
}

/* Where findings with no place go: the first body paragraph with text. */
static int32_t first_body_para(const annot *a)
{
    for (size_t i = 0; i < a->nbody; i++) {
        const dhr_para *p = &a->doc->paras[a->body[i]];
        if (dhr_has_visible(p->text, p->len))
            return a->body[i];
    }
    return a->nbody ? a->body[0] : -1;
}

/* Byte offset of character C of S (LEN bytes). */
static size_t byte_at(const char *s, size_t len, size_t c)
{
    size_t i = 0;
    while (i < len && c) {
        i++;
        while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        c--;
    }
    return i;
}

/* The excerpt's bytes in the paragraph: at its offset when it is there, else
 * the occurrence nearest to it (offsets can drift; the words cannot). */
static bool find_excerpt(const dhr_para *p, const dhr_finding *f, size_t *start, size_t *end)
{
    size_t bs = byte_at(p->text, p->len, f->loc.offset);
    size_t be = byte_at(p->text, p->len, (size_t)f->loc.offset + f->loc.length);
    const char *x = f->excerpt ? f->excerpt : "";
    size_t xl = strlen(x);
    if (!xl) {
        *start = bs;
        *end = be;
        return be > bs;
    }
    if (be - bs == xl && memcmp(p->text + bs, x, xl) == 0) {
        *start = bs;
        *end = be;
        return true;
    }
    size_t best = SIZE_MAX, best_d = SIZE_MAX;
    for (const char *h = strstr(p->text, x); h; h = strstr(h + 1, x)) {
        size_t at = (size_t)(h - p->text), d = at > bs ? at - bs : bs - at;
        if (d < best_d) {
            best = at;
            best_d = d;
        }
    }
    if (best == SIZE_MAX)
        return false;
    *start = best;
    *end = best + xl;
    return true;
}

/* ---- The comment's words ------------------------------------------------ */

static bool where(dhr_strbuf *b, const dhr_document *d, const dhr_finding *f)
{
    const dhr_para *p = f->para >= 0 && (size_t)f->para < d->npara ? &d->paras[f->para] : NULL;
    switch (f->loc.part) {
    case DHR_PART_HEADER:
        return dhr_sb_printf(b, "In the header");
    case DHR_PART_FOOTER:
        return dhr_sb_printf(b, "In the footer");
    case DHR_PART_FOOTNOTE:
        return dhr_sb_printf(b, "In a footnote");
    case DHR_PART_ENDNOTE:
        return dhr_sb_printf(b, "In an endnote");
    case DHR_PART_COMMENT:
        return p && p->author ? dhr_sb_printf(b, "In a comment by %s", p->author)
                              : dhr_sb_printf(b, "In a comment");
    case DHR_PART_TEXTBOX:
        return dhr_sb_printf(b, "In a text box");
    case DHR_PART_REVISION: {
        const char *by = f->revision_author ? f->revision_author : p ? p->author : NULL;
        return by ? dhr_sb_printf(b, "In a deleted tracked change by %s", by)
                  : dhr_sb_printf(b, "In a deleted tracked change");
    }
    case DHR_PART_ALT_TEXT:
        return dhr_sb_printf(b, "In the alt text of an image");
    case DHR_PART_METADATA:
        return p && p->style ? dhr_sb_printf(b, "In the document properties (%s)", p->style)
                             : dhr_sb_printf(b, "In the document properties");
    default:
        return true;
    }
}

static bool quote(dhr_strbuf *b, const char *x)
{
    size_t n = strlen(x);
    bool cut = n > MAX_QUOTE;
    if (cut) {
        n = MAX_QUOTE;
        while (n && ((unsigned char)x[n] & 0xC0) == 0x80)
            n--;
    }
    return dhr_sb_append(b, "\xE2\x80\x9C", 3) && dhr_sb_append(b, x, n) &&
           (!cut || dhr_sb_append(b, "\xE2\x80\xA6", 3)) && dhr_sb_append(b, "\xE2\x80\x9D", 3);
}

/* "Warning: [where (“excerpt”): ]message [rule]", then the suggestion and
 * the guidance on lines of their own. */
static bool comment_text(dhr_strbuf *b, const dhr_document *d, const dhr_finding *f,
                         bool on_excerpt)
{
    const char *sev = dhr_severity_name(f->severity);
    bool ok = dhr_sb_putc(b, (char)(sev[0] >= 'a' && sev[0] <= 'z' ? sev[0] - 32 : sev[0])) &&
              dhr_sb_printf(b, "%s: ", sev + 1);
    bool show = f->loc.has_span && f->excerpt && f->excerpt[0] && !on_excerpt;
    size_t before = b->len;
    ok = ok && where(b, d, f);
    if (ok && b->len > before) {
        if (show)
            ok = dhr_sb_printf(b, " (") && quote(b, f->excerpt) && dhr_sb_printf(b, ")");
        ok = ok && dhr_sb_printf(b, ": ");
    } else if (ok && show) {
        ok = quote(b, f->excerpt) && dhr_sb_printf(b, ": ");
    }
    ok = ok && dhr_sb_printf(b, "%s [%s]", f->message ? f->message : "", f->rule);
    if (ok && f->suggestion && f->suggestion[0])
        ok = dhr_sb_printf(b, "\nSuggestion: %s", f->suggestion);
    if (ok && f->source && f->source[0])
        ok = dhr_sb_printf(b, "\nGuidance: %s", f->source);
    return ok;
}

/* ---- The comments part -------------------------------------------------- */

static long max_comment_id(xmlNode *root)
{
    long max = -1;
    for (xmlNode *c = root->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "comment") != 0)
            continue;
        for (xmlAttr *at = c->properties; at; at = at->next)
            if (strcmp((const char *)at->name, "id") == 0 && at->children &&
                at->children->content) {
                char *end;
                long v = strtol((const char *)at->children->content, &end, 10);
                if (end != (const char *)at->children->content && v > max)
                    max = v > INT32_MAX ? INT32_MAX : v;
            }
    }
    return max;
}

static bool open_comments(annot *a)
{
    const char *wns = dhr_anx_namespace(a->anx);
    if (a->comments_exist) {
        char *buf;
        size_t len;
        if (!read_part(a, a->comments, &buf, &len))
            return false;
        a->cdoc = dhr_anx_read_tree(buf, len, a->comments, a->err, a->errlen);
        free(buf);
        if (!a->cdoc)
            return false;
        xmlNode *root = xmlDocGetRootElement(a->cdoc);
        if (strcmp((const char *)root->name, "comments") != 0 || !root->ns ||
            strcmp((const char *)root->ns->href, wns) != 0)
            return fail(a, "%s: %s is not a Word comments part: open the report in Word, "
                           "save it again and retry", a->in, a->comments);
        a->cns = root->ns;
        long m = max_comment_id(root);
        if (m >= a->next_id)
            a->next_id = m + 1;
        return true;
    }
    a->cdoc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNode *root = a->cdoc ? xmlNewDocNode(a->cdoc, NULL, (const xmlChar *)"comments", NULL)
                            : NULL;
    if (!root)
        return fail(a, "out of memory");
    xmlDocSetRootElement(a->cdoc, root);
    a->cdoc->standalone = 1;
    a->cns = xmlNewNs(root, (const xmlChar *)wns, (const xmlChar *)"w");
    if (!a->cns)
        return fail(a, "out of memory");
    xmlSetNs(root, a->cns);
    return true;
}

static bool set_w(xmlNode *n, xmlNsPtr ns, const char *name, const char *v)
{
    return n && xmlNewNsProp(n, ns, (const xmlChar *)name, (const xmlChar *)v);
}

static xmlNode *styled(xmlNode *parent, xmlNsPtr ns, const char *pr, const char *st,
                       const char *id)
{
    xmlNode *p = xmlNewChild(parent, ns, (const xmlChar *)pr, NULL);
    xmlNode *s = p ? xmlNewChild(p, ns, (const xmlChar *)st, NULL) : NULL;
    return set_w(s, ns, "val", id) ? p : NULL;
}

/* TEXT as runs of one paragraph: line breaks and tabs as Word's own. */
static bool add_text(xmlNode *p, xmlNsPtr ns, const char *text)
{
    xmlNode *r = xmlNewChild(p, ns, (const xmlChar *)"r", NULL);
    if (!r)
        return false;
    const char *s = text;
    while (*s) {
        size_t n = strcspn(s, "\n\t");
        if (n) {
            char *seg = strndup(s, n);
            xmlNode *t = seg ? xmlNewTextChild(r, ns, (const xmlChar *)"t", (const xmlChar *)seg)
                             : NULL;
            free(seg);
            if (!t)
                return false;
            xmlNodeSetSpacePreserve(t, 1);
        }
        s += n;
        if (*s) {
            if (!xmlNewChild(r, ns, (const xmlChar *)(*s == '\n' ? "br" : "tab"), NULL))
                return false;
            s++;
        }
    }
    return true;
}

static bool add_comment(annot *a, long id, const char *text)
{
    xmlNsPtr ns = a->cns;
    xmlNode *c = xmlNewChild(xmlDocGetRootElement(a->cdoc), ns, (const xmlChar *)"comment", NULL);
    char v[24];
    snprintf(v, sizeof v, "%ld", id);
    if (!set_w(c, ns, "id", v) || !set_w(c, ns, "author", "dhrlint") ||
        !set_w(c, ns, "date", a->date) || !set_w(c, ns, "initials", "DL"))
        return false;
    xmlNode *p = xmlNewChild(c, ns, (const xmlChar *)"p", NULL);
    if (!p)
        return false;
    /* The document's own comment styles when it has them. */
    if (dhr_wstyles_get(&a->styles, "CommentText") &&
        !styled(p, ns, "pPr", "pStyle", "CommentText"))
        return false;
    xmlNode *r = xmlNewChild(p, ns, (const xmlChar *)"r", NULL);
    if (!r || (dhr_wstyles_get(&a->styles, "CommentReference") &&
               !styled(r, ns, "rPr", "rStyle", "CommentReference")))
        return false;
    if (!xmlNewChild(r, ns, (const xmlChar *)"annotationRef", NULL))
        return false;
    return add_text(p, ns, text);
}

static void set_date(annot *a)
{
    /* SOURCE_DATE_EPOCH makes the copy reproducible, as build tools do. */
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    char *end = NULL;
    long long e = sde ? strtoll(sde, &end, 10) : 0;
    time_t t = sde && end != sde && *end == '\0' && e >= 0 ? (time_t)e : time(NULL);
    struct tm tm;
    if (!gmtime_r(&t, &tm) || !strftime(a->date, sizeof a->date, "%Y-%m-%dT%H:%M:%SZ", &tm))
        snprintf(a->date, sizeof a->date, "1980-01-01T00:00:00Z");
}

/* One comment for finding F. */
static bool annotate_finding(annot *a, const dhr_finding *f)
{
    const dhr_document *d = a->doc;
    int32_t bi = body_para_of(a, f);
    bool own = bi >= 0 && bi == f->para && f->loc.part == DHR_PART_BODY;
    if (bi < 0)
        bi = first_body_para(a);
    bool verified = false;
    long ai = bi >= 0 ? locate_para(a, d->paras[bi].n, &verified) : -1;
    if (ai < 0)
        return fail(a, "%s: the report has no paragraph in its body to attach comments to",
                    a->in);
    size_t start = 0, end = 0;
    bool on_excerpt = own && verified && f->loc.has_span &&
                      find_excerpt(&d->paras[bi], f, &start, &end);
    if (!on_excerpt)
        start = end = 0;
    long id = a->next_id++;
    dhr_strbuf text = {0};
    bool ok = comment_text(&text, d, f, on_excerpt) && add_comment(a, id, text.s) &&
              dhr_anx_anchor(a->anx, (size_t)ai, start, end, id);
    dhr_sb_free(&text);
    return ok || fail(a, "out of memory");
}

/* ---- Relationships and content types ------------------------------------ */

/* Keeps DATA (LEN bytes, taken over) as the new content of part NAME. */
static bool keep_part(annot *a, const char *name, char *data, size_t len, bool replaces)
{
    char *nm = strdup(name);
    if (!nm || a->nparts == sizeof a->parts / sizeof a->parts[0]) {
        free(nm);
        free(data);
        return fail(a, "out of memory");
    }
    a->parts[a->nparts++] = (new_part){nm, data, len, replaces, -1};
    return true;
}

static bool dump(annot *a, xmlDocPtr d, const char *name, bool replaces)
{
    xmlChar *mem = NULL;
    int size = 0;
    xmlDocDumpMemoryEnc(d, &mem, &size, "UTF-8");
    char *copy = mem && size > 0 ? malloc((size_t)size) : NULL;
    if (copy)
        memcpy(copy, mem, (size_t)size);
    xmlFree(mem);
    return copy ? keep_part(a, name, copy, (size_t)size, replaces) : fail(a, "out of memory");
}

static zip_int64_t entry_index(zip_t *za, const char *name)
{
    if (name[0] == '/')
        name++;
    zip_int64_t i = zip_name_locate(za, name, ZIP_FL_ENC_GUESS);
    return i >= 0 ? i : zip_name_locate(za, name, ZIP_FL_ENC_GUESS | ZIP_FL_NOCASE);
}

/* A small part as a tree, or a new one whose root is ROOT in NS. */
static xmlDocPtr small_tree(annot *a, const char *name, const char *root, const char *ns,
                            bool *existed)
{
    char *buf;
    size_t len;
    dhr_read_error e = {0};
    if (!dhr_zip_read_small(a->z, name, false, &buf, &len, &e)) {
        read_failed(a, &e);
        return NULL;
    }
    *existed = buf != NULL;
    xmlDocPtr d;
    if (buf) {
        d = dhr_anx_read_tree(buf, len, name, a->err, a->errlen);
        free(buf);
        if (!d)
            return NULL;
        xmlNode *r = xmlDocGetRootElement(d);
        if (strcmp((const char *)r->name, root) != 0 || !r->ns ||
            strcmp((const char *)r->ns->href, ns) != 0) {
            xmlFreeDoc(d);
            fail(a, "%s: %s is damaged: open the report in Word, save it again and retry", a->in,
                 name);
            return NULL;
        }
        return d;
    }
    d = xmlNewDoc((const xmlChar *)"1.0");
    xmlNode *r = d ? xmlNewDocNode(d, NULL, (const xmlChar *)root, NULL) : NULL;
    xmlNsPtr n = r ? xmlNewNs(r, (const xmlChar *)ns, NULL) : NULL;
    if (!n) {
        xmlFreeNode(r);
        xmlFreeDoc(d);
        fail(a, "out of memory");
        return NULL;
    }
    xmlSetNs(r, n);
    xmlDocSetRootElement(d, r);
    d->standalone = 1;
    return d;
}

static bool attr_is(xmlNode *n, const char *name, const char *v, bool nocase)
{
    xmlChar *x = xmlGetNoNsProp(n, (const xmlChar *)name);
    bool eq = x && (nocase ? strcasecmp((const char *)x, v) : strcmp((const char *)x, v)) == 0;
    xmlFree(x);
    return eq;
}

static bool relate_comments(annot *a)
{
    bool existed;
    xmlDocPtr d = small_tree(a, a->rels_part, "Relationships", PKG_RELS_NS, &existed);
    if (!d)
        return false;
    xmlNode *root = xmlDocGetRootElement(d);
    char id[32];
    for (unsigned k = (unsigned)a->rels.n + 1;; k++) {
        snprintf(id, sizeof id, "rId%u", k);
        bool used = false;
        for (xmlNode *c = root->children; c && !used; c = c->next)
            used = c->type == XML_ELEMENT_NODE && attr_is(c, "Id", id, false);
        if (!used)
            break;
    }
    bool strict = strcmp(dhr_anx_namespace(a->anx), W_STRICT) == 0;
    xmlNode *rel = xmlNewChild(root, root->ns, (const xmlChar *)"Relationship", NULL);
    bool ok = rel && xmlNewProp(rel, (const xmlChar *)"Id", (const xmlChar *)id) &&
              xmlNewProp(rel, (const xmlChar *)"Type",
                         (const xmlChar *)(strict ? REL_COMMENTS_STRICT : REL_COMMENTS)) &&
              xmlNewProp(rel, (const xmlChar *)"Target",
                         (const xmlChar *)(a->comments + dir_len(a->main)));
    ok = ok ? dump(a, d, a->rels_part, existed) : fail(a, "out of memory");
    xmlFreeDoc(d);
    return ok;
}

static bool type_comments(annot *a)
{
    const char *t = dhr_ctypes_lookup(&a->ct, a->comments);
    if (t && strcmp(t, COMMENTS_TYPE) == 0)
        return true;
    if (!dhr_zip_has(a->z, "[Content_Types].xml"))
        return true; /* not a package Word opens anyway; leave it as it is */
    bool existed;
    xmlDocPtr d = small_tree(a, "[Content_Types].xml", "Types", CT_NS, &existed);
    if (!d)
        return false;
    xmlNode *root = xmlDocGetRootElement(d);
    char part[1100];
    snprintf(part, sizeof part, "/%s", a->comments);
    xmlNode *ov = NULL;
    for (xmlNode *c = root->children; c && !ov; c = c->next)
        if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "Override") == 0 &&
            attr_is(c, "PartName", part, true))
            ov = c;
    bool ok;
    if (ov) {
        ok = xmlSetProp(ov, (const xmlChar *)"ContentType", (const xmlChar *)COMMENTS_TYPE);
    } else {
        ov = xmlNewChild(root, root->ns, (const xmlChar *)"Override", NULL);
        ok = ov && xmlNewProp(ov, (const xmlChar *)"PartName", (const xmlChar *)part) &&
             xmlNewProp(ov, (const xmlChar *)"ContentType", (const xmlChar *)COMMENTS_TYPE);
    }
    ok = ok ? dump(a, d, "[Content_Types].xml", true) : fail(a, "out of memory");
    xmlFreeDoc(d);
    return ok;
}

/* ---- Writing the package ------------------------------------------------ */

static bool zip_failed(annot *a, zip_t *za, const char *what)
{
    return fail(a, "cannot write the copy (%s: %s)", what, zip_strerror(za));
}

static const new_part *replaced(const annot *a, zip_uint64_t i)
{
    for (size_t k = 0; k < a->nparts; k++)
        if (a->parts[k].index >= 0 && (zip_uint64_t)a->parts[k].index == i)
            return &a->parts[k];
    return NULL;
}

/* Adds a part written anew; its index in DST, -1 on failure. */
static zip_int64_t add_buffer(annot *a, zip_t *dst, const char *name, const new_part *p,
                              time_t mtime, bool has_mtime)
{
    zip_source_t *s = zip_source_buffer(dst, p->data, p->len, 0);
    zip_int64_t idx = s ? zip_file_add(dst, name, s, ZIP_FL_ENC_UTF_8) : -1;
    if (idx < 0) {
        zip_source_free(s);
        zip_failed(a, dst, name);
        return -1;
    }
    if (zip_set_file_compression(dst, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 0) < 0 ||
        (has_mtime && zip_file_set_mtime(dst, (zip_uint64_t)idx, mtime, 0) < 0)) {
        zip_failed(a, dst, name);
        return -1;
    }
    return idx;
}

static bool copy_attributes(annot *a, zip_t *src, zip_uint64_t i, zip_t *dst, zip_int64_t idx,
                            const char *name)
{
    zip_uint8_t opsys;
    zip_uint32_t attrs;
    if (zip_file_get_external_attributes(src, i, 0, &opsys, &attrs) == 0 &&
        zip_file_set_external_attributes(dst, (zip_uint64_t)idx, 0, opsys, attrs) < 0)
        return zip_failed(a, dst, name);
    return true;
}

/* Every entry of SRC in order, the changed ones replaced, the new ones last,
 * into DST. Unchanged entries keep their compressed bytes, method, CRC,
 * time and attributes. */
static bool copy_entries(annot *a, zip_t *src, zip_t *dst)
{
    zip_int64_t n = zip_get_num_entries(src, 0);
    if (n < 0 || n > DHR_MAX_ZIP_ENTRIES)
        return fail(a, "%s: the package has too many entries", a->in);
    for (size_t k = 0; k < a->nparts; k++) {
        new_part *p = &a->parts[k];
        p->index = p->replaces ? entry_index(src, p->name) : -1;
        if (p->replaces && p->index < 0)
            return fail(a, "%s: the report changed while it was being annotated: try again",
                        a->in);
    }
    time_t main_mtime = 0;
    bool has_main_mtime = false;
    for (zip_uint64_t i = 0; i < (zip_uint64_t)n; i++) {
        const char *name = zip_get_name(src, i, ZIP_FL_ENC_GUESS);
        zip_stat_t st;
        if (!name || zip_stat_index(src, i, 0, &st) < 0)
            return zip_failed(a, src, "reading the report");
        bool has_mtime = (st.valid & ZIP_STAT_MTIME) != 0;
        const new_part *p = replaced(a, i);
        if (p) {
            zip_int64_t idx = add_buffer(a, dst, name, p, st.mtime, has_mtime);
            if (idx < 0 || !copy_attributes(a, src, i, dst, idx, name))
                return false;
            if (strcasecmp(p->name, a->main) == 0) {
                main_mtime = st.mtime;
                has_main_mtime = has_mtime;
            }
            continue;
        }
        zip_source_t *s = zip_source_zip(dst, src, i, ZIP_FL_COMPRESSED, 0, -1);
        zip_int64_t idx = s ? zip_file_add(dst, name, s, ZIP_FL_ENC_UTF_8) : -1;
        if (idx < 0) {
            zip_source_free(s);
            return zip_failed(a, dst, name);
        }
        /* The method is set to the source's so that libzip copies the data
         * rather than inflating and deflating it again. */
        if (((st.valid & ZIP_STAT_COMP_METHOD) &&
             zip_set_file_compression(dst, (zip_uint64_t)idx, (zip_int32_t)st.comp_method, 0) < 0) ||
            (has_mtime && zip_file_set_mtime(dst, (zip_uint64_t)idx, st.mtime, 0) < 0))
            return zip_failed(a, dst, name);
        if (!copy_attributes(a, src, i, dst, idx, name))
            return false;
    }
    for (size_t k = 0; k < a->nparts; k++)
        if (a->parts[k].index < 0 &&
            add_buffer(a, dst, a->parts[k].name, &a->parts[k], main_mtime, has_main_mtime) < 0)
            return false;
    int clen = 0;
    const char *comment = zip_get_archive_comment(src, &clen, ZIP_FL_ENC_RAW);
    if (comment && clen > 0 &&
        zip_set_archive_comment(dst, comment, (zip_uint16_t)clen) < 0)
        return zip_failed(a, dst, "the archive comment");
    return true;
}

/* Writes the package through a temporary file beside OUT, renamed into
 * place only once complete; the input is only ever opened read-only. */
static bool write_package(annot *a)
{
    int zerr = 0;
    zip_t *src = zip_open(a->in, ZIP_RDONLY, &zerr);
    if (!src)
        return fail(a, "%s: cannot read the report again", a->in);
    size_t n = strlen(a->out) + 16;
    char *tmp = malloc(n);
    if (!tmp) {
        zip_discard(src);
        return fail(a, "out of memory");
    }
    snprintf(tmp, n, "%s.tmpXXXXXX", a->out);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        zip_discard(src);
        return fail(a, "cannot create a file beside it: %s", strerror(e));
    }
    fchmod(fd, 0644);
    close(fd);
    bool ok = false;
    zip_t *dst = zip_open(tmp, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    if (!dst) {
        fail(a, "cannot write the copy");
    } else if (!copy_entries(a, src, dst)) {
        zip_discard(dst);
    } else if (zip_close(dst) < 0) {
        zip_failed(a, dst, "finishing it");
        zip_discard(dst);
    } else {
        ok = true;
    }
    if (ok) {
        /* The data must be on disk before the name points to it. */
        int sfd = open(tmp, O_RDONLY);
        ok = sfd >= 0 && fsync(sfd) == 0;
        if (sfd >= 0)
            close(sfd);
        if (!ok)
            fail(a, "cannot write the copy: %s", strerror(errno));
        else if (rename(tmp, a->out) != 0)
            ok = fail(a, "cannot put the copy in place: %s", strerror(errno));
    }
    if (!ok)
        unlink(tmp);
    free(tmp);
    zip_discard(src);
    return ok;
}

/* ---- The whole job ------------------------------------------------------ */

static bool prepare(annot *a)
{
    dhr_read_error e = {0};
    a->z = dhr_zip_open(a->in, &e);
    if (!a->z)
        return read_failed(a, &e);
    if (!dhr_rels_read(a->z, "", &a->pkg, &e) || !dhr_ctypes_read(a->z, &a->ct, &e))
        return read_failed(a, &e);
    a->main = dhr_opc_main_part(a->z, &a->pkg, &a->ct);
    if (!a->main)
        return fail(a, "%s: no main document part: this is not a Word document", a->in);
    if (!extension_fits(a))
        return false;
    a->rels_part = rels_name(a->main);
    if (!a->rels_part)
        return fail(a, "out of memory");
    if (!dhr_rels_read(a->z, a->main, &a->rels, &e))
        return read_failed(a, &e);

    /* Styles decide which paragraphs are contents entries, as in the reader. */
    a->styles_doc = calloc(1, sizeof *a->styles_doc);
    dhr_builder b;
    if (!a->styles_doc || !dhr_b_init(&b, a->styles_doc, &e))
        return fail(a, "out of memory");
    const dhr_rel *sr = dhr_rels_first(&a->rels, "styles");
    if (!dhr_wstyles_read(a->z, sr ? sr->target : NULL, &b, &a->styles, &e))
        return read_failed(a, &e);

    char *buf;
    size_t len;
    if (!read_part(a, a->main, &buf, &len))
        return false;
    char perr[300];
    a->anx = dhr_anx_parse(buf, len, a->main, &a->styles, perr, sizeof perr);
    free(buf);
    if (!a->anx)
        return fail(a, "%s: %s", a->in, perr);
    a->next_id = dhr_anx_max_comment_id(a->anx) + 1;

    const dhr_rel *cr = dhr_rels_first(&a->rels, "comments");
    if (cr) {
        a->comments = strdup(cr->target);
        a->comments_related = true;
        a->comments_exist = dhr_zip_has(a->z, cr->target);
    } else {
        /* A comments.xml nobody refers to is not Word's: leave it alone. */
        size_t d = dir_len(a->main);
        for (int k = 1; k < 1000 && !a->comments; k++) {
            char name[1100];
            snprintf(name, sizeof name, k == 1 ? "%.*scomments.xml" : "%.*scomments%d.xml",
                     (int)d, a->main, k);
            if (!dhr_zip_has(a->z, name))
                a->comments = strdup(name);
        }
    }
    if (!a->comments)
        return fail(a, "out of memory");
    if (!index_body(a) || !open_comments(a))
        return false;
    /* Word reads comment ids as 32-bit numbers. */
    if (a->next_id > INT32_MAX - (long)a->res->nfinding)
        return fail(a, "%s: the report's comments use ids too large to add more: open it in "
                       "Word, save it again and retry", a->in);
    return true;
}

static void annot_free(annot *a)
{
    dhr_zip_close(a->z);
    dhr_rels_free(&a->pkg);
    dhr_rels_free(&a->rels);
    dhr_ctypes_free(&a->ct);
    free(a->main);
    free(a->rels_part);
    free(a->comments);
    dhr_wstyles_free(&a->styles);
    dhr_document_free(a->styles_doc);
    dhr_anx_free(a->anx);
    xmlFreeDoc(a->cdoc);
    free(a->body);
    for (size_t k = 0; k < a->nparts; k++) {
        free(a->parts[k].name);
        free(a->parts[k].data);
    }
}

bool dhr_annotate_docx(const char *in, const char *out, const dhr_document *doc,
                       const dhr_result *res, char *err, size_t errlen)
{
    if (doc->format != DHR_FORMAT_DOCX) {
        snprintf(err, errlen,
                 "annotate works on DOCX only; for an ODT report such as %s, open it in "
                 "LibreOffice and save as DOCX, or use check --format html",
                 in);
        return false;
    }
    if (same_file(in, out)) {
        snprintf(err, errlen, "is the file being read; dhrlint never overwrites its input: "
                              "choose another output file");
        return false;
    }
    annot a = {.in = in, .out = out, .doc = doc, .res = res, .err = err, .errlen = errlen};
    set_date(&a);
    bool ok = true;
    if (res->nfinding) {
        ok = prepare(&a);
        for (size_t i = 0; ok && i < res->nfinding; i++)
            ok = annotate_finding(&a, &res->findings[i]);
        if (ok) {
            char *xml = NULL;
            size_t len = 0;
            char perr[300];
            ok = dhr_anx_write(a.anx, &xml, &len, perr, sizeof perr)
                     ? keep_part(&a, a.main, xml, len, true)
                     : fail(&a, "%s: %s", in, perr);
        }
        ok = ok && dump(&a, a.cdoc, a.comments, a.comments_exist);
        ok = ok && (a.comments_related || relate_comments(&a));
        ok = ok && type_comments(&a);
    }
    ok = ok && write_package(&a);
    annot_free(&a);
    return ok;
}
