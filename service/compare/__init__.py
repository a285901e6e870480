"""Compare: the paragraphs added, removed and changed between two .docx (`kehoach diff`,
`POST /api/compare`), on the model `service.docx` reads; see `diff`."""

from __future__ import annotations

from service.compare.diff import Change, Diff, diff_docx, diff_paragraphs, paragraphs, to_text

__all__ = ["Change", "Diff", "diff_docx", "diff_paragraphs", "paragraphs", "to_text"]
