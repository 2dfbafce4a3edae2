#!/usr/bin/env python3
"""Expected paragraph text for the third-party DOCX/ODT corpus.

The corpus (default ../shared/corpus beside the repository, override with
DHRLINT_CORPUS) is read
in place; see its MANIFEST.md.  Each ``source_*`` function below yields

    (document path relative to the corpus root, [Expect, ...], source name)

An ``Expect`` is a ``str`` (the expected text, whitespace already normalised)
with a ``mode`` attribute saying how the peer means it:

  para      the text is one whole paragraph (the default)
  line      one line of a peer that prints paragraphs *and* line breaks as
            "\\n" (POI, textract, pandoc code blocks): it matches a whole
            paragraph or one \\n-separated line of a paragraph
  block     a markdown block (docling): a whole paragraph or a part of one
            between two consecutive line breaks (markdown cannot keep a
            blank line inside a paragraph)
  cell      a table cell's text: matches a paragraph or a whole cell's
            paragraphs joined with spaces
  contains  the peer only asserts that the text occurs somewhere in the
            extracted text (curator "contains" rows, PO msgids)
  contains-ci   the same, case-insensitive (POI "..._lowercase" rows)
  squashed  textract's "all whitespace removed" comparison

``peer_assertions()`` yields the peers' other portable assertions (text that
must NOT appear, occurrence counts, paragraph counts, "must not fail") as
(path, kind, value, source, description); they are not agreement paragraphs.

Run this file directly to print the counts per source.
"""

import csv
import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

# shared/ sits beside the repository (the project's layout, and CI's).
REPO = Path(__file__).resolve().parent.parent.parent
CORPUS = Path(os.environ.get("DHRLINT_CORPUS", str(REPO.parent / "shared" / "corpus")))

csv.field_size_limit(1 << 30)

# ---------------------------------------------------------------------------
# helpers


def norm(text):
    """Unicode NFC (canonically equivalent text is the same text, e.g. OHM
    SIGN and GREEK CAPITAL OMEGA), then collapse every run of whitespace
    (tabs, newlines, NBSP, other Unicode spaces) to one space and strip."""
    return " ".join(unicodedata.normalize("NFC", text).split())


class Expect(str):
    """Expected text (normalised) plus how to match it (see module doc)."""

    mode = "para"

    def __new__(cls, text, mode="para"):
        self = super().__new__(cls, norm(text))
        self.mode = mode
        return self


def para(text):
    return Expect(text, "para")


def line(text):
    return Expect(text, "line")


def contains(text):
    return Expect(text, "contains")


def contains_ci(text):
    return Expect(text, "contains-ci")


def finish(items):
    """Drop empty expectations and duplicates (same text and mode), keeping
    order.  Duplicates carry no extra information for a "found anywhere"
    check (e.g. docling repeats the text of merged table cells)."""
    seen = set()
    out = []
    for e in items:
        key = (e.mode if e.mode in ("contains", "contains-ci", "squashed") else "para", str(e))
        if not e or key in seen:
            continue
        seen.add(key)
        out.append(e)
    return out


def read_tsv(relpath):
    """Curator TSVs: plain TAB-separated, no CSV quoting (see MANIFEST)."""
    with open(CORPUS / relpath, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    header = rows[0]
    return [dict(zip(header, r + [""] * (len(header) - len(r)))) for r in rows[1:] if any(r)]


def is_portable(row):
    """Curator rows whose 'portable' column starts with 'yes'."""
    return row.get("portable_to_other_extractors", "").strip().startswith("yes")


# ---------------------------------------------------------------------------
# pandoc native AST (Haskell `show` syntax) -> paragraphs
#
# pandoc 2.17 cannot read the newer natives (Figure blocks), so the AST is
# parsed here.  Values: Con(name, args) | list | Tup | str | number.


class Con:
    __slots__ = ("name", "args")

    def __init__(self, name, args):
        self.name, self.args = name, args

    def __repr__(self):
        return "Con(%r, %r)" % (self.name, self.args)


class Tup(tuple):
    pass


_HS_ASCII = {
    "NUL": 0, "SOH": 1, "STX": 2, "ETX": 3, "EOT": 4, "ENQ": 5, "ACK": 6, "BEL": 7,
    "BS": 8, "HT": 9, "LF": 10, "VT": 11, "FF": 12, "CR": 13, "SO": 14, "SI": 15,
    "DLE": 16, "DC1": 17, "DC2": 18, "DC3": 19, "DC4": 20, "NAK": 21, "SYN": 22,
    "ETB": 23, "CAN": 24, "EM": 25, "SUB": 26, "ESC": 27, "FS": 28, "GS": 29,
    "RS": 30, "US": 31, "SP": 32, "DEL": 127,
}
_HS_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f",
              "v": "\v", "\\": "\\", '"': '"', "'": "'"}


