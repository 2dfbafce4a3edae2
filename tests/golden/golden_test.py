#!/usr/bin/env python3
"""Golden tests: `dhrlint dump --format json` of every fixture against the
expected file committed beside it in tests/golden/.

    golden_test.py BINARY            compare (TAP output)
    golden_test.py BINARY --update   rewrite the expected files

Run from the repository root (meson does). The tool version is masked so that
a version bump does not touch every golden file.
"""
import difflib
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GOLDEN = os.path.join(ROOT, "tests", "golden")

# (command, fixture path from the repository root); the expected output is
# tests/golden/<fixture name>.<command>.json
FIXTURES = [
    ("dump", "fixtures/sample/sample-report.docx"),
    ("dump", "fixtures/sample/sample-report.lo.docx"),
    ("dump", "fixtures/sample/sample-report.odt"),
    ("check", "fixtures/sample/sample-report.docx"),
    ("check", "fixtures/sample/sample-report.lo.docx"),
    ("check", "fixtures/sample/sample-report.odt"),
    ("check", "fixtures/overview-2016/overview-2016.docx"),
]


def expected_name(command, fixture):
    return os.path.basename(fixture) + "." + command + ".json"


def dump(binary, command, fixture, env=None):
    r = subprocess.run([binary, command, "--format", "json", fixture], cwd=ROOT,
                       capture_output=True, text=True, timeout=60,
                       env=dict(os.environ, **(env or {})))
    # check exits 1 when the report has errors: that is a result, not a failure
    if r.returncode not in ((0,) if command == "dump" else (0, 1)):
        raise RuntimeError(f"exit {r.returncode}: {r.stderr.strip()}")
    data = json.loads(r.stdout)  # must be valid JSON
    version = data["tool"]["version"]
    return r.stdout.replace(f'"version": "{version}"', '"version": "*"', 1)


# Builds of one source by different producers must read the same, part by part
# (ODT puts notes inline and headers first, so order across parts differs).
SAME_TEXT = [
    ("fixtures/sample/sample-report.docx", "fixtures/sample/sample-report.lo.docx",
     "fixtures/sample/sample-report.odt"),
]


def text_by_part(binary, fixture):
    r = subprocess.run([binary, "dump", "--format", "json", fixture], cwd=ROOT,
                       capture_output=True, text=True, timeout=60)
    parts = {}
    for p in json.loads(r.stdout)["paragraphs"]:
        if p["part"] == "metadata":
            continue  # producers write their own dates and application names
        text = " ".join(p["text"].split())
        if p["part"] == "footer":
            text = re.sub(r"\d+", "N", text)  # PAGE fields cache the last page seen
        parts.setdefault(p["part"], []).append((text, p["heading"], p["table"] is not None))
    return parts


def same_text(binary, fixtures):
    base = text_by_part(binary, fixtures[0])
    for other in fixtures[1:]:
        got = text_by_part(binary, other)
        for part in sorted(set(base) | set(got)):
            a, b = base.get(part, []), got.get(part, [])
            if a != b:
                i = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), min(len(a), len(b)))
                return (f"{other} differs from {fixtures[0]} in part {part} at paragraph {i + 1}: "
                        f"{b[i] if i < len(b) else None!r} vs {a[i] if i < len(a) else None!r}")
    return None


def main():
    binary = os.path.abspath(sys.argv[1])
    update = "--update" in sys.argv[2:]
    fixtures = [f for f in FIXTURES if os.path.exists(os.path.join(ROOT, f[1]))]
    checks = [f for f in fixtures if f[0] == "check"]
    print(f"1..{len(fixtures) + len(SAME_TEXT) + len(checks)}")
    failed = 0
    for i, (command, fixture) in enumerate(fixtures, 1):
        path = os.path.join(GOLDEN, expected_name(command, fixture))
        fixture_label = f"{command} {fixture}"
        try:
            got = dump(binary, command, fixture)
        except Exception as e:  # noqa: BLE001 - reported as a test failure
            print(f"not ok {i} - {fixture_label} # {e}")
            failed += 1
            continue
        if update:
            with open(path, "w", encoding="utf-8") as f:
                f.write(got)
            print(f"ok {i} - {fixture_label} # updated")
            continue
        try:
            with open(path, encoding="utf-8") as f:
                want = f.read()
        except FileNotFoundError:
            print(f"not ok {i} - {fixture_label} # no expected file {path} (run with --update)")
            failed += 1
            continue
        if got == want:
            print(f"ok {i} - {fixture_label}")
        else:
            failed += 1
            print(f"not ok {i} - {fixture_label}")
            diff = difflib.unified_diff(want.splitlines(), got.splitlines(), "expected", "got",
                                        lineterm="", n=1)
            for n, line in enumerate(diff):
                if n >= 40:
                    print("#   ...")
                    break
                print("#   " + line)
    for k, group in enumerate(SAME_TEXT, len(fixtures) + 1):
        problem = same_text(binary, group)
        if problem:
            failed += 1
            print(f"not ok {k} - same text from {len(group)} producers # {problem}")
        else:
            print(f"ok {k} - same text from {len(group)} producers: {', '.join(group)}")
    # The literal prefilter only skips paragraphs a pattern cannot match:
    # with it off the findings must be exactly the same.
    for k, (command, fixture) in enumerate(checks, len(fixtures) + len(SAME_TEXT) + 1):
        try:
            on = dump(binary, command, fixture)
            off = dump(binary, command, fixture, {"DHRLINT_NO_PREFILTER": "1"})
        except Exception as e:  # noqa: BLE001
            print(f"not ok {k} - prefilter {fixture} # {e}")
            failed += 1
            continue
        if on == off:
            print(f"ok {k} - prefilter changes no finding: {fixture}")
        else:
            failed += 1
            print(f"not ok {k} - prefilter changes findings: {fixture}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
