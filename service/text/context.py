"""The text stage's product and the document stage's input: the plan as plain text pieces,
already numbered.

`text.compose` builds a `DocContext`; the document stage (`service.document`) turns it into
.docx through the docxtpl template in `templates/`.  Every string here is plain text (no markup, no
template syntax): the renderer escapes it (docxtpl autoescape).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockStyle = Literal["preamble", "section", "heading", "para", "inline"]
Origin = Literal["library", "registry", "request", "structure"]


@dataclass(frozen=True)
class Provenance:
    """Where a paragraph's text came from, for review (the .docx renderer ignores it).

    - `library`:   a clause of the library (`clause` is its id);
    - `registry`:  citations of the legal-basis registry (`documents`: their ids);
    - `request`:   only text of the request itself (a local document, a recipient typed in);
    - `structure`: the kind's outline (section titles, group headings; `clause` says where).
    `local` names the request fields whose values are in the text ('legal_bases.3',
    'facts.villages', 'offices.police'): a paragraph with any is a local addition.
    """

    origin: Origin
    clause: str = ""
    documents: tuple[str, ...] = ()
    local: tuple[str, ...] = ()

    @property
    def is_local(self) -> bool:
        return self.origin == "request" or bool(self.local)


@dataclass(frozen=True)
class Block:
    """One body paragraph.

    - `section`:  "I. MỤC ĐÍCH, YÊU CẦU" — label and text bold, text already in capitals;
    - `heading`:  "1. Mục đích", "2. Công an xã" — label and text bold;
    - `para`:     "1. Huy động …", "- Tổ chức …", "a) …" or unlabelled — regular;
    - `inline`:   "10. Sở Tài chính: Căn cứ …" — label and `lead` bold, then ": " and text regular;
    - `preamble`: the legal bases and the enacting sentence — regular.
    `clause` is the id of the clause that produced the paragraph; `source` says in full where
    the paragraph came from (provenance for review; set by the text stage, ignored by the .docx).
    """

    style: BlockStyle
    text: str
    label: str = ""
    lead: str = ""
    clause: str = ""
    source: Provenance | None = None


@dataclass(frozen=True)
class DocContext:
    """The whole plan, top to bottom, as the template lays it out (ND30 Mẫu 1.4)."""

    agency_lines: tuple[str, ...]
    """Issuing body in capitals, one line each: ('ỦY BAN NHÂN DÂN', 'XÃ THƯỢNG ĐỨC')."""
    number_line: str
    """'Số: 05/KH-UBND' or, blank for the clerk, 'Số:        /KH-UBND'."""
    place_date: str
    """'Thượng Đức, ngày 05 tháng 02 năm 2026' or 'Vị Khê, ngày      tháng 6 năm 2026'."""
    trich_yeu: tuple[str, ...]
    blocks: tuple[Block, ...]
    recipients: tuple[str, ...]
    """'- UBND tỉnh (để báo cáo);' … '- Lưu: VT, VP.'"""
    authority: tuple[str, ...]
    """('TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH') or ('KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH')."""
    signer_name: str = ""
    parent_lines: tuple[str, ...] = ()
    """Cơ quan chủ quản (not bold), usually none for a People's Committee."""
    title: str = "KẾ HOẠCH"
    meta: dict[str, str] = field(default_factory=dict)
    """Document properties: title, subject, keywords (kind id, unit code, library version)."""
    library_version: str = ""
    """The clause library's version (a digest of its files) the text was composed from."""
    kind: str = ""
    """The id of the plan's kind ('keep-drug-free'), for the review copy's notes."""
    recipient_sources: tuple[Provenance, ...] = ()
    """Provenance of each line of `recipients`, in order (empty: not known)."""
