"""The order of the preamble's citations (`pipeline.citations`, sorted by the text stage):
national before provincial before local, then the highest legal force first; the registry's
documents and the request's own documents mixed on the same scale, and documents of the same
level and force in the order the request gives them."""

from __future__ import annotations

from typing import Any

import pytest

from service.deps import Deps
from service.pipeline import compose_plan
from service.spec import parse_request


def _local(type_: str, number: str, level: str) -> dict[str, str]:
    return {"type": type_, "number": number, "level": level, "verb": "Thực hiện"}


def _cited_numbers(deps: Deps, bases: list[Any]) -> list[str]:
    """The documents of the "Thực hiện" paragraph, by number (laws by name), in order."""
    request = {"kind": "keep-drug-free", "unit": 18328, "year": 2026,
               "date": {"day": 2, "month": 3}, "default_bases": False, "legal_bases": bases}
    blocks = compose_plan(parse_request(request), deps).context.blocks
    [text] = [b.text for b in blocks if b.style == "preamble" and b.text.startswith("Thực hiện")]
    cited = text.removeprefix("Thực hiện ").rsplit(";", 1)[0].split("; ")  # then the enacting words
    return [c.split(" số ")[1].split()[0] if " số " in c else c.rstrip(";") for c in cited]


def test_registry_and_request_documents_share_one_order(deps: Deps) -> None:
    given = [
        _local("Chương trình hành động", "01/Ctr-UBND", "commune"),
        _local("Nghị quyết chuyên đề", "07-NQ/ĐU", "commune"),
        _local("Kế hoạch", "165/KH-CAT-PV01-PC04", "province"),
        "nd-105-2021",
        _local("Nghị quyết", "38/NQ-HĐND", "province"),
        "luat-pcmt-2021",
        _local("Quyết định", "510/QĐ-UBND", "province"),
        "ct-36-tw",
        _local("Chỉ thị", "03-CT/TU", "province"),
    ]
    assert _cited_numbers(deps, given) == [
        "36-CT/TW", "Luật Phòng, chống ma túy năm 2021", "105/2021/NĐ-CP",  # registry, by rank
        "03-CT/TU", "38/NQ-HĐND", "510/QĐ-UBND", "165/KH-CAT-PV01-PC04",  # province, by force
        "07-NQ/ĐU", "01/Ctr-UBND",  # commune: Party committee, then the commune's own
    ]


@pytest.mark.parametrize("first", ["069/KH-UBND", "048/KH-UBND"])
def test_same_level_and_force_keep_the_requested_order(deps: Deps, first: str) -> None:
    second = "048/KH-UBND" if first == "069/KH-UBND" else "069/KH-UBND"
    given = [_local("Kế hoạch", first, "province"), _local("Kế hoạch", second, "province")]
    assert _cited_numbers(deps, given) == [first, second]
