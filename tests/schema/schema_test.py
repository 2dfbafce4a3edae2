#!/usr/bin/env python3
"""`dhrlint check --format json` against SPEC.md's JSON schema version 1 (TAP).

    tests/schema/schema_test.py BINARY        (run from the project root)

Runs `BINARY check --format json --stage STAGE FILE` for every stage on each
committed fixture (fixtures/sample, fixtures/overview-2016, some of
fixtures/rules), on a document built here with pandoc that puts findings in a
table, a footnote, an image's alt text, a tracked deletion and the document
properties, on files that cannot be read, and on several files at once. Each
output is validated against report.schema.json by the small validator below
(it implements exactly the keywords the schema uses and refuses any other),
then checked for what a schema cannot say: summary counts, status and exit
status, paths and stages, and every finding's location against
`BINARY dump --format json` of the same file (paragraph exists, table position,
offset + length inside the text, excerpt == that slice, section == the section
the paragraph lies in, deleted_by == the revision's author). Self-tests feed
deliberately broken documents to the validator and to the invariant checks
and expect them to be rejected.

Python 3 standard library only; needs pandoc for the generated document.
"""

import copy
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zlib
import struct

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from taplib import Tap  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SCHEMA_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "report.schema.json")
STAGES = ("draft", "submission", "publication")
TIMEOUT = 300 if os.environ.get("DHRLINT_SANITIZED") else 120
RULE_FIXTURES = (
    "fixtures/rules/template.placeholder.fire.docx",
    "fixtures/rules/template.toc-stale.fire.docx",
    "fixtures/rules/template.heading-styles.fire.docx",
    "fixtures/rules/template.acronym-undefined.fire.docx",
    "fixtures/rules/checklist.timescales.dates.fire.docx",
    "fixtures/rules/checklist.equality.characteristic.fire.odt",
    "fixtures/rules/template.section-order.fire.odt",
)


# --------------------------------------------------------------------------
# A validator for the subset of JSON Schema (2020-12) that report.schema.json
# uses. Unknown keywords are an error, so the schema cannot quietly rely on
# something this does not check.

class SchemaError(Exception):
    pass


ANNOTATIONS = {"$schema", "$id", "$comment", "title", "description", "$defs"}
KEYWORDS = ANNOTATIONS | {"$ref", "type", "const", "enum", "properties", "required",
                          "additionalProperties", "items", "maxItems", "minimum",
                          "maximum", "minLength", "pattern"}


def _is_type(value, t):
    if t == "null":
        return value is None
    if t == "boolean":
        return isinstance(value, bool)
    if t == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if t == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if t == "string":
        return isinstance(value, str)
    if t == "array":
        return isinstance(value, list)
    if t == "object":
        return isinstance(value, dict)
    raise SchemaError(f"unknown type {t!r}")


def _json_equal(a, b):
    # JSON equality: 1 != true, 1 == 1.0
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return a == b


def validate(instance, schema, root=None, path="$"):
    """A list of 'path: problem' strings; empty when INSTANCE is valid."""
    root = schema if root is None else root
    if schema is True:
        return []
    if schema is False:
        return [f"{path}: not allowed"]
    unknown = set(schema) - KEYWORDS
    if unknown:
        raise SchemaError(f"unsupported keyword(s) {sorted(unknown)} at {path}")
    errors = []
    if "$ref" in schema:
        ref = schema["$ref"]
        if not ref.startswith("#/"):
            raise SchemaError(f"unsupported $ref {ref}")
        target = root
        for part in ref[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        errors += validate(instance, target, root, path)
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is_type(instance, t) for t in types):
            return errors + [f"{path}: {json.dumps(instance)[:60]} is not of type {types}"]
    if "const" in schema and not _json_equal(instance, schema["const"]):
        errors.append(f"{path}: {json.dumps(instance)[:60]} is not {json.dumps(schema['const'])}")
    if "enum" in schema and not any(_json_equal(instance, e) for e in schema["enum"]):
        errors.append(f"{path}: {json.dumps(instance)[:60]} is not one of {schema['enum']}")
    if isinstance(instance, str):
        if "minLength" in schema and len(instance) < schema["minLength"]:
            errors.append(f"{path}: shorter than {schema['minLength']}")
        if "pattern" in schema and not re.search(schema["pattern"], instance):
            errors.append(f"{path}: {instance!r} does not match {schema['pattern']}")
    if _is_type(instance, "number"):
        if "minimum" in schema and instance < schema["minimum"]:
            errors.append(f"{path}: {instance} < {schema['minimum']}")
        if "maximum" in schema and instance > schema["maximum"]:
            errors.append(f"{path}: {instance} > {schema['maximum']}")
    if isinstance(instance, dict):
        props = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in instance:
                errors.append(f"{path}: missing required property {key!r}")
        for key, value in instance.items():
            if key in props:
                errors += validate(value, props[key], root, f"{path}.{key}")
            elif "additionalProperties" in schema:
                extra = schema["additionalProperties"]
                if extra is False:
                    errors.append(f"{path}: unexpected property {key!r}")
                else:
                    errors += validate(value, extra, root, f"{path}.{key}")
    if isinstance(instance, list):
        if "maxItems" in schema and len(instance) > schema["maxItems"]:
            errors.append(f"{path}: more than {schema['maxItems']} items")
        if "items" in schema:
            for i, item in enumerate(instance):
                errors += validate(item, schema["items"], root, f"{path}[{i}]")
    return errors


