#!/usr/bin/env python3
"""`dhrlint annotate`: a copy of a DOCX report with a Word comment on each
finding (TAP).

    tests/annotate/annotate_test.py BINARY    (run from the project root)

For each report (bundled fixtures with many findings, existing comments,
tracked changes, footnotes, text boxes, a LibreOffice-saved report with
fields and a contents page, and DOCX packages written here with the
structures that make finding a paragraph and an offset hard):

  (1) every zip entry other than the main document part, the comments part,
      the document's relationships and [Content_Types].xml is the same:
      decompressed bytes, compressed bytes, method, CRC, time, attributes,
      order;
  (2) `dump` of the copy reads the same body paragraphs (count and text) and
      every other part the same, the report's own comments kept; one comment
      paragraph by "dhrlint" per finding of `check`, in order, carrying the
      rule id and the message, anchored on the finding's body paragraph (the
      paragraph a note, comment, text box or deleted text belongs to; the
      first paragraph with text for a finding with none); the comment's range
      in document.xml covers exactly the finding's excerpt;
  (3) the report itself is unchanged;
  (4) -o naming the input (by any path) is refused with exit 2 and nothing is
      written; no temporary file is ever left behind; the default name is
      FILE.checked.docx; the exit status is check's;
  (5) an ODT report: exit 2 and one line saying annotate works on DOCX only;
  (6) checking the copy gives the report's own findings, plus findings in
      dhrlint's comments only (hygiene.comments on each, by design).

With LibreOffice installed, one copy is converted to PDF as a smoke test, and
to ODT, where LibreOffice must show every dhrlint comment with its range.
Python 3 standard library only.
"""

import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from taplib import Tap, run_text  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TIMEOUT = 600 if os.environ.get("DHRLINT_SANITIZED") else 180
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
M = ("http://schemas.openxmlformats.org/officeDocument/2006/math",
     "http://purl.oclc.org/ooxml/officeDocument/math")

FIXTURES = [
    "fixtures/overview-2016/overview-2016.docx",
    "fixtures/sample/sample-report.docx",
    "fixtures/anon/01-hope.docx",
    "fixtures/anon/03-amira.docx",
    "fixtures/anon/05-joy.docx",
    "fixtures/anon/06-maureen.docx",
    "fixtures/rules/hygiene.comments.fire.docx",
    "fixtures/rules/hygiene.tracked-changes.fire.docx",
]

# A local rule that fires on the word "zebra" anywhere, so that the packages
# written below have findings exactly where the hard structures are.
ZEBRA_RULES = """<?xml version="1.0" encoding="UTF-8"?>
<rules xmlns="urn:dhrlint:rules:1">
  <rule id="local.zebra" severity="warning" stages="draft submission publication">
    <message>"{excerpt}" is a zebra.</message>
    <source>Test guidance 1.1</source>
    <suggestion>Say horse.</suggestion>
    <forbid scope="all"><match>\\bzebra\\w*(?:\\h+\\w+)?</match></forbid>
  </rule>
</rules>
"""

# Many findings on every paragraph, overlapping: long words, and pairs of
# words that overlap them.
DENSE_RULES = """<?xml version="1.0" encoding="UTF-8"?>
<rules xmlns="urn:dhrlint:rules:1">
  <rule id="local.long-word" severity="info" stages="draft submission publication">
    <message>A long word: {excerpt}.</message>
    <source>Test guidance 2.1</source>
    <forbid scope="all" exclude="part:comment"><match>\\b\\p{L}{9,}\\b</match></forbid>
  </rule>
  <rule id="local.word-pair" severity="info" stages="draft submission publication">
    <message>A pair: {excerpt}.</message>
    <source>Test guidance 2.2</source>
    <forbid scope="body"><match>\\b\\p{L}{6}\\h\\p{L}{4,}</match></forbid>
  </rule>
</rules>
"""


