"""Compare: paragraph-level differences of two .docx, with word-level marks in changed ones.

Documents are built with python-docx (any .docx, not only ours); the last cases compare a
generated plan with the same plan edited in python-docx, as an office edits it in Word.
"""

from __future__ import annotations

import io
import json
import random
import time
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.document import Document

from service.compare.diff import (
    Diff,
    Paragraph,
    diff_docx,
    diff_paragraphs,
    marked,
    normalise,
    paragraphs,
    to_text,
    word_diff,
)
from service.errors import RequestError

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
PLAN = SAMPLES / "000-thuong-duc-keep-drug-free.docx"
BASE = ("KẾ HOẠCH", "Phòng, chống ma túy năm 2026", "I. MỤC ĐÍCH, YÊU CẦU",
        "Nâng cao nhận thức của cán bộ và Nhân dân về tác hại của ma túy.",
        "II. TỔ CHỨC THỰC HIỆN", "Công an xã chủ trì, theo dõi, đôn đốc thực hiện Kế hoạch./.")


def build(paras: tuple[str, ...], table: tuple[tuple[str, str], ...] = ()) -> bytes:
    """A .docx with a header table (rows of two cells), then one paragraph per text."""
    document = docx.Document()
    if table:
        grid = document.add_table(rows=len(table), cols=2)
        for row, texts in zip(grid.rows, table, strict=True):
            for cell, text in zip(row.cells, texts, strict=True):
                cell.paragraphs[0].text = text
    for text in paras:
        document.add_paragraph(text)
    return save(document)


