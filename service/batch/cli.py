"""`kehoach batch`: the batch's command-line handler (argument parsing lives in service.cli)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from service.batch.runner import (
    BatchItem,
    BatchSummary,
    ManifestRow,
    Progress,
    default_workers,
    run_batch,
)
from service.deps import Deps
from service.errors import RequestError


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """0: every unit done; 1: some units failed; 2 (raised RequestError): a bad request."""
    from service.deps import default_deps

    stream = out or sys.stderr
    workers = _workers(args)
    deps = default_deps()
    items, extra = _items(args, deps, stream)
    summary = run_batch(items, deps, args.output, progress=_progress(stream),
                        review=not args.no_review, extra=extra, workers=workers)
    _report(summary, args, stream)
    return 1 if summary.failed else 0


def _items(args: argparse.Namespace, deps: Deps,
           stream: TextIO) -> tuple[list[BatchItem], dict[str, bytes]]:
    """The items to render, and extra files for the ZIP (`issues.csv` when categories had any)."""
    from service.batch.cascade import ISSUES_FILE, cascade, issues_csv
    from service.batch.items import cascade_items, kind_items
    from service.spec import load_request

    if args.request is not None:
        if args.province or args.kind or args.year:
            raise RequestError("Dùng hoặc tệp yêu cầu, hoặc --province/--kind/--year, không cả"
                               " hai.")
        csv_text = _read(args.categories) if args.categories else None
        plan = cascade(load_request(args.request), deps, csv_text)
        for issue in plan.issues:
            print(f"phân loại, {issue.where}: “{issue.unit}”: {issue.message}", file=stream)
        extra = {ISSUES_FILE: issues_csv(plan.issues)} if plan.issues else {}
        return cascade_items(plan), extra
    if args.categories:
        raise RequestError("--categories chỉ dùng cùng tệp yêu cầu kế hoạch tỉnh.")
    if not (args.province and args.kind and args.year):
        raise RequestError("Cần tệp yêu cầu kế hoạch tỉnh, hoặc đủ --province, --kind và --year.")
    return kind_items(args.province, args.kind, args.year, deps), {}


def _workers(args: argparse.Namespace) -> int:
    """`--workers N` (at least 1), by default the number of CPUs."""
    workers = getattr(args, "workers", None)
    if workers is None:
        return default_workers()
    if workers < 1:
        raise RequestError("--workers phải là số nguyên dương.")
    return int(workers)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise RequestError(f"Không đọc được tệp phân loại {path}: {e}") from None


def _progress(stream: TextIO) -> Progress:
    def show(done: int, total: int, row: ManifestRow) -> None:
        mark = "lỗi" if row.error else "xong"
        line = f"\r[{done}/{total}] {mark}: {row.unit_name}"
        print(f"{line:<70}", end="", file=stream, flush=True)
        if done == total:
            print(file=stream)

    return show


def _report(summary: BatchSummary, args: argparse.Namespace, stream: TextIO) -> None:
    for row in summary.rows:
        if row.error:
            print(f"lỗi: {row.unit_name} ({row.unit_code}): {row.error}", file=stream)
    note = "" if summary.reviewed else " (không kiểm tra thể thức)"
    print(f"{args.output}: {summary.done} xong, {summary.failed} lỗi,"
          f" {summary.seconds:.1f} giây, {summary.workers} tiến trình{note}", file=stream)
