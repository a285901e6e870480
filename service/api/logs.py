"""Logs as JSON lines on stderr, and one line per request.

`configure_logging(level)` sends every record (the service's, uvicorn's, procrastinate's) to
stderr as one JSON object per line: time, level, logger, message, and the record's `fields`.
`RequestLog` (ASGI middleware, outermost) writes one line per HTTP request: its id (the
`X-Request-ID` it came with, if sane, else a new one; sent back in the answer), method, path
(without the query), status, milliseconds and the signed-in user's id (set by
`service.api.auth.current_user`): never a header, a token, a query or a body.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from typing import IO, Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUEST_LOGGER = "kehoach.request"
USER_ID = "user_id"
"""The key of `request.state` (`scope["state"]`) that holds the signed-in user's id."""
LEVELS = ("debug", "info", "warning", "error", "critical")
_SANE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


class JsonLines(logging.Formatter):
    """One JSON object per record."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
                    + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(), "logger": record.name,
            "message": record.getMessage(), **getattr(record, "fields", {})}
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def configure_logging(level: str = "info", stream: IO[str] | None = None) -> None:
    """Every logger to `stream` (stderr) as JSON lines, from `level` up; uvicorn's access log
    off (`RequestLog` writes the requests)."""
    if level.lower() not in LEVELS:
        raise ValueError(f"log level: one of {', '.join(LEVELS)}")
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonLines())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
    logging.getLogger("uvicorn.access").disabled = True


class RequestLog:
    """Logs each HTTP request once it is answered (or failed)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.log = logging.getLogger(REQUEST_LOGGER)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = _request_id(scope)
        status = 500

        async def answer(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                message["headers"] = [*message.get("headers", []),
                                      (b"x-request-id", request_id.encode("ascii"))]
            await send(message)

        try:
            await self.app(scope, receive, answer)
        finally:
            state = scope.get("state") or {}
            self.log.info("request", extra={"fields": {
                "id": request_id, "method": scope["method"], "path": scope["path"],
                "status": status, "ms": round((time.perf_counter() - started) * 1000, 1),
                "user": state.get(USER_ID)}})


def _request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            text = str(value.decode("latin-1")).strip()
            if _SANE_ID.fullmatch(text):
                return text
    return uuid.uuid4().hex
