"""`kehoach worker [--concurrency N]`: runs batch jobs from the shared queue of a PostgreSQL
deployment (`service.batch.queue`), beside any number of `kehoach serve` and other workers,
until SIGTERM or Ctrl-C (the job in progress goes back to the queue after its current unit).

On SQLite there is no shared queue: `kehoach serve` runs the jobs itself (exit 2, saying so).
"""

from __future__ import annotations

import argparse
import signal
import sys

from service.api.logs import LEVELS
from service.cli.common import Subparsers
from service.config import Settings
from service.errors import RequestError

SQLITE = ("kehoach worker cần PostgreSQL (DATABASE_URL): với SQLite, chính kehoach serve chạy"
          " các lô.")


def add_parser(sub: Subparsers) -> None:
    w = sub.add_parser("worker", help="chạy các lô kế hoạch từ hàng đợi chung (PostgreSQL)")
    w.add_argument("--concurrency", type=int, default=None,
                   help="số lô chạy cùng lúc (mặc định: KEHOACH_BATCH_WORKERS, 1)")
    w.add_argument("--log-level", default=None, choices=LEVELS,
                   help="mức ghi nhật ký (mặc định KEHOACH_LOG_LEVEL, info)")
    w.set_defaults(handler=worker)


def worker(args: argparse.Namespace) -> int:
    from service.api.logs import configure_logging
    from service.batch.jobs import JobRunner
    from service.batch.queue import QueueSettings, TaskQueue
    from service.cli.serve import prepare_database
    from service.deps import Deps
    from service.store import Database, JobStore

    settings = Settings()
    database = Database(settings.database_url)
    if database.engine.dialect.name != "postgresql":
        database.dispose()
        raise RequestError(SQLITE)
    configure_logging(args.log_level or settings.log_level)
    prepare_database(settings)
    concurrency = max(1, args.concurrency or settings.batch_workers or 1)
    runner = JobRunner(JobStore(database), Deps.build(settings))
    queue = TaskQueue(runner, database, QueueSettings.of(settings, concurrency))
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: queue.request_stop())
    print(f"Đang chạy các lô từ hàng đợi chung ({concurrency} lô cùng lúc); dừng: Ctrl-C.",
          file=sys.stderr)
    try:
        queue.run()
    finally:
        database.dispose()
    return 0
