"""The legal-basis registry (clauses/legal/*.yaml) and its logic (service.library.legal)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
import yaml

from service.errors import LegalBasisError
from service.library import legal
from service.library.legal_model import LegalDoc
from service.library.loader import DEFAULT_ROOT
from service.spec.request import LocalDoc

D = dt.date

# The registry ids fixed in the shared identifiers.
FIXED_IDS = str.split(
    "luat-pcmt-2021 luat-pcmt-2025 nd-105-2021 nd-116-2021 nd-03-2019 ct-36-tw kl-132-tw "
    "nq-163-2024-qh15 nq-50-cp-2025 nq-93-cp-2025 qd-7619-bca qd-28-2025-ttg hd-37-bca-c04 "
    "qd-1452-ttg qd-140-ttg ctrph-03-bca-bgddt cv-573-ttg-kgvx-2026 qd-93-2001-ttg luat-72-2025 "
    "luat-ngan-sach-nha-nuoc"
)
KINDS = frozenset(yaml.safe_load(path.read_text())["id"]
                  for path in (DEFAULT_ROOT / "kinds").glob("*.yaml"))


@dataclass(frozen=True)
class Registry:
    """Stands in for the Library: only its `legal` part (read straight from the data files)."""

    legal: dict[str, LegalDoc]


@pytest.fixture(scope="module")
def lib() -> Registry:
    docs: dict[str, LegalDoc] = {}
    for path in sorted((DEFAULT_ROOT / "legal").glob("*.yaml")):
        for raw in yaml.safe_load(path.read_text(encoding="utf-8")).get("documents", []):
            doc = LegalDoc.model_validate(raw)
            assert doc.id not in docs, doc.id
            docs[doc.id] = doc
    return Registry(docs)


# --- the data --------------------------------------------------------------------------------

def test_fixed_ids_are_present(lib: Registry) -> None:
    assert set(FIXED_IDS) <= set(lib.legal)


def test_registry_is_consistent(lib: Registry) -> None:
    for doc in lib.legal.values():
        assert doc.scope == "national"
        assert doc.replaced_by is None or doc.replaced_by in lib.legal, doc.id
        assert doc.replaced_by is None or doc.expires is not None, doc.id
        assert set(doc.cite_by_default) <= {"*", *KINDS}, doc.id
        assert doc.name or doc.number, doc.id
        if doc.date and doc.effective:
            assert doc.effective >= doc.date, doc.id
        if doc.expires:
            assert doc.expires > (doc.effective or doc.date or D.min), doc.id


def test_qd_1452_date_is_decided_and_explained(lib: Registry) -> None:
    doc = lib.legal["qd-1452-ttg"]
    assert doc.date == D(2021, 8, 31)
    assert any("31/12/2021" in s.note for s in doc.source)


# --- dates and citations ---------------------------------------------------------------------

@pytest.mark.parametrize(("date", "text"), [
    (D(2021, 12, 4), "04/12/2021"),
    (D(2024, 2, 2), "02/02/2024"),
    (D(2024, 1, 22), "22/01/2024"),
    (D(2025, 8, 24), "24/8/2025"),
    (D(2026, 7, 1), "01/7/2026"),
    (D(2019, 9, 5), "05/9/2019"),
])
def test_dates(date: dt.date, text: str) -> None:
    assert legal.dm(date) == text


@pytest.mark.parametrize(("doc_id", "citation"), [
    ("nd-105-2021", "Nghị định số 105/2021/NĐ-CP ngày 04/12/2021 của Chính phủ quy định chi tiết "
                    "và hướng dẫn thi hành một số điều của Luật Phòng, chống ma túy"),
    ("luat-pcmt-2021", "Luật Phòng, chống ma túy năm 2021"),
    ("luat-pcmt-2025", "Luật Phòng, chống ma túy năm 2025"),
    ("qd-140-ttg", "Quyết định số 140/QĐ-TTg ngày 02/02/2024 của Thủ tướng Chính phủ phê duyệt "
                   "Chương trình phòng, chống ma túy trong thanh, thiếu niên đến năm 2030"),
    ("qd-28-2025-ttg", "Quyết định số 28/2025/QĐ-TTg ngày 24/8/2025 của Thủ tướng Chính phủ ban "
                       "hành tiêu chí xác định tuyến, địa bàn trọng điểm phức tạp về ma túy, địa "
                       "bàn không ma túy"),
    ("ct-36-tw", "Chỉ thị số 36-CT/TW ngày 16/8/2019 của Bộ Chính trị về tăng cường, nâng cao "
                 "hiệu quả công tác phòng, chống và kiểm soát ma túy"),
    ("nq-163-2024-qh15", "Nghị quyết số 163/2024/QH15 ngày 27/11/2024 của Quốc hội phê duyệt chủ "
                         "trương đầu tư Chương trình mục tiêu quốc gia phòng, chống ma túy đến "
                         "năm 2030"),
])
def test_cite(lib: Registry, doc_id: str, citation: str) -> None:
    assert legal.cite(lib.legal[doc_id]) == citation


@pytest.mark.parametrize(("doc_id", "text"), [
    ("nd-105-2021", "Nghị định số 105/2021/NĐ-CP"),
    ("hd-37-bca-c04", "Hướng dẫn số 37/HD-BCA-C04"),
    ("luat-pcmt-2021", "Luật Phòng, chống ma túy năm 2021"),
])
def test_short(lib: Registry, doc_id: str, text: str) -> None:
    assert legal.short(lib.legal[doc_id]) == text


def test_no_citation_carries_template_or_layout_noise(lib: Registry) -> None:
    for doc in lib.legal.values():
        text = legal.cite(doc)
        assert text == " ".join(text.split()), doc.id
        assert "{" not in text, doc.id


# --- status at a date ------------------------------------------------------------------------

@pytest.mark.parametrize(("doc_id", "date", "status"), [
    ("luat-pcmt-2021", D(2026, 6, 15), "in_force"),
    ("luat-pcmt-2021", D(2026, 6, 30), "in_force"),
    ("luat-pcmt-2021", D(2026, 7, 1), "expired"),
    ("luat-pcmt-2021", D(2026, 8, 15), "expired"),
    ("luat-pcmt-2021", D(2021, 10, 1), "not_yet_in_force"),
    ("luat-pcmt-2021", D(2021, 1, 1), "not_yet_issued"),
    ("luat-pcmt-2025", D(2025, 11, 1), "not_yet_issued"),
    ("luat-pcmt-2025", D(2026, 6, 15), "not_yet_in_force"),
    ("luat-pcmt-2025", D(2026, 7, 1), "in_force"),
    ("luat-pcmt-2025", D(2026, 8, 15), "in_force"),
    ("qd-1452-ttg", D(2025, 12, 31), "in_force"),
    ("qd-1452-ttg", D(2026, 1, 1), "expired"),
    ("qd-1452-ttg", D(2026, 6, 1), "expired"),
    ("cv-573-ttg-kgvx-2026", D(2026, 5, 24), "not_yet_issued"),
    ("cv-573-ttg-kgvx-2026", D(2026, 6, 10), "in_force"),
    ("cv-573-ttg-kgvx-2026", D(2027, 6, 10), "expired"),
    ("qd-28-2025-ttg", D(2025, 8, 23), "not_yet_issued"),
    ("qd-28-2025-ttg", D(2025, 8, 24), "in_force"),
])
def test_status_at(lib: Registry, doc_id: str, date: dt.date, status: str) -> None:
    assert legal.status_at(lib.legal[doc_id], date) == status


@pytest.mark.parametrize(("doc_id", "date", "expected"), [
    ("luat-pcmt-2021", D(2026, 6, 15), "luat-pcmt-2021"),
    ("luat-pcmt-2021", D(2026, 8, 15), "luat-pcmt-2025"),
    ("luat-ngan-sach-nha-nuoc-2015", D(2026, 6, 1), "luat-ngan-sach-nha-nuoc"),
    ("qd-1452-ttg", D(2026, 6, 1), "qd-1452-ttg"),  # expired, no replacement
])
def test_in_force_version(lib: Registry, doc_id: str, date: dt.date, expected: str) -> None:
    assert legal.in_force_version(lib, doc_id, date).id == expected


def test_cite_at_follows_the_replacement(lib: Registry) -> None:
    cited = legal.cite_at(lib, "luat-pcmt-2021", D(2026, 8, 15))
    assert cited == "Luật Phòng, chống ma túy năm 2025"


# --- default bases ---------------------------------------------------------------------------

@pytest.mark.parametrize(("kind", "date", "present", "absent"), [
    ("keep-drug-free", D(2026, 2, 5), {"luat-pcmt-2021", "qd-28-2025-ttg", "hd-37-bca-c04"},
     {"luat-pcmt-2025", "nd-105-2021", "qd-1452-ttg", "cv-573-ttg-kgvx-2026"}),
    ("keep-drug-free", D(2026, 8, 15), {"luat-pcmt-2025"}, {"luat-pcmt-2021"}),
    ("province-drug-free", D(2026, 2, 1),
     {"kl-132-tw", "luat-pcmt-2021", "nq-50-cp-2025", "qd-7619-bca", "qd-28-2025-ttg"},
     {"cv-573-ttg-kgvx-2026", "qd-1452-ttg"}),
    ("action-month", D(2026, 6, 10), {"cv-573-ttg-kgvx-2026", "qd-93-2001-ttg"},
     {"cv-4685-vpcp-kgvx-2025", "qd-28-2025-ttg"}),
    ("action-month", D(2027, 6, 10), {"qd-93-2001-ttg", "luat-pcmt-2025"},
     {"cv-573-ttg-kgvx-2026"}),
    ("district-drug-free", D(2024, 5, 1), {"ct-36-tw", "qd-1452-ttg", "luat-pcmt-2021"},
     {"qd-28-2025-ttg", "luat-pcmt-2025", "kl-132-tw"}),
])
def test_default_bases(lib: Registry, kind: str, date: dt.date, present: set[str],
                       absent: set[str]) -> None:
    docs = legal.default_bases(lib, kind, date)
    ids = {d.id for d in docs}
    assert present <= ids
    assert not absent & ids
    assert all(d.verified and legal.status_at(d, date) == "in_force" for d in docs)
    keys = [(-d.rank, d.date) for d in docs]
    assert keys == sorted(keys)


def test_unverified_documents_are_not_cited_by_default(lib: Registry) -> None:
    unverified = [d for d in lib.legal.values() if not d.verified and d.cite_by_default]
    assert unverified, "the registry has an unverified document meant for a kind (NĐ 105)"
    for doc in unverified:
        for kind in doc.cite_by_default:
            assert doc not in legal.default_bases(lib, kind, D(2026, 3, 1))


def test_default_order_party_then_law_then_government(lib: Registry) -> None:
    ids = [d.id for d in legal.default_bases(lib, "province-drug-free", D(2026, 2, 1))]
    order = ["kl-132-tw", "luat-pcmt-2021", "nq-50-cp-2025", "qd-28-2025-ttg", "qd-7619-bca"]
    assert [i for i in ids if i in order] == order


# --- requested bases -------------------------------------------------------------------------

def test_requested_bases_in_force_pass(lib: Registry) -> None:
    docs = legal.check_requested(lib, ["luat-pcmt-2025", "nd-105-2021"], D(2026, 8, 15))
    assert [d.id for d in docs] == ["luat-pcmt-2025", "nd-105-2021"]


@pytest.mark.parametrize(("ids", "date", "field", "words"), [
    (["luat-pcmt-2021"], D(2026, 8, 15), "legal_bases.0",
     ("Luật Phòng, chống ma túy năm 2021 đã hết hiệu lực từ ngày 01/7/2026, được thay thế bởi "
      "Luật Phòng, chống ma túy số 120/2025/QH15",)),
    (["nd-105-2021", "qd-1452-ttg"], D(2026, 3, 1), "legal_bases.1",
     ("Quyết định số 1452/QĐ-TTg", "hết hiệu lực từ ngày 01/01/2026")),
    (["luat-pcmt-2025"], D(2026, 3, 1), "legal_bases.0",
     ("có hiệu lực từ ngày 01/7/2026", "chưa có hiệu lực")),
    (["cv-573-ttg-kgvx-2026"], D(2026, 5, 1), "legal_bases.0",
     ("Công văn số 573/TTg-KGVX", "25/5/2026")),
    (["no-such-doc"], D(2026, 3, 1), "legal_bases", ("no-such-doc",)),
])
def test_requested_bases_rejected(lib: Registry, ids: list[str], date: dt.date, field: str,
                                  words: tuple[str, ...]) -> None:
    with pytest.raises(LegalBasisError) as info:
        legal.check_requested(lib, ids, date)
    assert info.value.field == field
    assert all(w in info.value.message for w in words), info.value.message


# --- legal force of a request's own documents ----------------------------------------------

def _local(type_: str, number: str, level: str) -> LocalDoc:
    return LocalDoc.model_validate({"type": type_, "number": number, "level": level})


@pytest.mark.parametrize(("doc", "rank"), [
    (_local("Nghị quyết chuyên đề", "07-NQ/ĐU", "commune"), 100),
    (_local("Chỉ thị", "03-CT/TU", "province"), 100),
    (_local("Chương trình hành động", "35-CTr/TU", "province"), 100),
    (_local("Công văn", "-CV/ĐU", "commune"), 100),
    (_local("Nghị quyết", "38/NQ-HĐND", "province"), 80),
    (_local("Quyết định", "510/QĐ-UBND", "province"), 60),
    (_local("Kế hoạch", "165/KH-CAT-PV01-PC04", "province"), 50),
    (_local("Kế hoạch", "069/KH-UBND", "province"), 50),
    (_local("Luật", "73/2021/QH14", "national"), 90),
    (_local("Nghị định", "105/2021/NĐ-CP", "national"), 70),
    (_local("Quyết định", "1452/QĐ-TTg", "national"), 60),
    (_local("Công văn", "573/TTg-KGVX", "national"), 55),
])
def test_local_rank(doc: LocalDoc, rank: int) -> None:
    assert legal.local_rank(doc) == rank
