/* Reading a file into the document model. */
#ifndef DHRLINT_READER_H
#define DHRLINT_READER_H

#include "dhrlint/document.h"

/* Why a file could not be read. Every one of these is exit status 2. */
typedef enum dhr_read_status {
    DHR_READ_OK = 0,
    DHR_READ_IO,            /* cannot open or read the file */
    DHR_READ_EMPTY,
    DHR_READ_DIRECTORY,
    DHR_READ_NOT_ZIP,       /* not a package at all */
    DHR_READ_DAMAGED_ZIP,   /* truncated or corrupt package */
    DHR_READ_LEGACY_DOC,    /* Word 97-2003 binary */
    DHR_READ_ENCRYPTED,
    DHR_READ_PDF,
    DHR_READ_OTHER_FORMAT,  /* RTF, a spreadsheet, Word 2003 XML... */
    DHR_READ_LIMIT,         /* a limit of limits.h was crossed */
    DHR_READ_ZIP_BOMB,
    DHR_READ_ENTITIES,      /* an XML part declares entities */
    DHR_READ_NO_MAIN_PART,
    DHR_READ_BAD_UTF8,
    DHR_READ_BAD_XML,
    DHR_READ_NESTING,
    DHR_READ_NO_MEMORY,
} dhr_read_status;

typedef struct dhr_read_error {
    dhr_read_status status;
    /* One line: what is wrong and what to do, without the file name. */
    char message[400];
} dhr_read_error;

/* Reads PATH (DOCX, DOCM, DOTX, ODT, OTT or flat FODT, told apart by content,
 * not by name). On success returns a document to free with
 * dhr_document_free(); on failure returns NULL and fills ERR. */
dhr_document *dhr_read_file(const char *path, dhr_read_error *err);

#endif
