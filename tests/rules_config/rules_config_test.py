#!/usr/bin/env python3
"""`--rules PATH`: local rule files and folders (TAP).

    tests/rules_config/rules_config_test.py BINARY    (run from the project root)

Every rule file is written to a temporary folder at run time.

  (a) broken rule files (not well-formed, schema violations, a pattern PCRE2
      cannot compile, a DOCTYPE, an override or allow of a rule that does not
      exist, a scope naming an unknown section): exit 2, nothing on stdout and
      ONE stderr line `dhrlint: FILE:LINE: reason`, for `check` and `rules`;
  (b) <override disabled="true"/> stops a rule and `rules` shows it disabled;
      <override severity=.../> changes the findings' severity, the summary,
      the status and the exit status;
  (c) <allow rule=...>Term</allow> drops exactly the findings with that excerpt;
  (d) a new forbid rule fires with its message, source and suggestion and is
      listed by `rules`;
  (e) a local <section> adds an alias (document built with pandoc);
  (f) --rules DIR loads every *.xml of the folder, in name order;
  (g) a rule file or folder that does not exist: exit 2, one clear line;
  (h) a top-level <words> list restated in a local file replaces the
      built-in vocabulary: a new phrase that introduces a pseudonym makes
      the name it introduces a declared one (document built with pandoc).

Python 3 standard library only; needs pandoc for (e).
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from taplib import Tap, run_text  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TIMEOUT = 300 if os.environ.get("DHRLINT_SANITIZED") else 120
PLACEHOLDER_FIRE = "fixtures/rules/template.placeholder.fire.docx"
OVERVIEW = "fixtures/overview-2016/overview-2016.docx"
SAMPLE = "fixtures/sample/sample-report.docx"
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<rules xmlns="urn:dhrlint:rules:1">\n'
TAIL = "</rules>\n"


class Dhrlint:
    def __init__(self, binary):
        self.binary = binary

    def run(self, *args):
        return run_text([self.binary, *args], ROOT, TIMEOUT)

    def check(self, path, *args, stage="submission"):
        """(exit status, files[0] report or None, stderr)."""
        rc, out, err = self.run("check", "--format", "json", "--stage", stage, *args, path)
        try:
            return rc, json.loads(out)["files"][0], err
        except (ValueError, KeyError, IndexError):
            return rc, None, err

    def rules(self, *args):
        """(exit status, {id: rule} from `rules --format json`, stderr)."""
        rc, out, err = self.run("rules", "--format", "json", *args)
        try:
            return rc, {r["id"]: r for r in json.loads(out)["rules"]}, err
        except (ValueError, KeyError, TypeError):
            return rc, None, err


def write(folder, name, body, raw=False):
    path = os.path.join(folder, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(body if raw else HEAD + body + TAIL)
    return path


def of_rule(report, rule):
    return [x for x in report["findings"] if x["rule"] == rule] if report else []


def excerpts(report, rule):
    return sorted(x["excerpt"] for x in of_rule(report, rule))


def counts(report):
    c = {"error": 0, "warning": 0, "info": 0}
    for x in report["findings"]:
        c[x["severity"]] += 1
    return c


def others(report, rule):
    """The report's findings of every rule but RULE, comparable."""
    return sorted(json.dumps(x, sort_keys=True) for x in report["findings"] if x["rule"] != rule)


# --------------------------------------------------------------------------
# (a) Broken rule files: name, file name, text, the line(s) the message may
# name, and a regular expression the reason must match.

