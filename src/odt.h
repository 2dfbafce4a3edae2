/* OpenDocument text: ODT/OTT packages and flat FODT files. */
#ifndef DHR_ODT_H
#define DHR_ODT_H

#include "builder.h"
#include "zipread.h"

bool dhr_odt_read(dhr_zip *z, dhr_builder *b, dhr_read_error *err);
bool dhr_fodt_read(const char *path, dhr_builder *b, dhr_read_error *err);

#endif
