#include "json.h"

#include "dhrlint/version.h"

#include <stddef.h>
#include <string.h>

static void flush(dhr_json *j)
{
    if (j->len)
        fwrite(j->buf, 1, j->len, j->f);
    j->len = 0;
}

static void put(dhr_json *j, const char *s, size_t n)
{
    if (n > sizeof j->buf - j->len) {
        flush(j);
        if (n > sizeof j->buf) {
            fwrite(s, 1, n, j->f);
            return;
        }
    }
    memcpy(j->buf + j->len, s, n);
    j->len += n;
}

static void putch(dhr_json *j, char c)
{
    if (j->len == sizeof j->buf)
        flush(j);
    j->buf[j->len++] = c;
}

static void newline(dhr_json *j)
{
    if (j->depth <= j->pretty_depth) {
        putch(j, '\n');
        for (int i = 0; i < j->depth; i++)
            put(j, "  ", 2);
    }
}

/* Called before any value or key. */
static void before(dhr_json *j)
{
    if (j->after_key) {
        j->after_key = false;
        return;
    }
    if (j->depth > 0) {
        if (j->need_comma[j->depth])
            put(j, ", ", j->depth <= j->pretty_depth ? 1 : 2);
        j->need_comma[j->depth] = true;
        newline(j);
    }
}

void dhr_json_init(dhr_json *j, FILE *f, int pretty_depth)
{
    memset(j, 0, offsetof(dhr_json, buf));
    j->f = f;
    j->pretty_depth = pretty_depth;
}

static void open_c(dhr_json *j, char c)
{
    before(j);
    putch(j, c);
    if (j->depth < DHR_JSON_MAX_DEPTH - 1)
        j->depth++;
    j->need_comma[j->depth] = false;
}

static void close_c(dhr_json *j, char c)
{
    bool had = j->need_comma[j->depth];
    if (j->depth > 0)
        j->depth--;
    if (had && j->depth + 1 <= j->pretty_depth)
        newline(j);
    putch(j, c);
}

void dhr_json_obj_begin(dhr_json *j) { open_c(j, '{'); }
void dhr_json_obj_end(dhr_json *j) { close_c(j, '}'); }
void dhr_json_arr_begin(dhr_json *j) { open_c(j, '['); }
void dhr_json_arr_end(dhr_json *j) { close_c(j, ']'); }

/* Bytes that need escaping in a JSON string; everything else, UTF-8
 * included, is copied as it is, in runs. */
static const unsigned char escape[256] = {
    ['\b'] = 'b', ['\f'] = 'f', ['\n'] = 'n', ['\r'] = 'r', ['\t'] = 't',
    ['"'] = '"',  ['\\'] = '\\',
    [0x00] = 'u', [0x01] = 'u', [0x02] = 'u', [0x03] = 'u', [0x04] = 'u', [0x05] = 'u',
    [0x06] = 'u', [0x07] = 'u', [0x0B] = 'u', [0x0E] = 'u', [0x0F] = 'u', [0x10] = 'u',
    [0x11] = 'u', [0x12] = 'u', [0x13] = 'u', [0x14] = 'u', [0x15] = 'u', [0x16] = 'u',
    [0x17] = 'u', [0x18] = 'u', [0x19] = 'u', [0x1A] = 'u', [0x1B] = 'u', [0x1C] = 'u',
    [0x1D] = 'u', [0x1E] = 'u', [0x1F] = 'u', [0x7F] = 'u',
};

static void put_escaped(dhr_json *j, const char *s, size_t n)
{
    putch(j, '"');
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char e = escape[(unsigned char)s[i]];
        if (!e)
            continue;
        put(j, s + run, i - run);
        run = i + 1;
        if (e == 'u') {
            static const char hex[] = "0123456789abcdef";
            unsigned char c = (unsigned char)s[i];
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            put(j, u, 6);
        } else {
            char esc[2] = {'\\', (char)e};
            put(j, esc, 2);
        }
    }
    put(j, s + run, n - run);
    putch(j, '"');
}

void dhr_json_key(dhr_json *j, const char *key)
{
    before(j);
    put_escaped(j, key, strlen(key));
    put(j, ": ", 2);
    j->after_key = true;
}

void dhr_json_strn(dhr_json *j, const char *s, size_t n)
{
    before(j);
    put_escaped(j, s, n);
}

void dhr_json_str(dhr_json *j, const char *s)
{
    if (!s) {
        dhr_json_null(j);
        return;
    }
    dhr_json_strn(j, s, strlen(s));
}

void dhr_json_int(dhr_json *j, long long v)
{
    before(j);
    char buf[24];
    size_t i = sizeof buf;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        buf[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        buf[--i] = '-';
    put(j, buf + i, sizeof buf - i);
}

void dhr_json_bool(dhr_json *j, bool v)
{
    before(j);
    put(j, v ? "true" : "false", v ? 4 : 5);
}

void dhr_json_null(dhr_json *j)
{
    before(j);
    put(j, "null", 4);
}

void dhr_json_end(dhr_json *j)
{
    putch(j, '\n');
    flush(j);
}

void dhr_json_tool(dhr_json *j)
{
    dhr_json_key(j, "tool");
    dhr_json_obj_begin(j);
    dhr_json_key(j, "name");
    dhr_json_str(j, "dhrlint");
    dhr_json_key(j, "version");
    dhr_json_str(j, DHRLINT_VERSION);
    dhr_json_obj_end(j);
}

void dhr_json_kv_str(dhr_json *j, const char *key, const char *s)
{
    dhr_json_key(j, key);
    dhr_json_str(j, s);
}

void dhr_json_kv_int(dhr_json *j, const char *key, long long v)
{
    dhr_json_key(j, key);
    dhr_json_int(j, v);
}

void dhr_json_kv_bool(dhr_json *j, const char *key, bool v)
{
    dhr_json_key(j, key);
    dhr_json_bool(j, v);
}