BROKEN = [
    ("not well-formed XML", "not-well-formed.xml",
     HEAD + '  <override rule="template.placeholder" disabled="true"/>\n'
     '  <allow rule="template.placeholder">TBC</allw>\n' + TAIL,
     {4}, r"well-formed"),
    ("schema: an unknown element", "unknown-element.xml",
     HEAD + '  <override rule="template.placeholder" disabled="true"/>\n\n'
     '  <disable rule="template.placeholder"/>\n' + TAIL,
     {5}, r"rules\.rng.*disable|disable.*rules\.rng"),
    ("schema: a bad severity", "bad-severity.xml",
     HEAD + '\n  <override rule="template.placeholder" severity="fatal"/>\n' + TAIL,
     {4}, r"rules\.rng.*severity|severity.*rules\.rng"),
    ("schema: a rule without a message", "no-message.xml",
     HEAD + '  <rule id="local.no-message" severity="warning" stages="submission">\n'
     '    <source>Local</source>\n'
     '    <forbid scope="body"><match>\\bfoo\\b</match></forbid>\n'
     '  </rule>\n' + TAIL,
     {3, 4}, r"rules\.rng"),
    ("a PCRE2 pattern that does not compile", "bad-pattern.xml",
     HEAD + '  <rule id="local.bad-pattern" severity="warning" stages="submission">\n'
     '    <message>m</message>\n'
     '    <source>Local</source>\n'
     '    <forbid scope="body">\n'
     '      <match>\\bfine\\b</match>\n'
     '      <match>(unclosed</match>\n'
     '    </forbid>\n'
     '  </rule>\n' + TAIL,
     {8}, r"pattern.*\(unclosed|\(unclosed.*pattern"),
    ("a DOCTYPE", "doctype.xml",
     '<?xml version="1.0" encoding="UTF-8"?>\n'
     '<!DOCTYPE rules [ <!ENTITY csp "Northmoor"> ]>\n'
     '<rules xmlns="urn:dhrlint:rules:1">\n'
     '  <allow rule="template.placeholder">&csp;</allow>\n' + TAIL,
     {2}, r"DOCTYPE"),
    ("an override of a rule that does not exist", "no-such-rule.xml",
     HEAD + '  <override rule="template.placeholder" severity="info"/>\n'
     '  <override rule="template.no-such-rule" disabled="true"/>\n' + TAIL,
     {4}, r"template\.no-such-rule"),
    ("an allow for a rule that does not exist", "allow-no-such-rule.xml",
     HEAD + '\n  <allow rule="anon.no-such-rule">NHS</allow>\n' + TAIL,
     {4}, r"anon\.no-such-rule"),
    ("a scope naming an unknown section", "unknown-section.xml",
     HEAD + '  <rule id="local.unknown-section" severity="warning" stages="submission">\n'
     '    <message>m</message>\n'
     '    <source>Local</source>\n'
     '    <forbid scope="section:no-such-section"><match>\\bfoo\\b</match></forbid>\n'
     '  </rule>\n' + TAIL,
     {3, 6}, r"no-such-section"),
]


def one_line_error(rc, out, err, path, lines, reason):
    """Problems with a refusal: exit 2, no stdout, one `dhrlint: PATH:LINE: reason`."""
    bad = []
    if rc != 2:
        bad.append(f"exit status {rc}, expected 2")
    if out.strip():
        bad.append(f"stdout not empty: {out.strip()[:120]!r}")
    got = err.splitlines()
    if len(got) != 1:
        return bad + [f"{len(got)} stderr lines, expected 1: {got[:4]}"]
    m = re.fullmatch(re.escape(f"dhrlint: {path}") + r"(?::(\d+))?: (\S.*)", got[0])
    if not m:
        return bad + [f"stderr {got[0]!r} is not 'dhrlint: {path}:LINE: reason'"]
    line = int(m.group(1)) if m.group(1) else None
    if lines and line not in lines:
        bad.append(f"line {line}, expected {' or '.join(map(str, sorted(lines)))}: {got[0]!r}")
    if not lines and line is not None:
        bad.append(f"a line number where none applies: {got[0]!r}")
    if not re.search(reason, m.group(2)):
        bad.append(f"reason {m.group(2)!r} does not match /{reason}/")
    return bad


