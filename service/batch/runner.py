"""Render many plan requests into one ZIP, streamed to disk, one failing unit never stopping it.

The ZIP is byte-stable: fixed entry timestamps and permissions, entries in the order of the items
(the province first, then the units by code), and `manifest.csv` last.  Each document is written
to the archive as soon as it is rendered, so memory does not grow with the number of units.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from service.deps import Deps
from service.errors import PlanError
from service.spec.request import PlanRequest
from service.units import Tier, Unit
from service.units.directory import fold

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
MANIFEST = "manifest.csv"
FINDINGS_NOTE = "findings (không kiểm tra: service.review không dùng được)"
COLUMNS = ("unit_code", "unit_name", "level", "kind", "category", "file", "sha256", "findings",
           "error")

Checker = Callable[[bytes], Sequence[Any]]


@dataclass(frozen=True)
class BatchItem:
    """One document to make: its request, or the error that already stopped it."""

    unit: Unit
    kind: str
    request: PlanRequest | None
    category: str = ""
    error: str = ""


@dataclass(frozen=True)
class ManifestRow:
    unit_code: int
    unit_name: str
    level: str
    kind: str
    category: str
    file: str
    sha256: str
    findings: int
    error: str

    def cells(self) -> list[str]:
        return [str(self.unit_code), self.unit_name, self.level, self.kind, self.category,
                self.file, self.sha256, str(self.findings), self.error]


@dataclass
class BatchSummary:
    rows: list[ManifestRow] = field(default_factory=list)
    seconds: float = 0.0
    reviewed: bool = True

    @property
    def done(self) -> int:
        return sum(1 for r in self.rows if not r.error)

    @property
    def failed(self) -> int:
        return sum(1 for r in self.rows if r.error)


Progress = Callable[[int, int, ManifestRow], None]


def slug(text: str) -> str:
    """ASCII file-name part: 'xã Ia Rvê' -> 'xa-ia-rve'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def entry_name(index: int, item: BatchItem) -> str:
    return f"{index:03d}-{slug(item.unit.full)}-{item.kind}.docx"


def load_checker() -> Checker | None:
    """The ND30 checker, or None when `service.review` cannot be imported."""
    try:
        from service.review import check_docx
    except ImportError:
        return None
    return check_docx


@dataclass(frozen=True)
class RenderedItem:
    """One item done: its manifest row, and its ZIP entry name and bytes (empty on error)."""

    index: int
    row: ManifestRow
    name: str = ""
    data: bytes = b""


def render_items(items: Sequence[BatchItem], deps: Deps, *, review: bool = True,
                 first: int | None = None) -> Iterator[RenderedItem]:
    """Render `items` in order, numbered from `first` (000 when the first is the province plan).

    Yields each item as soon as it is done; one failing item yields a row with its error.
    """
    checker = load_checker() if review else None
    if first is None:
        first = 0 if items and items[0].unit.tier is Tier.PROVINCE else 1
    for offset, item in enumerate(items):
        yield render_item(first + offset, item, deps, checker)


def run_batch(items: Sequence[BatchItem], deps: Deps, output: Path, *,
              progress: Progress | None = None, review: bool = True,
              extra: Mapping[str, bytes] | None = None) -> BatchSummary:
    """Render `items` into the ZIP at `output`, numbered 000 (the province plan), 001, 002 ….

    `extra`: more files (e.g. `issues.csv`) written after the documents, before the manifest.
    """
    summary = BatchSummary(reviewed=review and load_checker() is not None)
    started = time.perf_counter()
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, rendered in enumerate(render_items(items, deps, review=review), start=1):
            if rendered.data:
                _write(archive, rendered.name, rendered.data)
            summary.rows.append(rendered.row)
            if progress is not None:
                progress(done, len(items), rendered.row)
        for name, data in (extra or {}).items():
            _write(archive, name, data)
        _write(archive, MANIFEST, manifest_csv(summary.rows, reviewed=summary.reviewed))
    summary.seconds = time.perf_counter() - started
    return summary


def render_item(index: int, item: BatchItem, deps: Deps,
                checker: Checker | None) -> RenderedItem:
    """One item through the pipeline (and the checker): never raises for a bad unit."""
    from service.pipeline import build_plan

    def row(file: str = "", digest: str = "", findings: int = 0, error: str = "") -> ManifestRow:
        return ManifestRow(item.unit.code, item.unit.full, item.unit.level, item.kind,
                           item.category, file, digest, findings, error)

    if item.request is None or item.error:
        return RenderedItem(index, row(error=item.error or "Không có yêu cầu."))
    try:
        data = build_plan(item.request, deps).docx
        findings = len(checker(data)) if checker is not None else 0
    except PlanError as e:
        return RenderedItem(index, row(error=str(e)))
    except Exception as e:  # noqa: BLE001 — one unit's failure must not stop the batch
        return RenderedItem(index, row(error=f"Lỗi không mong đợi khi dựng văn bản: "
                                             f"{type(e).__name__}: {e}"))
    name = entry_name(index, item)
    return RenderedItem(index, row(name, hashlib.sha256(data).hexdigest(), findings), name, data)


def _write(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 3
    archive.writestr(info, data)


def manifest_csv(rows: Iterable[ManifestRow], *, reviewed: bool = True) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c if c != "findings" or reviewed else FINDINGS_NOTE for c in COLUMNS])
    for r in rows:
        writer.writerow(r.cells())
    return buffer.getvalue().encode("utf-8-sig")