def _hs_string(s, i):
    """Parse a Haskell string literal starting at s[i] == '"'.
    Returns (text, index after the closing quote)."""
    out = []
    i += 1
    while True:
        c = s[i]
        if c == '"':
            return "".join(out), i + 1
        if c != "\\":
            out.append(c)
            i += 1
            continue
        i += 1
        c = s[i]
        if c in _HS_SIMPLE:
            out.append(_HS_SIMPLE[c])
            i += 1
        elif c == "&":  # empty separator, e.g. "\1234\&5"
            i += 1
        elif c.isdigit():
            m = re.compile(r"\d+").match(s, i)
            out.append(chr(int(m.group())))
            i = m.end()
        elif c == "x":
            m = re.compile(r"[0-9a-fA-F]+").match(s, i + 1)
            out.append(chr(int(m.group(), 16)))
            i = m.end()
        elif c == "o":
            m = re.compile(r"[0-7]+").match(s, i + 1)
            out.append(chr(int(m.group(), 8)))
            i = m.end()
        elif c == "^":
            out.append(chr(ord(s[i + 1]) - 64))
            i += 2
        elif c.isspace():  # string gap "\   \"
            i = s.index("\\", i) + 1
        else:
            for name in sorted(_HS_ASCII, key=len, reverse=True):
                if s.startswith(name, i):
                    out.append(chr(_HS_ASCII[name]))
                    i += len(name)
                    break
            else:
                raise ValueError("bad escape \\%s at %d" % (c, i))


_TOKEN = re.compile(r"\s*(?:(?P<punct>[\[\](){},=])|(?P<num>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)"
                    r"|(?P<ident>[A-Za-z_][A-Za-z0-9_'.]*)|(?P<str>\"))")


def _tokens(s):
    i, n = 0, len(s)
    while True:
        m = _TOKEN.match(s, i)
        if not m:
            if s[i:].strip():
                raise ValueError("cannot tokenise native at %d: %r" % (i, s[i:i + 40]))
            return
        if m.group("str"):
            text, i = _hs_string(s, m.start("str"))
            yield ("str", text)
            continue
        i = m.end()
        if m.group("punct"):
            yield ("p", m.group("punct"))
        elif m.group("num"):
            yield ("num", float(m.group("num")))
        else:
            yield ("id", m.group("ident"))


def parse_native(text):
    toks = list(_tokens(text))
    pos = 0

    def peek():
        return toks[pos] if pos < len(toks) else ("eof", None)

    def atom():
        nonlocal pos
        kind, val = toks[pos]
        pos += 1
        if kind in ("str", "num"):
            return val
        if kind == "id":
            return Con(val, [])
        if val == "[":
            return seq("]")
        if val == "(":
            items = seq(")")
            return items[0] if len(items) == 1 else Tup(items)
        if val == "{":  # record: {field = value, ...} -> list of values
            fields = []
            while peek() != ("p", "}"):
                pos += 2  # field name and '='
                fields.append(value())
                if peek() == ("p", ","):
                    pos += 1
            pos += 1
            return fields
        raise ValueError("unexpected %r in native" % (val,))

    def value():
        v = atom()
        if isinstance(v, Con):
            while peek()[0] in ("str", "num", "id") or peek()[1] in ("[", "(", "{"):
                v.args.append(atom())
        return v

    def seq(close):
        nonlocal pos
        items = []
        while peek() != ("p", close):
            items.append(value())
            if peek() == ("p", ","):
                pos += 1
        pos += 1
        return items

    v = value()
    return v


