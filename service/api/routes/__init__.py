"""The API's routes, one module per resource, gathered under `/api`."""

from __future__ import annotations

from fastapi import APIRouter

from service.api.routes import batches, check, compare, drafts, kinds, pages, plans, reviews, units

api_router = APIRouter(prefix="/api")
for module in (units, kinds, plans, drafts, check, compare, batches, reviews):
    api_router.include_router(module.router)

page_router = pages.router

__all__ = ["api_router", "page_router"]
