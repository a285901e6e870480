"""Sentence-level comparison of a source plan with a generated one (issue 2's fidelity check).

Both texts are normalised the same way (NFC, whitespace, quotes, dashes, markdown emphasis,
tone-mark style, case), split into sentences, and each source sentence is looked for in the
generated text with a fuzzy partial match.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from service.text.tone import apply_style

SOURCES = Path(__file__).parent / "fixtures" / "sources"
_SPLIT = re.compile(r"(?<=[.;:!?])\s+")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"\*+", "", text)
    for a, b in (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'"), ("–", "-"), ("—", "-")):
        text = text.replace(a, b)
    text = apply_style(text, "classic").lower()
    text = re.sub(r"\s+([,;:.)])", r"\1", text)
    return " ".join(text.split())


def source_body(path: Path) -> str:
    """The body of a source plan: from its first 'Thực hiện'/'Căn cứ' line to the './.' line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.strip().startswith(("Thực hiện", "Căn cứ")))
    end = next(i for i, ln in enumerate(lines) if "./." in ln)
    return normalise(" ".join(lines[start : end + 1]))


def sentences(text: str) -> list[str]:
    return [s for s in _SPLIT.split(text) if len(s.split()) >= 3]


@dataclass(frozen=True)
class Fidelity:
    total: int
    found: int
    missing: list[tuple[str, float]]

    @property
    def ratio(self) -> float:
        return self.found / self.total if self.total else 0.0


def fidelity(source: str, generated: str, known: frozenset[str] = frozenset(),
             threshold: float = 90.0) -> Fidelity:
    hay = normalise(generated)
    missing: list[tuple[str, float]] = []
    wanted = [s for s in sentences(source) if not any(k in s for k in known)]
    for sentence in wanted:
        score = fuzz.partial_ratio(sentence, hay)
        if score < threshold:
            missing.append((sentence, score))
    return Fidelity(len(wanted), len(wanted) - len(missing), missing)
