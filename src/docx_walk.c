#include "docx_walk.h"

#include <string.h>
#include <strings.h>

/* The field's type is the first word of its instruction. */
static bool is_toc_code(const char *code, size_t len)
{
    size_t i = 0;
    while (i < len && (code[i] == ' ' || code[i] == '\t'))
        i++;
    return len - i >= 3 && strncasecmp(code + i, "TOC", 3) == 0 &&
           (len - i == 3 || code[i + 3] == ' ' || code[i + 3] == '\\');
}

void dhr_fields_begin(dhr_fields *fs, bool instr, const char *code, size_t len)
{
    if (fs->n >= DHR_MAX_FIELDS) {
        fs->overflow++;
        return;
    }
    dhr_field *f = &fs->v[fs->n++];
    memset(f, 0, sizeof *f);
    f->instr = instr;
    if (instr)
        fs->instr_open++;
    if (code) {
        f->code_len = len < sizeof f->code - 1 ? len : sizeof f->code - 1;
        memcpy(f->code, code, f->code_len);
        if (!instr)
            f->toc = is_toc_code(f->code, f->code_len);
    }
}

void dhr_fields_instr_text(dhr_fields *fs, const char *s, size_t len)
{
    if (!fs->n || fs->overflow)
        return;
    dhr_field *f = &fs->v[fs->n - 1];
    if (!f->instr)
        return;
    size_t room = sizeof f->code - 1 - f->code_len;
    size_t n = len < room ? len : room;
    memcpy(f->code + f->code_len, s, n);
    f->code_len += n;
}

bool dhr_fields_separate(dhr_fields *fs)
{
    if (fs->overflow || !fs->n)
        return false;
    dhr_field *f = &fs->v[fs->n - 1];
    if (!f->instr)
        return false;
    f->instr = false;
    fs->instr_open--;
    f->toc = is_toc_code(f->code, f->code_len);
    return f->toc;
}

bool dhr_fields_end(dhr_fields *fs)
{
    if (fs->overflow) {
        fs->overflow--;
        return false;
    }
    if (!fs->n)
        return false;
    dhr_field *f = &fs->v[--fs->n];
    if (f->instr)
        fs->instr_open--;
    return f->toc;
}

bool dhr_fields_displaying(const dhr_fields *fs)
{
    return fs->instr_open == 0;
}

bool dhr_fields_in_toc(const dhr_fields *fs)
{
    for (int i = 0; i < fs->n; i++)
        if (fs->v[i].toc)
            return true;
    return false;
}

bool dhr_mce_understood(const char *requires, size_t len)
{
    static const char *const known[] = {"wps", "wpg", "wpc", "wp14", "w14", "w15", "v",
                                        "o",   "w10", "a14", "pic", "wpi"};
    size_t i = 0;
    while (i < len) {
        while (i < len && requires[i] == ' ')
            i++;
        size_t j = i;
        while (j < len && requires[j] != ' ')
            j++;
        if (j > i) {
            bool ok = false;
            for (size_t k = 0; k < sizeof known / sizeof known[0]; k++)
                if (strlen(known[k]) == j - i && memcmp(known[k], requires + i, j - i) == 0)
                    ok = true;
            if (!ok)
                return false;
        }
        i = j;
    }
    return true;
}
