"""Content rules of the place (issue 10): a clean plan of each kind of place, then one planted
defect each → exactly that finding.  LEVEL_WORD_OTHER, CITY_WORDING, CITY_NAME_BARE,
VILLAGE_WORD_OTHER, DEADLINE_PAST, and LEGAL_NOT_IN_FORCE judged at the kind's usual signing date
when the day and month are blank."""

from __future__ import annotations

from dataclasses import replace

import pytest
from nd30_docx import PlanText, build_plan, to_bytes

from service.deps import Deps
from service.pipeline import build_plan as build_request
from service.review import check_docx
from service.review.catalogue import CONTENT_PATH, Catalogue
from service.review.findings import Finding
from service.spec.request import PlanRequest

CONTENT = frozenset(Catalogue.load(CONTENT_PATH).rules)


def content_findings(plan: PlanText, deps: Deps) -> list[Finding]:
    return [f for f in check_docx(to_bytes(build_plan(plan)), deps) if f.rule in CONTENT]


def moved(plan: PlanText, level: str, name: str, province: str) -> PlanText:
    """The baseline (xã Tân An) as the plan of another unit, its bodies named for its level and
    its reports going to its province (`province`: "tỉnh", "thành phố")."""
    def fix(text: str) -> str:
        for old, new in (("xã Tân An", f"{level} {name}"), ("Công an xã", f"Công an {level}"),
                         ("nhân dân xã", f"nhân dân {level}"), ("địa bàn xã", f"địa bàn {level}")):
            text = text.replace(old, new)
        return text

    return replace(plan, agency=("ỦY BAN NHÂN DÂN", f"{level} {name}".upper()),
                   date=plan.date.replace("Tân An", name),
                   trich_yeu=tuple(fix(t) for t in plan.trich_yeu),
                   body=tuple((k, fix(t)) for k, t in plan.body),
                   recipients=(f"- UBND {province} (để báo cáo);", f"- Công an {province};",
                               f"- Đảng ủy {level};", "- Lưu: VT, VP."))


def planted(plan: PlanText, text: str, at: int = 8) -> PlanText:
    body = list(plan.body)
    body[at] = ("plain", text)
    return replace(plan, body=tuple(body))


BASE = PlanText()
WARD_HCM = moved(BASE, "phường", "Bến Thành", "thành phố")          # unique: Hồ Chí Minh
COMMUNE_SOUTH = moved(BASE, "xã", "Cù Lao Dung", "thành phố")       # unique: Cần Thơ
COMMUNE_NORTH = moved(BASE, "xã", "Sín Thầu", "tỉnh")               # unique: Điện Biên

BLANK_ACTION = replace(
    moved(BASE, "phường", "Bến Thành", "thành phố"),
    so="Số:        /KH-UBND", date="Bến Thành, ngày      tháng      năm 2026",
    trich_yeu=("Tổ chức các hoạt động hưởng ứng Tháng hành động phòng, chống ma túy năm 2026",))


@pytest.mark.parametrize("plan", [BASE, WARD_HCM, COMMUNE_SOUTH, COMMUNE_NORTH, BLANK_ACTION],
                         ids=["baseline", "ward of a city", "southern commune",
                              "northern commune", "action month, day and month blank"])
def test_clean_plans_of_each_place_have_no_content_finding(plan: PlanText, deps: Deps) -> None:
    assert [(f.rule, f.message) for f in content_findings(plan, deps)
            if f.severity != "info"] == []


