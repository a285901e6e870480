"""Every field the form offers reaches the plan: for each kind, each field its form asks (the
fixed ones, the facts the kind uses, the traits its texts depend on, its targets, parameters and
documents, the cited documents) is filled with a distinctive value, the .docx is rendered and
opened with python-docx, and the value (or its effect) is found in it.  A field whose value
changes nothing must not be asked (`service/web/form.py`)."""

from __future__ import annotations

import copy
import io
from collections.abc import Iterator
from typing import Any

import pytest
from docx import Document

from service.deps import Deps
from service.pipeline import build_plan, compose_plan
from service.spec.request import PlanRequest
from service.web.form import FormCatalog, KindForm

UNITS = {  # a unit of each kind's source plan or sample
    "keep-drug-free": ("Thượng Đức, Hà Tĩnh", 2026),
    "build-drug-free": ("Quỳ Châu, Nghệ An", 2026),
    "transform-area": ("Hoài Nhơn Đông, Gia Lai", 2026),
    "whole-people-model": ("Tân An, Hải Phòng", 2026),
    "action-month": ("Vị Khê, Ninh Bình", 2026),
    "province-drug-free": ("Đắk Lắk", 2026),
    "district-drug-free": ("Tam Đường, Lai Châu", 2024),
}

OTHER_UNITS = {  # a unit of another place (rural / urban, inland / by the sea) for each kind
    "keep-drug-free": ("Hoài Nhơn Đông, Gia Lai", 2026),
    "build-drug-free": ("Vị Khê, Ninh Bình", 2026),
    "transform-area": ("Thượng Đức, Hà Tĩnh", 2026),
    "whole-people-model": ("Vị Khê, Ninh Bình", 2026),
    "action-month": ("Thượng Đức, Hà Tĩnh", 2026),
    "province-drug-free": ("Khánh Hòa", 2026),
    "district-drug-free": ("Hoằng Hóa, Thanh Hóa", 2024),
}
FACTS: dict[str, tuple[Any, list[str]]] = {  # value, what the plan then says
    "neighbours": (["Mẫu Sơn, Lạng Sơn"], ["xã Mẫu Sơn"]),
    "villages": ([{"name": "Khe Gỗ", "status": "build"}, {"name": "Bến Đá", "status": "hotspot"}],
                 ["Khe Gỗ"]),
    "village_count": (16, ["(6,25%)"]),  # 1 village to build of 16 (with the villages above)
    "village_word": ("xóm", ["xóm"]),
    "theme": ("Chủ đề Mẫu Thử Nghiệm", ["Chủ đề Mẫu Thử Nghiệm"]),
    "campaign_start": ("2026-06-03", ["03/6/2026"]),
    "campaign_end": ("2026-07-09", ["09/7/2026"]),
}
TOGETHER = [  # fields one sentence states together: the form asks them side by side
    ("targets.max_new_addicts", "targets.max_new_users"),
    ("targets.downgrade_type2", "targets.downgrade_type3"),
    ("facts.params.report_half", "facts.params.report_year"),
]
NEEDS = {  # a field whose sentence also needs another: the other is set too
    "targets.last_year_share": ("facts.params.keep_communes", ["xã Ea Tul", "xã Ea Kiết"]),
}
DOC = {"type": "Kế hoạch", "number": "919/KH-MAU", "date": "2023-01-05",
       "issuer": "UBND tỉnh Mẫu", "subject": "về việc thử nghiệm"}


@pytest.fixture(scope="module")
def catalog() -> FormCatalog:
    return FormCatalog.load()


def docx_text(request: dict[str, Any], deps: Deps) -> str:
    """The words of the .docx the request makes: every paragraph, of the body and its tables."""
    data = build_plan(PlanRequest.model_validate(request), deps).docx
    document = Document(io.BytesIO(data))
    cells = (p.text for t in document.tables for row in t.rows for c in row.cells
             for p in c.paragraphs)
    return "\n".join([*(p.text for p in document.paragraphs), *cells])


def base(kind_id: str) -> dict[str, Any]:
    unit, year = UNITS[kind_id]
    return {"kind": kind_id, "unit": unit, "year": year}


