"""The warm LibreOffice pool: PDFs from warm processes, at most `size` of them, a dead or hung one
replaced, and no `soffice` left behind once the pool (or the app that owns it) is closed."""

from __future__ import annotations

import os
import shutil
import signal
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.api.app import create_app
from service.api.deps import Services
from service.config import Settings
from service.deps import Deps
from service.errors import PdfUnavailable
from service.pdf.pool import OfficePool
from service.pipeline import build_plan
from service.spec import parse_request

UNO_PYTHON = "/usr/bin/python3"
pytestmark = [pytest.mark.libreoffice, pytest.mark.slow, pytest.mark.skipif(
    shutil.which("soffice") is None or not Path(UNO_PYTHON).exists()
    or not Path("/usr/lib/python3/dist-packages/uno.py").exists(),
    reason="LibreOffice with python3-uno not installed")]


def offices(marker: str) -> list[int]:
    """The pids of the soffice processes whose command line names `marker` (a pool's folder)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, ValueError):
            continue
        if "soffice" in command and marker in command:
            found.append(int(entry.name))
    return found


@pytest.fixture(scope="module")
def docx(deps: Deps) -> bytes:
    request = parse_request({"kind": "keep-drug-free", "unit": 3390, "year": 2027})
    return build_plan(request, deps).docx


@pytest.fixture
def pool() -> Iterator[OfficePool]:
    made = OfficePool(2, python=UNO_PYTHON, timeout=120)
    yield made
    made.close()


def root_of(pool: OfficePool) -> str:
    assert pool._root is not None
    return str(pool._root)


def test_warm_processes_convert_and_are_reused(pool: OfficePool, docx: bytes) -> None:
    first = pool.convert(docx)
    second = pool.convert(docx)
    assert first.startswith(b"%PDF")
    assert second.startswith(b"%PDF")
    assert b"pdfaid:part" in first  # PDF/A-2b where LibreOffice can
    assert len(pool._all) == 1  # one after another: the same warm process
    assert len(offices(root_of(pool))) >= 1


def test_at_most_size_run_at_once(pool: OfficePool, docx: bytes) -> None:
    results: list[bytes] = []
    threads = [threading.Thread(target=lambda: results.append(pool.convert(docx)))
               for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 4
    assert all(r.startswith(b"%PDF") for r in results)
    assert len(pool._all) <= 2


def test_a_dead_or_hung_office_is_replaced(pool: OfficePool, docx: bytes) -> None:
    pool.convert(docx)
    (worker,) = pool._all
    os.killpg(worker.process.pid, signal.SIGKILL)
    with pytest.raises(PdfUnavailable):
        pool.convert(docx)  # the dead one answers nothing: dropped
    assert pool.convert(docx).startswith(b"%PDF")  # a fresh one
    pool.timeout = 0.001
    with pytest.raises(PdfUnavailable, match="quá thời gian"):
        pool.convert(docx)
    pool.timeout = 120
    assert pool.convert(docx).startswith(b"%PDF")
    assert len(pool._all) == 1


def test_no_office_is_left_after_close(docx: bytes) -> None:
    pool = OfficePool(2, python=UNO_PYTHON)
    pool.convert(docx)
    marker = root_of(pool)
    assert offices(marker)
    pool.close()
    assert offices(marker) == []
    assert not Path(marker).exists()


def test_the_app_closes_its_pool(deps: Deps, tmp_path: Path) -> None:
    with warnings.catch_warnings():  # Starlette asks for `httpx2`; `httpx` still works
        warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
        from fastapi.testclient import TestClient

    settings = Settings(database_url=f"sqlite:///{tmp_path / 'db.sqlite'}", batch_workers=0,
                        pdf_workers=1, uno_python=UNO_PYTHON)
    app = create_app(deps, settings)
    with TestClient(app) as client:
        answer = client.post("/api/generate?format=pdf",
                             json={"kind": "keep-drug-free", "unit": 3390, "year": 2027})
        assert answer.content.startswith(b"%PDF")
        services: Services = app.state.services
        assert services.pdf.pool is not None
        marker = root_of(services.pdf.pool)
        assert offices(marker)
    assert offices(marker) == []


def test_without_uno_the_service_falls_back_to_a_fresh_office(
        deps: Deps, docx: bytes, tmp_path: Path) -> None:
    from service.api.pdf import PdfConverter

    settings = Settings(database_url="sqlite://", pdf_workers=2, uno_python="/no/such/python")
    converter = PdfConverter(settings)
    assert converter.convert(docx).startswith(b"%PDF")
    converter.close()
