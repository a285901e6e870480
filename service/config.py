"""Settings, from the environment (prefix KEHOACH_, plus DATABASE_URL)."""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parents[1]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KEHOACH_", extra="ignore")

    clauses_dir: Path = ROOT / "clauses"
    templates_dir: Path = ROOT / "templates"
    database_url: str = Field(
        default=f"sqlite:///{ROOT / 'var' / 'kehoach.sqlite'}",
        validation_alias=AliasChoices("DATABASE_URL", "KEHOACH_DATABASE_URL"),
    )
    log_level: str = "info"
    """debug, info, warning, error: the JSON log lines on stderr (`--log-level` overrides)."""
    upgrade_on_start: bool = True
    """`kehoach serve` upgrades the database's schema on start (false: it refuses to start on a
    database behind, and `kehoach db upgrade` is run by hand after a backup)."""
    max_request_bytes: int = 1_000_000
    check_workers: int = Field(default=2, ge=1, le=32)
    """Processes that check and compare uploaded .docx (`service.api.workers`)."""
    check_memory_mb: int = Field(default=500, ge=100)
    """Resident memory of one such process; over it, the process is killed (413)."""
    check_seconds: float = Field(default=60.0, gt=0)
    """Time for one check or comparison (LibreOffice's line check included); over it, 422."""
    session_hours: float = Field(default=12.0, gt=0, le=24 * 30)
    """How long a browser stays signed in (`service.api.session`)."""
    soffice: str = "soffice"
    batch_workers: int = Field(default=1, ge=0)
    """Threads of the API that run batch jobs (0: jobs wait in the queue, e.g. in tests)."""
    batch_jobs_per_user: int = Field(default=2, ge=1)
    """Jobs one user may have queued or running at once (more: 429)."""
    batch_units_per_job: int = Field(default=1_000, ge=1)
    """Units in one job started by a drafter or a reviewer (a province has at most a few
    hundred; more: 429)."""
    batch_units_per_job_admin: int = Field(default=20_000, ge=1)
    """Units in one job started by an admin."""
    batch_poll_seconds: float = Field(default=2.0, gt=0)
    """How often an idle batch worker looks for a queued job (a new job wakes it at once)."""
    batch_retention_days: int = Field(default=30, ge=1)
    """Finished batch jobs older than this are deleted with their documents (hourly)."""
    worker_heartbeat_seconds: float = Field(default=10.0, gt=0)
    """PostgreSQL: how often each queue worker says it is alive."""
    worker_stalled_seconds: float = Field(default=60.0, gt=0)
    """PostgreSQL: a worker silent this long is dead; its job goes to another worker."""
    queue_sweep_seconds: int = Field(default=10, ge=1, le=59)
    """PostgreSQL: how often the jobs of dead workers and the queued jobs without a task are
    looked for."""
    pdf_workers: int = Field(default=2, ge=0)
    """KEHOACH_PDF_WORKERS: warm LibreOffice processes kept for PDF (at most that many
    conversions at once; 0: a fresh LibreOffice per PDF, as before)."""
    pdf_timeout: float = Field(default=120.0, gt=0)
    """Seconds a PDF may take before its LibreOffice is killed and replaced."""
    uno_python: str = "/usr/bin/python3"
    """A Python with LibreOffice's `uno` module (Debian: python3-uno), to drive the warm ones."""
    trust_roots: Path | None = None
    """KEHOACH_TRUST_ROOTS: a PEM file, or a folder of them, of the certification authorities
    whose signatures a signed plan may carry (the national CA roots in production)."""
