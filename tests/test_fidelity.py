"""Each sample request reproduces its source plan (issue 2: >= 95% of body sentences)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fidelity_support import SOURCES, fidelity, source_body

from service.deps import Deps
from service.pipeline import compose_plan
from service.spec import load_request
from service.text.plain import to_plain

SAMPLES = Path(__file__).parents[1] / "samples"

# Sentences of the sources that the product deliberately does not reproduce: the sources' own
# typos and slips, corrected in the library, and what does not fit the place by default (each
# fragment identifies one source sentence).
KNOWN_DIFFERENCES: dict[str, frozenset[str]] = {
    # Issue 10: the sources' defects that are not reproduced (a commune directing the Front and
    # the Party committee, a contradictory target, a post taken for an office, the same budget
    # bullet under three agencies; a ward guiding the press, an office "directing" and checking
    # imports).
    "000": frozenset({
        "các đơn vị thôn căn cứ nhiệm vụ được giao",
        "cấp ủy đảng, ban chỉ đạo 138 xã",
        "tổ chức tổng kết đánh giá tình hình, kết quả triển khai",
        "tổ trưởng các tổ liên gia",
        "không để hình thành các điểm, tụ điểm phức tạp về ma túy hoạt động",
        "kéo giảm ít nhất 01 đơn vị",
        "bố trí ngân sách hỗ trợ cho bộ phận có liên quan",
        "cán bộ chính sách xã",
        "các phòng, ngành, ủy ban mặt trận tổ quốc xã, các tổ chức chính trị - xã hội",
        "người đứng đầu các ngành và các tổ chức chính trị - xã hội phải chịu trách nhiệm",
    }),
    "001": frozenset(),
    "002": frozenset(),
    # 003 is a ward: no drug-plant growing in a ward's plan unless the request takes the urban
    # trait away (issue 10, item 6; `facts.not_traits: [urban]` keeps them)
    "003": frozenset({
        "hướng dẫn các cơ quan báo chí tỉnh",
        "chỉ đạo triển khai các hoạt động phòng, chống ma túy",
        "nhập khẩu trái phép",
        "triệt phá diện tích trồng cây có chứa chất ma túy",
        "nhận biết được các loại cây có chứa chất ma túy",
        "cá nhân trồng trái phép cây có chứa chất ma túy",
    }),
    "004": frozenset(),
}

CASES = [
    ("000", "000_d34b57a453342428.txt", "000-thuong-duc-keep-drug-free.yaml"),
    ("001", "001_e2ab482368096c8f.txt", "001-dak-lak-province-drug-free.yaml"),
    ("002", "002_37b4435942d53b54.txt", "002-tan-an-whole-people-model.yaml"),
    ("003", "003_62f78ab9b2ca411b.txt", "003-vi-khe-action-month.yaml"),
    ("004", "004_bf861d35c679990f.txt", "004-tam-duong-district-drug-free.yaml"),
]


@pytest.mark.parametrize(("plan", "source", "sample"), CASES, ids=[c[0] for c in CASES])
def test_sample_reproduces_source(plan: str, source: str, sample: str, deps: Deps) -> None:
    generated = to_plain(compose_plan(load_request(SAMPLES / sample), deps).context)
    result = fidelity(source_body(SOURCES / source), generated, KNOWN_DIFFERENCES[plan])
    report = "\n".join(f"  {score:5.1f}  {s[:160]}" for s, score in result.missing)
    assert result.ratio >= 0.95, (
        f"{plan}: {result.found}/{result.total} sentences ({result.ratio:.1%}); missing:\n{report}")