class Dhrlint:
    def __init__(self, binary):
        self.binary = os.path.abspath(binary)

    def run(self, *args, cwd=ROOT):
        return run_text([self.binary, *args], cwd, TIMEOUT)

    def check(self, path, rules=None):
        args = ["check", "--format", "json"] + (["--rules", rules] if rules else []) + [path]
        rc, out, err = self.run(*args)
        try:
            return rc, json.loads(out)["files"][0], err
        except (ValueError, KeyError, IndexError):
            return rc, None, err

    def dump(self, path):
        rc, out, err = self.run("dump", "--format", "json", path)
        try:
            return json.loads(out)
        except ValueError:
            return None

    def annotate(self, path, out=None, rules=None, cwd=ROOT):
        args = ["annotate"] + (["--rules", rules] if rules else []) + [path]
        if out:
            args += ["-o", out]
        return self.run(*args, cwd=cwd)


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def raw_data(path, info):
    """The entry's compressed bytes, as stored."""
    with open(path, "rb") as f:
        f.seek(info.header_offset)
        head = f.read(30)
        n, m = struct.unpack("<HH", head[26:30])
        f.seek(info.header_offset + 30 + n + m)
        return f.read(info.compress_size)


def changed_parts(path):
    """The entries annotate may rewrite: the main document part, its
    relationships, the comments part and [Content_Types].xml."""
    name, _ = main_part(path)
    slash = name.rfind("/") + 1
    return {name, f"{name[:slash]}_rels/{name[slash:]}.rels", comments_part(path),
            "[Content_Types].xml"}


def compare_entries(orig, copy):
    bad = []
    CHANGED = changed_parts(copy)
    with zipfile.ZipFile(orig) as zo, zipfile.ZipFile(copy) as zc:
        oi = [i for i in zo.infolist()]
        ci = {i.filename: i for i in zc.infolist()}
        order_o = [i.filename for i in oi if i.filename not in CHANGED]
        order_c = [i.filename for i in zc.infolist() if i.filename not in CHANGED]
        if order_o != order_c:
            bad.append(f"entries differ or moved: {order_o} vs {order_c}")
        for i in oi:
            if i.filename in CHANGED:
                continue
            c = ci.get(i.filename)
            if c is None:
                continue
            for attr in ("compress_type", "CRC", "compress_size", "file_size", "date_time",
                         "external_attr"):
                if getattr(i, attr) != getattr(c, attr):
                    bad.append(f"{i.filename}: {attr} {getattr(i, attr)} -> {getattr(c, attr)}")
            if zo.read(i.filename) != zc.read(c.filename):
                bad.append(f"{i.filename}: content differs")
            if raw_data(orig, i) != raw_data(copy, c):
                bad.append(f"{i.filename}: compressed bytes differ")
        extra = set(ci) - {i.filename for i in oi}
        if extra - CHANGED:
            bad.append(f"unexpected new entries {sorted(extra - CHANGED)}")
        try:
            zc.testzip()
        except zipfile.BadZipFile as e:
            bad.append(f"copy is a bad zip: {e}")
    return bad


def main_part(path):
    """(name, WordprocessingML namespace) of the main document part."""
    with zipfile.ZipFile(path) as z:
        rels = ET.fromstring(z.read("_rels/.rels"))
        for r in rels:
            if r.get("Type", "").endswith("/officeDocument"):
                name = r.get("Target").lstrip("/")
                root = ET.fromstring(z.read(name))
                return name, root.tag[1:].split("}")[0]
    return "word/document.xml", W


def comments_part(path):
    name, _ = main_part(path)
    slash = name.rfind("/") + 1
    with zipfile.ZipFile(path) as z:
        try:
            rels = ET.fromstring(z.read(f"{name[:slash]}_rels/{name[slash:]}.rels"))
        except KeyError:
            return None
        for r in rels:
            if r.get("Type", "").endswith("/comments"):
                t = r.get("Target")
                return t.lstrip("/") if t.startswith("/") else name[:slash] + t
    return None


def dhrlint_comment_ids(path, wns):
    name = comments_part(path)
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read(name))
    return [c.get(f"{{{wns}}}id") for c in root.iter(f"{{{wns}}}comment")
            if c.get(f"{{{wns}}}author") == "dhrlint"]


