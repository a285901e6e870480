"""The document stage: a `DocContext` through the docxtpl template into .docx bytes.

    render_docx(ctx)  ->  fresh DocxTemplate  ->  Jinja (autoescape, StrictUndefined)
                      ->  fit_rules (lengths of the ND30 horizontal lines)
                      ->  core properties from ctx.meta  ->  bytes

Every value from the context is data: `finalize` turns it into XML text (NFC, control
characters replaced, `& < > " '` escaped, braces as character references), so `{{ 7*7 }}`,
`{% if %}` or `<script>` typed by a user come out literally and the file stays valid.

The horizontal lines of the header and under the trích yếu are bottom borders of empty "rule"
paragraphs (styles "KH … Rule" in the template).  ND30 fixes their length relative to the text
above them, which the template cannot know, so `fit_rules` measures that text (Times New Roman
Bold advance widths) and sets the paragraph's left/right indents: line = usable width − indents.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
import zipfile
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.shared import Twips
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined, TemplateError
from markupsafe import Markup, escape

from service.document.context import BlockStyle, DocContext
from service.errors import RenderError

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.text.paragraph import Paragraph

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"
DEFAULT_TEMPLATE = "kehoach.docx"

# --------------------------------------------------------------------------- text as data

_CONTROL_AS_SPACE = frozenset("\t\n\r\v\f\a\x85\u2028\u2029")
_BRACES = {"{": "&#123;", "}": "&#125;"}


def plain_text(value: object) -> str:
    """NFC text without control characters (line breaks and tabs become spaces)."""
    text = unicodedata.normalize("NFC", str(value))
    out = []
    for ch in text:
        if ch in _CONTROL_AS_SPACE:
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cs") or ch in ("\ufffe", "\uffff"):
            continue  # not allowed in XML 1.0
        else:
            out.append(ch)
    return "".join(out)


def xml_text(value: object) -> Markup:
    """Jinja `finalize`: any printed value becomes escaped XML character data.

    Braces become character references so that docxtpl's post-render
    replacements ("{_{" -> "{{" …) cannot touch user text; the XML parser restores them.
    """
    escaped = str(value) if isinstance(value, Markup) else str(escape(plain_text(value)))
    return Markup("".join(_BRACES.get(ch, ch) for ch in escaped))


def make_environment() -> Environment:
    """The Jinja environment of the document template (separate from the clause one)."""
    return Environment(autoescape=True, undefined=StrictUndefined, finalize=xml_text)


# --------------------------------------------------------------------------- template store


class TemplateStore:
    """Knows the templates folder and keeps each template's bytes (re-read when the file changes).

    Only bytes are cached: a `DocxTemplate` is stateful and is built fresh for every render.
    """

    def __init__(self, folder: Path = TEMPLATES_DIR) -> None:
        self.folder = folder
        self._cache: dict[Path, tuple[int, int, bytes]] = {}

    def path(self, name: str = DEFAULT_TEMPLATE) -> Path:
        """The path of a template by file name (no folders, no '..')."""
        if Path(name).name != name or not name.endswith(".docx"):
            raise RenderError(f"tên mẫu văn bản không hợp lệ: {name!r}", template=name)
        return self.folder / name

    def load(self, template: Path | str | None = None) -> bytes:
        """The bytes of a template given by path, by name in the folder, or the default."""
        path = template if isinstance(template, Path) else self.path(template or DEFAULT_TEMPLATE)
        try:
            stat = path.stat()
            cached = self._cache.get(path)
            if cached and cached[:2] == (stat.st_mtime_ns, stat.st_size):
                return cached[2]
            data = path.read_bytes()
        except OSError as e:
            raise RenderError(f"không đọc được mẫu văn bản: {e}", template=path.name) from e
        self._cache[path] = (stat.st_mtime_ns, stat.st_size, data)
        return data


# --------------------------------------------------------------------------- render

_BLOCK_STYLES = frozenset(get_args(BlockStyle))
_CORE_PROPERTIES = frozenset({
    "author", "category", "comments", "content_status", "identifier", "keywords", "language",
    "last_modified_by", "subject", "title", "version",
})


def render_docx(ctx: DocContext, template: Path | None = None, *,
                store: TemplateStore | None = None, created: dt.datetime | None = None) -> bytes:
    """The .docx of a plan: `template` (default `templates/kehoach.docx`) filled with `ctx`.

    With `created` given, the output is byte-for-byte reproducible (document dates and zip
    entry times fixed); without it the document is stamped now.
    """
    store = store or TemplateStore()
    name = template.name if template else DEFAULT_TEMPLATE
    _check_context(ctx, name)
    source = store.load(template)
    try:
        doc = DocxTemplate(io.BytesIO(source))
        doc.render(template_context(ctx), jinja_env=make_environment(), autoescape=True)
        fit_rules(doc.docx)
        _set_properties(doc.docx, ctx.meta, created)
        out = io.BytesIO()
        doc.save(out)
    except TemplateError as e:
        raise RenderError(_template_message(name, e), template=name) from e
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, SyntaxError) as e:
        # SyntaxError: lxml's XMLSyntaxError (a broken XML part)
        raise RenderError(f"mẫu văn bản {name} hỏng: {e}", template=name) from e
    return _fixed_zip_times(out.getvalue()) if created else out.getvalue()


def _fixed_zip_times(data: bytes) -> bytes:
    """The same parts with every zip entry dated 1980-01-01, so equal documents are equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def template_context(ctx: DocContext) -> dict[str, Any]:
    """The template's variables: every DocContext field except `meta` (core properties)."""
    return {f.name: getattr(ctx, f.name) for f in fields(ctx) if f.name != "meta"}


