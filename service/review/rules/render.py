"""Checks on the rendered page (optional, needs LibreOffice and poppler's `pdftotext`): the
Quốc hiệu, the Tiêu ngữ and the place-and-date each stay on one line, and Số sits on the same
line as the date.  LibreOffice lays text out with Liberation Serif, which has the metrics of
Times New Roman, so line breaks match Word's closely but not always exactly.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from service.review.context import Context, Rule
from service.review.locate.elements import Seg
from service.strings import nfc, squash
from service.text.vietnamese import decimal

TIMEOUT = 180  # seconds for one conversion
SAME_LINE = 2.0  # points between baselines
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                   r"(.*?)</word>")


@dataclass(frozen=True)
class Word:
    text: str
    x: float
    y: float  # bottom of the word box (≈ baseline), points from the top of the page


def render_first_page(data: bytes) -> list[Word] | None:
    """The words of page 1 as LibreOffice renders the document; None when it cannot."""
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        return None
    with tempfile.TemporaryDirectory(prefix="kehoach-render-") as tmp:
        folder = Path(tmp)
        source = folder / "plan.docx"
        source.write_bytes(data)
        convert = ["soffice", f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                   "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(folder),
                   str(source)]
        try:
            subprocess.run(convert, check=True, capture_output=True, timeout=TIMEOUT)
            pdf = folder / "plan.pdf"
            out = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
                                 check=True, capture_output=True, timeout=TIMEOUT)
        except (subprocess.SubprocessError, OSError):
            return None
    page = out.stdout.decode("utf-8", "replace")
    return [Word(nfc(html.unescape(m[5])), float(m[1]), float(m[4]))
            for m in _WORD.finditer(page)]


def find_words(words: list[Word], text: str) -> list[Word] | None:
    """The rendered words of `text`, in order (contiguous if possible, else the first
    in-order match)."""
    tokens = squash(nfc(text)).split()
    if not tokens:
        return None
    for start, w in enumerate(words):
        if w.text == tokens[0] and [x.text for x in words[start:start + len(tokens)]] == tokens:
            return words[start:start + len(tokens)]
    found: list[Word] = []
    k = 0
    for w in words:
        if k < len(tokens) and w.text == tokens[k]:
            found.append(w)
            k += 1
    return found if k == len(tokens) else None


def check_rendered(ctx: Context, words: list[Word] | None) -> None:
    if words is None:
        ctx.add("RENDER_UNAVAILABLE")
        return
    head = ctx.head
    for seg, name in ((head.qh, "Quốc hiệu"), (head.tn, "Tiêu ngữ"),
                      (head.date, "Địa danh và thời gian")):
        if seg is not None:
            _check_one_line(ctx, words, seg, name)
    if head.so is not None and head.date is not None:
        so, date = find_words(words, head.so.text), find_words(words, head.date.text)
        if so and date and abs(so[0].y - date[0].y) > SAME_LINE:
            ctx.add("RENDER_SO_DATE", head.date.para, text=head.date.text,
                    value=decimal(abs(so[0].y - date[0].y)))


def _check_one_line(ctx: Context, words: list[Word], seg: Seg, name: str) -> None:
    found = find_words(words, seg.text)
    if not found:
        return
    lines = len({round(w.y) for w in found if abs(w.y - found[0].y) > SAME_LINE}) + 1
    if lines > 1:
        ctx.add("RENDER_WRAP", seg.para, text=seg.text, element=name, lines=str(lines))


RENDER_IDS = ("RENDER_WRAP", "RENDER_SO_DATE", "RENDER_UNAVAILABLE")


def render_rule(words: list[Word] | None) -> Rule:
    return Rule(lambda ctx: check_rendered(ctx, words), RENDER_IDS)
