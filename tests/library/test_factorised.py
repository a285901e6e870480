"""The clause library is factorised: no near-duplicate clauses, no names from the sources."""

from __future__ import annotations

import re

import pytest
from rapidfuzz import fuzz, process

from service.deps import Deps
from service.library.loader import Library

NEAR_DUPLICATE = 85.0

# Names of places, people and addresses that occur in the five source plans.  They may appear in
# requests (samples) but never inside a reusable clause.
SOURCE_NAMES = [
    # units and provinces of the sources
    "Thượng Đức", "Hà Tĩnh", "Đắk Lắk", "Tân An", "Hải Phòng", "Vị Khê", "Ninh Bình",
    "Tam Đường", "Lai Châu", "Buôn Ma Thuột", "Buon Ma Thuật",
    # neighbours (000) and villages (002)
    "Mai Hoa", "Vũ Quang", "Đức Đồng", "Hà Linh", "Trại Mũa", "Vân Cầu", "Kim Chuế", "Ứng Mộ",
    "Tiên Liệt", "Tam Tập", "Kim Húc", "Hữu Chung",
    # communes listed by category (001)
    "Ia Rvê", "Vụ Bồn", "Ea Riêng", "Krông Á", "Cư Prao", "Hòa Sơn", "Dang Kang", "Yang Mao",
    "Đăk Liêng", "Đăk Phơi", "Xuân Thọ", "Tuy An Tây", "Hòa Thịnh", "Xuân Lãnh", "Phú Mỡ",
    "Xuân Phước", "Nam Ka", "Đồng Xuân", "Cư Pui", "Liên Sơn Lắk", "Xuân Cảnh", "Ô Loan",
    "Suối Trai", "Ea Bá", "Vân Hòa", "Ea Păl", "Buôn Đôn", "Ia Lốp", "Tân Tiến", "M'Drắk",
    "Cư Yang", "Đức Bình", "Tây Hòa", "Hòa Mỹ", "Hòa Xuân", "Ea Drông", "Ea Kly", "Xuân Đài",
    "Buôn Hồ", "Sông Cầu", "Cư M'ta", "Ea Wer", "Ea Knốp", "Krông Bông", "Dur Kmăl", "Ea Tul",
    "Ea Phê",
    # people and addresses
    "Đào Mỹ", "Lê Anh Khoa", "Bùi Văn Khoan", "Trần Xuân Bút", "Sùng Lư Páo", "Hai Bà Trưng",
]


@pytest.fixture(scope="module")
def library(deps: Deps) -> Library:
    return deps.library


def _texts(library: Library) -> list[tuple[str, str]]:
    out = []
    for clause in library.clauses.values():
        out.append((clause.id, clause.text))
        if clause.otherwise:
            out.append((clause.id + "#otherwise", clause.otherwise))
    return out


def test_every_clause_has_provenance(library: Library) -> None:
    assert library.clauses, "the library is empty"
    missing = [c.id for c in library.clauses.values() if not c.source]
    assert not missing


def test_no_two_clauses_are_near_duplicates(library: Library) -> None:
    texts = [(cid, " ".join(t.split())) for cid, t in _texts(library) if len(t) >= 40]
    plain = [re.sub(r"\{[{%].*?[%}]\}", "", t) for _, t in texts]
    matrix = process.cdist(plain, plain, scorer=fuzz.ratio, score_cutoff=NEAR_DUPLICATE)
    pairs = [(texts[i][0], texts[j][0], float(matrix[i][j]))
             for i in range(len(texts)) for j in range(i + 1, len(texts))
             if matrix[i][j] and not texts[j][0].startswith(texts[i][0].split("#")[0] + "#")]
    assert not pairs, "near-duplicate clauses (merge them, with parameters):\n" + "\n".join(
        f"  {a} ~ {b}: {score:.0f}" for a, b, score in pairs)


@pytest.mark.parametrize("name", SOURCE_NAMES)
def test_no_source_name_inside_a_clause(library: Library, name: str) -> None:
    pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
    found = [cid for cid, text in _texts(library) if pattern.search(text)]
    assert not found, f"“{name}” is written inside clauses {found}: make it a parameter"


def test_agencies_are_roles_not_literal_names(library: Library) -> None:
    literal = re.compile(
        r"(?<!\w)(Công an|Trạm y tế|Ban Chỉ huy Quân sự) (xã|phường|huyện|tỉnh)(?!\w)")
    found = [cid for cid, text in _texts(library) if literal.search(text)]
    assert not found, f"agency names written literally (use ag.<role>): {found}"
