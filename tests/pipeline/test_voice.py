"""Issue 10, items 7–10, as rules over every unit of a class: each level's own voice, the
signature and the archive line, the source plans' defects not as defaults, the province plan's
content.  The expectations are tables of this module (phrases a reviewer marks, abbreviations by
level), not read from the library; then one test per example the issue quotes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from service.deps import Deps
from service.errors import PlanError
from service.pipeline import compose_plan
from service.spec import parse_request
from service.text.context import DocContext
from service.text.plain import to_plain
from service.units import Era, Tier, Unit

# --- what a province reviewer marks --------------------------------------------------------------

# A commune's People's Committee does not speak as the province to its communes, does not direct
# the Front, the Party cells or the Party committee, has no inspectorate, does not guide the press,
# has no import controls and its own council is not "the council of the same level".
COMMUNE_NEVER = (
    "chủ tịch ubnd cấp xã", "chỉ đạo các cấp, các ngành", "chi bộ", "thanh tra",
    "hướng dẫn các cơ quan báo chí", "nhập khẩu", "hội đồng nhân dân cùng cấp",
    "ban chỉ đạo 138", "cấp ủy đảng,",
)
# The sources' own words and local facts, in no plan made from a minimal request.
NEVER = (
    "người quản lý sau cai", "cán bộ chính sách", "tổ liên gia", "zalo kết nối bình yên",
    "mục iii kế hoạch", "loại iii thành địa bàn",
)
# 004's own days and counts (Tam Đường, 2024), in no district plan of a minimal request.
DISTRICT_NEVER = ("05/5/", "18/12/", "12/6", "12/12", "chuyển loại 01", "tháng 5/", "15%",
                  "100% xã")
# The drafting police's abbreviation on the archive line, by the issuer's level word.
POLICE_ABBR = {"xã": "CAX", "phường": "CAP", "đặc khu": "CAĐK", "thị trấn": "CATT",
               "huyện": "CAH", "quận": "CAQ", "thị xã": "CATX", "thành phố": "CATP", "tỉnh": "CAT"}
# Kinds whose archive names the drafting police; the others name the office (“VP”, “NC”).
POLICE_ARCHIVE = {"action-month", "whole-people-model", "district-drug-free"}
ARCHIVE = re.compile(r"^- Lưu: VT(?:, (?P<rest>.+))?\.$")
# A heading of the assignments (a numbered line of names, no sentence) naming a body that the
# People's Committee does not direct, without "Đề nghị".
ASKED_HEADING = re.compile(r"^\d+\. (?!Đề nghị )[^.;\n]{0,100}(Ủy ban Mặt trận Tổ quốc|Viện kiểm"
                           r" sát|Tòa án|Hội Liên hiệp Phụ nữ|Đoàn Thanh niên|Báo và Phát thanh|"
                           r"Hải quan)[^.;\n]{0,100}$", re.MULTILINE)
FUNDING = "ưu tiên hỗ trợ kinh phí, ngân sách"


def compose(deps: Deps, kind: str, unit: int | str, year: int,
            **extra: Any) -> tuple[str, DocContext]:
    plan = compose_plan(parse_request({"kind": kind, "unit": unit, "year": year, **extra}), deps)
    return to_plain(plan.context), plan.context


def section(text: str, start: str, ends: tuple[str, ...]) -> str:
    body = text.split(start, 1)[-1]
    for end in ends:
        body = body.split(end, 1)[0]
    return body


def closing_problems(unit: Unit, kind: str, ctx: DocContext) -> Iterator[str]:
    if not ctx.authority or not ctx.authority[0].startswith(("TM. ", "KT. ")):
        yield f"signature without TM./KT.: {ctx.authority}"
    m = ARCHIVE.match(ctx.recipients[-1])
    if m is None:
        yield f"archive line “{ctx.recipients[-1]}”"
        return
    parts = [p.strip() for p in (m["rest"] or "").split(",")]
    wrong = [p for p in parts if p in POLICE_ABBR.values() and p != POLICE_ABBR[unit.level]]
    if wrong:
        yield f"archive abbreviation of another level: {wrong}"
    if kind in POLICE_ARCHIVE and POLICE_ABBR[unit.level] not in parts:
        yield f"archive without the drafting police “{POLICE_ABBR[unit.level]}”"


def text_problems(unit: Unit, kind: str, text: str) -> Iterator[str]:
    low = text.lower()
    yield from (f"“{w}”" for w in NEVER if w in low)
    if unit.tier is Tier.COMMUNE:
        yield from (f"commune says “{w}”" for w in COMMUNE_NEVER if w in low)
        assignments = section(text, "PHÂN CÔNG NHIỆM VỤ", ("TỔ CHỨC THỰC HIỆN", "KINH PHÍ"))
        if assignments.count(FUNDING) > 1:
            yield "the same budget bullet under several agencies"
    if unit.level == "đặc khu" and re.search(r"Phòng Kinh tế(?!, Hạ tầng và Đô thị)", text):
        yield "a special zone's “Phòng Kinh tế”"
    if kind == "keep-drug-free":
        if "kéo giảm" in low:
            yield "a drug-free commune told to reduce its villages with drug crime"
        for para in text.splitlines():
            if "không để hình thành" in para.lower() and "không để tồn tại" in para.lower():
                yield f"contradictory target: {para[:80]}"
    if unit.tier is Tier.DISTRICT:
        yield from (f"Tam Đường's “{w}”" for w in DISTRICT_NEVER if w in low)
    for m in ASKED_HEADING.finditer(text):
        yield f"not asked: “{m.group(0)[:70]}”"


def sweep(deps: Deps, units: list[Unit], kinds: list[str], year: int) -> list[str]:
    problems: list[str] = []
    for unit in units:
        for kind in kinds:
            try:
                text, ctx = compose(deps, kind, unit.code, year)
            except PlanError as e:
                problems.append(f"{unit.label} / {kind}: {e}")
                continue
            found = [*closing_problems(unit, kind, ctx), *text_problems(unit, kind, text)]
            problems += [f"{unit.label} / {kind}: {p}" for p in found]
    return problems


def kinds_of(deps: Deps, tier: str, era: str) -> list[str]:
    return sorted(k.id for k in deps.library.kinds.values() if k.tier == tier and era in k.eras)


# --- every unit of each class --------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("part", range(4))
def test_every_current_commune_ward_and_special_zone(deps: Deps, part: int) -> None:
    units = sorted(deps.units.units(Tier.COMMUNE), key=lambda u: u.code)[part::4]
    problems = sweep(deps, units, kinds_of(deps, "commune", "current"), 2026)
    assert not problems, f"{len(problems)} problems, e.g.:\n" + "\n".join(problems[:30])


def test_every_special_zone(deps: Deps) -> None:
    zones = [u for u in deps.units.units(Tier.COMMUNE) if u.level == "đặc khu"]
    assert len(zones) == 13
    problems = sweep(deps, zones, kinds_of(deps, "commune", "current"), 2026)
    assert not problems, "\n".join(problems[:30])


@pytest.mark.slow
def test_every_legacy_district(deps: Deps) -> None:
    districts = list(deps.units.units(Tier.DISTRICT, Era.LEGACY))
    problems = sweep(deps, districts, ["district-drug-free"], 2024)
    assert not problems, f"{len(problems)} problems, e.g.:\n" + "\n".join(problems[:30])


@pytest.mark.slow
def test_legacy_communes_every_seventh(deps: Deps) -> None:
    communes = sorted(deps.units.units(Tier.COMMUNE, Era.LEGACY), key=lambda u: u.code)[::7]
    problems = sweep(deps, communes, kinds_of(deps, "commune", "legacy"), 2024)
    assert not problems, f"{len(problems)} problems, e.g.:\n" + "\n".join(problems[:30])


# A province plan's content (item 10): the words a 2026 provincial plan has, whatever the province.
PROVINCE_HAS = (
    "II. MỤC TIÊU", "1. Mục tiêu chung", "2. Mục tiêu cụ thể",
    "đơn vị hành chính cấp xã", "100% người nghiện ma túy", "100% điểm, tụ điểm",
    "quản lý nhà nước về cai nghiện ma túy và quản lý sau cai nghiện ma túy",
    "Tổ công tác liên ngành kiểm soát các hoạt động hợp pháp liên quan đến ma túy",
    "Sở Tư pháp", "Đề nghị Báo và Phát thanh, Truyền hình",
    "Đề nghị Chi cục Hải quan khu vực", "Đề nghị Viện kiểm sát nhân dân",
    "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam", "Đề nghị Đoàn Thanh niên Cộng sản Hồ Chí Minh",
    "(trước ngày 15/6)", "(trước ngày 15/12)", "người sau cai nghiện ma túy",
)


def province_problems(unit: Unit, text: str) -> Iterator[str]:
    yield from (f"missing “{w}”" for w in PROVINCE_HAS if w not in text)
    targets = section(text, "CHỈ TIÊU THỰC HIỆN ĐỐI VỚI CÁC ĐỊA BÀN CỤ THỂ", ("PHÂN CÔNG",))
    lines = [ln for ln in targets.splitlines() if ln.strip()]
    if not lines or "như sau:" not in lines[0] or not lines[1].startswith("1. "):
        yield "the targets are announced, not listed"
    if sum("gồm:" in ln for ln in lines) < 3:
        yield "the lists of communes (or their blanks) are missing"
    if f"Báo và Phát thanh, Truyền hình {unit.name}" not in text:
        yield "the province's own newspaper and broadcaster"


def test_every_province(deps: Deps) -> None:
    provinces = list(deps.units.units(Tier.PROVINCE))
    assert len(provinces) == 34
    problems: list[str] = []
    for unit in provinces:
        text, ctx = compose(deps, "province-drug-free", unit.code, 2026)
        found = [*closing_problems(unit, "province-drug-free", ctx), *text_problems(unit, "", text),
                 *province_problems(unit, text)]
        problems += [f"{unit.label}: {p}" for p in found]
    assert not problems, "\n".join(problems[:30])


# --- the examples of the issue, one test each ----------------------------------------------------

SIN_THAU = "Sín Thầu, Điện Biên"


@pytest.mark.parametrize("kind", ["build-drug-free", "transform-area"])
def test_item7_a_commune_holds_its_own_offices_answerable(deps: Deps, kind: str) -> None:
    text, _ = compose(deps, kind, SIN_THAU, 2026)
    assert "Chủ tịch UBND cấp xã chịu trách nhiệm" not in text
    assert "chịu trách nhiệm trước Chủ tịch UBND xã" in text


@pytest.mark.parametrize("kind", ["build-drug-free", "transform-area"])
def test_item7_a_commune_asks_the_front_it_does_not_direct_it(deps: Deps, kind: str) -> None:
    text, _ = compose(deps, kind, SIN_THAU, 2026)
    assert "Chỉ đạo các cấp, các ngành, Mặt trận Tổ quốc" not in text
    assert "chi bộ" not in text
    assert "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam xã và các tổ chức chính trị - xã hội xã vận" \
        " động đoàn viên" in text


def test_item7_the_province_still_instructs_its_communes(deps: Deps) -> None:
    text, _ = compose(deps, "province-drug-free", "Hưng Yên", 2026)
    assert "Chủ tịch UBND cấp xã chịu trách nhiệm" in text


@pytest.mark.parametrize("kind", ["build-drug-free", "transform-area", "action-month"])
def test_item7_no_inspectorate_below_the_province(deps: Deps, kind: str) -> None:
    text, _ = compose(deps, kind, "Giao Thủy, Ninh Bình", 2026)
    assert "thanh tra" not in text.lower()
    assert "kiểm tra" in text


def test_item7_a_ward_does_not_guide_the_city_press(deps: Deps) -> None:
    text, _ = compose(deps, "action-month", "Bến Thành, Hồ Chí Minh", 2026)
    assert "hướng dẫn các cơ quan báo chí" not in text
    assert "cung cấp thông tin cho các cơ quan báo chí" in text


@pytest.mark.parametrize(("traits", "veterinary"), [(["urban", "inner_city"], False),
                                                    (["urban"], True)])
def test_item7_no_import_or_veterinary_controls_in_a_city_centre_ward(
        deps: Deps, traits: list[str], veterinary: bool) -> None:
    text, _ = compose(deps, "action-month", "Bến Thành, Hồ Chí Minh", 2026,
                      facts={"traits": traits})
    assert "nhập khẩu" not in text
    assert ("thuốc thú y" in text) is veterinary


@pytest.mark.parametrize(("kind", "unit", "year", "authority"), [
    ("whole-people-model", SIN_THAU, 2026, ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")),
    ("action-month", "Bến Thành, Hồ Chí Minh", 2026, ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")),
    ("district-drug-free", "quận Hoàn Kiếm, Hà Nội", 2024, ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")),
    ("province-drug-free", "Hưng Yên", 2026, ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
])
def test_item8_a_peoples_committee_signs_tm_or_kt(deps: Deps, kind: str, unit: str, year: int,
                                                  authority: tuple[str, ...]) -> None:
    assert compose(deps, kind, unit, year)[1].authority == authority


@pytest.mark.parametrize(("kind", "unit", "year", "archive"), [
    ("whole-people-model", "phường Hoàn Kiếm, Hà Nội", 2026, "- Lưu: VT, CAP."),
    ("whole-people-model", SIN_THAU, 2026, "- Lưu: VT, CAX."),
    ("whole-people-model", "Phú Quốc, An Giang", 2026, "- Lưu: VT, CAĐK."),
    ("action-month", "Bản Bo, Lai Châu", 2024, "- Lưu: VT, CAX."),
    ("district-drug-free", "quận Hoàn Kiếm, Hà Nội", 2024, "- Lưu: VT, CAQ."),
    ("keep-drug-free", "Mỹ Tú, Cần Thơ", 2026, "- Lưu: VT, VP."),
    ("province-drug-free", "Hưng Yên", 2026, "- Lưu: VT, NC."),
])
def test_item8_the_archive_line_fits_the_level(deps: Deps, kind: str, unit: str, year: int,
                                               archive: str) -> None:
    assert compose(deps, kind, unit, year)[1].recipients[-1] == archive


def test_item8_the_request_archive_is_printed_as_typed(deps: Deps) -> None:
    ctx = compose(deps, "action-month", "Bến Thành, Hồ Chí Minh", 2026,
                  archive="VT, {{ abbr.police }}")[1]
    assert ctx.recipients[-1] == "- Lưu: VT, {{ abbr.police }}."


def test_item9_a_drug_free_commune_has_no_contradictory_target(deps: Deps) -> None:
    text, _ = compose(deps, "keep-drug-free", "Mỹ Tú, Cần Thơ", 2026)
    assert "kéo giảm ít nhất 01 đơn vị" not in text
    assert "không để tồn tại trên 02 tháng" not in text
    # Mỹ Tú's hamlets and quarters (ấp, khóm: tables/residential-groups.yaml, issue 10 item 4)
    assert "Giữ vững 100% ấp, khóm trên địa bàn không có tội phạm, tệ nạn ma túy" in text
    assert "điểm phát sinh (nếu có) phải được phát hiện, triệt xóa ngay" in text


def test_item9_a_time_limit_given_eradicates_existing_points(deps: Deps) -> None:
    text, _ = compose(deps, "keep-drug-free", "Mỹ Tú, Cần Thơ", 2026,
                      targets={"max_months_selling_point": 2})
    target = next(ln for ln in text.splitlines() if "không để tồn tại quá 02 tháng" in ln)
    assert "Không để hình thành" not in target


def test_item9_the_budget_bullets_go_to_one_office(deps: Deps) -> None:
    text, _ = compose(deps, "keep-drug-free", "phường Hoàn Kiếm, Hà Nội", 2026)
    assignments = section(text, "PHÂN CÔNG NHIỆM VỤ", ("TỔ CHỨC THỰC HIỆN",))
    assert assignments.count(FUNDING) == 1
    assert assignments.count("thu hút, tranh thủ các nguồn lực hợp pháp") == 1
    assert "bố trí ngân sách hỗ trợ cho bộ phận có liên quan" not in assignments
    office = section(assignments, "Văn phòng HĐND và UBND phường", ("Các trường học",))
    assert FUNDING not in office


def test_item9_people_after_rehabilitation(deps: Deps) -> None:
    text, _ = compose(deps, "province-drug-free", "Hưng Yên", 2026)
    assert "người quản lý sau cai" not in text
    assert "việc làm cho người sau cai nghiện ma túy tái hòa nhập cộng đồng" in text


def test_item9_the_roadmap_is_not_fifty_then_fifty(deps: Deps) -> None:
    text, _ = compose(deps, "whole-people-model", "Phú Quốc, An Giang", 2026)
    roadmap = section(text, "3. Lộ trình thực hiện", ("III. ",))
    assert "50%" not in roadmap
    assert "gồm: ……" in roadmap
    assert "có ít nhất ……% số" in roadmap
    given, _ = compose(deps, "whole-people-model", "Phú Quốc, An Giang", 2026,
                       targets={"first_phase_share": 60})
    assert "có ít nhất 60% số" in given


def test_item9_a_source_plans_days_and_counts_are_not_defaults(deps: Deps) -> None:
    text, _ = compose(deps, "district-drug-free", "quận Hoàn Kiếm, Hà Nội", 2024)
    for own in ("trước ngày 05/5/2024", "18/12/2025", "chuyển loại 01 xã trọng điểm loại II"):
        assert own not in text
    assert "trước ngày ……/……/2024" in text


def test_item9_a_post_is_not_an_office(deps: Deps) -> None:
    text, _ = compose(deps, "keep-drug-free", "Mỹ Tú, Cần Thơ", 2026)
    assert "cán bộ chính sách" not in text.lower()
    culture = section(text, "Phòng Văn hóa - Xã hội", ("Phòng Kinh tế", "Đề nghị"))
    assert "lồng ghép các hoạt động cai nghiện, quản lý sau cai nghiện vào các chương trình" \
        in culture


def test_item9_a_special_zones_economic_office(deps: Deps) -> None:
    text, _ = compose(deps, "keep-drug-free", "Phú Quốc, An Giang", 2026)
    assert "Phòng Kinh tế, Hạ tầng và Đô thị" in text
    assert not re.search(r"Phòng Kinh tế(?!, Hạ tầng và Đô thị)", text)


def test_item10_the_province_plan_states_its_targets(deps: Deps) -> None:
    text, _ = compose(deps, "province-drug-free", "Hưng Yên", 2026)
    assert "Năm 2026, có ít nhất ……% đơn vị hành chính cấp xã trên địa bàn tỉnh" in text
    assert "Đến hết năm 2030, có ít nhất 50% đơn vị hành chính cấp xã" in text
    lists = section(text, "như sau:", ("PHÂN CÔNG",))
    assert "gồm: ……" in lists
    assert "giao chỉ tiêu …… xã, phường" in lists


def test_item10_the_share_from_the_request_with_its_count(deps: Deps) -> None:
    unit = deps.units.find("Hưng Yên", Tier.PROVINCE)
    communes = len(deps.units.children(unit))
    text, _ = compose(deps, "province-drug-free", "Hưng Yên", 2026,
                      targets={"this_year_share": 30})
    least = -(-30 * communes // 100)
    assert f"Năm 2026, có ít nhất 30% đơn vị hành chính cấp xã trên địa bàn tỉnh (ít nhất" \
           f" {least}/{communes} xã, phường)" in text


def test_item10_the_province_plan_assigns_what_a_2026_plan_assigns(deps: Deps) -> None:
    text, _ = compose(deps, "province-drug-free", "Hưng Yên", 2026)
    for heading in ("Sở Tư pháp", "Đề nghị Báo và Phát thanh, Truyền hình Hưng Yên",
                    "Đề nghị Chi cục Hải quan khu vực phụ trách địa bàn tỉnh",
                    "Đề nghị Viện kiểm sát nhân dân tỉnh, Tòa án nhân dân tỉnh",
                    "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
                    "Đề nghị Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh, Hội Liên hiệp Phụ nữ tỉnh"):
        assert re.search(rf"^\d+\. {re.escape(heading)}$", text, re.MULTILINE), heading
    police = section(text, "1. Công an tỉnh", ("2. Sở Y tế",))
    assert "quản lý nhà nước về cai nghiện ma túy và quản lý sau cai nghiện ma túy" in police
    assert "Tổ công tác liên ngành" in police
    assert "(trước ngày 15/6), 01 năm (trước ngày 15/12)" in text


def test_item10_the_province_kind_uses_the_librarys_level_words(deps: Deps) -> None:
    text, _ = compose(deps, "province-drug-free", "Hà Nội", 2026)
    objectives = section(text, "II. MỤC TIÊU", ("III. ",))
    assert "tỉnh" not in objectives
