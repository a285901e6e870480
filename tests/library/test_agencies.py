"""Agency names per tier, level and era (clauses/agencies/*.yaml, service.text.agencies)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import yaml
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from service.deps import Deps
from service.errors import RenderError
from service.library.loader import DEFAULT_ROOT
from service.library.model import Agency
from service.pipeline import compose_plan
from service.spec.request import PlanRequest
from service.text.agencies import AgencyNames
from service.units import Era, Tier, Unit, UnitDirectory

# The role ids fixed in the shared identifiers: every one must be defined.
FIXED_ROLES = str.split(
    "police police_drugs military border_guard coast_guard customs health office culture_society "
    "culture economy agriculture labour_social home_affairs finance education schools "
    "industry_trade ethnic_religion justice front mass_orgs youth_union women_union veterans "
    "farmers procuracy court public_service_center service_center departments media "
    "villages security_force communes party_committee people_council steering_committee"
)

# Names that must not appear for a unit after the 2025 reform.
GONE = ("Lao động - Thương binh", "Kế hoạch và Đầu tư", "Tài nguyên và Môi trường",
        "Phát triển nông thôn", "Ban Dân tộc", "huyện", "thị trấn", "Cục Hải quan")


def _agencies() -> dict[str, Agency]:
    """Every agency file of the library (read directly: this module's data only)."""
    out: dict[str, Agency] = {}
    for path in sorted((DEFAULT_ROOT / "agencies").glob("*.yaml")):
        for raw in yaml.safe_load(path.read_text(encoding="utf-8")).get("agencies", []):
            agency = Agency.model_validate(raw)
            out[agency.id] = agency
    return out


@pytest.fixture(scope="module")
def agencies() -> dict[str, Agency]:
    return _agencies()


@pytest.fixture(scope="module")
def units() -> dict[str, Unit]:
    d = UnitDirectory()
    tam_duong = d.find("Tam Đường, Lai Châu", Tier.DISTRICT, Era.LEGACY)
    return {
        "thuong-duc": d.get(18328, Tier.COMMUNE),
        "vi-khe": d.find("Vị Khê, Ninh Bình", Tier.COMMUNE),
        "co-to": d.get(7192, Tier.COMMUNE),
        "dak-lak": d.find("Đắk Lắk", Tier.PROVINCE),
        "ha-noi": d.find("Hà Nội", Tier.PROVINCE),
        "dak-lak-legacy": d.find("Đắk Lắk", Tier.PROVINCE, Era.LEGACY),
        "tam-duong": tam_duong,
        "tam-duong-commune": next(u for u in d.children(tam_duong) if u.level == "xã"),
        "tam-duong-town": next(u for u in d.children(tam_duong) if u.level == "thị trấn"),
    }


def _names(agencies: dict[str, Agency], unit: Unit, traits: tuple[str, ...] = (),
           offices: dict[str, str] | None = None) -> AgencyNames:
    return AgencyNames.resolve(agencies, unit, traits=traits, offices=offices)


def test_units_are_the_expected_ones(units: dict[str, Unit]) -> None:
    assert units["thuong-duc"].full == "xã Thượng Đức"
    assert units["co-to"].full == "đặc khu Cô Tô"
    assert (units["tam-duong"].level, units["tam-duong"].era) == ("huyện", Era.LEGACY)


def test_every_fixed_role_is_defined(agencies: dict[str, Agency]) -> None:
    assert set(FIXED_ROLES) <= set(agencies)


@pytest.mark.parametrize(("unit", "traits", "role", "expected"), [
    # a current commune (xã)
    ("thuong-duc", (), "police", "Công an xã"),
    ("thuong-duc", (), "military", "Ban Chỉ huy Quân sự xã"),
    ("thuong-duc", (), "health", "Trạm y tế xã"),
    ("thuong-duc", (), "office", "Văn phòng HĐND và UBND xã"),
    ("thuong-duc", (), "culture_society", "Phòng Văn hóa - Xã hội"),
    ("thuong-duc", (), "labour_social", "Phòng Văn hóa - Xã hội"),
    ("thuong-duc", (), "economy", "Phòng Kinh tế"),
    ("thuong-duc", (), "front", "Ủy ban Mặt trận Tổ quốc Việt Nam xã"),
    ("thuong-duc", (), "procuracy", "Viện kiểm sát nhân dân khu vực"),
    ("thuong-duc", (), "court", "Tòa án nhân dân khu vực"),
    ("thuong-duc", (), "party_committee", "Đảng ủy xã"),
    ("thuong-duc", (), "villages", "các thôn, khu dân cư trên địa bàn xã"),
    ("thuong-duc", (), "police_drugs", None),
    ("thuong-duc", (), "communes", None),
    ("thuong-duc", (), "border_guard", None),
    ("thuong-duc", ("border",), "border_guard", "Đồn Biên phòng trên địa bàn xã"),
    # a ward
    ("vi-khe", (), "police", "Công an phường"),
    ("vi-khe", (), "health", "Trạm y tế phường"),
    ("vi-khe", (), "economy", "Phòng Kinh tế, Hạ tầng và Đô thị"),
    ("vi-khe", (), "villages", "các tổ dân phố trên địa bàn phường"),
    ("vi-khe", (), "schools", "các trường học trên địa bàn phường"),
    # a special zone
    ("co-to", (), "health", "Trạm y tế đặc khu"),
    ("co-to", (), "police", "Công an đặc khu"),
    ("co-to", (), "economy", "Phòng Kinh tế, Hạ tầng và Đô thị"),   # NĐ 150/2025: phường, đặc khu
    ("co-to", (), "finance", "Phòng Kinh tế, Hạ tầng và Đô thị"),
    ("co-to", (), "policy_officer", None),                           # not an office (issue 10)
    ("co-to", ("coast", "island"), "coast_guard", None),
    # a current province
    ("dak-lak", (), "police", "Công an tỉnh"),
    ("dak-lak", (), "police_drugs",
     "Phòng Cảnh sát điều tra tội phạm về ma túy Công an tỉnh"),
    ("dak-lak", (), "military", "Bộ Chỉ huy Quân sự tỉnh"),
    ("dak-lak", (), "labour_social", "Sở Nội vụ"),
    ("dak-lak", (), "home_affairs", "Sở Nội vụ"),
    ("dak-lak", (), "agriculture", "Sở Nông nghiệp và Môi trường"),
    ("dak-lak", (), "finance", "Sở Tài chính"),
    ("dak-lak", (), "ethnic_religion", "Sở Dân tộc và Tôn giáo"),
    ("dak-lak", (), "office", "Văn phòng UBND tỉnh"),
    ("dak-lak", (), "communes", "Ủy ban nhân dân các xã, phường"),
    ("dak-lak", (), "customs", "Chi cục Hải quan khu vực phụ trách địa bàn tỉnh"),
    ("dak-lak", (), "media", "Báo và Phát thanh, Truyền hình Đắk Lắk"),
    ("dak-lak", (), "justice", "Sở Tư pháp"),
    ("dak-lak", (), "party_committee", "Tỉnh ủy"),
    ("dak-lak", (), "culture_society", None),
    ("dak-lak", (), "economy", None),
    ("dak-lak", (), "coast_guard", None),
    ("dak-lak", (), "border_guard", None),
    ("dak-lak", ("coast",), "coast_guard", "Bộ Tư lệnh Vùng Cảnh sát biển"),
    ("dak-lak", ("border",), "border_guard", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh"),
    ("dak-lak", ("border",), "coast_guard", None),
    ("ha-noi", (), "police", "Công an thành phố"),
    ("ha-noi", (), "party_committee", "Thành ủy"),
    # a legacy province
    ("dak-lak-legacy", (), "labour_social", "Sở Lao động - Thương binh và Xã hội"),
    ("dak-lak-legacy", (), "agriculture", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("dak-lak-legacy", (), "communes", "Ủy ban nhân dân các huyện, thị xã, thành phố"),
    # a legacy district (before the reform)
    ("tam-duong", (), "police", "Công an huyện"),
    ("tam-duong", (), "military", "Ban Chỉ huy Quân sự huyện"),
    ("tam-duong", (), "labour_social", "Phòng Lao động - Thương binh và Xã hội huyện"),
    ("tam-duong", (), "health", "Trung tâm Y tế huyện"),
    ("tam-duong", (), "finance", "Phòng Tài chính - Kế hoạch"),
    ("tam-duong", (), "agriculture", "Phòng Nông nghiệp và Phát triển nông thôn"),
    ("tam-duong", (), "ethnic_religion", "Phòng Dân tộc huyện"),
    ("tam-duong", (), "culture", "Trung tâm Văn hóa - Thể thao và Truyền thông huyện"),
    ("tam-duong", (), "procuracy", "Viện kiểm sát nhân dân huyện"),
    ("tam-duong", (), "court", "Tòa án nhân dân huyện"),
    ("tam-duong", (), "communes", "Ủy ban nhân dân các xã, thị trấn"),
    ("tam-duong", (), "party_committee", "Huyện ủy"),
    ("tam-duong", (), "culture_society", None),
    # legacy communes had no phòng
    ("tam-duong-commune", (), "police", "Công an xã"),
    ("tam-duong-commune", (), "health", "Trạm y tế xã"),
    ("tam-duong-commune", (), "culture_society", "công chức Văn hóa - Xã hội xã"),
    ("tam-duong-commune", (), "economy", None),
    ("tam-duong-commune", (), "procuracy", "Viện kiểm sát nhân dân huyện"),   # the district's
    ("tam-duong-commune", (), "court", "Tòa án nhân dân huyện"),
    ("tam-duong-commune", (), "public_service_center", None),
    ("tam-duong-town", (), "villages", "các tổ dân phố trên địa bàn thị trấn"),
    ("tam-duong-town", (), "health", "Trạm y tế thị trấn"),
])
def test_role_names(agencies: dict[str, Agency], units: dict[str, Unit], unit: str,
                    traits: tuple[str, ...], role: str, expected: str | None) -> None:
    ag = _names(agencies, units[unit], traits)
    assert ag.get(role) == expected
    assert ag.exists(role) is (expected is not None)


def _current_units(units: dict[str, Unit]) -> Iterator[Unit]:
    return (u for u in units.values() if u.era is Era.CURRENT)


def test_no_legacy_names_after_the_reform(agencies: dict[str, Agency],
                                          units: dict[str, Unit]) -> None:
    all_traits = ("border", "coast", "island", "urban", "rural", "ethnic")
    for unit in _current_units(units):
        for role, name in _names(agencies, unit, all_traits).existing():
            assert not any(word in name for word in GONE), (unit.full, role, name)


def test_every_role_exists_somewhere(agencies: dict[str, Agency],
                                     units: dict[str, Unit]) -> None:
    all_traits = ("border", "coast", "island")
    found = {role for unit in units.values()
             for role, _ in _names(agencies, unit, all_traits).existing()}
    assert set(FIXED_ROLES) <= found


@pytest.mark.parametrize(("offices", "role", "expected"), [
    ({"culture_society": "Phòng Văn hóa, Khoa học và Thông tin"}, "culture_society",
     "Phòng Văn hóa, Khoa học và Thông tin"),
    ({"service_center": "Trung tâm Sự nghiệp công"}, "service_center", "Trung tâm Sự nghiệp công"),
    ({"procuracy": "Viện kiểm sát nhân dân khu vực 9"}, "procuracy",
     "Viện kiểm sát nhân dân khu vực 9"),
    ({"coast_guard": "Bộ Tư lệnh Vùng Cảnh sát biển 3"}, "coast_guard",
     "Bộ Tư lệnh Vùng Cảnh sát biển 3"),
    ({"service_center": ""}, "service_center", None),
    ({"tax": "Thuế cơ sở 5"}, "tax", "Thuế cơ sở 5"),
    ({"economy": "  Phòng   Kinh tế  "}, "economy", "Phòng Kinh tế"),
])
def test_offices_override_the_data(agencies: dict[str, Agency], units: dict[str, Unit],
                                   offices: dict[str, str], role: str,
                                   expected: str | None) -> None:
    ag = _names(agencies, units["thuong-duc"], offices=offices)
    assert ag.get(role) == expected
    assert ag.police == "Công an xã"  # other roles untouched


@pytest.mark.parametrize(("role", "request_"), [
    ("police", False), ("military", False), ("health", False), ("culture_society", False),
    ("front", True), ("mass_orgs", True), ("procuracy", True), ("court", True),
    ("coast_guard", True), ("border_guard", True), ("customs", True), ("party_committee", True),
    ("unknown_role", False),
])
def test_is_request(agencies: dict[str, Agency], units: dict[str, Unit], role: str,
                    request_: bool) -> None:
    assert _names(agencies, units["dak-lak"]).is_request(role) is request_


def test_attribute_access_in_clause_text(agencies: dict[str, Agency],
                                         units: dict[str, Unit]) -> None:
    env = SandboxedEnvironment(undefined=StrictUndefined)
    ag = _names(agencies, units["vi-khe"])
    text = env.from_string("Giao {{ ag.police }} chủ trì, phối hợp {{ ag['health'] }}.")
    assert text.render(ag=ag) == "Giao Công an phường chủ trì, phối hợp Trạm y tế phường."


@pytest.mark.parametrize(("template", "words"), [
    ("{{ ag.communes }}", ("communes", "phường Vị Khê")),
    ("{{ ag.coast_guard }}", ("coast_guard", "phường Vị Khê")),
    ("{{ ag.no_such_role }}", ("no_such_role",)),
])
def test_absent_role_is_a_clear_error(agencies: dict[str, Agency], units: dict[str, Unit],
                                      template: str, words: tuple[str, ...]) -> None:
    env = SandboxedEnvironment(undefined=StrictUndefined)
    ag = _names(agencies, units["vi-khe"])
    with pytest.raises(RenderError) as info:
        env.from_string(template).render(ag=ag)
    assert all(w in info.value.message for w in words)
    assert info.value.clause == words[0]


def test_private_attributes_stay_attribute_errors(agencies: dict[str, Agency],
                                                  units: dict[str, Unit]) -> None:
    ag = _names(agencies, units["vi-khe"])
    with pytest.raises(AttributeError):
        ag.__deepcopy__  # noqa: B018


def test_a_clause_left_out_for_a_missing_office_says_which_in_words(deps: Deps) -> None:
    """The form shows why an optional clause does not apply: the office in words, never its id
    ("không có cơ quan border_guard ở cấp này" was shown before)."""
    request = PlanRequest.model_validate(
        {"kind": "keep-drug-free", "unit": "Vị Khê, Ninh Bình", "year": 2026})
    dropped = dict(compose_plan(request, deps).selection.dropped)
    assert dropped["group:border_guard"] == "không có cơ quan “Bộ đội Biên phòng” ở cấp này"
    ids = set(_agencies())
    for reason in dropped.values():
        assert not ids & set(reason.replace(",", " ").split()), reason
