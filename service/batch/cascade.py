"""A province plan and, from its commune categories, one plan request per commune.

Categories (source 001, II): `keep` (recognised drug-free last year), `build` (assigned this year),
`next_year` (assigned next year: transform the area this year), `roadmap` (every other commune).
They come from the province request's `facts.params` lists (`keep_communes`, `build_communes`,
`next_year_communes`) or from a CSV (`unit code or name, category[, per-commune facts as JSON]`),
which then replaces those lists so that the province plan's shares follow the CSV.

Each category has its commune kind: keep-drug-free, build-drug-free, transform-area, and
whole-people-model (with its roadmap to the province's horizon year).  Unknown, ambiguous or
duplicate units are reported in `Cascade.issues`, never guessed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from service.batch.runner import BatchItem
from service.deps import Deps
from service.errors import PlanError, RequestError
from service.pipeline import compose_plan
from service.spec import parse_request
from service.spec.request import PlanRequest
from service.store import Issued
from service.text.params import targets_of
from service.units import Unit
from service.units.directory import name_key, search_key

PROVINCE_KIND = "province-drug-free"
CATEGORIES = ("keep", "build", "next_year", "roadmap")
LIST_PARAMS = {"keep": "keep_communes", "build": "build_communes",
               "next_year": "next_year_communes"}
ISSUES_FILE = "issues.csv"
DEADLINE_PARAMS = ("plan_deadline", "report_half", "report_year", "review_deadline")
_CATEGORY_ALIASES = {"next-year": "next_year", "nextyear": "next_year"}
_HEADER_WORDS = {"unit", "code", "name", "ma", "ma so", "don vi", "ten"}


@dataclass(frozen=True)
class Issue:
    """A problem with the categories: where (CSV line or list), which unit, what (Vietnamese)."""

    where: str
    unit: str
    message: str


@dataclass(frozen=True)
class Cascade:
    province: PlanRequest
    province_unit: Unit
    communes: tuple[BatchItem, ...]
    issues: tuple[Issue, ...]


@dataclass(frozen=True)
class CategoryRow:
    where: str
    ref: str
    category: str
    facts: Mapping[str, Any]


# --- entry point -------------------------------------------------------------------------------

def cascade(request: PlanRequest, deps: Deps, csv_text: str | None = None) -> Cascade:
    """The province request (lists taken from the CSV when given) and one request per commune."""
    if request.kind != PROVINCE_KIND:
        raise RequestError(f"Tạo hàng loạt theo phân loại chỉ dùng cho loại “{PROVINCE_KIND}”;"
                           f" yêu cầu có loại “{request.kind}”.", field="kind")
    province_plan = compose_plan(request, deps)
    province = province_plan.unit
    communes = sorted(deps.units.children(province), key=lambda u: u.code)
    rows = parse_categories(csv_text) if csv_text is not None else _rows_from_params(request)
    chosen, issues = _assign(rows, _Index(communes))
    if csv_text is not None:
        request = _with_lists(request, communes, chosen)
        province_plan = compose_plan(request, deps)  # the lists as the CSV gives them
    kind = province_plan.kind
    kind_params = kind.defaults.get("params")
    shared = _Shared(
        _basis(request, province, " ".join(province_plan.context.trich_yeu)),
        province_deadlines(request, kind_params if isinstance(kind_params, Mapping) else {}),
        targets_of(kind.defaults, request))
    jobs = tuple(_job(request, unit, chosen.get(unit.code), shared) for unit in communes)
    return Cascade(request, province, jobs, tuple(issues))


def _assign(rows: Iterable[CategoryRow | Issue],
            index: _Index) -> tuple[dict[int, CategoryRow], list[Issue]]:
    """Each commune's category row by code; unknown, ambiguous and repeated units as issues."""
    issues: list[Issue] = []
    chosen: dict[int, CategoryRow] = {}
    for row in rows:
        if isinstance(row, Issue):
            issues.append(row)
            continue
        unit, problem = index.resolve(row.ref)
        if unit is None:
            issues.append(Issue(row.where, row.ref, problem))
        elif unit.code in chosen:
            first = chosen[unit.code]
            issues.append(Issue(row.where, row.ref, f"{unit.full} đã được phân loại ở"
                                f" {first.where} ({first.category}); mục trùng bị bỏ qua."))
        else:
            chosen[unit.code] = row
    return chosen, issues