def test_broken(tap, d, tmp):
    folder = os.path.join(tmp, "broken")
    for what, name, text, lines, reason in BROKEN:
        path = write(folder, name, text, raw=True)
        for label, cmd in (("check --format json", ["check", "--format", "json", "--rules", path,
                                                     SAMPLE]),
                           ("check", ["check", "--rules", path, SAMPLE]),
                           ("rules", ["rules", "--rules", path])):
            rc, out, err = d.run(*cmd)
            bad = one_line_error(rc, out, err, path, lines, reason)
            tap.result(not bad, f"(a) {what}: dhrlint {label} exits 2 with one line naming "
                       "the file and line", bad)
    # The same broken file inside a folder: the message names the file in it.
    sub = os.path.join(tmp, "broken-dir")
    write(sub, "a-good.xml", '  <override rule="template.placeholder" severity="info"/>\n')
    what, name, text, lines, reason = BROKEN[4]
    path = write(sub, "b-" + name, text, raw=True)
    for cmd in (["check", "--format", "json", "--rules", sub, SAMPLE], ["rules", "--rules", sub]):
        rc, out, err = d.run(*cmd)
        bad = one_line_error(rc, out, err, path, lines, reason)
        tap.result(not bad, f"(a) {what} in a --rules folder: dhrlint {cmd[0]} names "
                   "FOLDER/FILE:LINE", bad)


# --------------------------------------------------------------------------

def test_override(tap, d, tmp):
    folder = os.path.join(tmp, "override")
    rule = "template.placeholder"
    rc0, base, _ = d.check(PLACEHOLDER_FIRE)
    tap.result(base is not None and rc0 == 1 and len(of_rule(base, rule)) >= 2,
               f"(b) baseline: {rule} fires on its fire fixture",
               [f"exit {rc0}, {len(of_rule(base, rule))} findings"])
    if base is None:
        return

    off = write(folder, "disable.xml", f'  <override rule="{rule}" disabled="true"/>\n')
    for stage in ("draft", "submission", "publication"):
        rc, rep, err = d.check(PLACEHOLDER_FIRE, "--rules", off, stage=stage)
        _, ref, _ = d.check(PLACEHOLDER_FIRE, stage=stage)
        bad = [err.strip()] if rep is None else []
        if rep is not None:
            if of_rule(rep, rule):
                bad.append(f"{len(of_rule(rep, rule))} {rule} findings remain")
            if ref is not None and others(rep, rule) != others(ref, rule):
                bad.append("the other rules' findings changed")
            if rep["summary"] != counts(rep):
                bad.append(f"summary {rep['summary']} != {counts(rep)}")
        tap.result(not bad, f"(b) disabled=\"true\": {rule} stops firing (--stage {stage}), "
                   "the rest unchanged", bad)
    rc, rules, err = d.rules("--rules", off)
    r = (rules or {}).get(rule)
    tap.result(r is not None and r.get("enabled") is False
               and all(v.get("enabled") is True for k, v in rules.items() if k != rule),
               f"(b) rules --format json: {rule} enabled:false, every other rule enabled:true",
               [f"exit {rc}: {err.strip()}", f"{r}"])
    rc, out, err = d.run("rules", "--rules", off)
    line = [l for l in out.splitlines() if l.startswith(rule + " ")]
    disabled = [l.split()[0] for l in out.splitlines() if "DISABLED" in l]
    tap.result(rc == 0 and len(line) == 1 and "DISABLED" in line[0] and disabled == [rule],
               f"(b) rules (text): {rule} marked DISABLED, and only it",
               [f"exit {rc}", f"{line}", f"DISABLED: {disabled}"])
    on = write(folder, "disable-1.xml", f'  <override rule="{rule}" disabled="1"/>\n')
    rc, rep, err = d.check(PLACEHOLDER_FIRE, "--rules", on)
    tap.result(rep is not None and not of_rule(rep, rule),
               '(b) disabled="1" (xsd:boolean) disables too', [err.strip()])

    # error -> info: the findings, the summary, the stage's draft-severity.
    info = write(folder, "info.xml", f'  <override rule="{rule}" severity="info"/>\n')
    for stage in ("draft", "submission"):
        rc, rep, err = d.check(PLACEHOLDER_FIRE, "--rules", info, stage=stage)
        _, ref, _ = d.check(PLACEHOLDER_FIRE, stage=stage)
        bad = [err.strip()] if rep is None or ref is None else []
        if not bad:
            sev = {x["severity"] for x in of_rule(rep, rule)}
            if sev != {"info"} or excerpts(rep, rule) != excerpts(ref, rule):
                bad.append(f"severities {sev}, excerpts {excerpts(rep, rule)} "
                           f"(were {excerpts(ref, rule)})")
            moved = len(of_rule(ref, rule))
            want = dict(ref["summary"])
            want[of_rule(ref, rule)[0]["severity"]] -= moved
            want["info"] += moved
            if rep["summary"] != want:
                bad.append(f"summary {rep['summary']}, expected {want}")
        tap.result(not bad, f"(b) severity=\"info\": every {rule} finding is info and the "
                   f"summary follows (--stage {stage}, draft-severity overridden too)", bad)
    rc, rules, err = d.rules("--rules", info)
    r = (rules or {}).get(rule, {})
    tap.result(r.get("severity") == "info" and r.get("draft_severity") in (None, "info"),
               "(b) rules --format json shows the new severity", [f"{r}", err.strip()])

    # The exit status follows: overview-2016 fails at submission through the
    # errors of a few rules (template.section-missing, the family
    # requirements it does not cover, the missing action plan) and passes at
    # draft with warnings only. Turning every one of those rules to info
    # must turn exit 1 into 0.
    rc0, ref, _ = d.check(OVERVIEW)
    errs = sorted({x["rule"] for x in ref["findings"] if x["severity"] == "error"}) if ref else []
    tap.result(rc0 == 1 and "template.section-missing" in errs,
               "(b) baseline: overview-2016 fails at submission, template.section-missing "
               "among the errors", [f"exit {rc0}", f"{errs}"])
    low = write(folder, "missing-info.xml",
                "".join(f'  <override rule="{r}" severity="info"/>\n' for r in errs))
    rc, rep, err = d.check(OVERVIEW, "--rules", low)
    tap.result(rc == 0 and rep is not None and rep["status"] == "pass"
               and rep["summary"]["error"] == 0 and len(errs) > 0
               and all({x["severity"] for x in of_rule(rep, r)} == {"info"}
                       and len(of_rule(rep, r)) == len(of_rule(ref, r)) for r in errs),
               f"(b) error -> info ({len(errs)} rules): exit 1 becomes 0, status pass",
               [f"exit {rc}", f"{rep and rep['summary']}", err.strip()])
    rc0, ref, _ = d.check(OVERVIEW, stage="draft")
    acr = "template.acronym-undefined"
    high = write(folder, "acronym-error.xml", f'  <override rule="{acr}" severity="error"/>\n')
    rc, rep, err = d.check(OVERVIEW, "--rules", high, stage="draft")
    n = len(of_rule(ref, acr)) if ref else 0
    tap.result(rc0 == 0 and n > 0 and rc == 1 and rep is not None and rep["status"] == "fail"
               and rep["summary"]["error"] == n
               and {x["severity"] for x in of_rule(rep, acr)} == {"error"},
               "(b) warning -> error: exit 0 becomes 1, status fail, summary.error = "
               "the rule's findings (--stage draft)",
               [f"baseline exit {rc0}, {n} findings; now exit {rc}", f"{rep and rep['summary']}",
                err.strip()])


