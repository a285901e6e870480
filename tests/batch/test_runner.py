"""The batch runner: a streamed, byte-stable ZIP with a manifest; failures listed, not fatal."""

from __future__ import annotations

import csv
import hashlib
import io
import threading
import zipfile
from pathlib import Path

import docx
import pytest

from service.batch.cascade import cascade
from service.batch.items import cascade_items, kind_items
from service.batch.runner import (
    FINDINGS_NOTE,
    MANIFEST,
    BatchItem,
    _start,
    pool_size,
    render_items,
    run_batch,
    slug,
)
from service.deps import Deps
from service.errors import KindMismatch, RequestError, UnitNotFound
from service.spec import load_request, parse_request
from service.spec.request import PlanRequest
from service.store.jobs import MANIFEST_COLUMNS, UnitResult
from service.units import Tier

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "001-dak-lak-province-drug-free.yaml"


@pytest.fixture(scope="module")
def dak_lak() -> PlanRequest:
    return load_request(SAMPLE)


def _manifest(path: Path) -> list[dict[str, str]]:
    with zipfile.ZipFile(path) as z:
        text = z.read(MANIFEST).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _texts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: "\n".join(p.text for p in docx.Document(io.BytesIO(z.read(n))).paragraphs)
                for n in z.namelist() if n.endswith(".docx")}


def _small(dak_lak: PlanRequest, deps: Deps) -> list[BatchItem]:
    """The province and four communes, one of each category."""
    items = cascade_items(cascade(dak_lak, deps))
    seen: set[str] = set()
    picked = [items[0]]
    for item in items[1:]:
        if item.category not in seen:
            seen.add(item.category)
            picked.append(item)
    return picked


@pytest.mark.parametrize(("text", "expected"), [
    ("xã Ia Rvê", "xa-ia-rve"), ("xã M'Drắk", "xa-m-drak"), ("tỉnh Đắk Lắk", "tinh-dak-lak"),
    ("Phường 1", "phuong-1"), ("xã Ea H'Leo", "xa-ea-h-leo"),
])
def test_slug_is_ascii(text: str, expected: str) -> None:
    assert slug(text) == expected


def test_zip_holds_documents_and_manifest(dak_lak: PlanRequest, deps: Deps,
                                          tmp_path: Path) -> None:
    items = _small(dak_lak, deps)
    out = tmp_path / "plans.zip"
    summary = run_batch(items, deps, out)
    assert (summary.done, summary.failed) == (5, 0)
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in z.infolist())
    assert names[0] == "000-tinh-dak-lak-province-drug-free.docx"
    assert names[-1] == MANIFEST
    assert len(names) == 6
    rows = _manifest(out)
    assert list(rows[0]) == list(MANIFEST_COLUMNS)
    assert [r["kind"] for r in rows] == [i.kind for i in items]
    assert [r["category"] for r in rows[1:]] == [i.category for i in items[1:]]
    with zipfile.ZipFile(out) as z:
        for row in rows:
            assert row["file"] in names
            assert row["error"] == ""
            assert row["sha256"] == hashlib.sha256(z.read(row["file"])).hexdigest()
            assert int(row["findings"]) >= 0
    keep = next(r for r in rows if r["category"] == "keep")
    assert keep["file"].endswith(f"-{slug(keep['unit_name'])}-keep-drug-free.docx")
    assert keep["level"] == "xã"
    assert int(keep["unit_code"]) > 0


def test_a_failing_unit_is_listed_and_the_batch_goes_on(dak_lak: PlanRequest, deps: Deps,
                                                        tmp_path: Path) -> None:
    good = _small(dak_lak, deps)[:2]
    unit = deps.units.find("Ia Rvê, Đắk Lắk", Tier.COMMUNE)
    refused = parse_request({"kind": "district-drug-free", "unit": unit.code, "year": 2026})
    items = [good[0], BatchItem(unit, "keep-drug-free", refused, "keep"),
             BatchItem(unit, "whole-people-model", None, "build", "thông tin sai"), good[1]]
    seen: list[tuple[int, int, UnitResult]] = []
    out = tmp_path / "plans.zip"
    summary = run_batch(items, deps, out, progress=lambda d, t, r: seen.append((d, t, r)),
                        review=False)
    assert (summary.done, summary.failed) == (2, 2)
    assert [(d, t) for d, t, _ in seen] == [(1, 4), (2, 4), (3, 4), (4, 4)]
    rows = _manifest(out)
    assert [bool(r["error"]) for r in rows] == [False, True, True, False]
    assert "01/7/2025" in rows[1]["error"]
    assert rows[2]["error"] == "thông tin sai"
    assert rows[1]["file"] == rows[1]["sha256"] == ""
    assert len(_texts(out)) == 2
    assert rows[3]["file"].startswith("003-")


def test_findings_column_notes_when_not_reviewed(dak_lak: PlanRequest, deps: Deps,
                                                 tmp_path: Path) -> None:
    out = tmp_path / "plans.zip"
    run_batch(_small(dak_lak, deps)[:1], deps, out, review=False,
              extra={"issues.csv": b"where,unit,message\n"})
    with zipfile.ZipFile(out) as z:
        assert z.namelist()[1:] == ["issues.csv", MANIFEST]
        assert z.read("issues.csv") == b"where,unit,message\n"
    rows = _manifest(out)
    assert list(rows[0]) == [FINDINGS_NOTE if c == "findings" else c for c in MANIFEST_COLUMNS]
    assert rows[0][FINDINGS_NOTE] == "0"


