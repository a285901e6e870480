"""The document stage: a `DocContext` (the text stage's product, re-exported here with its
`Block`s) rendered through the template into .docx bytes; `review_copy`: the same .docx with a
Word comment on each paragraph saying where it came from."""

from __future__ import annotations

from service.document.render import (
    DEFAULT_TEMPLATE,
    TEMPLATES_DIR,
    TemplateStore,
    render_docx,
    render_docx_docxtpl,
)
from service.text.context import Block, BlockStyle, DocContext

__all__ = [
    "DEFAULT_TEMPLATE",
    "TEMPLATES_DIR",
    "Block",
    "BlockStyle",
    "DocContext",
    "TemplateStore",
    "render_docx",
    "render_docx_docxtpl",
]