# --------------------------------------------------------------------------

def test_allow(tap, d, tmp):
    folder = os.path.join(tmp, "allow")
    rule = "template.placeholder"
    _, base, _ = d.check(PLACEHOLDER_FIRE)
    ex = excerpts(base, rule)
    tap.result({"TBC", "[insert date]", "xx/xx/xxxx"} <= set(ex),
               f"(c) baseline: {rule} reports TBC, [insert date] and xx/xx/xxxx", [f"{ex}"])
    cases = [
        ("TBC", "TBC", "exactly that excerpt"),
        ("tbc", "TBC", "compared without regard to case"),
        ("[INSERT DATE]", "[insert date]", "a bracketed term, case ignored"),
        ("TB", None, "a part of an excerpt drops nothing"),
    ]
    for i, (term, gone, what) in enumerate(cases):
        path = write(folder, f"allow-{i}.xml", f'  <allow rule="{rule}">{term}</allow>\n')
        rc, rep, err = d.check(PLACEHOLDER_FIRE, "--rules", path)
        want = [e for e in ex if e != gone]
        got = excerpts(rep, rule)
        bad = [] if rep is not None else [err.strip()]
        if rep is not None and got != want:
            bad.append(f"excerpts {got}, expected {want}")
        if rep is not None and others(rep, rule) != others(base, rule):
            bad.append("other rules' findings changed (allow is for one rule only)")
        if rep is not None and rep["summary"] != counts(rep):
            bad.append("summary does not follow")
        tap.result(not bad, f"(c) <allow>{term}</allow>: {what}; the other excerpts stay", bad)
    # The allow belongs to its rule: the same text found by another rule stays.
    path = os.path.join(folder, "allow-0.xml")
    _, rep, _ = d.check(PLACEHOLDER_FIRE, "--rules", path)
    acr = "template.acronym-undefined"
    tap.result("TBC" in excerpts(base, acr) and excerpts(rep, acr) == excerpts(base, acr),
               f"(c) allowing TBC for {rule} leaves {acr}'s TBC",
               [f"{excerpts(base, acr)} -> {excerpts(rep, acr)}"])


    # The CSP's own area, allowed for the place rule only (issue 4's example).
    area = os.path.join(ROOT, "fixtures", "anon", "05-joy.docx")
    _, abase, _ = d.check(area)
    prule = "anon.place-name"
    path = write(folder, "allow-area.xml", f'  <allow rule="{prule}">Tower Hamlets</allow>\n')
    _, arep, aerr = d.check(area, "--rules", path)
    bad = [] if arep is not None else [aerr.strip()]
    if arep is not None:
        if "Tower Hamlets" not in excerpts(abase, prule):
            bad.append(f"baseline has no Tower Hamlets finding: {excerpts(abase, prule)}")
        if "Tower Hamlets" in excerpts(arep, prule):
            bad.append("Tower Hamlets still reported")
        if [e for e in excerpts(abase, prule) if e != "Tower Hamlets"] != excerpts(arep, prule):
            bad.append("other places changed")
        if others(arep, prule) != others(abase, prule):
            bad.append("other rules' findings changed")
    tap.result(not bad, f"(c) <allow rule=\"{prule}\">Tower Hamlets</allow>: the CSP's own "
               "area passes, other places stay", bad)


