/* Streaming, hardened XML parsing of package parts.
 *
 * Every part is parsed with libxml2's SAX2 push parser, fed in chunks as it is
 * inflated, so memory does not grow with the part. No DTD is ever loaded, no
 * entity is ever expanded, nothing is ever fetched: a part that declares an
 * entity is refused, because no real document needs one and billion-laughs and
 * external-entity attacks do. */
#ifndef DHR_XMLSAX_H
#define DHR_XMLSAX_H

#include "xmlnames.h"
#include "zipread.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct dhr_xml dhr_xml;

/* The attributes of an element, as libxml2's SAX2 gives them. */
typedef struct dhr_attrs {
    int n;
    const unsigned char **a; /* n groups of localname, prefix, URI, value, end */
    dhr_xml *x;
} dhr_attrs;

typedef struct dhr_xml_handler {
    void (*start)(void *user, dhr_ns ns, dhr_name name, const dhr_attrs *attrs);
    void (*end)(void *user, dhr_ns ns, dhr_name name);
    void (*text)(void *user, const char *s, size_t len);
    /* Set by the handler's owner when the handler has failed: parsing stops. */
    const bool *abort;
} dhr_xml_handler;

bool dhr_xml_parse_part(dhr_zip *z, const char *part, const dhr_xml_handler *h, void *user,
                        dhr_read_error *err);
bool dhr_xml_parse_memory(const char *buf, size_t len, const char *part,
                          const dhr_xml_handler *h, void *user, dhr_read_error *err);
bool dhr_xml_parse_file(const char *path, const char *label, const dhr_xml_handler *h,
                        void *user, dhr_read_error *err);

/* The namespace a URI names (transitional and strict OOXML alike), or
 * NS_OTHER: for a walker of a libxml2 tree (the annotator) to read names as
 * the reader does. */
dhr_ns dhr_ns_of(const char *uri);

/* An attribute's value, or NULL. *LEN gets its length (it is not terminated). */
const char *dhr_attr(const dhr_attrs *at, dhr_ns ns, const char *local, size_t *len);
/* Copies an attribute's value, truncated to CAP-1 bytes; "" when absent. */
const char *dhr_attr_buf(const dhr_attrs *at, dhr_ns ns, const char *local, char *buf,
                         size_t cap);
/* Whether the attribute is present and equal to VALUE. */
bool dhr_attr_is(const dhr_attrs *at, dhr_ns ns, const char *local, const char *value);
/* The N bytes at V (NULL: none) copied into BUF, truncated to CAP-1 bytes and
 * terminated; and such a copy read as an integer, DEF when empty or not a
 * number. What dhr_attr_buf and dhr_attr_long do, for any attribute value. */
const char *dhr_value_buf(const char *v, size_t len, char *buf, size_t cap);
long dhr_value_long(const char *buf, long def);
/* A malloc'd, terminated copy of an attribute's value, or NULL when absent. */
char *dhr_attr_dup(const dhr_attrs *at, dhr_ns ns, const char *local);
/* An OOXML on/off property (w:b, w:vanish): its LOCAL attribute absent, or
 * anything but "0", "false" and "off", is on. */
bool dhr_attr_on(const dhr_attrs *at, dhr_ns ns, const char *local);
/* An attribute as an integer, or DEF when absent or not a number. */
long dhr_attr_long(const dhr_attrs *at, dhr_ns ns, const char *local, long def);

/* Makes sure libxml2 can never fetch anything, whatever a caller asks. */
void dhr_xml_global_init(void);

#endif