def range_texts(path, wns):
    """The text between each comment's range start and end, read as dhrlint
    reads text (w:t, tabs and breaks in runs; not deleted text, field codes,
    text boxes or the second branch of a markup-compatibility block)."""
    name, _ = main_part(path)
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read(name))
    out, active = {}, set()
    chars = {f"{{{wns}}}{t}": c for t, c in (("tab", "\t"), ("ptab", "\t"), ("br", "\n"),
                                             ("cr", "\n"), ("noBreakHyphen", "\u2011"),
                                             ("softHyphen", "\u00ad"))}
    skip = {f"{{{wns}}}{t}" for t in ("del", "moveFrom", "txbxContent", "instrText", "delText",
                                      "rt", "pPr", "rPr")}

    def visit(e, parent):
        tag = e.tag
        if tag == f"{{{wns}}}commentRangeStart":
            active.add(e.get(f"{{{wns}}}id"))
            out.setdefault(e.get(f"{{{wns}}}id"), [])
        elif tag == f"{{{wns}}}commentRangeEnd":
            active.discard(e.get(f"{{{wns}}}id"))
        elif tag in (f"{{{wns}}}t", f"{{{M[0]}}}t", f"{{{M[1]}}}t"):
            for a in active:
                out[a].append(e.text or "")
        elif parent is not None and parent.tag == f"{{{wns}}}r" and tag in chars:
            for a in active:
                out[a].append(chars[tag])
        if tag in skip:
            return
        kids = list(e)
        if tag.endswith("}AlternateContent"):
            kids = kids[:1]
        for c in kids:
            visit(c, e)

    visit(root, None)
    return {k: "".join(v) for k, v in out.items()}


def expected_anchor(finding, paras):
    """The body paragraph number a finding's comment belongs on."""
    by = {(p["part"], p["n"]): p for p in paras}
    first = next((p["n"] for p in paras if p["part"] == "body" and p["text"].strip()),
                 next((p["n"] for p in paras if p["part"] == "body"), None))
    loc = finding["location"]
    if loc["paragraph"] is None:
        return first
    key = (loc["part"], loc["paragraph"])
    for _ in range(64):
        if key[0] == "body":
            return key[1]
        p = by.get(key)
        if p is None or not p.get("anchor"):
            return first
        key = (p["anchor"]["part"], p["anchor"]["n"])
    return first


def finding_key(f):
    loc = f["location"]
    num = lambda v: -1 if v is None else v
    return (f["rule"], f["severity"], f["message"], loc["part"], num(loc["paragraph"]),
            num(loc["offset"]), num(loc["length"]), f.get("excerpt"))


