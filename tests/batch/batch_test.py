#!/usr/bin/env python3
"""Batches: folders, order, parallel workers, CSV (TAP).

    tests/batch/batch_test.py BINARY

Run from the repository root (meson does). Builds a folder tree in a
temporary directory from fixtures (copies; fixtures/ is never written to)
and checks:

  - a folder stands for its .docx/.docm/.odt/.fodt files and those below it,
    by name, without Word's "~$" lock files, hidden files or other files;
  - files and folders mixed are reported in the order given;
  - --jobs 1 and --jobs 4 give the same report, byte for byte, in every
    format;
  - with one worker and with two sharing one rule set, each file's report
    is the one it gets when checked alone (nothing a check compiles or
    learns carries over to the next file), also with the prefilter or the
    JIT turned off (the shared set is then compiled otherwise);
  - a rule file that does not load stops a batch with one message, exit 2
    and no report file;
  - an unreadable file in a batch is reported with status error and exit 2
    while the others are checked as when alone;
  - --format csv: a header and one row per file, RFC 4180 (the csv module
    reads it back), its counts equal to the JSON's;
  - bad --jobs values are refused (exit 2).
"""
import csv
import io
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from taplib import Tap, run_text  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TIMEOUT = 300

SAMPLE = "fixtures/sample/sample-report.docx"
ODT = "fixtures/sample/sample-report.odt"
OVERVIEW = "fixtures/overview-2016/overview-2016.docx"
FAIL = "fixtures/rules/template.placeholder.fire.docx"


def run(binary, *args, env=None):
    return run_text([binary, *args], ROOT, TIMEOUT, env)


