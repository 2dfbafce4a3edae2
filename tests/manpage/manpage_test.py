#!/usr/bin/env python3
"""The man page says what --help says (TAP).

    tests/manpage/manpage_test.py BINARY

Every command and long option of `dhrlint --help` is in doc/dhrlint.1, and
every long option of the man page is in --help; the version in the man
page's title is the binary's; the page formats without warnings when groff
is installed. Run from the repository root (meson does).
"""
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MAN = os.path.join(ROOT, "doc", "dhrlint.1")


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    binary = os.path.abspath(argv[1])
    help_text = subprocess.run([binary, "--help"], capture_output=True, text=True).stdout
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.split()[-1]
    man = open(MAN, encoding="utf-8").read()
    plain = man.replace("\\-", "-").replace("\\(en", "-")
    commands = re.findall(r"^  ([a-z]+)\b", help_text.split("Commands:")[1].split("Options:")[0], re.M)
    help_opts = set(re.findall(r"(--[a-z][a-z-]*)", help_text))
    man_opts = set(re.findall(r"(--[a-z][a-z-]*)", plain))
    tests = []
    for c in commands:
        tests.append((re.search(rf"\.B dhrlint {c}\b", plain) is not None,
                      f"command {c} of --help has a synopsis in the man page"))
    for o in sorted(help_opts):
        tests.append((o in man_opts, f"option {o} of --help is in the man page"))
    for o in sorted(man_opts - help_opts):
        tests.append((False, f"option {o} of the man page is not in --help"))
    tests.append((f'"dhrlint {version}"' in man, f"the man page's title says version {version}"))
    groff = shutil.which("groff")
    if groff:
        r = subprocess.run([groff, "-man", "-Tutf8", "-ww", "-z", MAN], capture_output=True, text=True)
        tests.append((r.returncode == 0 and not r.stderr.strip(),
                      "groff formats the page without warnings: " + r.stderr.strip()[:200]))
    print(f"1..{len(tests)}")
    failed = 0
    for n, (ok, name) in enumerate(tests, 1):
        failed += not ok
        print(f"{'ok' if ok else 'not ok'} {n} - {name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