def check_copy(tap, d, src, out, label, rules=None, exact_ranges=True):
    """Checks (1), (2), (3) and (6) on the copy OUT of SRC."""
    before = sha(src)
    rc0, rep, err0 = d.check(src, rules)
    rc, _, err = d.annotate(src, out, rules)
    if rep is None or rc is None or rc not in (0, 1) or not os.path.exists(out):
        tap.result(False, f"{label}: annotate writes a copy", [f"exit {rc}", err.strip(),
                                                               err0.strip()])
        return
    tap.result(rc == rc0, f"{label}: annotate exits as check does ({rc})",
               [f"check {rc0}, annotate {rc}"])
    findings = rep["findings"]

    # (1)
    tap.result(not (bad := compare_entries(src, out)),
               f"{label}: every other entry copied byte for byte", bad)

    # (2)
    od, cd = d.dump(src), d.dump(out)
    bad = []
    if od is None or cd is None:
        bad.append("dump failed")
    else:
        ob = [p["text"] for p in od["paragraphs"] if p["part"] == "body"]
        cb = [p["text"] for p in cd["paragraphs"] if p["part"] == "body"]
        if ob != cb:
            bad.append(f"body paragraphs differ: {len(ob)} vs {len(cb)}")
            for i, (x, y) in enumerate(zip(ob, cb)):
                if x != y:
                    bad.append(f"¶{i + 1}: {x[:60]!r} vs {y[:60]!r}")
                    break
        strip = lambda ps: [(p["part"], p["n"], p["text"], p.get("anchor"), p.get("author"))
                            for p in ps if p["part"] not in ("comment",)]
        if strip(od["paragraphs"]) != strip(cd["paragraphs"]):
            bad.append("paragraphs of other parts differ")
        own = lambda ps: [(p["text"], p.get("anchor"), p.get("author"))
                          for p in ps if p["part"] == "comment" and p.get("author") != "dhrlint"]
        if own(od["paragraphs"]) != own(cd["paragraphs"]):
            bad.append("the report's own comments were not kept as they were")
    tap.result(not bad, f"{label}: the copy reads the same text, its own comments kept", bad)

    bad = []
    ours = [p for p in (cd or {}).get("paragraphs", [])
            if p["part"] == "comment" and p.get("author") == "dhrlint"]
    if len(ours) != len(findings):
        bad.append(f"{len(ours)} dhrlint comments for {len(findings)} findings")
    for f, c in zip(findings, ours):
        want = expected_anchor(f, od["paragraphs"])
        got = c["anchor"]["n"] if c.get("anchor") and c["anchor"]["part"] == "body" else None
        if f"[{f['rule']}]" not in c["text"] or f["message"] not in c["text"]:
            bad.append(f"comment lacks rule id or message: {c['text'][:100]!r}")
        if f.get("source") and f["source"] not in c["text"]:
            bad.append(f"comment lacks the guidance: {c['text'][:100]!r}")
        if got != want:
            bad.append(f"{f['rule']} ({f['location']['part']} ¶{f['location']['paragraph']}) "
                       f"anchored on body ¶{got}, expected ¶{want}")
    tap.result(not bad, f"{label}: one dhrlint comment per finding ({len(findings)}), on the "
               "right paragraph", bad)

    bad = []
    name, wns = main_part(out)
    ids = dhrlint_comment_ids(out, wns) if findings else []
    texts = range_texts(out, wns) if findings else {}
    ptext = {p["n"]: p["text"] for p in od["paragraphs"] if p["part"] == "body"} if od else {}
    spans = 0
    for f, cid in zip(findings, ids):
        loc = f["location"]
        got = texts.get(cid)
        if got is None:
            bad.append(f"comment {cid} has no range in {name}")
            continue
        if loc["part"] == "body" and loc["offset"] is not None and f.get("excerpt"):
            spans += 1
            ok = got == f["excerpt"] if exact_ranges else f["excerpt"] in got
            if not ok:
                bad.append(f"{f['rule']} ¶{loc['paragraph']}: range {got[:80]!r}, excerpt "
                           f"{f['excerpt'][:80]!r}")
        elif loc["part"] == "body" and loc["paragraph"] is not None and loc["offset"] is None:
            if got != ptext.get(loc["paragraph"]):
                bad.append(f"{f['rule']} ¶{loc['paragraph']}: range {got[:60]!r} is not the "
                           "whole paragraph")
    tap.result(not bad, f"{label}: each comment's range is its excerpt ({spans}) or its "
               "paragraph", bad)

    # (3)
    tap.result(sha(src) == before, f"{label}: the report itself is unchanged")

    # (6)
    rc2, rep2, err2 = d.check(out, rules)
    bad, unmet = [], []
    if rep2 is None:
        bad.append(f"the copy cannot be checked: {err2.strip()}")
    else:
        n_own = len([p for p in od["paragraphs"] if p["part"] == "comment"
                     and p.get("author") != "dhrlint"])
        in_ours = lambda f: f["location"]["part"] == "comment" and \
            f["location"]["paragraph"] > n_own
        a = sorted(map(finding_key, findings))
        b = sorted(finding_key(f) for f in rep2["findings"] if not in_ours(f))
        for k in sorted(set(a) - set(b)):
            # A statement that the report never says something (offset null)
            # must not be answered by the words of dhrlint's comment on it.
            (unmet if k[5] == -1 and k[0] != "hygiene.tracked-changes" else bad).append(
                f"lost: {k[0]} {k[3]} ¶{k[4]} {k[7]!r}")
        for k in sorted(set(b) - set(a)):
            bad.append(f"new outside dhrlint's comments: {k}")
        hc = [f for f in rep2["findings"] if in_ours(f) and f["rule"] == "hygiene.comments"]
        all_hc = [f for f in rep2["findings"] if f["rule"] == "hygiene.comments"]
        if findings and len(hc) != len(findings) and len(all_hc) < 500:
            bad.append(f"hygiene.comments fires {len(hc)} times on {len(findings)} comments")
    tap.result(not bad, f"{label}: checking the copy finds the report's findings, new ones only "
               "in dhrlint's comments (hygiene.comments on each)", bad)
    tap.result(not unmet, f"{label}: no requirement is met by the words of dhrlint's own "
               "comments", unmet)


# ---- Packages with the hard structures, written here -----------------------

