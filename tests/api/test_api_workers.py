"""The worker processes that check and compare uploads (`service.api.workers`): a call runs in a
worker and its PlanError comes back as itself; a worker over its memory or its time is killed
(with its process group) and replaced, the caller refused in Vietnamese (413, 422); a worker
that dies or fails is a refusal too; the web process stays small meanwhile."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from api_support import SAMPLES
from worker_tasks import die, fail, grandchild, hog, nap, own_pid, pid_after_nap, refuse

from service.api.workers import CheckPool, check_upload, compare_uploads
from service.config import Settings
from service.deps import Deps
from service.errors import RequestError, TooLarge, UnitNotFound

PLAN = (SAMPLES / "000-thuong-duc-keep-drug-free.docx").read_bytes()
LIMIT = 6
"""The pool's time limit: room for a niced worker on a loaded machine, short for the test."""


@pytest.fixture
def pool(tmp_path: Path) -> Iterator[CheckPool]:
    checks = CheckPool(Settings(check_workers=1, check_memory_mb=300, check_seconds=LIMIT))
    yield checks
    checks.close()


def test_a_check_runs_in_a_worker_as_in_process(pool: CheckPool, deps: Deps) -> None:
    from service.review import check_docx, to_json

    assert pool.call(check_upload, PLAN, False, False) == to_json(check_docx(PLAN, deps))
    assert pool.call(compare_uploads, PLAN, PLAN)["identical"] is True
    assert pool.call(own_pid) not in (os.getpid(), None)


def test_a_plan_error_comes_back_with_its_fields(pool: CheckPool) -> None:
    with pytest.raises(UnitNotFound) as caught:
        pool.call(refuse)
    assert (caught.value.field, caught.value.candidates) == ("unit", ["A", "B"])
    assert caught.value.message == "Không tìm thấy đơn vị “X”."


def test_a_worker_over_its_memory_is_killed_and_replaced(pool: CheckPool) -> None:
    first = pool.call(own_pid)
    start = time.monotonic()
    with pytest.raises(TooLarge, match="quá nhiều bộ nhớ để đọc \\(hơn 300 MB\\)"):
        pool.call(hog, 400)
    assert time.monotonic() - start < 5  # killed as it grew, before its 5 s nap ended
    assert not _alive(first)
    assert pool.call(own_pid) != first
    assert pool.call(nap, 0) == "rested"


def test_an_allocation_past_the_ceiling_fails_in_the_worker(pool: CheckPool) -> None:
    """The address-space ceiling (mapped + 2 × the limit) stops one huge allocation at once:
    a MemoryError, answered 413, and the worker lives on."""
    first = pool.call(own_pid)
    with pytest.raises(TooLarge, match="quá nhiều bộ nhớ"):
        pool.call(hog, 2_000)
    assert pool.call(own_pid) == first


def test_a_worker_over_its_time_is_killed_with_what_it_started(pool: CheckPool,
                                                               tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    first = pool.call(own_pid)
    start = time.monotonic()
    with pytest.raises(RequestError, match=f"quá lâu \\(hơn {LIMIT} giây\\)"):
        pool.call(grandchild, str(pid_file))
    assert LIMIT <= time.monotonic() - start < LIMIT + 5
    assert not _alive(first)
    assert not _alive(int(pid_file.read_text()))  # the process group went with it
    assert pool.call(nap, 0) == "rested"


def test_a_worker_that_dies_or_fails_is_a_refusal(pool: CheckPool) -> None:
    with pytest.raises(RequestError, match="dừng bất thường \\(mã 7\\)"):
        pool.call(die)
    with pytest.raises(RequestError, match="Không đọc được tệp .docx này") as caught:
        pool.call(fail)
    assert type(caught.value) is RequestError
    assert pool.call(nap, 0) == "rested"


def test_calls_wait_for_a_free_worker(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    checks = CheckPool(Settings(check_workers=2, check_seconds=20))
    try:
        with ThreadPoolExecutor(4) as threads:
            pids = set(threads.map(lambda _: checks.call(pid_after_nap), range(6)))
        assert len(pids) == 2
    finally:
        checks.close()
    assert all(not _alive(pid) for pid in pids)



def _alive(pid: int, seconds: float = 5) -> bool:
    """Whether process `pid` still runs after `seconds` (a killed one is gone or a zombie by
    then: its parent, the fork server, reaps it in its own time)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z":
                return False
        except OSError:
            return False
        time.sleep(0.05)
    return True


def test_the_workers_run_at_a_lower_priority(pool: CheckPool) -> None:
    pid = pool.call(own_pid)
    assert os.getpriority(os.PRIO_PROCESS, pid) >= os.getpriority(os.PRIO_PROCESS, 0) + 10
    assert os.getpgid(pid) == pid
    os.kill(pid, signal.SIGKILL)  # a worker killed from outside while idle is replaced
    assert not _alive(pid)
    assert pool.call(nap, 0) == "rested"
