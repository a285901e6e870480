"""Helpers of the API tests: the test client (imported quietly) and minimal requests per kind."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import yaml

from service.config import Settings
from service.deps import Deps
from service.library.model import Kind
from service.units import Era, Tier

with warnings.catch_warnings():
    # Starlette asks for `httpx2`; the project's test extra has `httpx`, which still works.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
MAX_BYTES = 200_000
"""The request-size bound of the test apps (small, so that 413 is cheap to reach)."""
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

__all__ = ["DOCX", "MAX_BYTES", "SAMPLES", "TestClient", "kind_year", "make_settings",
           "minimal_request", "sample_requests"]


def make_settings(folder: Path, **overrides: Any) -> Settings:
    """Settings of a test app: its own SQLite file under `folder`."""
    return Settings(database_url=f"sqlite:///{folder / 'drafts.sqlite'}",
                    max_request_bytes=MAX_BYTES, **overrides)


def kind_year(kind: Kind) -> int:
    return 2026 if Era(kind.eras[0]) is Era.CURRENT else 2024


def minimal_request(deps: Deps, kind: Kind) -> dict[str, Any]:
    """`{kind, unit, year}` with the first unit (by code) the kind fits."""
    era = Era(kind.eras[0])
    units = sorted((u for u in deps.units.units(Tier(kind.tier), era) if u.level in kind.levels),
                   key=lambda u: u.code)
    return {"kind": kind.id, "unit": units[0].code, "year": kind_year(kind)}


def sample_requests() -> list[tuple[str, dict[str, Any]]]:
    """The sample requests as JSON bodies (YAML dates become ISO strings)."""
    return [(p.name, json.loads(json.dumps(yaml.safe_load(p.read_text(encoding="utf-8")),
                                           default=str)))
            for p in sorted(SAMPLES.glob("*.yaml"))]
