"""Explicit numbering labels (I., 1., 2.1., a), -, +), computed so they never have gaps."""

from __future__ import annotations

from service.library.model import Numbering
from service.text.vietnamese import ordinal_letter, ordinal_roman


def label(style: Numbering, index: int, parent: str = "") -> str:
    """The label of the `index`-th (1-based) child numbered in `style` under `parent`."""
    if style == "roman":
        return f"{ordinal_roman(index)}."
    if style == "arabic":
        return f"{index}."
    if style == "decimal":
        return f"{parent.rstrip('.')}.{index}." if parent else f"{index}."
    if style == "letter":
        return f"{ordinal_letter(index)})"
    if style == "bullet":
        return "-"
    if style == "plus":
        return "+"
    return ""