def body_xml(wns):
    """A body whose findings ("zebra...") sit in every structure that makes
    finding a paragraph and an offset hard."""
    p = lambda inner, ppr="": f"<w:p>{ppr}{inner}</w:p>"
    r = lambda text, rpr="": f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'
    fld = lambda instr, result: (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{instr}</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + result +
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    textbox = (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="914400" cy="457200"/>'
        '<wp:docPr id="1" name="Text Box 1"/><a:graphic><a:graphicData '
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="457200"/>'
        '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr><wps:txbx>'
        '<w:txbxContent><w:p><w:r><w:t>zebra in a box</w:t></w:r></w:p></w:txbxContent>'
        '</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:inline>'
        '</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape style="width:72pt;height:36pt">'
        '<v:textbox><w:txbxContent><w:p><w:r><w:t>zebra in a box</w:t></w:r></w:p>'
        '</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent>'
        '</w:r>')
    date = 'w:author="Kerry Lloyd" w:date="2024-01-01T00:00:00Z"'
    paras = [
        p(r("Zebra report"), '<w:pPr><w:pStyle w:val="Title"/></w:pPr>'),
        # a contents field over three paragraphs: its entries are not paragraphs
        p('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space='
          '"preserve"> TOC \\o "1-3" \\h </w:instrText></w:r><w:r><w:fldChar '
          'w:fldCharType="separate"/></w:r>' + r("Zebra section\t3")),
        p(r("Another zebra entry\t4")),
        p('<w:r><w:fldChar w:fldCharType="end"/></w:r>'),
        # runs cut inside, with their own formatting
        p(r("The ze", "<w:rPr><w:b/></w:rPr>") + r("bra crossing", "<w:rPr><w:i/></w:rPr>") +
          r(" is striped.")),
        # several findings in one run, with a tab and a break between them
        p('<w:r><w:t xml:space="preserve">One zebra,</w:t><w:tab/><w:t xml:space="preserve">'
          'two zebras</w:t><w:br/><w:t>zebra</w:t></w:r>'),
        # a hyperlink, a tracked insertion and a tracked deletion
        p('<w:hyperlink w:anchor="x">' + r("zebra stripes") + '</w:hyperlink>' +
          r(" and ") + f'<w:ins w:id="1" {date}>' + r("zebra herd") + '</w:ins>' +
          f'<w:del w:id="2" {date}><w:r><w:delText>zebra gone</w:delText></w:r></w:del>' +
          r(" end.")),
        # a field's result is text, its code is not
        p(r("See ") + fld(" REF zebra \\h ", r("zebra field")) + r(" here.")),
        # a deleted paragraph mark: two w:p, one paragraph
        p(r("First half zebra"), f'<w:pPr><w:rPr><w:del w:id="3" {date}/></w:rPr></w:pPr>'),
        p(r(" and the zebra half.")),
        # a drop cap runs on into the next paragraph
        p(r("Z"), '<w:pPr><w:framePr w:dropCap="drop" w:lines="3"/></w:pPr>'),
        p(r("ebra zebra ends.")),
        # a text box: its paragraph is not body text
        p(r("Before the box, zebra ") + textbox + r(" after the box.")),
        # Symbol font and w:sym, then maths
        p('<w:r><w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol"/></w:rPr><w:t>a</w:t></w:r>'
          '<w:r><w:sym w:font="Symbol" w:char="F062"/></w:r>' + r(" zebra symbols")),
        p(r("Formula ") + '<m:oMath><m:r><m:t>zebra</m:t></m:r></m:oMath>' +
          r(" zebra tail")),
        # content controls, block and run level
        '<w:sdt><w:sdtPr/><w:sdtContent>' + p(r("zebra in a control")) +
        '</w:sdtContent></w:sdt>',
        p('<w:sdt><w:sdtPr/><w:sdtContent>' + r("zebra run control") +
          '</w:sdtContent></w:sdt>' + r(" after")),
        # escaped characters and text that is not ASCII
        p(r("Caf\u00e9 &amp; na\u00efve \u201czebra &lt;&gt; quotes\u201d")),
        p(""),
        p(r("   ")),
        # merged cells: the empty continuation cell is not a paragraph
        '<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>'
        '<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr>' + p(r("zebra top")) +
        '</w:tc><w:tc>' + p(r("Right")) + '</w:tc></w:tr>'
        '<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr>' + p("") + '</w:tc><w:tc>' +
        p(r("zebra cell")) + '</w:tc></w:tr></w:tbl>',
        # an existing comment
        p('<w:commentRangeStart w:id="41"/>' + r("Commented zebra text") +
          '<w:commentRangeEnd w:id="41"/><w:r><w:commentReference w:id="41"/></w:r>'),
        p(r("Last zebra."), "<w:pPr><w:jc w:val=\"left\"/></w:pPr>"),
    ]
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{wns}" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml" '
        f'xmlns:m="{M[0]}" mc:Ignorable="wps">'
        '<w:body>' + "".join(paras) + '<w:sectPr/></w:body></w:document>')


