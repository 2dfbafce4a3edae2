/* A growable byte buffer, always NUL-terminated. */
#ifndef DHR_STRBUF_H
#define DHR_STRBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct dhr_strbuf {
    char *s;
    size_t len, cap;
} dhr_strbuf;

/* False when out of memory; the buffer is then unchanged. */
bool dhr_sb_append(dhr_strbuf *b, const char *s, size_t n);
bool dhr_sb_putc(dhr_strbuf *b, char c);
bool dhr_sb_put_utf8(dhr_strbuf *b, uint32_t cp);
bool dhr_sb_printf(dhr_strbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void dhr_sb_clear(dhr_strbuf *b);
void dhr_sb_free(dhr_strbuf *b);

#endif
