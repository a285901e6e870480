"""Preview latency while hostile uploads arrive (issue 11): a client previews a plan again and
again on a live service (`kehoach serve`'s app under uvicorn, its check workers at the default
2), first alone, then while three clients keep sending the paragraph bomb, the zip bomb and the
entity bomb to /api/check at once.  Prints each phase's preview p50/p95/max, the bombs' answers
and times, the server's peak memory growth (VmHWM from /proc), the machine and the load.

    .venv/bin/python bench/hostile.py [--seconds 20]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from hostile_docx import bombs  # noqa: E402
from live_server import Live, live_server  # noqa: E402

PREVIEW = {"kind": "keep-drug-free", "unit": 18328, "year": 2026}
ATTACKS = ("paragraph bomb", "zip bomb", "entity bomb")


def previews(server: Live, seconds: float) -> list[float]:
    """Preview times (ms) of one client previewing for `seconds`."""
    out: list[float] = []
    with httpx.Client(timeout=60) as client:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            start = time.perf_counter()
            answer = client.post(f"{server.url}/api/preview", json=PREVIEW)
            out.append((time.perf_counter() - start) * 1000)
            assert answer.status_code == 200, answer.text
    return out


def attack(server: Live, data: bytes, stop: threading.Event, seen: list[tuple[int, float]]
           ) -> None:
    with httpx.Client(timeout=120) as client:
        while not stop.is_set():
            start = time.perf_counter()
            answer = client.post(f"{server.url}/api/check", files={"file": ("b.docx", data)})
            seen.append((answer.status_code, (time.perf_counter() - start) * 1000))


def summary(name: str, times: list[float]) -> str:
    p95 = statistics.quantiles(times, n=20)[18]
    return (f"{name:<28} n={len(times):<5} p50={statistics.median(times):6.1f} ms"
            f"  p95={p95:6.1f} ms  max={max(times):6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    made = bombs()
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor())
    print(f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC · {os.cpu_count()} CPU ({cpu}) ·"
          f" Python {platform.python_version()} · load {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as folder, live_server(Path(folder),
                                                              KEHOACH_BATCH_WORKERS="0") as server:
        for _ in range(2):  # the workers started, the preview's caches warm
            httpx.post(f"{server.url}/api/check", timeout=60,
                       files={"file": ("a.docx", made["malformed theme"])})
        previews(server, 2)
        before = server.memory()
        alone = previews(server, args.seconds)
        stop, seen = threading.Event(), {name: [] for name in ATTACKS}
        threads = [threading.Thread(target=attack, args=(server, made[n], stop, seen[n]))
                   for n in ATTACKS]
        for thread in threads:
            thread.start()
        under = previews(server, args.seconds)
        stop.set()
        for thread in threads:
            thread.join()
        grown = (server.memory("VmHWM") - before) / 1e6
        print(summary("preview alone", alone))
        print(summary("preview under 3 bombs", under))
        for name in ATTACKS:
            codes = sorted({code for code, _ in seen[name]})
            print(summary(f"  {name} {codes}", [ms for _, ms in seen[name]]))
        print(f"server peak memory growth: {grown:.1f} MB (VmHWM − VmRSS before);"
              f" alive: {server.alive()}; load {os.getloadavg()}")


if __name__ == "__main__":
    main()
