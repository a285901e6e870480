"""The throw-away PostgreSQL cluster of the tests (`pg_support`): found where Debian puts it,
and gone without a trace once stopped (no process, no port, no directory)."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from pg_support import SERVER_PROGRAMS, Cluster, server_bindir, unavailable_reason


def install(root: Path, version: str, programs: tuple[str, ...] = SERVER_PROGRAMS) -> Path:
    bindir = root / version / "bin"
    bindir.mkdir(parents=True)
    for program in programs:
        (bindir / program).write_text("#!/bin/sh\n")
        (bindir / program).chmod(0o755)
    return bindir


def test_the_newest_complete_server_is_chosen(tmp_path: Path) -> None:
    install(tmp_path, "9")
    newest = install(tmp_path, "15")
    install(tmp_path, "16", programs=("pg_ctl",))  # a client-only install does not count
    assert server_bindir(tmp_path, path="") == newest


def test_no_server_binaries_means_none(tmp_path: Path) -> None:
    install(tmp_path, "15", programs=("pg_ctl", "psql"))
    assert server_bindir(tmp_path, path="") is None
    assert server_bindir(tmp_path / "missing", path=str(tmp_path / "15" / "bin")) is None


def refuses(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


@pytest.mark.postgresql
def test_a_stopped_cluster_leaves_nothing_behind() -> None:
    reason = unavailable_reason()
    if reason is not None:
        pytest.skip(reason)
    cluster = Cluster.start()
    root, port = cluster.root, cluster.port
    name = cluster.create_database()
    assert not refuses(port)
    assert cluster.connections() == 0
    cluster.drop_database(name)
    cluster.stop()
    assert refuses(port)
    assert not root.exists()
    assert [c for c in command_lines() if str(root) in c] == []


def command_lines() -> list[str]:
    """The command line of every process (Linux /proc)."""
    lines = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            lines.append(cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except OSError:  # the process ended meanwhile
            continue
    return lines
