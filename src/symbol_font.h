/* Characters of the Symbol font, which Word stores by glyph position. */
#ifndef DHR_SYMBOL_FONT_H
#define DHR_SYMBOL_FONT_H

#include <stdint.h>

/* The Unicode character for a Symbol-font code (0x20..0xFF or U+F020..U+F0FF);
 * other characters are returned as they are. */
uint32_t dhr_symbol_font_char(uint32_t c);

#endif
