"""The parts of a .docx the reader needs, read straight from its ZIP: the main document, its
page headers and footers (parsed), and its styles, numbering and theme parts (as bytes, so that
what they say is worked out once per distinct part: `styles.style_sheet`).

Open Packaging Conventions as python-docx names them (`docx.opc`: relationship and content
types, `PackURI` to resolve a relationship's target), and its XML parser's settings; the
elements are plain lxml elements (python-docx builds a `CT_*` object for each, which the
reader does not use).  python-docx's own `Document` reads and parses every part of the package,
images included: twice the time for what the checker needs.  The small parts a batch's
documents share (content types, relationships, page headers) are parsed once per distinct bytes.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import NAMESPACE, RELATIONSHIP_TARGET_MODE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI

from service.docx.ooxml import El, parse
from service.memo import remember

_RELS = f"{{{NAMESPACE.OPC_RELATIONSHIPS}}}Relationship"
_TYPES = f"{{{NAMESPACE.OPC_CONTENT_TYPES}}}"
_PAGE_PARTS = (RT.HEADER, RT.FOOTER)
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
    bytes are not a Word document."""

    document: El  # w:document
    rels: Mapping[str, Rel]  # the main document's relationships by id
    parts: Mapping[str, El]  # its page headers and footers by relationship id (read only)
    styles: bytes | None
    numbering: bytes | None
    theme: bytes | None

    @classmethod
    def open(cls, data: bytes) -> Package:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            main = _main_document(archive)
            rels = _rels(archive, main)
            parts = {rid: _page_part(archive, rel.target) for rid, rel in rels.items()
                     if rel.type in _PAGE_PARTS and rel.target in archive.NameToInfo}
            return cls(_xml(archive, main), rels, parts, *(
                _blob(archive, rels, kind) for kind in (RT.STYLES, RT.NUMBERING, RT.THEME)))


def _main_document(archive: zipfile.ZipFile) -> str:
    """The main document part's member name, refused unless it is a Word document (as
    python-docx refuses a template or a macro-enabled file)."""
    main = next((r.target for r in _read_rels(archive, "_rels/.rels", "/").values()
                 if r.type == RT.OFFICE_DOCUMENT), "")
    content_type = _content_type(archive, main)
    if content_type != CT.WML_DOCUMENT_MAIN:
        raise ValueError(f"không phải văn bản Word (kiểu nội dung “{content_type}”)")
    return main


def _content_type(archive: zipfile.ZipFile, member: str) -> str:
    types = archive.read("[Content_Types].xml")
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


def _rels(archive: zipfile.ZipFile, member: str) -> Mapping[str, Rel]:
    uri = PackURI("/" + member)
    return _read_rels(archive, uri.rels_uri.membername, uri.baseURI)


def _read_rels(archive: zipfile.ZipFile, member: str, base: str) -> Mapping[str, Rel]:
    if member not in archive.NameToInfo:
        return {}
    data = archive.read(member)
    return remember(_relationships, (data, base), lambda: _rels_in(parse(data), base))


def _rels_in(root: El, base: str) -> dict[str, Rel]:
    out: dict[str, Rel] = {}
    for rel in root.iter(_RELS):
        external = rel.get("TargetMode") == RELATIONSHIP_TARGET_MODE.EXTERNAL
        target = "" if external else PackURI.from_rel_ref(base, rel.get("Target") or "").membername
        out[rel.get("Id") or ""] = Rel(rel.get("Type") or "", target)
    return out


def _xml(archive: zipfile.ZipFile, member: str) -> El:
    return parse(archive.read(member))


def _page_part(archive: zipfile.ZipFile, member: str) -> El:
    """A header or footer, parsed once per distinct part (the reader only reads it)."""
    data = archive.read(member)
    return remember(_page_parts, data, lambda: parse(data), size=64)


def _blob(archive: zipfile.ZipFile, rels: Mapping[str, Rel], kind: str) -> bytes | None:
    target = next((r.target for r in rels.values() if r.type == kind and r.target), None)
    return archive.read(target) if target is not None and target in archive.NameToInfo else None
