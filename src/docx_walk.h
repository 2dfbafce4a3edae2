/* What the two walkers of document.xml, the DOCX reader and the annotator,
 * must agree on paragraph for paragraph: the stack of Word fields open at a
 * point (w:fldChar begin/separate/end and w:fldSimple: what is displayed,
 * what is a table of contents) and which markup-compatibility choice is
 * read. */
#ifndef DHR_DOCX_WALK_H
#define DHR_DOCX_WALK_H

#include <stdbool.h>
#include <stddef.h>

/* Fields nest (a PAGE inside a TOC entry); past this depth they are counted,
 * not kept, so a hostile file cannot grow the stack. */
#define DHR_MAX_FIELDS 32

typedef struct dhr_field {
    bool instr; /* still reading its instruction */
    bool toc;
    char code[16]; /* the instruction's start: enough for its type */
    size_t code_len;
} dhr_field;

typedef struct dhr_fields {
    dhr_field v[DHR_MAX_FIELDS];
    int n, overflow, instr_open;
} dhr_fields;

/* A field begins; INSTR: its instruction follows as text (fldChar begin),
 * else CODE is the whole instruction (fldSimple, whose TOC is known at once). */
void dhr_fields_begin(dhr_fields *fs, bool instr, const char *code, size_t len);
/* Instruction text read inside the innermost field. */
void dhr_fields_instr_text(dhr_fields *fs, const char *s, size_t len);
/* fldChar separate: the instruction is complete. Returns true when the field
 * turned out to be a TOC. */
bool dhr_fields_separate(dhr_fields *fs);
/* fldChar end (or the end of a fldSimple). Returns true when it was a TOC. */
bool dhr_fields_end(dhr_fields *fs);
/* Displayed text: no instruction is being read. */
bool dhr_fields_displaying(const dhr_fields *fs);
bool dhr_fields_in_toc(const dhr_fields *fs);

/* Markup compatibility: whether every namespace prefix of an mc:Choice's
 * Requires (LEN bytes) is one dhrlint reads. The first such choice is read,
 * else the mc:Fallback, never both (they hold the same text). */
bool dhr_mce_understood(const char *requires, size_t len);

#endif
