"""`kehoach users add|list|revoke|rotate` over the configured database, and the sign-in hint of
`kehoach serve`.

    kehoach users add --name N --role drafter|reviewer|clerk|admin --unit CODE_OR_NAME [--legacy]
    kehoach users list [--json]
    kehoach users revoke --name N      the user can no longer sign in
    kehoach users rotate --name N      prints a new token; the old one stops working
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from service.cli.common import Subparsers, print_json
from service.config import Settings
from service.store.db import Database
from service.store.migrations import ensure_current
from service.store.users import ROLE_VI, ROLES, UserRepository, find_unit


def add_parser(sub: Subparsers) -> None:
    users = sub.add_parser("users", help="người dùng và mã truy cập").add_subparsers()
    a = users.add_parser("add", help="thêm người dùng; in mã truy cập (chỉ một lần)")
    a.add_argument("--name", required=True, help="họ tên hoặc tên gọi, không trùng")
    a.add_argument("--role", required=True, choices=ROLES,
                   help="drafter: soạn; reviewer: duyệt; clerk: văn thư (ban hành);"
                        " admin: quản trị (lô hàng loạt mọi tỉnh)")
    a.add_argument("--unit", required=True, help="mã số hoặc tên xã, phường, tỉnh của người dùng")
    a.add_argument("--legacy", action="store_true",
                   help="đơn vị trước ngày 01/7/2025 (để lưu, duyệt kế hoạch của các năm đó)")
    a.set_defaults(handler=add)
    ls = users.add_parser("list", help="danh sách người dùng")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=list_users)
    rv = users.add_parser("revoke", help="thu hồi mã truy cập: người dùng không đăng nhập được")
    rv.add_argument("--name", required=True, help="tên người dùng")
    rv.set_defaults(handler=revoke)
    ro = users.add_parser("rotate", help="cấp mã truy cập mới (in ra một lần); mã cũ hết hiệu lực")
    ro.add_argument("--name", required=True, help="tên người dùng")
    ro.set_defaults(handler=rotate)


@contextmanager
def _repository() -> Iterator[UserRepository]:
    settings = Settings()
    database = Database(settings.database_url)
    try:
        ensure_current(database, upgrade_on_start=settings.upgrade_on_start)
        yield UserRepository(database)
    finally:
        database.dispose()


def add(args: argparse.Namespace) -> int:
    from service.units import Era, UnitDirectory

    unit = find_unit(UnitDirectory(), args.unit, Era.LEGACY if args.legacy else Era.CURRENT)
    with _repository() as users:
        user, token = users.add(args.name, args.role, unit)
    return _issued(token, f"Đã thêm {user.name} — {ROLE_VI[user.role]}, {user.unit_label}. Mã"
                          " truy cập ở dòng trên chỉ hiện một lần: hãy lưu lại; đăng nhập bằng"
                          " mã này.")


def revoke(args: argparse.Namespace) -> int:
    with _repository() as users:
        user = users.revoke(args.name)
    print(f"Đã thu hồi mã truy cập của {user.name}: không đăng nhập được nữa (cấp mã mới bằng"
          " `kehoach users rotate`).", file=sys.stderr)
    return 0


def rotate(args: argparse.Namespace) -> int:
    with _repository() as users:
        user, token = users.rotate(args.name)
    return _issued(token, f"Đã cấp mã truy cập mới cho {user.name}; mã cũ không dùng được nữa."
                          " Mã ở dòng trên chỉ hiện một lần: hãy lưu lại.")


def _issued(token: str, message: str) -> int:
    """A new token on stdout (shown this once: only its hash is stored), what was done on
    stderr."""
    print(token)
    print(message, file=sys.stderr)
    return 0


def list_users(args: argparse.Namespace) -> int:
    with _repository() as repository:
        users = repository.all()
    if args.json:
        print_json([{"id": u.id, "name": u.name, "role": u.role, "unit": u.unit_label,
                     "created_at": u.created_at.isoformat()} for u in users])
    else:
        for u in users:
            print(f"{u.id:>4}  {u.name:<30} {ROLE_VI[u.role]:<12} {u.unit_label}")
        print(f"{len(users)} người dùng", file=sys.stderr)
    return 0


def sign_in_hint(site: str = "http://127.0.0.1:8000") -> str | None:
    """What `kehoach serve` says when nobody can sign in yet (None once a user exists)."""
    with _repository() as users:
        if users.count():
            return None
    return ("Chưa có người dùng nào: biểu mẫu xem trước và tải tệp được ngay, còn lưu bản nháp"
            " và duyệt thì cần đăng nhập. Tạo người soạn đầu tiên:\n"
            "  kehoach users add --name \"Tên\" --role drafter --unit \"Thượng Đức, Hà Tĩnh\"\n"
            f"rồi dán mã truy cập vào trang {site}/dang-nhap")
