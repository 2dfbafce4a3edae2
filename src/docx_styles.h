/* word/styles.xml: what a paragraph or run inherits from its style, following
 * the basedOn chain. Only the properties dhrlint reads are kept. */
#ifndef DHR_DOCX_STYLES_H
#define DHR_DOCX_STYLES_H

#include "builder.h"
#include "zipread.h"

typedef struct dhr_wstyle {
    char *id;
    const char *name; /* display name, in the document's arena */
    char *based_on;
    bool paragraph;   /* a paragraph style (else character, table, numbering) */
    bool is_default;
    int8_t outline;   /* w:outlineLvl 0..9, -1 unset */
    int8_t bold;      /* -1 unset, 0, 1 */
    int8_t vanish;
    long num_id;      /* numPr: -1 unset, 0 numbering removed, else the list */
    int8_t num_level;
    /* Resolved over the chain, computed once. */
    bool resolved;
    uint8_t heading;  /* 1..9, 0 none */
    uint8_t toc_level; /* "toc N" styles: N */
    int8_t r_bold, r_vanish, r_num_level;
    long r_num_id;
} dhr_wstyle;

typedef struct dhr_wstyles {
    dhr_wstyle *v;
    size_t n, cap;
    uint32_t *index; /* open addressing over v, by id */
    size_t index_size;
    int8_t default_bold, default_vanish;
    dhr_wstyle *default_para;
} dhr_wstyles;

/* A missing styles part leaves the set empty. */
bool dhr_wstyles_read(dhr_zip *z, const char *part, dhr_builder *b, dhr_wstyles *out,
                      dhr_read_error *err);
void dhr_wstyles_free(dhr_wstyles *s);
/* The style with this id, resolved, or NULL. */
dhr_wstyle *dhr_wstyles_get(dhr_wstyles *s, const char *id);

#endif
