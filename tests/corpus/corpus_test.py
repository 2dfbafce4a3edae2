#!/usr/bin/env python3
"""Run dhrlint over the third-party DOCX/ODT corpus: robustness, error
reasons, XXE safety, and text-extraction agreement with the peers' expected
text (see README.md).  Output is TAP; exit status 1 if a test point fails.

usage: corpus_test.py BINARY [--only SOURCE] [--verbose] [--jobs N]
                             [--write-known-differences] [--min-agreement PCT]
"""

import argparse
import asyncio
import csv
import difflib
import json
import os
import re
import resource
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import expected_text as et  # noqa: E402

CORPUS = et.CORPUS
KNOWN_DIFFERENCES = HERE / "known-differences.tsv"
EXPECTED_ERRORS = HERE / "expected-errors.tsv"
TIMEOUT = 20
MEMORY_LIMIT = 1 << 30  # 1 GiB address space
SANITIZED = os.environ.get("DHRLINT_SANITIZED") == "1"

# The one-line error message must say why (keywords, case-insensitive).
ERROR_KINDS = {
    "not-a-zip": ("not a zip", "not a .docx"),
    "broken-zip": ("truncated or damaged",),
    "legacy-word": ("legacy word 97-2003",),
    "encrypted": ("password-protected",),
}

# Text that must never show up in the output of the XXE test files: the
# content of the external entities (odfpy's externalcontent.txt, the POI web
# site) or of /etc/passwd.
XXE_LEAK_MARKERS = ("quick brown fox", "root:", "<html", "apache poi")


# ---------------------------------------------------------------------------
# corpus index


