"""Users: a name, a role (drafter, reviewer, clerk: văn thư, who issues, or admin), the unit
they act for, and a hashed API token.

The token is shown once, when the user is added (or rotated); only its SHA-256 is stored.  A
revoked user keeps their row (drafts and events name them) but no token signs them in.  A
user's scope is a unit key (`unit_key`): a commune's drafter sees its commune's drafts, a
province's reviewer the drafts of the province and of every unit inside it (`scope_keys`).  An
admin may start and follow batch jobs of any province (`service.api.batch_access`); for drafts
they act as the unit they were added for, with no move of the trail.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Literal, NamedTuple, get_args

from sqlalchemy import Integer, String, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from service.errors import AmbiguousUnit, RequestError, UnitNotFound
from service.store.db import Base, Database, UTCDateTime, utcnow
from service.store.text import NAME_MAX, stored
from service.units import Era, Tier, Unit, UnitDirectory
from service.units.model import split_level

Role = Literal["drafter", "reviewer", "clerk", "admin"]
ROLES: tuple[Role, ...] = get_args(Role)
ROLE_VI: dict[str, str] = {"drafter": "người soạn", "reviewer": "người duyệt",
                           "clerk": "văn thư", "admin": "quản trị"}
_ROLE_OF: dict[str, Role] = {r: r for r in ROLES}
TIERS = {Era.CURRENT: (Tier.COMMUNE, Tier.PROVINCE),
         Era.LEGACY: (Tier.COMMUNE, Tier.DISTRICT, Tier.PROVINCE)}


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    unit_key: Mapped[str] = mapped_column(String(40), index=True)
    unit_label: Mapped[str] = mapped_column(String(300))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


@dataclass(frozen=True)
class User:
    """A user as the service sees it (never the token, never its hash)."""

    id: int
    name: str
    role: Role
    unit_key: str
    unit_label: str
    created_at: dt.datetime


def unit_key(unit: Unit) -> str:
    """A unit's key, unique across tiers and eras: 'current:commune:18328'."""
    return f"{unit.era.value}:{unit.tier.value}:{unit.code}"


def key_parts(key: str) -> tuple[Era, Tier, int]:
    """What `unit_key` joined: the era, tier and code of a unit's key."""
    era, tier, code = key.split(":")
    return Era(era), Tier(tier), int(code)


class Scope(NamedTuple):
    """The keys of a unit, of its district (legacy communes only) and of its province: a user
    whose own unit key is any of them may see the unit's drafts."""

    unit: str
    district: str | None
    province: str

    def covers(self, key: str) -> bool:
        return key in (self.unit, self.district, self.province)


def scope_of(unit: Unit) -> Scope:
    district = unit_key(unit.district) if unit.district is not None else None
    return Scope(unit_key(unit), district, unit_key(unit.province_unit))


def find_unit(units: UnitDirectory, text: str, era: Era = Era.CURRENT) -> Unit:
    """A user's unit from a code or a name: a commune, ward, special zone or province (and, in
    the legacy era, a district); several matches are an error listing them with their codes."""
    text = text.strip()
    tiers = TIERS[era]
    if text.isdigit():
        found = [u for t in tiers if (u := _by_code(units, int(text), t, era)) is not None]
    else:
        found = _by_level(text, [u for t in tiers for u in units.matches(text, t, era)])
    if len(found) == 1:
        return found[0]
    labels = [f"{u.label} (mã {u.code})" for u in found]
    if not found:
        when = "hiện nay" if era is Era.CURRENT else "trước ngày 01/7/2025"
        raise UnitNotFound(f"Không tìm thấy đơn vị “{text}” (mã số hoặc tên đơn vị hành chính"
                           f" {when}).")
    how = "ghi tên (kèm tên tỉnh)" if text.isdigit() else "dùng mã số"
    raise AmbiguousUnit(f"“{text}” trùng với {len(found)} đơn vị: {'; '.join(labels)}."
                        f" Hãy {how}.", candidates=labels)


def _by_level(text: str, found: list[Unit]) -> list[Unit]:
    """'Huyện Tam Đường' picks the district out of the district and the town of that name."""
    level = split_level(text.split(",")[0].strip())[0]
    narrowed = [u for u in found if u.level.lower() == level.lower()]
    return narrowed if level and narrowed else found


def _by_code(units: UnitDirectory, code: int, tier: Tier, era: Era) -> Unit | None:
    try:
        return units.get(code, tier, era)
    except UnitNotFound:
        return None


REVOKED = "-"  # a revoked user's stored hash: "-" and random hex, which no token hashes to


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class UserRepository:
    """Add users (returning their token once), find one by token, list them."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, name: str, role: str, unit: Unit) -> tuple[User, str]:
        """The new user and their token (shown once: only its hash is kept)."""
        name = stored(name, "name", NAME_MAX)
        if not name:
            raise RequestError("Tên người dùng không được để trống.", field="name")
        if role not in ROLES:
            raise RequestError(f"Vai trò “{role}” không có; chọn drafter, reviewer, clerk hoặc"
                               " admin.", field="role")
        token = secrets.token_urlsafe(32)
        row = UserRow(name=name, role=role, unit_key=unit_key(unit),
                      unit_label=unit.label[:300], token_hash=hash_token(token),
                      created_at=utcnow())
        try:
            with self._db.session() as session:
                session.add(row)
                session.flush()
                return _user(row), token
        except IntegrityError:
            raise RequestError(f"Đã có người dùng tên “{name}”.", field="name") from None

    def by_token(self, token: str) -> User | None:
        query = select(UserRow).where(UserRow.token_hash == hash_token(token))
        with self._db.session() as session:
            row = session.scalars(query).first()
            return None if row is None else _user(row)

    def with_key(self, user_id: int) -> tuple[User, str] | None:
        """The user of that id with their stored token hash (the key of their browser sessions,
        `service.api.session`); None for no such user or a revoked one."""
        with self._db.session() as session:
            row = session.get(UserRow, user_id)
            if row is None or row.token_hash.startswith(REVOKED):
                return None
            return _user(row), row.token_hash

    def rotate(self, name: str) -> tuple[User, str]:
        """A new token for the user of that name (shown once); the old one stops working."""
        token = secrets.token_urlsafe(32)
        return self._set_hash(name, hash_token(token)), token

    def revoke(self, name: str) -> User:
        """The user of that name can no longer sign in (until `rotate` gives a new token)."""
        return self._set_hash(name, REVOKED + secrets.token_hex(31))

    def _set_hash(self, name: str, token_hash: str) -> User:
        name = " ".join(name.split())
        if not name:
            raise RequestError("Tên người dùng không được để trống.", field="name")
        with self._db.session() as session:
            row = session.scalars(select(UserRow).where(UserRow.name == name)).first()
            if row is None:
                raise RequestError(f"Không có người dùng tên “{name}”.", field="name")
            row.token_hash = token_hash
            session.flush()
            return _user(row)

    def all(self) -> list[User]:
        with self._db.session() as session:
            return [_user(r) for r in session.scalars(select(UserRow).order_by(UserRow.id))]

    def count(self) -> int:
        with self._db.session() as session:
            return int(session.scalar(select(func.count()).select_from(UserRow)) or 0)


def _user(row: UserRow) -> User:
    role: Role = _ROLE_OF.get(row.role, "drafter")
    return User(row.id, row.name, role, row.unit_key, row.unit_label, row.created_at)
