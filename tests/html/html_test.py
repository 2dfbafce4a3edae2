#!/usr/bin/env python3
"""The HTML report (check --format html), TAP.

Every page is read three ways: by libxml2's HTML parser (xmllint --html, as
the issue asks: no error may be reported), as XML (the page is written to be
well-formed, so that it can be walked as a tree here), and as raw text (what
must never be in it: scripts, web addresses, raw control characters, an
unescaped string from the document). What it shows is checked against
--format json of the same run: the verdict, every finding with its rule,
message, excerpt, suggestion and guidance under its section's heading, the
nine family rows, every Annex I line, and for a batch the index order.

Run from the repository root: html_test.py BUILD/dhrlint
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

DHRLINT = os.path.abspath(sys.argv[1])
SAMPLE = "fixtures/sample/sample-report.docx"
OVERVIEW = "fixtures/overview-2016/overview-2016.docx"
HOPE = "fixtures/anon/01-hope.docx"
GRACE = "fixtures/anon/02-grace.odt"

results = []


def ok(cond, what, diag=None):
    results.append((bool(cond), what, None))
    if not cond and diag:
        for line in str(diag).splitlines()[:30]:
            print("# " + line)
    print(("ok" if cond else "not ok") + " %d - %s" % (len(results), what))
    return bool(cond)


def skip(what, why):
    results.append((True, what, why))
    print("ok %d - %s # SKIP %s" % (len(results), what, why))


def run(*args):
    p = subprocess.run([DHRLINT, "check", *args], capture_output=True, timeout=300)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def norm(s):
    return " ".join(s.split())


def text_of(el):
    return norm("".join(el.itertext()))


def has_class(el, name):
    return name in (el.get("class") or "").split()


def pretty(section_id):
    s = section_id.replace("-", " ")
    return s[:1].upper() + s[1:]


class Page:
    def __init__(self, raw):
        self.raw = raw
        self.text = raw.decode("utf-8")
        self.root = ET.fromstring(self.text)
        self.ids = {}
        for el in self.root.iter():
            if el.get("id") is not None:
                self.ids.setdefault(el.get("id"), []).append(el)

    def by_id(self, i):
        found = self.ids.get(i, [])
        return found[0] if len(found) == 1 else None

    def all(self, tag, cls=None):
        return [e for e in self.root.iter(tag) if cls is None or has_class(e, cls)]


def section_name(f, section_id):
    """The name the page gives a section: its heading, else its id made readable."""
    for s in f["sections"]:
        if s["id"] == section_id and s["heading"]:
            return s["heading"]
    for x in f["findings"]:
        if x["location"]["section"] == section_id and x["location"]["heading"]:
            return x["location"]["heading"]
    return pretty(section_id)


FAMILY_WORDS = {"met": "✓ met", "explained": "explained", "missing": "✗ missing"}
CHECKLIST_WORDS = {"covered": "✓ covered", "not-covered": "✗ not covered",
                   "manual": "manual", "not-checked": "not checked"}


def check_well_formed(name, raw):
    """Parses as XML and as libxml2's HTML; returns the Page or None."""
    try:
        page = Page(raw)
        ok(True, "%s: the page is well-formed (parsed as XML)" % name)
    except (ET.ParseError, UnicodeDecodeError) as e:
        ok(False, "%s: the page is well-formed (parsed as XML)" % name, e)
        return None
    xmllint = shutil.which("xmllint")
    if not xmllint:
        skip("%s: libxml2's HTML parser reports no error" % name,
             "xmllint not installed (Debian: libxml2-utils)")
    else:
        with tempfile.NamedTemporaryFile(suffix=".html") as t:
            t.write(raw)
            t.flush()
            p = subprocess.run([xmllint, "--html", "--noout", t.name],
                               capture_output=True, text=True)
        ok(p.returncode == 0 and p.stderr == "",
           "%s: libxml2's HTML parser reports no error" % name, p.stderr)
    return page


