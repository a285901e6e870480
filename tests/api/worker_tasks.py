"""The work the worker tests give the check workers (`service.api.workers`): module-level
functions pickled by name, in a module that imports almost nothing, so that a worker (at a lower
CPU priority, on a loaded machine) unpickles them at once."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path
from typing import Any

from service.errors import UnitNotFound


def hog(deps: Any, megabytes: int) -> int:
    block = bytearray(megabytes * 1_000_000)
    for at in range(0, len(block), 4096):
        block[at] = 1
    time.sleep(5)
    return len(block)


def nap(deps: Any, seconds: float) -> str:
    time.sleep(seconds)
    return "rested"


def grandchild(deps: Any, pid_file: str) -> None:
    """Start a long process (as LibreOffice would be), note its id, then hang."""
    child = subprocess.Popen(["sleep", "60"])
    Path(pid_file).write_text(str(child.pid))
    time.sleep(60)


def refuse(deps: Any) -> None:
    raise UnitNotFound("Không tìm thấy đơn vị “X”.", field="unit", candidates=["A", "B"])


def fail(deps: Any) -> None:
    raise ZeroDivisionError("a bug")


def die(deps: Any) -> None:
    os._exit(7)


def own_pid(deps: Any) -> int:
    return os.getpid()




def pid_after_nap(deps: Any) -> int:
    time.sleep(0.3)
    return os.getpid()