def write_package(path, strict=False, comments=False, macro=False, stored=False):
    wns = W_STRICT if strict else W
    rel = ("http://purl.oclc.org/ooxml/officeDocument/relationships" if strict else
           "http://schemas.openxmlformats.org/officeDocument/2006/relationships")
    main_type = ("application/vnd.ms-word.document.macroEnabled.main+xml" if macro else
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")
    ct = ('<?xml version="1.0" encoding="UTF-8"?>'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" '
          'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Default Extension="png" ContentType="image/png"/>'
          f'<Override PartName="/word/document.xml" ContentType="{main_type}"/>'
          + ('<Override PartName="/word/comments.xml" ContentType="application/vnd.'
             'openxmlformats-officedocument.wordprocessingml.comments+xml"/>' if comments else "")
          + '</Types>')
    pkg = ('<?xml version="1.0" encoding="UTF-8"?>'
           '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
           f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="word/document.xml"/>'
           '</Relationships>')
    doc_rels = ('<?xml version="1.0" encoding="UTF-8"?>'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                f'relationships"><Relationship Id="rId1" Type="{rel}/comments" '
                'Target="comments.xml"/></Relationships>')
    comments_xml = ('<?xml version="1.0" encoding="UTF-8"?>'
                    f'<w:comments xmlns:w="{wns}"><w:comment w:id="41" w:author="Ann Shore" '
                    'w:date="2024-01-02T00:00:00Z" w:initials="AS"><w:p><w:r><w:t>Check '
                    'this.</w:t></w:r></w:p></w:comment></w:comments>')
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "w", method) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", pkg)
        z.writestr("word/document.xml", body_xml(wns))
        z.writestr(zipfile.ZipInfo("word/media/", (2020, 1, 1, 0, 0, 0)), b"")
        info = zipfile.ZipInfo("word/media/image1.png", (2021, 2, 3, 4, 5, 6))
        info.external_attr = 0o640 << 16
        z.writestr(info, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
                   compress_type=zipfile.ZIP_STORED)
        if comments:
            z.writestr("word/_rels/document.xml.rels", doc_rels)
            z.writestr("word/comments.xml", comments_xml)


