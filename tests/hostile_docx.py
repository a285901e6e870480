"""Hostile .docx files, made in code from a sample plan (nothing binary is committed): the attacks
of issue 11 and one file per reading bound of `service.docx.limits`.

    paragraph_bomb()    2,000,000 empty paragraphs (a 12 MB document.xml in 28 KB)
    varied_bomb()       paragraphs that do not compress well (each its own rsid): under the
                        ratio bound, over the tag bound, within the API's 1 MB
    zip_bomb()          a document.xml that unpacks to 950 MiB (0.98 MB packed)
    entity_bomb()       "billion laughs" in document.xml
    malformed_theme()   a theme part cut in the middle; entity_theme(): one with an entity bomb

`bombs()` gives the four of the issue by name.  The ZIP writer here writes a deflate stream
built from one compressed block repeated (`zip_bomb` in well under a second).
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from functools import cache
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "000-thuong-duc-keep-drug-free.docx"
DOCUMENT = "word/document.xml"
THEME = "word/theme/theme1.xml"
W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
OPEN, CLOSE = b"<w:document " + W + b"><w:body>", b"</w:body></w:document>"
MIB = 1 << 20


def sample_parts() -> dict[str, bytes]:
    with zipfile.ZipFile(SAMPLE) as z:
        return {name: z.read(name) for name in z.namelist()}


def replaced(parts: dict[str, bytes], *, drop: tuple[str, ...] = ()) -> bytes:
    """The sample plan with `parts` replaced or added, `drop` left out."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in {**sample_parts(), **parts}.items():
            if name not in drop:
                z.writestr(name, data)
    return out.getvalue()


def document(body: bytes) -> bytes:
    return OPEN + body + CLOSE


def paragraph_bomb(paragraphs: int = 2_000_000) -> bytes:
    return replaced({DOCUMENT: document(b"<w:p/>" * paragraphs)})


def varied_bomb(paragraphs: int = 120_000) -> bytes:
    """Empty paragraphs, each with its own random revision id (the ratio stays low)."""
    rnd = random.Random(11)
    body = b"".join(b'<w:p w:rsidR="%08X"/>' % rnd.getrandbits(32) for _ in range(paragraphs))
    return replaced({DOCUMENT: document(body)})


def entity_bomb() -> bytes:
    return replaced({DOCUMENT: _laughs() + document(b"<w:p><w:r><w:t>&j;</w:t></w:r></w:p>")})


def malformed_theme() -> bytes:
    theme = sample_parts()[THEME]
    return replaced({THEME: theme[:len(theme) // 2]})


def entity_theme() -> bytes:
    theme = sample_parts()[THEME].split(b"?>", 1)[-1]
    return replaced({THEME: _laughs() + theme.replace(b'typeface="', b'typeface="&j;', 1)})


def _laughs() -> bytes:
    """A document type declaring ten entities, each ten times the one before (10^10 bytes)."""
    names = [bytes([c]) for c in b"abcdefghij"]
    entities = [b'<!ENTITY a "lol">'] + [b'<!ENTITY %s "%s">' % (n, b"&%s;" % p * 10)
                                          for p, n in zip(names, names[1:], strict=False)]
    return b'<?xml version="1.0"?><!DOCTYPE w:document [' + b"".join(entities) + b"]>"


@cache
def zip_bomb(mebibytes: int = 950) -> bytes:
    """The sample plan whose document.xml unpacks to `mebibytes` MiB of one letter inside a
    run (a valid ZIP: sizes and CRC are true)."""
    head, tail = OPEN + b"<w:p><w:r><w:t>", b"</w:t></w:r></w:p>" + CLOSE
    chunk = b"a" * MIB
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = [deflate.compress(head + chunk) + deflate.flush(zlib.Z_FULL_FLUSH)]
    block = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)  # the same every MiB
    packed += [block] * (mebibytes - 1) + [deflate.compress(tail) + deflate.flush()]
    crc = zlib.crc32(head)
    for _ in range(mebibytes):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    entry = _Entry(DOCUMENT, b"".join(packed), crc, len(head) + mebibytes * MIB + len(tail))
    others = [_Entry.deflated(n, d) for n, d in sample_parts().items() if n != DOCUMENT]
    return _zip([entry, *others])


def bombs() -> dict[str, bytes]:
    """The four attacks of the issue, by name."""
    return {"paragraph bomb": paragraph_bomb(), "zip bomb": zip_bomb(),
            "entity bomb": entity_bomb(), "malformed theme": malformed_theme()}


# --- a ZIP written by hand (for a deflate stream built in pieces) ---------------------------------

class _Entry:
    def __init__(self, name: str, packed: bytes, crc: int, size: int) -> None:
        self.name, self.packed, self.crc, self.size = name.encode(), packed, crc, size

    @classmethod
    def deflated(cls, name: str, data: bytes) -> _Entry:
        deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
        return cls(name, deflate.compress(data) + deflate.flush(), zlib.crc32(data), len(data))

    def fields(self) -> tuple[int, ...]:
        """version, flags, method (deflate), time, date, crc, sizes, name length, extra length."""
        return (20, 0, 8, 0, 0x21, self.crc, len(self.packed), self.size, len(self.name), 0)


def _zip(entries: list[_Entry]) -> bytes:
    out, central = io.BytesIO(), io.BytesIO()
    for entry in entries:
        offset = out.tell()
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", *entry.fields()))
        out.write(entry.name + entry.packed)
        central.write(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, *entry.fields(), 0, 0, 0,
                                  0, offset))
        central.write(entry.name)
    start = out.tell()
    out.write(central.getvalue())
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries),
                          len(central.getvalue()), start, 0))
    return out.getvalue()
