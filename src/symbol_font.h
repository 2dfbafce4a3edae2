/* Characters of the Symbol font, which Word stores by glyph position. */
#ifndef DHR_SYMBOL_FONT_H
#define DHR_SYMBOL_FONT_H

#include "strbuf.h"

#include <stdint.h>

/* The Unicode character for a Symbol-font code (0x20..0xFF or U+F020..U+F0FF);
 * other characters are returned as they are. */
uint32_t dhr_symbol_font_char(uint32_t c);
/* Appends the N bytes of UTF-8 text S, set in the Symbol font, to OUT as the
 * characters they show. False when out of memory. */
bool dhr_symbol_font_text(dhr_strbuf *out, const char *s, size_t n);

#endif
