#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Blocks grow so that a large document costs few mallocs; a request larger
 * than a block gets a block of its own. */
#define ARENA_BLOCK (64u * 1024)

typedef struct block {
    struct block *next;
    size_t used, size;
    max_align_t data[];
} block;

struct dhr_arena {
    block *head;
};

dhr_arena *dhr_arena_new(void)
{
    return calloc(1, sizeof(dhr_arena));
}

void dhr_arena_free(dhr_arena *a)
{
    if (!a)
        return;
    for (block *b = a->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(a);
}

void *dhr_arena_alloc(dhr_arena *a, size_t n)
{
    n = (n + 7u) & ~(size_t)7u;
    block *b = a->head;
    if (!b || b->size - b->used < n) {
        size_t size = n > ARENA_BLOCK / 2 ? n : ARENA_BLOCK;
        block *nb = malloc(sizeof(block) + size);
        if (!nb)
            return NULL;
        nb->used = 0;
        nb->size = size;
        if (b && size != ARENA_BLOCK) {
            /* Keep filling the current block; put the big one behind it. */
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        b = nb;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    return p;
}

char *dhr_arena_strndup(dhr_arena *a, const char *s, size_t n)
{
    char *p = dhr_arena_alloc(a, n + 1);
    if (p) {
        if (n)
            memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *dhr_arena_strdup(dhr_arena *a, const char *s)
{
    return s ? dhr_arena_strndup(a, s, strlen(s)) : NULL;
}
