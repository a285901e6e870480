"""The text stage: a selected outline and the plan's parameters -> the plan's text (DocContext).

Numbering (I., 1., 2.1., a), -) is computed here; every string goes through `tidy` and the
document's tone-mark style.  Nothing here knows about Word.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from service.library.loader import Library
from service.library.model import Clause, Group, Kind, Numbering
from service.library.select import Picked, PickedGroup, Selection
from service.spec.request import LocalDoc, PlanRequest
from service.text import vietnamese as vi
from service.text.context import Block, DocContext, Provenance
from service.text.numbering import label
from service.text.render import ClauseRenderer
from service.text.sources import clause_fields, office_fields, request_fields, trait_fields
from service.text.tone import apply_style
from service.text.typography import tidy
from service.units import Unit


@dataclass(frozen=True)
class Citation:
    """One preamble citation, already in its official form."""

    text: str
    verb: str
    order: tuple[int, int]
    """(level rank: national 0 … commune 3, -legal force); lower sorts first."""
    document: str = ""
    """The registry id of the cited document ('' for a document the request brings)."""
    field: str = ""
    """The request field of a local document ('legal_bases.3', 'facts.docs.province_plan')."""


@dataclass(frozen=True)
class Composer:
    """Everything the text stage needs for one plan."""

    library: Library
    renderer: ClauseRenderer
    request: PlanRequest
    unit: Unit
    kind: Kind
    params: Mapping[str, Any]
    agencies: Any
    citations: Sequence[Citation]

    def compose(self, selection: Selection) -> DocContext:
        blocks = [*self._preamble(), *self._body(selection)]
        if blocks:
            last = blocks[-1]
            blocks[-1] = replace(last, text=_end_mark(last.text))
        ctx = DocContext(
            agency_lines=("ỦY BAN NHÂN DÂN", self.unit.header_name),
            number_line=self._number_line(),
            place_date=self._place_date(),
            trich_yeu=(vi.capitalize_first(self._render(f"{self.kind.id}#trich_yeu",
                                                        self.kind.trich_yeu)),),
            blocks=tuple(blocks),
            recipients=tuple(self._recipients()),
            authority=self._authority(),
            signer_name=self.request.signer.name if self.request.signer else "",
            meta={"title": f"Kế hoạch {self.kind.id}", "subject": self.unit.label,
                  "keywords": f"{self.kind.id};{self.unit.code};{self.library.version}"},
            library_version=self.library.version,
            kind=self.kind.id,
            recipient_sources=tuple(self._recipient_sources()),
        )
        return restyle(ctx, self.request.tone)

    # --- header and closing ----------------------------------------------------------------

    def _number_line(self) -> str:
        number = self.request.number
        return f"Số: {number.zfill(2)}/{self.request.symbol}" if number else \
            f"Số:{' ' * 8}/{self.request.symbol}"

    def _place_date(self) -> str:
        d = self.request.date
        year = (d.year if d and d.year else None) or self.request.year
        return vi.date_line(self.unit.place, year, d.month if d else None, d.day if d else None)

    def _authority(self) -> tuple[str, ...]:
        signer = self.request.signer
        if signer is None:
            return self.kind.signer.authority
        if signer.mode == "KT":
            return ("KT. CHỦ TỊCH", (signer.title or "PHÓ CHỦ TỊCH").upper())
        title = (signer.title or "CHỦ TỊCH").upper()
        return ("TM. ỦY BAN NHÂN DÂN", title) if signer.mode == "TM" else (title,)

    def _recipients(self) -> Iterator[str]:
        lines = [self._render(cid, self.library.clause(cid).text) for cid in self.kind.recipients]
        for line in [*lines, *self.request.recipients]:
            yield "- " + line.strip().lstrip("-").strip().rstrip(";.") + ";"
        archive = self.request.archive or self._render(f"{self.kind.id}#archive", self.kind.archive)
        yield f"- Lưu: {' '.join(archive.split())}."

    def _recipient_sources(self) -> Iterator[Provenance]:
        for cid in self.kind.recipients:
            yield self._from_clause(cid, self.library.clause(cid).text)
        for i in range(len(self.request.recipients)):
            yield Provenance("request", local=(f"recipients.{i}",))
        yield (Provenance("request", local=("archive",)) if self.request.archive
               else Provenance("structure"))

    # --- preamble ----------------------------------------------------------------------------

    def _preamble(self) -> Iterator[Block]:
        by_verb: dict[str, list[Citation]] = {}
        for c in sorted(self.citations, key=lambda c: c.order):
            by_verb.setdefault(c.verb, []).append(c)
        groups = [by_verb[verb] for verb in ("Thực hiện", "Căn cứ") if by_verb.get(verb)]
        paragraphs = [f"{group[0].verb} " + "; ".join(c.text.rstrip(";. ") for c in group) + ";"
                      for group in groups]
        sources = [_cited(group) for group in groups]
        enact_id = self.kind.preamble.enact
        enact = self._clause_text(enact_id)
        enacted = self._from_clause(enact_id, self.library.clause(enact_id).text)
        if paragraphs and not self.kind.preamble.enact_separate:
            paragraphs[-1] += " " + enact
            sources[-1] = _merge(enacted, sources[-1])
        else:
            paragraphs.append(enact)
            sources.append(enacted)
        for text, source in zip(paragraphs, sources, strict=True):
            yield Block("preamble", tidy(text), clause=source.clause, source=source)

    # --- body ----------------------------------------------------------------------------------

    def _body(self, selection: Selection) -> Iterator[Block]:
        for i, picked in enumerate(selection.sections, start=1):
            title = self._render(f"{self.kind.id}#s{i}", picked.section.title).upper()
            source = self._structure([picked.section.title], trait_fields(self.request,
                                                                          picked.section.when))
            yield Block("section", tidy(title), label=label("roman", i), source=source)
            for p in picked.intro:
                yield from self._paragraphs(p, "")
            yield from self._items(picked.items, picked.numbering, label("roman", i))

    def _items(self, items: Sequence[Picked | PickedGroup], style: Numbering,
               parent: str) -> Iterator[Block]:
        index = 0
        for item in items:
            numbered = not isinstance(item, Picked) or item.number
            index += 1 if numbered else 0
            tag = label(style, index, parent if style == "decimal" else "") if numbered else ""
            if isinstance(item, Picked):
                yield from self._paragraphs(item, tag)
            else:
                yield from self._group(item, tag, parent_for(style, tag, parent))

    def _group(self, picked: PickedGroup, tag: str, parent: str) -> Iterator[Block]:
        group = picked.group
        heading = self._heading(group)
        heading_source = self._structure([group.group], (
            *office_fields(self.request, group.agencies), *trait_fields(self.request, group.when)))
        intro, items = list(picked.intro), list(picked.items)
        lead_source = intro if intro else items
        point = tag.endswith(")")  # ND30: a point (a), b) …) is never bold
        if group.inline and lead_source and isinstance(lead_source[0], Picked):
            first = lead_source.pop(0)
            assert isinstance(first, Picked)
            head, *rest = self._clause_paragraphs(first)
            src = _merge(self._picked_source(first), heading_source)
            yield (Block("para", f"{heading}: {head}", label=tag, clause=first.clause, source=src)
                   if point else Block("inline", head, label=tag, lead=heading,
                                       clause=first.clause, source=src))
            yield from (Block("para", t, clause=first.clause, source=src) for t in rest)
        else:
            text = heading + (":" if group.colon else "")
            yield Block("para" if point else "heading", text, label=tag, source=heading_source)
        for p in intro:
            assert isinstance(p, Picked)
            yield from self._paragraphs(p, "")
        yield from self._items(tuple(items), group.numbering, parent)

    def _heading(self, group: Group) -> str:
        if group.group:
            text = tidy(self._render(f"group#{group.group}", group.group))
            return f"Đề nghị {text}" if group.request else vi.capitalize_first(text)
        present = [a for a in group.agencies if self.agencies.exists(a)]
        names = vi.join(list(dict.fromkeys(getattr(self.agencies, a) for a in present)), ", ")
        request = group.request if group.request is not None else any(
            self.agencies.is_request(a) for a in present)
        return tidy(f"Đề nghị {names}" if request else vi.capitalize_first(names))

    def _paragraphs(self, picked: Picked, tag: str) -> Iterator[Block]:
        source = self._picked_source(picked)
        for n, text in enumerate(self._clause_paragraphs(picked)):
            yield Block("para", text, label=tag if n == 0 else "", clause=picked.clause,
                        source=source)

    def clause_paragraphs(self, clause_id: str, *, generic: bool = False) -> list[str]:
        """One clause's paragraphs as this plan renders them (before the tone-mark style)."""
        return self._clause_paragraphs(Picked(clause_id, generic=generic))

    def _clause_paragraphs(self, picked: Picked) -> list[str]:
        clause = self.library.clause(picked.clause)
        source = clause.otherwise if picked.generic and clause.otherwise else clause.text
        key = clause.id + ("#otherwise" if picked.generic else "")
        return list(_split_paragraphs(self._render(key, source)))

    # --- provenance ----------------------------------------------------------------------------

    def _picked_source(self, picked: Picked) -> Provenance:
        clause = self.library.clause(picked.clause)
        text = clause.otherwise if picked.generic and clause.otherwise else clause.text
        return self._from_clause(clause.id, text)

    def _from_clause(self, clause_id: str, text: str) -> Provenance:
        clause = self.library.clause(clause_id)
        return Provenance("library", clause_id, local=clause_fields(self.request, clause, text))

    def _structure(self, sources: Sequence[str], local: Sequence[str] = ()) -> Provenance:
        """A title or heading of the kind's outline, with the request fields it shows."""
        fields = {*request_fields(self.request, sources), *local}
        return Provenance("structure", local=tuple(sorted(fields)))

    def _clause_text(self, clause_id: str) -> str:
        return " ".join(_split_paragraphs(self._render(clause_id,
                                                       self.library.clause(clause_id).text)))

    def _render(self, key: str, source: str) -> str:
        return self.renderer.render(key, source, self.params)


