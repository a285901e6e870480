"""Pydantic's validation errors, in Vietnamese, with the field path."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

_FIELDS = {
    "kind": "loại kế hoạch", "unit": "đơn vị", "year": "năm", "end_year": "năm kết thúc",
    "number": "số văn bản", "symbol": "ký hiệu", "date": "ngày ký", "signer": "người ký",
    "legal_bases": "căn cứ", "facts": "thông tin địa phương", "targets": "chỉ tiêu",
    "offices": "tên cơ quan", "clauses": "điều khoản", "recipients": "nơi nhận",
    "neighbours": "đơn vị giáp ranh", "villages": "thôn, tổ dân phố", "traits": "đặc điểm",
    "day": "ngày", "month": "tháng", "name": "tên", "title": "chức vụ", "mode": "thẩm quyền ký",
}

_TYPES: dict[str, str] = {
    "missing": "bắt buộc phải có",
    "extra_forbidden": "không có trường này",
    "int_type": "phải là số nguyên",
    "int_parsing": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "float_type": "phải là số",
    "float_parsing": "phải là số",
    "finite_number": "phải là số hữu hạn",
    "string_type": "phải là chuỗi ký tự",
    "bool_type": "phải là đúng/sai",
    "list_type": "phải là một danh sách",
    "dict_type": "phải là một bảng (khóa: giá trị)",
    "model_type": "phải là một bảng (khóa: giá trị)",
    "date_type": "phải là ngày (YYYY-MM-DD)",
    "date_parsing": "phải là ngày (YYYY-MM-DD)",
    "date_from_datetime_parsing": "phải là ngày (YYYY-MM-DD)",
    "literal_error": "phải là một trong: {expected}",
    "string_pattern_mismatch": "không đúng dạng",
    "string_too_long": "dài quá {max_length} ký tự",
    "string_too_short": "không được để trống",
    "too_long": "nhiều quá {max_length} mục",
    "greater_than_equal": "phải từ {ge} trở lên",
    "less_than_equal": "phải từ {le} trở xuống",
    "union_tag_invalid": "không đúng loại",
}


def field_path(loc: tuple[int | str, ...]) -> str:
    """('facts', 'villages', 0, 'name') -> 'facts.villages.0.name' (union branches dropped)."""
    parts = [str(p) for p in loc if not (isinstance(p, str) and ("[" in p or p in (
        "int", "str", "LocalDoc", "function-after[_valid_calendar_day(), PlanDate]")))]
    return ".".join(parts)


def message(error: Any) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "value_error":
        return str(ctx.get("error", error.get("msg", "")))
    if kind == "too_long" and isinstance(error.get("input"), str):
        kind = "string_too_long"
    template = _TYPES.get(kind)
    if template is None:
        return "giá trị không hợp lệ"
    ctx = {k: _show(v) for k, v in ctx.items()}
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return template


def _show(value: object) -> str:
    """A bound or choice as a person reads it: 0.0 -> '0', "'a' or 'b'" -> "'a' hoặc 'b'"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace(" or ", " hoặc ")


_IN = {  # a part's name inside a field where it means something else than at the top
    "legal_bases.date": "ngày ban hành của văn bản được viện dẫn",
    "legal_bases.issuer": "cơ quan ban hành", "legal_bases.subject": "trích yếu",
    "legal_bases.type": "loại văn bản", "legal_bases.number": "số, ký hiệu",
}


def label(path: str) -> str:
    last = next((p for p in reversed(path.split(".")) if not p.isdigit()), path)
    return _IN.get(f"{path.split('.')[0]}.{last}") or _FIELDS.get(last, last)


def to_vietnamese(exc: ValidationError) -> list[dict[str, str]]:
    """One entry per error: field path, its Vietnamese label, and what is wrong."""
    seen: set[str] = set()
    out: list[dict[str, str]] = []
    for e in exc.errors():
        path = field_path(e["loc"])
        text = message(e)
        head, sep, rest = text.partition(": ")
        if not path and sep and head.split(".")[0] in _FIELDS:
            path, text = head, rest
        key = f"{path}:{text}"
        if key not in seen:
            seen.add(key)
            out.append({"field": path, "label": label(path), "message": text})
    return out
