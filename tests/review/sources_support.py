"""The five source plans (tests/fixtures/sources/*.txt) typed as .docx: the text's paragraphs laid
out by `nd30_docx.build_plan` (header table, bold Roman and titled Arabic headings, justified
body, "Nơi nhận" and signature table), with what the text lacks from sources.yaml.

Run as a script to write the .docx files: `PYTHONPATH=tests python tests/review/sources_support.py
OUTDIR` (`nd30_docx` is a support module of tests/).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml
from nd30_docx import PlanText, build_plan, to_bytes

SOURCES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"
SO = "Số: /KH-UBND"
_HEADING = re.compile(r"^([IVX]+\.|\d+\.)\s")
_STARTS = re.compile(r"^([IVX]+\.|\d+(\.\d+)*\.|[a-zđ]\)|[-+•]|Nơi nhận)")
_END = (".", ":", ";", "!", "?", "./.")


def source_ids() -> list[str]:
    return sorted(p.name[:3] for p in SOURCES.glob("00*.txt"))


def source_text(sid: str) -> str:
    return next(SOURCES.glob(f"{sid}_*.txt")).read_text(encoding="utf-8")


def _meta(sid: str) -> dict[str, Any]:
    data: dict[str, dict[str, Any]] = yaml.safe_load(
        (SOURCES / "sources.yaml").read_text(encoding="utf-8"))
    return data[sid]


def _lines(text: str) -> list[str]:
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return [line for line in lines if line]


def _unwrap(lines: list[str]) -> list[str]:
    """Lines broken by PDF extraction joined back: a line continues the previous one unless the
    previous one ends a sentence or the line starts a heading or an item."""
    joined: list[str] = []
    for line in lines:
        last = joined[-1] if joined else ""
        if last and not last.endswith(_END) and last != last.upper() and not _STARTS.match(line):
            joined[-1] += " " + line
        else:
            joined.append(line)
    return joined


def _kind(line: str) -> str:
    """Roman headings and titled khoản in bold: a khoản is titled when it does not end like a
    sentence ("1. Mục tiêu chung", "9. Đề nghị … xã:"), as the checker reads it."""
    if line.startswith("**") and line.endswith("**"):
        return "bold"
    if _HEADING.match(line) and (line[0] in "IVX" or not line.endswith((".", ";", ","))):
        return "bold"
    return "plain"


def plan_text(sid: str) -> PlanText:
    meta = _meta(sid)
    lines = _lines(source_text(sid))
    start = next(k for k, line in enumerate(lines) if line.replace(" ", "") == "KẾHOẠCH")
    n = int(meta["trich_yeu"])
    trich_yeu = lines[start + 1:start + 1 + n]
    stop = next(k for k, line in enumerate(lines) if line.startswith("Nơi nhận"))
    paras = lines[start + 1 + n:stop]
    paras = _unwrap(paras) if meta.get("wrapped") else paras
    body = [(_kind(line), line.strip("*") if line.startswith("**") else line) for line in paras]
    closing = [line.replace("*", "") for line in lines[stop + 1:]]
    recipients = [line for line in closing if line.startswith("-")]
    rest = [line for line in closing if not line.startswith("-")]
    authority = meta.get("authority", rest[:-1])
    signer = meta.get("signer", rest[-1] if rest else "")
    return PlanText(agency=meta["agency"], so=SO, date=meta["date"], trich_yeu=trich_yeu,
                    body=body, recipients=recipients, authority=authority, signer=signer)


def source_docx(sid: str) -> bytes:
    return to_bytes(build_plan(plan_text(sid)))


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    out.mkdir(parents=True, exist_ok=True)
    for sid in source_ids():
        (out / f"{sid}.docx").write_bytes(source_docx(sid))
        print(out / f"{sid}.docx")
