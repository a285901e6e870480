"""Helpers of the store tests: draft contents, a commune request, the test client (imported
quietly)."""

from __future__ import annotations

import datetime as dt
import warnings
from typing import Any

from service.deps import Deps
from service.store import DraftContent, Scope, User
from service.units import Era, Tier

with warnings.catch_warnings():
    # Starlette asks for `httpx2`; the project's test extra has `httpx`, which still works.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

__all__ = ["ACTOR", "SCOPE", "TestClient", "commune_request", "content"]

SCOPE = Scope("current:commune:1", None, "current:province:1")
ACTOR = User(1, "Nguyễn Văn Á", "drafter", SCOPE.unit, "Xã A",
             dt.datetime(2026, 11, 23, tzinfo=dt.UTC))
"""Who makes the changes (the store logs it; it does not check rights)."""


def content(title: str = "Bản nháp", *, docx: bytes = b"PK-docx", unit_label: str = "Xã A",
            request: dict[str, Any] | None = None) -> DraftContent:
    """What a draft is saved with; the request is any JSON (the store does not validate it)."""
    return DraftContent(title=title, unit_code=1, unit_label=unit_label, kind="k", year=2026,
                        scope=SCOPE, request=request or {"kind": "k", "unit": 1, "year": 2026},
                        docx=docx)


def commune_request(deps: Deps) -> dict[str, Any]:
    """`{kind, unit, year}` of the first current commune kind, with the first unit it fits."""
    kind = next(k for k in sorted(deps.library.kinds.values(), key=lambda k: k.id)
                if k.tier == "commune" and "current" in k.eras)
    units = sorted((u for u in deps.units.units(Tier.COMMUNE, Era.CURRENT)
                    if u.level in kind.levels), key=lambda u: u.code)
    return {"kind": kind.id, "unit": units[0].code, "year": 2026}
