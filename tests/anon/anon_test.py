#!/usr/bin/env python3
"""Precision and recall of the anon.* and hygiene.* rules on labelled reports (TAP).

    tests/anon/anon_test.py BINARY

Scores BINARY with fixtures/anon/score.py on each labelled set: the
development set fixtures/anon (the reports the rules were tuned on),
fixtures/anon-heldout (written without looking at dhrlint's findings, then
used to find what the rules missed) and fixtures/anon-blind (written blind
too, kept for measuring only). For each set it prints precision and recall per rule as TAP
comments, then asserts:

  - the answer keys still match the documents (score.py --verify);
  - on the development set, precision and recall of at least AIM (0.95) for
    every rule with key rows: the rules must not drift below what was reached;
  - on the held-out and blind sets, the figures are printed and not
    asserted: they measure generalisation, they are not targets to tune on;
  - the prefilter and split patterns change nothing: every report gives the
    same JSON with DHRLINT_NO_PREFILTER=1, at every stage.
"""

import json
import os
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SCORE = os.path.join(ROOT, "fixtures", "anon", "score.py")
SETS = (("development", os.path.join(ROOT, "fixtures", "anon"), True),
        ("held-out", os.path.join(ROOT, "fixtures", "anon-heldout"), False),
        ("blind", os.path.join(ROOT, "fixtures", "anon-blind"), False))
AIM = 0.95
TIMEOUT = 600

results = []


def ok(cond, name, diag=None):
    results.append(bool(cond))
    print(f"{'ok' if cond else 'not ok'} {len(results)} - {name}")
    if not cond and diag:
        for line in str(diag).splitlines()[:20]:
            print(f"  # {line}")


def reports(folder):
    return sorted(os.path.join(folder, f) for f in os.listdir(folder)
                  if f[:1].isdigit() and f.endswith((".docx", ".odt")))


def main():
    if len(sys.argv) != 2:
        print("usage: anon_test.py BINARY", file=sys.stderr)
        return 2
    binary = os.path.abspath(sys.argv[1])
    for label, folder, asserted in SETS:
        if not os.path.isdir(folder):
            print(f"# {label} set {folder}: absent")
            continue
        v = subprocess.run([sys.executable, SCORE, "--verify", binary, "--dir", folder],
                           capture_output=True, text=True, timeout=TIMEOUT)
        ok(v.returncode == 0, f"{label}: answer keys match the documents", v.stdout + v.stderr)
        s = subprocess.run([sys.executable, SCORE, binary, "--json", "--dir", folder],
                           capture_output=True, text=True, timeout=TIMEOUT)
        try:
            score = json.loads(s.stdout)
        except ValueError:
            ok(False, f"{label}: score.py gives JSON", s.stderr)
            continue
        t = score["total"]
        print(f"# {label} set: {len(score['reports'])} reports, {score['key_rows']} key rows, "
              f"{score['near_miss_rows']} near misses; total precision {t['precision']:.3f}, "
              f"recall {t['recall']:.3f}")
        print(f"# {'rule':28} {'TP':>4} {'FP':>4} {'FN':>4}  prec.  recall")
        for r in score["rules"]:
            print(f"# {r['rule']:28} {r['tp']:4} {r['fp']:4} {r['fn']:4}  "
                  f"{r['precision']:.2f}   {r['recall']:.2f}")
        if asserted:
            for r in score["rules"]:
                if r["tp"] + r["fn"] == 0:
                    continue
                ok(r["precision"] >= AIM and r["recall"] >= AIM,
                   f"{label}: {r['rule']} precision {r['precision']:.2f}, recall "
                   f"{r['recall']:.2f} (aim {AIM})")
        for path in reports(folder):
            for stage in ("draft", "submission", "publication"):
                outs = []
                for env in ({}, {"DHRLINT_NO_PREFILTER": "1"}):
                    p = subprocess.run([binary, "check", "--format", "json", "--stage", stage, path],
                                       capture_output=True, timeout=TIMEOUT,
                                       env=dict(os.environ, **env))
                    outs.append((p.returncode, p.stdout))
                ok(outs[0] == outs[1] and outs[0][0] in (0, 1),
                   f"{label}: {os.path.basename(path)} at {stage}: same findings without the prefilter",
                   f"exit {outs[0][0]} / {outs[1][0]}")
    print(f"1..{len(results)}")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