def check_page_rules(name, page):
    """What every page must be, whatever it reports."""
    raw = page.text
    low = raw.lower()
    ok(page.root.tag == "html" and page.root.get("lang") == "en", "%s: <html lang=\"en\">" % name)
    ok(raw.startswith("<!DOCTYPE html>"), "%s: starts with the HTML doctype" % name)
    handlers = [a for e in page.root.iter() for a in e.attrib if a.lower().startswith("on")]
    ok("<script" not in low and not handlers, "%s: no script and no event handler" % name,
       handlers)
    ok(not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", low),
       "%s: no web address anywhere" % name, re.findall(r"https?://\S{0,40}", low))
    ok(not re.search(r"<(img|link|iframe|object|embed|audio|video|source)\b", low)
       and "@import" not in low and "url(" not in low,
       "%s: nothing fetched (no image, link, @import or url())" % name)
    bad = [c for c in raw if (ord(c) < 32 and c not in "\t\n") or 0x7F <= ord(c) <= 0x9F]
    ok(not bad, "%s: no raw control characters" % name, [hex(ord(c)) for c in bad[:10]])
    style = page.all("style")
    css = "".join(s.text or "" for s in style)
    ok(len(style) == 1 and "@media print" in css and "page-break-inside:avoid" in css,
       "%s: one inline stylesheet with a print layout" % name)
    # headings in order: one h1, never a level skipped
    levels = [int(e.tag[1]) for e in page.root.iter() if re.fullmatch(r"h[1-6]", e.tag)]
    skipped = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
    ok(levels[:1] == [1] and levels.count(1) == 1 and not skipped,
       "%s: headings from h1, in order" % name, (levels[:20], skipped))
    # tables: a caption, and every header cell scoped
    tables = page.all("table")
    ok(all(t.find("caption") is not None and text_of(t.find("caption")) for t in tables),
       "%s: every table has a caption" % name)
    ths = [th for t in tables for th in t.iter("th")]
    ok(ths and all(th.get("scope") in ("col", "row", "rowgroup") for th in ths),
       "%s: every <th> has a scope" % name)
    # anchors: unique, and every link is to one of them
    dup = [i for i, els in page.ids.items() if len(els) > 1]
    ok(not dup, "%s: ids are unique" % name, dup[:10])
    hrefs = [a.get("href") for a in page.all("a")]
    broken = [h for h in hrefs if not h or not h.startswith("#") or h[1:] not in page.ids]
    ok(hrefs and not broken, "%s: every link is to an anchor of the page (%d links)"
       % (name, len(hrefs)), broken[:10])
    # colour never alone: every coloured tag says what it means
    tags = [e for e in page.all("span", "tag")]
    ok(tags and all(text_of(t) for t in tags), "%s: every coloured label has words" % name)


def verdict_line(f, stage="submission"):
    if f["status"] == "error":
        return "Could not be read"
    s = f["summary"]
    return "%s at %s: %d error%s, %d warning%s, %d info" % (
        "FAIL" if f["status"] == "fail" else "PASS", stage,
        s["error"], "" if s["error"] == 1 else "s",
        s["warning"], "" if s["warning"] == 1 else "s", s["info"])


