"""The checker on the five source plans typed as .docx (sources_support): the content findings
of each, asserted one by one, each verified against the text (see
tests/fixtures/sources/README.md); plus the real defects the issue names among the ND30 ones."""

from __future__ import annotations

import pytest
from sources_support import source_docx, source_ids

from service.deps import Deps
from service.review import check_docx
from service.review.catalogue import CONTENT_PATH, Catalogue
from service.review.findings import Finding

CONTENT = frozenset(Catalogue.load(CONTENT_PATH).rules)

# (rule, words of the excerpt or message) of every content finding except LEGAL_UNKNOWN (local
# documents the registry does not hold, counted below).
EXPECTED: dict[str, list[tuple[str, str]]] = {
    "000": [("LEGAL_NUMBER_MISMATCH", "ghi “105/NĐ-CP”, danh mục ghi “105/2021/NĐ-CP”"),
            ("WORD_DOUBLED", "“không không”"),
            ("VOICE_LEVEL", "“Cấp uỷ đảng, Ban chỉ đạo 138 xã"),
            ("TARGET_CONTRADICTION", "(hình thành – tồn tại)"),
            ("TARGET_CONTRADICTION", "(duy trì – kéo giảm): “kéo giảm ít nhất 01 đơn vị")],
    "001": [("LEGAL_NUMBER_MISMATCH", "ghi “163/2024/QH-15”, danh mục ghi “163/2024/QH15”"),
            ("WORD_DOUBLED", "“các các”")],
    "002": [("TEXT_BLANK", "“số -CV/ĐU”"), ("CITY_NAME_BARE", "“Hải Phòng”"),
            ("SIGN_NO_AUTHORITY", "Chữ ký “CHỦ TỊCH” thiếu dòng “TM. ỦY BAN NHÂN DÂN”")],
    "003": [("VOICE_LEVEL", "“thanh tra” trong kế hoạch của phường Vị Khê"),
            ("VOICE_LEVEL", "“hướng dẫn các cơ quan báo chí”"),
            ("VOICE_LEVEL", "“kinh doanh, sản xuất, nhập khẩu”")],
    "004": [
        ("LEGAL_DATE_MISMATCH", "ghi 31/12/2021, danh mục ghi Quyết định số 1452/QĐ-TTg ban "
                                "hành ngày 31/8/2021"),
        ("OFFICE_ABOLISHED_LATER", "“thị trấn” (thị trấn) được giao việc đến 01/12/2025"),
        ("OFFICE_ABOLISHED_LATER", "“UBND huyện” (Ủy ban nhân dân cấp huyện) được giao việc "
                                   "đến 12/12/2030"),
        ("OFFICE_ABOLISHED_LATER", "“Huyện ủy”"),
        ("OFFICE_ABOLISHED_LATER", "“Công an huyện” (Công an cấp huyện) được giao việc đến "
                                   "12/12/2030"),
    ],
}
UNKNOWN = {"000": ["38/NQ-HĐND", "510/QĐ-UBND", "94/QĐ-UBND", "165/KH-CAT-PV01-PC04",
                   "199/KH-CAT-PC04", "07-NQ/ĐU", "01/Ctr-UBND"],
           "001": ["03-CT/TU", "069/KH-UBND", "048/KH-UBND", "62/KH-UBND"],
           "002": [],
           "003": ["195/KH-UBND", "1030/QĐ-UBND"],
           "004": ["1246/KH-UBND", "88/KH-UBND", "35-CTr/TU", "1549/KH-UBND"]}


@pytest.fixture(scope="module", params=source_ids())
def checked(request: pytest.FixtureRequest, deps: Deps) -> tuple[str, list[Finding]]:
    sid: str = request.param
    return sid, check_docx(source_docx(sid), deps)


def _content(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.rule in CONTENT]


def test_content_findings_are_the_verified_ones(checked: tuple[str, list[Finding]]) -> None:
    sid, findings = checked
    found = [f for f in _content(findings) if f.rule != "LEGAL_UNKNOWN"]
    expected = EXPECTED[sid]
    assert [f.rule for f in found] == [rule for rule, _ in expected]
    for f, (_, words) in zip(found, expected, strict=True):
        assert words in f.message or words in f.where.excerpt, f


def test_local_documents_are_listed_as_unknown(checked: tuple[str, list[Finding]]) -> None:
    sid, findings = checked
    unknown = [f for f in findings if f.rule == "LEGAL_UNKNOWN"]
    assert all(f.severity == "info" for f in unknown)
    assert len(unknown) == len(UNKNOWN[sid])
    for f, number in zip(unknown, UNKNOWN[sid], strict=True):
        assert number in f.message


def test_no_source_has_a_content_error(checked: tuple[str, list[Finding]]) -> None:
    _, findings = checked
    assert [f for f in _content(findings) if f.severity == "error"] == []


@pytest.mark.parametrize("sid", ["000", "001", "002", "004"])
def test_mixed_tone_marks_are_found(sid: str, deps: Deps) -> None:
    variants = [f for f in check_docx(source_docx(sid), deps) if f.rule == "SPELL_VARIANTS"]
    assert len(variants) == 1
    assert "dùng lẫn hai cách bỏ dấu" in variants[0].message
