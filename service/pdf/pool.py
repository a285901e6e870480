"""A bounded pool of warm LibreOffice processes for PDF: each worker (`uno_worker.py`, run by a
Python with LibreOffice's `uno`) keeps one `soffice` with its own profile, started once and
reused; at most `size` run at once, the other requests wait their turn.  A worker that dies,
answers an error or takes longer than `timeout` is killed with its whole process group (no
orphan `soffice`) and replaced by a fresh one on the next request.  `close()` ends them all.

When no Python with `uno` is found, `convert` raises `PoolUnavailable` and the caller falls back
to a fresh `soffice --convert-to` per document (`service.api.pdf`).
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import select
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

from service.errors import PdfUnavailable, PoolUnavailable

WORKER = Path(__file__).with_name("uno_worker.py")


class Worker:
    """One warm LibreOffice: its process group, its profile, one job at a time."""

    def __init__(self, python: str, soffice: str, root: Path, start_timeout: float) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="worker-", dir=root))
        self.process = subprocess.Popen(
            [python, str(WORKER), soffice, (self.folder / "profile").as_uri()],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            start_new_session=True)
        if self._answer(start_timeout) != "ready":
            self.kill()
            raise PoolUnavailable("LibreOffice không khởi động được để xuất PDF.")

    def convert(self, docx: bytes, timeout: float) -> bytes:
        source, target = self.folder / "in.docx", self.folder / "out.pdf"
        source.write_bytes(docx)
        target.unlink(missing_ok=True)
        job = json.dumps({"in": str(source), "out": str(target)}) + "\n"
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(job.encode())
            self.process.stdin.flush()
        except OSError:  # it died since its last job
            raise PdfUnavailable("LibreOffice đã dừng; hãy thử lại.") from None
        answer = self._answer(timeout)
        if answer != "ok" or not target.is_file():
            raise PdfUnavailable(f"LibreOffice không chuyển được tệp sang PDF ({answer}).")
        return target.read_bytes()

    def _answer(self, timeout: float) -> str:
        out = self.process.stdout
        assert out is not None
        ready, _, _ = select.select([out], [], [], timeout)
        if not ready:
            return "quá thời gian"
        line = out.readline().decode("utf-8", "replace").strip()
        return line or "LibreOffice đã dừng"

    def kill(self) -> None:
        """The worker and its soffice, at once, then its folder."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        shutil.rmtree(self.folder, ignore_errors=True)


class OfficePool:
    """At most `size` warm LibreOffice processes, started on demand, shared by threads."""

    def __init__(self, size: int, soffice: str = "soffice", python: str = "/usr/bin/python3",
                 timeout: float = 60, start_timeout: float = 120) -> None:
        self.size, self.soffice, self.python = size, soffice, python
        self.timeout, self.start_timeout = timeout, start_timeout
        self._slots = threading.BoundedSemaphore(size)
        self._idle: queue.SimpleQueue[Worker] = queue.SimpleQueue()
        self._all: set[Worker] = set()
        self._lock = threading.Lock()
        self._root: Path | None = None
        self._closed = False

    def convert(self, docx: bytes) -> bytes:
        """The PDF of `docx`; PdfUnavailable when LibreOffice fails (the worker is replaced)."""
        with self._slots:
            worker = self._take()
            try:
                pdf = worker.convert(docx, self.timeout)
            except BaseException:
                self._drop(worker)
                raise
            self._idle.put(worker)
            return pdf

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.kill()
        if self._root is not None:
            shutil.rmtree(self._root, ignore_errors=True)

    def _take(self) -> Worker:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        if shutil.which(self.python) is None or shutil.which(self.soffice) is None:
            raise PoolUnavailable("Không có LibreOffice (và Python có uno) để giữ sẵn.")
        with self._lock:
            if self._closed:
                raise PoolUnavailable("Bộ xuất PDF đã đóng.")
            self._root = self._root or Path(tempfile.mkdtemp(prefix="kehoach-office-"))
            root = self._root
        worker = Worker(self.python, self.soffice, root, self.start_timeout)
        with self._lock:
            self._all.add(worker)
        return worker

    def _drop(self, worker: Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.kill()