def test_written(tap, d, tmp):
    rules = os.path.join(tmp, "zebra.xml")
    with open(rules, "w") as f:
        f.write(ZEBRA_RULES)
    cases = [("transitional, no comments part, no document relationships", {}),
             ("existing comment w:id 41", {"comments": True}),
             ("strict OOXML", {"strict": True}),
             ("stored entries", {"stored": True, "comments": True})]
    for label, kw in cases:
        src = os.path.join(tmp, f"written-{len(os.listdir(tmp))}.docx")
        write_package(src, **kw)
        out = src.replace(".docx", ".checked.docx")
        check_copy(tap, d, src, out, f"written ({label})", rules=rules, exact_ranges=False)
        if not os.path.exists(out):
            continue
        bad = []
        name, wns = main_part(out)
        ids = dhrlint_comment_ids(out, wns)
        if kw.get("comments") and (not ids or min(map(int, ids)) != 42):
            bad.append(f"new comment ids start at {min(map(int, ids)) if ids else None}, "
                       "not 42 (after the existing 41)")
        with zipfile.ZipFile(out) as z:
            names = z.namelist()
            if "word/comments.xml" not in names:
                bad.append("no word/comments.xml")
            rels = ET.fromstring(z.read("word/_rels/document.xml.rels"))
            types = [r.get("Type") for r in rels]
            want = ("http://purl.oclc.org/ooxml/officeDocument/relationships/comments"
                    if kw.get("strict") else
                    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                    "comments")
            if types.count(want) != 1:
                bad.append(f"comments relationship: {types}")
            ct = z.read("[Content_Types].xml").decode()
            if ct.count("/word/comments.xml") != 1:
                bad.append("content type override for /word/comments.xml missing or doubled")
            croot = ET.fromstring(z.read("word/comments.xml"))
            for c in croot:
                if c.get(f"{{{wns}}}author") == "dhrlint" and c.get(f"{{{wns}}}initials") != "DL":
                    bad.append("a dhrlint comment without initials DL")
                    break
        tap.result(not bad, f"written ({label}): ids, relationship and content type", bad)

    # The copy keeps the package's kind in its name.
    src = os.path.join(tmp, "macro.docm")
    write_package(src, macro=True)
    rc, _, err = d.annotate(src, os.path.join(tmp, "macro.checked.docx"), rules)
    rc2, _, err2 = d.annotate(src, os.path.join(tmp, "macro.checked.docm"), rules)
    tap.result(rc == 2 and ".docm" in err and not os.path.exists(
        os.path.join(tmp, "macro.checked.docx")) and rc2 in (0, 1),
        "a macro-enabled report's copy must be named .docm", [f"exit {rc}: {err.strip()}",
                                                              f"exit {rc2}: {err2.strip()}"])


def test_refusals(tap, d, tmp):
    src = "fixtures/overview-2016/overview-2016.docx"
    folder = os.path.dirname(os.path.join(ROOT, src))
    listing = sorted(os.listdir(folder))
    before = sha(os.path.join(ROOT, src))
    bad = []
    for out in (src, "./" + src, os.path.join(ROOT, src),
                "fixtures/overview-2016/../overview-2016/overview-2016.docx"):
        rc, stdout, err = d.annotate(src, out)
        if rc != 2 or "never overwrites" not in err or len(err.strip().splitlines()) != 1:
            bad.append(f"-o {out}: exit {rc}, {err.strip()!r}")
    link = os.path.join(tmp, "link.docx")
    os.symlink(os.path.join(ROOT, src), link)
    rc, _, err = d.annotate(src, link)
    if rc != 2:
        bad.append(f"-o a symlink to the input: exit {rc}")
    if sorted(os.listdir(folder)) != listing:
        bad.append(f"files appeared beside the input: {set(os.listdir(folder)) - set(listing)}")
    if sha(os.path.join(ROOT, src)) != before:
        bad.append("the input changed")
    tap.result(not bad, "(4) -o naming the input, by any path, is refused (exit 2)", bad)

    # The default name, beside the report, and the exit status of check.
    work = os.path.join(tmp, "default")
    os.mkdir(work)
    shutil.copy(os.path.join(ROOT, src), os.path.join(work, "review.docx"))
    rc, _, err = d.annotate("review.docx", cwd=work)
    rc0, _, _ = d.check(os.path.join(ROOT, src))
    tap.result(rc == rc0 and sorted(os.listdir(work)) == ["review.checked.docx", "review.docx"],
               "(4) the default output is FILE.checked.docx beside FILE, exit as check",
               [f"exit {rc} (check {rc0})", err.strip(), str(os.listdir(work))])

    # A folder that does not exist: nothing written, one line.
    rc, _, err = d.annotate(src, os.path.join(tmp, "no", "such", "dir", "x.docx"))
    tap.result(rc == 2 and len(err.strip().splitlines()) == 1,
               "(4) an output in a folder that does not exist: exit 2, one line",
               [f"exit {rc}", err.strip()])

    # An output folder that cannot be written: nothing left behind.
    ro = os.path.join(tmp, "readonly")
    os.mkdir(ro)
    os.chmod(ro, 0o555)
    rc, _, err = d.annotate(src, os.path.join(ro, "x.docx"))
    left = os.listdir(ro)
    os.chmod(ro, 0o755)
    if os.geteuid() == 0:
        tap.skip("(4) an unwritable output folder: exit 2, nothing left", "running as root")
    else:
        tap.result(rc == 2 and not left, "(4) an unwritable output folder: exit 2, nothing left",
                   [f"exit {rc}", err.strip(), str(left)])


