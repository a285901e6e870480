"""The one rule of every text the database keeps (draft titles, comments, user names, job
labels), whoever sends it: no unprintable character (`service.strings.printable`, the rule of the
request's fields), whitespace folded (comments keep their line breaks), a length bound.  A text
that breaks it is a `RequestError` naming the field, in Vietnamese."""

from __future__ import annotations

from service.errors import RequestError
from service.strings import printable

NAME_MAX = 200
TITLE_MAX = 300
COMMENTS_MAX = 5_000


def stored(text: str, field: str, most: int, *, lines: bool = False) -> str:
    """`text` as it is kept, or a RequestError naming `field`."""
    try:
        kept = printable(text, lines=lines)
    except ValueError as e:
        raise RequestError(str(e), field=field) from None
    if len(kept) > most:
        raise RequestError(f"dài quá: {len(kept)} ký tự (tối đa {most})", field=field)
    return kept
