/* The main document part of a DOCX held as a tree, its body paragraphs found
 * and numbered exactly as the reader (docx_body.c) numbers them, and Word
 * comment anchors put into it without changing a character of its text. */
#ifndef DHR_ANNOTATE_XML_H
#define DHR_ANNOTATE_XML_H

#include "docx_styles.h"

#include <libxml/tree.h>
#include <stdbool.h>
#include <stddef.h>

/* Parses an XML part held in memory with the reader's guarantees: no DTD
 * loaded, no entity declared or expanded, nothing fetched. NULL with ERR
 * filled when it is not well-formed or declares entities. */
xmlDocPtr dhr_anx_read_tree(const char *buf, size_t len, const char *part, char *err,
                            size_t errlen);

typedef struct dhr_anx dhr_anx;

/* Parses the main document part PART and finds its body paragraphs. STYLES
 * tells contents entries from text, as it does for the reader. */
dhr_anx *dhr_anx_parse(const char *buf, size_t len, const char *part, dhr_wstyles *styles,
                       char *err, size_t errlen);
void dhr_anx_free(dhr_anx *a);

/* Body paragraphs, and the text of the Ith (0-based), as the reader reads it. */
size_t dhr_anx_count(const dhr_anx *a);
const char *dhr_anx_text(const dhr_anx *a, size_t i, size_t *len);
/* The WordprocessingML namespace the part uses (transitional or strict). */
const char *dhr_anx_namespace(const dhr_anx *a);
/* The highest comment id the part refers to, -1 when none. */
long dhr_anx_max_comment_id(const dhr_anx *a);

/* Queues comment ID on bytes [START, END) of paragraph I's text, or on the
 * whole paragraph when START == END. */
bool dhr_anx_anchor(dhr_anx *a, size_t i, size_t start, size_t end, long id);

/* Puts the queued anchors into the tree (range start and end, and the
 * reference run after the end) and serialises it to *OUT (free with free()).
 * Fails rather than write a part whose body text or anchoring would read
 * differently. */
bool dhr_anx_write(dhr_anx *a, char **out, size_t *outlen, char *err, size_t errlen);

#endif
