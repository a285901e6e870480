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
