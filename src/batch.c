/* Batch checking. Workers take the next unchecked file from a shared
 * counter, each with its own rule set, and write its report into the slot of
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
    if (ok)
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
    dhr_ruleset *first; /* the rule set already loaded, for the first worker */
    dhr_stage stage;
    dhr_rules_loader load;
    void *load_arg;
    pthread_mutex_t lock;
    size_t next, done;
    bool progress, loaded;
} shared;

static void fail(dhr_batch *b, size_t i, const char *msg)
{
    b->reports[i].result = NULL;
    b->errors[i] = strdup(msg);
    b->reports[i].error = b->errors[i] ? b->errors[i] : "out of memory";
}

static void *worker(void *arg)
{
    shared *sh = arg;
    pthread_mutex_lock(&sh->lock);
    dhr_ruleset *rs = sh->first;
    sh->first = NULL;
    pthread_mutex_unlock(&sh->lock);
    if (!rs)
        rs = sh->load(sh->load_arg);
    pthread_mutex_lock(&sh->lock);
    sh->loaded |= rs != NULL;
    pthread_mutex_unlock(&sh->lock);
    if (!rs)
        return NULL;
    for (;;) {
        pthread_mutex_lock(&sh->lock);
        size_t i = sh->next < sh->b->n ? sh->next++ : SIZE_MAX;
        pthread_mutex_unlock(&sh->lock);
        if (i == SIZE_MAX)
            break;
        dhr_file_report *r = &sh->b->reports[i];
        r->path = sh->b->files[i];
        dhr_read_error err;
        dhr_document *doc = dhr_read_file(r->path, &err);
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
    /* The rule set outlives the reports that name its rules and checklist
     * lines: the batch keeps it until it is freed. */
    return rs;
}

bool dhr_batch_check(dhr_batch *b, dhr_stage stage, unsigned jobs, bool progress,
                     dhr_ruleset *first, dhr_rules_loader load, void *load_arg)
{
    b->reports = calloc(b->n + 1, sizeof *b->reports);
    b->errors = calloc(b->n + 1, sizeof *b->errors);
    if (!b->reports || !b->errors) {
        dhr_rules_free(first);
        return false;
    }
    if (!jobs) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = cpus > 0 ? (unsigned)cpus : 1;
    }
    if (jobs > b->n)
        jobs = b->n ? (unsigned)b->n : 1;
    if (jobs > 64)
        jobs = 64;
    shared sh = {.b = b, .first = first, .stage = stage, .load = load, .load_arg = load_arg,
                 .progress = progress};
    pthread_mutex_init(&sh.lock, NULL);
    pthread_t tid[64];
    unsigned started = 0;
    /* the first worker runs on this thread, the others beside it */
    for (unsigned t = 1; t < jobs; t++)
        if (pthread_create(&tid[started], NULL, worker, &sh) == 0)
            started++;
    b->rulesets = calloc(started + 1, sizeof *b->rulesets);
    /* this thread works too, with the rule set already loaded, so that one
     * file costs one load of the rules */
    void *mine = worker(&sh);
    if (b->rulesets)
        b->rulesets[b->nrulesets++] = mine;
    else
        dhr_rules_free(mine);
    for (unsigned t = 0; t < started; t++) {
        void *rs = NULL;
        pthread_join(tid[t], &rs);
        if (b->rulesets)
            b->rulesets[b->nrulesets++] = rs;
        else
            dhr_rules_free(rs);
    }
    pthread_mutex_destroy(&sh.lock);
    if (progress && b->n)
        fputs("\r\033[K", stderr);
    if (!sh.loaded)
        return false;
    /* a file no worker reached (out of memory for threads) is checked here */
    for (size_t i = 0; i < b->n; i++)
        if (!b->reports[i].path) {
            b->reports[i].path = b->files[i];
            fail(b, i, "not checked: out of memory");
        }
    return true;
}

void dhr_batch_free(dhr_batch *b)
{
    for (size_t i = 0; b->reports && i < b->n; i++)
        dhr_result_free((dhr_result *)b->reports[i].result);
    for (size_t i = 0; b->errors && i < b->n; i++)
        free(b->errors[i]);
    free(b->errors);
    for (size_t i = 0; i < b->nrulesets; i++)
        dhr_rules_free(b->rulesets[i]);
    free(b->rulesets);
    for (size_t i = 0; i < b->n; i++)
        free(b->files[i]);
    free(b->files);
    free(b->reports);
    memset(b, 0, sizeof *b);
}
