#!/usr/bin/env python3
"""Fuzz regressions: every input a harness once crashed on (TAP).

    tests/fuzz/fuzz_test.py BINARY

See tests/fuzz/README.md. Each case must end in time with exit 0, 1 or 2 and
nothing from a sanitizer on standard error. With no case yet, one test still
runs: the harnesses' own seeds of each kind (the sample report, its
document.xml and content.xml wrapped as the harnesses wrap them, a rule file)
go through the same path, so the wrapping itself is tested.
"""
import os
import subprocess
import sys
import tempfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.join(ROOT, "tests", "fuzz")
TIMEOUT = 60

TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
         b'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
         b'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="'
         b'application/xml"/><Override PartName="/word/document.xml" ContentType="application/'
         b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        b'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        b'Target="word/document.xml"/></Relationships>')
DOC_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            b'schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/numbering" Target="numbering.xml"/><Relationship Id="rId3" Type="http://'
            b'schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" '
            b'Target="footnotes.xml"/></Relationships>')
BODY = (b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b'<w:body><w:p><w:r><w:t>Pen Portrait</w:t></w:r></w:p></w:body></w:document>')
MANIFEST = (b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:'
            b'names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" '
            b'manifest:media-type="application/vnd.oasis.opendocument.text"/></manifest:manifest>')
CONTENT = (b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
           b' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
           b'<text:p>Lena</text:p></office:text></office:body></office:document-content>')


def package(path, parts):
    with zipfile.ZipFile(path, "w") as z:
        for i, (name, data) in enumerate(parts):
            z.writestr(name, data, zipfile.ZIP_DEFLATED if i % 2 else zipfile.ZIP_STORED)


def wrap(kind, data, tmp):
    """The command to run for a case of KIND holding DATA, as the harness would."""
    if kind in ("zip", "check"):
        path = os.path.join(tmp, "case.docx")
        open(path, "wb").write(data)
        return ["check", path]
    if kind == "docx":
        target = {b"S": "word/styles.xml", b"N": "word/numbering.xml",
                  b"F": "word/footnotes.xml"}.get(data[:1])
        parts = [("[Content_Types].xml", TYPES), ("_rels/.rels", RELS),
                 ("word/_rels/document.xml.rels", DOC_RELS)]
        parts += [("word/document.xml", BODY), (target, data[1:])] if target else \
            [("word/document.xml", data)]
        path = os.path.join(tmp, "case.docx")
        package(path, parts)
        return ["check", path]
    if kind == "odt":
        parts = [("mimetype", b"application/vnd.oasis.opendocument.text"),
                 ("META-INF/manifest.xml", MANIFEST)]
        parts += [("content.xml", CONTENT), ("styles.xml", data[1:])] if data[:1] == b"S" else \
            [("content.xml", data)]
        path = os.path.join(tmp, "case.odt")
        package(path, parts)
        return ["check", path]
    path = os.path.join(tmp, "case.xml")
    open(path, "wb").write(data)
    return ["rules", "--rules", path]


def cases():
    found = []
    for kind in ("zip", "docx", "odt", "rules", "check"):
        d = os.path.join(HERE, kind)
        if os.path.isdir(d):
            found += [(kind, os.path.join(d, f)) for f in sorted(os.listdir(d))]
    # One ordinary input of each kind as well, so that the wrapping itself is
    # known to work whatever the folders hold.
    sample = os.path.join(ROOT, "fixtures", "sample", "sample-report.docx")
    odt = os.path.join(ROOT, "fixtures", "sample", "sample-report.odt")
    with zipfile.ZipFile(sample) as z:
        doc = z.read("word/document.xml")
    with zipfile.ZipFile(odt) as z:
        content = z.read("content.xml")
    return found + [("check", sample), ("docx", doc), ("odt", content),
                    ("rules", os.path.join(ROOT, "tests", "rules_config", "README.md"))]


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    binary = os.path.abspath(argv[1])
    todo = cases()
    print(f"1..{len(todo)}")
    failed = 0
    with tempfile.TemporaryDirectory(prefix="dhrlint-fuzz-") as tmp:
        for n, (kind, case) in enumerate(todo, 1):
            data = case if isinstance(case, bytes) else open(case, "rb").read()
            name = f"{kind}: " + (os.path.relpath(case, ROOT) if isinstance(case, str) else "seed")
            try:
                r = subprocess.run([binary] + wrap(kind, data, tmp), capture_output=True,
                                   timeout=TIMEOUT)
                err = r.stderr.decode("utf-8", "replace")
                ok = r.returncode in (0, 1, 2) and "Sanitizer" not in err and "runtime error" not in err
                why = [f"exit {r.returncode}"] + err.splitlines()[:5]
            except subprocess.TimeoutExpired:
                ok, why = False, [f"still running after {TIMEOUT}s"]
            failed += not ok
            print(f"{'ok' if ok else 'not ok'} {n} - {name}")
            for line in why if not ok else ():
                print(f"# {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