# --------------------------------------------------------------------------

NEW_RULE = """\
  <rule id="local.banned-phrase" severity="warning" stages="draft submission publication">
    <message>Do not write "{excerpt}": say who will meet and when.</message>
    <source>Northmoor CSP house style 4.2</source>
    <suggestion>The panel will meet in May 2025.</suggestion>
    <forbid scope="body">
      <match>\\bpanel will meet again\\b</match>
    </forbid>
  </rule>
"""


def test_new_rule(tap, d, tmp):
    folder = os.path.join(tmp, "new-rule")
    path = write(folder, "banned.xml", NEW_RULE)
    rid = "local.banned-phrase"
    rc, rep, err = d.check(PLACEHOLDER_FIRE, "--rules", path)
    found = of_rule(rep, rid)
    bad = [] if rep is not None else [err.strip()]
    if rep is not None:
        if len(found) != 1:
            bad.append(f"{len(found)} findings, expected 1")
        else:
            x = found[0]
            want = {"severity": "warning", "category": "local",
                    "message": 'Do not write "panel will meet again": say who will meet and when.',
                    "source": "Northmoor CSP house style 4.2",
                    "suggestion": "The panel will meet in May 2025.",
                    "excerpt": "panel will meet again"}
            for k, v in want.items():
                if x.get(k) != v:
                    bad.append(f"{k} {x.get(k)!r}, expected {v!r}")
            loc = x["location"]
            if loc["part"] != "body" or loc["section"] != "timescales" or loc["offset"] is None:
                bad.append(f"location {loc}")
    tap.result(not bad, f"(d) a new forbid rule {rid} fires with its message, source and "
                        "suggestion", bad)
    _, base, _ = d.check(PLACEHOLDER_FIRE)
    tap.result(rep is not None and base is not None and others(rep, rid) == others(base, rid)
               and rep["summary"] == counts(rep),
               "(d) the built-in findings are unchanged and the summary counts the new one")
    rc, rules, err = d.rules("--rules", path)
    r = (rules or {}).get(rid, {})
    want = {"severity": "warning", "enabled": True, "check": "forbid",
            "source": "Northmoor CSP house style 4.2",
            "stages": ["draft", "submission", "publication"]}
    bad = [f"{k} {r.get(k)!r}, expected {v!r}" for k, v in want.items() if r.get(k) != v]
    if r and os.path.basename(str(r.get("defined_in"))) != "banned.xml":
        bad.append(f"defined_in {r.get('defined_in')!r} does not name the local file")
    _, builtin, _ = d.rules()
    if rules and builtin and set(rules) != set(builtin) | {rid}:
        bad.append("the rule list changed beyond the new rule")
    tap.result(rc == 0 and r and not bad, f"(d) rules --format json lists {rid}",
               bad + [err.strip()])
    rc, out, err = d.run("rules", "--rules", path)
    tap.result(rc == 0 and any(l.startswith(rid + " ") for l in out.splitlines()),
               f"(d) rules (text) lists {rid}", [f"exit {rc}", err.strip()])
    # Stages hold for a local rule as for a built-in one.
    late = write(folder, "publication-only.xml",
                 NEW_RULE.replace('stages="draft submission publication"', 'stages="publication"'))
    _, sub, _ = d.check(PLACEHOLDER_FIRE, "--rules", late, stage="submission")
    _, pub, _ = d.check(PLACEHOLDER_FIRE, "--rules", late, stage="publication")
    tap.result(sub is not None and pub is not None and not of_rule(sub, rid)
               and len(of_rule(pub, rid)) == 1,
               '(d) a local rule with stages="publication" fires only at publication')


