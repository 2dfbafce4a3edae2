#!/usr/bin/env python3
"""Hostile and broken input for `dhrlint dump FILE --format json`, and for
`dhrlint check FILE --format json` on the same input.

Usage: bad_input_test.py BINARY [--keep DIR]

Every input is generated at run time into a temporary directory, which is
deleted afterwards (unless --keep DIR is given, for reproducing a failure).
Nothing generated here is ever committed.  Python 3 standard library only.

Contract (SPEC.md "Bad input", DUMP-FORMAT.md): exit status 2, nothing on
stdout, exactly one line on stderr,
    dhrlint: <path as given>: <what is wrong>: <what to do>
no signal, within 10 s, under a 256 MiB address-space cap (the cap is
skipped when DHRLINT_SANITIZED=1, since ASan needs a huge address space).
`check` on the same input: a report whose file has status "error", exit 2
(the controls: a verdict, exit 0 or 1), one stderr line, within 10 s, and a
peak RSS under 64 MB (issue 7's aim; not asserted under sanitizers).
Output is TAP; the exit status is 1 if any case fails.
"""

import json
import os
import random
import resource
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib

TIME_LIMIT = 10.0                     # seconds, wall clock
CHECK_RSS_MB = 64                     # issue 7's aim for a check of any bad input
MEM_LIMIT = 256 * 1024 * 1024         # RLIMIT_AS for the child
OUTPUT_KEEP = 64 * 1024               # bytes of child output kept per stream
MiB = 1024 * 1024

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCUMENT_MAIN = ("application/vnd.openxmlformats-officedocument."
                 "wordprocessingml.document.main+xml")
OFFICE_DOCUMENT_REL = ("http://schemas.openxmlformats.org/officeDocument/"
                       "2006/relationships/officeDocument")
ODT_MIME = "application/vnd.oasis.opendocument.text"
ODF_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
}


# --------------------------------------------------------------------------
# A tiny ZIP writer.  Written by hand (not zipfile) so that header fields can
# be made to lie and so that 300 MiB members are built from a stream.
# --------------------------------------------------------------------------

STORED, DEFLATED = 0, 8
DOS_TIME, DOS_DATE = 0, (0 << 9) | (1 << 5) | 1      # 1980-01-01 00:00


class Member:
    """One zip entry: compressed bytes plus the real CRC and size.

    declared: uncompressed size written into the headers (None = the truth).
    zip64:    write the sizes in a ZIP64 extra field (sizes 0xFFFFFFFF).
    """

    def __init__(self, name, data, crc, size, method,
                 declared=None, zip64=False):
        self.name, self.data, self.crc, self.size = name, data, crc, size
        self.method, self.declared, self.zip64 = method, declared, zip64