def with_path(request: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    out = copy.deepcopy(request)
    *heads, last = path.split(".")
    node = out
    for head in heads:
        node = node.setdefault(head, {})
    node[last] = value
    return out


def cases(deps: Deps, catalog: FormCatalog) -> Iterator[tuple[str, str, dict[str, Any],
                                                               list[str]]]:
    """(kind, field, request, words the plan must then contain; [] = only a change)."""
    for kind_id in UNITS:
        form = catalog.kind_form(deps.library, deps.library.kinds[kind_id])
        start = base(kind_id)
        yield from fixed_fields(kind_id, form, start)
        for fact in form.facts_used:
            value, words = FACTS[fact]
            if fact == "villages" and kind_id == "transform-area":
                words = ["Bến Đá"]  # the villages to transform: those of a complex spot
            request = with_path(start, f"facts.{fact}", value)
            if fact == "village_count":
                request = with_path(request, "facts.villages", FACTS["villages"][0])
            yield kind_id, f"facts.{fact}", request, words
        yield from settings(kind_id, form, start)
        yield kind_id, "legal_bases", with_path(start, "legal_bases", [DOC]), ["919/KH-MAU"]


def fixed_fields(kind_id: str, form: KindForm, start: dict[str, Any]) -> Iterator[
        tuple[str, str, dict[str, Any], list[str]]]:
    year = start["year"]
    yield kind_id, "number", with_path(start, "number", "47"), ["Số: 47/"]
    yield kind_id, "symbol", with_path(start, "symbol", "KH-BCĐ"), ["/KH-BCĐ"]
    yield kind_id, "date", with_path(start, "date", {"day": 17, "month": 9}), [
        f"ngày 17 tháng 9 năm {year}"]
    yield kind_id, "signer", with_path(start, "signer", {
        "mode": "KT", "title": "PHÓ CHỦ TỊCH", "name": "Trần Thị Mẫu"}), [
        "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Thị Mẫu"]
    yield kind_id, "tone", with_path(start, "tone", "modern"), ["tuý"]
    if form.period == "range":
        yield kind_id, "end_year", with_path(start, "end_year", year + 7), [str(year + 7)]


def settings(kind_id: str, form: KindForm, start: dict[str, Any]) -> Iterator[
        tuple[str, str, dict[str, Any], list[str]]]:
    for target in form.targets:
        value = target_value(target.key, start["year"])
        yield kind_id, target.key, together(start, target.key, value), []
    for param in form.params:
        value: Any = ("17/11" if "deadline" in param.key or "report" in param.key
                      else ["xã Mẫu Thử"] if param.type == "list" else "Mẫu Thử Riêng")
        words = ["17/11"] if value == "17/11" else ["Mẫu Thử"]
        yield kind_id, param.key, together(start, param.key, value), words
    for doc in form.docs:
        yield kind_id, doc.key, with_path(start, doc.key, DOC), ["919/KH-MAU"]


def together(start: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """The request with `path` set, and the fields its sentence states with it."""
    request = with_path(start, path, value)
    for pair in TOGETHER:
        if path in pair:
            for other in pair:
                request = with_path(request, other, value)
    if path in NEEDS:
        request = with_path(request, *NEEDS[path])
    return request


def target_value(path: str, year: int) -> int:
    key = path.removeprefix("targets.")
    if key.endswith("_year"):
        return year + 3
    return {"start_month": 7, "phase1_years": 3, "last_year_share": 1}.get(key, 37)


def test_every_field_of_every_form_reaches_the_plan(deps: Deps, catalog: FormCatalog) -> None:
    plain = {k: docx_text(base(k), deps) for k in UNITS}
    missing = []
    for kind_id, field, request, words in cases(deps, catalog):
        text = docx_text(request, deps)
        if text == plain[kind_id] or any(w not in text for w in words):
            missing.append(f"{kind_id}: {field} {words}")
    assert missing == []


def trait_changes(start: dict[str, Any], trait: str, deps: Deps) -> bool:
    """Does taking the trait away (the place has it: `not_traits`) or adding it (`traits`)
    change the plan?"""
    plan = compose_plan(PlanRequest.model_validate(start), deps)
    assert plan.facts is not None
    path = "facts.not_traits" if trait in plan.facts.traits else "facts.traits"
    return docx_text(with_path(start, path, [trait]), deps) != docx_text(start, deps)


@pytest.mark.parametrize("kind_id", list(UNITS))
def test_every_trait_the_form_offers_changes_the_plan(deps: Deps, catalog: FormCatalog,
                                                      kind_id: str) -> None:
    """Each trait changes the plan of one of two places of the kind (a trait may not apply to a
    place: drug plants are never a ward's)."""
    form = catalog.kind_form(deps.library, deps.library.kinds[kind_id])
    unit, year = OTHER_UNITS[kind_id]
    starts = [base(kind_id), {"kind": kind_id, "unit": unit, "year": year}]
    unchanged = [t.value for t in form.traits
                 if not any(trait_changes(start, t.value, deps) for start in starts)]
    assert unchanged == []


@pytest.mark.parametrize("kind_id", list(UNITS))
def test_every_field_has_a_vietnamese_label_and_no_raw_key(catalog: FormCatalog, deps: Deps,
                                                           kind_id: str) -> None:
    form = catalog.kind_form(deps.library, deps.library.kinds[kind_id])
    for setting in [*form.targets, *form.params, *form.docs]:
        assert setting.key in catalog.fields, setting.key
        assert not setting.label.isascii()
    assert "facts.params.goal" not in {p.key for p in form.params}


@pytest.mark.parametrize("kind_id", list(UNITS))
def test_labels_name_the_communes_of_the_kinds_era(catalog: FormCatalog, deps: Deps,
                                                   kind_id: str) -> None:
    """No “thị trấn” in a form for after 01/7/2025, no “đặc khu” in one for before."""
    kind = deps.library.kinds[kind_id]
    form = catalog.kind_form(deps.library, kind)
    absent = {"current": "thị trấn", "legacy": "đặc khu"}
    words = " ".join(f"{s.label} {s.help}" for s in [*form.targets, *form.params, *form.docs])
    assert "{communes}" not in words
    for era, word in absent.items():
        if kind.eras == (era,):
            assert word not in words


def test_the_province_forms_name_its_communes_as_they_are_from_2025(
        catalog: FormCatalog, deps: Deps) -> None:
    form = catalog.kind_form(deps.library, deps.library.kinds["province-drug-free"])
    labels = {s.key: s.label for s in form.targets}
    assert labels["targets.this_year_share"] == (
        "Tỷ lệ xã, phường, đặc khu không ma túy trong năm (%)")
    form = catalog.kind_form(deps.library, deps.library.kinds["district-drug-free"])
    labels = {s.key: s.label for s in form.targets}
    assert labels["targets.phase1_share"] == (
        "Tỷ lệ xã, phường, thị trấn không ma túy hết giai đoạn 1 (%)")
