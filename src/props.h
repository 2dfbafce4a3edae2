/* Document properties (OOXML docProps parts, ODF meta.xml): each becomes a
 * metadata paragraph whose style is the property's name. */
#ifndef DHR_PROPS_H
#define DHR_PROPS_H

#include "builder.h"
#include "xmlsax.h"
#include "zipread.h"

typedef struct dhr_props_ctx {
    dhr_builder *b;
    const char *capturing; /* property name while inside one, else NULL */
    char custom[160];      /* "custom:<name>" */
    int custom_depth;      /* inside a custom property element */
    dhr_strbuf value;
} dhr_props_ctx;

/* SAX callbacks, also used by the flat ODT reader inside office:meta. */
void dhr_props_start(void *user, dhr_ns ns, dhr_name name, const dhr_attrs *at);
void dhr_props_end(void *user, dhr_ns ns, dhr_name name);
void dhr_props_text(void *user, const char *s, size_t len);

/* Reads PART when it exists; a missing part is not an error. */
bool dhr_props_read(dhr_zip *z, const char *part, dhr_builder *b, dhr_read_error *err);

#endif
