"""Who is asking and what they may do: `Authorization: Bearer <token>` → the user (401 without
a token or with a bad one); a draft is open to the users whose unit covers it (403 otherwise);
each move needs its role (403).  Every refusal is in Vietnamese, through the one error handler.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from service.api.deps import get_services
from service.api.logs import USER_ID
from service.store import ROLE_VI, Draft, Scope, User, check_editable

bearer = HTTPBearer(auto_error=False, scheme_name="Mã truy cập",
                    description="Mã truy cập của người dùng (tạo bằng `kehoach users add`).")
CHALLENGE = {"WWW-Authenticate": "Bearer"}


def current_user(request: Request, credentials: Annotated[
        HTTPAuthorizationCredentials | None, Depends(bearer)]) -> User:
    if credentials is None:
        raise HTTPException(401, "Cần đăng nhập: gửi mã truy cập trong tiêu đề"
                                 " “Authorization: Bearer …”.", headers=CHALLENGE)
    user = get_services(request).users.by_token(credentials.credentials.strip())
    if user is None:
        raise HTTPException(401, "Mã truy cập không đúng hoặc đã bị thu hồi.", headers=CHALLENGE)
    setattr(request.state, USER_ID, user.id)  # for the request's log line
    return user


UserDep = Annotated[User, Depends(current_user)]


def require_role(user: User, role: str, doing: str) -> None:
    if user.role != role:
        raise HTTPException(403, f"Chỉ {ROLE_VI[role]} mới {doing} được; bạn là"
                                 f" {ROLE_VI[user.role]} ({user.unit_label}).")


def require_scope(user: User, scope: Scope, label: str) -> None:
    if not scope.covers(user.unit_key):
        raise HTTPException(403, f"“{label}” nằm ngoài phạm vi của bạn ({user.unit_label}):"
                                 " bạn không có quyền với bản nháp này.")


def open_draft(user: User, draft: Draft) -> Draft:
    """The draft, if the user's unit covers it."""
    require_scope(user, draft.scope, draft.unit_label)
    return draft


def require_editor(user: User, draft: Draft) -> None:
    """The user may edit or delete the draft: theirs to see, a drafter, and the draft editable
    (StateConflict otherwise: submitted or approved)."""
    open_draft(user, draft)
    require_role(user, "drafter", "sửa, xóa bản nháp")
    check_editable(draft.state)
