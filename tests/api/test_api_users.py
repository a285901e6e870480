"""Users: `kehoach users add|list` over the configured database; the token printed once works on
the API, only its hash is stored; bad input is refused in Vietnamese with exit status 2; and
`kehoach serve` tells how to add the first user."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from api_support import TestClient, make_settings
from reviews_support import bearer
from sqlalchemy import text

from service.api.app import create_app
from service.cli import main
from service.cli.users import sign_in_hint
from service.deps import Deps
from service.store import Database


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The database the CLI uses (DATABASE_URL), the same file as `make_settings(tmp_path)`."""
    url = make_settings(tmp_path).database_url
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def add(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["users", "add", *args])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize(("name", "role", "unit", "who"), [
    ("Nguyễn Văn A", "drafter", "18328", ("drafter", "Xã Thượng Đức, Tỉnh Hà Tĩnh",
                                           "current:commune:18328")),
    ("Lê Thị B", "reviewer", "Hà Tĩnh", ("reviewer", "Tỉnh Hà Tĩnh", "current:province:42")),
    ("Trần C", "drafter", "thuong duc, ha tinh", ("drafter", "Xã Thượng Đức, Tỉnh Hà Tĩnh",
                                                 "current:commune:18328")),
])
def test_the_printed_token_signs_in_on_the_api(deps: Deps, tmp_path: Path, database: str,
                                               capsys: pytest.CaptureFixture[str], name: str,
                                               role: str, unit: str,
                                               who: tuple[str, str, str]) -> None:
    status, out, err = add(capsys, "--name", name, "--role", role, "--unit", unit)
    assert status == 0, err
    token = out.strip()
    assert len(token) >= 40
    assert "chỉ hiện một lần" in err
    with TestClient(create_app(deps, make_settings(tmp_path))) as client:
        me = client.get("/api/me", headers=bearer(token)).json()
    assert (me["name"], me["role"], me["unit_label"], me["unit_key"]) == (name, *who)


