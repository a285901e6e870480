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
    return parse_request(decode(text, path.suffix.lower()))


def decode(text: str, suffix: str = ".yaml") -> Any:
    try:
        if suffix == ".json":
            return json.loads(text)
        return yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as e:
        fmt = suffix.lstrip(".").upper() or "YAML"
        raise RequestError(f"Tệp yêu cầu không đúng cú pháp {fmt}: {e}") from None