# --------------------------------------------------------------------------

AMIRA_MD = """\
Domestic Homicide Review

Northmoor Community Safety Partnership

# About Amira

Amira was a much-loved mother of two who worked as a nurse for many years. Her
family describe her as generous, funny and loyal to her friends. She loved
music, cooking for large gatherings and walking by the sea. Her sister wrote
this portrait with the Chair so that every reader knows who Amira was.

# Terms of Reference

The review considered the period from January 2020 to March 2023.
"""


ZARA_MD = """\
Domestic Homicide Review

Northmoor Community Safety Partnership

# Confidentiality

The findings of this review are confidential until publication. The victim is
given the name Zara in this report, a name her mother chose.

# Background

Zara worked as a nurse for many years and was close to her two sisters.
"""


def test_vocabulary(tap, d, tmp):
    folder = os.path.join(tmp, "vocabulary")
    os.makedirs(folder, exist_ok=True)
    pandoc = shutil.which("pandoc")
    if not pandoc:
        tap.skip("(h) a local pseudonym-intro list", "pandoc is not installed")
        return
    with open(os.path.join(folder, "zara.md"), "w", encoding="utf-8") as fh:
        fh.write(ZARA_MD)
    doc = os.path.join(folder, "zara.docx")
    subprocess.run([pandoc, "zara.md", "-o", doc], cwd=folder, capture_output=True, timeout=120)
    rid = "anon.undeclared-name"
    _, base, err = d.check(doc)
    before = [x for x in excerpts(base, rid) if "Zara" in x] if base else []
    path = write(folder, "intro.xml", '  <words name="pseudonym-intro" sep=",">referred to '
                 'as, known as, given the name</words>\n')
    _, rep, err2 = d.check(doc, "--rules", path)
    after = [x for x in excerpts(rep, rid) if "Zara" in x] if rep else []
    tap.result(base is not None and rep is not None and len(before) >= 1 and not after
               and others(rep, rid) == others(base, rid),
               "(h) <words name=\"pseudonym-intro\"> restated with \"given the name\": Zara is "
               "a declared pseudonym, no other finding changes",
               [f"built-in: {before}", f"local: {after}", err.strip()[:200], err2.strip()[:200]])


