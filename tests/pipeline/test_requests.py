"""Bad requests get clear Vietnamese errors naming the field; good minimal ones yield a plan."""

from __future__ import annotations

from typing import Any

import pytest

from service.deps import Deps
from service.errors import (
    AmbiguousUnit,
    InvalidRequest,
    KindMismatch,
    PlanError,
    RequestError,
    UnitNotFound,
)
from service.pipeline import compose_plan
from service.spec import parse_request
from service.text.plain import to_plain


def plan_text(deps: Deps, **request: Any) -> str:
    return to_plain(compose_plan(parse_request(request), deps).context)


@pytest.mark.parametrize(("request_", "error", "field", "words"), [
    ({"kind": "no-such-kind", "unit": 18328, "year": 2026}, RequestError, "kind",
     "Không có loại kế hoạch"),
    ({"kind": "keep-drug-free", "unit": "Thượng Đức", "year": 2026}, AmbiguousUnit, "unit",
     "Xã Thượng Đức, Tỉnh Hà Tĩnh"),
    ({"kind": "keep-drug-free", "unit": "Nowhere, Hà Tĩnh", "year": 2026}, UnitNotFound, "unit",
     "Không tìm thấy"),
    ({"kind": "keep-drug-free", "unit": 66, "year": 2026}, PlanError, "unit", ""),
    ({"kind": "province-drug-free", "unit": 18328, "year": 2026}, PlanError, "unit", ""),
    ({"kind": "district-drug-free", "unit": "Tam Đường, Lai Châu", "year": 2026}, KindMismatch,
     "year", "không còn cấp huyện"),
    ({"kind": "province-drug-free", "unit": 66, "year": 2024}, KindMismatch, "year", "01/7/2025"),
    ({"kind": "keep-drug-free", "unit": 3980, "year": 2024}, UnitNotFound, "unit",
     "trước ngày 01/7/2025"),
    ({"kind": "keep-drug-free", "unit": 18328, "year": 2026, "legal_bases": ["qd-1452-ttg"]},
     PlanError, "legal_bases.0", "hết hiệu lực"),
    ({"kind": "keep-drug-free", "unit": 18328, "year": 2026,
      "facts": {"neighbours": ["Không Có Xã Này"]}}, UnitNotFound, "facts.neighbours.0",
     "giáp ranh"),
])
def test_bad_requests_are_refused_with_the_field(deps: Deps, request_: dict[str, Any],
                                                 error: type[Exception], field: str,
                                                 words: str) -> None:
    with pytest.raises(error) as e:
        compose_plan(parse_request(request_), deps)
    assert isinstance(e.value, PlanError)
    assert e.value.field == field
    assert words in e.value.message


@pytest.mark.parametrize(("request_", "field"), [
    ({"kind": "keep-drug-free", "unit": 18328}, "year"),
    ({"kind": "keep-drug-free", "unit": True, "year": 2026}, "unit"),
    ({"kind": "keep-drug-free", "unit": 18328, "year": 2026, "number": "abc"}, "number"),
    ({"kind": "keep-drug-free", "unit": 18328, "year": 2026, "date": {"day": 30, "month": 2}},
     "date"),
    ({"kind": "keep-drug-free", "unit": 18328, "year": 2026, "colour": "red"}, "colour"),
    ({"kind": "keep-drug-free", "unit": 18328, "year": 2026, "recipients": ["a\x00b"]},
     "recipients.0"),
])
def test_invalid_requests_name_the_field(request_: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidRequest) as e:
        parse_request(request_)
    assert field in [err["field"] for err in e.value.errors]


def test_minimal_request_yields_a_complete_plan(deps: Deps) -> None:
    text = plan_text(deps, kind="keep-drug-free", unit=18328, year=2026)
    assert "XÃ THƯỢNG ĐỨC" in text
    assert "Số:" in text
    assert "/KH-UBND" in text
    assert "I. MỤC ĐÍCH, YÊU CẦU" in text
    assert text.count("./.") == 1
    assert "Nơi nhận:" in text
    assert "- Lưu: VT" in text
    assert "{{" not in text
    assert "None" not in text


@pytest.mark.parametrize("hostile", ["{{ 7*7 }}", "{% if true %}x{% endif %}", "<script>&amp;"])
def test_user_text_is_data_not_template(deps: Deps, hostile: str) -> None:
    text = plan_text(deps, kind="keep-drug-free", unit=18328, year=2026,
                     signer={"mode": "TM", "name": hostile}, recipients=[hostile])
    assert hostile in text
    assert "49" not in text.split("Nơi nhận:")[1]