CASES = [  # (id, plan, rule, severity, words of the message)
    ("ward says xã", planted(WARD_HCM, "Công an xã phối hợp rà soát người nghiện trên địa bàn."),
     "LEVEL_WORD_OTHER", "error", "“Công an xã”: kế hoạch là của phường"),
    ("commune says phường", planted(BASE, "Giao Trạm y tế phường theo dõi người điều trị."),
     "LEVEL_WORD_OTHER", "error", "“Trạm y tế phường”"),
    ("city as a province", planted(WARD_HCM, "Thực hiện các chỉ đạo của Trung ương, của tỉnh về "
                                             "xây dựng phường không ma túy."),
     "CITY_WORDING", "error", "“của tỉnh”: đơn vị thuộc Thành phố Hồ Chí Minh"),
    ("city's police as a province's", planted(WARD_HCM, "Định kỳ báo cáo Công an tỉnh kết quả."),
     "CITY_WORDING", "error", "“Công an tỉnh”"),
    ("city without its level word", planted(WARD_HCM, "Quản lý người dân trong và ngoài Hồ Chí "
                                                      "Minh đến sinh sống, làm việc."),
     "CITY_NAME_BARE", "warning", "“Hồ Chí Minh”: tên thành phố trực thuộc trung ương"),
    ("thôn in a ward", planted(WARD_HCM, "100% thôn, khu phố có hòm thư tố giác tội phạm."),
     "VILLAGE_WORD_OTHER", "warning", "phường, quận không có thôn, ấp, bản"),
    ("thôn in the South", planted(COMMUNE_SOUTH, "100% thôn có hòm thư tố giác tội phạm."),
     "VILLAGE_WORD_OTHER", "warning", "ở Nam Bộ xã chia thành ấp"),
    ("ấp in the North", planted(COMMUNE_NORTH, "Tổ chức cho các ấp ký cam kết không ma túy."),
     "VILLAGE_WORD_OTHER", "warning", "ấp, khóm là cách gọi của Nam Bộ"),
    ("deadline already past", planted(BASE, "Các ngành gửi kế hoạch trước ngày 27/01/2026."),
     "DEADLINE_PAST", "warning", "Thời hạn 27/01/2026 trước ngày của kế hoạch (05/02/2026)"),
    ("deadline past the usual day", planted(BLANK_ACTION, "Các ngành gửi kế hoạch trước ngày "
                                                          "15/5/2026."),
     "DEADLINE_PAST", "warning", "28/5/2026, ngày ký thường lệ"),
    ("law in force only later", planted(BLANK_ACTION, "Thực hiện Luật Phòng, chống ma túy năm "
                                                      "2025."),
     "LEGAL_NOT_IN_FORCE", "warning", "có hiệu lực từ ngày 01/7/2026, sau ngày của kế hoạch "
                                      "(28/5/2026, ngày ký thường lệ"),
]


@pytest.mark.parametrize(("plan", "rule", "severity", "words"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_one_defect_one_finding(plan: PlanText, rule: str, severity: str, words: str,
                                deps: Deps) -> None:
    findings = [f for f in content_findings(plan, deps) if f.severity != "info"]
    assert [(f.rule, f.severity) for f in findings] == [(rule, severity)]
    assert words in findings[0].message
    assert findings[0].source


@pytest.mark.parametrize("text", [
    "Phối hợp với Công an xã Tân Tiến, xã giáp ranh, trong tuần tra.",   # another unit, named
    "Ủy ban nhân dân các xã, phường trên địa bàn thành phố thực hiện.",   # plural, any level
    "Các đoàn viên thanh niên tích cực tham gia bảo vệ an ninh, trật tự.",
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh phường tuyên truyền.",          # not the city
    "Thực hiện các văn bản hướng dẫn, các bản cam kết của hộ gia đình.",  # “bản”: a document
    "Báo cáo Ủy ban nhân dân Thành phố Hồ Chí Minh kết quả thực hiện.",
])
def test_legitimate_place_words_give_no_finding(text: str, deps: Deps) -> None:
    assert [f.rule for f in content_findings(planted(WARD_HCM, text), deps)
            if f.severity != "info"] == []


def test_an_ambiguous_issuer_is_not_judged_on_its_region(deps: Deps) -> None:
    """xã Tân An exists in the North and the South: “thôn” is not judged."""
    assert content_findings(planted(BASE, "100% thôn có hòm thư tố giác tội phạm."), deps) == []


@pytest.mark.parametrize(("kind", "unit"), [
    ("keep-drug-free", "Cù Lao Dung, Cần Thơ"), ("action-month", "Hoàn Kiếm, Hà Nội"),
    ("keep-drug-free", "Phú Quốc, An Giang"), ("build-drug-free", "Sín Thầu, Điện Biên"),
    ("province-drug-free", "Hưng Yên"), ("whole-people-model", "Bến Thành, Hồ Chí Minh"),
])
def test_generated_plans_pass_the_place_rules(kind: str, unit: str, deps: Deps) -> None:
    request = PlanRequest.model_validate({"kind": kind, "unit": unit, "year": 2026})
    findings = check_docx(build_request(request, deps).docx, deps)
    assert [f.message for f in findings if f.rule in {
        "LEVEL_WORD_OTHER", "CITY_WORDING", "CITY_NAME_BARE", "VILLAGE_WORD_OTHER", "DEADLINE_PAST",
        "LEGAL_NOT_IN_FORCE", "LEGAL_EXPIRED"}] == []
