"""The document stage: a `DocContext` through the template into .docx bytes.

    render_docx(ctx)  ->  the template prepared once per process (`CompiledTemplate`):
                          compiled Jinja body (autoescape, StrictUndefined), static parts as bytes
                      ->  fit_rules (lengths of the ND30 horizontal lines, service.document.rules)
                      ->  core properties from ctx.meta  ->  bytes

One path for every door (CLI, API, web form, batch).  The reference path, a fresh docxtpl
`DocxTemplate` opened, rendered and saved per document (`render_docx_docxtpl`), gives the same
bytes for the same context and `created` (tests/document/test_compiled.py); it is kept as the
preparation step, the fallback for a template with Jinja tags outside its body, and the naive
baseline of the benchmark.  Text is data: see `service.document.jinja`.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import get_args

from docx.opc.exceptions import PackageNotFoundError
from jinja2 import TemplateError

from service.document.compiled import CompiledTemplate
from service.document.docxtpl_path import render_with_docxtpl
from service.document.jinja import make_environment, plain_text, template_context, xml_text
from service.document.rules import RULES, RuleSpec, fit_rules
from service.errors import RenderError
from service.text.context import BlockStyle, DocContext

__all__ = [
    "DEFAULT_TEMPLATE", "RULES", "TEMPLATES_DIR", "RuleSpec", "TemplateStore",
    "fit_rules", "make_environment", "plain_text", "render_docx",
    "render_docx_docxtpl", "template_context", "xml_text",
]

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"
DEFAULT_TEMPLATE = "kehoach.docx"


# --------------------------------------------------------------------------- template store


class TemplateStore:
    """Knows the templates folder; keeps each template's bytes and its prepared form.

    Both are re-read when the file changes (modification time or size).
    """

    def __init__(self, folder: Path = TEMPLATES_DIR) -> None:
        self.folder = folder
        self._cache: dict[Path, tuple[int, int, bytes]] = {}
        self._compiled: dict[Path, tuple[bytes, CompiledTemplate | None]] = {}

    def path(self, name: str = DEFAULT_TEMPLATE) -> Path:
        """The path of a template by file name (no folders, no '..')."""
        if Path(name).name != name or not name.endswith(".docx"):
            raise RenderError(f"tên mẫu văn bản không hợp lệ: {name!r}", template=name)
        return self.folder / name

    def _resolve(self, template: Path | str | None) -> Path:
        return template if isinstance(template, Path) else self.path(template or DEFAULT_TEMPLATE)

    def load(self, template: Path | str | None = None) -> bytes:
        """The bytes of a template given by path, by name in the folder, or the default."""
        path = self._resolve(template)
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

    def compiled(self, template: Path | str | None = None) -> CompiledTemplate | None:
        """The template prepared once (None: it must go through docxtpl on every render).

        Raises what preparing raises (TemplateError, BadZipFile …); nothing is cached then.
        """
        path = self._resolve(template)
        source = self.load(path)
        cached = self._compiled.get(path)
        if cached is not None and cached[0] is source:
            return cached[1]
        prepared = CompiledTemplate.prepare(source, make_environment())
        self._compiled[path] = (source, prepared)
        return prepared


# --------------------------------------------------------------------------- render

_BLOCK_STYLES = frozenset(get_args(BlockStyle))
_CORE_PROPERTIES = frozenset({
    "author", "category", "comments", "content_status", "identifier", "keywords", "language",
    "last_modified_by", "subject", "title", "version",
})
_BROKEN = (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, SyntaxError)
# SyntaxError: lxml's XMLSyntaxError (a broken XML part)


def render_docx(ctx: DocContext, template: Path | None = None, *,
                store: TemplateStore | None = None, created: dt.datetime | None = None) -> bytes:
    """The .docx of a plan: `template` (default `templates/kehoach.docx`) filled with `ctx`.

    With `created` given, the output is byte-for-byte reproducible (document dates and zip
    entry times fixed); without it the document is stamped now.
    """
    store = store or TemplateStore()
    name = template.name if template else DEFAULT_TEMPLATE
    _check_context(ctx, name)
    try:
        compiled = store.compiled(template)
        if compiled is None:
            return render_with_docxtpl(store.load(template), ctx, created)
        return compiled.render(ctx, created)
    except TemplateError as e:
        raise RenderError(_template_message(name, e), template=name) from e
    except _BROKEN as e:
        raise RenderError(f"mẫu văn bản {name} hỏng: {e}", template=name) from e


def render_docx_docxtpl(ctx: DocContext, template: Path | None = None, *,
                        store: TemplateStore | None = None,
                        created: dt.datetime | None = None) -> bytes:
    """The same document through a fresh docxtpl `DocxTemplate` (the reference path)."""
    store = store or TemplateStore()
    name = template.name if template else DEFAULT_TEMPLATE
    _check_context(ctx, name)
    source = store.load(template)
    try:
        return render_with_docxtpl(source, ctx, created)
    except TemplateError as e:
        raise RenderError(_template_message(name, e), template=name) from e
    except _BROKEN as e:
        raise RenderError(f"mẫu văn bản {name} hỏng: {e}", template=name) from e


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
