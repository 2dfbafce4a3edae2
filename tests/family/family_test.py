#!/usr/bin/env python3
"""The nine-requirement decision on the labelled family sets (TAP).

    tests/family/family_test.py BINARY

Scores BINARY with fixtures/family/score.py on the sets the rules were tuned
on, fixtures/family and fixtures/family-2, and asserts at least 95% of the
requirement decisions and 90% of the disagreement calls agree with their
keys, with no file that cannot be checked. The blind set,
fixtures/family-blind, is scored and printed but not asserted: a test that
held the rules to it would turn it into one more set to tune on.
Run from the repository root (meson does).
"""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCORE = os.path.join(ROOT, "fixtures", "family", "score.py")
TUNED = ["fixtures/family", "fixtures/family-2"]
BLIND = "fixtures/family-blind"
MIN_REQUIREMENTS, MIN_DISAGREEMENT = 95.0, 90.0


def score(binary, folder):
    r = subprocess.run([sys.executable, SCORE, binary, "--json", "--dir", folder],
                       cwd=ROOT, capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        return None, r.stderr.strip()
    return json.loads(r.stdout), ""


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    binary = os.path.abspath(argv[1])
    blind = os.path.isfile(os.path.join(ROOT, BLIND, "key.tsv"))
    print(f"1..{2 * len(TUNED) + (1 if blind else 0)}", flush=True)
    n = failed = 0
    for folder in TUNED:
        res, err = score(binary, os.path.join(ROOT, folder))
        for what, key, floor in (("requirements 1-9", "overall", MIN_REQUIREMENTS),
                                 ("disagreement", "disagreement", MIN_DISAGREEMENT)):
            n += 1
            acc = res[key]["accuracy"] if res else None
            ok = res is not None and not res["errors"] and acc is not None and acc >= floor
            failed += not ok
            print(f"{'ok' if ok else 'not ok'} {n} - {folder}: {what} {acc}% (at least {floor}%)")
            if not ok:
                print(f"# {err or res['errors']}")
                for m in (res or {}).get("mismatches", [])[:20]:
                    print(f"# {m}")
    if blind:
        n += 1
        res, err = score(binary, os.path.join(ROOT, BLIND))
        ok = res is not None and not res["errors"]
        failed += not ok
        print(f"{'ok' if ok else 'not ok'} {n} - {BLIND} scored (not asserted)")
        if res:
            print(f"# requirements 1-9 {res['overall']['accuracy']}%, "
                  f"disagreement {res['disagreement']['accuracy']}%, 'missing' precision "
                  f"{res['missing_as_finding']['precision']}% recall "
                  f"{res['missing_as_finding']['recall']}%")
        else:
            print(f"# {err}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
