"""The one error handler: every refusal becomes `{"detail": [{field, message}]}` in Vietnamese.

    InvalidRequest, other PlanErrors, validation of query/path  -> 422 (field path + message)
    TooLarge (an upload over a bound of reading or checking)    -> 413
    LibraryError (a data bug, not the caller's)                 -> 500
    StateConflict (a draft's state forbids the change)          -> 409
    PdfUnavailable (no LibreOffice)                             -> 503
    HTTPException (unknown path, method, draft …)               -> its status, Vietnamese text
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from service.errors import (
    InvalidRequest,
    LibraryError,
    PdfUnavailable,
    PlanError,
    StateConflict,
    TooLarge,
    UnitNotFound,
)
from service.spec.messages import field_path, label, message

_STATUS_VI = {
    400: "Yêu cầu không hợp lệ.",
    404: "Không tìm thấy địa chỉ này.",
    405: "Phương thức này không dùng được với địa chỉ này.",
    406: "Không trả lời được theo định dạng yêu cầu.",
    413: "Yêu cầu quá lớn.",
    415: "Kiểu nội dung không được hỗ trợ.",
}
_LOCATIONS = {"body", "query", "path", "header", "cookie"}


def item(field: str | None, text: str, **extra: Any) -> dict[str, Any]:
    return {"field": field or "", "message": text, **extra}


def error_response(status: int, items: list[dict[str, Any]],
                   headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": items}, status_code=status, headers=headers)


def _plan_error(exc: PlanError) -> JSONResponse:
    if isinstance(exc, InvalidRequest):
        return error_response(422, [item(e["field"], e["message"], label=e["label"])
                                    for e in exc.errors])
    if isinstance(exc, LibraryError):
        return error_response(500, [item("", f"Thư viện điều khoản có lỗi: {exc}")])
    if isinstance(exc, StateConflict):
        return error_response(409, [item("", exc.message)])
    if isinstance(exc, PdfUnavailable):
        return error_response(503, [item(exc.field, exc.message)])
    if isinstance(exc, TooLarge):
        return error_response(413, [item(exc.field, exc.message, label=label(exc.field or ""))])
    extra: dict[str, Any] = {"label": label(exc.field)} if exc.field else {}
    if isinstance(exc, UnitNotFound):
        extra["candidates"] = exc.candidates
    return error_response(422, [item(exc.field, exc.message, **extra)])


def _validation(exc: RequestValidationError) -> JSONResponse:
    items: list[dict[str, Any]] = []
    for error in exc.errors():
        loc = tuple(error.get("loc", ()))
        if loc and loc[0] in _LOCATIONS:
            loc = loc[1:]
        path = field_path(loc)
        items.append(item(path, message(error), label=label(path) if path else ""))
    return error_response(422, items or [item("", "Yêu cầu không hợp lệ.")])


def _http(exc: HTTPException) -> JSONResponse:
    if exc.status_code == 400:  # FastAPI's body that is not JSON: a bad request like any other
        return error_response(422, [item("", "Nội dung yêu cầu không phải JSON hợp lệ.")])
    detail = exc.detail if isinstance(exc.detail, str) and exc.detail else ""
    if not detail or detail.isascii():
        detail = _STATUS_VI.get(exc.status_code, "Không xử lý được yêu cầu.")
    return error_response(exc.status_code, [item("", detail)], headers=exc.headers)


async def handle_error(request: Request, exc: Exception) -> Response:
    """The one handler, registered for every exception class the API maps."""
    if isinstance(exc, PlanError):
        return _plan_error(exc)
    if isinstance(exc, RequestValidationError):
        return _validation(exc)
    if isinstance(exc, HTTPException):
        if exc.status_code in (403, 404) and _wants_page(request):
            return _page(request, exc.status_code, exc.detail)
        return _http(exc)
    raise exc


def _wants_page(request: Request) -> bool:
    """A page's address asked by a browser (not the API, not a static file)."""
    path = request.url.path
    return (request.method == "GET" and not path.startswith(("/api/", "/static/"))
            and path != "/openapi.json" and "text/html" in request.headers.get("accept", ""))


def _page(request: Request, status: int, detail: object) -> HTMLResponse:
    """404 and 403 of the pages in the tool's frame (JSON stays for /api/…), with the reason
    when it is in Vietnamese (a route's own refusal, not a framework's English word)."""
    services = request.app.state.services
    reason = detail if isinstance(detail, str) and not detail.isascii() else ""
    html = services.web.error_page(status, services.engine.library.version, reason=reason)
    return HTMLResponse(html, status_code=status)


def install_error_handler(app: FastAPI) -> None:
    for exc_class in (PlanError, RequestValidationError, HTTPException):
        app.add_exception_handler(exc_class, handle_error)
