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
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GOLDEN = os.path.join(ROOT, "tests", "golden")

# fixture path (from the repository root) -> expected file name
FIXTURES = [
    "fixtures/sample/sample-report.docx",
    "fixtures/sample/sample-report.lo.docx",
    "fixtures/sample/sample-report.odt",
]


def expected_name(fixture):
    return os.path.basename(fixture) + ".dump.json"


def dump(binary, fixture):
    r = subprocess.run([binary, "dump", "--format", "json", fixture], cwd=ROOT,
                       capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        raise RuntimeError(f"exit {r.returncode}: {r.stderr.strip()}")
    data = json.loads(r.stdout)  # must be valid JSON
    version = data["tool"]["version"]
    return r.stdout.replace(f'"version": "{version}"', '"version": "*"', 1)


def main():
    binary = os.path.abspath(sys.argv[1])
    update = "--update" in sys.argv[2:]
    fixtures = [f for f in FIXTURES if os.path.exists(os.path.join(ROOT, f))]
    print(f"1..{len(fixtures)}")
    failed = 0
    for i, fixture in enumerate(fixtures, 1):
        path = os.path.join(GOLDEN, expected_name(fixture))
        try:
            got = dump(binary, fixture)
        except Exception as e:  # noqa: BLE001 - reported as a test failure
            print(f"not ok {i} - {fixture} # {e}")
            failed += 1
            continue
        if update:
            with open(path, "w", encoding="utf-8") as f:
                f.write(got)
            print(f"ok {i} - {fixture} # updated")
            continue
        try:
            with open(path, encoding="utf-8") as f:
                want = f.read()
        except FileNotFoundError:
            print(f"not ok {i} - {fixture} # no expected file {path} (run with --update)")
            failed += 1
            continue
        if got == want:
            print(f"ok {i} - {fixture}")
        else:
            failed += 1
            print(f"not ok {i} - {fixture}")
            diff = difflib.unified_diff(want.splitlines(), got.splitlines(), "expected", "got",
                                        lineterm="", n=1)
            for n, line in enumerate(diff):
                if n >= 40:
                    print("#   ...")
                    break
                print("#   " + line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