QUOTES = {"SingleQuote": ("\u2018", "\u2019"), "DoubleQuote": ("\u201c", "\u201d")}


def _inline_text(inlines, extra):
    """Text of a list of inlines.  Footnote/endnote bodies (Note) and image
    alt text (Image) are not part of the paragraph's text: their blocks are
    appended to `extra` and become separate expected paragraphs."""
    out = []
    for x in inlines:
        if not isinstance(x, Con):
            continue
        n, a = x.name, x.args
        if n == "Str":
            out.append(a[0])
        elif n in ("Space", "SoftBreak"):
            out.append(" ")
        elif n == "LineBreak":
            out.append("\n")
        elif n == "Code":
            out.append(a[-1])
        elif n == "Math":
            # The peer's TeX rendering of an equation (OMML): no reader of the
            # document's text produces it, so such a paragraph is not compared.
            extra.append(("equation", None))
            out.append(a[-1])
        elif n == "RawInline":  # format-specific passthrough, not document text
            pass
        elif n == "Note":
            extra.append(("blocks", a[0]))
        elif n == "Image":
            extra.append(("inlines", a[1]))
        elif n == "Quoted":
            q1, q2 = QUOTES.get(a[0].name, ('"', '"'))
            out.append(q1 + _inline_text(a[1], extra) + q2)
        elif n == "Cite":
            out.append(_inline_text(a[1], extra))
        else:  # Emph, Strong, Span, Link, Underline, Strikeout, SmallCaps...
            for arg in a:
                if isinstance(arg, list):
                    out.append(_inline_text(arg, extra))
    return "".join(out)


def native_paragraphs(ast):
    """Expected paragraphs of a pandoc AST: every Para/Plain/Header (also
    inside tables, lists, quotes, Divs, figures and captions), definition-list
    terms, one paragraph per CodeBlock line, each Note paragraph and image alt
    text separately.  Metadata (Meta) is skipped.  Blocks inside a table Cell
    get mode 'cell': a peer may give a whole cell as one block (docling's
    compact tables join a cell's paragraphs), so they also match the joined
    text of one table cell."""
    paras = []

    def emit(inlines, mode):
        extra = []
        text = _inline_text(inlines, extra)
        if any(kind == "equation" for kind, _ in extra):
            mode = "equation"
        paras.append(Expect(text, mode))
        for kind, payload in extra:
            if kind == "equation":
                continue
            if kind == "blocks":
                walk(payload, "para")
            else:
                emit(payload, "para")

    def walk(v, mode):
        if isinstance(v, (list, Tup)):
            for x in v:
                walk(x, mode)
            return
        if not isinstance(v, Con):
            return
        n, a = v.name, v.args
        if n in ("Para", "Plain"):
            emit(a[0], mode)
        elif n == "Header":
            emit(a[2], mode)
        elif n == "CodeBlock":  # lines are paragraphs or line breaks
            paras.extend(Expect(ln, "line") for ln in a[1].split("\n"))
        elif n == "LineBlock":
            for inl in a[0]:
                emit(inl, mode)
        elif n == "DefinitionList":
            for term, definitions in a[0]:
                emit(term, mode)
                walk(definitions, mode)
        elif n in ("RawBlock", "Meta", "HorizontalRule"):
            pass
        elif n == "Pandoc":
            walk(a[1], mode)
        elif n == "Cell":
            walk(a, "cell")
        else:  # BlockQuote, lists, Table (caption, head, bodies), Div, Figure
            for arg in a:
                walk(arg, mode)

    walk(ast, "para")
    return paras


