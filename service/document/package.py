"""Zip a package whose parts are mostly the same every time: constant parts deflated once.

A zip entry's local record (header and deflated data) does not depend on where it stands in
the file; only the central directory records its offset.  `PackageZip` cuts the records of the
constant parts out of one `zip_parts` archive, deflates only the changing parts on each call,
and joins the records with the offsets patched: the same bytes as `zip_parts` of the same
parts, in the same order (tests/document/test_compiled.py).
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from service.document.docxtpl_path import zip_parts

_CENTRAL_FIXED = 46  # bytes of a central directory record before its name, extra and comment
_OFFSET = slice(42, 46)  # the local header's offset inside a central directory record
_END = struct.Struct("<4s4H2LH")  # end of central directory, as zipfile writes it
_END_SIGNATURE = b"PK\x05\x06"


@dataclass(frozen=True)
class Record:
    """One entry: its local record (header and data) and its central directory record."""

    local: bytes
    central: bytes


def records(data: bytes) -> dict[str, Record]:
    """The records of every entry of a zip without a comment or zip64, by name."""
    end = _END.unpack(data[-_END.size:])
    if end[0] != _END_SIGNATURE or end[-1]:
        raise ValueError("not a plain zip")
    start = end[-2]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        infos = z.infolist()
    offsets = [i.header_offset for i in infos] + [start]
    out: dict[str, Record] = {}
    position = start
    for index, info in enumerate(infos):
        name_len, extra_len, comment_len = struct.unpack("<3H", data[position + 28:position + 34])
        size = _CENTRAL_FIXED + name_len + extra_len + comment_len
        local = data[offsets[index]:offsets[index + 1]]
        out[info.filename] = Record(local, data[position:position + size])
        position += size
    return out


def join(entries: Iterable[Record]) -> bytes:
    """A zip of `entries` in order, each central record pointing at its local record."""
    body, central, count = bytearray(), bytearray(), 0
    for record in entries:
        patched = bytearray(record.central)
        patched[_OFFSET] = struct.pack("<L", len(body))
        body += record.local
        central += patched
        count += 1
    end = _END.pack(_END_SIGNATURE, 0, 0, count, count, len(central), len(body), 0)
    return bytes(body + central + end)


class PackageZip:
    """`zip_parts` for packages that differ from `parts` only in the parts named `changing`."""

    def __init__(self, parts: Iterable[tuple[str, bytes]], changing: Iterable[str]) -> None:
        listed = list(parts)
        self.order = [name for name, _ in listed]
        self.changing = frozenset(changing)
        constant = [(n, d) for n, d in listed if n not in self.changing]
        self.constant = records(zip_parts(constant)) if constant else {}

    def zip(self, changed: Mapping[str, bytes]) -> bytes:
        """The package with the changing parts' bytes from `changed`."""
        fresh = records(zip_parts((n, changed[n]) for n in self.order if n in self.changing))
        return join(fresh[n] if n in self.changing else self.constant[n] for n in self.order)