def test_alias(tap, d, tmp):
    folder = os.path.join(tmp, "alias")
    os.makedirs(folder, exist_ok=True)
    pandoc = shutil.which("pandoc")
    doc = os.path.join(folder, "amira.docx")
    if pandoc:
        with open(os.path.join(folder, "amira.md"), "w", encoding="utf-8") as fh:
            fh.write(AMIRA_MD)
        p = subprocess.run([pandoc, "amira.md", "-o", doc], cwd=folder, capture_output=True,
                           timeout=120)
        ok, why = p.returncode == 0, p.stderr.decode("utf-8", "replace")[:200]
    else:
        ok, why = False, "pandoc not found (a test dependency)"
    tap.result(ok, "(e) build a report headed \"About Amira\" with pandoc", [why])
    if not ok:
        return
    path = write(folder, "alias.xml",
                 '  <section id="pen-portrait"><alias>about amira</alias></section>\n')
    missing = "template.section-missing"

    def pen(rep):
        return [s for s in rep["sections"] if s["id"] == "pen-portrait"] if rep else None

    _, base, err = d.check(doc)
    tap.result(base is not None and pen(base) == []
               and "pen-portrait" in [x["location"]["section"] for x in of_rule(base, missing)],
               "(e) baseline: \"About Amira\" is not a section; pen-portrait reported missing",
               [err.strip(), f"{base and base['sections']}"])
    rc, rep, err = d.check(doc, "--rules", path)
    found = pen(rep)
    dump_rc, out, _ = d.run("dump", "--format", "json", doc)
    heading_n = None
    try:
        heading_n = next(p["n"] for p in json.loads(out)["paragraphs"]
                         if p["part"] == "body" and p["text"] == "About Amira")
    except (ValueError, StopIteration, KeyError):
        pass
    tap.result(found is not None and len(found) == 1 and found[0]["heading"] == "About Amira"
               and found[0]["paragraph"] == heading_n and found[0]["words"] > 40,
               "(e) with the alias, JSON sections has pen-portrait headed \"About Amira\"",
               [err.strip(), f"{rep and rep['sections']}", f"heading at body ¶{heading_n}"])
    tap.result(rep is not None
               and "pen-portrait" not in [x["location"]["section"] for x in of_rule(rep, missing)],
               "(e) ... and pen-portrait is no longer reported missing")
    # The local <section> adds to the built-in aliases and keeps the section's
    # attributes: the sample's "1. Pen Portrait" is still found, and a report
    # without a pen portrait still gets it reported missing.
    _, sample, _ = d.check(SAMPLE, "--rules", path)
    _, sample0, _ = d.check(SAMPLE)
    tap.result(sample is not None and sample0 is not None
               and sample["sections"] == sample0["sections"],
               "(e) the built-in aliases still apply (the sample's sections are unchanged)")
    _, ov, _ = d.check(OVERVIEW, "--rules", path)
    tap.result(ov is not None
               and "pen-portrait" in [x["location"]["section"] for x in of_rule(ov, missing)],
               "(e) the section stays required: overview-2016 still lacks a pen portrait")
    rc, _, err = d.run("rules", "--rules", path)
    tap.result(rc == 0 and not err.strip(), "(e) rules accepts the alias file", [err.strip()])


# --------------------------------------------------------------------------

def order_file(name, severity):
    return (f'  <!-- {name} -->\n'
            f'  <override rule="template.placeholder" severity="{severity}"/>\n'
            f'  <rule id="local.order" severity="info" stages="draft submission publication">\n'
            f'    <message>defined in {name}</message>\n'
            f'    <source>{name}</source>\n'
            f'    <forbid scope="body"><match>\\bpanel will meet again\\b</match></forbid>\n'
            f'  </rule>\n')