# --------------------------------------------------------------------------

def run(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return None, b"", f"timed out after {TIMEOUT}s".encode()
    return p.returncode, p.stdout, p.stderr


def stderr_lines(err):
    """stderr's lines, without sanitizer chatter (none is expected anyway)."""
    return [l for l in err.decode("utf-8", "replace").splitlines() if l.strip()]


# --------------------------------------------------------------------------
# The invariants a schema cannot state.

def section_at(sections, paragraph):
    """The (id, heading) pairs a body paragraph may belong to: the last
    section starting at or before it (two when one heading names two)."""
    before = [s for s in sections if s["paragraph"] <= paragraph]
    if not before:
        return {(None, None)}
    last = max(s["paragraph"] for s in before)
    return {(s["id"], s["heading"]) for s in before if s["paragraph"] == last}


def check_file(f, path, stage, dump, version=None):
    """Problems with one readable file's report F (DUMP: its dump JSON)."""
    bad = []
    if f["path"] != path:
        bad.append(f"path {f['path']!r}, expected {path!r}")
    if f["stage"] != stage:
        bad.append(f"stage {f['stage']!r}, expected {stage!r}")
    if f["error"] is not None or f["status"] == "error":
        bad.append(f"readable file reported as an error: {f['error']!r}")
    if dump is not None and f["format"] != dump.get("format"):
        bad.append(f"format {f['format']!r}, dump says {dump.get('format')!r}")
    counts = {"error": 0, "warning": 0, "info": 0}
    for x in f["findings"]:
        counts[x["severity"]] = counts.get(x["severity"], 0) + 1
    if counts != f["summary"]:
        bad.append(f"summary {f['summary']} but the findings count {counts}")
    want = "fail" if f["summary"]["error"] > 0 else "pass"
    if f["status"] != want:
        bad.append(f"status {f['status']!r} with summary.error {f['summary']['error']}")

    paras = {(p["part"], p["n"]): p for p in dump["paragraphs"]} if dump else {}
    sections = f["sections"]
    ids = [s["id"] for s in sections]
    if len(ids) != len(set(ids)):
        bad.append(f"a section id is listed twice: {ids}")
    prev = 0
    for s in sections:
        if s["paragraph"] < prev:
            bad.append(f"sections out of document order at {s['id']}")
        prev = s["paragraph"]
        p = paras.get(("body", s["paragraph"]))
        if p is None:
            bad.append(f"section {s['id']}: no body paragraph {s['paragraph']}")
        elif s["heading"] is not None and s["heading"] != p["text"]:
            bad.append(f"section {s['id']}: heading {s['heading']!r} but body "
                       f"¶{s['paragraph']} reads {p['text']!r}")
        if s["heading"] is None and s["id"] != "title-page":
            bad.append(f"section {s['id']} has no heading")
    reqs = [r["requirement"] for r in f["family"]]
    if len(reqs) != len(set(reqs)):
        bad.append(f"a family requirement is listed twice: {reqs}")
    for r in f["family"]:
        ev = r["evidence"]
        if ev["paragraph"] is not None:
            p = paras.get(("body", ev["paragraph"]))
            if p is None or ev["excerpt"] not in p["text"]:
                bad.append(f"family requirement {r['requirement']}: evidence not in body "
                           f"¶{ev['paragraph']}")

    for i, x in enumerate(f["findings"]):
        L = x["location"]
        where = f"finding {i} ({x['rule']} {L['part']} ¶{L['paragraph']})"
        for key in ("message", "suggestion"):
            left = re.findall(r"\{(?:section|item|excerpt|words|count|total)\}", x.get(key) or "")
            if left:
                bad.append(f"{where}: {key} still holds {left}")
        if x["category"] != x["rule"].split(".")[0]:
            bad.append(f"{where}: category {x['category']!r} is not the rule's family")
        tpos = (L["table"], L["row"], L["cell"])
        if any(v is None for v in tpos) and any(v is not None for v in tpos):
            bad.append(f"{where}: table/row/cell only partly given {tpos}")
        if (L["offset"] is None) != (L["length"] is None):
            bad.append(f"{where}: offset and length not both given")
        if L["offset"] is not None and L["paragraph"] is None:
            bad.append(f"{where}: an offset without a paragraph")
        if ("deleted_by" in L) != (L["part"] == "revision"):
            bad.append(f"{where}: deleted_by {'given outside' if 'deleted_by' in L else 'missing in'} "
                       "a revision")
        if x["rule"] == "template.section-missing":
            if L["paragraph"] is not None or x["excerpt"] != "":
                bad.append(f"{where}: a missing section with a paragraph or an excerpt")
            if L["section"] is None or L["section"] in ids:
                bad.append(f"{where}: location.section {L['section']!r} is not a missing section")
        if L["paragraph"] is None:
            continue
        p = paras.get((L["part"], L["paragraph"]))
        if p is None:
            bad.append(f"{where}: dump has no such paragraph")
            continue
        t = p["table"]
        dump_tpos = (t["id"], t["row"], t["cell"]) if t else (None, None, None)
        if tpos != dump_tpos:
            bad.append(f"{where}: table position {tpos}, dump says {dump_tpos}")
        if L["offset"] is not None:
            text = p["text"]
            end = L["offset"] + L["length"]
            if end > len(text):
                bad.append(f"{where}: offset {L['offset']} + length {L['length']} past the "
                           f"paragraph's {len(text)} characters")
            elif x["excerpt"] != text[L["offset"]:end]:
                bad.append(f"{where}: excerpt {x['excerpt']!r} but the text there is "
                           f"{text[L['offset']:end]!r}")
        if "deleted_by" in L and L["deleted_by"] != p.get("author"):
            bad.append(f"{where}: deleted_by {L['deleted_by']!r}, dump says {p.get('author')!r}")
        # The section a paragraph lies in: a body paragraph's own; a note's,
        # comment's, text box's, alt text's or deleted text's, its anchor's.
        at = None
        if L["part"] == "body":
            at = L["paragraph"]
        elif p.get("anchor") and p["anchor"].get("part") == "body":
            at = p["anchor"]["n"]
        if at is not None:
            allowed = section_at(sections, at)
            if (L["section"], L["heading"]) not in allowed:
                bad.append(f"{where}: section/heading {(L['section'], L['heading'])}, but body "
                           f"¶{at} lies in {sorted(allowed, key=str)}")
    return bad


def check_error_file(f, path, stage, lines):
    bad = []
    if f["path"] != path:
        bad.append(f"path {f['path']!r}, expected {path!r}")
    if f["stage"] != stage:
        bad.append(f"stage {f['stage']!r}, expected {stage!r}")
    if f["status"] != "error" or f["format"] is not None or not f["error"]:
        bad.append(f"status {f['status']!r}, format {f['format']!r}, error {f['error']!r}")
    if f["summary"] != {"error": 0, "warning": 0, "info": 0} or f["sections"] or f["family"] \
            or f["findings"]:
        bad.append("an unreadable file with counts, sections, family rows or findings")
    want = f"dhrlint: {path}: {f['error']}"
    if want not in lines:
        bad.append(f"stderr lacks {want!r}: {lines}")
    return bad


def check_run(doc, rc, err, paths, stage, dumps, version):
    """Problems with a whole `check` run (DOC parsed, RC its exit status)."""
    bad = []
    if doc["tool"]["version"] != version:
        bad.append(f"tool.version {doc['tool']['version']!r}, --version says {version!r}")
    got = [f["path"] for f in doc["files"]]
    if got != paths:
        return bad + [f"files {got}, expected {paths} in that order"]
    lines = stderr_lines(err)
    statuses = [f["status"] for f in doc["files"]]
    want_rc = 2 if "error" in statuses else 1 if "fail" in statuses else 0
    if rc != want_rc:
        bad.append(f"exit status {rc} with statuses {statuses} (expected {want_rc})")
    if len(lines) != statuses.count("error"):
        bad.append(f"{len(lines)} stderr lines for {statuses.count('error')} unreadable files: "
                   f"{lines[:3]}")
    for f, path in zip(doc["files"], paths):
        if f["status"] == "error":
            bad += [f"{path}: {b}" for b in check_error_file(f, path, stage, lines)]
        else:
            bad += [f"{path}: {b}" for b in check_file(f, path, stage, dumps.get(path), version)]
    return bad


# --------------------------------------------------------------------------

def png_1x1():
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))


