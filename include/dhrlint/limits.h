/* Hard limits on what dhrlint will read from a file.
 *
 * A DHR report is a few hundred pages at the very most; its main XML part is a
 * few megabytes. Every number here is far above that and far below what would
 * let a hostile file exhaust memory or time. A file that crosses any of them is
 * refused with exit status 2 and a message that names the limit. */
#ifndef DHRLINT_LIMITS_H
#define DHRLINT_LIMITS_H

/* Size of the input file itself. */
#define DHR_MAX_INPUT_BYTES (512u * 1024 * 1024)

/* Entries in a zip package. Word's own packages have a few dozen. */
#define DHR_MAX_ZIP_ENTRIES 10000

/* Inflated bytes of one package part, whatever size the zip declares. */
#define DHR_MAX_PART_BYTES (128u * 1024 * 1024)

/* Inflated bytes read from all parts of one package together. */
#define DHR_MAX_TOTAL_INFLATED (384u * 1024 * 1024)

/* Small parts read whole into memory (relationships, content types,
 * manifest, properties, styles). */
#define DHR_MAX_SMALL_PART_BYTES (32u * 1024 * 1024)

/* Element nesting depth in any XML part. libxml2 refuses 256 on its own. */
#define DHR_MAX_XML_DEPTH 250

/* Tables nested in tables, and paragraphs nested in paragraphs (text boxes,
 * notes and comments inside a paragraph). */
#define DHR_MAX_TABLE_DEPTH 32
#define DHR_MAX_PARAGRAPH_NESTING 16

/* Paragraphs of all parts together. */
#define DHR_MAX_PARAGRAPHS 400000

/* Text of one paragraph, and text of the whole document, in bytes of UTF-8. */
#define DHR_MAX_PARAGRAPH_BYTES (8u * 1024 * 1024)
#define DHR_MAX_TEXT_BYTES (32u * 1024 * 1024)

/* Styles in a styles part, and the longest basedOn / parent-style chain. */
#define DHR_MAX_STYLES 20000
#define DHR_MAX_STYLE_CHAIN 32

#endif
