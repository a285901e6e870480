"""PDF figures: a fresh LibreOffice per document (the service before issue 14) against the warm
pool (`service.pdf.pool`): p50 of N documents one after another, and the latency of each of C
requests at once (p50, p95, max) through a pool of W warm processes.  Prints, asserts nothing.

    .venv/bin/python bench/pdf.py [--docs 20] [--concurrent 8] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from service.api.pdf import docx_to_pdf  # noqa: E402
from service.deps import Deps  # noqa: E402
from service.pdf.pool import OfficePool  # noqa: E402
from service.pipeline import build_plan  # noqa: E402
from service.spec import parse_request  # noqa: E402


def timed(convert: Callable[[bytes], bytes], docx: bytes) -> float:
    start = time.perf_counter()
    assert convert(docx).startswith(b"%PDF")
    return time.perf_counter() - start


def at_once(convert: Callable[[bytes], bytes], docx: bytes, count: int) -> list[float]:
    times: list[float] = []
    gate = threading.Barrier(count)

    def one() -> None:
        gate.wait()
        times.append(timed(convert, docx))

    threads = [threading.Thread(target=one) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(times)


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def line(label: str, values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return (f"{label}: p50 {statistics.median(ms):.0f} ms, p95 {p95(ms):.0f} ms,"
            f" max {max(ms):.0f} ms (n={len(ms)})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=20)
    parser.add_argument("--concurrent", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cold", type=int, default=3, help="fresh-LibreOffice samples")
    args = parser.parse_args()
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {platform.machine()},"
          f" nproc {os.cpu_count()}, Python {platform.python_version()},"
          f" load {os.getloadavg()[0]:.1f}")
    request = parse_request({"kind": "keep-drug-free", "unit": 3390, "year": 2027})
    docx = build_plan(request, Deps.build()).docx
    print(line("fresh LibreOffice per PDF, one after another",
               [timed(docx_to_pdf, docx) for _ in range(args.cold)]))
    pool = OfficePool(args.workers)
    try:
        start = time.perf_counter()
        at_once(pool.convert, docx, args.workers)  # start the warm processes
        print(f"pool of {args.workers}: started in {time.perf_counter() - start:.1f} s")
        print(line("warm pool, one after another",
                   [timed(pool.convert, docx) for _ in range(args.docs)]))
        print(line(f"warm pool, {args.concurrent} at once",
                   at_once(pool.convert, docx, args.concurrent)))
    finally:
        pool.close()


if __name__ == "__main__":
    main()
