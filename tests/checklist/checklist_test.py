#!/usr/bin/env python3
"""`dhrlint checklist FILE [-o OUT.docx]`: the Annex I checklist as a Word
document.

Usage: checklist_test.py BINARY        (run from the repository root)

The written document is read back with dhrlint's own reader (`dump --format
json`) and compared with `check --format json` of the same report: every
checklist line, in order, in its group's table with the right answer and the
place or finding; the package is checked with zipfile and ElementTree; the
output is written atomically (no temporary file left, the input never
touched); LibreOffice converts it to PDF when it is installed. Everything is
written into a temporary directory; fixtures/ is only read. TAP output;
Python 3 standard library only.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile

BINARY = os.path.abspath(sys.argv[1])
SAMPLE = "fixtures/sample/sample-report.docx"
OVERVIEW = "fixtures/overview-2016/overview-2016.docx"

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REQUIRED_PARTS = [
    "[Content_Types].xml", "_rels/.rels", "word/document.xml",
    "word/styles.xml", "word/_rels/document.xml.rels",
    "docProps/core.xml", "docProps/app.xml",
]
TICK = {
    "covered": "✓ Covered",
    "not-covered": "✗ Not covered",
    "manual": "☐ Manual check",
    "not-checked": "Not checked at this stage",
}
HEADER_ROW = ["Checklist item", "Covered?", "Where in the report / why not"]
TITLE = "DHR Submission Checklist (Annex I)"

results = []


def report(ok, name, diag=None, skip=None):
    n = len(results) + 1
    if skip:
        print(f"ok {n} - {name} # SKIP {skip}")
    else:
        print(f"{'ok' if ok else 'not ok'} {n} - {name}")
        if not ok and diag:
            for line in str(diag).splitlines()[:40]:
                print(f"  # {line}")
    sys.stdout.flush()
    results.append(bool(ok) or bool(skip))


def subtest(name):
    """Runs the decorated function at once as one TAP line: it returns None
    (pass) or a string saying what is wrong; an exception is a failure."""
    def run(fn):
        try:
            why = fn()
        except Exception as e:  # noqa: BLE001 - any crash is a failure
            why = f"{type(e).__name__}: {e}"
        report(why is None, name, why)
        return fn
    return run


sanitizer_reports = []


def dhrlint(*args, cwd=None):
    r = subprocess.run([BINARY, *args], capture_output=True, cwd=cwd, timeout=300)
    # Under ASan a fault exits 1, which for a failing report is the expected
    # status: look for the report itself.
    if b"Sanitizer" in r.stderr or b"runtime error:" in r.stderr:
        sanitizer_reports.append((args, r.stderr.decode(errors="replace")[:2000]))
    return r


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def listing(folder):
    return sorted(os.listdir(folder))


def check_json(path, *extra):
    r = dhrlint("check", "--format", "json", *extra, path)
    if r.returncode not in (0, 1):
        raise RuntimeError(f"check failed: {r.stderr.decode(errors='replace')}")
    return r.returncode, json.loads(r.stdout)["files"][0]


def dump_json(path):
    r = dhrlint("dump", "--format", "json", path)
    if r.returncode != 0:
        raise RuntimeError(f"dump of the checklist failed ({r.returncode}): "
                           f"{r.stderr.decode(errors='replace')}")
    return json.loads(r.stdout)


def tables_and_headings(dump):
    """The body as a sequence of ("heading", level, text) and ("table", rows)
    items, each row a list of cells, each cell the list of its paragraphs."""
    items, current = [], None
    for p in dump["paragraphs"]:
        if p["part"] != "body":
            continue
        t = p["table"]
        if t is None:
            current = None
            if p["heading"]:
                items.append(("heading", p["heading"], p["text"]))
            continue
        if current is None or current["id"] != t["id"]:
            current = {"id": t["id"], "rows": {}}
            items.append(("table", current))
        row = current["rows"].setdefault(t["row"], {})
        row.setdefault(t["cell"], []).append(p["text"])
    out = []
    for item in items:
        if item[0] == "table":
            rows = [[cells[c] for c in sorted(cells)]
                    for _, cells in sorted(item[1]["rows"].items())]
            out.append(("table", rows))
        else:
            out.append(item)
    return out


def section_words(heading):
    """The heading as the checklist names it: without its number."""
    m = re.match(r"^(\d+(?:\.\d+)*)[.):]?\s+(.+)$", heading)
    return m.group(2) if m else heading


def first_finding(report_json, rule):
    for f in report_json["findings"]:
        if f["rule"] == rule:
            return f
    return None


def verify_document(out, report_json, input_name):
    """None when OUT, read back, is the checklist of REPORT_JSON, else why."""
    dump = dump_json(out)
    items = tables_and_headings(dump)
    body = [p["text"] for p in dump["paragraphs"] if p["part"] == "body"]
    problems = []

    if not body or body[0] != TITLE:
        problems.append(f"first paragraph is {body[:1]!r}, not the title")
    text = "\n".join(body)
    expect = [f"Report: {input_name}",
              f"Stage: {report_json['stage']}",
              "Filled in by: dhrlint ",
              "{} at {}: {} error".format(
                  "FAIL" if report_json["status"] == "fail" else "PASS",
                  report_json["stage"], report_json["summary"]["error"]),
              "{} warning".format(report_json["summary"]["warning"]),
              "dhrlint is a second reader"]
    for want in expect:
        if want not in text:
            problems.append(f"missing from the document: {want!r}")

    sections = {s["id"]: s for s in report_json["sections"]}
    lines = report_json["checklist"]
    if not lines:
        return "check --format json gave no checklist lines"
    # Walk the document in order: each group's heading, then its table, whose
    # first row is the header and whose other rows are its lines in order.
    pos, li = 0, 0
    while li < len(lines):
        group = lines[li]["group"]
        while pos < len(items) and not (items[pos][0] == "heading" and items[pos][2] == group):
            pos += 1
        if pos >= len(items):
            problems.append(f"no heading for group {group!r} (in order)")
            break
        if pos + 1 >= len(items) or items[pos + 1][0] != "table":
            problems.append(f"group {group!r}: its heading is not followed by a table")
            break
        rows = items[pos + 1][1]
        pos += 2
        if [" ".join(c) for c in rows[0]] != HEADER_ROW:
            problems.append(f"group {group!r}: header row is {rows[0]!r}")
        body_rows = rows[1:]
        group_lines = []
        while li < len(lines) and lines[li]["group"] == group:
            group_lines.append(lines[li])
            li += 1
        if len(body_rows) != len(group_lines):
            problems.append(f"group {group!r}: {len(body_rows)} rows for "
                            f"{len(group_lines)} lines")
        for line, row in zip(group_lines, body_rows):
            why = verify_row(line, row, report_json, sections)
            if why:
                problems.append(f"{line['id']}: {why}")
    return "\n".join(problems) if problems else None


def verify_row(line, row, report_json, sections):
    if len(row) != 3:
        return f"{len(row)} cells"
    item, tick, where = row
    if " ".join(item) != line["text"]:
        return f"item is {item!r}, not {line['text']!r}"
    if not tick or tick[0] != TICK[line["status"]]:
        return f"status cell is {tick!r}, expected {TICK[line['status']]!r}"
    where_text = "\n".join(where)
    status = line["status"]
    if status == "covered":
        if line["paragraph"] and f"paragraph {line['paragraph']}" not in where_text:
            return f"covered at paragraph {line['paragraph']}, but the cell says {where!r}"
        s = sections.get(line["section"]) if line["section"] else None
        if s and s["heading"] and f"'{section_words(s['heading'])}'" not in where_text:
            return f"section {s['heading']!r} not named in {where!r}"
        if s and not s["heading"] and "title page" not in where_text:
            return f"the title page not named in {where!r}"
    elif status == "not-covered":
        f = first_finding(report_json, line["rule"])
        if f is None:
            return "not covered but check has no finding of its rule"
        if f["message"][:80] not in where_text:
            return f"first finding's message not in {where!r}"
        if line["findings"] > 1 and "see dhrlint's report" not in where_text:
            return f"{line['findings']} findings but no pointer to the report in {where!r}"
        if f"{line['findings']} finding" not in " ".join(tick):
            return f"the count of findings is not in {tick!r}"
    elif status == "manual":
        if "Chair or CSP" not in where_text:
            return f"a manual line does not say who checks it: {where!r}"
    elif status == "not-checked":
        if "check it by hand" not in where_text:
            return f"a line not checked does not say so: {where!r}"
    if line["rule"] and status != "manual" and f"dhrlint rule: {line['rule']}" not in where_text:
        return f"rule {line['rule']} not named in {where!r}"
    return None


def verify_package(path, marked=True):
    """None when PATH is a sound DOCX package, else why."""
    problems = []
    with zipfile.ZipFile(path) as z:
        bad = z.testzip()
        if bad:
            return f"bad CRC in {bad}"
        names = z.namelist()
        for part in REQUIRED_PARTS:
            if part not in names:
                problems.append(f"part {part} missing")
        if len(set(names)) != len(names):
            problems.append("duplicate part names")
        trees = {}
        for name in names:
            if name.endswith((".xml", ".rels")):
                try:
                    trees[name] = ET.fromstring(z.read(name))
                except ET.ParseError as e:
                    problems.append(f"{name} is not well-formed: {e}")
        ct = trees.get("[Content_Types].xml")
        if ct is not None:
            overrides = {o.get("PartName") for o in ct
                         if o.tag.endswith("Override")}
            for name in names:
                if name.endswith(".xml") and name != "[Content_Types].xml" \
                        and "/" + name not in overrides:
                    problems.append(f"{name} has no content type")
        rels = trees.get("word/_rels/document.xml.rels")
        if rels is not None:
            for r in rels:
                if "word/" + r.get("Target") not in names:
                    problems.append(f"relationship to missing part {r.get('Target')}")
        doc = trees.get("word/document.xml")
        if doc is not None:
            sect = doc.find(f"{W}body/{W}sectPr")
            size = sect.find(f"{W}pgSz") if sect is not None else None
            if size is None or size.get(f"{W}w") != "11906" or size.get(f"{W}h") != "16838" \
                    or size.get(f"{W}orient") not in (None, "portrait"):
                problems.append("the page is not A4 portrait")
            tables = doc.findall(f".//{W}tbl")
            if not tables:
                problems.append("no tables")
            for t in tables:
                rows = t.findall(f"{W}tr")
                if rows[0].find(f"{W}trPr/{W}tblHeader") is None:
                    problems.append("a table's header row does not repeat on each page")
                if any(r.find(f"{W}trPr/{W}cantSplit") is None for r in rows):
                    problems.append("a row may split across pages")
        styles = trees.get("word/styles.xml")
        if styles is not None:
            ids = {s.get(f"{W}styleId") for s in styles.iter(f"{W}style")}
            for want in ("Title", "Heading1", "Heading2", "TableGrid"):
                if want not in ids:
                    problems.append(f"style {want} not defined")
            grid = [s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "TableGrid"]
            if grid and grid[0].find(f"{W}tblPr/{W}tblBorders") is None:
                problems.append("the table style has no borders")
        core = trees.get("docProps/core.xml")
        if core is not None:
            creator = [e.text for e in core if e.tag.endswith("}creator")]
            if creator != ["dhrlint"]:
                problems.append(f"creator is {creator!r}")
            dated = [e.tag for e in core if "created" in e.tag or "modified" in e.tag]
            if dated:
                problems.append(f"core properties carry dates: {dated}")
        marking = b"OFFICIAL-SENSITIVE" in b"".join(
            z.read(n) for n in names if n.startswith(("word/header", "word/footer")))
        if marking != marked:
            problems.append("OFFICIAL-SENSITIVE marking " + ("missing" if marked else "present"))
    return "\n".join(problems) if problems else None


def main():
    tmp = tempfile.mkdtemp(prefix="dhrlint-checklist-")
    try:
        run_tests(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"1..{len(results)}")
    return 0 if all(results) else 1


def run_tests(tmp):
    plan_lines = ("annex-i.action-plan.1", "annex-i.action-plan.2", "annex-i.action-plan.4")
    for kind, want in (("fire", "not-covered"), ("near", "covered")):
        path = os.path.join(os.path.dirname(SAMPLE), "..", "rules",
                            f"actionplan.missing.{kind}.docx")

        @subtest(f"actionplan.missing.{kind}: the action plan's lines are {want}"
                 + (" (by actionplan.missing)" if kind == "fire" else ""))
        def _():
            _, rj = check_json(path)
            lines = {e["id"]: e for e in rj["checklist"]}
            for lid in plan_lines:
                e = lines[lid]
                if e["status"] != want:
                    return f"{lid} is {e['status']}"
                if kind == "fire" and e["rule"] != "actionplan.missing":
                    return f"{lid} decided by {e['rule']}"
            return None

    fixtures = [(SAMPLE, 0), (OVERVIEW, 1)]
    before = {path: sha256(path) for path, _ in fixtures}
    outputs = {}

    for path, expected_status in fixtures:
        name = os.path.basename(path)
        outdir = os.path.join(tmp, "out-" + name)
        os.mkdir(outdir)
        out = os.path.join(outdir, "checklist.docx")
        status, rj = check_json(path)
        r = dhrlint("checklist", path, "-o", out)
        outputs[path] = out

        @subtest(f"{name}: exit status {expected_status}, as check's")
        def _():
            if r.returncode != status or status != expected_status:
                return (f"checklist exit {r.returncode}, check exit {status}, expected "
                        f"{expected_status}; stderr: {r.stderr.decode(errors='replace')}")
            if r.stdout:
                return f"wrote to standard output: {r.stdout[:200]!r}"

        @subtest(f"{name}: only the checklist written, no temporary file left")
        def _():
            if listing(outdir) != ["checklist.docx"]:
                return f"folder holds {listing(outdir)}"

        @subtest(f"{name}: a sound DOCX package (zipfile, well-formed parts, A4, "
                 f"repeating header rows, rows kept whole)")
        def _():
            return verify_package(out)

        @subtest(f"{name}: every Annex I line, in order, in its group's table, "
                 f"with its answer and where (read back with dhrlint dump)")
        def _():
            return verify_document(out, rj, name)

        @subtest(f"{name}: the same report gives the same bytes (no date)")
        def _():
            again = os.path.join(outdir, "again.docx")
            r2 = dhrlint("checklist", path, "-o", again)
            try:
                if r2.returncode != status:
                    return f"second run exit {r2.returncode}"
                if sha256(again) != sha256(out):
                    return "two runs differ"
            finally:
                if os.path.exists(again):
                    os.unlink(again)

    @subtest("the inputs are unchanged")
    def _():
        for path, digest in before.items():
            if sha256(path) != digest:
                return f"{path} changed"

    @subtest("the statuses of both reports are tested: covered, not covered, manual")
    def _():
        seen = set()
        for path, _ in fixtures:
            seen |= {c["status"] for c in check_json(path)[1]["checklist"]}
        missing = {"covered", "not-covered", "manual"} - seen
        if missing:
            return f"no line with status {missing}: the fixtures no longer test it"

    # A line whose rule is turned off is "not checked", never ticked; the
    # stage is shown as given.
    rules = os.path.join(tmp, "off.xml")
    with open(rules, "w") as f:
        f.write('<rules xmlns="urn:dhrlint:rules:1">'
                '<override rule="checklist.condolences" disabled="true"/></rules>')
    nc_dir = os.path.join(tmp, "not-checked")
    os.mkdir(nc_dir)
    nc_out = os.path.join(nc_dir, "c.docx")

    @subtest("a disabled rule's line reads 'Not checked at this stage'; --stage draft shown")
    def _():
        status, rj = check_json(SAMPLE, "--stage", "draft", "--rules", rules)
        r = dhrlint("checklist", SAMPLE, "--stage", "draft", "--rules", rules, "-o", nc_out)
        if r.returncode != status:
            return f"exit {r.returncode}, check {status}: {r.stderr.decode(errors='replace')}"
        line = [c for c in rj["checklist"] if c["rule"] == "checklist.condolences"]
        if not line or line[0]["status"] != "not-checked":
            return f"check says {line!r}: the test no longer makes a not-checked line"
        return verify_package(nc_out) or verify_document(nc_out, rj, "sample-report.docx")

    pub_out = os.path.join(nc_dir, "pub.docx")

    @subtest("--stage publication: no OFFICIAL-SENSITIVE marking (14.1)")
    def _():
        status, rj = check_json(SAMPLE, "--stage", "publication")
        r = dhrlint("checklist", SAMPLE, "--stage", "publication", "-o", pub_out)
        if r.returncode != status:
            return f"exit {r.returncode}, check {status}: {r.stderr.decode(errors='replace')}"
        return verify_package(pub_out, marked=False) or \
            verify_document(pub_out, rj, "sample-report.docx")

    # Refusals and failures: exit 2, one line naming the file, nothing left.
    work = os.path.join(tmp, "work")
    os.mkdir(work)
    copy = os.path.join(work, "report.docx")
    shutil.copyfile(SAMPLE, copy)
    copy_hash = sha256(copy)

    def refused(args, folder, expect_listing, cwd=None):
        r = dhrlint("checklist", *args, cwd=cwd)
        err = r.stderr.decode(errors="replace")
        if r.returncode != 2:
            return f"exit {r.returncode}, not 2; stderr: {err}"
        if len(err.strip().splitlines()) != 1 or not err.startswith("dhrlint: "):
            return f"stderr is not one line: {err!r}"
        if listing(folder) != expect_listing:
            return f"left behind: {listing(folder)} (expected {expect_listing})"
        if sha256(copy) != copy_hash:
            return "the input changed"
        return None

    @subtest("-o the input itself is refused (exit 2), the input intact")
    def _():
        return refused([copy, "-o", copy], work, ["report.docx"])

    @subtest("-o the input by another name (./x/../) is refused too")
    def _():
        other = os.path.join(work, ".", "..", "work", "report.docx")
        return refused([copy, "-o", other], work, ["report.docx"])

    @subtest("-o into a missing folder: exit 2, nothing created")
    def _():
        return refused([copy, "-o", os.path.join(work, "missing", "out.docx")], work,
                       ["report.docx"])

    @subtest("-o beneath a file (not a folder): exit 2, nothing created")
    def _():
        return refused([copy, "-o", os.path.join(copy, "out.docx")], work, ["report.docx"])

    @subtest("-o an existing folder: exit 2 after writing, the temporary file removed")
    def _():
        folder = os.path.join(work, "a-folder.docx")
        os.mkdir(folder)
        try:
            why = refused([copy, "-o", folder], work, ["a-folder.docx", "report.docx"])
            return why or (f"the folder was written into: {listing(folder)}"
                           if listing(folder) else None)
        finally:
            os.rmdir(folder)

    ro = os.path.join(tmp, "read-only")
    os.mkdir(ro)
    if os.geteuid() == 0:
        report(True, "-o into a read-only folder: exit 2, nothing created",
               skip="running as root, who may write anywhere")
    else:
        @subtest("-o into a read-only folder: exit 2, nothing created")
        def _():
            os.chmod(ro, 0o555)
            try:
                return refused([copy, "-o", os.path.join(ro, "out.docx")], ro, [])
            finally:
                os.chmod(ro, 0o755)

    @subtest("an existing output is replaced whole, no temporary file left")
    def _():
        target = os.path.join(work, "old.docx")
        with open(target, "wb") as f:
            f.write(b"not a checklist")
        try:
            r = dhrlint("checklist", copy, "-o", target)
            if r.returncode != 0:
                return f"exit {r.returncode}: {r.stderr.decode(errors='replace')}"
            if listing(work) != ["old.docx", "report.docx"]:
                return f"folder holds {listing(work)}"
            if os.stat(target).st_mode & 0o777 != 0o644:
                return f"mode {oct(os.stat(target).st_mode & 0o777)}, not 0644"
            return verify_package(target)
        finally:
            os.unlink(target)

    @subtest("without -o: FILE's name + .checklist.docx, beside it")
    def _():
        r = dhrlint("checklist", "report.docx", cwd=work)
        if r.returncode != 0:
            return f"exit {r.returncode}: {r.stderr.decode(errors='replace')}"
        if listing(work) != ["report.checklist.docx", "report.docx"]:
            return f"folder holds {listing(work)}"
        why = verify_package(os.path.join(work, "report.checklist.docx"))
        os.unlink(os.path.join(work, "report.checklist.docx"))
        return why

    # Hostile strings: a file name with markup, quotes, control characters
    # and bytes that are not UTF-8 (an overlong "/", an encoded surrogate, a
    # byte that starts nothing). Only its last component is shown.
    hostile_dir = os.path.join(tmp, "hostile").encode()
    os.mkdir(hostile_dir)
    hostile = os.path.join(hostile_dir, b"<b>&amp;\"'\x01\x1b]]>\xc0\xaf\xed\xa0\x80\xff.docx")
    shutil.copyfile(SAMPLE, hostile)

    @subtest("a hostile file name is escaped and cleaned: the output is well-formed")
    def _():
        out = os.path.join(hostile_dir, b"out.docx")
        r = dhrlint("checklist", hostile, "-o", out)
        if r.returncode != 0:
            return f"exit {r.returncode}: {r.stderr.decode(errors='replace')}"
        why = verify_package(os.fsdecode(out))
        if why:
            return why
        dump = dump_json(os.fsdecode(out))
        line = [p["text"] for p in dump["paragraphs"] if p["text"].startswith("Report:")]
        want = "Report: <b>&amp;\"']]>" + "\ufffd" * 6 + ".docx"
        if line != [want]:
            return f"report line is {line!r}, expected {[want]!r}"
        if any(os.fsdecode(hostile_dir) in p["text"] for p in dump["paragraphs"]):
            return "the folder's path is in the document"

    # Hostile report text: headings dhrlint recognises (so that they are
    # quoted in the checklist) and body text full of markup.
    crafted = os.path.join(tmp, "crafted.docx")
    hostile_heading = '2. <Confidentiality & "Anonymity"> ]]>'
    make_docx(crafted, [
        ("Title", "Domestic Homicide Review <script>alert(1)</script> & ]]>"),
        ("Heading1", "1. Terms of Reference"),
        ("Normal", "The review looked at A.B. and C.D. &lt;b&gt; ]]> \u2028 \ufeff text."),
        ("Heading1", hostile_heading),
        ("Normal", "This report is confidential. The victim is referred to as 'Amira' "
                   "<b>&amp; J.S.</b> ]]>. " * 20),
    ])

    @subtest("markup-like report text comes out escaped (crafted report)")
    def _():
        out = os.path.join(tmp, "crafted.checklist.docx")
        r = dhrlint("checklist", crafted, "-o", out)
        if r.returncode not in (0, 1):
            return f"exit {r.returncode}: {r.stderr.decode(errors='replace')}"
        status, rj = check_json(crafted)
        if r.returncode != status:
            return f"exit {r.returncode}, check {status}"
        why = verify_package(out) or verify_document(out, rj, "crafted.docx")
        if why:
            return why
        quoted = "Section '<Confidentiality & \"Anonymity\"> ]]>' (2)"
        if not any(quoted in p["text"] for p in dump_json(out)["paragraphs"]):
            return f"{quoted!r} is not in the checklist: the heading did not get through"

    @subtest("no sanitizer report from any run")
    def _():
        if sanitizer_reports:
            args, err = sanitizer_reports[0]
            return f"{len(sanitizer_reports)} runs reported; the first, {args}:\n{err}"

    # LibreOffice opens it and lays it out.
    if not shutil.which("soffice"):
        report(True, "LibreOffice converts the checklist to PDF", skip="soffice not installed")
    else:
        @subtest("LibreOffice converts the checklist to PDF")
        def _():
            pdf_dir = os.path.join(tmp, "pdf")
            os.mkdir(pdf_dir)
            profile = "file://" + os.path.join(tmp, "lo-profile")
            bad = []
            for path, out in outputs.items():
                r = subprocess.run(["soffice", f"-env:UserInstallation={profile}",
                                    "--headless", "--convert-to", "pdf",
                                    "--outdir", pdf_dir, out],
                                   capture_output=True, timeout=300)
                pdf = os.path.join(pdf_dir, "checklist.pdf")
                if r.returncode != 0 or not os.path.exists(pdf) or os.path.getsize(pdf) == 0:
                    bad.append(f"{path}: soffice exit {r.returncode}, "
                               f"{r.stderr.decode(errors='replace')[-300:]}")
                    continue
                with open(pdf, "rb") as f:
                    if not f.read(5) == b"%PDF-":
                        bad.append(f"{path}: not a PDF")
                if shutil.which("pdftotext"):
                    t = subprocess.run(["pdftotext", pdf, "-"], capture_output=True,
                                       timeout=120).stdout.decode(errors="replace")
                    for want in (TITLE, "Checklist item", "Covered"):
                        if want not in t:
                            bad.append(f"{path}: {want!r} not in the PDF's text")
                os.unlink(pdf)
            return "\n".join(bad) or None


def make_docx(path, paragraphs):
    """A minimal DOCX of (style id, text) paragraphs."""
    from xml.sax.saxutils import escape
    body = "".join(
        f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
        f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
        for style, text in paragraphs)
    outline = '<w:pPr><w:outlineLvl w:val="0"/></w:pPr>'
    styles = "".join(
        f'<w:style w:type="paragraph" w:styleId="{s}"><w:name w:val="{n}"/>'
        f'{outline if s == "Heading1" else ""}</w:style>'
        for s, n in (("Normal", "Normal"), ("Title", "Title"), ("Heading1", "heading 1")))
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/content-types"><Default Extension="rels" '
                   'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.'
                   'openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                   '<Override PartName="/word/styles.xml" ContentType="application/vnd.'
                   'openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://'
                   'schemas.openxmlformats.org/package/2006/relationships"><Relationship '
                   'Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                   'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/_rels/document.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://'
                   'schemas.openxmlformats.org/package/2006/relationships"><Relationship '
                   'Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                   'relationships/styles" Target="styles.xml"/></Relationships>')
        z.writestr("word/styles.xml",
                   f'<?xml version="1.0" encoding="UTF-8"?><w:styles {ns}>{styles}</w:styles>')
        z.writestr("word/document.xml",
                   f'<?xml version="1.0" encoding="UTF-8"?><w:document {ns}><w:body>{body}'
                   f'</w:body></w:document>')


if __name__ == "__main__":
    sys.exit(main())