def pandoc_to_native(path, fmt):
    """Let pandoc 2.17 read an expected-output file in another format (HTML,
    markdown) and return its AST parsed by parse_native()."""
    out = subprocess.run(["pandoc", "-f", fmt, "-t", "native", str(path)],
                         check=True, capture_output=True, text=True).stdout
    return parse_native(out)


# ---------------------------------------------------------------------------
# one function per source


def source_pandoc():
    """pandoc reader tests.  Only the comparisons with the default options
    (which accept tracked changes) or explicit track-changes=accept; the
    reject/all, +citations, +styles and standalone (metadata) variants and
    orphaned natives are skipped.  Plus pandoc's command tests."""
    pairs = []
    for r in read_tsv("pandoc/docx_reader_tests.tsv"):
        opts = r["reader_options"]
        if r["expected_native"] == "-":
            continue
        if opts.startswith("default (docx default extensions)") or opts.startswith("track-changes=accept"):
            pairs.append((r["docx"], r["expected_native"], "native"))
    for r in read_tsv("pandoc/odt_reader_tests.tsv"):
        if r["status"].startswith("active") and r["expected"] != "-":
            pairs.append((r["odt"], r["expected"], r["expected_format"]))
    seen = set()
    for doc, exp, fmt in pairs:
        if (doc, exp) in seen:
            continue
        seen.add((doc, exp))
        path = CORPUS / "pandoc" / exp
        if fmt == "native":
            ast = parse_native(path.read_text(encoding="utf-8"))
        else:  # pandoc markdown, read with pandoc's default (all) extensions
            ast = pandoc_to_native(path, "markdown")
        yield "pandoc/" + doc, finish(native_paragraphs(ast)), "pandoc"
    yield from _pandoc_command_tests()


def _pandoc_command_tests():
    """test/command/N.md: '% pandoc command/N.docx [-t FMT]', '^D', output.
    The output is read back with pandoc (HTML, native) or split into
    blank-line separated blocks (plain)."""
    for md in sorted((CORPUS / "pandoc/command").glob("*.md")):
        text = md.read_text(encoding="utf-8")
        m = re.search(r"^```\n% pandoc (.*)\n\^D\n(.*?)^```", text, re.S | re.M)
        if not m:
            continue
        cmd, output = m.group(1).split(), m.group(2)
        fmt = cmd[cmd.index("-t") + 1] if "-t" in cmd else "html"
        doc = "pandoc/" + next(a for a in cmd if a.endswith(".docx"))
        if fmt == "plain":
            paras = re.split(r"\n\s*\n", output)
        elif fmt == "native":
            paras = native_paragraphs(parse_native(output))
        else:
            r = subprocess.run(["pandoc", "-f", fmt, "-t", "native"], input=output,
                               check=True, capture_output=True, text=True)
            paras = native_paragraphs(parse_native(r.stdout))
        yield doc, finish(p if isinstance(p, Expect) else para(p) for p in paras), "pandoc"


def source_docling():
    """docling markdown groundtruth (export_to_markdown, compact tables),
    read with pandoc as GitHub markdown + $...$ maths.  Markdown markup, list
    markers and the '<!-- image -->' placeholders (raw HTML) are docling
    artefacts and disappear in the AST; maths stays as docling's LaTeX.
    A compact-table cell holds all of a cell's paragraphs, with docling's
    markdown bullets ("- item") for list paragraphs: those "- " markers are
    removed (numbers of numbered lists are kept: they may be typed text),
    and its task markers "[x] "/"[ ] " become the glyphs pandoc gives
    block-level task items (the documents use the same glyphs)."""
    for gt in sorted(CORPUS.glob("docling/*/groundtruth/*.md")):
        doc = gt.parent.parent / "sources" / gt.name[:-3]
        if not doc.exists():
            continue
        ast = pandoc_to_native(gt, "gfm+tex_math_dollars")
        items = []
        for e in native_paragraphs(ast):
            if e.mode == "cell":
                e = re.sub(r"(^| )- ", r"\1", e)
                # checkbox items inside cells stay "[x] "/"[ ] " markdown;
                # render them as pandoc renders block-level task items
                e = Expect(e.replace("[x] ", "\u2612 ").replace("[ ] ", "\u2610 "), "cell")
            elif e.mode == "para":
                e = Expect(e, "block")
            elif e.mode == "equation":
                pass
            items.append(e)
        yield (str(doc.relative_to(CORPUS)), finish(items), "docling")