PARTS_MD = """\
Domestic Homicide Review

Northmoor Community Safety Partnership

# Timescales

The review began in [insert date] and was led by \
[Jane Marlow]{.deletion author="Ann Editor" date="2024-01-01T00:00:00Z"}\
[the Chair]{.insertion author="Ann Editor" date="2024-01-01T00:00:00Z"}.[^1]

| Event | When |
|-------|------|
| Panel | TBC |
| Report | xx/xx/xxxx |

![Panel photograph, TBC](dot.png "Panel, date xx/xx/xxxx")

# Analysis

A note: [Marlow to check]{.comment-start id="0" author="Ann Editor"}TBC[]{.comment-end id="0"}.
Non-BMP text 😀 then TBC.

[^1]: The panel first met on [insert date] \u2014 \u201cTBC\u201d \U0001F600 and TBC.
"""

PARTS_RULES = """\
<?xml version="1.0" encoding="UTF-8"?>
<rules xmlns="urn:dhrlint:rules:1">
  <rule id="local.surname" severity="info" stages="draft submission publication">
    <message>A surname is left in: {excerpt}.</message>
    <source>Schema test</source>
    <forbid scope="all"><match case="sensitive">\\bMarlow\\b</match></forbid>
  </rule>
</rules>
"""


def build_parts(tmp):
    """A DOCX with findings outside plain body text, or (None, why)."""
    pandoc = shutil.which("pandoc")
    if not pandoc:
        return None, "pandoc not found (a test dependency)"
    with open(os.path.join(tmp, "dot.png"), "wb") as fh:
        fh.write(png_1x1())
    with open(os.path.join(tmp, "parts.md"), "w", encoding="utf-8") as fh:
        fh.write(PARTS_MD)
    with open(os.path.join(tmp, "parts-rules.xml"), "w", encoding="utf-8") as fh:
        fh.write(PARTS_RULES)
    out = os.path.join(tmp, "parts.docx")
    p = subprocess.run([pandoc, "parts.md", "-M", "subject=Report TBC", "-o", out],
                       capture_output=True, cwd=tmp, timeout=120)
    if p.returncode != 0:
        return None, "pandoc failed: " + p.stderr.decode("utf-8", "replace")[:200]
    return out, None