KEEP = {"kind": "keep-drug-free", "unit": 18328, "year": 2026}
CITED = {"type": "Kế hoạch", "number": "12/KH-UBND", "date": "2026-01-20",
         "issuer": "UBND tỉnh Hà Tĩnh", "subject": "về phòng, chống ma túy năm 2026"}


@pytest.mark.parametrize(("date", "doc", "field", "words"), [
    ({"day": 5, "month": 2}, {"date": "2027-05-01"}, "legal_bases.0.date",
     "ngày ban hành 01/5/2027 sau ngày của kế hoạch (05/2/2026)"),
    ({"month": 2}, {"date": "2026-03-01"}, "legal_bases.0.date",
     "sau ngày của kế hoạch (28/2/2026)"),
    (None, {"date": "2027-01-01"}, "legal_bases.0.date", "(31/12/2026)"),
])
def test_a_cited_document_dated_after_the_plan_is_refused(
        date: dict[str, int] | None, doc: dict[str, Any], field: str, words: str) -> None:
    request = {**KEEP, "legal_bases": [{**CITED, **doc}]}
    if date:
        request["date"] = date
    with pytest.raises(InvalidRequest) as e:
        parse_request(request)
    assert [(err["field"], words in err["message"]) for err in e.value.errors] == [(field, True)]


@pytest.mark.parametrize(("doc", "gaps"), [
    ({"date": None}, [("legal_bases.0.date", "Văn bản được viện dẫn chưa có ngày ban hành.")]),
    ({"issuer": "", "subject": ""}, [
        ("legal_bases.0.issuer", "Văn bản được viện dẫn chưa có cơ quan ban hành."),
        ("legal_bases.0.subject", "Văn bản được viện dẫn chưa có trích yếu.")]),
    ({}, []),
    ({"date": None, "text": "Quyết định số 94/QĐ-UBND …"}, []),  # a verbatim citation
])
def test_the_parts_a_cited_document_lacks_are_told_by_field(doc: dict[str, Any],
                                                             gaps: list[tuple[str, str]]) -> None:
    """Not a refusal: source 000 cites “Quyết định 94/QĐ-UBND” with neither date nor issuer."""
    assert parse_request({**KEEP, "legal_bases": [{**CITED, **doc}]}).citation_gaps() == gaps


@pytest.mark.parametrize("request_", [
    {**KEEP, "legal_bases": [CITED]},
    {**KEEP, "date": {"day": 20, "month": 1}, "legal_bases": [CITED]},  # the same day: fine
    {**KEEP, "legal_bases": [{"type": "Công văn", "text": "Công văn số …/CV-ĐU ngày …"}]},
])
def test_a_complete_cited_document_of_the_plan_s_time_is_accepted(
        deps: Deps, request_: dict[str, Any]) -> None:
    assert "12/KH-UBND" in plan_text(deps, **request_) or "…/CV-ĐU" in plan_text(deps, **request_)


@pytest.mark.parametrize(("targets", "field", "words"), [
    ({"max_new_addicts": 1.5, "max_new_users": 2}, "targets.max_new_addicts", "số nguyên"),
    ({"max_new_addicts": 0, "max_new_users": 2}, "targets.max_new_addicts", "từ 1 trở lên"),
    ({"max_months_selling_point": 0}, "targets.max_months_selling_point", "từ 1 trở lên"),
    ({"max_days_selling_point": 2.5}, "targets.max_days_selling_point", "số nguyên"),
    ({"horizon_share": 120}, "targets.horizon_share", "từ 100 trở xuống"),
])
def test_targets_are_whole_counts_with_a_sensible_minimum(deps: Deps, targets: dict[str, float],
                                                          field: str, words: str) -> None:
    with pytest.raises(InvalidRequest) as e:
        compose_plan(parse_request({**KEEP, "targets": targets}), deps)
    assert [(err["field"], words in err["message"]) for err in e.value.errors] == [(field, True)]


def test_whole_targets_and_shares_print_as_typed(deps: Deps) -> None:
    text = plan_text(deps, **KEEP, targets={"max_new_addicts": 3, "max_new_users": 4})
    assert "quá 03 người nghiện" in text
    assert "quá 04 người" in text
