/* A bump allocator owning every string of a document, freed in one go. */
#ifndef DHR_ARENA_H
#define DHR_ARENA_H

#include <stddef.h>

typedef struct dhr_arena dhr_arena;

dhr_arena *dhr_arena_new(void);
void dhr_arena_free(dhr_arena *a);
/* 8-byte aligned; NULL when out of memory. */
void *dhr_arena_alloc(dhr_arena *a, size_t n);
/* Copies N bytes and a terminating NUL. */
char *dhr_arena_strndup(dhr_arena *a, const char *s, size_t n);
char *dhr_arena_strdup(dhr_arena *a, const char *s);

#endif
