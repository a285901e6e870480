"""The API's routes, one module per resource, gathered under `/api`."""

from __future__ import annotations

from fastapi import APIRouter

from service.api.routes import drafts, kinds, pages, plans, units

api_router = APIRouter(prefix="/api")
for module in (units, kinds, plans, drafts):
    api_router.include_router(module.router)

page_router = pages.router

__all__ = ["api_router", "page_router"]
