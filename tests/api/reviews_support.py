"""Helpers of the API tests with users: add a user to a test app and get their headers."""

from __future__ import annotations

from fastapi import FastAPI

from service.api.deps import Services
from service.units import Tier, Unit, UnitDirectory

__all__ = ["bearer", "sign_up", "unit_of"]


def unit_of(units: UnitDirectory, code: int, tier: Tier = Tier.COMMUNE) -> Unit:
    return units.get(code, tier)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def sign_up(app: FastAPI, name: str, role: str, code: int,
            tier: Tier = Tier.COMMUNE) -> dict[str, str]:
    """Add a user (of a current commune or province) to the app's database; the headers that
    sign them in."""
    services: Services = app.state.services
    _, token = services.users.add(name, role, unit_of(services.engine.units, code, tier))
    return bearer(token)