def source_textract():
    """textract: raw_text.txt / paragraphs_and_tables.txt are the exact
    extractor output, one paragraph per line (docx2txt also turns w:br into
    a newline, hence 'line' mode).  standardized_text.* only asserts the text
    with all whitespace removed.  doc/standardized_text_1.odt is not used by
    textract's tests."""
    for sub in ("docx", "odt"):
        for txt in sorted((CORPUS / "textract" / sub).glob("*.txt")):
            doc = txt.with_suffix("." + sub)
            lines = txt.read_text(encoding="utf-8").split("\n")
            yield str(doc.relative_to(CORPUS)), finish(line(l) for l in lines), "textract"
        yield ("textract/%s/standardized_text.%s" % (sub, sub),
               [Expect("thequickbrownfoxjumpsoverthelazydog", "squashed")], "textract")


_MAMMOTH_LABEL = re.compile(r"^(?:footnote|endnote|comment) \d+(?: \(initials \w+\))?: ")


def source_mammoth():
    """mammoth: the curator's paragraph_text column ('\\n' = paragraph break,
    ' | ' separates body from notes/comments).  The 'footnote N: ' /
    'comment N (initials X): ' labels and '(link to URL)' annotations are
    curator markup, not document text, and are removed."""
    for r in read_tsv("mammoth/expected.tsv"):
        text = next(v for k, v in r.items() if k.startswith("paragraph_text"))
        if not text:
            continue
        paras = []
        for chunk in text.split(" | "):
            chunk = _MAMMOTH_LABEL.sub("", chunk)
            chunk = re.sub(r" \(link to [^)]*\)$", "", chunk)
            paras.extend(chunk.split("\\n"))
        yield "mammoth/" + r["file"], finish(para(p) for p in paras), "mammoth"


def source_apache_poi():
    """Apache POI (TestXWPFWordExtractor/TestXWPFBugs), portable rows only.
    POI prints each paragraph (and each w:br) followed by '\\n'.  equals:
    every line; starts_with: every line, the last one may be cut (contains);
    ends_with: likewise the first one; contains*: containment."""
    yield from _poi_tika_rows("apache-poi/expected_text.tsv", "apache-poi/", "apache-poi")


def source_apache_tika():
    """Apache Tika (OOXMLDocxSAXTest, ODFParserTest), portable rows only.
    Tika's 'metadata' rows become expected document-property paragraphs
    (title, creator, description, subject, keywords, user-defined fields);
    dates, counts, generator and versions are not document text."""
    yield from _poi_tika_rows("apache-tika/expected_text.tsv", "apache-tika/", "apache-tika")


_TEXT_METADATA = {"title", "subject", "creator", "lastModifiedBy", "description",
                  "keywords", "subject/keywords"}


def _poi_tika_rows(tsv, prefix, source):
    per_doc = {}
    for r in read_tsv(tsv):
        if not is_portable(r):
            continue
        check = r["check"]
        value = json.loads(r["value_json"]) if r["value_json"] else None
        out = per_doc.setdefault(r["file"], [])
        if check == "equals":
            out.extend(line(l) for l in value.split("\n"))
        elif check == "starts_with":
            lines = value.split("\n")
            out.extend(line(l) for l in lines[:-1])
            out.append(contains(lines[-1]))
        elif check == "ends_with":
            lines = value.split("\n")
            out.append(contains(lines[0]))
            out.extend(line(l) for l in lines[1:])
        elif check in ("contains", "contains_ws_normalized"):
            out.append(contains(value))
        elif check == "contains_each":
            out.extend(contains(v) for v in value)
        elif check == "contains_lowercase_each":
            out.extend(contains_ci(v) for v in value)
        elif check == "metadata":
            out.extend(para(v) for k, v in value.items()
                       if k in _TEXT_METADATA or k.startswith("user-defined "))
        # count, not_contains, *_count, no_error, non_empty: peer_assertions();
        # encrypted/error: robustness checks in corpus_test.py;
        # flags, external_refs: not text.
    for f, items in per_doc.items():
        items = finish(items)
        if items:
            yield prefix + f, items, source