def check_file(name, page, f, no):
    """The part of the page for file NO (1-based, order given) against its JSON."""
    div = page.by_id("f%d" % no)
    if not ok(div is not None, "%s: the file has its section #f%d" % (name, no)):
        return
    verdict = [e for e in div.iter("p") if has_class(e, "verdict-line")]
    ok(verdict and text_of(verdict[0]) == verdict_line(f),
       "%s: verdict '%s'" % (name, verdict_line(f)), verdict and text_of(verdict[0]))
    if f["status"] == "error":
        ok(f["error"] in text_of(div), "%s: says why it could not be read" % name)
        ok(not [e for e in div.iter("div") if has_class(e, "finding")] and
           not div.findall(".//table"), "%s: nothing else is reported for it" % name)
        return

    # Findings: each one, in full, under its section's heading; the
    # sections in document order.
    shown = [e for e in div.iter("div") if has_class(e, "finding")]
    ok(len(shown) == len(f["findings"]),
       "%s: %d findings shown" % (name, len(f["findings"])), len(shown))
    wrong = []
    for k, x in enumerate(f["findings"]):
        el = page.by_id("f%d-finding-%d" % (no, k + 1))
        if el is None:
            wrong.append("finding %d has no element" % (k + 1))
            continue
        head = el.find("p")
        code = head.find("code") if head is not None else None
        if code is None or code.text != x["rule"]:
            wrong.append("finding %d: rule %r" % (k + 1, x["rule"]))
        sev = [t for t in head.iter("span") if has_class(t, "tag")]
        if not sev or text_of(sev[0]).lower() != x["severity"]:
            wrong.append("finding %d: severity %s" % (k + 1, x["severity"]))
        paras = {(p.get("class") or ""): p for p in el.findall("p")}
        if text_of(paras.get("message", ET.Element("p"))) != norm(x["message"]):
            wrong.append("finding %d: message" % (k + 1))
        if x["excerpt"]:
            quote = [q for q in el.iter("span") if has_class(q, "quote")]
            if not quote or "".join(quote[0].itertext()) != x["excerpt"]:
                wrong.append("finding %d: excerpt %r" % (k + 1, x["excerpt"]))
        if "suggestion" in x and norm(x["suggestion"]) not in text_of(
                paras.get("suggestion", ET.Element("p"))):
            wrong.append("finding %d: suggestion" % (k + 1))
        if x["source"] and norm(x["source"]) not in text_of(paras.get("source", ET.Element("p"))):
            wrong.append("finding %d: guidance" % (k + 1))
        where = text_of(head)
        loc = x["location"]
        if loc["paragraph"] and "¶%d" % loc["paragraph"] not in where:
            wrong.append("finding %d: ¶%d" % (k + 1, loc["paragraph"]))
    ok(not wrong, "%s: every finding with its rule, severity, message, excerpt, suggestion, "
       "guidance and paragraph" % name, "\n".join(wrong[:20]))

    found = [s["id"] for s in f["sections"]]
    expect_groups = []
    if any(x["location"]["section"] is None for x in f["findings"]):
        expect_groups.append(None)
    for x in f["findings"]:
        sid = x["location"]["section"]
        if sid and sid not in found and sid not in expect_groups:
            expect_groups.append(sid)
    for sid in found:
        if sid not in expect_groups and any(x["location"]["section"] == sid
                                            for x in f["findings"]):
            expect_groups.append(sid)
    names = ["The document as a whole" if g is None else norm(section_name(f, g))
             for g in expect_groups]
    group_re = re.compile(r"f%d-section-\d+$" % no)
    shown_groups, under = [], {}
    current = None
    for el in div.iter():
        if re.fullmatch(r"h[1-6]", el.tag) and group_re.match(el.get("id") or ""):
            current = text_of(el)
            shown_groups.append(current)
        elif el.tag == "div" and has_class(el, "finding"):
            under[el.get("id")] = current
    ok(shown_groups == names, "%s: findings grouped by section, whole-document and missing "
       "sections first, then in document order" % name, (shown_groups, names))
    misplaced = []
    for k, x in enumerate(f["findings"]):
        sid = x["location"]["section"]
        want = "The document as a whole" if sid is None else norm(section_name(f, sid))
        if under.get("f%d-finding-%d" % (no, k + 1)) != want:
            misplaced.append((k + 1, x["rule"], want))
    ok(not misplaced, "%s: each finding under its own section" % name, misplaced[:10])

    # Family: nine rows, the status and evidence of each.
    table = [t for t in div.iter("table") if has_class(t, "family")]
    rows = table[0].find("tbody").findall("tr") if table else []
    if ok(len(rows) == 9, "%s: nine family requirement rows" % name, len(rows)):
        wrong = []
        for fam, row in zip(f["family"], rows):
            cells = list(row)
            n = fam["requirement"]
            if not text_of(cells[0]).startswith("%d. " % n):
                wrong.append("row %d: number" % n)
            if text_of(cells[1]) != FAMILY_WORDS[fam["status"]]:
                wrong.append("row %d: status %s, shown %r" % (n, fam["status"], text_of(cells[1])))
            ev = fam["evidence"]
            if ev["excerpt"]:
                quote = [q for q in cells[2].iter("span") if has_class(q, "quote")]
                if not quote or "".join(quote[0].itertext()) != ev["excerpt"]:
                    wrong.append("row %d: evidence excerpt" % n)
                if ev["paragraph"] and "¶%d" % ev["paragraph"] not in text_of(cells[2]):
                    wrong.append("row %d: evidence paragraph" % n)
            else:
                if "Nothing found" not in text_of(cells[2]):
                    wrong.append("row %d: says nothing was found" % n)
                rule = "family.req%d" % n
                links = [a.get("href") for a in cells[2].iter("a")]
                k = next((i for i, x in enumerate(f["findings"]) if x["rule"] == rule), None)
                if k is not None and links != ["#f%d-finding-%d" % (no, k + 1)]:
                    wrong.append("row %d: link to its finding" % n)
        ok(not wrong, "%s: family statuses and evidence as in the JSON" % name, "\n".join(wrong))

    # The Annex I checklist: every line in order, under its group, with its
    # status and where it was decided.
    table = [t for t in div.iter("table") if has_class(t, "checklist")]
    lines, groups = [], []
    for body in (table[0].findall("tbody") if table else []):
        for row in body.findall("tr"):
            first = row[0]
            if first.get("scope") == "rowgroup":
                groups.append(text_of(first))
            else:
                lines.append(row)
    want_groups = []
    for e in f["checklist"]:
        if not want_groups or want_groups[-1] != e["group"]:
            want_groups.append(e["group"])
    ok(groups == want_groups, "%s: checklist group headings in order" % name,
       (groups, want_groups))
    if ok(len(lines) == len(f["checklist"]), "%s: %d checklist lines"
          % (name, len(f["checklist"])), len(lines)):
        wrong = []
        for e, row in zip(f["checklist"], lines):
            line, status, where = (text_of(c) for c in row)
            if line != norm(e["text"]):
                wrong.append("%s: text" % e["id"])
            if status != CHECKLIST_WORDS[e["status"]]:
                wrong.append("%s: status %s, shown %r" % (e["id"], e["status"], status))
            if e["status"] == "covered" and e["paragraph"] and "¶%d" % e["paragraph"] not in where:
                wrong.append("%s: ¶%d" % (e["id"], e["paragraph"]))
            if e["status"] == "manual" and "person" not in where:
                wrong.append("%s: for a person" % e["id"])
            if e["status"] == "not-covered" and e["findings"]:
                n = e["findings"]
                if "%d finding%s" % (n, "" if n == 1 else "s") not in where:
                    wrong.append("%s: finding count" % e["id"])
                k = next(i for i, x in enumerate(f["findings"]) if x["rule"] == e["rule"])
                if [a.get("href") for a in row[2].iter("a")] != ["#f%d-finding-%d" % (no, k + 1)]:
                    wrong.append("%s: link to its first finding" % e["id"])
        ok(not wrong, "%s: checklist statuses and places as in the JSON" % name,
           "\n".join(wrong[:20]))


