"""The security headers of every response (issue 11): a Content-Security-Policy that lets the
pages load scripts, styles, images and fonts from the service itself only, with no inline
script and no framing; `X-Content-Type-Options: nosniff`; a Referrer-Policy that sends no
address to other sites.  The pages are written for this policy (no inline script, event
handler or style attribute: `service/web/static/js/dom.js`); the browser tests fail on any
violation."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:;"
       " font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none';"
       " form-action 'self'; frame-ancestors 'none'")
HEADERS = [(b"content-security-policy", CSP.encode("ascii")),
           (b"x-content-type-options", b"nosniff"),
           (b"referrer-policy", b"same-origin"),
           (b"x-frame-options", b"DENY")]


class SecurityHeaders:
    """ASGI middleware: `HEADERS` added to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *((n, v) for n, v in HEADERS if n not in names)]
            await send(message)

        await self.app(scope, receive, with_headers)