_D2P_LABEL = re.compile(r"^\t*(?:--|\d+\)|[a-z]\))\t")


def source_docx2python():
    """docx2python, portable rows.  Its list labels ('--\\t' fallback bullets,
    '1)\\t') and the leading tabs it uses for list indentation are
    docx2python renderings, not document text, and are stripped.  Comments:
    the comment text is a paragraph; the anchored (commented) text is only
    known to occur in the document."""
    per_doc = {}
    for r in read_tsv("docx2python/expected.tsv"):
        if "yes" not in r["portable_to_other_extractors"]:
            continue
        check = r["check"]
        value = json.loads(r["value_json"]) if r["value_json"] else None
        out = per_doc.setdefault("docx2python/" + r["file"], [])
        if check == "paragraphs":
            out.extend(para(v) for v in value)
        elif check in ("body_json", "table_grid_json"):
            out.extend(para(_D2P_LABEL.sub("", v)) for v in _flatten(value))
        elif check == "text_docx2python":
            out.extend(para(_D2P_LABEL.sub("", v)) for v in value.split("\n\n"))
        elif check == "text_starts_with":
            out.append(contains(value))
        elif check == "comments_json":
            for anchored, _author, _date, comment in value:
                out.append(contains(anchored))
                out.append(para(comment))
        elif check == "contains":
            out.append(contains(value))
        elif check == "contains_each":
            out.extend(contains(v) for v in value)
    for f, items in per_doc.items():
        items = finish(items)
        if items:
            yield f, items, "docx2python"


def _flatten(v):
    if isinstance(v, list):
        for x in v:
            yield from _flatten(x)
    else:
        yield v


def source_odfpy():
    """odfpy (no portable column; every text row is used).  MoinMoin
    renderings: bullets ' * ', table bars '||', bold ''' and italic '' are
    wiki markup and are removed.  body_text_concatenated joins paragraphs
    with no separator (the same file's paragraphs_json row states them),
    user-field names are declarations, not text; nasty.odt is checked by the
    XXE test point."""
    per_doc = {}
    for r in read_tsv("odfpy/expected.tsv"):
        check = r["check"]
        value = json.loads(r["value_json"])
        out = per_doc.setdefault("odfpy/" + r["file"], [])
        if check == "paragraph[0]_plain_text" or check == "paragraphs_json":
            out.extend(para(v) for v in ([value] if isinstance(value, str) else value))
        elif check == "moinmoin":
            for ln in value.split("\n"):
                ln = re.sub(r"^\s*\* ", "", ln).replace("'''", "").replace("''", "")
                out.extend(para(c) for c in ln.split("||"))
        elif check == "styles_xml_contains":
            # '<style:header><text:p ...>Header<text:tab/>': the header
            # paragraph's text starts with "Header".
            m = re.search(r"<text:p[^>]*>([^<]+)", value)
            out.append(contains(m.group(1)))
    for f, items in per_doc.items():
        items = finish(items)
        if items:
            yield f, items, "odfpy"


def source_odf_i18n():
    """odf-i18n-tests: every msgid of testDoc.po must occur in the extracted
    text (containment; includes meta.xml fields and hidden text).  Inline
    ODF markup in msgids is converted: text:s -> spaces, text:tab -> TAB,
    text:line-break -> LF, other tags dropped, then XML entities unescaped."""
    for po in sorted(CORPUS.glob("odf-i18n-tests/**/testDoc.po")):
        doc = po.with_suffix(".odt")
        msgids = [_po_markup_to_text(m) for m in _po_msgids(po)]
        items = finish(contains(m) for m in msgids)
        if items:
            yield str(doc.relative_to(CORPUS)), items, "odf-i18n-tests"