def test_only_the_hash_of_the_token_is_stored(database: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = add(capsys, "--name", "A", "--role", "drafter", "--unit", "18328")
    token = out.strip()
    db = Database(database)
    with db.engine.connect() as connection:
        rows = [tuple(map(str, r)) for r in connection.execute(text("SELECT * FROM users"))]
    db.dispose()
    assert len(rows) == 1
    assert hashlib.sha256(token.encode()).hexdigest() in rows[0]
    assert not any(token in value for value in rows[0])


def test_users_list(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    add(capsys, "--name", "Người soạn", "--role", "drafter", "--unit", "18328")
    add(capsys, "--name", "Người duyệt", "--role", "reviewer", "--unit", "42")
    assert main(["users", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(u["name"], u["role"], u["unit"]) for u in listed] == [
        ("Người soạn", "drafter", "Xã Thượng Đức, Tỉnh Hà Tĩnh"),
        ("Người duyệt", "reviewer", "Tỉnh Hà Tĩnh")]
    assert all("token" not in key for u in listed for key in u)


@pytest.mark.parametrize(("args", "message"), [
    (["--name", "X", "--role", "drafter", "--unit", "Không Có Xã Này"], "Không tìm thấy"),
    (["--name", "X", "--role", "drafter", "--unit", "99999"], "Không tìm thấy"),
    (["--name", "X", "--role", "drafter", "--unit", "4"], "hãy ghi tên"),  # a ward and a province
    (["--name", "X", "--role", "drafter", "--unit", "Tam Đường, Lai Châu", "--legacy"],
     "dùng mã số"),  # the district and the town of that name
    (["--name", "   ", "--role", "drafter", "--unit", "18328"], "không được để trống"),
    (["--name", "Trùng", "--role", "drafter", "--unit", "18328"], "Đã có người dùng"),
])
def test_bad_input_is_refused_in_vietnamese(database: str, capsys: pytest.CaptureFixture[str],
                                            args: list[str], message: str) -> None:
    add(capsys, "--name", "Trùng", "--role", "reviewer", "--unit", "42")
    status, out, err = add(capsys, *args)
    assert status == 2
    assert out == ""
    assert message.lower() in err.lower()


def test_an_unknown_role_is_refused_by_the_parser(database: str) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["users", "add", "--name", "X", "--role", "root", "--unit", "18328"])
    assert exit_.value.code == 2


def test_an_admin_is_added_by_the_cli(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["users", "add", "--name", "Quản trị", "--role", "admin", "--unit", "18328"]) == 0
    assert "Đã thêm Quản trị — quản trị," in capsys.readouterr().err


def test_serve_tells_how_to_add_the_first_user(database: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    hint = sign_in_hint()
    assert hint is not None
    assert "kehoach users add" in hint
    add(capsys, "--name", "A", "--role", "drafter", "--unit", "18328")
    assert sign_in_hint() is None


def test_legacy_units_for_plans_of_the_years_before_the_reform(
        deps: Deps, tmp_path: Path, database: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = add(capsys, "--name", "Huyện", "--role", "drafter", "--legacy",
                           "--unit", "Huyện Tam Đường, Lai Châu")  # not the town
    assert status == 0, err
    with TestClient(create_app(deps, make_settings(tmp_path))) as client:
        me = client.get("/api/me", headers=bearer(out.strip())).json()
    assert (me["unit_label"], me["unit_key"]) == ("Huyện Tam Đường, Tỉnh Lai Châu",
                                                  "legacy:district:106")


def me_status(deps: Deps, tmp_path: Path, *tokens: str) -> list[int]:
    """The status of `GET /api/me` for each token, on a fresh app over the CLI's database."""
    with TestClient(create_app(deps, make_settings(tmp_path))) as client:
        return [client.get("/api/me", headers=bearer(t)).status_code for t in tokens]


def test_a_revoked_user_can_no_longer_sign_in(deps: Deps, tmp_path: Path, database: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    token = add(capsys, "--name", "Người rời đi", "--role", "drafter", "--unit", "18328")[1]
    other = add(capsys, "--name", "Người ở lại", "--role", "drafter", "--unit", "18328")[1]
    assert main(["users", "revoke", "--name", "Người rời đi"]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert "Đã thu hồi" in err
    assert me_status(deps, tmp_path, token.strip(), other.strip()) == [401, 200]
    assert main(["users", "list", "--json"]) == 0
    assert "Người rời đi" in capsys.readouterr().out  # the user stays: drafts and events name them


def test_rotate_prints_a_new_token_and_the_old_one_stops_working(
        deps: Deps, tmp_path: Path, database: str, capsys: pytest.CaptureFixture[str]) -> None:
    old = add(capsys, "--name", "Người duyệt", "--role", "reviewer", "--unit", "42")[1].strip()
    assert main(["users", "rotate", "--name", "Người duyệt"]) == 0
    out, err = capsys.readouterr()
    new = out.strip()
    assert len(new) >= 40
    assert new != old
    assert "chỉ hiện một lần" in err
    assert me_status(deps, tmp_path, old, new) == [401, 200]


def test_rotate_gives_a_revoked_user_a_way_back(deps: Deps, tmp_path: Path, database: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    add(capsys, "--name", "A", "--role", "drafter", "--unit", "18328")
    assert main(["users", "revoke", "--name", "A"]) == 0
    assert main(["users", "rotate", "--name", "A"]) == 0
    assert me_status(deps, tmp_path, capsys.readouterr().out.strip()) == [200]


@pytest.mark.parametrize("command", ["revoke", "rotate"])
@pytest.mark.parametrize(("name", "message"), [
    ("Không Có Ai", "Không có người dùng tên “Không Có Ai”"),
    ("a", "Không có người dùng tên “a”"),  # names are matched exactly
    ("   ", "Tên người dùng không được để trống"),
])
def test_revoke_and_rotate_refuse_an_unknown_name_in_vietnamese(
        database: str, capsys: pytest.CaptureFixture[str], command: str, name: str,
        message: str) -> None:
    add(capsys, "--name", "A", "--role", "drafter", "--unit", "18328")
    assert main(["users", command, "--name", name]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("lỗi: ")
    assert message in err