def _check_context(ctx: DocContext, name: str) -> None:
    for field_name in ("agency_lines", "trich_yeu", "authority"):
        if not getattr(ctx, field_name):
            raise RenderError(f"thiếu nội dung bắt buộc: {field_name}", template=name)
    for block in ctx.blocks:
        if block.style not in _BLOCK_STYLES:
            raise RenderError(f"kiểu đoạn không biết: {block.style!r}", template=name,
                              clause=block.clause)
    unknown = sorted(set(ctx.meta) - _CORE_PROPERTIES)
    if unknown:
        raise RenderError(f"thuộc tính tài liệu không biết: {', '.join(unknown)}", template=name)


def _template_message(name: str, error: TemplateError) -> str:
    lines = [" ".join(x.split()) for x in getattr(error, "docx_context", None) or ()]
    where = " | ".join(x for x in lines if x)
    message = f"mẫu văn bản {name} lỗi: {error.message or type(error).__name__}"
    return f"{message} (gần: {where})" if where else message


def _set_properties(doc: DocxDocument, meta: dict[str, str],
                    created: dt.datetime | None) -> None:
    """Core properties from `meta` (keys checked before rendering); created = modified."""
    props = doc.core_properties
    for key, value in meta.items():
        setattr(props, key, plain_text(value)[:255])
    now = created or dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    props.created = now
    props.modified = now


# --------------------------------------------------------------------------- rule lengths


@dataclass(frozen=True)
class RuleSpec:
    """A rule paragraph style, the style of the text it measures, and the length ratio."""

    reference: str
    ratio: float


# ND30 Phụ lục I: under the issuing body and the trích yếu 1/3–1/2 of the text (we take the
# middle, 5/12); under the Tiêu ngữ as long as the text.
RULES: dict[str, RuleSpec] = {
    "KH Agency Rule": RuleSpec("KH Agency", 5 / 12),
    "KH Motto Rule": RuleSpec("KH Motto", 1.0),
    "KH Summary Rule": RuleSpec("KH Summary", 5 / 12),
}

