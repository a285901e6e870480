"""The nội dung: paragraph layout, sizes, italics, căn cứ, headings and the closing "./."
(Phụ lục I, mục II.6; mục V table 6.b; the models of Phụ lục III)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from service.docx.model import Para, Run
from service.memo import MEMO_SIZE, per_object
from service.review.context import Context, Rule
from service.review.locate.headings import LETTERS, ROMAN, SUB, heading
from service.review.rules.common import ALIGN_VI, sizes_text
from service.strings import fold, is_upper_text
from service.text.vietnamese import decimal

BODY_SIZES = (26, 28)
FIRST_LINE = (567, 720)  # 1 cm, 1.27 cm
INDENT_TOLERANCE = 5
MIN_GAP = 120  # 6 pt
LINE_RANGE = (238, 362)  # single … 1.5 lines, with rounding
EXACT_RANGE = (0.95, 1.55)  # exact/atLeast spacing as a multiple of the single line (N8)
LINE_HEIGHT = 1.15
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")


def _centred_parts(paras: Sequence[Para]) -> set[int]:
    """Indexes of centred "Phần …"/"Chương …" lines and the capitalised title under each."""
    out: set[int] = set()
    for k, p in enumerate(paras):
        if fold(p.text[:10]).startswith(("phan ", "chuong ")) and p.fmt.align == "center":
            out.add(p.index)
            nxt = paras[k + 1] if k + 1 < len(paras) else None
            if nxt is not None and nxt.fmt.align == "center" and is_upper_text(nxt.text):
                out.add(nxt.index)
    return out


def check_paragraphs(ctx: Context) -> None:
    paras = ctx.layout.body_paras
    parts = _centred_parts(paras)
    for p in paras:
        if p.label:
            ctx.add("BODY_AUTONUM", p, value=p.label)
        centred = p.index in parts
        if p.fmt.align != "both" and not centred:
            ctx.add("BODY_PARA_ALIGN", p, value=ALIGN_VI.get(p.fmt.align, p.fmt.align))
        if any(s not in BODY_SIZES for s in p.sizes):
            ctx.add("BODY_PARA_SIZE", p, value=sizes_text(p.sizes))
        first = p.fmt.indent_first
        if not centred and all(abs(first - f) > INDENT_TOLERANCE for f in FIRST_LINE):
            ctx.add("BODY_PARA_INDENT", p, value=decimal(first / 567, 2))
        gap = 0 if p.fmt.contextual else (p.fmt.before or 0) + (p.fmt.after or 0)
        if gap < MIN_GAP:
            ctx.add("BODY_PARA_SPACING", p, value=decimal(gap / 20))
        _check_line_spacing(ctx, p)


def _check_line_spacing(ctx: Context, p: Para) -> None:
    rule, line = p.fmt.line_rule_eff, p.fmt.line_eff
    if rule == "auto":
        if not LINE_RANGE[0] <= line <= LINE_RANGE[1]:
            ctx.add("BODY_PARA_LINE", p, value=decimal(line / 240, 2))
        return
    single = p.main_size * 10 * LINE_HEIGHT
    if not EXACT_RANGE[0] <= line / single <= EXACT_RANGE[1]:
        ctx.add("BODY_PARA_LINE_EXACT", p, value=decimal(line / 20),
                ratio=decimal(line / single, 2))


def check_uniform(ctx: Context) -> None:
    paras = ctx.layout.body_paras
    weights: Counter[int] = Counter()
    for p in paras:
        for size, chars in p.size_weights:
            weights[size] += chars
    if not weights:
        return
    main = weights.most_common(1)[0][0]
    for p in paras:
        if any(s != main for s in p.sizes):
            ctx.add("BODY_SIZE_UNIFORM", p, value=sizes_text(p.sizes), main=sizes_text((main,)))


def check_italic(ctx: Context) -> None:
    for p in ctx.layout.body_paras:
        if fold(p.text[:10]).startswith("can cu") or SUB.match(p.text):
            continue
        if (italic := italic_run(p.runs)) is not None:
            ctx.add("BODY_NOT_ITALIC", p, value=italic)


def italic_run(runs: tuple[Run, ...]) -> str | None:
    """The first italic run outside quotation marks, or None (once per runs: a batch's
    documents share the runs of the paragraphs they repeat)."""
    return per_object(_italics, runs, lambda: _first_italic(runs), size=MEMO_SIZE)


_italics: dict[int, tuple[object, str | None]] = {}


def _first_italic(runs: tuple[Run, ...]) -> str | None:
    quoted = [m.span() for m in _QUOTED.finditer("".join(r.text for r in runs))]
    start = 0
    for r in runs:
        end = start + len(r.text)
        inside = any(a <= start and end <= b for a, b in quoted)
        if r.visible and r.fmt.italic and not inside:
            return r.text.strip()
        start = end
    return None


def check_can_cu(ctx: Context) -> None:
    """The căn cứ of the preamble (before the first Roman heading; a sentence of the nội dung
    that starts "Căn cứ dự toán …" is not one)."""
    paras = ctx.layout.body_paras
    first_heading = next((k for k, p in enumerate(paras) if ROMAN.match(p.text)), len(paras))
    paras = paras[:first_heading]
    k = 0
    while k < len(paras):
        if not fold(paras[k].text[:10]).startswith("can cu"):
            k += 1
            continue
        end = k
        while end + 1 < len(paras) and fold(paras[end + 1].text[:10]).startswith("can cu"):
            end += 1
        for j in range(k, end):
            if not paras[j].text.rstrip().endswith(";"):
                ctx.add("CAN_CU_PUNCT", paras[j], variant="middle")
        last = paras[end].text.rstrip()
        following = paras[end + 1] if end + 1 < len(paras) else None
        heading_next = following is None or bool(ROMAN.match(following.text))
        if not (last.endswith((".", ":")) or last.endswith(";") and not heading_next):
            ctx.add("CAN_CU_PUNCT", paras[end], variant="last")
        k = end + 1


def check_headings(ctx: Context) -> None:
    expected = 0
    for p in ctx.layout.body_paras:
        level, number, rest = heading(p.text)
        if level == "roman":
            expected = 0
            if not is_upper_text(rest):
                ctx.add("HEAD_ROMAN_CAPS", p)
            if not p.all_runs("bold"):
                ctx.add("HEAD_ROMAN_BOLD", p)
        elif level == "khoan":
            expected = 0
            _check_khoan(ctx, p, rest.strip())
        elif level == "diem":
            letter = number
            if LETTERS.find(letter) != expected:
                want = LETTERS[expected] if expected < len(LETTERS) else "?"
                ctx.add("HEAD_DIEM_ORDER", p, value=letter, expected=want)
            expected = LETTERS.find(letter) + 1
            if p.all_runs("bold"):
                ctx.add("HEAD_DIEM_BOLD", p)


def _check_khoan(ctx: Context, p: Para, rest: str) -> None:
    title = not rest.endswith((".", ";", ","))  # a sentence-khoản ends like a sentence
    if title:
        if not p.all_runs("bold"):
            ctx.add("HEAD_KHOAN_BOLD", p, variant="title")
        if is_upper_text(rest):
            ctx.add("HEAD_KHOAN_CAPS", p)
    elif p.all_runs("bold"):
        ctx.add("HEAD_KHOAN_BOLD", p)


def check_end_mark(ctx: Context) -> None:
    paras = ctx.layout.body_paras
    if paras and not paras[-1].text.rstrip().endswith("./."):
        ctx.add("END_MARK", paras[-1])


RULES = (
    Rule(check_paragraphs, ("BODY_AUTONUM", "BODY_PARA_ALIGN", "BODY_PARA_SIZE",
                            "BODY_PARA_INDENT", "BODY_PARA_SPACING", "BODY_PARA_LINE",
                            "BODY_PARA_LINE_EXACT")),
    Rule(check_uniform, ("BODY_SIZE_UNIFORM",)),
    Rule(check_italic, ("BODY_NOT_ITALIC",)),
    Rule(check_can_cu, ("CAN_CU_PUNCT",)),
    Rule(check_headings, ("HEAD_ROMAN_CAPS", "HEAD_ROMAN_BOLD", "HEAD_KHOAN_BOLD",
                          "HEAD_KHOAN_CAPS", "HEAD_DIEM_ORDER", "HEAD_DIEM_BOLD")),
    Rule(check_end_mark, ("END_MARK",)),
)
