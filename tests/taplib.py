"""What the Python test scripts share: TAP output (one line per test point,
diagnostics as '#' lines, the plan first when known or last), and running
dhrlint with a timeout."""

import os
import subprocess


def run_text(argv, cwd, timeout, env=None):
    """(exit status, stdout, stderr) of ARGV, the output decoded as UTF-8; the
    status is None when it ran past TIMEOUT seconds. ENV adds variables."""
    try:
        p = subprocess.run(argv, capture_output=True, timeout=timeout, cwd=cwd,
                           env=None if env is None else {**os.environ, **env})
    except subprocess.TimeoutExpired:
        return None, "", f"timed out after {timeout}s"
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


class Tap:
    def __init__(self, planned=None, diag_always=False, diag_max=20):
        """planned: print the plan now; else done() prints it last.
        diag_always: print a point's diagnostics when it passes too."""
        self.n = 0
        self.failed = 0
        self.diag_always = diag_always
        self.diag_max = diag_max
        if planned is not None:
            print(f"1..{planned}", flush=True)

    def result(self, ok, name, diag=()):
        self.n += 1
        if not ok:
            self.failed += 1
        print(f"{'ok' if ok else 'not ok'} {self.n} - {name}", flush=True)
        if not ok or self.diag_always:
            for line in list(diag)[:self.diag_max]:
                print(f"# {line}", flush=True)

    def skip(self, name, why):
        self.n += 1
        print(f"ok {self.n} - {name} # SKIP {why}", flush=True)

    def done(self):
        """Prints the plan; the exit status for the script."""
        print(f"1..{self.n}", flush=True)
        return 1 if self.failed else 0