def check_single(path, want_rc):
    name = os.path.basename(path)
    rc, out, err = run("--format", "html", path)
    ok(rc == want_rc, "%s: exit status %d" % (name, want_rc), (rc, err))
    rcj, js, _ = run("--format", "json", path)
    f = json.loads(js)["files"][0]
    page = check_well_formed(name, out)
    if not page:
        return None
    check_page_rules(name, page)
    ok(path in text_of(page.root.find(".//h1")), "%s: the file's path is the title" % name)
    check_file(name, page, f, 1)
    return out


def main():
    if not os.path.exists(SAMPLE):
        print("1..0 # SKIP run from the repository root")
        return 0
    tmp = tempfile.mkdtemp(prefix="dhrlint-html-")
    try:
        check_single(SAMPLE, 0)
        first = check_single(OVERVIEW, 1)

        # the same page every time, and -o writes it (and nothing to stdout)
        rc, again, _ = run("--format", "html", OVERVIEW)
        ok(first is not None and again == first, "the page is the same on every run")
        dest = os.path.join(tmp, "report.html")
        rc, out, err = run("--format", "html", "-o", dest, OVERVIEW)
        written = open(dest, "rb").read() if os.path.exists(dest) else b""
        ok(rc == 1 and out == b"" and written == first,
           "-o report.html writes the page, nothing on standard output", (rc, err))

        # A batch, with a file that cannot be read: an index worst first.
        empty = os.path.join(tmp, "empty.docx")
        open(empty, "wb").close()
        batch = [SAMPLE, OVERVIEW, empty, HOPE, GRACE]
        rc, out, err = run("--format", "html", *batch)
        ok(rc == 2, "batch with an unreadable file: exit status 2", (rc, err))
        _, js, _ = run("--format", "json", *batch)
        files = json.loads(js)["files"]
        page = check_well_formed("batch", out)
        if page:
            check_page_rules("batch", page)
            index = [t for t in page.all("table") if has_class(t, "index")]
            rows = index[0].find("tbody").findall("tr") if index else []
            order = sorted(range(len(files)), key=lambda i: (
                files[i]["status"] != "error", -files[i]["summary"]["error"],
                -files[i]["summary"]["warning"], files[i]["path"]))
            shown = [(text_of(r[0]), r[0].find("a").get("href")) for r in rows]
            want = [(files[i]["path"], "#f%d" % (i + 1)) for i in order]
            ok(shown == want, "batch: index worst first (unreadable, errors, warnings, name), "
               "each row linking to its file", (shown, want))
            results_cells = [text_of(r[1]) for r in rows]
            want_cells = [{"error": "could not be read", "fail": "FAIL", "pass": "PASS"}
                          [files[i]["status"]] for i in order]
            ok(results_cells == want_cells, "batch: the index says PASS, FAIL or could not be read",
               results_cells)
            counts = [[text_of(c) for c in r[2:5]] for r in rows]
            want_counts = [["—"] * 3 if files[i]["status"] == "error" else
                           [str(files[i]["summary"][s]) for s in ("error", "warning", "info")]
                           for i in order]
            ok(counts == want_counts, "batch: the index counts", (counts, want_counts))
            h2 = [text_of(page.by_id("f%d" % (i + 1)).find("h2")) for i in range(len(files))]
            ok(h2 == [f["path"] for f in files], "batch: one section per file, in the order given",
               h2)
            ok(len(page.all("h1")) == 1 and "5 files" in text_of(page.root.find(".//h1")),
               "batch: one title for the batch")
            summary = "5 files: %d passed, %d failed, %d could not be read" % tuple(
                sum(f["status"] == s for f in files) for s in ("pass", "fail", "error"))
            ok(summary in page.text, "batch: '%s'" % summary)
            for i, f in enumerate(files):
                check_file("batch " + os.path.basename(f["path"]), page, f, i + 1)

        # Hostile strings: a file name with markup, quotes, control characters
        # and a byte that is not UTF-8; a heading and a sentence with markup.
        name = "a<b>&\"'\x01\x1b\x7f.docx"
        hostile = os.path.join(tmp.encode(), name.encode() + b"\xff")
        hostile_name = os.fsdecode(hostile)
        shutil.copy(SAMPLE, hostile)
        rc, out, err = run("--format", "html", hostile_name)
        page = check_well_formed("hostile file name", out)
        if page:
            check_page_rules("hostile file name", page)
            ok(b"a&lt;b&gt;&amp;&quot;&#39;\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd.docx\xef\xbf\xbd"
               in out, "hostile file name: escaped, controls and the bad byte replaced")
            ok("a<b>" not in page.text, "hostile file name: no raw markup from it")
        # The Annex I group "Equality & Diversity" comes from a rule file.
        if first:
            ok(b"Equality &amp; Diversity" in first and b"Equality & Diversity" not in first,
               "a rule file's '&' is escaped")
        if not shutil.which("pandoc"):
            skip("markup in a document's text is escaped", "pandoc not installed")
        else:
            src = open("fixtures/overview-2016/overview-2016.md", encoding="utf-8").read()
            old = "The Chair wrote to Sarah's mother and brother in August 2015"
            src = src.replace(old, "The Chair wrote to Sarah's mother &amp; brother "
                                   "&lt;b&gt;\"in August 2015\"&lt;/b&gt;")
            src += ("\n\n# In memory of Sarah &amp; her \"family\" &lt;script&gt;'x'\n\n"
                    "Sarah loved her garden.\n")
            md, docx = os.path.join(tmp, "hostile.md"), os.path.join(tmp, "hostile.docx")
            open(md, "w", encoding="utf-8").write(src)
            subprocess.run(["pandoc", "-f", "markdown-smart", md, "-o", docx], check=True)
            rc, out, _ = run("--format", "html", docx)
            _, js, _ = run("--format", "json", docx)
            f = json.loads(js)["files"][0]
            page = check_well_formed("hostile text", out)
            if page:
                check_page_rules("hostile text", page)
                check_file("hostile text", page, f, 1)
                marked = [x["excerpt"] for x in f["findings"]] + \
                    [q["evidence"]["excerpt"] for q in f["family"]]
                marked = [m for m in marked if re.search(r"[&<>\"']", m)]
                esc = [m.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                       .replace('"', "&quot;").replace("'", "&#39;") for m in marked]
                ok(any("<b>" in m for m in marked) and any("<script>" in m for m in marked),
                   "hostile text: the report quotes the markup (a finding and a family row)")
                ok(all(e in page.text for e in esc), "hostile text: each quote escaped in full")
                ok("<script" not in page.text and "<b>" not in page.text,
                   "hostile text: none of it is markup in the page")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("1..%d" % len(results))
    return 0 if all(r[0] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
