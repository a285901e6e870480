"""Reading a request from YAML or JSON text, with Vietnamese errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from service.errors import InvalidRequest, RequestError
from service.spec.messages import to_vietnamese
from service.spec.request import PlanRequest


def parse_request(data: Any) -> PlanRequest:
    """Validate a decoded request (a mapping) into a PlanRequest."""
    if not isinstance(data, dict):
        raise RequestError("Yêu cầu phải là một bảng JSON/YAML có ít nhất kind, unit, year.")
    try:
        return PlanRequest.model_validate(data)
    except ValidationError as e:
        raise InvalidRequest(to_vietnamese(e)) from None


def load_request(path: Path) -> PlanRequest:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise RequestError(f"Không đọc được tệp yêu cầu {path}: {e}") from None
    try:
        data = decode(text, path.suffix.lower())
    except RequestError as e:
        raise RequestError(e.message, field=str(path)) from None  # the place is in the message
    return parse_request(data)


DEPTH_MAX = 32
"""Nesting of a request (a plan's is at most 5): deeper is refused, naming where."""


def decode(text: str, suffix: str = ".yaml") -> Any:
    """The request in `text` (JSON or YAML); RequestError for bad syntax, nesting deeper than
    `DEPTH_MAX` or a number too large, never anything else."""
    fmt = suffix.lstrip(".").upper() or "YAML"
    try:
        data = json.loads(text) if suffix == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as e:
        raise RequestError(f"Tệp yêu cầu không đúng cú pháp {fmt}: {e}") from None
    except RecursionError:
        raise RequestError(f"Tệp yêu cầu lồng nhau quá sâu (tối đa {DEPTH_MAX} mức).") from None
    except ValueError as e:
        raise RequestError(f"Tệp yêu cầu có giá trị không đọc được ({fmt}): {e}") from None
    _shallow(data, "", 0)
    return data


def _shallow(data: Any, where: str, depth: int) -> None:
    """RequestError naming the first place nested deeper than `DEPTH_MAX`."""
    if depth > DEPTH_MAX:
        raise RequestError(f"Tệp yêu cầu lồng nhau quá sâu ở {where or 'gốc'} (tối đa"
                           f" {DEPTH_MAX} mức).", field=where or None)
    items = data.items() if isinstance(data, dict) else enumerate(data) \
        if isinstance(data, list) else ()
    for key, value in items:
        _shallow(value, f"{where}.{key}" if where else str(key), depth + 1)
