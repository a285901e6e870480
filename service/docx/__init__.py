"""Reads any .docx (the product's or one typed in Word) into a neutral model: sections and page
headers, body blocks, each paragraph with its text, Word's automatic number and its effective
formatting (styles resolved the way Word resolves them), drawn lines and text-box text.

`package` (the parts the reader needs, from the ZIP), `ooxml` (the WordprocessingML vocabulary,
on python-docx's namespaces and units), `styles`, `numbering`, `shapes` → `model` (the
dataclasses) ← `reader` (`read_docx`); `metrics`: text widths in Times New Roman, shared with the
document stage.  Nothing here knows what a plan is.
"""

from __future__ import annotations

from service.docx.model import Block, Cell, DocModel, PageHeader, Para, Run, Section, Table
from service.docx.reader import ensure_docx, read_docx

__all__ = ["Block", "Cell", "DocModel", "PageHeader", "Para", "Run", "Section", "Table",
           "ensure_docx", "read_docx"]
