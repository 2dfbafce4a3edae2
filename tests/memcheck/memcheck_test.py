#!/usr/bin/env python3
"""valgrind memcheck over the fixtures: no invalid read or write, no use of
uninitialised memory, no leak.

Usage: memcheck_test.py BINARY [--all]

Every command dhrlint has runs at least once, and `check` runs on one
fixture of each kind (the sample report as DOCX, LibreOffice DOCX, ODT and
FODT when there is one, the 2016 overview report, each anonymisation and
family set's first report) and on every per-rule fire fixture with --all.
Skipped (TAP SKIP) when valgrind is not installed or the binary is built
with a sanitizer (the two cannot run together). Output is TAP.
"""

import glob
import os
import shutil
import subprocess
import sys
import tempfile

VALGRIND = ["valgrind", "--tool=memcheck", "--error-exitcode=99", "--leak-check=full",
            "--show-leak-kinds=definite,indirect", "--errors-for-leak-kinds=definite,indirect",
            "--track-origins=no", "-q"]


def fixtures(everything):
    picks = ["fixtures/sample/sample-report.docx", "fixtures/sample/sample-report.lo.docx",
             "fixtures/sample/sample-report.odt", "fixtures/overview-2016/overview-2016.docx"]
    picks += glob.glob("fixtures/sample/*.fodt")[:1]
    for d in ("anon", "anon-heldout", "anon-blind", "family", "family-2", "family-blind"):
        first = sorted(glob.glob(f"fixtures/{d}/*.docx") + glob.glob(f"fixtures/{d}/*.odt"))
        picks += first[:1]
    if everything:
        picks += sorted(glob.glob("fixtures/rules/*.fire.docx"))
    else:
        picks += sorted(glob.glob("fixtures/rules/*.fire.docx"))[::8]
    return [p for p in picks if os.path.exists(p)]


def main(argv):
    binary = os.path.abspath(argv[1])
    everything = "--all" in argv
    if os.environ.get("DHRLINT_SANITIZED") == "1" or not shutil.which("valgrind"):
        why = "built with a sanitizer" if os.environ.get("DHRLINT_SANITIZED") == "1" \
            else "valgrind is not installed"
        print("1..1\nok 1 - memcheck # SKIP " + why)
        return 0
    with tempfile.TemporaryDirectory(prefix="dhrlint-memcheck-") as tmp:
        sample = "fixtures/sample/sample-report.docx"
        runs = [(["rules"], "rules"),
                (["dump", sample, "--format", "json"], "dump (JSON) " + sample),
                (["check", "--format", "html", "-o", os.path.join(tmp, "r.html"),
                  sample, "fixtures/overview-2016/overview-2016.docx"], "check --format html, two files"),
                (["check", "--format", "csv", "--jobs", "2", "fixtures/anon"],
                 "check --format csv --jobs 2 fixtures/anon"),
                (["checklist", sample, "-o", os.path.join(tmp, "c.docx")], "checklist " + sample),
                (["annotate", sample, "-o", os.path.join(tmp, "a.docx")], "annotate " + sample)]
        runs += [(["check", "--format", "json", f], "check " + f) for f in fixtures(everything)]
        print("1..%d" % len(runs), flush=True)
        failed = 0
        for n, (args, name) in enumerate(runs, 1):
            # valgrind reports PCRE2's JIT code, which reads past what it
            # was given on purpose: the interpreter finds the same matches.
            env = dict(os.environ, DHRLINT_NO_JIT="1")
            r = subprocess.run(VALGRIND + [binary] + args, capture_output=True, text=True,
                               errors="replace", env=env)
            ok = r.returncode in (0, 1) and "==" not in r.stderr
            failed += not ok
            print("%s %d - %s" % ("ok" if ok else "not ok", n, name))
            if not ok:
                print("# exit %d" % r.returncode)
                for line in r.stderr.splitlines()[:40]:
                    print("# " + line)
            sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
