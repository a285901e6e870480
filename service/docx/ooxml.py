"""WordprocessingML vocabulary for the reader: namespaces, attribute readers, units.

Namespaces, Clark names and unit sizes are python-docx's (`docx.oxml.ns`, `docx.shared`), with
the four namespaces it does not declare (Word 2010 shapes, markup compatibility, VML).  The
reader works on lxml elements (python-docx's `CT_*` classes are lxml elements too); `El` is the
small part of the lxml element interface used here, so the rest of the package is typed without
lxml stubs.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any, Protocol

from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips
from lxml import etree  # type: ignore[import-untyped]

_MORE_NS = {
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
}

EMU_PER_MM: float = Mm(1).emu
TWIPS_PER_MM: float = EMU_PER_MM / Twips(1).emu
TWIPS_PER_PT: float = Pt(1).emu / Twips(1).emu
_FALSE = frozenset({"0", "false", "off", "none"})
# python-docx's parser settings (docx.oxml.parser), without its element classes; nothing loaded
# from anywhere, libxml2's own bounds kept (depth 256, text nodes of 10 MB: no `huge_tree`)
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True,
                          load_dtd=False, huge_tree=False)


_DOCTYPE = tuple("<!DOCTYPE".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be"))
_NO_DOCTYPE = ("một phần của tệp có khai báo DOCTYPE (thực thể XML), điều văn bản Word không"
               " bao giờ có")


class El(Protocol):
    """The lxml element interface used here."""

    tag: Any
    text: str | None

    def get(self, key: str, default: None = None) -> str | None: ...

    def find(self, path: str) -> El | None: ...

    def findall(self, path: str) -> list[El]: ...

    def iter(self, *tags: str) -> Iterator[El]: ...

    def iterchildren(self, tag: str) -> Iterator[El]: ...

    def iterancestors(self) -> Iterator[El]: ...

    def getparent(self) -> El | None: ...

    def __iter__(self) -> Iterator[El]: ...


def parse(xml: bytes) -> El:
    """An XML part as plain lxml elements (XMLSyntaxError when it is not XML; ValueError when it
    declares a document type: no Word part does, and its entities are refused unread)."""
    if any(mark in xml for mark in _DOCTYPE):  # refused before libxml2 expands anything
        raise ValueError(_NO_DOCTYPE)
    root = etree.fromstring(xml, _PARSER)
    if root.getroottree().docinfo.doctype:
        raise ValueError(_NO_DOCTYPE)
    return root  # type: ignore[no-any-return]


@cache
def q(name: str) -> str:
    """Clark name of a prefixed name: q('w:p') -> '{…main}p' (python-docx's `qn`, for the
    namespaces it does not know as well)."""
    prefix, local = name.split(":")
    return f"{{{_MORE_NS[prefix]}}}{local}" if prefix in _MORE_NS else qn(name)


def local(el: El) -> str:
    """The local name of an element ('' for comments and processing instructions)."""
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def attr(el: El | None, name: str) -> str | None:
    """A prefixed attribute of `el` (None when `el` is None or the attribute is absent)."""
    return None if el is None else el.get(q(name))


def child(el: El | None, name: str) -> El | None:
    """The first child of `el` named `name` (`find`, without its path parsing)."""
    return None if el is None else next(el.iterchildren(q(name)), None)


def kids(el: El | None) -> dict[Any, El]:
    """The children of `el` by tag (Clark name), the first of each tag: `child` for many names
    at once, in one pass over the children."""
    out: dict[Any, El] = {}
    if el is not None:
        for kid in el:
            out.setdefault(kid.tag, kid)
    return out


def children(el: El | None, name: str) -> list[El]:
    return [] if el is None else el.findall(q(name))


def on_off(el: El | None) -> bool | None:
    """A toggle element (`<w:b/>`, `<w:i w:val="0"/>`): None when absent."""
    if el is None:
        return None
    val = attr(el, "w:val")
    return val is None or val.lower() not in _FALSE


def number(value: str | None) -> float | None:
    """A numeric attribute; tolerates '567.0' and unit suffixes Word never writes but others do."""
    if value is None:
        return None
    text = value.strip().lower()
    scale = 1.0
    for suffix, factor in (("mm", TWIPS_PER_MM), ("cm", TWIPS_PER_MM * 10), ("pt", TWIPS_PER_PT),
                           ("in", TWIPS_PER_PT * 72)):
        if text.endswith(suffix):
            text, scale = text[: -len(suffix)], factor
            break
    try:
        return float(text) * scale
    except ValueError:
        return None


def int_attr(el: El | None, name: str) -> int | None:
    value = number(attr(el, name))
    return None if value is None else round(value)


def to_mm(twips: float) -> float:
    return twips / TWIPS_PER_MM