def _po_unescape(s):
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), s)


def _po_msgids(path):
    msgids, cur, state = [], None, None
    for ln in path.read_text(encoding="utf-8").split("\n"):
        ln = ln.strip()
        if ln.startswith("msgid "):
            cur, state = [ln[6:]], "id"
        elif ln.startswith('"') and state == "id":
            cur.append(ln)
        else:
            if state == "id":
                msgids.append("".join(_po_unescape(p[1:-1]) for p in cur))
            state = None
    if state == "id":
        msgids.append("".join(_po_unescape(p[1:-1]) for p in cur))
    return [m for m in msgids if m]


def _po_markup_to_text(s):
    s = re.sub(r'<text:s(?:\s+text:c="(\d+)")?\s*/>', lambda m: " " * int(m.group(1) or 1), s)
    s = re.sub(r"<text:tab\b[^>]*/>", "\t", s)
    s = re.sub(r"<text:line-break\s*/>", "\n", s)
    s = re.sub(r"<[^>]+>", "", s)
    return (s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


SOURCES = {
    "pandoc": source_pandoc,
    "docling": source_docling,
    "textract": source_textract,
    "mammoth": source_mammoth,
    "apache-poi": source_apache_poi,
    "apache-tika": source_apache_tika,
    "docx2python": source_docx2python,
    "odfpy": source_odfpy,
    "odf-i18n-tests": source_odf_i18n,
}


def expected(only=None):
    """All (path, [Expect], source) triples, optionally for one source."""
    for name, fn in SOURCES.items():
        if only and name != only:
            continue
        yield from fn()


# ---------------------------------------------------------------------------
# other portable peer assertions (not counted in the agreement)


def peer_assertions(only=None):
    """(path, kind, value, source, description).  kinds:
    absent      text (normalised) must not occur in the non-deleted text
    count       {text: n}: text occurs exactly n times in the non-deleted text
    body_paragraphs  number of top-level body paragraphs (not in tables)
    no_error    the document must be read (exit 0)
    non_empty   the document must yield some text"""
    for tsv, prefix, source in (("apache-poi/expected_text.tsv", "apache-poi/", "apache-poi"),
                                ("apache-tika/expected_text.tsv", "apache-tika/", "apache-tika"),
                                ("docx2python/expected.tsv", "docx2python/", "docx2python")):
        if only and only != source:
            continue
        for r in read_tsv(tsv):
            if not r["portable_to_other_extractors"].startswith("yes"):
                continue
            check, value = r["check"], json.loads(r["value_json"]) if r["value_json"] else None
            path = prefix + r["file"]
            if check == "not_contains":  # keep edge spaces: "ita " != "ita"
                yield path, "absent", re.sub(r"\s+", " ", value), source, r["notes"]
            elif check == "count":
                yield path, "count", {norm(k): v for k, v in value.items()}, source, r["notes"]
            elif check == "body_paragraph_count":
                yield path, "body_paragraphs", value, source, r["notes"]
            elif check in ("no_error", "non_empty"):
                yield path, check, None, source, r["notes"]


def main():
    args = [a for a in sys.argv[1:] if a != "-v"]
    verbose = "-v" in sys.argv
    counts = {}
    for path, items, source in expected(args[0] if args else None):
        if not (CORPUS / path).exists():
            print("MISSING DOCUMENT", path, file=sys.stderr)
        d, n = counts.get(source, (0, 0))
        counts[source] = (d + 1, n + len(items))
        if verbose:
            print("##", source, path)
            for e in items:
                print("   [%s] %s" % (e.mode, e[:150]))
    total = (0, 0)
    for s, (d, n) in counts.items():
        print("%-16s %4d documents %6d expected paragraphs" % (s, d, n))
        total = (total[0] + d, total[1] + n)
    print("%-16s %4d documents %6d expected paragraphs" % ("TOTAL", *total))
    print("peer assertions:", sum(1 for _ in peer_assertions(args[0] if args else None)))


if __name__ == "__main__":
    main()
