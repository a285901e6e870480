"""The review copy of a generated plan: its .docx with one Word comment per paragraph saying, in
words, where the paragraph came from.

Standard text names its clause and the library's version; a local addition (text the request
brought: a local document, villages, an office's name typed in) names the request's fields.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence

import docx
from docx.document import Document as DocxDocument
from docx.text.paragraph import Paragraph

from service.errors import RenderError
from service.text.context import DocContext, Provenance
from service.text.plain import block_text

AUTHOR = "kehoach"
INITIALS = "KH"


def describe(source: Provenance | None, version: str, kind: str = "") -> str:
    """One line for a reviewer: 'Điều khoản purpose.keep.mobilise · thư viện eb2692f2fed8', …"""
    if source is None:
        return "Không rõ nguồn"
    local = f"Nội dung địa phương (từ yêu cầu: {', '.join(source.local)})"
    if source.origin == "request":
        return local
    parts = [_standard(source, version, kind)]
    if source.documents and source.origin != "registry":
        parts.append(f"căn cứ từ danh mục: {', '.join(source.documents)}")
    if source.local:
        parts.append(local[0].lower() + local[1:])
    return " · ".join(parts)


def _standard(source: Provenance, version: str, kind: str) -> str:
    if source.origin == "library":
        return f"Điều khoản {source.clause} · thư viện {version}"
    if source.origin == "registry":
        return (f"Căn cứ pháp lý từ danh mục văn bản ({', '.join(source.documents)})"
                f" · thư viện {version}")
    of_kind = f" {kind}" if kind else ""
    return f"Cấu trúc của loại kế hoạch{of_kind} (tiêu đề, đánh số) · thư viện {version}"


def review_copy(ctx: DocContext, data: bytes) -> bytes:
    """The rendered plan `data` with a comment on every body paragraph and recipient line."""
    document = docx.Document(io.BytesIO(data))
    for para, source in paragraph_sources(document, ctx):
        document.add_comment(para.runs, describe(source, ctx.library_version, ctx.kind),
                             author=AUTHOR, initials=INITIALS)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def paragraph_sources(document: DocxDocument,
                      ctx: DocContext) -> Iterator[tuple[Paragraph, Provenance | None]]:
    """Each body paragraph and recipient line of the rendered document, with its provenance."""
    texts = [block_text(b) for b in ctx.blocks]
    yield from _match(document.paragraphs, texts, [b.source for b in ctx.blocks])
    if ctx.recipient_sources:
        cells = [p for t in document.tables for row in t.rows for c in row.cells
                 for p in c.paragraphs]
        yield from _match(cells, ctx.recipients, ctx.recipient_sources)


def _match(paragraphs: Sequence[Paragraph], texts: Sequence[str],
           sources: Sequence[Provenance | None]) -> Iterator[tuple[Paragraph, Provenance | None]]:
    """Pair each text, in order, with the next paragraph that reads the same."""
    rest = iter(paragraphs)
    for text, source in zip(texts, sources, strict=True):
        para = next((p for p in rest if _same(p.text, text) and p.runs), None)
        if para is None:
            raise RenderError(f"không tìm thấy đoạn “{text[:60]}” trong tệp .docx")
        yield para, source


def _same(a: str, b: str) -> bool:
    return _words(a) == _words(b)


def _words(text: str) -> list[str]:
    return text.split()


def comment_texts(data: bytes) -> Iterable[str]:
    """The texts of a .docx's comments (empty for a document without comments)."""
    document = docx.Document(io.BytesIO(data))
    return [c.text for c in document.comments]
