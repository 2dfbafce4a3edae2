#include "json.h"

static void newline(dhr_json *j)
{
    if (j->depth <= j->pretty_depth) {
        fputc('\n', j->f);
        for (int i = 0; i < j->depth; i++)
            fputs("  ", j->f);
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
            fputs(j->depth <= j->pretty_depth ? "," : ", ", j->f);
        j->need_comma[j->depth] = true;
        newline(j);
    }
}

void dhr_json_init(dhr_json *j, FILE *f, int pretty_depth)
{
    *j = (dhr_json){.f = f, .pretty_depth = pretty_depth};
}

static void open_c(dhr_json *j, char c)
{
    before(j);
    fputc(c, j->f);
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
    fputc(c, j->f);
}

void dhr_json_obj_begin(dhr_json *j) { open_c(j, '{'); }
void dhr_json_obj_end(dhr_json *j) { close_c(j, '}'); }
void dhr_json_arr_begin(dhr_json *j) { open_c(j, '['); }
void dhr_json_arr_end(dhr_json *j) { close_c(j, ']'); }

static void put_escaped(FILE *f, const char *s, size_t n)
{
    fputc('"', f);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"':
            fputs("\\\"", f);
            break;
        case '\\':
            fputs("\\\\", f);
            break;
        case '\n':
            fputs("\\n", f);
            break;
        case '\t':
            fputs("\\t", f);
            break;
        case '\r':
            fputs("\\r", f);
            break;
        default:
            if (c < 0x20 || c == 0x7F)
                fprintf(f, "\\u%04x", c);
            else
                fputc(c, f);
        }
    }
    fputc('"', f);
}

void dhr_json_key(dhr_json *j, const char *key)
{
    before(j);
    put_escaped(j->f, key, __builtin_strlen(key));
    fputs(": ", j->f);
    j->after_key = true;
}

void dhr_json_strn(dhr_json *j, const char *s, size_t n)
{
    before(j);
    put_escaped(j->f, s, n);
}

void dhr_json_str(dhr_json *j, const char *s)
{
    if (!s) {
        dhr_json_null(j);
        return;
    }
    dhr_json_strn(j, s, __builtin_strlen(s));
}

void dhr_json_int(dhr_json *j, long long v)
{
    before(j);
    fprintf(j->f, "%lld", v);
}

void dhr_json_bool(dhr_json *j, bool v)
{
    before(j);
    fputs(v ? "true" : "false", j->f);
}

void dhr_json_null(dhr_json *j)
{
    before(j);
    fputs("null", j->f);
}

void dhr_json_end(dhr_json *j)
{
    fputc('\n', j->f);
}

size_t dhr_utf8_chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            c++;
    return c;
}