def issues_csv(issues: Iterable[Issue]) -> bytes:
    """The category problems as a CSV (where, unit, message) for the batch's ZIP."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["where", "unit", "message"])
    writer.writerows([i.where, i.unit, i.message] for i in issues)
    return buffer.getvalue().encode("utf-8-sig")


# --- categories --------------------------------------------------------------------------------

FACTS_MAX = 20_000
"""Characters of a row's facts (a commune's facts are a few hundred)."""


def parse_categories(text: str) -> list[CategoryRow | Issue]:
    """CSV rows `unit, category[, JSON facts]`; an optional header row is skipped.  A file the
    CSV reader cannot read (a field over its 128 KB, a NUL) is a RequestError naming the line."""
    out: list[CategoryRow | Issue] = []
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    for n, cells in enumerate(_lines(reader), start=1):
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        where = f"dòng {n}"
        if n == 1 and search_key(cells[0]) in _HEADER_WORDS:
            continue
        out.append(_row(where, cells))
    return out


def _row(where: str, cells: list[str]) -> CategoryRow | Issue:
    ref = cells[0]
    if len(cells) < 2 or not cells[1]:
        return Issue(where, ref, "thiếu cột phân loại (keep, build, next_year, roadmap).")
    category = _CATEGORY_ALIASES.get(cells[1].lower(), cells[1].lower())
    if category not in CATEGORIES:
        return Issue(where, ref, f"phân loại “{cells[1]}” không có; dùng một trong:"
                     f" {', '.join(CATEGORIES)}.")
    extra = ",".join(cells[2:]).strip()
    facts: Any = {}
    if len(extra) > FACTS_MAX:
        return Issue(where, ref, f"thông tin riêng dài quá ({len(extra)} ký tự; tối đa"
                     f" {FACTS_MAX}).")
    if extra:
        try:
            facts = json.loads(extra)
        except json.JSONDecodeError as e:
            return Issue(where, ref, f"thông tin riêng không đúng cú pháp JSON: {e.msg}.")
        except RecursionError:
            return Issue(where, ref, "thông tin riêng lồng nhau quá sâu.")
        except ValueError:
            return Issue(where, ref, "thông tin riêng có số quá lớn.")
        if not isinstance(facts, dict):
            return Issue(where, ref, "thông tin riêng phải là một bảng JSON (khóa: giá trị).")
    return CategoryRow(where, ref, category, facts)


def _lines(reader: Iterator[list[str]]) -> Iterator[list[str]]:
    """The reader's rows; its error as a RequestError naming the line, in Vietnamese."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            line = getattr(reader, "line_num", 0)
            raise RequestError(f"Tệp phân loại không đọc được ở dòng {line}: {_csv_reason(e)}",
                               field="categories") from None


def _csv_reason(error: csv.Error) -> str:
    if "field larger" in str(error):
        return "một ô dài quá 128 KB."
    return f"{error}."


def _rows_from_params(request: PlanRequest) -> list[CategoryRow | Issue]:
    out: list[CategoryRow | Issue] = []
    for category, key in LIST_PARAMS.items():
        value = request.facts.params.get(key, [])
        names = value if isinstance(value, list) else [str(value)]
        out += [CategoryRow(f"facts.params.{key}.{i}", name, category, {})
                for i, name in enumerate(names)]
    return out


class _Index:
    """Communes of one province by code, by folded full name and by name without level."""

    def __init__(self, communes: Iterable[Unit]) -> None:
        self.by_code: dict[int, Unit] = {}
        self.by_full: dict[str, list[Unit]] = {}
        self.by_name: dict[str, list[Unit]] = {}
        for u in communes:
            self.by_code[u.code] = u
            self.by_full.setdefault(search_key(u.full), []).append(u)
            self.by_name.setdefault(name_key(u.official), []).append(u)

    def resolve(self, ref: str) -> tuple[Unit | None, str]:
        if ref.isdigit():
            unit = self.by_code.get(int(ref))
            return (unit, "") if unit else (None, f"không có xã, phường mã số {ref} trong tỉnh.")
        found = self.by_full.get(search_key(ref)) or self.by_name.get(name_key(ref), [])
        if len(found) == 1:
            return found[0], ""
        if not found:
            return None, f"không tìm thấy “{ref}” trong tỉnh; ghi đúng tên hoặc mã số."
        labels = "; ".join(f"{u.full} (mã {u.code})" for u in found)
        return None, f"tên “{ref}” trùng với {len(found)} đơn vị: {labels}; dùng mã số."


