/* `dhrlint dump`: the document model as a person or a program reads it. */
#ifndef DHRLINT_DUMP_H
#define DHRLINT_DUMP_H

#include "dhrlint/document.h"

#include <stdio.h>

#define DHR_DUMP_FORMAT_VERSION 1

void dhr_dump_json(FILE *out, const char *path, const dhr_document *doc);
void dhr_dump_text(FILE *out, const char *path, const dhr_document *doc);

#endif