def _cited(citations: Sequence[Citation]) -> Provenance:
    """A paragraph of citations: the registry's documents, the request's documents, or both."""
    documents = tuple(c.document for c in citations if c.document)
    local = tuple(c.field for c in citations if c.field)
    return Provenance("registry" if documents else "request", documents=documents, local=local)


def _merge(main: Provenance, extra: Provenance) -> Provenance:
    """`main`'s origin and clause, with the documents and local fields of both."""
    return replace(main, documents=(*main.documents, *extra.documents),
                   local=tuple(sorted({*main.local, *extra.local})))


def parent_for(style: Numbering, tag: str, parent: str) -> str:
    """The label decimal children extend: '2.' under arabic '2.', '2.1.' under decimal '2.1.'."""
    return tag if style in ("arabic", "decimal") else parent


@lru_cache(maxsize=2048)
def _split_paragraphs(text: str) -> tuple[str, ...]:
    """A rendered clause's paragraphs, tidied (memoised: plans repeat the same clause texts)."""
    return tuple(tidy(p) for p in text.split("\n\n") if p.strip())


def _end_mark(text: str) -> str:
    """The last paragraph ends with './.' (ND30 Phụ lục III models)."""
    return text.rstrip(" .;:") + "./."


def restyle(ctx: DocContext, tone: str) -> DocContext:
    """Apply one tone-mark style to every string of the document."""
    fix: Callable[[str], str] = lambda s: apply_style(s, tone)  # noqa: E731
    return replace(
        ctx,
        agency_lines=tuple(map(fix, ctx.agency_lines)),
        place_date=fix(ctx.place_date),
        trich_yeu=tuple(map(fix, ctx.trich_yeu)),
        blocks=tuple(_restyled(b, fix) for b in ctx.blocks),
        recipients=tuple(map(fix, ctx.recipients)),
        authority=tuple(map(fix, ctx.authority)),
        signer_name=fix(ctx.signer_name),
    )


def _restyled(block: Block, fix: Callable[[str], str]) -> Block:
    """The block in the document's tone-mark style (the block itself when nothing changes)."""
    text, lead = fix(block.text), fix(block.lead)
    if (text, lead) == (block.text, block.lead):
        return block
    return replace(block, text=text, lead=lead)


def local_citation(doc: LocalDoc, cite: Callable[[LocalDoc], str], force: int,
                   field: str = "") -> Citation:
    level = {"national": 0, "province": 1, "district": 2, "commune": 3}[doc.level]
    return Citation(tidy(cite(doc)), doc.verb, (level, -force), field=field)


def clause_title(clause: Clause) -> str:
    return clause.title or clause.text[:80]
