/* The Open Packaging Conventions layer of DOCX: relationships and content
 * types, which say where the main document and its parts are. */
#ifndef DHR_OPC_H
#define DHR_OPC_H

#include "zipread.h"

typedef struct dhr_rel {
    char *id, *type, *target; /* target resolved to a package part name */
    bool external;
} dhr_rel;

typedef struct dhr_rels {
    dhr_rel *v;
    size_t n, cap;
} dhr_rels;

/* Reads the relationships of SOURCE ("" for the package itself). A missing
 * relationships part is an empty set, not an error. */
bool dhr_rels_read(dhr_zip *z, const char *source, dhr_rels *out, dhr_read_error *err);
void dhr_rels_free(dhr_rels *rels);
const dhr_rel *dhr_rels_by_id(const dhr_rels *rels, const char *id);
/* Whether the relationship type ends with /TAIL: transitional and strict
 * OOXML differ only in the part before it. */
bool dhr_rel_type_is(const dhr_rel *rel, const char *tail);
/* The first internal relationship of type .../TAIL, or NULL. */
const dhr_rel *dhr_rels_first(const dhr_rels *rels, const char *tail);

typedef struct dhr_ctypes {
    char **ext, **ext_type;
    size_t next;
    char **part, **part_type;
    size_t npart;
} dhr_ctypes;

bool dhr_ctypes_read(dhr_zip *z, dhr_ctypes *out, dhr_read_error *err);
void dhr_ctypes_free(dhr_ctypes *ct);
const char *dhr_ctypes_lookup(const dhr_ctypes *ct, const char *part);

/* The main document part (malloc'd): the package's officeDocument
 * relationship, else a main-part content-type override, else the
 * conventional name; NULL when there is none. */
char *dhr_opc_main_part(dhr_zip *z, const dhr_rels *pkg, const dhr_ctypes *ct);

#endif
