"""Sign-in of the browser pages: POST /api/session exchanges the access token for a session
cookie (HttpOnly, SameSite=Strict) and a CSRF cookie; DELETE /api/session signs out.  The API
itself keeps taking `Authorization: Bearer` (`service.api.session` says why and how)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from service.api.auth import CHALLENGE
from service.api.deps import ServicesDep, SettingsDep
from service.api.schemas import AUTH_ERRORS, ERRORS, UserOut
from service.api.session import COOKIE, CSRF_COOKIE, open_session

router = APIRouter(prefix="/session", tags=["Đăng nhập"],
                   responses={**ERRORS, 401: AUTH_ERRORS[401]})


class SessionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: Annotated[str, Field(min_length=1, max_length=200,
                                description="Mã truy cập (tạo bằng `kehoach users add`)")]


@router.post("", summary="Đăng nhập trên trình duyệt", response_model=UserOut)
def sign_in(body: SessionIn, request: Request, response: Response, services: ServicesDep,
            settings: SettingsDep) -> UserOut:
    """Kiểm tra mã truy cập, rồi đặt cookie phiên (HttpOnly, SameSite=Strict) và cookie chống
    giả mạo: trang web không giữ mã truy cập."""
    user = services.users.by_token(body.token.strip())
    found = services.users.with_key(user.id) if user is not None else None
    if found is None:
        raise HTTPException(401, "Mã truy cập không đúng hoặc đã bị thu hồi.", headers=CHALLENGE)
    session = open_session(found[0].id, found[1], settings.session_hours)
    secure = request.url.scheme == "https"
    age = int(settings.session_hours * 3600)
    response.set_cookie(COOKIE, session.value, max_age=age, path="/", secure=secure,
                        httponly=True, samesite="strict")
    response.set_cookie(CSRF_COOKIE, session.csrf, max_age=age, path="/", secure=secure,
                        httponly=False, samesite="strict")
    return UserOut.of(found[0])


@router.delete("", summary="Đăng xuất trên trình duyệt", status_code=204)
def sign_out(response: Response) -> Response:
    """Xóa cookie phiên và cookie chống giả mạo."""
    response.status_code = 204
    for name in (COOKIE, CSRF_COOKIE):
        response.delete_cookie(name, path="/", samesite="strict")
    return response
