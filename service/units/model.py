"""The unit as the rest of the engine sees it: names, level words, tier and era."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum

REFORM_DATE = dt.date(2025, 7, 1)
"""From this day Viet Nam has two levels of local government (Luật 72/2025/QH15)."""


class Era(StrEnum):
    CURRENT = "current"  # two-level local government, from 1 July 2025
    LEGACY = "legacy"  # provinces, districts and communes before the reform


class Tier(StrEnum):
    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"


def era_of(year: int, date: dt.date | None = None) -> Era:
    """The era a plan belongs to: by its date when known, else by its year."""
    if date is not None:
        return Era.CURRENT if date >= REFORM_DATE else Era.LEGACY
    return Era.CURRENT if year >= REFORM_DATE.year else Era.LEGACY


# Level words as they stand before a proper name, longest first so "thị trấn" wins over "thị".
LEVEL_WORDS = (
    "thành phố trung ương",
    "thành phố",
    "thị trấn",
    "thị xã",
    "đặc khu",
    "phường",
    "huyện",
    "quận",
    "tỉnh",
    "xã",
)

_PREFIX = re.compile(r"^({})\s+".format("|".join(LEVEL_WORDS)), re.IGNORECASE)


def split_level(official: str) -> tuple[str, str]:
    """'Xã Thượng Đức' -> ('xã', 'Thượng Đức'); 'Tỉnh Hà Tĩnh' -> ('tỉnh', 'Hà Tĩnh')."""
    m = _PREFIX.match(official)
    if not m:
        return "", official
    return m.group(1).lower(), official[m.end() :]


@dataclass(frozen=True)
class Unit:
    """One administrative unit: a province, a (legacy) district, or a commune/ward/special zone.

    `name` is the proper name ("Thượng Đức"), `level` the level word ("xã"), `official` the
    name as the statistics office writes it ("Xã Thượng Đức").
    """

    code: int
    official: str
    level: str
    name: str
    tier: Tier
    era: Era
    province: Unit | None = field(default=None, compare=False, repr=False)
    district: Unit | None = field(default=None, compare=False, repr=False)

    @property
    def numbered(self) -> bool:
        """Units named by a number keep their level word capitalised ("Phường 1")."""
        return self.name[:1].isdigit()

    @property
    def full(self) -> str:
        """The name in running text: 'xã Thượng Đức', 'tỉnh Đắk Lắk', 'Phường 1'."""
        if self.numbered or self.official == "Thành phố Hồ Chí Minh":
            return self.official
        return f"{self.level} {self.name}"

    @property
    def place(self) -> str:
        """Địa danh of the date line (ND30 Phụ lục I II.4.a)."""
        return self.official if self.numbered or self.name == "Hồ Chí Minh" else self.name

    @property
    def header_name(self) -> str:
        """Second line of the issuing body: 'XÃ THƯỢNG ĐỨC'."""
        return f"{self.level} {self.name}".upper()

    @property
    def province_unit(self) -> Unit:
        return self if self.tier is Tier.PROVINCE else self.province or self

    @property
    def label(self) -> str:
        """A label unique enough for lists: 'Xã Thượng Đức, Tỉnh Hà Tĩnh'."""
        parts = [self.official]
        if self.district is not None:
            parts.append(self.district.official)
        if self.province is not None:
            parts.append(self.province.official)
        return ", ".join(parts)