def _with_lists(request: PlanRequest, communes: list[Unit],
                chosen: Mapping[int, CategoryRow]) -> PlanRequest:
    params: dict[str, Any] = dict(request.facts.params)
    for category, key in LIST_PARAMS.items():
        params[key] = [u.full for u in communes
                       if u.code in chosen and chosen[u.code].category == category]
    facts = request.facts.model_copy(update={"params": params})
    return request.model_copy(update={"facts": facts})


# --- one commune -------------------------------------------------------------------------------

def _basis(request: PlanRequest, province: Unit, subject: str) -> dict[str, Any]:
    """The province plan as a local legal basis of each commune plan."""
    reference = f"{request.number}/{request.symbol}" if request.number else ""
    return cited_plan(reference, request.plan_date, f"Ủy ban nhân dân {province.full}", subject)


def cited_plan(reference: str, date: dt.date | None, issuer: str,
               subject: str) -> dict[str, Any]:
    """A province plan as a commune plan cites it (a `LocalDoc`): “Thực hiện Kế hoạch số
    01/KH-UBND ngày 12/01/2027 của Ủy ban nhân dân tỉnh … về …”."""
    doc: dict[str, Any] = {
        "type": "Kế hoạch",
        "issuer": issuer,
        "subject": f"về {subject[:1].lower()}{subject[1:]}" if subject else "",
        "verb": "Thực hiện",
        "level": "province",
    }
    if reference:
        doc["number"] = reference
    if date is not None:
        doc["date"] = date.isoformat()
    return doc


def issued_citation(entry: Issued) -> dict[str, Any]:
    """A plan of the register (`service.store.register`) as the communes cite it."""
    return cited_plan(entry.reference, entry.date, entry.issuer, entry.subject)


def category_spec(category: str, year: int, targets: Mapping[str, Any]) -> dict[str, Any]:
    """Kind (and end year) of a commune plan for its category (source 001, II).

    keep → keep-drug-free; build → build-drug-free (drug-free this year); next_year →
    transform-area (transform the area this year); roadmap → whole-people-model, running to the
    province's horizon year when it has one (at least three years: phase 1 is two years).
    """
    kinds = {"keep": "keep-drug-free", "build": "build-drug-free", "next_year": "transform-area"}
    if category in kinds:
        return {"kind": kinds[category]}
    horizon = targets.get("horizon_year")
    if not horizon:
        return {"kind": "whole-people-model"}
    return {"kind": "whole-people-model", "end_year": max(int(horizon), year + 2)}


@dataclass(frozen=True)
class _Shared:
    """What every commune request takes from the province plan."""

    basis: Mapping[str, Any]
    deadlines: Mapping[str, Any]
    targets: Mapping[str, Any]


def _job(request: PlanRequest, unit: Unit, row: CategoryRow | None,
         shared: _Shared) -> BatchItem:
    category = row.category if row else "roadmap"
    spec = category_spec(category, request.year, shared.targets)
    facts: dict[str, Any] = dict(row.facts) if row else {}
    params = {**shared.deadlines, **dict(facts.get("params") or {})}
    facts["params"] = params
    data: dict[str, Any] = {"unit": unit.code, "year": request.year, "tone": request.tone,
                            "legal_bases": [dict(shared.basis)], "facts": facts, **spec}
    try:
        return BatchItem(unit, str(spec["kind"]), parse_request(data), category)
    except PlanError as e:
        return BatchItem(unit, str(spec["kind"]), None, category, str(e))


def province_deadlines(request: PlanRequest, kind_params: Mapping[str, Any]) -> dict[str, Any]:
    """The province plan's deadlines: the kind's defaults overridden by the request's params."""
    return {k: request.facts.params.get(k, kind_params.get(k)) for k in DEADLINE_PARAMS
            if request.facts.params.get(k, kind_params.get(k)) is not None}
