/* The rule files and schema compiled into the binary (generated at build
 * time from rules/ by tools/embed-rules). */
#ifndef DHR_RULES_BUILTIN_H
#define DHR_RULES_BUILTIN_H

#include <stddef.h>

typedef struct dhr_builtin_file {
    const char *name; /* "rules/template.xml" */
    const char *text;
} dhr_builtin_file;

extern const dhr_builtin_file dhr_builtin_rules[];
extern const size_t dhr_builtin_rule_count;
extern const char dhr_builtin_schema[];
/* Word lists and other data files the rule files refer to. */
extern const dhr_builtin_file dhr_builtin_data[];
extern const size_t dhr_builtin_data_count;

#endif
