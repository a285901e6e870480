"""The parts of a .docx the reader needs, read straight from its ZIP: the main document, its
page headers and footers (parsed), and its styles, numbering and theme parts (as bytes, so that
what they say is worked out once per distinct part: `styles.style_sheet`).

Open Packaging Conventions as python-docx names them (`docx.opc`: relationship and content
types, `PackURI` to resolve a relationship's target), and its XML parser's settings; the
elements are plain lxml elements (python-docx builds a `CT_*` object for each, which the
reader does not use).  python-docx's own `Document` reads and parses every part of the package,
images included: twice the time for what the checker needs.  The small parts a batch's
documents share (content types, relationships, page headers) are parsed once per distinct bytes.

Every part is read within the bounds of `service.docx.limits` (a `Budget` per document): the
ZIP's size and number of parts before it is opened, each part unpacked as a stream and cut at
what is left, its tags counted before it is parsed, the paragraphs after.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import NAMESPACE, RELATIONSHIP_TARGET_MODE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from lxml import etree  # type: ignore[import-untyped]

from service.docx.limits import LIMITS, Budget, ReadLimits
from service.docx.ooxml import El, parse, q
from service.memo import remember

_RELS = f"{{{NAMESPACE.OPC_RELATIONSHIPS}}}Relationship"
_TYPES = f"{{{NAMESPACE.OPC_CONTENT_TYPES}}}"
_PAGE_PARTS = (RT.HEADER, RT.FOOTER)
_PARA = q("w:p")
_TYPES_PART = "[Content_Types].xml"
_BLOBS = {"styles": RT.STYLES, "numbering": RT.NUMBERING, "theme": RT.THEME}
"""The parts kept as bytes, in the order of `Package`'s fields."""
# A batch's documents share their package's small parts: read once per distinct bytes.
_types: dict[tuple[bytes, str], str] = {}
_relationships: dict[tuple[bytes, str], Mapping[str, Rel]] = {}
_page_parts: dict[bytes, El] = {}


@dataclass(frozen=True)
class Rel:
    type: str
    target: str  # the ZIP member name ("" for an external target)


@dataclass(frozen=True)
class Package:
    """A .docx opened for reading: ValueError, KeyError, BadZipFile or XMLSyntaxError when the
    bytes are not a Word document; TooLarge over a bound of `limits`."""

    document: El  # w:document
    rels: Mapping[str, Rel]  # the main document's relationships by id
    parts: Mapping[str, El]  # its page headers and footers by relationship id (read only)
    styles: bytes | None
    numbering: bytes | None
    theme: bytes | None
    names: Mapping[str, str] = field(default_factory=dict)
    """The member names of the parts kept as bytes: 'styles', 'numbering', 'theme'."""

    @classmethod
    def open(cls, data: bytes, limits: ReadLimits = LIMITS) -> Package:
        budget = Budget(limits)
        budget.check_file(data)
        with zipfile.ZipFile(io.BytesIO(data)) as zipped:
            archive = _Archive(zipped, budget)
            main = _main_document(archive)
            rels = _rels(archive, main)
            document = archive.parse(main)
            parts = {rid: _page_part(archive, rel.target) for rid, rel in rels.items()
                     if rel.type in _PAGE_PARTS and archive.has(rel.target)}
            names = {kind: name for kind, rel in _BLOBS.items()
                     if (name := _target(archive, rels, rel))}
            styles, numbering, theme = (archive.read(names[kind]) if kind in names else None
                                        for kind in _BLOBS)
        for root in (document, *parts.values()):
            budget.count_paragraphs(sum(1 for _ in root.iter(_PARA)))
        return cls(document, rels, parts, styles, numbering, theme, names)


@dataclass(frozen=True)
class _Archive:
    """The ZIP of one document and what it may still read (`Budget`)."""

    zip: zipfile.ZipFile
    budget: Budget

    def has(self, member: str) -> bool:
        return member in self.zip.NameToInfo

    def read(self, member: str) -> bytes:
        return self.budget.read(self.zip, member)

    def parse(self, member: str) -> El:
        data = self.read(member)
        with part(member):
            return parse(data)


@contextmanager
def part(member: str) -> Iterator[None]:
    """A part that is not XML is a ValueError naming it (in Vietnamese)."""
    try:
        yield
    except etree.XMLSyntaxError as e:
        raise ValueError(f"phần {member} không phải XML hợp lệ (dòng {e.lineno}: {e.msg})"
                         ) from None


def _main_document(archive: _Archive) -> str:
    """The main document part's member name, refused unless it is a Word document (as
    python-docx refuses a template or a macro-enabled file)."""
    main = next((r.target for r in _read_rels(archive, "_rels/.rels", "/").values()
                 if r.type == RT.OFFICE_DOCUMENT), "")
    content_type = _content_type(archive, main)
    if content_type != CT.WML_DOCUMENT_MAIN:
        raise ValueError(f"không phải văn bản Word (kiểu nội dung “{content_type}”)")
    return main


def _content_type(archive: _Archive, member: str) -> str:
    types = archive.read(_TYPES_PART)
    with part(_TYPES_PART):
        return remember(_types, (types, member), lambda: _type_in(parse(types), member))


def _type_in(types: El, member: str) -> str:
    partname = "/" + member.lower()
    for override in types.iter(_TYPES + "Override"):
        if (override.get("PartName") or "").lower() == partname:
            return override.get("ContentType") or ""
    extension = posixpath.splitext(member)[1].lstrip(".").lower()
    for default in types.iter(_TYPES + "Default"):
        if (default.get("Extension") or "").lower() == extension:
            return default.get("ContentType") or ""
    return ""


def _rels(archive: _Archive, member: str) -> Mapping[str, Rel]:
    uri = PackURI("/" + member)
    return _read_rels(archive, uri.rels_uri.membername, uri.baseURI)


def _read_rels(archive: _Archive, member: str, base: str) -> Mapping[str, Rel]:
    if not archive.has(member):
        return {}
    data = archive.read(member)
    with part(member):
        return remember(_relationships, (data, base), lambda: _rels_in(parse(data), base))


def _rels_in(root: El, base: str) -> dict[str, Rel]:
    out: dict[str, Rel] = {}
    for rel in root.iter(_RELS):
        external = rel.get("TargetMode") == RELATIONSHIP_TARGET_MODE.EXTERNAL
        target = "" if external else PackURI.from_rel_ref(base, rel.get("Target") or "").membername
        out[rel.get("Id") or ""] = Rel(rel.get("Type") or "", target)
    return out


def _page_part(archive: _Archive, member: str) -> El:
    """A header or footer, parsed once per distinct part (the reader only reads it)."""
    data = archive.read(member)
    with part(member):
        return remember(_page_parts, data, lambda: parse(data), size=64)


def _target(archive: _Archive, rels: Mapping[str, Rel], kind: str) -> str:
    """The member of a part kept as bytes (parsed by `styles` and `numbering`, once per
    distinct part); "" when the document has none."""
    target = next((r.target for r in rels.values() if r.type == kind and r.target), "")
    return target if archive.has(target) else ""
