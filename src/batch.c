/* Batch checking. Workers take the next unchecked file from a shared
 * counter, all with one rule set, and write its report into the slot of
 * that file, so output order is input order whatever order they finish in.
 * A document is freed as soon as it is checked: a report owns everything it
 * says, and a batch of forty reviews must not hold forty documents. */
#include "batch.h"
#include "dhrlint/reader.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* A folder deeper than this is a loop or a hostile tree, not a filing system. */
#define MAX_DEPTH 32

static bool push(dhr_batch *b, const char *path)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 16;
        char **v = realloc(b->files, cap * sizeof *v);
        if (!v)
            return false;
        b->files = v;
        b->cap = cap;
    }
    char *s = strdup(path);
    if (!s)
        return false;
    b->files[b->n++] = s;
    return true;
}

static bool report_name(const char *name)
{
    if (name[0] == '.' || strncmp(name, "~$", 2) == 0)
        return false;
    const char *dot = strrchr(name, '.');
    return dot && (strcasecmp(dot, ".docx") == 0 || strcasecmp(dot, ".docm") == 0 ||
                   strcasecmp(dot, ".odt") == 0 || strcasecmp(dot, ".fodt") == 0);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool add_dir(dhr_batch *b, const char *dir, int depth, char *err, size_t errlen)
{
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(err, errlen, "%s: cannot read this folder (%s)", dir, strerror(errno));
        return false;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    bool ok = true;
    for (struct dirent *e; ok && (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            char **v = realloc(names, cap * sizeof *v);
            if (!v) {
                ok = false;
                break;
            }
            names = v;
        }
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        names[n] = malloc(len);
        if (!names[n]) {
            ok = false;
            break;
        }
        snprintf(names[n], len, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/",
                 e->d_name);
        n++;
    }
    closedir(d);
    if (ok && n)
        qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n && ok; i++) {
        struct stat st;
        const char *base = strrchr(names[i], '/') + 1;
        if (stat(names[i], &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            if (depth < MAX_DEPTH)
                ok = add_dir(b, names[i], depth + 1, err, errlen);
        } else if (S_ISREG(st.st_mode) && report_name(base)) {
            ok = push(b, names[i]);
        }
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    if (!ok && !err[0])
        snprintf(err, errlen, "out of memory");
    return ok;
}

bool dhr_batch_add(dhr_batch *b, const char *path, char *err, size_t errlen)
{
    struct stat st;
    err[0] = '\0';
    if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return add_dir(b, path, 0, err, errlen);
    /* a file that does not exist is the reader's to report, in its slot */
    if (!push(b, path)) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    return true;
}

typedef struct shared {
    dhr_batch *b;
    const size_t *order; /* the files, largest first */
    dhr_stage stage;
    dhr_rules_loader load;
    void *load_arg;
    bool for_threads; /* more than one worker: prepare the rules for sharing */
    pthread_mutex_t lock;
    pthread_cond_t rules_ready;
    dhr_ruleset *rs;
    bool loaded; /* the loader has finished: RS is the rule set, or NULL */
    size_t next, done;
    bool progress;
} shared;

static void fail(dhr_batch *b, size_t i, const char *msg)
{
    b->reports[i].result = NULL;
    b->errors[i] = strdup(msg);
    b->reports[i].error = b->errors[i] ? b->errors[i] : "out of memory";
}

/* Loads the rules while the workers read their first files: for one report
 * the two take about as long, so a check costs one of them, not both. */
static void *loader(void *arg)
{
    shared *sh = arg;
    dhr_ruleset *rs = sh->load(sh->load_arg);
    if (rs && sh->for_threads)
        dhr_check_prepare(rs);
    pthread_mutex_lock(&sh->lock);
    sh->rs = rs;
    sh->loaded = true;
    pthread_cond_broadcast(&sh->rules_ready);
    pthread_mutex_unlock(&sh->lock);
    return NULL;
}

static const dhr_ruleset *rules(shared *sh)
{
    pthread_mutex_lock(&sh->lock);
    while (!sh->loaded)
        pthread_cond_wait(&sh->rules_ready, &sh->lock);
    const dhr_ruleset *rs = sh->rs;
    pthread_mutex_unlock(&sh->lock);
    return rs;
}

static void *worker(void *arg)
{
    shared *sh = arg;
    for (;;) {
        pthread_mutex_lock(&sh->lock);
        size_t i = sh->next < sh->b->n ? sh->order[sh->next++] : SIZE_MAX;
        pthread_mutex_unlock(&sh->lock);
        if (i == SIZE_MAX)
            break;
        dhr_file_report *r = &sh->b->reports[i];
        r->path = sh->b->files[i];
        dhr_read_error err;
        dhr_document *doc = dhr_read_file(r->path, &err);
        const dhr_ruleset *rs = rules(sh);
        if (!rs) {
            dhr_document_free(doc);
            break;
        }
        if (!doc) {
            fail(sh->b, i, err.message);
        } else {
            r->format = doc->format;
            r->result = dhr_check(rs, doc, sh->stage);
            if (!r->result)
                fail(sh->b, i, "out of memory while checking");
            dhr_document_free(doc);
        }
        pthread_mutex_lock(&sh->lock);
        sh->done++;
        if (sh->progress) {
            fprintf(stderr, "\rdhrlint: checked %zu of %zu files", sh->done, sh->b->n);
            fflush(stderr);
        }
        pthread_mutex_unlock(&sh->lock);
    }
    return NULL;
}

struct sized {
    off_t size;
    size_t i;
};

static int larger_first(const void *a, const void *b)
{
    const struct sized *x = a, *y = b;
    if (x->size != y->size)
        return x->size > y->size ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* The files in the order to check them: the largest first, so that the
 * last file a worker takes is a short one and no worker idles long at the
 * end. The reports keep the order given. */
static size_t *check_order(const dhr_batch *b)
{
    struct sized *v = malloc((b->n + 1) * sizeof *v);
    size_t *order = malloc((b->n + 1) * sizeof *order);
    if (!v || !order) {
        free(v);
        free(order);
        return NULL;
    }
    for (size_t i = 0; i < b->n; i++) {
        struct stat st;
        v[i] = (struct sized){stat(b->files[i], &st) == 0 ? st.st_size : 0, i};
    }
    qsort(v, b->n, sizeof *v, larger_first);
    for (size_t i = 0; i < b->n; i++)
        order[i] = v[i].i;
    free(v);
    return order;
}

dhr_batch_status dhr_batch_check(dhr_batch *b, dhr_stage stage, unsigned jobs, bool progress,
                                 dhr_rules_loader load, void *load_arg)
{
    b->reports = calloc(b->n + 1, sizeof *b->reports);
    b->errors = calloc(b->n + 1, sizeof *b->errors);
    size_t *order = check_order(b);
    if (!b->reports || !b->errors || !order) {
        free(order);
        return DHR_BATCH_NO_MEMORY;
    }
    if (!jobs) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = cpus > 0 ? (unsigned)cpus : 1;
    }
    if (jobs > b->n)
        jobs = b->n ? (unsigned)b->n : 1;
    if (jobs > 64)
        jobs = 64;
    shared sh = {.b = b, .order = order, .stage = stage, .load = load, .load_arg = load_arg,
                 .for_threads = jobs > 1, .progress = progress};
    pthread_mutex_init(&sh.lock, NULL);
    pthread_cond_init(&sh.rules_ready, NULL);
    pthread_t load_tid, tid[64];
    bool loading = pthread_create(&load_tid, NULL, loader, &sh) == 0;
    if (!loading)
        loader(&sh);
    unsigned started = 0;
    /* the first worker runs on this thread, the others beside it */
    for (unsigned t = 1; t < jobs; t++)
        if (pthread_create(&tid[started], NULL, worker, &sh) == 0)
            started++;
    worker(&sh);
    for (unsigned t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    if (loading)
        pthread_join(load_tid, NULL);
    pthread_cond_destroy(&sh.rules_ready);
    pthread_mutex_destroy(&sh.lock);
    free(order);
    if (progress && b->n)
        fputs("\r\033[K", stderr);
    /* The rule set outlives the reports that name its rules and checklist
     * lines: the batch keeps it until it is freed. */
    b->rules = sh.rs;
    if (!sh.rs)
        return DHR_BATCH_NO_RULES;
    /* a file no worker reached (out of memory for threads) is checked here */
    for (size_t i = 0; i < b->n; i++)
        if (!b->reports[i].path) {
            b->reports[i].path = b->files[i];
            fail(b, i, "not checked: out of memory");
        }
    return DHR_BATCH_DONE;
}

void dhr_batch_free(dhr_batch *b)
{
    for (size_t i = 0; b->reports && i < b->n; i++)
        dhr_result_free((dhr_result *)b->reports[i].result);
    for (size_t i = 0; b->errors && i < b->n; i++)
        free(b->errors[i]);
    free(b->errors);
    dhr_rules_free(b->rules);
    for (size_t i = 0; i < b->n; i++)
        free(b->files[i]);
    free(b->files);
    free(b->reports);
    memset(b, 0, sizeof *b);
}
