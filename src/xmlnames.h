/* Element local names the readers act on, and the namespaces they live in.
 * Names are matched by (namespace, local name), never by prefix, because
 * producers choose their own prefixes ("w:", "ns0:", none). */
#ifndef DHR_XMLNAMES_H
#define DHR_XMLNAMES_H

typedef enum dhr_ns {
    NS_OTHER = 0,
    NS_W,        /* WordprocessingML, transitional or strict */
    NS_R,        /* officeDocument relationships (r:id) */
    NS_WP,       /* DrawingML in Word */
    NS_MC,       /* markup compatibility */
    NS_V,        /* VML */
    NS_PKGREL,   /* package relationships (.rels) */
    NS_CT,       /* [Content_Types].xml */
    NS_CP,       /* core properties */
    NS_DC,
    NS_DCTERMS,
    NS_EXTPROPS, /* docProps/app.xml */
    NS_CUSTPROPS,
    NS_VT,
    NS_M,        /* Office math */
    NS_A,        /* DrawingML text (charts, SmartArt) */
    NS_DGM,      /* DrawingML diagrams (SmartArt) */
    NS_C,        /* DrawingML charts */
    NS_OFFICE,   /* ODF */
    NS_TEXT,
    NS_TABLE,
    NS_STYLE,
    NS_FO,
    NS_DRAW,
    NS_SVG,
    NS_META,
    NS_MANIFEST,
    NS_XLINK,
    NS_COUNT
} dhr_ns;

