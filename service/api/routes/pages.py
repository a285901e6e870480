"""The web pages: the form at `/`, upload-and-check at `/kiem-tra`, compare at `/so-sanh`;
sign-in at `/dang-nhap`, the review queue at `/duyet`, a draft's history at `/ban-nhap/{id}`;
the batches at `/hang-loat`; the register of outgoing documents at `/so-van-ban-di`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import HTMLResponse

from service.api.auth import PageUserDep, open_draft, require_batches, require_role
from service.api.deps import DraftsDep, EngineDep, SettingsDep, WebDep
from service.config import Settings
from service.deps import Deps

router = APIRouter(include_in_schema=False)
DOCX_ACCEPT = ".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@router.get("/", response_class=HTMLResponse)
def form_page(engine: EngineDep, web: WebDep) -> HTMLResponse:
    today = engine.today()
    return HTMLResponse(web.page(year=today.year, library_version=engine.library.version,
                                 kinds=len(engine.library.kinds)))


@router.get("/kiem-tra", response_class=HTMLResponse)
def check_page(engine: EngineDep, settings: SettingsDep, web: WebDep) -> HTMLResponse:
    return HTMLResponse(web.render("check.html", **_tool(engine, settings, "/kiem-tra")))


@router.get("/so-sanh", response_class=HTMLResponse)
def compare_page(engine: EngineDep, settings: SettingsDep, web: WebDep) -> HTMLResponse:
    return HTMLResponse(web.render("compare.html", **_tool(engine, settings, "/so-sanh")))


def _tool(engine: Deps, settings: Settings, current: str) -> dict[str, object]:
    """What the tool pages show: the upload bound (in bytes and as read) and the navigation."""
    max_bytes = settings.max_request_bytes
    megabytes = f"{max_bytes / 1_000_000:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    label = f"{megabytes} MB" if max_bytes >= 100_000 else f"{max_bytes:,} byte".replace(",", ".")
    return {"library_version": engine.library.version, "max_bytes": max_bytes, "max_label": label,
            "accept": DOCX_ACCEPT, "current": current}


@router.get("/dang-nhap", response_class=HTMLResponse)
def signin_page(engine: EngineDep, web: WebDep) -> HTMLResponse:
    return HTMLResponse(web.render("signin.html", **_trail(engine, "/dang-nhap")))


@router.get("/duyet", response_class=HTMLResponse)
def queue_page(engine: EngineDep, web: WebDep, user: PageUserDep) -> HTMLResponse:
    """The review queue; a signed-in user of another role gets the 403 page."""
    if user is not None:
        require_role(user, "reviewer", "xem hàng chờ duyệt")
    return HTMLResponse(web.render("queue.html", **_trail(engine, "/duyet")))


@router.get("/ban-nhap/{draft_id}", response_class=HTMLResponse)
def history_page(engine: EngineDep, web: WebDep, drafts: DraftsDep, user: PageUserDep,
                 draft_id: Annotated[str, Path(max_length=36)]) -> HTMLResponse:
    """A draft's history; the page reads the draft with the signed-in user's session.  An id of
    no draft is the 404 page; a draft outside the signed-in user's unit, the 403 page."""
    draft = drafts.get(draft_id)
    if draft is None:
        return HTMLResponse(web.error_page(404, engine.library.version, "/duyet"),
                            status_code=404)
    if user is not None:
        open_draft(user, draft)
    return HTMLResponse(web.render("history.html", draft_id=draft_id,
                                   **_trail(engine, "/duyet")))


@router.get("/so-van-ban-di", response_class=HTMLResponse)
def register_page(engine: EngineDep, web: WebDep) -> HTMLResponse:
    """The register of outgoing documents of the signed-in user's unit."""
    return HTMLResponse(web.render("register.html", year=engine.today().year,
                                   **_trail(engine, "/so-van-ban-di")))


def _trail(engine: Deps, current: str) -> dict[str, object]:
    return {"library_version": engine.library.version, "current": current}


@router.get("/hang-loat", response_class=HTMLResponse)
def batches_page(engine: EngineDep, settings: SettingsDep, web: WebDep,
                 user: PageUserDep) -> HTMLResponse:
    """The web page of the batches: start one, follow them, download the ZIP; a signed-in user
    of a commune gets the 403 page (batches are a province's)."""
    if user is not None:
        require_batches(user)
    return HTMLResponse(web.render("batches.html", year=engine.today().year,
                                   library_version=engine.library.version,
                                   max_bytes=settings.max_request_bytes, current="/hang-loat"))
