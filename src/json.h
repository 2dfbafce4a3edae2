/* A small streaming JSON writer: correct escaping, commas handled, one
 * element a line down to a chosen depth so that golden files diff well. */
#ifndef DHR_JSON_H
#define DHR_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define DHR_JSON_MAX_DEPTH 32

typedef struct dhr_json {
    FILE *f;
    int depth;
    int pretty_depth; /* containers nested deeper than this stay on one line */
    bool need_comma[DHR_JSON_MAX_DEPTH];
    bool after_key;
    size_t len;      /* bytes waiting in buf */
    char buf[16384]; /* last, so that init clears everything before it; written
                        out in blocks: one fwrite per block, not per token */
} dhr_json;

void dhr_json_init(dhr_json *j, FILE *f, int pretty_depth);
void dhr_json_obj_begin(dhr_json *j);
void dhr_json_obj_end(dhr_json *j);
void dhr_json_arr_begin(dhr_json *j);
void dhr_json_arr_end(dhr_json *j);
void dhr_json_key(dhr_json *j, const char *key);
void dhr_json_str(dhr_json *j, const char *s);
void dhr_json_strn(dhr_json *j, const char *s, size_t n);
void dhr_json_int(dhr_json *j, long long v);
void dhr_json_bool(dhr_json *j, bool v);
/* A member of the open object: its key, then its value (NULL: null). */
void dhr_json_kv_str(dhr_json *j, const char *key, const char *s);
void dhr_json_kv_int(dhr_json *j, const char *key, long long v);
void dhr_json_kv_bool(dhr_json *j, const char *key, bool v);
void dhr_json_null(dhr_json *j);
/* "tool": {"name": "dhrlint", "version": ...}: every JSON output starts so. */
void dhr_json_tool(dhr_json *j);
/* Finishes the document with a newline. */
void dhr_json_end(dhr_json *j);

#endif
