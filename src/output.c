#include "output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

bool dhr_output_open(dhr_output *o, const char *path, char *const *inputs, size_t ninputs)
{
    memset(o, 0, sizeof *o);
    if (!path || strcmp(path, "-") == 0) {
        o->f = stdout;
        return true;
    }
    for (size_t i = 0; i < ninputs; i++)
        if (same_file(path, inputs[i])) {
            errno = EEXIST;
            return false;
        }
    size_t n = strlen(path);
    o->path = strdup(path);
    o->tmp = malloc(n + 16);
    if (!o->path || !o->tmp) {
        dhr_output_abort(o);
        errno = ENOMEM;
        return false;
    }
    snprintf(o->tmp, n + 16, "%s.tmpXXXXXX", path);
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        int e = errno;
        dhr_output_abort(o);
        errno = e;
        return false;
    }
    fchmod(fd, 0644);
    o->f = fdopen(fd, "wb");
    if (!o->f) {
        int e = errno;
        close(fd);
        unlink(o->tmp);
        dhr_output_abort(o);
        errno = e;
        return false;
    }
    return true;
}

bool dhr_output_close(dhr_output *o)
{
    if (o->f == stdout) {
        o->f = NULL;
        return fflush(stdout) == 0 && !ferror(stdout);
    }
    bool ok = o->f && fflush(o->f) == 0 && !ferror(o->f) && fsync(fileno(o->f)) == 0;
    if (o->f && fclose(o->f) != 0)
        ok = false;
    o->f = NULL;
    if (ok && rename(o->tmp, o->path) != 0)
        ok = false;
    if (!ok)
        unlink(o->tmp);
    free(o->tmp);
    free(o->path);
    o->tmp = o->path = NULL;
    return ok;
}

void dhr_output_abort(dhr_output *o)
{
    if (o->f && o->f != stdout) {
        fclose(o->f);
        if (o->tmp)
            unlink(o->tmp);
    }
    free(o->tmp);
    free(o->path);
    memset(o, 0, sizeof *o);
}
