/* Character classes by ASCII rules, inline. The <ctype.h> functions consult
 * the locale through a call per character; on the hot paths (tokenising every
 * paragraph, normalising every word) that call is most of the cost, and the
 * text is UTF-8 whatever the locale says. */
#ifndef DHR_ASCII_H
#define DHR_ASCII_H

#include <stdbool.h>

static inline bool dhr_is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static inline bool dhr_is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
static inline bool dhr_is_alpha(unsigned char c) { return dhr_is_upper(c) || dhr_is_lower(c); }
static inline bool dhr_is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static inline bool dhr_is_alnum(unsigned char c) { return dhr_is_alpha(c) || dhr_is_digit(c); }
static inline unsigned char dhr_lower(unsigned char c) { return dhr_is_upper(c) ? c + 32 : c; }

#endif
