"""Bounded memos: what the checker computes once per distinct input (a `w:rPr`, a styles part, a
paragraph's text) and reuses across the paragraphs of a document and the documents of a batch."""

from __future__ import annotations

from collections.abc import Callable, Hashable

MEMO_SIZE = 4096


def remember[K: Hashable, V](memo: dict[K, V], key: K, compute: Callable[[], V],
                             size: int = MEMO_SIZE) -> V:
    """`memo[key]`, computed when missing; a memo holding `size` values is emptied first."""
    found = memo.get(key)
    if found is None:
        if len(memo) >= size:
            memo.clear()
        found = memo[key] = compute()
    return found


def per_object[V](memo: dict[int, tuple[object, V]], source: object,
                  build: Callable[[], V], size: int = 1) -> V:
    """What `build` makes of `source`, built once per object (the library's table, its registry;
    the runs that a batch's documents share with the paragraphs they repeat).  The memo keeps
    the objects it holds alive, so that their ids are not reused; by default only the last."""
    found = memo.get(id(source))
    if found is None or found[0] is not source:
        if len(memo) >= size:
            memo.clear()
        found = memo[id(source)] = (source, build())
    return found[1]
