"""`kehoach batch`: a province plan and one plan per commune (from a province request and its
categories), or one kind for every unit of a province, into one ZIP with `manifest.csv`.

Exit status 0: every unit done; 1: some units failed (each listed); 2: a bad request.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from service.cli.common import Subparsers
from service.errors import RequestError

if TYPE_CHECKING:
    from service.batch.runner import BatchItem, BatchSummary, Progress
    from service.deps import Deps
    from service.store import UnitResult


def add_parser(sub: Subparsers) -> None:
    b = sub.add_parser("batch", help="dựng hàng loạt: kế hoạch tỉnh và kế hoạch từng xã, phường")
    b.add_argument("request", type=Path, nargs="?", help="yêu cầu kế hoạch tỉnh (phân loại xã)")
    b.add_argument("--categories", type=Path, help="CSV: mã hoặc tên đơn vị, phân loại[, JSON]")
    b.add_argument("--province", help="tên hoặc mã số tỉnh, thành phố")
    b.add_argument("--kind", help="loại kế hoạch cho mọi đơn vị phù hợp của tỉnh")
    b.add_argument("--year", type=int, help="năm kế hoạch (cùng --province, --kind)")
    b.add_argument("-o", "--output", type=Path, required=True)
    b.add_argument("--no-review", action="store_true", help="không kiểm tra thể thức từng tệp")
    b.add_argument("--workers", type=int, default=None,
                   help="số tiến trình dựng song song (mặc định: số nhân CPU; 1: tuần tự)")
    b.set_defaults(handler=batch)


def batch(args: argparse.Namespace) -> int:
    from service.batch.runner import run_batch
    from service.deps import default_deps

    workers = _workers(args.workers)
    deps = default_deps()
    items, extra = _items(args, deps)
    summary = run_batch(items, deps, args.output, progress=_progress(sys.stderr),
                        review=not args.no_review, extra=extra, workers=workers)
    _report(summary, args.output, sys.stderr)
    return 1 if summary.failed else 0


def _items(args: argparse.Namespace, deps: Deps) -> tuple[list[BatchItem], dict[str, bytes]]:
    """The items to render, and extra files for the ZIP (`issues.csv` when categories had any)."""
    from service.batch.items import cascade_batch, kind_items
    from service.spec import load_request

    if args.request is not None:
        if args.province or args.kind or args.year:
            raise RequestError("Dùng hoặc tệp yêu cầu, hoặc --province/--kind/--year, không cả"
                               " hai.")
        csv_text = _read(args.categories) if args.categories else None
        batch = cascade_batch(load_request(args.request), deps, csv_text)
        for issue in batch.issues:
            print(f"phân loại, {issue.where}: “{issue.unit}”: {issue.message}", file=sys.stderr)
        return batch.items, batch.extra
    if args.categories:
        raise RequestError("--categories chỉ dùng cùng tệp yêu cầu kế hoạch tỉnh.")
    if not (args.province and args.kind and args.year):
        raise RequestError("Cần tệp yêu cầu kế hoạch tỉnh, hoặc đủ --province, --kind và --year.")
    return kind_items(args.province, args.kind, args.year, deps), {}


def _workers(workers: int | None) -> int:
    """`--workers N` (at least 1), by default the number of CPUs."""
    from service.batch.runner import default_workers

    if workers is None:
        return default_workers()
    if workers < 1:
        raise RequestError("--workers phải là số nguyên dương.")
    return workers


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise RequestError(f"Không đọc được tệp phân loại {path}: {e}") from None


def _progress(stream: TextIO) -> Progress:
    def show(done: int, total: int, row: UnitResult) -> None:
        mark = "lỗi" if row.error else "xong"
        line = f"\r[{done}/{total}] {mark}: {row.unit_name}"
        print(f"{line:<70}", end="", file=stream, flush=True)
        if done == total:
            print(file=stream)

    return show


def _report(summary: BatchSummary, output: Path, stream: TextIO) -> None:
    for row in summary.rows:
        if row.error:
            print(f"lỗi: {row.unit_name} ({row.unit_code}): {row.error}", file=stream)
    note = "" if summary.reviewed else " (không kiểm tra thể thức)"
    print(f"{output}: {summary.done} xong, {summary.failed} lỗi,"
          f" {summary.seconds:.1f} giây, {summary.workers} tiến trình{note}", file=stream)