def save(document: Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def ops(diff: Diff) -> list[str]:
    return [c.op for c in diff.changes]


def replaced(index: int, text: str) -> tuple[str, ...]:
    return tuple(text if i == index else t for i, t in enumerate(BASE))


VOCABULARY = ("phòng", "chống", "ma", "túy", "xã", "phường", "kế", "hoạch", "năm", "công", "an",
              "nhân", "dân", "tổ", "chức")
HEAD = (("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("Số: 05/KH-UBND", "Tân An, ngày 05 tháng 02 năm 2026"))

# (name, A, B, operations in reading order, summary equal/added/removed/changed)
CASES: list[tuple[str, bytes, bytes, list[str], tuple[int, int, int, int]]] = [
    ("identical", build(BASE), build(BASE), ["equal"] * 6, (6, 0, 0, 0)),
    ("one word changed", build(BASE), build(replaced(1, "Phòng, chống ma túy năm 2027")),
     ["equal", "changed"] + ["equal"] * 4, (5, 0, 0, 1)),
    ("paragraph added", build(BASE), build(BASE[:4] + ("Một đoạn mới hoàn toàn khác.",)
                                           + BASE[4:]),
     ["equal"] * 4 + ["added"] + ["equal"] * 2, (6, 1, 0, 0)),
    ("paragraph removed", build(BASE), build(BASE[:3] + BASE[4:]),
     ["equal"] * 3 + ["removed"] + ["equal"] * 2, (5, 0, 1, 0)),
    ("reordered", build(BASE), build(BASE[:2] + BASE[4:] + BASE[2:4]),
     ["equal", "equal", "added", "added", "equal", "equal", "removed", "removed"],
     (4, 2, 2, 0)),
    ("table cell changed", build(BASE, HEAD),
     build(BASE, (HEAD[0], ("Số: 07/KH-UBND", HEAD[1][1]))),
     ["equal", "equal", "changed"] + ["equal"] * 7, (9, 0, 0, 1)),
    ("spacing and Unicode form only", build(BASE),
     build(tuple("  ".join(t.split(" ")) + " " for t in BASE[:-1])
           + (BASE[-1].replace("ô", "o\u0302"),)),
     ["equal"] * 6, (6, 0, 0, 0)),
    ("empty paragraphs ignored", build(BASE), build(BASE[:2] + ("", "   ") + BASE[2:]),
     ["equal"] * 6, (6, 0, 0, 0)),
    ("rewritten paragraph is removed and added", build(BASE),
     build(replaced(3, "Kinh phí thực hiện do ngân sách xã bảo đảm theo quy định hiện hành.")),
     ["equal"] * 3 + ["removed", "added"] + ["equal"] * 2, (5, 1, 1, 0)),
]


@pytest.mark.parametrize(("a", "b", "expected", "summary"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_differences(a: bytes, b: bytes, expected: list[str],
                     summary: tuple[int, int, int, int]) -> None:
    diff = diff_docx(a, b)
    assert ops(diff) == expected
    s = diff.summary
    assert (s.equal, s.added, s.removed, s.changed) == summary
    assert diff.identical == (expected == ["equal"] * len(expected))


def test_one_changed_word_is_marked_inside_its_paragraph() -> None:
    diff = diff_docx(build(BASE), build(replaced(1, "Phòng, chống ma túy năm 2027")))
    (change,) = diff.differences
    assert (change.a, change.b) == (1, 1)
    assert marked(change.words) == "Phòng, chống ma túy năm [-2026-]{+2027+}"
    assert 0.5 <= change.ratio < 1


def test_table_cells_count_in_reading_order_and_carry_their_index() -> None:
    a = build(BASE, HEAD)
    (change,) = diff_docx(a, build(BASE, (HEAD[0], ("Số: 07/KH-UBND", HEAD[1][1])))).differences
    assert change.a == change.b == 2  # row 2, cell 1 comes after the two cells of row 1
    assert [p.text for p in paragraphs(a)[:4]] == [HEAD[0][0], HEAD[0][1], HEAD[1][0],
                                                  HEAD[1][1]]
    assert marked(change.words) == "Số: [-05-]{+07+}/KH-UBND"


def test_moved_paragraphs_are_flagged() -> None:
    diff = diff_docx(build(BASE), build(BASE[:2] + BASE[4:] + BASE[2:4]))
    moved = [c for c in diff.changes if c.op in ("added", "removed")]
    assert len(moved) == 4
    assert all(c.moved for c in moved)
    other = diff_docx(build(BASE), build(BASE[:3] + BASE[4:]))
    assert not any(c.moved for c in other.changes)


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("Kế hoạch năm 2025 của xã", "Kế hoạch năm 2026 của phường",
     "Kế hoạch năm [-2025-]{+2026+} của [-xã-]{+phường+}"),
    ("a b c", "x y z", "[-a b c-]{+x y z+}"),  # spaces between changes do not split them
    ("Công an xã chủ trì.", "Công an xã chủ trì, phối hợp.",
     "Công an xã chủ trì{+, phối hợp+}."),
    ("giữ nguyên", "giữ nguyên", "giữ nguyên"),
    ("bỏ hết", "", "[-bỏ hết-]"),
    ("<script>x</script>", "{{ 7*7 }}", "[-<script>x</script>-]{+{{ 7*7 }}+}"),
])
def test_word_diff(old: str, new: str, expected: str) -> None:
    words = word_diff(old, new)
    assert marked(words) == expected
    assert "".join(w.text for w in words if w.op != "insert") == old
    assert "".join(w.text for w in words if w.op != "delete") == new


def test_normalise_nfc_and_spaces() -> None:
    assert normalise(" Hòa\u00a0\tbình \n") == "Hòa bình"
    assert normalise("Ho\u0300a") == "Hòa"


def edit_plan(edit: Callable[[Document], None]) -> bytes:
    document = docx.Document(str(PLAN))
    edit(document)
    return save(document)


def body_paragraph(document: Document, part: str) -> docx.text.paragraph.Paragraph:
    return next(p for p in document.paragraphs if part in p.text)


def change_year(document: Document) -> None:
    para = body_paragraph(document, "Định kỳ 06 tháng")
    for run in para.runs:
        run.text = run.text.replace("cuối năm 2026", "cuối năm 2027")


def add_task(document: Document) -> None:
    anchor = body_paragraph(document, "V. TỔ CHỨC THỰC HIỆN")
    anchor.insert_paragraph_before("- Tổ chức diễn đàn thanh niên với ma túy tại nhà văn hóa.")


def drop_recipient(document: Document) -> None:
    for table in document.tables:
        for cell in (c for row in table.rows for c in row.cells):
            for para in cell.paragraphs:
                if para.text == "- HĐND xã;":
                    para._element.getparent().remove(para._element)
                    return


@pytest.mark.parametrize(("edit", "op", "text"), [
    (change_year, "changed", "cuối năm [-2026-]{+2027+}"),
    (add_task, "added", "- Tổ chức diễn đàn thanh niên với ma túy tại nhà văn hóa."),
    (drop_recipient, "removed", "- HĐND xã;"),
], ids=["year changed", "task added", "recipient removed"])
def test_generated_plan_against_the_same_plan_edited(edit: Callable[[Document], None], op: str,
                                                     text: str) -> None:
    diff = diff_docx(PLAN, edit_plan(edit))
    (change,) = diff.differences
    assert change.op == op
    shown = marked(change.words) if op == "changed" else change.new or change.old or ""
    assert text in shown
    assert diff.summary.equal == len(paragraphs(PLAN)) - (0 if op == "added" else 1)


def test_a_plan_against_itself_is_identical_and_json_serialisable() -> None:
    diff = diff_docx(PLAN, PLAN.read_bytes())
    assert diff.identical
    data = json.loads(json.dumps(diff.to_json(), ensure_ascii=False))
    assert data["identical"] is True
    assert data["summary"] == {"equal": len(paragraphs(PLAN)), "added": 0, "removed": 0,
                               "changed": 0}
    assert set(data["paragraphs"][0]) == {"op", "a", "b", "old", "new", "ratio", "words",
                                          "moved"}
    assert list(to_text(diff)) == []


def test_text_lines_for_a_terminal() -> None:
    a = [Paragraph(0, "Giữ"), Paragraph(1, "Bỏ đi"), Paragraph(2, "Năm 2026 của xã")]
    b = [Paragraph(0, "Giữ"), Paragraph(1, "Năm 2027 của xã"), Paragraph(2, "Thêm vào")]
    assert list(to_text(diff_paragraphs(a, b))) == [
        "- [1] Bỏ đi", "~ [2→1] Năm [-2026-]{+2027+} của xã", "+ [2] Thêm vào"]
    assert list(to_text(diff_paragraphs(a, b), everything=True))[0] == "  [0] Giữ"


@pytest.mark.parametrize(("data", "words"), [
    (b"", "trống"),
    (b"plain text, not a zip", "Không phải tệp .docx"),
    (b"PK\x05\x06" + b"\x00" * 18, "không phải văn bản Word"),  # an empty ZIP archive
])
def test_not_a_docx_is_refused_naming_the_side(data: bytes, words: str) -> None:
    with pytest.raises(RequestError) as refused:
        diff_docx(build(BASE), data)
    assert refused.value.field == "b"
    assert words in refused.value.message


def test_two_long_unrelated_documents_compare_quickly() -> None:
    """600 paragraphs against 600 others of the same vocabulary: every pair is scored (the
    worst case of the pairing), within seconds."""
    rng = random.Random(6)

    def text() -> str:
        return " ".join(rng.choice(VOCABULARY) for _ in range(40))

    a = [Paragraph(i, text()) for i in range(600)]
    b = [Paragraph(i, text()) for i in range(600)]
    start = time.monotonic()
    diff = diff_paragraphs(a, b)
    assert time.monotonic() - start < 5
    s = diff.summary
    assert s.equal == 0
    assert s.removed + s.changed == s.added + s.changed == 600