def deflate_chunks(chunks):
    """Raw-deflate an iterable of byte chunks; return (data, crc, size)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    out, crc, size = [], 0, 0
    for chunk in chunks:
        crc = zlib.crc32(chunk, crc)
        size += len(chunk)
        out.append(comp.compress(chunk))
    out.append(comp.flush())
    return b"".join(out), crc, size


def member(name, content, method=DEFLATED, **kw):
    """content: bytes, str, or an iterable of byte chunks (streamed)."""
    if isinstance(content, str):
        content = content.encode("utf-8")
    if method == STORED:
        return Member(name, content, zlib.crc32(content), len(content),
                      STORED, **kw)
    chunks = [content] if isinstance(content, bytes) else content
    data, crc, size = deflate_chunks(chunks)
    return Member(name, data, crc, size, DEFLATED, **kw)


def zip_bytes(members):
    local, central = bytearray(), bytearray()
    for m in members:
        name = m.name.encode("utf-8")
        usize = m.size if m.declared is None else m.declared
        csize = len(m.data)
        if m.zip64:
            extra = struct.pack("<HHQQ", 0x0001, 16, usize, csize)
            h_usize = h_csize = 0xFFFFFFFF
            version = 45
        else:
            extra, h_usize, h_csize, version = b"", usize, csize, 20
        offset = len(local)
        local += struct.pack("<IHHHHHIIIHH", 0x04034B50, version, 0,
                             m.method, DOS_TIME, DOS_DATE, m.crc,
                             h_csize, h_usize, len(name), len(extra))
        local += name + extra + m.data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, version,
                               version, 0, m.method, DOS_TIME, DOS_DATE,
                               m.crc, h_csize, h_usize, len(name),
                               len(extra), 0, 0, 0, 0, offset)
        central += name + extra
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members),
                       len(members), len(central), len(local), 0)
    return bytes(local + central + eocd), len(local)


def write_zip(path, members):
    data, _ = zip_bytes(members)
    with open(path, "wb") as f:
        f.write(data)
    return path


# --------------------------------------------------------------------------
# A tiny OLE2 / CFB (Compound File Binary, MS-CFB v3) writer: 512-byte
# header, one FAT sector, one directory sector, then the stream sectors.
# Streams are padded to >= 4096 bytes so they live in ordinary sectors (no
# mini stream needed).
# --------------------------------------------------------------------------

CFB_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
FREESECT, ENDOFCHAIN, FATSECT, NOSTREAM = (0xFFFFFFFF, 0xFFFFFFFE,
                                           0xFFFFFFFD, 0xFFFFFFFF)


def cfb_dir_entry(name, kind, child=NOSTREAM, right=NOSTREAM,
                  start=ENDOFCHAIN, size=0, black=True):
    raw = (name + "\0").encode("utf-16-le") if name else b""
    return struct.pack("<64sHBBIII16sIQQIQ", raw, len(raw), kind,
                       1 if black else 0, NOSTREAM, right, child,
                       b"\0" * 16, 0, 0, 0, start, size)


def cfb_bytes(streams):
    """streams: list of (name, bytes).  Returns a compound file."""
    # Directory siblings are ordered by name length, then upper-cased name.
    streams = sorted(streams, key=lambda s: (len(s[0]), s[0].upper()))
    assert 1 <= len(streams) <= 2          # so the tree is trivially valid
    fat = [FATSECT, ENDOFCHAIN]            # sector 0: FAT, sector 1: directory
    body, entries = bytearray(), []
    for i, (name, data) in enumerate(streams):
        data = data.ljust(4096, b"\0")
        padded = data.ljust(-(-len(data) // 512) * 512, b"\0")
        start, count = len(fat), len(padded) // 512
        fat += list(range(start + 1, start + count)) + [ENDOFCHAIN]
        body += padded
        # Entry ids: root 0, streams 1..n; each stream's right sibling is
        # the next one (black first node, red second: a valid tree).
        right = i + 2 if i + 1 < len(streams) else NOSTREAM
        entries.append(cfb_dir_entry(name, 2, right=right, start=start,
                                     size=len(data), black=(i == 0)))
    assert len(fat) <= 128
    fat += [FREESECT] * (128 - len(fat))
    root = cfb_dir_entry("Root Entry", 5, child=1)
    empty = cfb_dir_entry("", 0, start=0)   # unused: zero, NOSTREAM links
    directory = b"".join([root] + entries + [empty] * (3 - len(entries)))
    header = struct.pack("<8s16sHHHHH6sIIIIIIIII", CFB_MAGIC, b"\0" * 16,
                         0x003E, 3, 0xFFFE, 9, 6, b"\0" * 6,
                         0, 1, 1, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0)
    header += struct.pack("<109I", 0, *([FREESECT] * 108))
    assert len(header) == 512 and len(directory) == 512
    return header + struct.pack("<128I", *fat) + directory + bytes(body)


# --------------------------------------------------------------------------
# Document builders
# --------------------------------------------------------------------------

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types">'
    '<Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="%s"/>'
    '</Types>' % DOCUMENT_MAIN)

ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships">'
    '<Relationship Id="rId1" Type="%s" Target="word/document.xml"/>'
    '</Relationships>' % OFFICE_DOCUMENT_REL)

XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
DOC_OPEN = '<w:document xmlns:w="%s"><w:body>' % W_NS
DOC_CLOSE = '</w:body></w:document>'


def para(text):
    return "<w:p><w:r><w:t>%s</w:t></w:r></w:p>" % text


def document_xml(body=para("Hello"), prolog=XML_DECL):
    return prolog + DOC_OPEN + body + DOC_CLOSE


def docx_members(document, **kw):
    """The three parts of a minimal DOCX; kw goes to word/document.xml."""
    return [member("[Content_Types].xml", CONTENT_TYPES),
            member("_rels/.rels", ROOT_RELS),
            member("word/document.xml", document, **kw)]


def write_docx(path, document=None, **kw):
    if document is None:
        document = document_xml()
    return write_zip(path, docx_members(document, **kw))


def odt_content(body='<text:p>Hello</text:p>'):
    return (XML_DECL.replace(' standalone="yes"', '') +
            '<office:document-content xmlns:office="%(office)s" '
            'xmlns:text="%(text)s" office:version="1.2">'
            '<office:body><office:text>' % ODF_NS + body +
            '</office:text></office:body></office:document-content>')


def odt_manifest(entries, doctype=""):
    rows = ['<manifest:file-entry manifest:full-path="/" '
            'manifest:version="1.2" manifest:media-type="%s"/>' % ODT_MIME]
    rows += entries + [manifest_entry("styles.xml")]
    return (XML_DECL.replace(' standalone="yes"', '') + doctype +
            '<manifest:manifest xmlns:manifest="%(manifest)s" '
            'manifest:version="1.2">' % ODF_NS + "".join(rows) +
            '</manifest:manifest>')


def manifest_entry(path, media="text/xml", inner=""):
    if not inner:
        return ('<manifest:file-entry manifest:full-path="%s" '
                'manifest:media-type="%s"/>' % (path, media))
    return ('<manifest:file-entry manifest:full-path="%s" '
            'manifest:media-type="%s">%s</manifest:file-entry>'
            % (path, media, inner))


ODT_STYLES = ('<office:document-styles xmlns:office="%(office)s" '
              'office:version="1.2"><office:styles/>'
              '</office:document-styles>' % ODF_NS)


def write_odt(path, content=None, manifest=None):
    """mimetype (stored, first), content.xml, styles.xml, manifest."""
    members = [member("mimetype", ODT_MIME, method=STORED)]
    if content is not None:
        members.append(content)
    members.append(member("styles.xml", ODT_STYLES))
    if manifest is None:
        manifest = odt_manifest([manifest_entry("content.xml")])
    members.append(member("META-INF/manifest.xml", manifest))
    return write_zip(path, members)


def fodt_xml(body='<text:p>Hello</text:p>'):
    return (XML_DECL.replace(' standalone="yes"', '') +
            '<office:document xmlns:office="%(office)s" '
            'xmlns:text="%(text)s" office:version="1.2" ' % ODF_NS +
            'office:mimetype="%s"><office:body><office:text>' % ODT_MIME +
            body + '</office:text></office:body></office:document>')


def write(path, data):
    with open(path, "wb") as f:
        f.write(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# --------------------------------------------------------------------------
# Cases: one generator each.  A generator gets a fresh directory (the
# child's working directory) and returns the path to pass, relative to it.
# --------------------------------------------------------------------------

def gen_control_docx(d):
    return write_docx(os.path.join(d, "minimal.docx"))


def gen_control_odt(d):
    return write_odt(os.path.join(d, "minimal.odt"),
                     content=member("content.xml", odt_content()))


def gen_control_fodt(d):
    return write(os.path.join(d, "minimal.fodt"), fodt_xml())


def gen_control_odt_manifest_doctype(d):
    # SPEC: old OpenOffice files declare a DTD in the manifest and must
    # still be read (the DTD is never loaded).
    doctype = ('<!DOCTYPE manifest:manifest PUBLIC "-//OpenOffice.org//DTD '
               'Manifest 1.0//EN" "Manifest.dtd">')
    return write_odt(os.path.join(d, "old-openoffice.odt"),
                     content=member("content.xml", odt_content()),
                     manifest=odt_manifest([manifest_entry("content.xml")],
                                           doctype))


def gen_empty(d):
    return write(os.path.join(d, "empty.docx"), b"")


def gen_directory(d):
    path = os.path.join(d, "folder.docx")
    os.mkdir(path)
    return path


def gen_plain_text(d):
    return write(os.path.join(d, "notes.docx"),
                 "This is a plain text file, not a Word document.\n" * 40)


def gen_random_bytes(d):
    rng = random.Random(20240521)
    data = bytes(rng.getrandbits(8) for _ in range(8192))
    data = b"\x00\x01" + data[2:]       # no zip, CFB or PDF magic by chance
    return write(os.path.join(d, "noise.docx"), data)


def real_docx_bytes():
    """A small DOCX with enough text that cutting it hurts."""
    body = "".join(para("Paragraph %d of a real-looking review." % i)
                   for i in range(1, 400))
    return zip_bytes(docx_members(document_xml(para("Hello") + body)))


def gen_truncated_half(d):
    data, _ = real_docx_bytes()
    return write(os.path.join(d, "half.docx"), data[:len(data) // 2])


def gen_truncated_central_directory(d):
    data, central_offset = real_docx_bytes()
    return write(os.path.join(d, "no-central-directory.docx"),
                 data[:central_offset])


def word_document_stream():
    # FIB base: wIdent 0xA5EC, nFib 0x00C1 (Word 97), rest zero.
    return struct.pack("<HH", 0xA5EC, 0x00C1).ljust(4096, b"\0")


def gen_legacy_doc(d):
    return write(os.path.join(d, "legacy.doc"),
                 cfb_bytes([("WordDocument", word_document_stream())]))


def gen_legacy_doc_renamed(d):
    # The same .doc renamed to .docx: must be sniffed, not trusted by name.
    return write(os.path.join(d, "renamed-legacy.docx"),
                 cfb_bytes([("WordDocument", word_document_stream())]))


def gen_encrypted_docx(d):
    # What Word writes for "Encrypt with Password": a CFB, not a zip.
    rng = random.Random(7)
    info = struct.pack("<HHI", 4, 4, 0x40) + (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        b'<encryption xmlns="http://schemas.microsoft.com/office/2006/'
        b'encryption"><keyData saltSize="16" blockSize="16" keyBits="256" '
        b'hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC"'
        b' hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/>'
        b'</encryption>')
    package = struct.pack("<Q", 12345) + bytes(
        rng.getrandbits(8) for _ in range(12352))
    return write(os.path.join(d, "encrypted.docx"),
                 cfb_bytes([("EncryptionInfo", info),
                            ("EncryptedPackage", package)]))


def gen_encrypted_odt(d):
    rng = random.Random(11)
    ciphertext = bytes(rng.getrandbits(8) for _ in range(2048))
    encryption = (
        '<manifest:encryption-data manifest:checksum-type="urn:oasis:names:'
        'tc:opendocument:xmlns:manifest:1.0#sha256-1k" '
        'manifest:checksum="q8ZzUJm0Zx0RvZ9dYcS8XhJ+3U0Qm3f1F8Ue2p0zZ6Q=">'
        '<manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/'
        '04/xmlenc#aes256-cbc" manifest:initialisation-vector='
        '"AAECAwQFBgcICQoLDA0ODw=="/>'
        '<manifest:start-key-generation manifest:start-key-generation-name='
        '"http://www.w3.org/2000/09/xmldsig#sha256" manifest:key-size="32"/>'
        '<manifest:key-derivation manifest:key-derivation-name="PBKDF2" '
        'manifest:key-size="32" manifest:iteration-count="100000" '
        'manifest:salt="AAECAwQFBgcICQoLDA0ODw=="/>'
        '</manifest:encryption-data>')
    manifest = odt_manifest([manifest_entry("content.xml",
                                            inner=encryption)])
    return write_odt(os.path.join(d, "encrypted.odt"),
                     content=member("content.xml", ciphertext, method=STORED),
                     manifest=manifest)


def gen_pdf(d):
    rng = random.Random(3)
    junk = bytes(rng.getrandbits(8) for _ in range(4096))
    return write(os.path.join(d, "exported.docx"),
                 b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + junk)


def gen_bomb_declared(d):
    # Honest content, but both headers claim 4 GiB - 1 uncompressed.
    return write_docx(os.path.join(d, "bomb-declared.docx"),
                      declared=0xFFFFFFFF)


def gen_bomb_declared_zip64(d):
    # Both headers claim 16 GiB uncompressed through a ZIP64 extra field.
    return write_docx(os.path.join(d, "bomb-declared-zip64.docx"),
                      declared=16 * 1024 * MiB, zip64=True)


def bomb_document_chunks(total=300 * MiB, chunk=MiB):
    """A valid document.xml: one paragraph, then `total` bytes of spaces."""
    yield (XML_DECL + DOC_OPEN + para("Hello")).encode()
    spaces = b" " * chunk
    for _ in range(total // chunk):
        yield spaces
    yield DOC_CLOSE.encode()


def gen_bomb_real(d):
    return write_docx(os.path.join(d, "bomb-real.docx"),
                      bomb_document_chunks())


def gen_bomb_lying(d):
    return write_docx(os.path.join(d, "bomb-lying.docx"),
                      bomb_document_chunks(), declared=1024)


def gen_billion_laughs(d):
    ents = ['<!ENTITY lol "lol">']
    for i in range(1, 10):
        prev = "&lol;" if i == 1 else "&lol%d;" % (i - 1)
        ents.append('<!ENTITY lol%d "%s">' % (i, prev * 10))
    prolog = XML_DECL + "<!DOCTYPE w:document [\n %s\n]>\n" % "\n ".join(ents)
    return write_docx(os.path.join(d, "billion-laughs.docx"),
                      document_xml(para("&lol9;"), prolog))


def gen_external_entity(d):
    prolog = (XML_DECL + '<!DOCTYPE w:document [\n'
              ' <!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n')
    return write_docx(os.path.join(d, "xxe.docx"),
                      document_xml(para("&xxe;"), prolog))


def gen_no_main_document(d):
    return write_zip(os.path.join(d, "no-document.docx"),
                     [member("[Content_Types].xml", CONTENT_TYPES),
                      member("_rels/.rels", ROOT_RELS)])


def docx_with_text_bytes(d, name, raw):
    """A DOCX whose single w:t holds `raw` bytes verbatim."""
    document = (XML_DECL + DOC_OPEN).encode() + \
        b"<w:p><w:r><w:t>Before " + raw + b" after</w:t></w:r></w:p>" + \
        DOC_CLOSE.encode()
    return write_docx(os.path.join(d, name), document)


def gen_utf8_stray_byte(d):
    return docx_with_text_bytes(d, "utf8-ff.docx", b"caf\xff")


def gen_utf8_overlong(d):
    return docx_with_text_bytes(d, "utf8-overlong.docx", b"\xc0\xaf")


def gen_utf8_surrogate(d):
    return docx_with_text_bytes(d, "utf8-surrogate.docx", b"\xed\xa0\x80")


def gen_utf8_truncated_sequence(d):
    return docx_with_text_bytes(d, "utf8-truncated.docx", b"\xe2\x82")


def nested_chunks(open_tag, close_tag, depth=100000):
    yield (XML_DECL + DOC_OPEN).encode()
    yield open_tag.encode() * depth
    yield para("Hello").encode()
    yield close_tag.encode() * depth
    yield DOC_CLOSE.encode()


def gen_deep_sdt(d):
    return write_docx(os.path.join(d, "deep-sdt.docx"),
                      nested_chunks("<w:sdt><w:sdtContent>",
                                    "</w:sdtContent></w:sdt>"))


def gen_deep_tables(d):
    return write_docx(os.path.join(d, "deep-tables.docx"),
                      nested_chunks("<w:tbl><w:tr><w:tc>",
                                    "</w:tc></w:tr></w:tbl>"))


def gen_too_many_entries(d):
    extra = [member("customXml/item%d.xml" % i, b"", method=STORED)
             for i in range(1, 20001)]
    return write_zip(os.path.join(d, "many-entries.docx"),
                     docx_members(document_xml()) + extra)


def many_paragraph_chunks(count=450000, per_chunk=10000):
    yield (XML_DECL + DOC_OPEN).encode()
    for start in range(0, count, per_chunk):
        yield "".join(para("Paragraph %d." % i) for i in
                      range(start + 1, start + per_chunk + 1)).encode()
    yield DOC_CLOSE.encode()


def gen_too_many_paragraphs(d):
    return write_docx(os.path.join(d, "many-paragraphs.docx"),
                      many_paragraph_chunks())


def gen_odt_no_content(d):
    return write_odt(os.path.join(d, "no-content.odt"), content=None,
                     manifest=odt_manifest([]))


def gen_fodt_truncated(d):
    xml = fodt_xml('<text:p>Hello</text:p><text:p text:style-name="P1">'
                   'World</text:p>')
    cut = xml.index('text:style-name="P1"') + len('text:sty')
    return write(os.path.join(d, "truncated.fodt"), xml[:cut])


# --- every other named limit of include/dhrlint/limits.h ------------------

REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def document_rels(rels):
    """word/_rels/document.xml.rels from (id, type, target) triples."""
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="%s">' % REL_NS +
            "".join('<Relationship Id="%s" Type="%s%s" Target="%s"/>'
                    % (i, REL_BASE, t, target) for i, t, target in rels) +
            "</Relationships>")


def spaces(total, chunk=MiB):
    for _ in range(total // chunk):
        yield b" " * chunk


def gen_total_inflated(d):
    # Four headers of 110 MiB each: every part is under the 128 MiB part
    # limit, together they pass the 384 MiB package limit.
    hdr_open = ('<w:hdr xmlns:w="%s"><w:p><w:r><w:t>x</w:t></w:r></w:p>' % W_NS).encode()
    members = docx_members(document_xml())
    rels = []
    for i in range(1, 5):
        members.append(member("word/header%d.xml" % i,
                              [hdr_open, *spaces(110 * MiB), b"</w:hdr>"]))
        rels.append(("rIdH%d" % i, "header", "header%d.xml" % i))
    members.append(member("word/_rels/document.xml.rels", document_rels(rels)))
    return write_zip(os.path.join(d, "total-inflated.docx"), members)


def gen_small_part_too_big(d):
    # [Content_Types].xml is read whole, so it has a cap of its own.
    body = CONTENT_TYPES.encode()
    head, tail = body[:-len(b"</Types>")], b"</Types>"
    members = [member("[Content_Types].xml", [head, *spaces(40 * MiB), tail]),
               member("_rels/.rels", ROOT_RELS),
               member("word/document.xml", document_xml())]
    return write_zip(os.path.join(d, "big-content-types.docx"), members)


def long_paragraph_chunks(mib, paragraphs=1):
    yield (XML_DECL + DOC_OPEN).encode()
    run = ("<w:r><w:t>" + "a" * (MiB - 20) + "</w:t></w:r>").encode()
    for _ in range(paragraphs):
        yield b"<w:p>"
        for _ in range(mib):
            yield run
        yield b"</w:p>"
    yield DOC_CLOSE.encode()


def gen_paragraph_too_long(d):
    return write_docx(os.path.join(d, "long-paragraph.docx"), long_paragraph_chunks(9))


def gen_too_much_text(d):
    return write_docx(os.path.join(d, "much-text.docx"), long_paragraph_chunks(7, 5))


def gen_too_many_styles(d):
    styles = ('<?xml version="1.0" encoding="UTF-8"?>\n<w:styles xmlns:w="%s">' % W_NS +
              "".join('<w:style w:type="paragraph" w:styleId="S%d"><w:name w:val="s%d"/>'
                      "</w:style>" % (i, i) for i in range(20001)) + "</w:styles>")
    members = docx_members(document_xml())
    members.append(member("word/styles.xml", styles))
    members.append(member("word/_rels/document.xml.rels",
                          document_rels([("rIdS", "styles", "styles.xml")])))
    return write_zip(os.path.join(d, "many-styles.docx"), members)


def gen_deep_text_boxes(d):
    depth = 20
    body = ("<w:p><w:r><w:txbxContent>" * depth + para("inside") +
            "</w:txbxContent></w:r></w:p>" * depth)
    return write_docx(os.path.join(d, "deep-text-boxes.docx"), document_xml(body))


def gen_file_too_big(d):
    path = os.path.join(d, "huge.docx")
    with open(path, "wb") as f:
        f.write(b"PK\x03\x04")
        f.truncate(513 * MiB)  # sparse: costs no disk
    return path


# --------------------------------------------------------------------------
# (name, generator, expected exit, keywords: any one must appear)
# --------------------------------------------------------------------------

CASES = [
    ("control: minimal DOCX", gen_control_docx, 0, None),
    ("control: minimal ODT", gen_control_odt, 0, None),
    ("control: minimal FODT", gen_control_fodt, 0, None),
    ("control: ODT with old OpenOffice DOCTYPE in manifest",
     gen_control_odt_manifest_doctype, 0, None),
    ("empty file", gen_empty, 2, ["is empty"]),
    ("directory", gen_directory, 2, ["is a directory"]),
    ("plain text named .docx", gen_plain_text, 2, ["not a zip"]),
    ("random bytes named .docx", gen_random_bytes, 2, ["not a zip"]),
    ("truncated zip: docx cut in half", gen_truncated_half, 2,
     ["truncated or damaged"]),
    ("truncated zip: central directory cut off",
     gen_truncated_central_directory, 2, ["truncated or damaged"]),
    ("legacy .doc (CFB with WordDocument)", gen_legacy_doc, 2,
     ["legacy Word 97-2003"]),
    ("legacy .doc renamed .docx", gen_legacy_doc_renamed, 2,
     ["legacy Word 97-2003"]),
    ("encrypted DOCX (CFB with EncryptionInfo/EncryptedPackage)",
     gen_encrypted_docx, 2, ["password-protected"]),
    ("encrypted ODT (manifest encryption-data)", gen_encrypted_odt, 2,
     ["password-protected"]),
    ("PDF named .docx", gen_pdf, 2, ["is a PDF"]),
    ("zip bomb: declared size 4 GiB-1", gen_bomb_declared, 2, ["zip bomb"]),
    ("zip bomb: declared size 16 GiB (ZIP64)", gen_bomb_declared_zip64, 2,
     ["zip bomb"]),
    ("zip bomb: real, 300 MiB, honest size", gen_bomb_real, 2, ["zip bomb"]),
    ("zip bomb: real, 300 MiB, declared 1 KiB", gen_bomb_lying, 2,
     ["zip bomb", "damaged"]),
    ("billion laughs", gen_billion_laughs, 2, ["entities"]),
    ("external entity file:///etc/passwd", gen_external_entity, 2,
     ["entities"]),
    ("missing word/document.xml", gen_no_main_document, 2,
     ["no main document"]),
    ("invalid UTF-8: stray 0xFF in w:t", gen_utf8_stray_byte, 2,
     ["invalid UTF-8"]),
    ("invalid UTF-8: overlong C0 AF in w:t", gen_utf8_overlong, 2,
     ["invalid UTF-8"]),
    ("invalid UTF-8: surrogate ED A0 80 in w:t", gen_utf8_surrogate, 2,
     ["invalid UTF-8"]),
    ("invalid UTF-8: truncated sequence E2 82 in w:t",
     gen_utf8_truncated_sequence, 2, ["invalid UTF-8"]),
    ("nesting: 100,000 w:sdt/w:sdtContent", gen_deep_sdt, 2,
     ["nested too deeply"]),
    ("nesting: 100,000 nested tables", gen_deep_tables, 2,
     ["nested too deeply"]),
    ("limit: 20,000 zip entries", gen_too_many_entries, 2,
     ["too many entries"]),
    ("limit: 450,000 paragraphs", gen_too_many_paragraphs, 2,
     ["too many paragraphs"]),
    ("limit: 4 parts of 110 MiB (package inflation)", gen_total_inflated, 2,
     ["zip bomb"]),
    ("limit: 40 MiB [Content_Types].xml (small-part cap)", gen_small_part_too_big, 2,
     ["larger than"]),
    ("limit: one 9 MiB paragraph", gen_paragraph_too_long, 2, ["MiB of text"]),
    ("limit: 35 MiB of text in all", gen_too_much_text, 2, ["MiB of text"]),
    ("limit: 20,001 styles", gen_too_many_styles, 2, ["styles"]),
    ("limit: text boxes nested 20 deep", gen_deep_text_boxes, 2, ["nested too deeply"]),
    ("limit: 513 MiB file", gen_file_too_big, 2, ["larger than"]),
    ("ODT without content.xml", gen_odt_no_content, 2, ["no main document"]),
    ("FODT truncated mid-element", gen_fodt_truncated, 2,
     ["not well-formed"]),
]


# --------------------------------------------------------------------------
# Running the child
# --------------------------------------------------------------------------

class Result:
    pass


def limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEM_LIMIT, MEM_LIMIT))


def drain(pipe, sink):
    """Read a pipe to EOF, keeping at most OUTPUT_KEEP bytes."""
    total = 0
    while True:
        block = pipe.read(65536)
        if not block:
            break
        total += len(block)
        if len(sink[0]) < OUTPUT_KEEP:
            sink[0] += block[:OUTPUT_KEEP - len(sink[0])]
    sink[1] = total


def run(binary, path, cwd, command="dump"):
    sanitized = os.environ.get("DHRLINT_SANITIZED") == "1"
    r = Result()
    r.cwd = cwd
    out, err = [b"", 0], [b"", 0]
    # Linux charges a child's ru_maxrss with at least the high-water RSS of
    # the process it was forked from (this Python).  Below that floor the
    # child's own peak is unknown; we only know it is no larger.
    r.floor_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    start = time.monotonic()
    proc = subprocess.Popen([binary, command, path, "--format", "json"],
                            cwd=cwd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=None if sanitized else limit_memory)
    threads = [threading.Thread(target=drain, args=(proc.stdout, out)),
               threading.Thread(target=drain, args=(proc.stderr, err))]
    for t in threads:
        t.start()
    r.timed_out = False
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() - start > TIME_LIMIT:
            r.timed_out = True
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.005)
    r.elapsed = time.monotonic() - start
    proc.returncode = 0                 # reaped by wait4; keep Popen quiet
    for t in threads:
        t.join()
    proc.stdout.close()
    proc.stderr.close()
    r.signal = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
    r.code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
    r.rss_mb = usage.ru_maxrss / 1024.0          # Linux: KiB
    r.stdout, r.stdout_len = out
    r.stderr, r.stderr_len = err
    return r


# --------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------

def common_problems(r):
    problems = []
    if r.timed_out:
        problems.append("killed after %.0f s time limit" % TIME_LIMIT)
    elif r.signal is not None:
        problems.append("killed by signal %d" % r.signal)
    elif r.elapsed > TIME_LIMIT:
        problems.append("took %.1f s (limit %.0f s)" % (r.elapsed, TIME_LIMIT))
    return problems


def check_bad(r, path, expected, keywords):
    problems = common_problems(r)
    if r.code != expected and r.signal is None and not r.timed_out:
        problems.append("exit %s, want %d" % (r.code, expected))
    if r.stdout_len:
        problems.append("%d bytes on stdout" % r.stdout_len)
    if b"root:" in r.stdout or b"root:" in r.stderr:
        problems.append("/etc/passwd content leaked")
    text = r.stderr.decode("utf-8", "replace")
    count = len(text.splitlines())
    if count != 1:
        problems.append("stderr is %d lines, want exactly 1" % count)
    elif not text.endswith("\n"):
        problems.append("stderr line lacks its newline")
    line = text.split("\n")[0]
    prefix = "dhrlint: %s: " % path
    if not line.startswith(prefix):
        problems.append("stderr does not start with %r" % prefix)
    else:
        rest = line[len(prefix):]
        wrong, sep, todo = rest.partition(": ")
        if not (wrong.strip() and sep and todo.strip()):
            problems.append("stderr not '<what is wrong>: <what to do>'")
    if keywords and not any(k.lower() in line.lower() for k in keywords):
        problems.append("message lacks %s" %
                        " or ".join(repr(k) for k in keywords))
    return problems


def check_control(r, path):
    problems = common_problems(r)
    if r.code != 0 and r.signal is None and not r.timed_out:
        problems.append("exit %s, want 0" % r.code)
    try:
        doc = json.loads(r.stdout.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as e:
        problems.append("stdout is not JSON (%s)" % str(e)[:60])
        return problems
    paras = doc.get("paragraphs") if isinstance(doc, dict) else None
    if not isinstance(paras, list) or not any(
            isinstance(p, dict) and p.get("text") == "Hello" and
            p.get("part", "body") == "body" for p in paras):
        problems.append("no body paragraph with text 'Hello' in JSON")
    if isinstance(doc, dict) and doc.get("path") != path:
        problems.append("JSON path is %r, want %r" % (doc.get("path"), path))
    return problems


def check_whole(r, path, expected):
    """`check` on the same input: the batch contract (a file that cannot be
    read is a report with status error, exit 2; one stderr line), within
    the time limit and CHECK_RSS_MB of peak memory."""
    problems = common_problems(r)
    want = (2,) if expected else (0, 1)
    if r.code not in want and r.signal is None and not r.timed_out:
        problems.append("exit %s, want %s" % (r.code, " or ".join(map(str, want))))
    if r.rss_mb > CHECK_RSS_MB and r.rss_mb > r.floor_mb + 0.5 and \
            os.environ.get("DHRLINT_SANITIZED") != "1":
        problems.append("peak RSS %.1f MB, aim under %d MB" % (r.rss_mb, CHECK_RSS_MB))
    lines = r.stderr.decode("utf-8", "replace").splitlines()
    if os.path.isdir(os.path.join(r.cwd, path)):
        # a folder is a batch of the reports in it: none is an error, no report
        if r.stdout_len or len(lines) != 1:
            problems.append("a folder with no report: want one stderr line and no stdout")
        return problems
    try:
        files = json.loads(r.stdout.decode("utf-8"))["files"]
        status = files[0]["status"] if len(files) == 1 else None
    except (ValueError, UnicodeDecodeError, KeyError, TypeError) as e:
        problems.append("stdout is not a JSON report (%s)" % str(e)[:60])
        return problems
    if expected and status != "error":
        problems.append("status %r, want 'error'" % status)
    if not expected and status not in ("pass", "fail"):
        problems.append("status %r, want a verdict" % status)
    if expected and (len(lines) != 1 or not lines[0].startswith("dhrlint: %s: " % path)):
        problems.append("stderr is not one line naming the file: %r" % lines[:3])
    return problems


def show(data, total):
    text = data.decode("utf-8", "replace").rstrip("\n")
    lines = text.split("\n")
    shown = [l[:300] for l in lines[:5]]
    if len(lines) > 5 or total > len(data):
        shown.append("... (%d bytes in all)" % total)
    return shown


def rss_text(r):
    if r.rss_mb <= r.floor_mb + 0.5:
        return "<= %.1f MB" % r.rss_mb       # hidden under the parent's RSS
    return "%.1f MB" % r.rss_mb


def main(argv):
    args = argv[1:]
    keep = None
    if "--keep" in args:
        i = args.index("--keep")
        keep = args[i + 1]
        del args[i:i + 2]
    if len(args) != 1:
        sys.stderr.write("usage: %s BINARY [--keep DIR]\n" % argv[0])
        return 2
    binary = os.path.abspath(args[0])
    if not os.access(binary, os.X_OK):
        sys.stderr.write("%s: %s is not an executable\n" % (argv[0], binary))
        return 2

    if keep:
        os.makedirs(keep, exist_ok=True)
        root = os.path.abspath(keep)
    else:
        root = tempfile.mkdtemp(prefix="dhrlint-bad-input-")
    failures = 0
    print("1..%d" % (2 * len(CASES)))
    sys.stdout.flush()
    try:
        for n, (name, gen, expected, keywords) in enumerate(CASES, 1):
            d = os.path.join(root, "case%02d" % n)
            os.mkdir(d)
            try:
                path = os.path.relpath(gen(d), d)  # path as given: relative
            except Exception as e:                  # a bug in this test
                failures += 1
                print("not ok %d - %s # generator failed: %r" % (2 * n - 1, name, e))
                print("not ok %d - check: %s # generator failed" % (2 * n, name))
                continue
            r = run(binary, path, d)
            if expected == 0:
                problems = check_control(r, path)
            else:
                problems = check_bad(r, path, expected, keywords)
            if problems:
                failures += 1
                print("not ok %d - %s # %s" % (2 * n - 1, name, "; ".join(problems)))
                print("#   exit=%s signal=%s input=%s" %
                      (r.code, r.signal, os.path.join(d, path)))
                for l in show(r.stderr, r.stderr_len):
                    print("#   stderr: %s" % l)
                if r.stdout_len and expected != 0:
                    for l in show(r.stdout, r.stdout_len)[:2]:
                        print("#   stdout: %s" % l[:200])
            else:
                print("ok %d - %s" % (2 * n - 1, name))
            print("# %s: %.2f s, %s" % (name, r.elapsed, rss_text(r)))
            # the whole check on the same input
            c = run(binary, path, d, "check")
            problems = check_whole(c, path, expected)
            if problems:
                failures += 1
                print("not ok %d - check: %s # %s" % (2 * n, name, "; ".join(problems)))
            else:
                print("ok %d - check: %s" % (2 * n, name))
            print("# check: %s: %.2f s, %s" % (name, c.elapsed, rss_text(c)))
            sys.stdout.flush()
            if not keep:
                shutil.rmtree(d, ignore_errors=True)
    finally:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
