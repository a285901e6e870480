"""The browser's sign-in: the access token exchanged for a session cookie, so that no page keeps
the token (the API keeps taking `Authorization: Bearer`).

    POST /api/session {"token": "…"}   sets `kehoach_session` (HttpOnly, SameSite=Strict, Path=/,
                                       Secure over HTTPS) and `kehoach_csrf` (readable by the
                                       pages' script), for KEHOACH_SESSION_HOURS (default 12)
    DELETE /api/session                clears both

The session value is `user id.expiry.MAC`, the MAC an HMAC-SHA256 keyed by the user's stored
token hash: no new secret and no session table, and rotating or revoking the user's token (which
replaces that hash) ends every session of theirs at once.  The hash never leaves the server and
is not derivable from the cookie.  A request signed in by the cookie with an unsafe method must
also carry `X-CSRF-Token`, equal to the `kehoach_csrf` cookie, itself an HMAC of the session
value under the same key (double submit, bound to the session): another site can neither read
that cookie nor set the header, and SameSite=Strict already keeps the cookie off its requests.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass

from service.store import User, UserRepository

COOKIE = "kehoach_session"
CSRF_COOKIE = "kehoach_csrf"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Session:
    """A session's cookie values and when it ends (epoch seconds)."""

    value: str
    csrf: str
    expires: int


def _mac(key: str, message: str) -> str:
    return hmac.new(key.encode("ascii"), message.encode("ascii"), hashlib.sha256).hexdigest()


def open_session(user_id: int, token_hash: str, hours: float, now: float | None = None
                 ) -> Session:
    expires = int((time.time() if now is None else now) + hours * 3600)
    body = f"{user_id}.{expires}"
    value = f"{body}.{_mac(token_hash, 'session.' + body)}"
    return Session(value, _mac(token_hash, "csrf." + value), expires)


def signed_in(value: str, users: UserRepository, now: float | None = None
              ) -> tuple[User, str] | None:
    """The user of a session cookie and the CSRF value that goes with it; None when the value
    is forged, expired, or its user's token has changed since."""
    parts = value.split(".")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        return None
    if int(parts[1]) < (time.time() if now is None else now):
        return None
    found = users.with_key(int(parts[0]))
    if found is None:
        return None
    user, token_hash = found
    expected = _mac(token_hash, f"session.{parts[0]}.{parts[1]}")
    if not hmac.compare_digest(expected, parts[2]):
        return None
    return user, _mac(token_hash, "csrf." + value)


def csrf_ok(expected: str, sent: str | None) -> bool:
    return sent is not None and hmac.compare_digest(expected, sent)
