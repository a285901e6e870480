"""How the nội dung numbers its parts, as typed in the text: "I." (mục, Roman), "1." (khoản),
"a)" (điểm), "1.1." (a sub-numbered line, which is not a khoản)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

ROMAN = re.compile(r"^([IVXLC]+)\.\s+(.*)$", re.S)
KHOAN = re.compile(r"^(\d+)\.\s+(.*)$", re.S)
DIEM = re.compile(r"^([a-zđ])\)\s+(.*)$", re.S)
SUB = re.compile(r"^\d+\.\d+\.?\s")
LETTERS = "abcdđeghiklmnopqrstuvxy"  # the letters of the điểm, in order

Level = Literal["roman", "khoan", "diem", ""]


@lru_cache(maxsize=4096)
def heading(text: str) -> tuple[Level, str, str]:
    """(level, number as written, the rest) of a paragraph's text: ("roman", "II", "NỘI
    DUNG"), ("khoan", "3", "Yêu cầu"), ("diem", "a", "…"); ("", "", "") for any other text."""
    text = text.strip()
    if m := ROMAN.match(text):
        return "roman", m[1], m[2]
    if (m := KHOAN.match(text)) and not SUB.match(text):
        return "khoan", m[1], m[2]
    if m := DIEM.match(text):
        return "diem", m[1], m[2]
    return "", "", ""
