"""The province cascade of source 001: categories -> one commune request each, citing the plan."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from service.batch.cascade import cascade, issues_csv, parse_categories
from service.deps import Deps
from service.errors import RequestError
from service.pipeline import compose_plan
from service.spec import load_request, parse_request
from service.spec.request import PlanRequest
from service.text.plain import to_plain

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "001-dak-lak-province-drug-free.yaml"
KINDS = {"keep": "keep-drug-free", "build": "build-drug-free",
         "next_year": "transform-area", "roadmap": "whole-people-model"}
CITE = "Kế hoạch của Ủy ban nhân dân tỉnh Đắk Lắk về xây dựng xã, phường không ma túy năm 2026"


@pytest.fixture(scope="module")
def dak_lak() -> PlanRequest:
    return load_request(SAMPLE)


def test_dak_lak_cascade_has_every_commune_in_its_category(dak_lak: PlanRequest,
                                                           deps: Deps) -> None:
    plan = cascade(dak_lak, deps)
    assert plan.issues == ()
    assert plan.province_unit.code == 66
    assert len(plan.communes) == 102
    assert len({j.unit.code for j in plan.communes}) == 102
    assert Counter(j.category for j in plan.communes) == {
        "keep": 27, "build": 11, "next_year": 10, "roadmap": 54}
    for job in plan.communes:
        assert job.error == ""
        assert job.request is not None
        assert job.request.kind == KINDS[job.category]
        assert job.request.unit == job.unit.code
    by_name = {j.unit.full: j.category for j in plan.communes}
    assert by_name["xã Ia Rvê"] == "keep"
    assert by_name["xã Buôn Đôn"] == "build"
    assert by_name["phường Xuân Đài"] == "next_year"
    assert by_name["phường Buôn Ma Thuột"] == "roadmap"


@pytest.mark.parametrize("category", ["keep", "build", "next_year", "roadmap"])
def test_deadlines_follow_the_province(dak_lak: PlanRequest, deps: Deps, category: str) -> None:
    job = next(j for j in cascade(dak_lak, deps).communes if j.category == category)
    assert job.request is not None
    assert job.request.end_year is None          # no horizon in the request: the kind's own
    assert job.request.targets == {}
    assert job.request.facts.params["plan_deadline"] == "27/02"
    assert job.request.facts.params["report_year"] == "15/12"
    assert job.request.facts.params["review_deadline"] == "15/12"


@pytest.mark.parametrize(("horizon", "end_year"), [(2030, 2030), (2027, 2028)])
def test_roadmap_runs_to_the_province_horizon(dak_lak: PlanRequest, deps: Deps, horizon: int,
                                              end_year: int) -> None:
    request = dak_lak.model_copy(update={"targets": {**dak_lak.targets,
                                                     "horizon_year": horizon}})
    jobs = cascade(request, deps).communes
    roadmap = next(j for j in jobs if j.category == "roadmap")
    assert roadmap.request is not None
    assert roadmap.request.end_year == end_year   # at least three years (phase 1 is two)
    assert all(j.request is not None and j.request.end_year is None
               for j in jobs if j.category != "roadmap")


def test_every_commune_text_cites_the_province_plan(dak_lak: PlanRequest, deps: Deps) -> None:
    plan = cascade(dak_lak, deps)
    for job in plan.communes:
        assert job.request is not None
        text = " ".join(to_plain(compose_plan(job.request, deps).context).split())
        assert CITE in text, job.unit.full


def test_citation_carries_the_province_plan_number_and_date(dak_lak: PlanRequest,
                                                            deps: Deps) -> None:
    numbered = dak_lak.model_copy(update={
        "number": "12", "date": parse_request(
            {"kind": "x", "unit": 1, "year": 2026, "date": {"day": 5, "month": 2}}).date})
    job = cascade(numbered, deps).communes[0]
    assert job.request is not None
    text = " ".join(to_plain(compose_plan(job.request, deps).context).split())
    assert ("Kế hoạch số 12/KH-UBND ngày 05/02/2026 của Ủy ban nhân dân tỉnh Đắk Lắk về xây"
            " dựng xã, phường không ma túy năm 2026") in text


CSV = """unit,category,facts
xã Ia Rvê,keep
22015,build,"{""villages"": [{""name"": ""Khu phố 1"", ""status"": ""build""}]}"
xã Không Có Thật,keep
Ia Rvê,build
xã Buôn Đôn,sometimes
xã Ea Wer,next_year,{not json
"""


def test_csv_reports_unknown_duplicate_and_bad_rows(dak_lak: PlanRequest, deps: Deps) -> None:
    plan = cascade(dak_lak, deps, CSV)
    issues = {i.where: (i.unit, i.message) for i in plan.issues}
    assert set(issues) == {"dòng 4", "dòng 5", "dòng 6", "dòng 7"}
    assert issues["dòng 4"][0] == "xã Không Có Thật"
    assert "không tìm thấy" in issues["dòng 4"][1]
    assert "đã được phân loại ở dòng 2" in issues["dòng 5"][1]
    assert "sometimes" in issues["dòng 6"][1]
    assert "JSON" in issues["dòng 7"][1]
    categories = {j.unit.full: j.category for j in plan.communes}
    assert categories["xã Ia Rvê"] == "keep"  # the first row wins, the duplicate is not used
    assert categories["phường Tuy Hòa"] == "build"
    assert categories["xã Buôn Đôn"] == "roadmap"  # unusable rows are not guessed
    assert Counter(categories.values()) == {"keep": 1, "build": 1, "roadmap": 100}


def test_csv_replaces_the_province_lists_and_shares(dak_lak: PlanRequest, deps: Deps) -> None:
    plan = cascade(dak_lak, deps, "xã Ia Rvê,keep\n22015,build\nxã Ea Wer,next_year\n")
    params = plan.province.facts.params
    assert params["keep_communes"] == ["xã Ia Rvê"]
    assert params["build_communes"] == ["phường Tuy Hòa"]
    assert params["next_year_communes"] == ["xã Ea Wer"]
    text = " ".join(to_plain(compose_plan(plan.province, deps).context).split())
    assert "26,47%" not in text
    assert "0,98%" in text  # 1 of 102, computed by the engine from the list


def test_csv_facts_reach_the_commune_request(dak_lak: PlanRequest, deps: Deps) -> None:
    plan = cascade(dak_lak, deps, CSV)
    job = next(j for j in plan.communes if j.unit.code == 22015)
    assert job.request is not None
    assert [v.name for v in job.request.facts.villages] == ["Khu phố 1"]


def test_invalid_per_commune_facts_fail_that_commune_only(dak_lak: PlanRequest,
                                                          deps: Deps) -> None:
    plan = cascade(dak_lak, deps, 'xã Ia Rvê,keep,"{""village_count"": -3}"\n')
    failed = [j for j in plan.communes if j.error]
    assert [j.unit.full for j in failed] == ["xã Ia Rvê"]
    assert failed[0].request is None
    assert "village_count" in failed[0].error
    assert sum(1 for j in plan.communes if j.request is not None) == 101


def test_unknown_names_in_the_request_lists_are_reported(dak_lak: PlanRequest,
                                                          deps: Deps) -> None:
    params = {**dak_lak.facts.params, "build_communes": ["xã Buôn Đôn", "xã Đâu Đó", "Ia Rvê"]}
    request = dak_lak.model_copy(update={
        "facts": dak_lak.facts.model_copy(update={"params": params})})
    plan = cascade(request, deps)
    assert [(i.where, i.unit) for i in plan.issues] == [
        ("facts.params.build_communes.1", "xã Đâu Đó"),
        ("facts.params.build_communes.2", "Ia Rvê"),
    ]
    assert "facts.params.keep_communes.0" in plan.issues[1].message
    assert Counter(j.category for j in plan.communes)["build"] == 1


def test_issues_csv_lists_every_issue(dak_lak: PlanRequest, deps: Deps) -> None:
    rows = issues_csv(cascade(dak_lak, deps, CSV).issues).decode("utf-8-sig").splitlines()
    assert rows[0] == "where,unit,message"
    assert [r.split(",")[0] for r in rows[1:]] == ["dòng 4", "dòng 5", "dòng 6", "dòng 7"]


@pytest.mark.parametrize(("text", "count"), [
    ("", 0), ("unit,category\n", 0), ("\ufeffxã Ia Rvê,keep\n", 1), ("a,b\n\n,\nc,keep\n", 2),
])
def test_parse_categories_skips_header_and_blank_lines(text: str, count: int) -> None:
    assert len(parse_categories(text)) == count


def test_only_the_province_kind_cascades(deps: Deps) -> None:
    request = parse_request({"kind": "keep-drug-free", "unit": 18328, "year": 2026})
    with pytest.raises(RequestError, match="province-drug-free"):
        cascade(request, deps)
