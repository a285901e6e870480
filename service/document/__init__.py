"""The document stage: a `DocContext` rendered through the template into .docx bytes."""

from __future__ import annotations

from service.document.context import Block, BlockStyle, DocContext
from service.document.render import (
    DEFAULT_TEMPLATE,
    TEMPLATES_DIR,
    TemplateStore,
    bold_text_width_pt,
    render_docx,
    render_docx_docxtpl,
)

__all__ = [
    "DEFAULT_TEMPLATE",
    "TEMPLATES_DIR",
    "Block",
    "BlockStyle",
    "DocContext",
    "TemplateStore",
    "bold_text_width_pt",
    "render_docx",
    "render_docx_docxtpl",
]
