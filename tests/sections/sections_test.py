#!/usr/bin/env python3
"""Heading variants against the section ids they must be recognised as.

    sections_test.py BINARY

Each row of headings.tsv is asked of `dhrlint rules --heading`, which applies
the same normalisation and aliases as `dhrlint check`. TAP output.
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    binary = sys.argv[1]
    rows = []
    with open(os.path.join(HERE, "headings.tsv"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            heading, want = line.split("\t")
            rows.append((heading, want))
    args = [binary, "rules"]
    for heading, _ in rows:
        args += ["--heading", heading]
    r = subprocess.run(args, capture_output=True, text=True, timeout=60)
    got = [l.split("\t")[1] for l in r.stdout.splitlines()]
    print(f"1..{len(rows)}")
    failed = 0
    if r.returncode != 0 or len(got) != len(rows):
        print(f"# dhrlint exited {r.returncode}: {r.stderr.strip()}")
        got = [None] * len(rows)
    for i, ((heading, want), g) in enumerate(zip(rows, got), 1):
        if g == want:
            print(f"ok {i} - {heading} -> {want}")
        else:
            failed += 1
            print(f"not ok {i} - {heading} -> {want} # got {g}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
