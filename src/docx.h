/* DOCX (and DOCM, DOTX): finds the parts of the package and reads them in
 * the order that lets notes and comments find their anchors. */
#ifndef DHR_DOCX_H
#define DHR_DOCX_H

#include "builder.h"
#include "zipread.h"

bool dhr_docx_read(dhr_zip *z, dhr_builder *b, dhr_read_error *err);

#endif