/* X(identifier, "local-name"), in any order: they are sorted at start-up. */
#define DHR_XML_NAMES(X)                                                                         \
    X(AlternateContent, "AlternateContent")                                                      \
    X(Company, "Company")                                                                        \
    X(Default, "Default")                                                                        \
    X(Fallback, "Fallback")                                                                      \
    X(Manager, "Manager")                                                                        \
    X(OLEObject, "OLEObject")                                                                    \
    X(Override, "Override")                                                                      \
    X(Relationship, "Relationship")                                                              \
    X(Template, "Template")                                                                      \
    X(a, "a")                                                                                    \
    X(altChunk, "altChunk")                                                                      \
    X(annotation, "annotation")                                                                  \
    X(automatic_styles, "automatic-styles")                                                      \
    X(b, "b")                                                                                    \
    X(basedOn, "basedOn")                                                                        \
    X(body, "body")                                                                              \
    X(br, "br")                                                                                  \
    X(category, "category")                                                                      \
    X(change, "change")                                                                          \
    X(change_end, "change-end")                                                                  \
    X(change_info, "change-info")                                                                \
    X(change_start, "change-start")                                                              \
    X(changed_region, "changed-region")                                                          \
    X(comment, "comment")                                                                        \
    X(commentRangeStart, "commentRangeStart")                                                    \
    X(commentReference, "commentReference")                                                      \
    X(contentStatus, "contentStatus")                                                            \
    X(covered_table_cell, "covered-table-cell")                                                  \
    X(cr, "cr")                                                                                  \
    X(created, "created")                                                                        \
    X(creation_date, "creation-date")                                                            \
    X(creator, "creator")                                                                        \
    X(custom_shape, "custom-shape")                                                                        \
    X(date, "date")                                                                              \
    X(del, "del")                                                                                \
    X(delInstrText, "delInstrText")                                                              \
    X(delText, "delText")                                                                        \
    X(deletion, "deletion")                                                                      \
    X(desc, "desc")                                                                              \
    X(description, "description")                                                                \
    X(docDefaults, "docDefaults")                                                                \
    X(docPartGallery, "docPartGallery")                                                          \
    X(docPr, "docPr")                                                                            \
    X(document, "document")                                                                      \
    X(encryption_data, "encryption-data")                                                        \
    X(endnote, "endnote")                                                                        \
    X(endnoteReference, "endnoteReference")                                                      \
    X(file_entry, "file-entry")                                                                  \
    X(fldChar, "fldChar")                                                                        \
    X(fldSimple, "fldSimple")                                                                    \
    X(footer, "footer")                                                                          \
    X(footer_first, "footer-first")                                                              \
    X(footer_left, "footer-left")                                                                \
    X(footerReference, "footerReference")                                                        \
    X(footnote, "footnote")                                                                      \
    X(footnoteReference, "footnoteReference")                                                    \
    X(format_change, "format-change")                                                            \
    X(frame, "frame")                                                                            \
    X(gridBefore, "gridBefore")                                                                  \
    X(gridSpan, "gridSpan")                                                                      \
    X(h, "h")                                                                                    \
    X(header, "header")                                                                          \
    X(header_first, "header-first")                                                              \
    X(header_left, "header-left")                                                                \
    X(headerReference, "headerReference")                                                        \
    X(hidden_paragraph, "hidden-paragraph")                                                      \
    X(hidden_text, "hidden-text")                                                                \
    X(ilvl, "ilvl")                                                                              \
    X(index_body, "index-body")                                                                  \
    X(index_title, "index-title")                                                                \
    X(initial_creator, "initial-creator")                                                        \
    X(ins, "ins")                                                                                \
    X(insertion, "insertion")                                                                    \
    X(instrText, "instrText")                                                                    \
    X(keyword, "keyword")                                                                        \
    X(keywords, "keywords")                                                                      \
    X(lastModifiedBy, "lastModifiedBy")                                                          \
    X(line_break, "line-break")                                                                  \
    X(list, "list")                                                                              \
    X(list_header, "list-header")                                                                \
    X(list_item, "list-item")                                                                    \
    X(master_styles, "master-styles")                                                            \
    X(meta, "meta")                                                                              \
    X(modified, "modified")                                                                      \
    X(moveFrom, "moveFrom")                                                                      \
    X(moveTo, "moveTo")                                                                          \
    X(name, "name")                                                                              \
    X(noBreakHyphen, "noBreakHyphen")                                                            \
    X(note, "note")                                                                              \
    X(note_body, "note-body")                                                                    \
    X(note_citation, "note-citation")                                                            \
    X(numId, "numId")                                                                            \
    X(numPr, "numPr")                                                                            \
    X(numberingChange, "numberingChange")                                                        \
    X(object, "object")                                                                          \
    X(object_ole, "object-ole")                                                                  \
    X(outlineLvl, "outlineLvl")                                                                  \
    X(p, "p")                                                                                    \
    X(pPr, "pPr")                                                                                \
    X(pPrChange, "pPrChange")                                                                    \
    X(pStyle, "pStyle")                                                                          \
    X(printed_by, "printed-by")                                                                  \
    X(property, "property")                                                                      \
    X(ptab, "ptab")                                                                              \
    X(r, "r")                                                                                    \
    X(rPr, "rPr")                                                                                \
    X(rPrChange, "rPrChange")                                                                    \
    X(rPrDefault, "rPrDefault")                                                                  \
    X(rStyle, "rStyle")                                                                          \
    X(rt, "rt")                                                                                  \
    X(ruby_text, "ruby-text")                                                                    \
    X(s, "s")                                                                                    \
    X(sdt, "sdt")                                                                                \
    X(sdtContent, "sdtContent")                                                                  \
    X(sdtPr, "sdtPr")                                                                            \
    X(section, "section")                                                                        \
    X(sectPr, "sectPr")                                                                          \
    X(sectPrChange, "sectPrChange")                                                              \
    X(shape, "shape")                                                                            \
    X(softHyphen, "softHyphen")                                                                  \
    X(span, "span")                                                                              \
    X(style, "style")                                                                            \
    X(styles, "styles")                                                                          \
    X(subject, "subject")                                                                        \
    X(sym, "sym")                                                                                \
    X(t, "t")                                                                                    \
    X(tab, "tab")                                                                                \
    X(table, "table")                                                                            \
    X(table_cell, "table-cell")                                                                  \
    X(table_of_content, "table-of-content")                                                      \
    X(table_of_content_source, "table-of-content-source")                                        \
    X(table_row, "table-row")                                                                    \
    X(tbl, "tbl")                                                                                \
    X(tblGridChange, "tblGridChange")                                                            \
    X(tblPrChange, "tblPrChange")                                                                \
    X(tc, "tc")                                                                                  \
    X(tcPr, "tcPr")                                                                              \
    X(tcPrChange, "tcPrChange")                                                                  \
    X(text, "text")                                                                              \
    X(text_box, "text-box")                                                                      \
    X(text_properties, "text-properties")                                                        \
    X(title, "title")                                                                            \
    X(tr, "tr")                                                                                  \
    X(trPr, "trPr")                                                                              \
    X(trPrChange, "trPrChange")                                                                  \
    X(tracked_changes, "tracked-changes")                                                        \
    X(txbxContent, "txbxContent")                                                                \
    X(user_defined, "user-defined")                                                              \
    X(vMerge, "vMerge")                                                                          \
    X(Choice, "Choice")                                                                      \
    X(abstractNum, "abstractNum")                                                                      \
    X(abstractNumId, "abstractNumId")                                                                      \
    X(framePr, "framePr")                                                                      \
    X(isLgl, "isLgl")                                                                      \
    X(lvl, "lvl")                                                                      \
    X(lvlOverride, "lvlOverride")                                                                      \
    X(lvlText, "lvlText")                                                                      \
    X(num, "num")                                                                      \
    X(numFmt, "numFmt")                                                                      \
    X(rFonts, "rFonts")                                                                      \
    X(start, "start")                                                                      \
    X(startOverride, "startOverride")                                                                      \
    X(relIds, "relIds")                                                                                  \
    X(chart, "chart")                                                                                  \
    X(v, "v")                                                                                  \
    X(vanish, "vanish")

typedef enum dhr_name {
    N_UNKNOWN = 0,
#define DHR_NAME_ENUM(id, str) N_##id,
    DHR_XML_NAMES(DHR_NAME_ENUM)
#undef DHR_NAME_ENUM
        N_COUNT
} dhr_name;

#endif
