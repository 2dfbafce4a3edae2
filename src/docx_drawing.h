/* Text inside DOCX charts and SmartArt diagrams, which live in parts of
 * their own: category and series names, titles, the words in each shape. */
#ifndef DHR_DOCX_DRAWING_H
#define DHR_DOCX_DRAWING_H

#include "builder.h"
#include "zipread.h"

/* Reads PART (a chart or a diagram's data part) into text-box paragraphs
 * anchored to ANCHOR. A damaged part is a warning, not a failure. */
bool dhr_docx_drawing_read(dhr_zip *z, const char *part, int32_t anchor, dhr_builder *b,
                           dhr_read_error *err);

#endif
