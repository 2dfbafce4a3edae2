#!/usr/bin/env python3
"""Per-rule tests for the rule data in rules/ (TAP).

    tests/rules/rules_test.py BINARY

For every rule of the RULE_FILES below there are two small documents in
fixtures/rules/ (built from the .md beside them by `fixtures/build-fixtures
rules`), and there may be more cases of either kind:

    <rule-id>.fire.docx|.odt         the rule must report a finding
    <rule-id>.near.docx|.odt         a near miss: similar text, the rule must not
    <rule-id>.fire-<case>.docx|.odt  another case that must fire
    <rule-id>.near-<case>.docx|.odt  another near miss

Each is checked with `BINARY check --format json --stage submission FILE`;
exit status 0 or 1 is fine, anything else (2: unreadable, a crash) fails.
A rule without both documents fails. Then:

  - --stage draft turns template.section-missing into a warning;
  - fixtures/overview-2016 (the 2016-era layout) has every heading recognised
    as the section fixtures/overview-2016/expected-sections.tsv says, and
    exactly the 2024 sections it lacks reported missing, at each stage;
  - the sample report (the model of a compliant submission) has no
    checklist.* finding.
"""

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from taplib import Tap  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
NS = "{urn:dhrlint:rules:1}"
RULE_FILES = ("rules/template.xml", "rules/checklist.xml", "rules/anon.xml", "rules/hygiene.xml",
              "rules/tone.xml", "rules/family.xml", "rules/actionplan.xml")
FIXTURES = os.path.join(ROOT, "fixtures", "rules")
TIMEOUT = 120


def rule_ids():
    ids = []
    for name in RULE_FILES:
        for rule in ET.parse(os.path.join(ROOT, name)).getroot().iter(NS + "rule"):
            ids.append(rule.get("id"))
    return ids


def variants(rule):
    """(kind, variant) for RULE's fixtures: ("fire", ""), ("near", ""), and
    any further cases such as rule.near-quoted.docx ("near", "quoted")."""
    found = [("fire", ""), ("near", "")]
    extra = set()
    for f in os.listdir(FIXTURES):
        stem, ext = os.path.splitext(f)
        if ext not in (".docx", ".odt") or not stem.startswith(rule + "."):
            continue
        rest = stem[len(rule) + 1:]
        for kind in ("fire", "near"):
            if rest.startswith(kind + "-"):
                extra.add((kind, rest[len(kind) + 1:]))
    return found + sorted(extra)


def fixture(rule, kind):
    """The built document for RULE's KIND case, or None."""
    found = [os.path.join(FIXTURES, f"{rule}.{kind}.{ext}") for ext in ("docx", "odt")]
    found = [f for f in found if os.path.exists(f)]
    return found[0] if len(found) == 1 else None


def check(binary, path, stage="submission", env=None):
    """(report of files[0], None) or (None, why it failed)."""
    cmd = [binary, "check", "--format", "json", "--stage", stage, path]
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT,
                              env=dict(os.environ, **(env or {})))
    except subprocess.TimeoutExpired:
        return None, f"timed out after {TIMEOUT}s"
    if proc.returncode not in (0, 1):
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        return None, f"exit status {proc.returncode}: {err[-1] if err else ''}"
    try:
        return json.loads(proc.stdout)["files"][0], None
    except (ValueError, KeyError, IndexError) as e:
        return None, f"bad JSON output ({e})"


def findings_of(report, rule):
    return [f for f in report.get("findings", []) if f.get("rule") == rule]


