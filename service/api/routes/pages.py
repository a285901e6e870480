"""The web form at `/`."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from service.api.deps import EngineDep, WebDep

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def form_page(engine: EngineDep, web: WebDep) -> HTMLResponse:
    today = engine.today()
    return HTMLResponse(web.page(year=today.year, library_version=engine.library.version,
                                 kinds=len(engine.library.kinds)))
