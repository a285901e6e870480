"""The bounds of reading a .docx, whoever sent it: checked before and while its parts are read,
so that a hostile file (a ZIP bomb, millions of empty paragraphs, an entity bomb) is refused
after a few milliseconds and a few megabytes, never parsed whole.

    file_bytes       the .docx itself (the API's request bound, KEHOACH_MAX_REQUEST_BYTES, is
                     smaller; this one is the command line's)
    parts            members of the ZIP (counted from its directory before it is opened)
    unpacked_bytes   the parts the reader reads, unpacked, together; each is read as a stream
                     and cut at what is left, whatever its header says
    ratio            unpacked / packed size of each part read (a ZIP bomb's is about 1,000)
    tags             `<` in the parts read, together: an upper bound on their XML elements,
                     counted before each part is parsed
    paragraphs       `w:p` elements of the body, its tables and its page headers
    depth            XML nesting: libxml2's own bound (lxml without `huge_tree`), stated here

Every part is parsed without resolving entities and without loading anything; a part with a
document type declaration is refused (no Word part has one).  A file over a bound is a
`TooLarge` (413 on the API), naming the bound; every other unreadable file a `RequestError`.
A KẾ HOẠCH has about 100–150 paragraphs and 1,500 tags; the Government's own Word files of
Nghị định 30/2020 (its appendices) have up to 941 paragraphs, 43,000 tags, 745 KB unpacked,
27 parts and a ratio of 22.
"""

from __future__ import annotations

import struct
import zipfile
from dataclasses import dataclass

from service.errors import TooLarge

_END = b"PK\x05\x06"  # the end of the ZIP's central directory
_END_SIZE = 22
_MAX_COMMENT = 0xFFFF


@dataclass(frozen=True)
class ReadLimits:
    file_bytes: int = 50_000_000
    parts: int = 1_000
    unpacked_bytes: int = 20_000_000
    ratio: int = 200
    tags: int = 250_000
    paragraphs: int = 5_000
    depth: int = 256  # libxml2's: not enforced here, stated and tested

    def table(self) -> dict[str, int]:
        """The bounds by name, as the README lists them."""
        return {"file_bytes": self.file_bytes, "parts": self.parts,
                "unpacked_bytes": self.unpacked_bytes, "ratio": self.ratio, "tags": self.tags,
                "paragraphs": self.paragraphs, "depth": self.depth}


LIMITS = ReadLimits()


def grouped(n: int) -> str:
    """20000 -> '20.000' (Vietnamese thousands)."""
    return f"{n:,}".replace(",", ".")


class Budget:
    """What one document may still read: the bounds of `limits`, less what its parts took."""

    def __init__(self, limits: ReadLimits = LIMITS) -> None:
        self.limits = limits
        self.unpacked = 0
        self.tags = 0
        self.paragraphs = 0

    def check_file(self, data: bytes) -> None:
        """The file's size and its number of parts, before the ZIP is opened."""
        if len(data) > self.limits.file_bytes:
            raise TooLarge(f"Tệp .docx quá lớn: {grouped(len(data))} byte (tối đa"
                           f" {grouped(self.limits.file_bytes)} byte).", field="file")
        entries = zip_entries(data)
        if entries is not None and entries > self.limits.parts:
            raise TooLarge(f"Tệp .docx có quá nhiều phần: {grouped(entries)} (tối đa"
                           f" {grouped(self.limits.parts)}); văn bản Word thường có vài chục.",
                           field="file")

    def read(self, archive: zipfile.ZipFile, member: str) -> bytes:
        """A part's bytes, unpacked as a stream and cut at what the budget has left; its tags
        counted.  KeyError when the part is missing."""
        info = archive.getinfo(member)
        if info.file_size > self.limits.ratio * max(info.compress_size, 1):
            raise TooLarge(f"Phần {member} của tệp .docx nén bất thường (giải nén ra gấp hơn"
                           f" {self.limits.ratio} lần): tệp có thể là một quả bom nén.",
                           field="file")
        left = self.limits.unpacked_bytes - self.unpacked
        with archive.open(info) as stream:
            data = stream.read(left + 1)
        self.unpacked += len(data)
        if len(data) > left:
            raise TooLarge(f"Tệp .docx giải nén ra quá lớn (phần {member}; tối đa"
                           f" {grouped(self.limits.unpacked_bytes)} byte cho các phần được"
                           " đọc).", field="file")
        self.count_tags(member, data)
        return data

    def count_tags(self, member: str, data: bytes) -> None:
        self.tags += data.count(b"<")
        if self.tags > self.limits.tags:
            raise TooLarge(f"Tệp .docx có quá nhiều phần tử XML (phần {member}; tối đa"
                           f" {grouped(self.limits.tags)} thẻ; một kế hoạch có khoảng 1.500).",
                           field="file")

    def count_paragraphs(self, n: int) -> None:
        self.paragraphs += n
        if self.paragraphs > self.limits.paragraphs:
            raise TooLarge(f"Tệp .docx có quá nhiều đoạn văn (hơn"
                           f" {grouped(self.limits.paragraphs)}; một kế hoạch có vài trăm).",
                           field="file")


def zip_entries(data: bytes) -> int | None:
    """The number of entries the ZIP's end record declares (None: no end record found, which
    `zipfile` then refuses itself)."""
    tail = data[-(_END_SIZE + _MAX_COMMENT):]
    at = tail.rfind(_END)
    if at < 0 or len(tail) - at < _END_SIZE:
        return None
    total: int = struct.unpack_from("<H", tail, at + 10)[0]
    return total