def read_expected():
    headings, missing = [], {}
    path = os.path.join(ROOT, "fixtures", "overview-2016", "expected-sections.tsv")
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            kind, a, b = line.split("\t")
            if kind == "heading":
                headings.append((None if a == "-" else a, b))
            elif kind == "missing":
                missing.setdefault(a, set()).add(b)
            else:
                raise SystemExit(f"{path}: unknown row kind {kind!r}")
    return headings, missing


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    binary = os.path.abspath(argv[1])
    ids = rule_ids()
    headings, missing = read_expected()
    overview = os.path.join(ROOT, "fixtures", "overview-2016", "overview-2016.docx")
    sample = os.path.join(ROOT, "fixtures", "sample", "sample-report.docx")
    cases = [(rule, kind, variant) for rule in ids for kind, variant in variants(rule)]
    tap = Tap(diag_always=True, diag_max=None, planned=len(cases) + 1 + len(headings) + len(missing) + 1 + 1)
    prefilter_differs = []

    for rule, kind, variant in cases:
        name = f"{rule} {kind}" + (f" ({variant})" if variant else "")
        path = fixture(rule, f"{kind}-{variant}" if variant else kind)
        if path is None:
            tap.result(False, name, [f"no single fixtures/rules/{rule}.{kind}.docx or .odt (build-fixtures rules)"])
            continue
        report, why = check(binary, path)
        if report is None:
            tap.result(False, name, [f"{os.path.basename(path)}: {why}"])
            continue
        # The literal prefilter must change nothing (DHRLINT_NO_PREFILTER).
        plain, _ = check(binary, path, env={"DHRLINT_NO_PREFILTER": "1"})
        if plain != report:
            prefilter_differs.append(os.path.basename(path))
        got = findings_of(report, rule)
        if kind == "fire":
            others = sorted({f["rule"] for f in report.get("findings", [])})
            tap.result(bool(got), name, [] if got else
                       [f"{os.path.basename(path)}: no {rule} finding; found {', '.join(others) or 'nothing'}"])
        else:
            tap.result(not got, name, [] if not got else
                       [f"{os.path.basename(path)}: unexpected {rule}: "
                        f"{g.get('excerpt')!r} in {g.get('location', {}).get('section')}" for g in got[:5]])

    # The draft stage: a missing section is a warning, not an error.
    path = fixture("template.section-missing", "fire")
    name = "template.section-missing is a warning at --stage draft"
    report, why = check(binary, path, "draft") if path else (None, "no fixture")
    if report is None:
        tap.result(False, name, [why])
    else:
        got = findings_of(report, "template.section-missing")
        bad = [f for f in got if f.get("severity") != "warning"]
        tap.result(bool(got) and not bad, name,
                   [] if got and not bad else
                   [f"{len(got)} findings, severities {sorted({f.get('severity') for f in got})}"])

    # The 2016-era layout: every heading recognised, the 2024 sections reported missing.
    report, why = check(binary, overview)
    sections = report.get("sections", []) if report else []
    for heading, sid in headings:
        name = f"overview-2016: {heading or sid} is {sid}"
        if report is None:
            tap.result(False, name, [why])
            continue
        hits = [s for s in sections if s.get("id") == sid and (heading is None or s.get("heading") == heading)]
        tap.result(bool(hits), name, [] if hits else
                   [f"sections found: {[(s.get('id'), s.get('heading')) for s in sections]}"])
    for stage in sorted(missing):
        name = f"overview-2016: --stage {stage} reports exactly {', '.join(sorted(missing[stage]))} missing"
        report, why = check(binary, overview, stage)
        if report is None:
            tap.result(False, name, [why])
            continue
        got = {(f.get("location") or {}).get("section") for f in findings_of(report, "template.section-missing")}
        tap.result(got == missing[stage], name, [] if got == missing[stage] else [f"reported missing: {sorted(map(str, got))}"])

    # The model report passes every checklist rule.
    name = "sample-report.docx has no checklist.* finding"
    report, why = check(binary, sample)
    if report is None:
        tap.result(False, name, [why])
    else:
        got = [f for f in report.get("findings", []) if f.get("rule", "").startswith("checklist.")]
        tap.result(not got, name, [f"{f['rule']}: {f.get('excerpt')!r}" for f in got[:10]])

    tap.result(not prefilter_differs,
               "the same findings with the literal prefilter off, on every rule fixture",
               [f"differs: {p}" for p in prefilter_differs[:10]])
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
