/* DHRLINT_PROFILE=1: the time each phase and each rule takes, on stderr.
 * For tuning rules and measuring; the output is for people, not parsers. */
#ifndef DHR_PROFILE_H
#define DHR_PROFILE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline bool dhr_profiling(void)
{
    /* atomic: batch workers ask at once (the answer is the same for all) */
    static atomic_int on = -1;
    int v = atomic_load_explicit(&on, memory_order_relaxed);
    if (v < 0) {
        const char *e = getenv("DHRLINT_PROFILE");
        v = e && e[0] == '1';
        atomic_store_explicit(&on, v, memory_order_relaxed);
    }
    return v;
}

/* Prints the time since *T as WHAT's, and restarts *T. */
static inline void dhr_profile_lap(struct timespec *t, const char *what)
{
    if (!dhr_profiling())
        return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (what)
        fprintf(stderr, "profile: %8.3f ms %s\n",
                (double)(now.tv_sec - t->tv_sec) * 1e3 + (double)(now.tv_nsec - t->tv_nsec) / 1e6,
                what);
    *t = now;
}

#endif
