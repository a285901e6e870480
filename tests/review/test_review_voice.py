"""The checker learns issue 10's rules (service/review/rules/voice.py): a People's Committee's plan
without "TM."/"KT.", an archive abbreviation of another level, a province's words in a commune's
plan, contradictory targets.  One planted defect on the clean baseline (a plan of xã Tân An,
nd30_docx) gives exactly that finding; the same words where they fit give none."""

from __future__ import annotations

from dataclasses import replace

import pytest
from nd30_docx import PlanText
from test_review_content import content_findings, with_line

from service.deps import Deps

WARD_WORDS = (("xã Tân An", "phường Vị Khê"), ("Công an xã", "Công an phường"),
              ("nhân dân xã", "nhân dân phường"), ("địa bàn xã", "địa bàn phường"))


def _ward(text: str) -> str:
    for old, new in WARD_WORDS:
        text = text.replace(old, new)
    return text


# A ward's plan says “Công an phường” throughout (else rule LEVEL_WORD_OTHER speaks)
WARD = {"agency": ("ỦY BAN NHÂN DÂN", "PHƯỜNG VỊ KHÊ"),
        "date": "Vị Khê, ngày 05 tháng 02 năm 2026",
        "trich_yeu": tuple(_ward(t) for t in PlanText().trich_yeu),
        "body": tuple((k, _ward(t)) for k, t in PlanText().body),
        "recipients": ("- UBND tỉnh (để báo cáo);", "- Công an tỉnh;", "- Đảng ủy phường;")}
PROVINCE = {"agency": ("ỦY BAN NHÂN DÂN", "TỈNH ĐẮK LẮK"),
            "date": "Đắk Lắk, ngày 05 tháng 02 năm 2026"}
RECIPIENTS = ("- UBND tỉnh (để báo cáo);", "- Công an tỉnh;", "- Đảng ủy xã;")
KEEP = ("Duy trì “xã không ma túy” năm 2026",)


def archive(line: str, **where: object) -> PlanText:
    recipients = where.pop("recipients", RECIPIENTS)
    return replace(PlanText(), recipients=(*recipients, line), **where)  # type: ignore[arg-type,misc]


CASES = [  # (id, plan, rule, words of the message)
    ("signature without TM.", replace(PlanText(), authority=("CHỦ TỊCH",)),
     "SIGN_NO_AUTHORITY", "Chữ ký “CHỦ TỊCH” thiếu dòng “TM. ỦY BAN NHÂN DÂN”"),
    ("a ward's plan archived as a commune's", archive("- Lưu: VT, CAX.", **WARD),
     "ARCHIVE_LEVEL", "“CAX” trên dòng “Lưu” là chữ viết tắt của Công an xã; kế hoạch của"
                      " phường Vị Khê ghi “CAP”"),
    ("a commune's plan archived as a province's", archive("- Lưu: VT, CAT (02b)."),
     "ARCHIVE_LEVEL", "“CAT” trên dòng “Lưu” là chữ viết tắt của Công an tỉnh"),
    ("the chair of the commune level", with_line(
        "Chủ tịch UBND cấp xã chịu trách nhiệm nếu để sót, lọt đối tượng ma túy."),
     "VOICE_LEVEL", "“Chủ tịch UBND cấp xã chịu trách nhiệm” trong kế hoạch của xã Tân An"),
    ("directing the Front and the Party cells", with_line(
        "Chỉ đạo các ban, ngành, Mặt trận Tổ quốc, chi bộ phối hợp rà soát đối tượng."),
     "VOICE_LEVEL", "Ủy ban nhân dân không chỉ đạo Mặt trận Tổ quốc"),
    ("tasks for the Party committee", with_line(
        "Cấp ủy đảng, các ban, ngành, đoàn thể xây dựng kế hoạch thực hiện."),
     "VOICE_LEVEL", "không giao việc cho cấp ủy đảng"),
    ("an inspectorate", with_line(
        "Tăng cường công tác thanh tra, kiểm tra các cơ sở kinh doanh có điều kiện."),
     "VOICE_LEVEL", "cấp xã không có cơ quan thanh tra"),
    ("guiding the press", with_line(
        "Phòng Văn hóa - Xã hội hướng dẫn các cơ quan báo chí đưa tin về Kế hoạch."),
     "VOICE_LEVEL", "hướng dẫn báo chí là việc của Sở Văn hóa"),
    ("import controls", with_line(
        "Kiểm tra các cơ sở kinh doanh, nhập khẩu trái phép tiền chất ma túy."),
     "VOICE_LEVEL", "kiểm soát xuất khẩu, nhập khẩu là việc của Hải quan"),
    ("the council of the same level", with_line(
        "Bố trí kinh phí, báo cáo Hội đồng nhân dân cùng cấp phê duyệt."),
     "VOICE_LEVEL", "ở kế hoạch của cấp xã là Hội đồng nhân dân xã"),
    ("no hot spot, but none older than two months", with_line(
        "Không để hình thành các điểm, tụ điểm về ma túy; triệt xóa điểm bán lẻ, không để tồn tại"
        " quá 02 tháng kể từ khi phát hiện."),
     "TARGET_CONTRADICTION", "(hình thành – tồn tại)"),
    ("a drug-free commune reducing its villages with drug crime", replace(with_line(
        "Trong năm 2026 kéo giảm ít nhất 01 đơn vị trong số thôn có tội phạm ma túy."),
        trich_yeu=KEEP),
     "TARGET_CONTRADICTION", "(duy trì – kéo giảm)"),
]


@pytest.mark.parametrize(("plan", "rule", "words"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_one_defect_one_finding(plan: PlanText, rule: str, words: str, deps: Deps) -> None:
    findings = content_findings(plan, deps)
    assert [(f.rule, f.severity) for f in findings] == [(rule, "warning")]
    assert words in findings[0].message
    assert findings[0].source


@pytest.mark.parametrize("plan", [
    replace(PlanText(), authority=("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
    replace(PlanText(), authority=("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
    archive("- Lưu: VT, CAX (02b)."),
    archive("- Lưu: VT, CAP.", **WARD),
    archive("- Lưu: VT, CAT.", **PROVINCE),
    archive("- Lưu: VT, NC.", **PROVINCE),
    # a province instructs its communes in its own words
    replace(with_line("Chủ tịch UBND cấp xã chịu trách nhiệm nếu để sót, lọt đối tượng ma túy."),
            **PROVINCE),
    replace(with_line("Tăng cường công tác thanh tra, kiểm tra, giám sát việc thực hiện."),
            **PROVINCE),
    with_line("Thực hiện Nghị quyết chỉ đạo của Đảng ủy xã về phòng, chống ma túy."),
    with_line("Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam xã chỉ đạo các tổ chức thành viên."),
    with_line("Công an xã kiểm tra, giám sát; cung cấp thông tin cho các cơ quan báo chí."),
    with_line("Triệt xóa 100% điểm bán lẻ, không để tồn tại quá 02 tháng kể từ khi phát hiện."),
    # a commune still building its status may reduce its villages with drug crime
    with_line("Trong năm 2026 kéo giảm ít nhất 01 đơn vị trong số thôn có tội phạm ma túy."),
], ids=["KT", "TM and KT", "own level", "ward", "province", "office", "province's chair",
        "province inspects", "directives of", "the Front directs its members", "informs the press",
        "eradication time limit", "reduce while building"])
def test_the_same_words_where_they_fit(plan: PlanText, deps: Deps) -> None:
    assert content_findings(plan, deps) == []

