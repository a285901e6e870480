"""Loads and cross-checks the clause library from its YAML files under `clauses/`."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jinja2 import TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment
from pydantic import ValidationError

from service.errors import LibraryError
from service.library.legal_model import LegalDoc
from service.library.model import Agency, Clause, Entry, Group, Item, Kind, Section
from service.library.targets import criteria

DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "clauses"


@dataclass(frozen=True, eq=False)
class Library:
    """The whole clause library, read-only; `version` is a digest of its files.

    Compared and hashed by identity, so that memos keyed by a library (`pipeline`) never mix
    two libraries, e.g. a test's copy loaded from a temporary folder.
    """

    clauses: dict[str, Clause]
    kinds: dict[str, Kind]
    agencies: dict[str, Agency]
    legal: dict[str, LegalDoc]
    tables: dict[str, Any]
    version: str
    root: Path

    def clause(self, clause_id: str) -> Clause:
        try:
            return self.clauses[clause_id]
        except KeyError:
            raise LibraryError("không có điều khoản này", clause=clause_id) from None

    def kind(self, kind_id: str) -> Kind:
        return self.kinds[kind_id]


def load_library(root: Path = DEFAULT_ROOT) -> Library:
    digest = hashlib.sha256()
    clauses: dict[str, Clause] = {}
    for path, doc in _documents(root / "library", digest):
        for raw in doc.get("clauses", []):
            clause = _parse(Clause, {"family": doc.get("family"), **raw}, path)
            if clause.id in clauses:
                raise LibraryError("mã điều khoản bị trùng", source=str(path), clause=clause.id)
            clauses[clause.id] = clause
    kinds = {k.id: k for k in (_parse(Kind, d, p) for p, d in _documents(root / "kinds", digest))}
    agencies = _keyed(Agency, root / "agencies", "agencies", digest)
    legal = _keyed(LegalDoc, root / "legal", "documents", digest)
    tables = {p.stem: d for p, d in _documents(root / "tables", digest)}
    library = Library(clauses, kinds, agencies, legal, tables, digest.hexdigest()[:12], root)
    check_library(library)
    return library


def _documents(folder: Path, digest: Any) -> Iterator[tuple[Path, dict[str, Any]]]:
    for path in sorted(folder.rglob("*.yaml")) if folder.exists() else []:
        data = path.read_bytes()
        digest.update(path.name.encode() + data)
        try:
            doc = yaml.safe_load(data) or {}
        except yaml.YAMLError as e:
            raise LibraryError(f"YAML không hợp lệ: {e}", source=str(path)) from e
        yield path, doc


def _parse[T](model: type[T], raw: dict[str, Any], path: Path) -> T:
    try:
        return model.model_validate(raw)  # type: ignore[attr-defined,no-any-return]
    except ValidationError as e:
        ident = raw.get("id", "") if isinstance(raw, dict) else ""
        raise LibraryError(str(e), source=str(path), clause=str(ident)) from e


def _keyed[T](model: type[T], folder: Path, key: str, digest: Any) -> dict[str, T]:
    out: dict[str, T] = {}
    for path, doc in _documents(folder, digest):
        for raw in doc.get(key, []):
            item = _parse(model, raw, path)
            out[item.id] = item  # type: ignore[attr-defined]
    return out


# --- cross-checks ----------------------------------------------------------------------------

_SYNTAX = SandboxedEnvironment()


def check_library(lib: Library) -> None:
    """Raise LibraryError on dangling ids, family mismatches and broken Jinja."""
    for clause in lib.clauses.values():
        for text in (clause.text, clause.otherwise or ""):
            _check_syntax(text, clause.id)
    for criterion in criteria(lib.tables):
        if criterion.document not in lib.legal:
            raise LibraryError("văn bản đặt chỉ tiêu không có trong danh mục",
                               source="tables/targets.yaml", clause=criterion.document)
    for kind in lib.kinds.values():
        _check_syntax(kind.trich_yeu, kind.id)
        _check_syntax(kind.archive, kind.id)
        _check_signer(kind)
        lib.clause(kind.preamble.enact)
        for cid in kind.recipients:
            lib.clause(cid)
        for base in kind.preamble.bases:
            if base not in lib.legal:
                raise LibraryError("căn cứ không có trong danh mục", source=kind.id, clause=base)
        for section in kind.sections:
            _check_section(lib, kind, section)


def _check_section(lib: Library, kind: Kind, section: Section) -> None:
    for cid in section.intro:
        lib.clause(cid)
    for cid, group in walk(section.content):
        if group is not None:
            for agency in group.agencies:
                if agency not in lib.agencies:
                    raise LibraryError("không có vai trò cơ quan này", source=kind.id,
                                       clause=agency)
            continue
        clause = lib.clause(cid)
        if clause.family not in section.families:
            raise LibraryError(f"nhóm “{clause.family}” không thuộc mục “{section.title}”",
                               source=kind.id, clause=cid)


def walk(items: tuple[Item, ...]) -> Iterator[tuple[str, Group | None]]:
    """Every clause id (and every group, as ('', group)) under an outline, depth first."""
    for item in items:
        if isinstance(item, Group):
            yield "", item
            yield from ((cid, None) for cid in item.intro)
            yield from walk(item.content)
        else:
            yield (item.clause if isinstance(item, Entry) else item), None


def _check_signer(kind: Kind) -> None:
    """A People's Committee's plan signs on behalf of the committee ('TM. ỦY BAN NHÂN DÂN') or
    for its chair ('KT. CHỦ TỊCH'): Nghị định 30/2020/NĐ-CP, Phụ lục I, mục II.7.b."""
    first = kind.signer.authority[0] if kind.signer.authority else ""
    if not first.startswith(("TM. ", "KT. ")):
        raise LibraryError("chữ ký mặc định của kế hoạch phải có dòng “TM.” hoặc “KT.”",
                           source=kind.id, clause="signer")


def _check_syntax(text: str, ident: str) -> None:
    try:
        _SYNTAX.parse(text)
    except TemplateSyntaxError as e:
        raise LibraryError(f"cú pháp mẫu sai: {e}", clause=ident) from e
