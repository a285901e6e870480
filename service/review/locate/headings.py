"""How the nội dung numbers its parts, as typed in the text: "I." (mục, Roman), "1." (khoản),
"a)" (điểm), "1.1." (a sub-numbered line, which is not a khoản)."""

from __future__ import annotations

import re

ROMAN = re.compile(r"^([IVXLC]+)\.\s+(.*)$", re.S)
KHOAN = re.compile(r"^(\d+)\.\s+(.*)$", re.S)
DIEM = re.compile(r"^([a-zđ])\)\s+(.*)$", re.S)
SUB = re.compile(r"^\d+\.\d+\.?\s")
LETTERS = "abcdđeghiklmnopqrstuvxy"  # the letters of the điểm, in order
