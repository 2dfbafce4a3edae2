/* The story parts of a DOCX (document, headers, footers, notes, comments):
 * paragraphs, runs, tables, fields, tracked changes, text boxes. */
#ifndef DHR_DOCX_BODY_H
#define DHR_DOCX_BODY_H

#include "docx_styles.h"
#include "opc.h"

typedef struct dhr_docx_body dhr_docx_body;

struct dhr_wnumbering;

dhr_docx_body *dhr_docx_body_new(dhr_builder *b, dhr_wstyles *styles,
                                 struct dhr_wnumbering *numbering);
void dhr_docx_body_free(dhr_docx_body *r);

/* Reads one story part whose top-level paragraphs belong to PART. Notes and
 * comments are anchored to the body paragraphs that referred to them, so the
 * main document must be read first. */
bool dhr_docx_body_read(dhr_docx_body *r, dhr_zip *z, const char *part_name, dhr_part part,
                        dhr_read_error *err);

/* Relationship ids of the headers and footers the sections refer to, in
 * order of first reference. */
size_t dhr_docx_body_hf_count(const dhr_docx_body *r);
const char *dhr_docx_body_hf_id(const dhr_docx_body *r, size_t i);

/* Charts and SmartArt diagrams the story parts refer to: relationship id
 * and the paragraph holding the drawing. */
size_t dhr_docx_body_drawing_count(const dhr_docx_body *r);
const char *dhr_docx_body_drawing_id(const dhr_docx_body *r, size_t i);
int32_t dhr_docx_body_drawing_anchor(const dhr_docx_body *r, size_t i);

#endif
