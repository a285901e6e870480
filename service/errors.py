"""The errors of the plan engine, one tree.

    PlanError                      anything the service refuses, with a Vietnamese message
    ├── RequestError               a request that is not valid; carries the field path
    │   ├── InvalidRequest         failed validation; carries every field at fault (`errors`)
    │   ├── TooLarge               an upload over a bound of reading (`service.docx.limits`)
    │   │                          or of the checking workers' memory
    │   ├── UnitNotFound           no unit matches; carries the candidates (if any)
    │   │   └── AmbiguousUnit      several units match; carries the candidates
    │   ├── KindMismatch           the kind does not fit the unit's level or the year's era
    │   ├── LegalBasisError        a requested basis not in force at the plan date
    │   └── NotAPdf                an uploaded or given file is not a PDF that can be read
    ├── LibraryError               the clause library (data) is broken; carries file and id
    ├── RenderError                a template failed; carries template and clause id
    ├── StateConflict              a draft's or a job's state does not allow the change
    ├── PdfUnavailable             no PDF here: LibreOffice missing or its conversion failed
    │   └── PoolUnavailable        no warm LibreOffice can start (the caller starts a cold one)
    └── SchemaError                the database's schema is not this code's (newer, unknown,
                                   or behind with upgrades refused): the service does not start

Review findings are data (`service.review`), never exceptions.  HTTP mapping lives in one
handler (`service.api.errors`: 422, TooLarge 413, LibraryError 500, StateConflict 409,
PdfUnavailable 503); the CLI maps every PlanError to exit status 2.  Every PlanError pickles with
its fields (`__reduce__`): the checking workers send them back to the web process.
"""

from __future__ import annotations

from collections.abc import Sequence


class PlanError(Exception):
    """Base of every error the engine raises on purpose; `message` is Vietnamese."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def as_dict(self) -> dict[str, object]:
        return {"field": self.field, "message": self.message}

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled with its class, arguments and fields, whatever its constructor takes."""
        return (_restore, (type(self), self.args, dict(self.__dict__)))


def _restore(cls: type[PlanError], args: tuple[object, ...],
             fields: dict[str, object]) -> PlanError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(fields)
    return error


class RequestError(PlanError):
    """A request field is invalid."""


class TooLarge(RequestError):
    """An upload over a bound: of reading a .docx (its size, parts, tags, paragraphs) or of
    the memory of the worker that checks it."""


class InvalidRequest(RequestError):
    """A request that failed validation; `errors` lists every field at fault, each as
    `{"field": path, "label": Vietnamese name, "message": what is wrong}`."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        first = errors[0] if errors else {"field": "", "label": "", "message": "không hợp lệ"}
        text = "; ".join(f"{e['field'] or 'yêu cầu'} ({e['label']}): {e['message']}"
                         for e in errors)
        super().__init__(f"Yêu cầu không hợp lệ — {text}", field=first["field"])
        self.errors = errors

    def as_dict(self) -> dict[str, object]:
        return {**super().as_dict(), "errors": self.errors}


class UnitNotFound(RequestError):
    def __init__(self, message: str, *, field: str = "unit", candidates: Sequence[str] = ()):
        super().__init__(message, field=field)
        self.candidates = list(candidates)

    def as_dict(self) -> dict[str, object]:
        return {**super().as_dict(), "candidates": self.candidates}


class AmbiguousUnit(UnitNotFound):
    """Several units match a name."""


class KindMismatch(RequestError):
    """The plan kind does not apply to this unit's level, or to this year."""


class LegalBasisError(RequestError):
    """A requested legal basis is unknown, not yet issued, or no longer in force."""


class LibraryError(PlanError):
    """The clause library is inconsistent (a data bug, not a user error)."""

    def __init__(self, message: str, *, source: str = "", clause: str = "") -> None:
        super().__init__(message)
        self.source = source
        self.clause = clause

    def __str__(self) -> str:
        where = " ".join(x for x in (self.source, self.clause) if x)
        return f"{where}: {self.message}" if where else self.message


class RenderError(PlanError):
    """Rendering a clause or the document template failed."""

    def __init__(self, message: str, *, template: str = "", clause: str = "") -> None:
        super().__init__(message)
        self.template = template
        self.clause = clause


class StateConflict(PlanError):
    """A change the state of a draft or a job does not allow (a submitted draft edited, approved
    twice; the ZIP of a job not done yet, a finished job cancelled …)."""


class PdfUnavailable(PlanError):
    """The PDF cannot be made here (no LibreOffice, or the conversion failed)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="format")


class PoolUnavailable(PdfUnavailable):
    """The warm LibreOffice pool cannot start here (no Python with `uno`, no soffice, closed):
    the caller converts with a fresh LibreOffice instead (`service.api.pdf`)."""


class NotAPdf(RequestError):
    """A file given as a PDF (an upload, `kehoach verify`) that is not one pyHanko can read."""


class SchemaError(PlanError):
    """The database's schema cannot be used by this code: newer than it, of no known release, or
    behind it while upgrading on start is refused (`service.store.migrations`)."""
