#!/usr/bin/env python3
"""Large but valid documents through the whole check.

Usage: limits_test.py BINARY

A check must finish on any document the reader accepts, without a pass that
grows with the square of a paragraph's length or of the number of
paragraphs. The documents are generated here (nothing committed): 100,000
short paragraphs, and single paragraphs of 5 MB shaped to hit the per-match
work of the rules (real sentences full of dates and names; no full stop at
all; quotation marks never closed; random report words).

Each case must exit 0 or 1 with a JSON report that parses and has findings
where the text invites them, and (outside the sanitizer build) stay under a
64 MB peak RSS. Times are printed, never asserted: tools/bench measures
speed, and meson's test timeout catches a hang. Output is TAP.
"""

import json
import os
import random
import subprocess
import sys
import tempfile
import time
import zipfile

MB = 1000 * 1000
RSS_LIMIT_MB = 64
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>')


def xml_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_docx(path, paragraphs):
    body = "".join("<w:p><w:r><w:t xml:space=\"preserve\">%s</w:t></w:r></w:p>"
                   % xml_escape(p) for p in paragraphs)
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<w:document xmlns:w="%s"><w:body>%s</w:body></w:document>' % (W_NS, body))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", PACKAGE_RELS)
        z.writestr("word/document.xml", doc)
    return path


def repeat_to(unit, size):
    return (unit * (size // len(unit) + 1))[:size]


def many_short_paragraphs():
    return ["%d. On 14 March 2021 Lena spoke to the GP about Craig." % i
            if i % 10 == 0 else "Paragraph %d of the chronology." % i
            for i in range(100000)]


def random_words(size):
    rng = random.Random(1)
    words = ["Lena", "Craig", "Mr", "Smith", "the", "GP", "on", "14", "March", "2021",
             "said", "she", "was", "victim", "family", "\u201cquoted", "text\u201d", "Leeds",
             "Street", "NHS", "MARAC", "refused", "engage", "chose", "stay", "he", "lost",
             "temper", "(", "'s", "and", "Dr", "Patel", "A&E", "1.2.3", "01/02/2020",
             "LS1", "4AB", "'", '"', ";", "."]
    out, n = [], 0
    while n < size:
        w = rng.choice(words)
        out.append(w)
        n += len(w) + 1
    return " ".join(out)[:size]


# (name, paragraphs, rules expected among the findings)
CASES = [
    ("100,000 short paragraphs", many_short_paragraphs, ["anon.exact-date"]),
    ("one 5 MB paragraph of sentences with dates and names",
     lambda: [repeat_to("Lena met the Chair on 14 March 2021 in Leeds and Craig did not "
                        "engage. ", 5 * MB)], ["anon.exact-date"]),
    ("one 5 MB paragraph with no full stop",
     lambda: [repeat_to("Lena met Craig on 14 March 2021 and she refused to engage and ",
                        5 * MB)], ["anon.exact-date"]),
    ("one 5 MB paragraph of quotation marks never closed",
     lambda: [repeat_to("\u201cshe chose to stay ", 5 * MB)], []),
    ("one 5 MB paragraph of random report words",
     lambda: [random_words(5 * MB)], ["anon.exact-date"]),
]


def run_check(binary, path, d):
    """Runs the check with its output in files; returns its own peak RSS.

    Linux charges a child's ru_maxrss with at least the peak RSS of the
    process it was forked from, so the documents are made in another process
    and this one stays small."""
    out_path, err_path = os.path.join(d, "out.json"), os.path.join(d, "err.txt")
    start = time.monotonic()
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        proc = subprocess.Popen([binary, "check", path, "--format", "json"],
                                stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.monotonic() - start
    with open(out_path, "rb") as f:
        out = f.read()
    with open(err_path, "rb") as f:
        err = f.read()
    return proc.returncode, out, err, elapsed, usage.ru_maxrss / 1024.0


def make_case(n, path):
    write_docx(path, CASES[n - 1][1]())
    return 0


def main(argv):
    if argv[1] == "--make":
        return make_case(int(argv[2]), argv[3])
    binary = os.path.abspath(argv[1])
    sanitized = os.environ.get("DHRLINT_SANITIZED") == "1"
    print("1..%d" % len(CASES), flush=True)
    failed = 0
    with tempfile.TemporaryDirectory(prefix="dhrlint-limits-") as d:
        for n, (name, _, expect_rules) in enumerate(CASES, 1):
            path = os.path.join(d, "case%d.docx" % n)
            subprocess.run([sys.executable, __file__, "--make", str(n), path], check=True)
            code, out, err, elapsed, rss_mb = run_check(binary, path, d)
            problems = []
            if code not in (0, 1):
                problems.append("exit %s, want 0 or 1: %s" % (code, err.decode()[:300]))
            findings = None
            try:
                findings = json.loads(out)["files"][0]["findings"]
            except (ValueError, KeyError, IndexError) as e:
                problems.append("the JSON report does not parse: %s" % e)
            rules = {f["rule"] for f in findings or []}
            for r in expect_rules:
                if r not in rules:
                    problems.append("no %s finding" % r)
            if not sanitized and rss_mb > RSS_LIMIT_MB:
                problems.append("peak RSS %.1f MB, limit %d MB" % (rss_mb, RSS_LIMIT_MB))
            ok = not problems
            failed += not ok
            print("%s %d - %s" % ("ok" if ok else "not ok", n, name))
            print("# %.2f s, peak RSS %.1f MB, %d findings"
                  % (elapsed, rss_mb, len(findings) if findings is not None else -1))
            for p in problems:
                print("#   " + p)
            sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
