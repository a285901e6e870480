"""A throw-away PostgreSQL cluster for the tests: made in a temp dir, stopped and removed after.

`initdb` into a fresh directory, `pg_ctl start` on a free port of 127.0.0.1 (its unix socket in the
same directory), password login over TCP, so the URL the tests get has the full
`postgresql://user:password@host:port/db` form.  Postgres refuses to run as root: as root every
server command runs as the `postgres` system user (Debian's package creates it), in a directory it
owns.  The server binaries come from Debian's `postgresql` package (`./dev test` installs it as
root); without them the tests that need a cluster skip, saying why.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psycopg
from psycopg import sql

USER = "kehoach"
PASSWORD = "mật-khẩu thử:@/"
"""Not ASCII and with URL-reserved characters: the URL must quote it right."""
SERVER_USER = "postgres"
SETTINGS = {  # a throw-away cluster: speed over durability
    "listen_addresses": "'127.0.0.1'",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "40",
    "shared_buffers": "16MB",
    "timezone": "'Asia/Ho_Chi_Minh'",  # not UTC: timestamps must not depend on it
}


DEBIAN_ROOT = Path("/usr/lib/postgresql")
SERVER_PROGRAMS = ("initdb", "pg_ctl", "postgres")


def server_bindir(debian_root: Path = DEBIAN_ROOT, path: str | None = None) -> Path | None:
    """The newest installed PostgreSQL server's bin directory (Debian's layout, then PATH)."""
    versions = [d for d in debian_root.glob("*/bin") if d.parent.name.isdigit()]
    on_path = shutil.which("pg_ctl", path=path)
    found = sorted(versions, key=lambda d: -int(d.parent.name))
    found += [Path(on_path).parent] if on_path else []
    return next((d for d in found if all((d / p).is_file() for p in SERVER_PROGRAMS)), None)


def unavailable_reason() -> str | None:
    """Why no cluster can be started here, or None when one can."""
    if server_bindir() is None:
        return ("PostgreSQL server binaries (initdb, pg_ctl) not found: install Debian's "
                "`postgresql` package (`./dev test` does when run as root)")
    if os.geteuid() == 0 and not _has_user(SERVER_USER):
        return f"running as root and no `{SERVER_USER}` system user to run the server as"
    return None


@dataclass
class Cluster:
    """A running throw-away cluster; `stop()` ends it and removes its directory."""

    root: Path
    bindir: Path
    port: int
    _databases: itertools.count[int]

    @classmethod
    def start(cls) -> Cluster:
        bindir = server_bindir()
        if bindir is None:
            raise RuntimeError(unavailable_reason())
        # /tmp, not $TMPDIR: the server user must reach it, and a socket path has ~100 bytes
        root = Path(tempfile.mkdtemp(prefix="kehoach-pg-", dir="/tmp"))
        cluster = cls(root, bindir, 0, itertools.count(1))
        try:
            cluster._init()
            cluster._launch()
        except BaseException:
            cluster.stop()
            raise
        return cluster

    def url(self, database: str) -> str:
        """The URL as a user writes it in DATABASE_URL (`postgresql://`, the password quoted)."""
        return f"postgresql://{USER}:{quote(PASSWORD, safe='')}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A new empty database (UTF-8); its name."""
        name = f"test_{os.getpid()}_{next(self._databases)}"
        self._admin(sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0"
                            " STRATEGY FILE_COPY")  # faster than WAL_LOG without fsync
                    .format(sql.Identifier(name)))
        return name

    def drop_database(self, name: str) -> None:
        self._admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                    .format(sql.Identifier(name)))

    def connections(self) -> int:
        """Client connections open now (the admin query's own excluded)."""
        with self._connect() as conn:
            row = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE backend_type = "
                               "'client backend' AND pid <> pg_backend_pid()").fetchone()
        return int(row[0]) if row else 0

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    @property
    def data(self) -> Path:
        return self.root / "data"

    def _init(self) -> None:
        password = self.root / "password"
        password.write_text(PASSWORD + "\n", encoding="utf-8")
        self._own(self.root, password)
        self._run("initdb", "-D", str(self.data), "-U", USER, f"--pwfile={password}",
                  "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8",
                  "--no-locale", "--no-sync", "--no-instructions")
        lines = [f"{k} = {v}" for k, v in SETTINGS.items()]
        lines.append(f"unix_socket_directories = '{self.root}'")
        with (self.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write("\n".join(lines) + "\n")

    def _launch(self, attempts: int = 5) -> None:
        """Start on a free port; another process may take the port first, so try a few."""
        for attempt in range(attempts):
            self.port = _free_port()
            done = self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"),
                             "-o", f"-p {self.port}", "-w", "-t", "30", "start", check=False)
            if done.returncode == 0:
                return
            if attempt == attempts - 1:
                log = (self.root / "server.log").read_text(encoding="utf-8", errors="replace")
                raise RuntimeError(f"pg_ctl start failed: {done.stdout}{done.stderr}\n{log}")

    def _run(self, program: str, *args: str,
             check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(self.bindir / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", SERVER_USER, "--", *command]
        done = subprocess.run(command, cwd=self.root, capture_output=True, text=True,
                              env={**os.environ, "LC_ALL": "C"}, timeout=60, check=False)
        if check and done.returncode != 0:
            raise RuntimeError(f"{program} failed ({done.returncode}): {done.stderr}")
        return done

    def _own(self, *paths: Path) -> None:
        if os.geteuid() == 0:
            user = pwd.getpwnam(SERVER_USER)
            for path in paths:
                os.chown(path, user.pw_uid, user.pw_gid)

    def _connect(self) -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(host="127.0.0.1", port=self.port, user=USER, password=PASSWORD,
                               dbname="postgres", autocommit=True)

    def _admin(self, statement: sql.Composed) -> None:
        with self._connect() as conn:
            conn.execute(statement)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True
