"""One rule for every text the database keeps (issue 11): draft titles, review comments, user
names and job labels refuse what request fields refuse (control characters, line separators,
lone surrogates), are folded as they are (comments keep their line breaks), and are bounded; the
refusal names the field, in Vietnamese, whoever calls the store."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from store_support import ACTOR, content

from service.deps import Deps
from service.errors import RequestError
from service.store import Database, DraftRepository, EventLog, ReviewRepository, UserRepository
from service.store.text import stored
from service.units import Tier

BAD = ["a\x00b", "a\x07b", "a\x1bb", "a\x7fb", "a\x85b", "a\u2028b", "a\ud800b", "a\uffffb"]


@pytest.mark.parametrize(("text", "lines", "kept"), [
    ("  Kế   hoạch\tnăm 2026 ", False, "Kế hoạch năm 2026"),
    ("Dòng một\nDòng hai", False, "Dòng một Dòng hai"),
    ("\nDòng   một\r\n\nDòng hai  \n", True, "Dòng một\n\nDòng hai"),
    ("{{ 7*7 }} <script>", False, "{{ 7*7 }} <script>"),
])
def test_a_text_is_kept_folded(text: str, lines: bool, kept: str) -> None:
    assert stored(text, "title", 300, lines=lines) == kept


@pytest.mark.parametrize("text", BAD)
def test_an_unprintable_character_is_refused_naming_the_field(text: str) -> None:
    with pytest.raises(RequestError) as caught:
        stored(text, "comments", 300, lines=True)
    assert (caught.value.field, caught.value.message) == (
        "comments", "có ký tự điều khiển không in được")


def test_a_text_too_long_is_refused() -> None:
    with pytest.raises(RequestError, match="dài quá: 301 ký tự \\(tối đa 300\\)"):
        stored("x" * 301, "title", 300)


def _draft(db: Database, title: str) -> None:
    DraftRepository(db).create(content(title), ACTOR)


def _comment(db: Database, comments: str) -> None:
    draft = DraftRepository(db).create(content(), ACTOR)
    ReviewRepository(db).move(draft.id, "submit", ACTOR, comments=comments)


STORES: dict[str, Callable[[Database, str], None]] = {"title": _draft, "comments": _comment}


@pytest.mark.parametrize("field", ["title", "comments"])
@pytest.mark.parametrize("text", BAD[:3])
def test_the_store_refuses_what_a_request_would(db: Database, field: str, text: str) -> None:
    with pytest.raises(RequestError) as caught:
        STORES[field](db, text)
    assert caught.value.field == field
    drafts = DraftRepository(db).recent()
    assert [d.state for d in drafts] == (["draft"] if field == "comments" else [])
    assert [e.action for d in drafts for e in EventLog(db).history(d.id)] == (
        ["create"] if field == "comments" else [])  # the move and its event rolled back


@pytest.mark.parametrize("text", BAD[:3])
def test_a_user_name_follows_the_rule(db: Database, text: str, deps: Deps) -> None:
    commune = next(iter(deps.units.units(Tier.COMMUNE)))
    with pytest.raises(RequestError) as caught:
        UserRepository(db).add(text, "drafter", commune)
    assert caught.value.field == "name"
    assert UserRepository(db).count() == 0
