"""The API's routes, one module per resource, gathered under `/api`; the pages; the health
checks (`/healthz`, `/readyz`)."""

from __future__ import annotations

from fastapi import APIRouter

from service.api.routes import (
    batches,
    check,
    compare,
    drafts,
    health,
    issue,
    kinds,
    pages,
    plans,
    reviews,
    session,
    units,
)

api_router = APIRouter(prefix="/api")
for module in (units, kinds, plans, drafts, check, compare, batches, reviews, issue, session):
    api_router.include_router(module.router)

page_router = pages.router
health_router = health.router

__all__ = ["api_router", "health_router", "page_router"]
