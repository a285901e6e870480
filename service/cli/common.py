"""What the commands share: the subparsers they add themselves to, JSON output, input files."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

from service.errors import RequestError

type Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]
Handler = Callable[[argparse.Namespace], int]


def print_json(data: object) -> None:
    """`data` on stdout as indented JSON, Vietnamese letters as they are."""
    print(json.dumps(data, ensure_ascii=False, indent=2))


def existing(*paths: Path) -> None:
    """A RequestError (exit status 2) for the first path that is not a file."""
    for path in paths:
        if not path.is_file():
            raise RequestError(f"Không có tệp {path}")