def load_files():
    with open(CORPUS / "FILES.tsv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def expected_error_kind(row):
    """The error dhrlint must report for this file (None: it must be read)."""
    flags = row["flags"]
    if row["container"] == "NOT-A-ZIP":
        return "not-a-zip"
    if row["container"] == "BROKEN-ZIP":
        return "broken-zip"
    if "CFB-not-zip" in flags:
        return "legacy-word"
    if "ENCRYPTED-" in flags:
        return "encrypted"
    return None


def is_xxe_file(row):
    return "DTD" in row["flags"] or "ENTITY" in row["flags"]


def read_tsv_map(path, ncols):
    """path<TAB>...; '#' lines are comments.  Returns {tuple(first ncols-1
    columns): last column}."""
    out = {}
    if not path.exists():
        return out
    for ln in path.read_text(encoding="utf-8").split("\n"):
        if not ln.strip() or ln.startswith("#"):
            continue
        cols = ln.split("\t")
        cols += [""] * (ncols - len(cols))
        out[tuple(cols[:ncols - 1])] = cols[ncols - 1]
    return out


# ---------------------------------------------------------------------------
# running dhrlint


def _limits():
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if not SANITIZED:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


class Run:
    def __init__(self, path, rc, out, err, seconds, timed_out=False):
        self.path, self.rc, self.out, self.err = path, rc, out, err
        self.seconds, self.timed_out = seconds, timed_out
        self.dump, self.json_error = None, None
        if rc == 0:
            try:
                self.dump = json.loads(out)
            except ValueError as e:
                self.json_error = str(e)

    @property
    def signal(self):
        return -self.rc if self.rc is not None and self.rc < 0 else None

    def describe(self):
        if self.timed_out:
            return "timed out after %ds" % TIMEOUT
        if self.signal:
            return "killed by signal %d" % self.signal
        first = self.err.strip().split("\n")[0][:200] if self.err.strip() else ""
        return "exit %s%s" % (self.rc, ": " + first if first else "")


async def run_one(binary, path, sem, cwd):
    async with sem:
        t0 = time.monotonic()
        proc = await asyncio.create_subprocess_exec(
            binary, "dump", "--format", "json", str(path),
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE, preexec_fn=_limits, cwd=cwd,
            start_new_session=True)
        try:
            out, err = await asyncio.wait_for(proc.communicate(), TIMEOUT)
            timed_out = False
        except asyncio.TimeoutError:
            try:
                os.killpg(proc.pid, 9)
            except ProcessLookupError:
                pass
            out, err = await proc.communicate()
            timed_out = True
        return Run(path, proc.returncode, out.decode("utf-8", "replace"),
                   err.decode("utf-8", "replace"), time.monotonic() - t0, timed_out)


async def run_all(binary, jobs, parallel):
    """jobs: list of (key, absolute path, cwd).  Returns {key: Run}."""
    sem = asyncio.Semaphore(parallel)
    keys = [k for k, _, _ in jobs]
    runs = await asyncio.gather(*(run_one(binary, p, sem, cwd) for _, p, cwd in jobs))
    return dict(zip(keys, runs))


# ---------------------------------------------------------------------------
# what dhrlint extracted


class Extracted:
    """Paragraph texts of one dump, indexed for the match modes of
    expected_text.Expect."""

    def __init__(self, dump):
        paras = dump.get("paragraphs") or []
        texts = [p.get("text") or "" for p in paras]
        # A generated list number is shown before the text, as peers print it.
        texts += [(p["list"]["label"] + sep + (p.get("text") or ""))
                  for p in paras if p.get("list") and p["list"].get("label")
                  for sep in (" ", "\t", "")]
        toc = (dump.get("toc") or {}).get("entries") or []
        texts += [e.get("text") or "" for e in toc]
        texts += [(e.get("text") or "") + sep + e["page"] for e in toc if e.get("page")
                  for sep in (" ", "\t")]
        self.paras = set(et.norm(t) for t in texts)
        self.lines = set(et.norm(l) for t in texts for l in t.split("\n"))
        self.blocks = set(et.norm(b) for t in texts for b in re.split(r"\n[ \t]*\n", t))
        cells = {}
        for p in paras:
            t = p.get("table")
            if t:
                key = (p.get("part"), t.get("id"), t.get("row"), t.get("cell"), t.get("depth"))
                cells.setdefault(key, []).append(p.get("text") or "")
        self.cells = set(et.norm(" ".join(v)) for v in cells.values())
        self.joined = et.norm("\n".join(texts))
        self.joined_lower = self.joined.lower()
        self.squashed = "".join(self.joined.split())
        # text that is in the document now (deleted revisions excluded)
        self.current = et.norm("\n".join(p.get("text") or "" for p in paras
                                         if p.get("part") != "revision"))
        self.body_top = sum(1 for p in paras if p.get("part") == "body" and not p.get("table"))
        self.all_texts = [et.norm(t) for t in texts if t.strip()]

    def found(self, e):
        if e.mode == "para":
            return e in self.paras
        if e.mode == "line":
            return e in self.paras or e in self.lines
        if e.mode == "block":
            return e in self.paras or e in self.blocks
        if e.mode == "cell":
            return e in self.paras or e in self.cells
        if e.mode == "contains":
            return e in self.joined
        if e.mode == "contains-ci":
            return e.lower() in self.joined_lower
        if e.mode == "squashed":
            return e in self.squashed
        raise ValueError(e.mode)

    def nearest(self, e):
        m = difflib.get_close_matches(str(e), self.all_texts, n=1, cutoff=0.4)
        return m[0] if m else None


def trunc(text):
    return text[:120]


# ---------------------------------------------------------------------------


class Tap:
    def __init__(self):
        self.points = []  # (ok, title, diagnostics)

    def add(self, ok, title, diag=(), todo=None):
        """todo: TAP TODO directive; a failing TODO point does not fail the run."""
        self.points.append((ok, title, list(diag), todo))

    def emit(self):
        print("1..%d" % len(self.points))
        for i, (ok, title, diag, todo) in enumerate(self.points, 1):
            print("%s %d - %s%s" % ("ok" if ok else "not ok", i, title,
                                    " # TODO " + todo if todo else ""))
            for d in diag:
                print("#   " + d)
        return all(ok or todo for ok, _, _, todo in self.points)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary")
    ap.add_argument("--only", metavar="SOURCE",
                    help="one source folder / expected-text source (e.g. pandoc)")
    ap.add_argument("--verbose", action="store_true", help="print every miss")
    ap.add_argument("--write-known-differences", action="store_true",
                    help="rewrite known-differences.tsv: keep the reasons of rows still "
                         "missing, add new misses with reason TODO, drop stale rows")
    ap.add_argument("--jobs", type=int, help="parallel dhrlint runs (default: CPUs)")
    ap.add_argument("--min-agreement", type=float, default=97.0,
                    help="overall agreement target in %% (default 97)")
    args = ap.parse_args()
    binary = str(Path(args.binary).resolve())
    if not os.access(binary, os.X_OK):
        print("Bail out! %s is not executable" % args.binary)
        return 1
    if not (CORPUS / "FILES.tsv").is_file():
        print("Bail out! no corpus at %s (set DHRLINT_CORPUS)" % CORPUS)
        return 1
    if args.only and args.only not in et.SOURCES and not (CORPUS / args.only).is_dir():
        print("Bail out! unknown source %s" % args.only)
        return 1
    t_start = time.monotonic()

    files = load_files()
    docs = [r for r in files if r["role"].startswith("document")
            and (not args.only or r["source"] == args.only)]
    only_source = None if not args.only else args.only if args.only in et.SOURCES else "-"
    expectations = list(et.expected(only_source))
    assertions = list(et.peer_assertions(only_source))

    # Run dhrlint once per document; XXE files also from their own folder so
    # that a relative SYSTEM entity (odfpy's "examples/externalcontent.txt")
    # would resolve if the parser (wrongly) loaded it.
    scratch = os.environ.get("TMPDIR", "/tmp")
    jobs = [(r["path"], CORPUS / r["path"], scratch) for r in docs]
    xxe_rows = [r for r in docs if is_xxe_file(r)]
    jobs += [("xxe:" + r["path"], CORPUS / r["path"], str(CORPUS / r["source"])) for r in xxe_rows]
    needed = set(r["path"] for r in docs)
    for path, _, _ in expectations:
        if path not in needed:
            needed.add(path)
            jobs.append((path, CORPUS / path, scratch))
    runs = asyncio.run(run_all(binary, jobs, args.jobs or os.cpu_count() or 1))
    t_runs = time.monotonic() - t_start

    tap = Tap()
    expected_errors = read_tsv_map(EXPECTED_ERRORS, 2)

    # (a) robustness, per source folder --------------------------------------
    by_source = {}
    for r in docs:
        by_source.setdefault(r["source"], []).append(r)
    error_checks = {k: [] for k in ERROR_KINDS}
    format_problems = []
    stale_errors = []
    for source, rows in by_source.items():
        problems = []
        for r in rows:
            run = runs[r["path"]]
            kind = expected_error_kind(r)
            if run.timed_out or run.signal or run.rc not in (0, 2):
                problems.append("%s: %s" % (r["path"], run.describe()))
                continue
            if run.rc == 0 and run.json_error:
                problems.append("%s: exit 0 but stdout is not JSON (%s)" % (r["path"], run.json_error))
                continue
            if kind:
                error_checks[kind].append((r, run))
            elif run.rc == 2 and is_xxe_file(r) and "entities" in run.err.lower():
                pass  # refusing entity declarations is fine: see the XXE points
            elif run.rc == 2 and (r["path"],) not in expected_errors:
                problems.append("%s: unexpected exit 2: %s" % (r["path"], run.err.strip()[:200]))
            elif run.rc == 0 and (r["path"],) in expected_errors:
                stale_errors.append(r["path"])
            if run.rc == 2:
                lines = run.err.rstrip("\n").split("\n")
                if len(lines) != 1 or str(run.path) not in lines[0] or run.out.strip():
                    format_problems.append("%s: stderr %r, %d bytes on stdout"
                                           % (r["path"], run.err[:200], len(run.out)))
        slow = max(rows, key=lambda r: runs[r["path"]].seconds)
        tap.add(not problems, "robustness: %s (%d files; slowest %.1fs %s)"
                % (source, len(rows), runs[slow["path"]].seconds, slow["path"]), problems)

    # error reasons ----------------------------------------------------------
    for kind, keywords in ERROR_KINDS.items():
        items = error_checks[kind]
        if not items:
            continue
        bad = []
        for r, run in items:
            if run.rc != 2:
                bad.append("%s: expected exit 2 (%s), got %s" % (r["path"], kind, run.describe()))
            elif not any(k in run.err.lower() for k in keywords):
                bad.append("%s: reason should mention %s: %s"
                           % (r["path"], " or ".join(repr(k) for k in keywords), run.err.strip()[:200]))
        tap.add(not bad, "error reason: %s (%d files)" % (kind, len(items)), bad)
    n_err = sum(1 for r in docs if runs[r["path"]].rc == 2)
    if n_err:
        tap.add(not format_problems, "error message format: one stderr line naming the file, "
                "nothing on stdout (%d files exit 2)" % n_err, format_problems)

    # XXE --------------------------------------------------------------------
    for r in xxe_rows:
        bad = []
        for key in (r["path"], "xxe:" + r["path"]):
            run = runs[key]
            if run.rc == 2:
                if "entities" not in run.err.lower():
                    bad.append("exit 2 without mentioning entities: %s" % run.err.strip()[:200])
            elif run.rc == 0:
                low = run.out.lower()
                leaks = [m for m in XXE_LEAK_MARKERS if m in low]
                if leaks:
                    bad.append("output contains external-entity content %s (cwd %s)"
                               % (leaks, "entity folder" if key.startswith("xxe:") else "scratch"))
            else:
                bad.append(run.describe())
        tap.add(not bad, "XXE: %s" % r["path"], bad)

    # (b) agreement ----------------------------------------------------------
    known = read_tsv_map(KNOWN_DIFFERENCES, 3)
    used_known = set()
    misses = []  # (source, path, text, reason or None, nearest)
    stats = {}
    unread = {}
    extracted = {}

    def get_extracted(path):
        if path not in extracted:
            run = runs.get(path)
            extracted[path] = Extracted(run.dump) if run and run.rc == 0 and run.dump else None
        return extracted[path]

    for path, items, source in expectations:
        ex = get_extracted(path)
        st = stats.setdefault(source, [0, 0, 0, 0])  # found, expected, docs, equations
        if ex is None:
            unread.setdefault(source, []).append("%s (%s)" % (path, runs[path].describe()))
            continue
        st[2] += 1
        for e in items:
            if e.mode == "equation":
                st[3] += 1  # the peer's TeX for an equation: not text to compare
                continue
            st[1] += 1
            if ex.found(e):
                st[0] += 1
                continue
            key = (path, trunc(e))
            reason = known.get(key)
            if reason is not None:
                used_known.add(key)
            misses.append((source, path, "[%s] %s" % (e.mode, e) if e.mode != "para" else str(e),
                           trunc(e), reason, ex.nearest(e)))

    # other peer assertions (not counted in the agreement)
    assertion_fail = {}
    for path, kind, value, source, note in assertions:
        run = runs.get(path)
        ex = get_extracted(path)
        problems = []
        if kind == "no_error":
            if not run or run.rc != 0:
                problems.append("not read: %s" % (run.describe() if run else "not run"))
        elif ex is None:
            continue
        elif kind == "non_empty":
            if not ex.joined:
                problems.append("no text extracted")
        elif kind == "absent":
            if value in ex.current:
                problems.append("text that must not appear: %r" % value)
        elif kind == "count":
            for text, n in value.items():
                got = ex.current.count(text)
                if got != n:
                    problems.append("%r occurs %d times, expected %d" % (text, got, n))
        elif kind == "body_paragraphs":
            if ex.body_top != value:
                problems.append("%d top-level body paragraphs, expected %d" % (ex.body_top, value))
        for p in problems:
            label = "[%s] %s" % (kind, p)
            key = (path, trunc(label))
            reason = known.get(key)
            if reason is not None:
                used_known.add(key)
            assertion_fail.setdefault(source, []).append((path, label, reason))

    sources_seen = [s for s in et.SOURCES if s in stats]
    for source in sources_seen:
        found, total, ndocs, _equations = stats[source]
        unlisted = [m for m in misses if m[0] == source and m[4] is None]
        listed = sum(1 for m in misses if m[0] == source and m[4] is not None)
        diag = ["%s: %s" % (m[1], m[2][:160]) for m in unlisted]
        if unread.get(source):
            diag.append("documents with expected text that were not read: %s"
                        % ", ".join(unread[source]))
        tap.add(not unlisted, "agreement: %s %d/%d (%.1f%%) in %d documents; %d known differences, "
                "%d unlisted misses" % (source, found, total, 100.0 * found / total if total else 100,
                                         ndocs, listed, len(unlisted)), diag)
    if assertions:
        fails = [a for v in assertion_fail.values() for a in v]
        unlisted = [a for a in fails if a[2] is None]
        tap.add(not unlisted, "peer assertions (no_error, non_empty, not_contains, counts): "
                "%d checks, %d known differences, %d unlisted failures"
                % (len(assertions), len(fails) - len(unlisted), len(unlisted)),
                ["%s: %s" % (a[0], a[1]) for a in unlisted])

    tot_found = sum(s[0] for s in stats.values())
    tot = sum(s[1] for s in stats.values())
    # Nothing compared is a failure, not 100%.
    overall = 100.0 * tot_found / tot if tot else 0.0
    if not args.only:
        # The target is enforced: a reader change that loses text fails here
        # even when every lost paragraph was listed as a known difference.
        bugs = sum(1 for m in misses if (m[4] or "").startswith("READER-BUG"))
        tap.add(tot > 0 and overall >= args.min_agreement,
                "overall agreement %.2f%% >= %.1f%% target (%.2f%% with the %d READER-BUG rows "
                "fixed)" % (overall, args.min_agreement,
                            100.0 * (tot_found + bugs) / tot if tot else 0.0, bugs))

    ok = tap.emit()

    # summary ----------------------------------------------------------------
    print("#")
    print("# Agreement (expected paragraphs found verbatim, whitespace normalised)")
    print("# %-16s %6s %6s %7s %6s %6s" % ("source", "found", "expect", "%", "docs", "known"))
    for source in sources_seen:
        found, total, ndocs, _equations = stats[source]
        listed = sum(1 for m in misses if m[0] == source and m[4] is not None)
        print("# %-16s %6d %6d %6.1f%% %6d %6d" % (source, found, total,
                                                   100.0 * found / total if total else 100, ndocs, listed))
    print("# %-16s %6d %6d %6.1f%% %6d %6d" % ("TOTAL", tot_found, tot, overall,
                                               sum(s[2] for s in stats.values()),
                                               sum(1 for m in misses if m[4] is not None)))
    equations = sum(s[3] for s in stats.values())
    if equations:
        print("# not compared: %d paragraphs holding equations, which peers give as TeX"
              % equations)
    reasons = {}
    for m in misses:
        r = (m[4] or "UNLISTED").split(":")[0]
        reasons[r] = reasons.get(r, 0) + 1
    for a in (a for v in assertion_fail.values() for a in v):
        r = (a[2] or "UNLISTED").split(":")[0]
        reasons[r] = reasons.get(r, 0) + 1
    if reasons:
        print("# misses by reason: " + ", ".join("%s %d" % kv for kv in sorted(reasons.items(), key=lambda kv: -kv[1])))
    if not args.only:
        stale = sorted(k for k in known if k not in used_known)
        for k in stale:
            print("# stale known difference (now found, or no longer expected): %s\t%s" % k)
    for p in stale_errors:
        print("# stale expected error (now read fine): %s" % p)
    print("# %d dhrlint runs in %.1fs (wall); total %.1fs" % (len(runs), t_runs, time.monotonic() - t_start))

    if args.verbose:
        print("#")
        print("# Misses (source, path, expected, nearest dhrlint paragraph, reason)")
        for source, path, text, _, reason, nearest in misses:
            print("# MISS %s %s" % (source, path))
            print("#   expected: %s" % text[:300])
            print("#   nearest : %s" % (nearest[:300] if nearest else "-"))
            print("#   reason  : %s" % (reason or "UNLISTED"))

    if args.write_known_differences:
        if args.only:
            # keep the rows of the other sources untouched
            keep = {k: v for k, v in known.items()
                    if not any(k[0] == p for p, _, _ in expectations)
                    and not any(k[0] == a[0] for a in assertions)}
        else:
            keep = {}
        rows = dict(keep)
        for _, path, _, short, reason, _ in misses:
            rows[(path, short)] = reason or "TODO"
        for v in assertion_fail.values():
            for path, label, reason in v:
                rows[(path, trunc(label))] = reason or "TODO"
        with open(KNOWN_DIFFERENCES, "w", encoding="utf-8") as f:
            f.write(KNOWN_DIFFERENCES_HEADER)
            for (path, text), reason in sorted(rows.items()):
                f.write("%s\t%s\t%s\n" % (path, text, reason))
        print("# wrote %s (%d rows)" % (KNOWN_DIFFERENCES, len(rows)))
    return 0 if ok else 1


KNOWN_DIFFERENCES_HEADER = """\
# Expected paragraphs (see expected_text.py) that dhrlint does not produce verbatim.
# path<TAB>expected text, whitespace-normalised, first 120 chars ("[mode] " prefix
# omitted)<TAB>reason.  Reasons: see README.md.  "READER-BUG: ..." rows are dhrlint
# bugs to fix; the others are convention differences between dhrlint and that peer.
"""


if __name__ == "__main__":
    sys.exit(main())
