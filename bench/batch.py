"""Benchmark of the batch path (issue 5 §4): against the naive docxtpl loop; the whole country.

    .venv/bin/python bench/batch.py [--units N] [--workers W] [--small S] [--no-country]

(a) The same N requests (`keep-drug-free`, the first N current communes) through
    - the naive loop: per document, compose the plan, open the docxtpl template file, render,
      save the .docx to its own file (no review);
    - the batch path: `run_batch` into a ZIP, W worker processes, no review (the same work),
      and once more with the ND30 review of every document (the batch default);
    and prints the times and the ratio; then the document stage alone (the same N composed
    contexts through docxtpl per document, and through `render_docx`, in this process), and
    the review alone (`check_docx` of those N documents, in this process).
(b) The whole country: every current commune, ward and special zone (3,321 units, one plan each,
    kind keep-drug-free, which fits every one of them), end to end into a ZIP, W workers, without
    and with the review: wall time, CPU time, and the peak memory of the process tree; each also
    for the first S units, to show that the peak does not grow with the number of units.

Each measurement runs in a fresh child process (`--phase`), so that its peak is its own.  The
peak of the child's tree is sampled every 100 ms from /proc by the driver (parent + workers,
summed; the child itself stays single-threaded, so its batch forks its workers as `kehoach batch`
does); the getrusage maxima (largest single process) are printed too, and the share of the
machine's CPU time the hypervisor took (steal) while each ran.  The figures depend on the
machine's load, printed with them (other work on a shared 2-core machine slows every figure
down).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.batch.items import kind_items  # noqa: E402
from service.batch.runner import BatchItem, default_workers, run_batch  # noqa: E402
from service.deps import Deps, default_deps  # noqa: E402
from service.document import (  # noqa: E402
    TEMPLATES_DIR,
    TemplateStore,
    render_docx,
    render_docx_docxtpl,
)
from service.pipeline import compose_plan  # noqa: E402
from service.review import check_docx  # noqa: E402
from service.units import Tier  # noqa: E402

KIND, YEAR = "keep-drug-free", 2026
CREATED = dt.datetime(YEAR, 1, 1)


# --------------------------------------------------------------------------- the work


def country_items(deps: Deps, limit: int | None = None) -> list[BatchItem]:
    """One `keep-drug-free` request per current commune, province by province, by code."""
    items: list[BatchItem] = []
    for province in sorted(deps.units.units(Tier.PROVINCE), key=lambda u: u.code):
        items += kind_items(str(province.code), KIND, YEAR, deps)
        if limit is not None and len(items) >= limit:
            return items[:limit]
    return items


def naive_loop(items: list[BatchItem], deps: Deps, folder: Path) -> None:
    """Compose, then open the template file, render and save, for every document."""
    for index, item in enumerate(items, start=1):
        assert item.request is not None
        ctx = compose_plan(item.request, deps).context
        data = render_docx_docxtpl(ctx, TEMPLATES_DIR / "kehoach.docx", store=TemplateStore(),
                                   created=CREATED)
        (folder / f"{index:04d}.docx").write_bytes(data)


# --------------------------------------------------------------------------- measuring


class TreePeak:
    """The largest memory of a process and its descendants together, sampled from /proc by a
    thread of the driver (so that the measured process itself stays single-threaded and its
    batch forks its workers, as `kehoach batch` does).

    `peak`: the sum of their proportional set sizes (PSS: a page shared by forked workers is
    counted once overall); `peak_rss`: the sum of their resident sizes (shared pages counted in
    every process, an overestimate).
    """

    def __init__(self, pid: int, every: float = 0.1) -> None:
        self.pid = pid
        self.every = every
        self.peak = 0
        self.peak_rss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreePeak:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            pids = list(_tree(self.pid))
            self.peak = max(self.peak, sum(_memory(pid, "Pss:", "smaps_rollup") for pid in pids))
            self.peak_rss = max(self.peak_rss, sum(_memory(pid, "VmRSS:") for pid in pids))


class MachineTime:
    """How the machine's CPU time went while a measurement ran (/proc/stat): the share taken by
    the hypervisor for other guests (`steal`) and the share left idle.  On a virtual machine a
    wall time measured while `steal` is high is that much slower than the code is."""

    def __enter__(self) -> MachineTime:
        self._start = _cpu_ticks()
        return self

    def __exit__(self, *exc: object) -> None:
        delta = [b - a for a, b in zip(self._start, _cpu_ticks(), strict=True)]
        total = sum(delta) or 1
        self.steal = delta[7] / total if len(delta) > 7 else 0.0
        self.idle = (delta[3] + delta[4]) / total


def _cpu_ticks() -> list[int]:
    """user nice system idle iowait irq softirq steal … of all CPUs (/proc/stat's first line)."""
    return [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]


def _tree(pid: int) -> Iterator[int]:
    yield pid
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            children = task.read_text().split()
        except OSError:
            continue
        for child in children:
            yield from _tree(int(child))


def _memory(pid: int, key: str, source: str = "status") -> int:
    """A size in bytes from /proc/PID/status or smaps_rollup (0 when the process is gone)."""
    try:
        for line in Path(f"/proc/{pid}/{source}").read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _cpu() -> float:
    own, children = (resource.getrusage(w) for w in (resource.RUSAGE_SELF,
                                                      resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@contextmanager
def timed(out: dict[str, Any], key: str) -> Iterator[None]:
    wall, cpu = time.perf_counter(), _cpu()
    yield
    out[f"{key}_s"] = time.perf_counter() - wall
    out[f"{key}_cpu_s"] = _cpu() - cpu


# --------------------------------------------------------------------------- phases (children)


def phase_compare(args: argparse.Namespace) -> dict[str, Any]:
    deps = default_deps()
    items = country_items(deps, args.units)
    out: dict[str, Any] = {"units": len(items), "workers": args.workers}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with timed(out, "naive"):
            naive_loop(items, deps, folder)
        with timed(out, "fast_1"):
            run_batch(items, deps, folder / "one.zip", review=False, workers=1)
        with timed(out, "fast"):
            run_batch(items, deps, folder / "fast.zip", review=False, workers=args.workers)
        with timed(out, "fast_review"):
            summary = run_batch(items, deps, folder / "review.zip", workers=args.workers)
        out["failed"] = summary.failed
    contexts = [compose_plan(i.request, deps).context for i in items if i.request is not None]
    with timed(out, "stage_naive"):
        for ctx in contexts:
            render_docx_docxtpl(ctx, TEMPLATES_DIR / "kehoach.docx", store=TemplateStore(),
                                created=CREATED)
    with timed(out, "stage_fast"):
        documents = [render_docx(ctx, store=deps.templates, created=CREATED) for ctx in contexts]
    check_docx(documents[0], deps=deps)  # loads the catalogue and the rule tables
    with timed(out, "stage_review"):
        for data in documents:
            check_docx(data, deps=deps)
    return out


def phase_country(args: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {"workers": args.workers, "review": not args.no_review}
    with tempfile.TemporaryDirectory() as tmp:
        with timed(out, "total"):
            deps = default_deps()
            items = country_items(deps, args.limit)
            target = Path(tmp) / "country.zip"
            with timed(out, "batch"):
                summary = run_batch(items, deps, target, workers=args.workers,
                                    review=not args.no_review)
        with zipfile.ZipFile(target) as z:
            out["entries"] = len(z.namelist())
        out["zip_mb"] = target.stat().st_size / 2**20
    out.update(units=len(items), done=summary.done, failed=summary.failed,
               findings=sum(r.findings for r in summary.rows),
               self_maxrss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
               child_maxrss_mb=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    return out


# --------------------------------------------------------------------------- driver


def child(phase: str, *extra: str) -> dict[str, Any]:
    """Run one phase in a fresh interpreter and return its figures, with the peak memory of its
    process tree and the machine's steal and idle shares while it ran."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--phase", phase, *extra]
    with (MachineTime() as machine,
          subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True) as run,
          TreePeak(run.pid) as peak):
        stdout, _ = run.communicate()
    if run.returncode:
        raise subprocess.CalledProcessError(run.returncode, cmd, stdout)
    result: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
    result.update(tree_peak_mb=peak.peak / 2**20, tree_peak_rss_mb=peak.peak_rss / 2**20,
                  steal=machine.steal, idle=machine.idle)
    return result


def machine_note(run: dict[str, Any]) -> str:
    return (f"machine while it ran: {run['steal']:.0%} of CPU time taken by the hypervisor"
            f" (steal), {run['idle']:.0%} idle")


def report(args: argparse.Namespace, say: Callable[[str], None] = print) -> None:
    load = os.getloadavg()
    say(f"machine: {os.cpu_count()} CPUs (nproc {default_workers()}), Python"
        f" {platform.python_version()}, {platform.machine()}; load average"
        f" {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}; {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    common = ["--workers", str(args.workers)]
    a = child("compare", "--units", str(args.units), *common)
    say(f"\n(a) the same {a['units']} requests ({KIND}), compose + render + save:")
    rows = [("naive loop (docxtpl per document, 1 process)", "naive"),
            ("batch path, 1 process, no review", "fast_1"),
            (f"batch path, {args.workers} workers, no review", "fast"),
            (f"batch path, {args.workers} workers, with ND30 review", "fast_review")]
    for label, key in rows:
        ms = a[f"{key}_s"] / a["units"] * 1000
        say(f"  {label:<52} {a[f'{key}_s']:7.2f} s  {ms:6.1f} ms/doc"
            f"  (CPU {a[f'{key}_cpu_s']:6.2f} s)")
    say(f"  ratio naive / batch path ({args.workers} workers, same work):"
        f" {a['naive_s'] / a['fast_s']:.1f}×   (1 process: {a['naive_s'] / a['fast_1_s']:.1f}×;"
        f" CPU time: {a['naive_cpu_s'] / a['fast_1_cpu_s']:.1f}×;"
        f" with review: {a['naive_s'] / a['fast_review_s']:.1f}×)")
    n, naive, fast = a["units"], a["stage_naive_s"], a["stage_fast_s"]
    say(f"  document stage alone (same {n} contexts, 1 process): docxtpl per document"
        f" {naive / n * 1000:.1f} ms/doc, render_docx {fast / n * 1000:.1f} ms/doc:"
        f" {naive / fast:.1f}×")
    review, review_cpu = a["stage_review_s"] / n * 1000, a["stage_review_cpu_s"] / n * 1000
    say(f"  review alone (`check_docx` of the same {n} documents, 1 process):"
        f" {review:.1f} ms/doc (CPU {review_cpu:.1f} ms)")
    say(f"  {machine_note(a)}")
    if args.no_country:
        return
    say(f"\n(b) the whole country, {KIND}, end to end into one ZIP:")
    small = ["--limit", str(args.small)]
    runs = [child("country", "--no-review", *common),
            child("country", "--no-review", *small, *common),
            child("country", *common), child("country", *small, *common)]
    for run in runs:
        review = "with review   " if run["review"] else "without review"
        say(f"  {run['units']:5d} units, {review}: {run['total_s']:6.1f} s wall"
            f" ({run['batch_s']:.1f} s batch; CPU {run['total_cpu_s']:.1f} s)")
        say(f"        {run['done']} done, {run['failed']} failed, {run['findings']} findings,"
            f" ZIP {run['zip_mb']:.1f} MB ({run['entries']} entries)")
        say(f"        peak memory of parent + workers: {run['tree_peak_mb']:.0f} MB PSS"
            f" ({run['tree_peak_rss_mb']:.0f} MB RSS summed, shared pages counted in each);"
            f" getrusage max RSS: parent {run['self_maxrss_mb']:.0f} MB, largest worker"
            f" {run['child_maxrss_mb']:.0f} MB")
        say(f"        {machine_note(run)}")
    for big, little, label in ((runs[0], runs[1], "without"), (runs[2], runs[3], "with")):
        say(f"  peak memory {label} review, {little['units']} → {big['units']} units:"
            f" {little['tree_peak_mb']:.0f} MB → {big['tree_peak_mb']:.0f} MB PSS")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100, help="requests of part (a)")
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--small", type=int, default=300, help="the smaller country run")
    parser.add_argument("--no-country", action="store_true", help="only part (a)")
    parser.add_argument("--phase", choices=["compare", "country"], help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--no-review", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase == "compare":
        print(json.dumps(phase_compare(args)))
    elif args.phase == "country":
        print(json.dumps(phase_country(args)))
    else:
        report(args)


if __name__ == "__main__":
    main()