def test_same_request_twice_gives_the_same_zip(dak_lak: PlanRequest, deps: Deps,
                                               tmp_path: Path) -> None:
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    run_batch(_small(dak_lak, deps), deps, first)
    run_batch(_small(dak_lak, deps), deps, second)
    assert first.read_bytes() == second.read_bytes()
    assert len(_texts(first)) == 5


def _mixed(dak_lak: PlanRequest, deps: Deps) -> list[BatchItem]:
    """The small cascade with a refused request and a unit already in error in the middle."""
    good = _small(dak_lak, deps)
    unit = deps.units.find("Ia Rvê, Đắk Lắk", Tier.COMMUNE)
    refused = parse_request({"kind": "district-drug-free", "unit": unit.code, "year": 2026})
    return [*good[:2], BatchItem(unit, "keep-drug-free", refused, "keep"),
            BatchItem(unit, "whole-people-model", None, "build", "thông tin sai"), *good[2:]]


@pytest.mark.slow
@pytest.mark.parametrize("review", [True, False])
def test_two_workers_write_the_same_zip_as_one(dak_lak: PlanRequest, deps: Deps,
                                               tmp_path: Path, review: bool) -> None:
    items = _mixed(dak_lak, deps)
    one, two = tmp_path / "one.zip", tmp_path / "two.zip"
    seen: list[int] = []
    single = run_batch(items, deps, one, review=review)
    pooled = run_batch(items, deps, two, review=review, workers=2,
                       progress=lambda done, total, row: seen.append(done))
    assert one.read_bytes() == two.read_bytes()
    assert (single.workers, pooled.workers) == (1, 2)
    assert (pooled.done, pooled.failed) == (5, 2)
    assert seen == list(range(1, len(items) + 1))
    rows = _manifest(two)
    assert [r["unit_code"] for r in rows] == [str(i.unit.code) for i in items]
    if review:
        assert all(r["findings"].isdigit() for r in rows)


@pytest.mark.slow
def test_spawned_workers_write_the_same_zip(dak_lak: PlanRequest, deps: Deps,
                                            tmp_path: Path) -> None:
    """A process with threads (a web service) spawns workers that build their own Deps."""
    items = _mixed(dak_lak, deps)[:4]
    one, two = tmp_path / "one.zip", tmp_path / "two.zip"
    run_batch(items, deps, one)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert _start(deps)[0].get_start_method() == "spawn"
        run_batch(items, deps, two, workers=2)
    finally:
        stop.set()
        other.join()
    assert _start(deps)[0].get_start_method() in ("fork", "spawn")
    assert one.read_bytes() == two.read_bytes()


@pytest.mark.slow
def test_render_items_in_order_from_first(dak_lak: PlanRequest, deps: Deps) -> None:
    items = _small(dak_lak, deps)[1:]
    pooled = list(render_items(items, deps, review=False, first=41, workers=2))
    assert [r.index for r in pooled] == [41, 42, 43, 44]
    assert [r.result.file[:3] for r in pooled] == ["041", "042", "043", "044"]
    single = list(render_items(items, deps, review=False, first=41))
    assert pooled == single


@pytest.mark.parametrize(("workers", "items", "size"), [(1, 100, 1), (2, 100, 2), (8, 3, 3),
                                                        (2, 1, 1), (2, 0, 1), (0, 5, 1)])
def test_pool_size(workers: int, items: int, size: int) -> None:
    assert pool_size(workers, items) == size


@pytest.mark.slow
def test_full_dak_lak_cascade_zip(dak_lak: PlanRequest, deps: Deps, tmp_path: Path) -> None:
    out = tmp_path / "plans.zip"
    summary = run_batch(cascade_items(cascade(dak_lak, deps)), deps, out, review=False)
    assert (summary.done, summary.failed) == (103, 0)
    rows = _manifest(out)
    assert len(rows) == 103
    texts = _texts(out)
    assert len(texts) == 103
    cite = "Kế hoạch của Ủy ban nhân dân tỉnh Đắk Lắk về xây dựng xã, phường không ma túy"
    for row in rows[1:]:
        assert cite in " ".join(texts[row["file"]].split()), row["unit_name"]


@pytest.mark.parametrize(("province", "kind", "year", "count", "level"), [
    ("Đắk Lắk", "province-drug-free", 2026, 1, "tỉnh"),
    ("66", "keep-drug-free", 2026, 102, None),
    ("Lai Châu", "district-drug-free", 2024, 8, None),
])
def test_kind_items_cover_the_units_the_kind_fits(deps: Deps, province: str, kind: str,
                                                  year: int, count: int,
                                                  level: str | None) -> None:
    items = kind_items(province, kind, year, deps)
    assert len(items) == count
    assert all(i.request is not None and i.request.kind == kind for i in items)
    assert [i.unit.code for i in items] == sorted(i.unit.code for i in items)
    if level:
        assert {i.unit.level for i in items} == {level}


@pytest.mark.parametrize(("province", "kind", "year", "error"), [
    ("Không Có", "keep-drug-free", 2026, UnitNotFound),
    ("Đắk Lắk", "province-drug-free", 2024, KindMismatch),
    ("Đắk Lắk", "no-such-kind", 2026, RequestError),
])
def test_kind_items_refuse_bad_input(deps: Deps, province: str, kind: str, year: int,
                                     error: type[Exception]) -> None:
    with pytest.raises(error):
        kind_items(province, kind, year, deps)
