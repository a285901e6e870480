"""Checks several rule families share: an element's formatting (size, bold, italic, alignment,
capitals), which emits `<BASE>_SIZE`, `<BASE>_BOLD` … so that each finding names one property;
and the horizontal line under an element (`<BASE>`, `<BASE>_LENGTH`, `_STYLE`, `_CENTER`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from service.review.context import Context
from service.review.locate.elements import Seg
from service.review.locate.lines import Line
from service.strings import is_upper_text
from service.text.vietnamese import decimal

ALIGN_VI = {"left": "trái", "right": "phải", "center": "giữa", "both": "đều hai lề"}
FMT_PROPS = ("SIZE", "BOLD", "ITALIC", "ALIGN", "CAPS")
PART_LINE_RATIO = (1 / 3 - 0.05, 1 / 2 + 0.05)  # of the name's width (nd30.md §1 rows 11, 16)
TECHNIQUES = {"underscore": "dòng gạch dưới “_”", "border": "đường viền dưới đoạn",
              "drawing": "hình vẽ đường thẳng", "vml": "hình vẽ đường thẳng (VML)",
              "underline": "gạch chân chữ"}


@dataclass(frozen=True)
class Expect:
    """Expected formatting of an element; None = not checked."""

    sizes: tuple[int, ...] | None = None  # allowed sizes, half-points
    bold: bool | None = None
    italic: bool | None = None
    align: tuple[str, ...] | None = None
    caps: bool | None = None  # all capitals (True) / not all capitals (False)


def fmt_pt(half_points: float) -> str:
    """A font size in half-points as Vietnamese points: 26 -> '13', 25 -> '12,5'."""
    pt = half_points / 2
    return str(int(pt)) if pt.is_integer() else decimal(pt)


def sizes_text(sizes: tuple[int, ...]) -> str:
    return " và ".join(fmt_pt(s) for s in sizes)


def check_format(ctx: Context, base: str, seg: Seg, expect: Expect) -> None:
    """Emit `<base>_SIZE|_BOLD|_ITALIC|_ALIGN|_CAPS` for what `seg` gets wrong."""
    para = seg.para

    def add(prop: str, **params: Any) -> None:
        ctx.add(f"{base}_{prop}", para, text=seg.text, **params)

    if expect.sizes is not None and any(s not in expect.sizes for s in seg.sizes):
        add("SIZE", value=sizes_text(seg.sizes))
    if expect.bold is True and not seg.all("bold") or expect.bold is False and seg.any("bold"):
        add("BOLD")
    if (expect.italic is True and not seg.all("italic")
            or expect.italic is False and seg.any("italic")):
        add("ITALIC")
    if expect.align is not None and para.fmt.align not in expect.align:
        add("ALIGN", value=ALIGN_VI.get(para.fmt.align, para.fmt.align))
    if expect.caps is not None and is_upper_text(seg.text) != expect.caps:
        add("CAPS")


def fmt_ids(base: str, expect: Expect) -> tuple[str, ...]:
    """The ids `check_format` can emit for `base` with `expect`."""
    props = {"SIZE": expect.sizes, "BOLD": expect.bold, "ITALIC": expect.italic,
             "ALIGN": expect.align, "CAPS": expect.caps}
    return tuple(f"{base}_{p}" for p in FMT_PROPS if props[p] is not None)


def check_line(ctx: Context, base: str, line: Line | None, under: Seg, width: float,
               ratio: tuple[float, float]) -> None:
    """`<base>` (missing), `<base>_LENGTH`, `<base>_STYLE`, `<base>_CENTER`."""
    if line is None:
        ctx.add(base, under.para, text=under.text)
        return
    para = line.para
    if not ratio[0] * width <= line.length_mm <= ratio[1] * width:
        ctx.add(f"{base}_LENGTH", para, text=under.text, value=decimal(line.length_mm),
                low=decimal(ratio[0] * width), high=decimal(ratio[1] * width),
                technique=TECHNIQUES[line.technique])
    if not line.solid:
        ctx.add(f"{base}_STYLE", para, text=under.text)
    if line.centred is False:
        ctx.add(f"{base}_CENTER", para, text=under.text)


def line_ids(base: str) -> tuple[str, ...]:
    """The ids `check_line` can emit for `base`."""
    return (base, f"{base}_LENGTH", f"{base}_STYLE", f"{base}_CENTER")