def test_odt(tap, d, tmp):
    bad = []
    for src in ("fixtures/anon/02-grace.odt", "fixtures/sample/sample-report.odt"):
        out = os.path.join(tmp, os.path.basename(src) + ".checked.docx")
        rc, stdout, err = d.annotate(src, out)
        lines = err.strip().splitlines()
        if rc != 2 or len(lines) != 1 or "annotate works on DOCX only" not in lines[0] or \
                "save as DOCX" not in lines[0] or "check --format html" not in lines[0]:
            bad.append(f"{src}: exit {rc}, {err.strip()!r}")
        if os.path.exists(out):
            bad.append(f"{src}: an output was written")
    tap.result(not bad, "(5) an ODT report: exit 2, one line: annotate works on DOCX only", bad)


def test_libreoffice(tap, copy, tmp):
    """LibreOffice opens the copy: it converts to PDF, and saved as ODT it
    holds every dhrlint comment as an annotation with its range."""
    name = "LibreOffice converts an annotated copy to PDF, and reads its comments"
    soffice = shutil.which("soffice")
    if not soffice:
        tap.skip(name, "soffice not installed")
        return
    if not copy or not os.path.exists(copy):
        tap.result(False, name, ["no copy"])
        return
    profile = os.path.join(tmp, "lo-profile")
    outdir = os.path.join(tmp, "lo")
    diag = []
    for fmt in ("pdf", "odt"):
        try:
            p = subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                                "--convert-to", fmt, "--outdir", outdir, copy],
                               capture_output=True, timeout=300)
            diag += [p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")]
        except subprocess.TimeoutExpired:
            diag.append(f"{fmt}: timed out")
    stem = os.path.join(outdir, os.path.splitext(os.path.basename(copy))[0])
    ok = os.path.exists(stem + ".pdf") and os.path.getsize(stem + ".pdf") > 1000
    if not ok:
        diag.append("no PDF")
    _, wns = main_part(copy)
    want = len(dhrlint_comment_ids(copy, wns))
    try:
        with zipfile.ZipFile(stem + ".odt") as z:
            root = ET.fromstring(z.read("content.xml"))
        office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
        dc = "http://purl.org/dc/elements/1.1/"
        anns = [a for a in root.iter(f"{{{office}}}annotation")
                if (a.findtext(f"{{{dc}}}creator") or "") == "dhrlint"]
        ends = {e.get(f"{{{office}}}name") for e in root.iter(f"{{{office}}}annotation-end")}
        ranged = [a for a in anns if a.get(f"{{{office}}}name") in ends]
        if len(anns) != want or len(ranged) != want:
            ok = False
            diag.append(f"LibreOffice reads {len(anns)} dhrlint comments ({len(ranged)} with a "
                        f"range) of {want}")
    except (OSError, KeyError, zipfile.BadZipFile, ET.ParseError) as e:
        ok = False
        diag.append(f"no ODT: {e}")
    tap.result(ok, name, diag)


def main():
    if len(sys.argv) < 2:
        print("usage: annotate_test.py BINARY", file=sys.stderr)
        return 2
    d = Dhrlint(sys.argv[1])
    tap = Tap()
    tmp = tempfile.mkdtemp(prefix="dhrlint-annotate-")
    try:
        copies = []
        for src in FIXTURES:
            out = os.path.join(tmp, os.path.basename(src).replace(".docx", ".checked.docx"))
            check_copy(tap, d, src, out, src)
            copies.append(out)
        dense = os.path.join(tmp, "dense.xml")
        with open(dense, "w") as f:
            f.write(DENSE_RULES)
        for src in ("fixtures/sample/sample-report.lo.docx", "fixtures/anon/03-amira.docx"):
            out = os.path.join(tmp, os.path.basename(src).replace(".docx", ".dense.docx"))
            check_copy(tap, d, src, out, f"{src} with many overlapping findings", rules=dense)
        test_written(tap, d, tmp)
        test_refusals(tap, d, tmp)
        test_odt(tap, d, tmp)
        leftovers = [os.path.join(dp, f) for dp, _, fs in os.walk(tmp) for f in fs
                     if ".tmp" in f]
        tap.result(not leftovers, "(4) no temporary file left behind", leftovers)
        test_libreoffice(tap, copies[2] if len(copies) > 2 else None, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