# Advance widths of Liberation Serif Bold (metric-compatible with Times New Roman Bold), in
# units of 1/2048 em, for U+0020..U+007E; Vietnamese letters take the width of their base
# letter, except the horned ơ/ư, listed apart.
_BOLD_ASCII = (
    512, 682, 1137, 1024, 1024, 2048, 1706, 569, 682, 682, 1024, 1167, 512, 682, 512, 569,
    1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 682, 682, 1167, 1167, 1167,
    1024, 1905, 1479, 1366, 1479, 1479, 1366, 1251, 1593, 1593, 797, 1024, 1593, 1366, 1933,
    1479, 1593, 1251, 1593, 1479, 1139, 1366, 1479, 1479, 2048, 1479, 1479, 1366, 682, 569,
    682, 1190, 1024, 682, 1024, 1139, 909, 1139, 909, 682, 1024, 1139, 569, 682, 1139, 569,
    1706, 1139, 1024, 1139, 1139, 909, 797, 682, 1139, 1024, 1479, 1024, 1024, 909, 807, 451,
    807, 1065,
)
_BOLD_OTHER = {
    "Đ": 1479, "đ": 1139, "Ơ": 1593, "ơ": 1134, "Ư": 1630, "ư": 1229, "\u00a0": 512,
    "–": 1024, "—": 2048, "“": 1024, "”": 1024, "‘": 682, "’": 682, "…": 2048,
}
_UNITS_PER_EM = 2048
_HORN = "\u031b"


def _bold_advance(ch: str) -> int:
    if ch in _BOLD_OTHER:
        return _BOLD_OTHER[ch]
    decomposed = unicodedata.normalize("NFD", ch)
    base = decomposed[0] + (_HORN if _HORN in decomposed else "")
    base = unicodedata.normalize("NFC", base)
    if base in _BOLD_OTHER:
        return _BOLD_OTHER[base]
    if " " <= base <= "~":
        return _BOLD_ASCII[ord(base) - 32]
    return 1024  # unknown: an average letter


def bold_text_width_pt(text: str, size_pt: float) -> float:
    """Width of `text` in Times New Roman Bold at `size_pt`, in points."""
    units = sum(_bold_advance(ch) for ch in unicodedata.normalize("NFC", text))
    return units * size_pt / _UNITS_PER_EM


def fit_rules(doc: DocxDocument) -> None:
    """Set the indents of every rule paragraph so that its border has the ND30 length."""
    section = doc.sections[0]
    lengths = (section.page_width, section.left_margin, section.right_margin)
    width, left, right = (int(x or 0) for x in lengths)
    body_width = (width - left - right) // 635
    _fit_container(doc.paragraphs, body_width)
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                _fit_container(cell.paragraphs, _cell_usable_twips(cell, table))


def _fit_container(paragraphs: list[Paragraph], usable: int) -> None:
    for para in paragraphs:
        spec = RULES.get(para.style.name if para.style is not None else "")
        if spec is None:
            continue
        refs = [p for p in paragraphs if p.style is not None and p.style.name == spec.reference]
        widths = [bold_text_width_pt(p.text, _size_pt(p)) * 20 for p in refs]
        if not widths:
            continue
        length = min(max(widths), usable) * spec.ratio
        indent = max(0, round((usable - length) / 2))
        fmt = para.paragraph_format
        fmt.left_indent = Twips(indent)
        fmt.right_indent = Twips(indent)
        fmt.first_line_indent = Twips(0)


def _size_pt(para: Paragraph) -> float:
    """Effective font size of a paragraph's style chain (docDefaults: 14 pt)."""
    style = para.style
    while style is not None:
        if style.font.size is not None:
            return float(style.font.size.pt)
        style = style.base_style
    return 14.0


def _cell_usable_twips(cell: Any, table: Any) -> int:
    """Cell width minus its left and right margins, in twips."""
    width = cell.width // 635 if cell.width is not None else 0
    return int(width - _cell_margin(cell._tc, table._tbl, "left")
               - _cell_margin(cell._tc, table._tbl, "right"))


def _cell_margin(tc: Any, tbl: Any, edge: str) -> int:
    for path, node in ((f"w:tcPr/w:tcMar/w:{edge}", tc), (f"w:tblPr/w:tblCellMar/w:{edge}", tbl)):
        found = node.xpath(path)
        if found:
            return int(found[0].get(qn("w:w"), "0"))
    return 108  # Word's default table cell margin