def paths(out):
    return [f["path"] for f in json.loads(out)["files"]]


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    binary = os.path.abspath(argv[1])
    tap = Tap(diag_max=None)
    with tempfile.TemporaryDirectory(prefix="dhrlint-batch-") as tmp:
        tree = os.path.join(tmp, "reviews")
        os.makedirs(os.path.join(tree, "b-sub", "deeper"))
        os.makedirs(os.path.join(tree, ".hidden"))
        copies = {
            "a.docx": SAMPLE, "c.odt": ODT, "b-sub/z.docx": OVERVIEW,
            "b-sub/deeper/y.docx": FAIL, "~$a.docx": SAMPLE, ".hidden/h.docx": SAMPLE,
            ".dot.docx": SAMPLE,
        }
        for name, src in copies.items():
            shutil.copy(os.path.join(ROOT, src), os.path.join(tree, name))
        open(os.path.join(tree, "notes.txt"), "w").write("not a report")
        open(os.path.join(tree, "B-upper.DOCX"), "wb").write(
            open(os.path.join(ROOT, SAMPLE), "rb").read())
        want = [os.path.join(tree, n) for n in
                ("B-upper.DOCX", "a.docx", "b-sub/deeper/y.docx", "b-sub/z.docx", "c.odt")]

        rc, out, err = run(binary, "check", "--format", "json", tree)
        got = paths(out) if out else []
        tap.result(got == want and rc == 1, "a folder: its reports and those below it, by name, "
                   "no lock, hidden or other files",
                   [f"exit {rc}", f"got {got}", f"want {want}", err.strip()[:200]])

        mixed = [os.path.join(ROOT, FAIL), tree, os.path.join(ROOT, SAMPLE)]
        rc, out, err = run(binary, "check", "--format", "json", *mixed)
        got = paths(out) if out else []
        exp = [mixed[0]] + want + [mixed[2]]
        tap.result(got == exp, "files and folders mixed: reported in the order given",
                   [f"got {got}"])

        for fmt in ("json", "text", "csv"):
            one = run(binary, "check", "--format", fmt, "--jobs", "1", tree)
            four = run(binary, "check", "--format", fmt, "--jobs", "4", tree)
            tap.result(one == four, f"--jobs 1 and --jobs 4: the same {fmt} report and exit status",
                       [f"exit {one[0]} / {four[0]}"])

        alone = {}
        for path in want:
            out = run(binary, "check", "--format", "json", path)[1]
            alone[path] = json.loads(out)["files"][0] if out else None
        for jobs in ("1", "2"):
            out = run(binary, "check", "--format", "json", "--jobs", jobs, tree)[1]
            files = json.loads(out)["files"] if out else []
            differ = [f["path"] for f in files if f != alone.get(f["path"])]
            tap.result(len(files) == len(want) and not differ,
                       f"--jobs {jobs}: each file's report is the one it gets alone",
                       [f"{len(files)} files", f"differ: {differ}"])

        # A shared rule set is compiled whole before the workers start, and
        # differently when the prefilter or JIT is off: the same findings.
        whole = run(binary, "check", "--format", "json", "--jobs", "1", tree)
        for env in ({"DHRLINT_NO_PREFILTER": "1"}, {"DHRLINT_NO_JIT": "1"}):
            two = run(binary, "check", "--format", "json", "--jobs", "2", tree, env=env)
            name = next(iter(env))
            tap.result(two == whole, f"--jobs 2 with {name}=1: the report of --jobs 1",
                       [f"exit {two[0]} / {whole[0]}", two[2].strip()[:200]])

        bad_rules = os.path.join(tmp, "bad-rules.xml")
        open(bad_rules, "w").write("<rules><rule id='x'>not closed</rules>")
        report = os.path.join(tmp, "report.json")
        rc, out, err = run(binary, "check", "--format", "json", "--jobs", "2", "--rules",
                           bad_rules, "-o", report, tree)
        lines = [l for l in err.splitlines() if l.strip()]
        tap.result(rc == 2 and len(lines) == 1 and "bad-rules.xml" in err
                   and not os.path.exists(report),
                   "a rule file that does not load: one message, exit 2, no report file",
                   [f"exit {rc}", err.strip()[:300], f"report written: {os.path.exists(report)}"])

        empty = os.path.join(tmp, "empty.docx")
        open(empty, "wb").close()
        rc, out, err = run(binary, "check", "--format", "json", "--jobs", "3",
                           os.path.join(ROOT, SAMPLE), empty, os.path.join(ROOT, OVERVIEW))
        files = json.loads(out)["files"] if out else []
        alone = [json.loads(run(binary, "check", "--format", "json", os.path.join(ROOT, f))[1])
                 ["files"][0] for f in (SAMPLE, OVERVIEW)]
        ok = (rc == 2 and len(files) == 3 and files[1]["status"] == "error"
              and files[1]["error"] and files[0] == alone[0] and files[2] == alone[1]
              and len([l for l in err.splitlines() if l.strip()]) == 1)
        tap.result(ok, "an unreadable file in a batch: status error, exit 2, one stderr line, "
                   "the others as when alone", [f"exit {rc}", err.strip()[:300]])

        rc, out, err = run(binary, "check", "--format", "csv", tree, empty)
        rows = list(csv.reader(io.StringIO(out, newline="")))
        js = json.loads(run(binary, "check", "--format", "json", tree, empty)[1])["files"]
        header = rows[0] if rows else []
        bad = []
        if not out.endswith("\r\n") or "\n" in out.replace("\r\n", ""):
            bad.append("lines not ended by CRLF")
        if len(rows) != len(js) + 1:
            bad.append(f"{len(rows)} rows for {len(js)} files")
        for row, f in zip(rows[1:], js):
            rec = dict(zip(header, row))
            fam = [x["status"] for x in f["family"]]
            missing = [x["location"]["section"] for x in f["findings"]
                       if x["rule"] == "template.section-missing"]
            cats = {}
            for x in f["findings"]:
                cats[x["category"]] = cats.get(x["category"], 0) + 1
            want_rec = {"path": f["path"], "status": f["status"], "stage": f["stage"],
                        "errors": str(f["summary"]["error"]),
                        "warnings": str(f["summary"]["warning"]),
                        "info": str(f["summary"]["info"]),
                        "family_met": str(fam.count("met")),
                        "family_explained": str(fam.count("explained")),
                        "family_missing": str(fam.count("missing")),
                        "missing_sections": " ".join(missing),
                        "anon": str(cats.get("anon", 0)), "template": str(cats.get("template", 0)),
                        "error": f["error"] or ""}
            diff = {k: (rec.get(k), v) for k, v in want_rec.items() if rec.get(k) != v}
            if diff:
                bad.append(f"{f['path']}: {diff}")
        tap.result(not bad and rc == 2, "--format csv: one row per file, read back by the csv "
                   "module, its counts the JSON's", bad[:5])

        for jobs in ("0", "65", "x", ""):
            rc, out, err = run(binary, "check", "--jobs", jobs, os.path.join(ROOT, SAMPLE))
            tap.result(rc == 2 and not out, f"--jobs {jobs!r} is refused (exit 2)", [f"exit {rc}"])
    print(f"1..{tap.n}")
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
