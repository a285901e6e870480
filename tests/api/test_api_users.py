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
from service.deps import Deps
from service.store import Database
from service.store.users_cli import sign_in_hint


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
        main(["users", "add", "--name", "X", "--role", "admin", "--unit", "18328"])
    assert exit_.value.code == 2


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