def test_folder(tap, d, tmp):
    folder = os.path.join(tmp, "folder")
    # Written in the reverse of name order, so that directory order is not name order.
    write(folder, "b-second.xml", order_file("b-second.xml", "warning"))
    write(folder, "a-first.xml", order_file("a-first.xml", "info"))
    write(folder, "c-alias.xml",
          '  <section id="pen-portrait"><alias>about amira</alias></section>\n'
          '  <allow rule="template.placeholder">xx/xx/xxxx</allow>\n')
    write(folder, "notes.txt", "this is not XML <", raw=True)
    write(folder, "old.xml.bak", "<rules>broken", raw=True)
    write(folder, "README", "<<<", raw=True)

    rc, rules, err = d.rules("--rules", folder)
    bad = [f"exit {rc}: {err.strip()}"] if rules is None else []
    if rules is not None:
        r = rules.get("local.order", {})
        if r.get("message") != "defined in b-second.xml":
            bad.append(f"local.order message {r.get('message')!r}: not from the last file")
        if os.path.basename(str(r.get("defined_in"))) != "b-second.xml":
            bad.append(f"local.order defined_in {r.get('defined_in')!r}")
        if rules.get("template.placeholder", {}).get("severity") != "warning":
            bad.append("template.placeholder's severity is not b-second.xml's")
    tap.result(not bad, "(f) --rules DIR: the files load in name order (the last "
               "definition and override win), other files ignored", bad)
    rc, rep, err = d.check(PLACEHOLDER_FIRE, "--rules", folder)
    bad = [f"exit {rc}: {err.strip()}"] if rep is None else []
    if rep is not None:
        if {x["severity"] for x in of_rule(rep, "template.placeholder")} != {"warning"}:
            bad.append("template.placeholder findings are not warnings")
        if "xx/xx/xxxx" in excerpts(rep, "template.placeholder"):
            bad.append("c-alias.xml's allow did not apply")
        if [x["message"] for x in of_rule(rep, "local.order")] != ["defined in b-second.xml"]:
            bad.append(f"local.order: {[x['message'] for x in of_rule(rep, 'local.order')]}")
    tap.result(not bad, "(f) check --rules DIR applies every file's rules, overrides and "
               "allows", bad)
    # Renamed the other way round, the other file wins.
    swapped = os.path.join(tmp, "folder-swapped")
    write(swapped, "b-second.xml", order_file("b-second.xml", "info"))
    write(swapped, "a-first.xml", order_file("a-first.xml", "warning"))
    rc, rules, err = d.rules("--rules", swapped)
    tap.result(rules is not None
               and rules.get("local.order", {}).get("message") == "defined in b-second.xml"
               and rules.get("template.placeholder", {}).get("severity") == "info",
               "(f) the same files swapped: the order follows the names", [err.strip()])
    # Repeated --rules: in the order given.
    a = os.path.join(folder, "a-first.xml")
    b = os.path.join(folder, "b-second.xml")
    rc, rules, err = d.rules("--rules", b, "--rules", a)
    tap.result(rules is not None
               and rules.get("local.order", {}).get("message") == "defined in a-first.xml"
               and rules.get("template.placeholder", {}).get("severity") == "info",
               "(f) --rules repeated: the files load in the order given", [err.strip()])


# --------------------------------------------------------------------------

def test_missing(tap, d, tmp):
    for path, what in ((os.path.join(tmp, "no-such-rules.xml"), "a rule file"),
                       (os.path.join(tmp, "no-such-folder"), "a folder"),
                       (os.path.join(tmp, "no-such-folder") + "/", "a folder/")):
        for cmd in (["check", "--format", "json", "--rules", path, SAMPLE],
                    ["rules", "--rules", path]):
            rc, out, err = d.run(*cmd)
            bad = one_line_error(rc, out, err, path, set(), r"(?i)no such|not exist|not found")
            tap.result(not bad, f"(g) {what} that does not exist: dhrlint {cmd[0]} exits 2 "
                       "with one clear line", bad)


def main():
    if len(sys.argv) != 2:
        print("usage: rules_config_test.py BINARY", file=sys.stderr)
        return 2
    d = Dhrlint(os.path.abspath(sys.argv[1]))
    tap = Tap()
    tmp = tempfile.mkdtemp(prefix="dhrlint-rules-config-")
    try:
        rc, out, err = d.run("rules", "--format", "json")
        tap.result(rc == 0 and not err.strip(), "the built-in rules load",
                   [f"exit {rc}", err.strip()])
        test_broken(tap, d, tmp)
        test_override(tap, d, tmp)
        test_allow(tap, d, tmp)
        test_new_rule(tap, d, tmp)
        test_alias(tap, d, tmp)
        test_folder(tap, d, tmp)
        test_missing(tap, d, tmp)
        test_vocabulary(tap, d, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
