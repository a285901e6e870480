"""Who is asking and what they may do: `Authorization: Bearer <token>` → the user (401 without
a token or with a bad one); a draft is open to the users whose unit covers it (403 otherwise);
each move needs its role (403).  A batch job is started by a user of its province or an admin
(403 otherwise), within the quotas (429); it is seen, downloaded and cancelled by the one who
started it, the users of its province and the admins (404 for anyone else, as for a job that
does not exist).  A browser signs in with a session cookie instead of the token
(`service.api.session`).  Every refusal is in Vietnamese, through the one error handler.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from service.api.deps import get_services
from service.api.logs import USER_ID
from service.api.session import COOKIE, CSRF_HEADER, SAFE_METHODS, csrf_ok, signed_in
from service.config import Settings
from service.store import (
    ROLE_VI,
    Draft,
    Job,
    JobSpec,
    JobStore,
    Scope,
    User,
    check_editable,
    key_parts,
)
from service.units import Tier

bearer = HTTPBearer(auto_error=False, scheme_name="Mã truy cập",
                    description="Mã truy cập của người dùng (tạo bằng `kehoach users add`).")
CHALLENGE = {"WWW-Authenticate": "Bearer"}


def current_user(request: Request, credentials: Annotated[
        HTTPAuthorizationCredentials | None, Depends(bearer)]) -> User:
    """The user of the Bearer token, else of the session cookie (whose unsafe requests need
    the CSRF header, `service.api.session`); 401 without either or with a bad one."""
    users = get_services(request).users
    if credentials is not None:
        user = users.by_token(credentials.credentials.strip())
        if user is None:
            raise HTTPException(401, "Mã truy cập không đúng hoặc đã bị thu hồi.",
                                headers=CHALLENGE)
        setattr(request.state, USER_ID, user.id)  # for the request's log line
        return user
    cookie = request.cookies.get(COOKIE)
    if cookie is None:
        raise HTTPException(401, "Cần đăng nhập bằng mã truy cập được cấp.",
                            headers=CHALLENGE)
    found = signed_in(cookie, users)
    if found is None:
        raise HTTPException(401, "Phiên đăng nhập đã hết hạn, hoặc mã truy cập đã đổi hay bị"
                                 " thu hồi: hãy đăng nhập lại.", headers=CHALLENGE)
    user, csrf = found
    if request.method not in SAFE_METHODS and not csrf_ok(csrf, request.headers.get(CSRF_HEADER)):
        raise HTTPException(403, "Thiếu hoặc sai mã chống giả mạo của trang: hãy tải lại"
                                 " trang rồi thử lại.")
    setattr(request.state, USER_ID, user.id)
    return user


UserDep = Annotated[User, Depends(current_user)]


def page_user(request: Request) -> User | None:
    """Who opens a page, by the session cookie (pages are GET: no CSRF); None without a valid
    session, and the page's script then asks the user to sign in."""
    cookie = request.cookies.get(COOKIE)
    found = None if cookie is None else signed_in(cookie, get_services(request).users)
    if found is None:
        return None
    setattr(request.state, USER_ID, found[0].id)
    return found[0]


PageUserDep = Annotated[User | None, Depends(page_user)]


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


# --- batch jobs ----------------------------------------------------------------------------------

def may_start_job(user: User, spec: JobSpec, settings: Settings, store: JobStore) -> None:
    """403 outside the user's province, 429 over a quota (units per job, jobs at once)."""
    admin = user.role == "admin"
    if not admin and spec.province_key != user.unit_key:
        raise HTTPException(403, f"Lô “{spec.label}” nằm ngoài phạm vi của bạn"
                                 f" ({user.unit_label}): chỉ người dùng cấp tỉnh của tỉnh đó"
                                 " hoặc quản trị mới tạo được.")
    most = settings.batch_units_per_job_admin if admin else settings.batch_units_per_job
    if spec.total > most:
        raise HTTPException(429, f"Lô có {spec.total} đơn vị, quá mức {most} đơn vị một lô của"
                                 f" {ROLE_VI[user.role]}; hãy chia nhỏ lô.")
    active = store.active_count(user.id)
    if active >= settings.batch_jobs_per_user:
        raise HTTPException(429, f"Bạn đang có {active} lô chờ hoặc đang chạy (tối đa"
                                 f" {settings.batch_jobs_per_user}); hãy đợi một lô xong hoặc"
                                 " hủy bớt.", headers={"Retry-After": "60"})


def require_batches(user: User) -> None:
    """403 for a user who can neither start a batch nor see one of another user: only a
    province's users (their own province) and the administrators use batches."""
    if user.role != "admin" and key_parts(user.unit_key)[1] is not Tier.PROVINCE:
        raise HTTPException(403, "Chỉ người dùng cấp tỉnh (cho tỉnh của mình) hoặc quản trị mới"
                                 f" tạo và xem lô kế hoạch; bạn là {ROLE_VI[user.role]}"
                                 f" ({user.unit_label}): hãy soạn kế hoạch của đơn vị mình ở"
                                 " trang “Soạn kế hoạch”.")


def seen_job(user: User, job: Job | None) -> Job:
    """The job, if the user may see it; 404 otherwise (whether it exists is not said)."""
    if job is None or not (user.role == "admin" or job.owner_id == user.id
                           or (job.province_key != "" and job.province_key == user.unit_key)):
        raise HTTPException(404, "Không có lô này.")
    return job
