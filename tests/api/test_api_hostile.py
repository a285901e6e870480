"""The attacks of issue 11 against a live service (`kehoach serve`'s app under uvicorn, in its
own process): the paragraph bomb, the zip bomb, an entity bomb and a malformed theme, each sent
to /api/check and /api/compare, are refused (413 or 422, in Vietnamese) in under 2 s each; the
server's own memory (VmHWM, its peak, from /proc) grows by less than 150 MB over all of them,
three at once included; and it answers afterwards.  The uploads are read in the check workers
(`service.api.workers`), within the reading bounds (`service.docx.limits`)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from api_support import SAMPLES
from hostile_docx import bombs
from live_server import Live, live_server

pytestmark = pytest.mark.slow

PLAN = (SAMPLES / "000-thuong-duc-keep-drug-free.docx").read_bytes()
BOMBS = bombs()
MB = 1_000_000


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Live, int]]:
    """The service, its workers started by a first check; its resident memory then."""
    with live_server(tmp_path_factory.mktemp("hostile"), KEHOACH_CHECK_WORKERS="2",
                     KEHOACH_BATCH_WORKERS="0") as server:
        for _ in range(2):
            answer = _check(server, PLAN)
            assert answer.status_code == 200, answer.text
        yield server, server.memory()


def _check(server: Live, data: bytes) -> httpx.Response:
    return httpx.post(f"{server.url}/api/check", files={"file": ("a.docx", data)}, timeout=60)


def _compare(server: Live, data: bytes) -> httpx.Response:
    return httpx.post(f"{server.url}/api/compare", timeout=60,
                      files={"a": ("a.docx", PLAN), "b": ("b.docx", data)})


SENDS = {"check": _check, "compare": _compare}


@pytest.mark.parametrize("endpoint", list(SENDS))
@pytest.mark.parametrize("name", list(BOMBS))
def test_each_attack_is_refused_quickly_and_the_server_stays_small(
        live: tuple[Live, int], name: str, endpoint: str) -> None:
    server, before = live
    start = time.monotonic()
    answer = SENDS[endpoint](server, BOMBS[name])
    elapsed = time.monotonic() - start
    assert answer.status_code in (413, 422), answer.text
    assert not answer.json()["detail"][0]["message"].isascii()
    assert elapsed < 2, f"{name} on /api/{endpoint}: {elapsed:.2f} s"
    assert server.memory("VmHWM") - before < 150 * MB
    assert server.alive()


def test_three_at_once_and_the_server_answers(live: tuple[Live, int]) -> None:
    server, before = live
    payloads = [BOMBS["paragraph bomb"], BOMBS["zip bomb"], BOMBS["entity bomb"]] * 2
    with ThreadPoolExecutor(6) as threads:
        answers = list(threads.map(lambda d: _check(server, d), payloads))
    assert [a.status_code for a in answers] == [413, 413, 422] * 2
    assert server.memory("VmHWM") - before < 150 * MB
    assert _check(server, PLAN).status_code == 200