def main():
    if len(sys.argv) != 2:
        print("usage: schema_test.py BINARY", file=sys.stderr)
        return 2
    binary = os.path.abspath(sys.argv[1])
    tap = Tap(diag_always=True, diag_max=25)
    with open(SCHEMA_PATH, encoding="utf-8") as fh:
        schema = json.load(fh)

    rc, out, _ = run([binary, "--version"])
    version = out.decode().strip().split()[-1] if rc == 0 and out.strip() else "?"

    tmp = tempfile.mkdtemp(prefix="dhrlint-schema-")
    try:
        files = sorted(os.path.relpath(p, ROOT) for pat in ("*.docx", "*.odt")
                       for p in glob.glob(os.path.join(ROOT, "fixtures", "sample", pat)))
        files += sorted(os.path.relpath(p, ROOT) for p in
                        glob.glob(os.path.join(ROOT, "fixtures", "overview-2016", "*.docx")))
        files += list(RULE_FIXTURES)
        tap.result(len(files) >= 4 + len(RULE_FIXTURES)
                   and all(os.path.isfile(os.path.join(ROOT, f)) for f in files),
                   f"fixtures found ({len(files)})", [f for f in files
                                                     if not os.path.isfile(os.path.join(ROOT, f))])

        parts, why = build_parts(tmp)
        tap.result(parts is not None, "build a DOCX with a table, note, alt text, "
                   "tracked deletion and properties (pandoc)", [why] if why else [])
        runs = [(f, []) for f in files]
        if parts:
            runs += [(parts, []), (parts, ["--rules", os.path.join(tmp, "parts-rules.xml")])]

        # dump of each file: the text offsets are checked against.
        dumps = {}
        for f, _extra in runs:
            if f in dumps:
                continue
            rc, out, err = run([binary, "dump", "--format", "json", f])
            try:
                dumps[f] = json.loads(out) if rc == 0 else None
            except ValueError:
                dumps[f] = None
            if dumps[f] is None:
                tap.result(False, f"dump --format json {f}", stderr_lines(err)[:3])

        samples = {}  # (path, stage) -> report, for the batch runs
        parts_seen = set()
        for f, extra in runs:
            for stage in STAGES:
                name = f"{f}{' ' + ' '.join(extra[:1]) if extra else ''} --stage {stage}"
                rc, out, err = run([binary, "check", "--format", "json", "--stage", stage]
                                   + extra + [f])
                try:
                    doc = json.loads(out)
                except ValueError as e:
                    tap.result(False, f"schema: {name}", [f"exit {rc}, not JSON: {e}"]
                               + stderr_lines(err)[:3])
                    tap.result(False, f"invariants: {name}", ["no output"])
                    continue
                errors = validate(doc, schema)
                tap.result(not errors, f"schema: {name}", errors)
                if errors:
                    tap.result(False, f"invariants: {name}", ["output does not follow the schema"])
                    continue
                bad = check_run(doc, rc, err, [f], stage, dumps, version)
                tap.result(not bad, f"invariants: {name} (exit {rc}, "
                           f"{len(doc['files'][0]['findings'])} findings)", bad)
                if not extra:
                    samples[(f, stage)] = doc["files"][0]
                if f == parts:
                    parts_seen |= {x["location"]["part"] for x in doc["files"][0]["findings"]}
                    parts_seen |= {"table" for x in doc["files"][0]["findings"]
                                   if x["location"]["table"] is not None}
        if parts:
            want = {"body", "footnote", "alt-text", "metadata", "revision", "table"}
            tap.result(want <= parts_seen, "the generated DOCX has findings in "
                       + ", ".join(sorted(want)),
                       [] if want <= parts_seen else [f"seen: {sorted(parts_seen)}"])

        # The default stage is submission.
        f0 = files[0]
        rc, out, err = run([binary, "check", "--format", "json", f0])
        try:
            doc = json.loads(out)
            bad = validate(doc, schema) or check_run(doc, rc, err, [f0], "submission", dumps,
                                                     version)
            if not bad and samples.get((f0, "submission")) != doc["files"][0]:
                bad = ["differs from --stage submission"]
        except ValueError as e:
            bad = [f"not JSON: {e}"]
        tap.result(not bad, f"no --stage is --stage submission ({f0})", bad)

        # Files that cannot be read.
        empty = os.path.join(tmp, "empty.docx")
        open(empty, "wb").close()
        missing = os.path.join(tmp, "no-such-report.docx")
        for path, what in ((empty, "an empty file"), (missing, "a file that does not exist")):
            for stage in ("submission", "draft"):
                rc, out, err = run([binary, "check", "--format", "json", "--stage", stage, path])
                try:
                    doc = json.loads(out)
                    bad = validate(doc, schema) or check_run(doc, rc, err, [path], stage, dumps,
                                                             version)
                    if not bad and (rc != 2 or doc["files"][0]["status"] != "error"):
                        bad = [f"exit {rc}, status {doc['files'][0]['status']}"]
                except ValueError as e:
                    bad = [f"exit {rc}, not JSON: {e}"] + stderr_lines(err)[:2]
                tap.result(not bad, f"{what}: status error, exit 2, one stderr line "
                           f"(--stage {stage})", bad)

        # A folder is a batch (SPEC: "directory instead of file" is bad input
        # for the commands that read one file); a folder with no report in
        # it is bad input for check too: exit 2, one line, no report.
        bare = os.path.join(tmp, "no-reports")
        os.makedirs(bare, exist_ok=True)
        open(os.path.join(bare, "notes.txt"), "w").close()
        for cmd, what in ((["check", "--format", "json", bare], "check of a folder with no report"),
                          (["dump", bare], "dump of a folder"),
                          (["checklist", bare, "-o", os.path.join(tmp, "c.docx")],
                           "checklist of a folder"),
                          (["annotate", bare, "-o", os.path.join(tmp, "a.docx")],
                           "annotate of a folder")):
            rc, out, err = run([binary] + cmd)
            lines = stderr_lines(err)
            bad = [] if rc == 2 and len(lines) == 1 and not out else \
                [f"exit {rc}, {len(out)} bytes out"] + lines[:3]
            tap.result(not bad, f"{what}: exit 2, one stderr line, nothing written", bad)

        # Several files at once: in order, each as when checked alone.
        pass_f = "fixtures/sample/sample-report.docx"
        fail_f = "fixtures/rules/template.placeholder.fire.docx"
        batches = [([pass_f, fail_f], 1), ([fail_f, pass_f], 1), ([empty, pass_f], 2),
                   ([fail_f, empty, pass_f], 2), ([pass_f, "fixtures/sample/sample-report.odt"], 0)]
        for batch, want_rc in batches:
            stage = "submission"
            rc, out, err = run([binary, "check", "--format", "json", "--stage", stage] + batch)
            try:
                doc = json.loads(out)
                bad = validate(doc, schema) or check_run(doc, rc, err, batch, stage, dumps, version)
                if not bad and rc != want_rc:
                    bad = [f"exit {rc}, expected {want_rc}"]
                for f, path in zip(doc["files"], batch) if not bad else ():
                    alone = samples.get((path, stage))
                    if alone is not None and f != alone:
                        bad.append(f"{path}: its report differs from checking it alone")
            except ValueError as e:
                bad = [f"exit {rc}, not JSON: {e}"]
            shown = " ".join(os.path.basename(p) for p in batch)
            tap.result(not bad, f"batch {shown}: exit {want_rc}, each file as alone", bad)

        # Self-tests: the validator and the invariant checks must be able to fail.
        base = samples.get((fail_f, "submission"))
        if base is None:
            tap.result(False, "self-test: a real report to break", ["no report of " + fail_f])
        else:
            good = {"tool": {"name": "dhrlint", "version": version}, "schema": 1,
                    "files": [copy.deepcopy(base)]}
            tap.result(not validate(good, schema), "self-test: the unbroken document validates",
                       validate(good, schema))
            placed = next(i for i, x in enumerate(base["findings"])
                          if x["location"]["offset"] is not None)

            def mut(fn):
                d = copy.deepcopy(good)
                fn(d, d["files"][0], d["files"][0]["findings"][placed])
                return d

            broken = [
                ("schema 2", lambda d, f, x: d.update(schema=2)),
                ("schema \"1\"", lambda d, f, x: d.update(schema="1")),
                ("an unknown top-level key", lambda d, f, x: d.update(extra=True)),
                ("tool.name other", lambda d, f, x: d["tool"].update(name="lint")),
                ("format doc", lambda d, f, x: f.update(format="doc")),
                ("stage final", lambda d, f, x: f.update(stage="final")),
                ("status ok", lambda d, f, x: f.update(status="ok")),
                ("summary.error -1", lambda d, f, x: f["summary"].update(error=-1)),
                ("summary.warning 1.5", lambda d, f, x: f["summary"].update(warning=1.5)),
                ("summary.info true", lambda d, f, x: f["summary"].update(info=True)),
                ("summary without info", lambda d, f, x: f["summary"].pop("info")),
                ("an unknown file key", lambda d, f, x: f.update(verdict="pass")),
                ("sections[].paragraph 0",
                 lambda d, f, x: f["sections"][0].update(paragraph=0)),
                ("sections[].id upper case",
                 lambda d, f, x: f["sections"][0].update(id="Title-Page")),
                ("family requirement 10", lambda d, f, x: f["family"].append(
                    {"requirement": 10, "status": "met",
                     "evidence": {"paragraph": 1, "excerpt": ""}})),
                ("family status unknown", lambda d, f, x: f["family"].append(
                    {"requirement": 1, "status": "unknown",
                     "evidence": {"paragraph": 1, "excerpt": ""}})),
                ("family without evidence", lambda d, f, x: f["family"].append(
                    {"requirement": 1, "status": "met"})),
                ("ten family rows", lambda d, f, x: f["family"].extend(
                    [{"requirement": 1, "status": "met",
                      "evidence": {"paragraph": 1, "excerpt": ""}}] * 10)),
                ("rule without a dot", lambda d, f, x: x.update(rule="placeholder")),
                ("rule upper case", lambda d, f, x: x.update(rule="Template.Placeholder")),
                ("severity fatal", lambda d, f, x: x.update(severity="fatal")),
                ("empty message", lambda d, f, x: x.update(message="")),
                ("no source", lambda d, f, x: x.pop("source")),
                ("suggestion null", lambda d, f, x: x.update(suggestion=None)),
                ("an unknown finding key", lambda d, f, x: x.update(guidance="8.1")),
                ("excerpt null", lambda d, f, x: x.update(excerpt=None)),
                ("part main", lambda d, f, x: x["location"].update(part="main")),
                ("location without offset", lambda d, f, x: x["location"].pop("offset")),
                ("offset -1", lambda d, f, x: x["location"].update(offset=-1)),
                ("paragraph \"7\"", lambda d, f, x: x["location"].update(paragraph="7")),
                ("an unknown location key", lambda d, f, x: x["location"].update(page=3)),
                ("deleted_by null", lambda d, f, x: x["location"].update(deleted_by=None)),
            ]
            missed = [name for name, fn in broken if not validate(mut(fn), schema)]
            tap.result(not missed, f"self-test: the validator rejects {len(broken)} broken "
                       "documents", [f"accepted: {m}" for m in missed])

            inv_broken = [
                ("summary off by one", lambda d, f, x: f["summary"].update(
                    error=f["summary"]["error"] + 1)),
                ("status pass with errors", lambda d, f, x: f.update(status="pass")),
                ("excerpt not the text at offset", lambda d, f, x: x.update(
                    excerpt=x["excerpt"] + "!")),
                ("offset past the paragraph", lambda d, f, x: x["location"].update(
                    offset=x["location"]["offset"] + 100000)),
                ("wrong section", lambda d, f, x: x["location"].update(section="glossary")),
                ("a table position outside a table", lambda d, f, x: x["location"].update(
                    table=1, row=1, cell=1)),
                ("deleted_by in the body", lambda d, f, x: x["location"].update(
                    deleted_by="X")),
                ("path changed", lambda d, f, x: f.update(path="other.docx")),
                ("stage changed", lambda d, f, x: f.update(stage="draft")),
                ("a message placeholder left in", lambda d, f, x: x.update(
                    message=x["message"] + " {section}")),
            ]
            missed = []
            for name, fn in inv_broken:
                d = mut(fn)
                if not check_run(d, 1, b"", [fail_f], "submission", dumps, version):
                    missed.append(name)
            if check_run(good, 1, b"", [fail_f], "submission", dumps, version):
                missed.append("(the unbroken document is flagged)")
            if not check_run(good, 0, b"", [fail_f], "submission", dumps, version):
                missed.append("exit status 0 for a failing file")
            tap.result(not missed, f"self-test: the invariant checks catch {len(inv_broken) + 1} "
                       "broken reports", [f"missed: {m}" for m in missed])

            try:
                validate({}, {"type": "object", "oneOf": []})
                tap.result(False, "self-test: the validator refuses keywords it does not check")
            except SchemaError:
                tap.result(True, "self-test: the validator refuses keywords it does not check")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
