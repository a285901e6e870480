"""Reads a .docx into the neutral model of `model`: sections and page headers, body blocks
(paragraphs and tables, content controls unwrapped), each paragraph with its effective
formatting, Word's automatic numbering labels, drawn lines and text-box text.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from lxml import etree  # type: ignore[import-untyped]

from service.docx.limits import LIMITS, ReadLimits
from service.docx.model import (
    Block,
    Cell,
    DocModel,
    PageHeader,
    Para,
    Run,
    Section,
    Table,
)
from service.docx.numbering import Counter, numbering_of
from service.docx.ooxml import El, attr, child, children, int_attr, local, on_off, q, to_mm
from service.docx.package import Package, part
from service.docx.shapes import shapes_in
from service.docx.styles import Border, ParaFmt, read_ppr, read_rpr, style_sheet, xml_key
from service.errors import RequestError
from service.memo import MEMO_SIZE

_CONTAINERS = frozenset({"sdt", "sdtContent", "customXml", "ins", "moveTo", "smartTag"})
_SKIP_RUN_ANCESTORS = frozenset({"Fallback", "del", "moveFrom", "txbxContent"})
_DEFAULT_CELL_MARGIN = 108  # twips (0.19 cm), Word and LibreOffice
# A document repeats few paragraphs, a batch the same clause texts in every plan: what a
# paragraph's XML gives (with the same styles, table style and width) is read once per process.
_paras: dict[tuple[object, ...], Para] = {}


def read_docx(data: bytes, limits: ReadLimits = LIMITS) -> DocModel:
    """The model of a .docx; RequestError when the bytes are not a readable Word document,
    TooLarge when they are over a bound of `limits` (`service.docx.limits`)."""
    try:
        reader = _Reader(Package.open(data, limits))
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as e:
        raise RequestError(f"Không đọc được tệp .docx: {e}", field="file") from e
    return reader.model()


def ensure_docx(raw: bytes, field: str) -> None:
    """A Word document is a ZIP with `word/document.xml`: refuse anything else, in Vietnamese."""
    if not raw:
        raise RequestError("Tệp trống (0 byte).", field=field)
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        raise RequestError("Không phải tệp .docx (Word 2007 trở lên).", field=field) from None
    if "word/document.xml" not in names:
        raise RequestError("Tệp nén này không phải văn bản Word (.docx).", field=field)


class _Reader:
    def __init__(self, package: Package) -> None:
        self.package = package
        body = child(package.document, "w:body")
        if body is None:
            raise ValueError("văn bản không có phần thân (w:body)")
        self.body: El = body
        self.sheet = style_sheet(package.styles, package.theme, package.names)
        with part(package.names.get("numbering", "numbering")):
            self.numbering = numbering_of(package.numbering)
        self.counter = Counter(self.numbering)
        self.next_index = 0
        self.sections = self._sections()

    def model(self) -> DocModel:
        width = self.sections[0].text_width if self.sections else 9638
        blocks = tuple(self._blocks(self.body, width, None, numbered=True))
        paras = tuple(p for b in blocks for p in ((b,) if isinstance(b, Para) else b.paras))
        return DocModel(blocks, self.sections, paras)

    # --- blocks ---------------------------------------------------------------------------

    def _blocks(self, parent: El, width: int, tstyle: str | None, *,
                numbered: bool) -> Iterator[Block]:
        for el in parent:
            name = local(el)
            if name == "p":
                yield self._para(el, width, tstyle, numbered=numbered)
            elif name == "tbl":
                yield self._table(el, numbered=numbered)
            elif name in _CONTAINERS:
                yield from self._blocks(el, width, tstyle, numbered=numbered)

    def _table(self, tbl: El, *, numbered: bool) -> Table:
        tbl_pr = child(tbl, "w:tblPr")
        tstyle = self.sheet.style_id("table", attr(child(tbl_pr, "w:tblStyle"), "w:val"))
        cols = children(child(tbl, "w:tblGrid"), "w:gridCol")
        grid = tuple(int_attr(g, "w:w") or 0 for g in cols)
        direct = child(tbl_pr, "w:tblBorders")
        borders = (_borders(direct) if direct is not None else self.sheet.table_borders(tstyle))
        margins = _margins(child(tbl_pr, "w:tblCellMar"), (_DEFAULT_CELL_MARGIN,) * 2)
        rows = tuple(tuple(self._cells(tr, grid, margins, tstyle, numbered=numbered))
                     for tr in _descendants(tbl, "tr"))
        return Table(rows, grid, borders, tstyle)

    def _cells(self, tr: El, grid: tuple[int, ...], margins: tuple[int, int],
               tstyle: str | None, *, numbered: bool) -> Iterator[Cell]:
        col = 0
        for tc in _descendants(tr, "tc"):
            tc_pr = child(tc, "w:tcPr")
            span = int_attr(child(tc_pr, "w:gridSpan"), "w:val") or 1
            width = _cell_width(child(tc_pr, "w:tcW"), grid[col:col + span])
            own = _margins(child(tc_pr, "w:tcMar"), margins)
            usable = (width or 4000) - own[0] - own[1]
            paras: list[Para] = []
            for block in self._blocks(tc, usable, tstyle, numbered=numbered):
                paras.extend((block,) if isinstance(block, Para) else block.paras)
            yield Cell(tuple(paras), width, own, _borders(child(tc_pr, "w:tcBorders")))
            col += span

    # --- paragraphs -----------------------------------------------------------------------

    def _para(self, p: El, width: int, tstyle: str | None, *, numbered: bool) -> Para:
        index = -1
        if numbered:
            index, self.next_index = self.next_index, self.next_index + 1
        key = (self.sheet, tstyle, width, xml_key(p))
        found = _paras.get(key)
        if found is None:
            found = self._read_para(p, width, tstyle, numbered=numbered)
            if found.fmt.num_id is None:  # not numbered: the same whatever the numbering part
                if len(_paras) >= MEMO_SIZE:
                    _paras.clear()
                _paras[key] = found
        return found.at(index)

    def _read_para(self, p: El, width: int, tstyle: str | None, *, numbered: bool) -> Para:
        ppr = child(p, "w:pPr")
        pstyle = attr(child(ppr, "w:pStyle"), "w:val")
        sid = self.sheet.style_id("paragraph", pstyle)
        direct, style_p = read_ppr(ppr), self.sheet.chain(sid)[0]
        fmt = self._para_fmt(direct, style_p, sid, tstyle)
        label = ""
        if numbered and self.numbering.level(fmt.num_id, fmt.ilvl) is not None:
            label = self.counter.label(fmt.num_id, fmt.ilvl)
        runs = tuple(self._runs(p, sid, tstyle))
        mark = self.sheet.run(sid, tstyle, None, read_rpr(child(ppr, "w:rPr"), self.sheet.theme))
        return Para(-1, runs, fmt, mark, sid, label, width, shapes_in(p, to_mm(width)),
                    _textbox_text(p), tuple(_fields(p)))

    def _para_fmt(self, direct: ParaFmt, style_p: ParaFmt, sid: str | None,
                  tstyle: str | None) -> ParaFmt:
        num_id = direct.num_id if direct.num_id is not None else style_p.num_id
        ilvl = direct.ilvl if direct.ilvl is not None else style_p.ilvl
        level = self.numbering.level(num_id, ilvl)
        if level is None:
            return self.sheet.paragraph(sid, tstyle, None, direct)
        if direct.num_id is not None:  # direct numbering: its indents beat the style's
            base = self.sheet.paragraph(sid, tstyle, None, ParaFmt())
            fmt = base.over(level.ppr).over(direct)
        else:
            fmt = self.sheet.paragraph(sid, tstyle, level.ppr, direct)
        return fmt.over(ParaFmt(num_id=num_id, ilvl=ilvl or 0))

    def _runs(self, p: El, sid: str | None, tstyle: str | None) -> Iterator[Run]:
        for r in p.iter(q("w:r")):
            if not _belongs(r, p):
                continue
            text = _run_text(r)
            if not text:
                continue
            rpr = child(r, "w:rPr")
            rstyle = attr(child(rpr, "w:rStyle"), "w:val")
            fmt = self.sheet.run(sid, tstyle, rstyle, read_rpr(rpr, self.sheet.theme))
            if not fmt.hidden:
                yield Run(text, fmt)

    # --- sections and page headers --------------------------------------------------------

    def _sections(self) -> tuple[Section, ...]:
        found = [s for s in self.body.iter(q("w:sectPr"))
                 if not any(local(a) == "sectPrChange" for a in s.iterancestors())]
        out: list[Section] = []
        inherited: dict[tuple[str, bool], PageHeader] = {}
        for n, sect in enumerate(found, 1):
            for ref_name, footer in (("w:headerReference", False), ("w:footerReference", True)):
                for ref in children(sect, ref_name):
                    part = self._page_part(ref, footer, _text_width(sect))
                    if part is not None:
                        inherited[(part.kind, footer)] = part
            out.append(_section(n, sect, tuple(inherited.values())))
        return tuple(out) or (Section(1, None, None, None, None, None, None, None, False),)

    def _page_part(self, ref: El, footer: bool, width: int) -> PageHeader | None:
        rid = attr(ref, "r:id")
        element = self.package.parts.get(rid) if rid else None
        if element is None:
            return None
        paras: list[Para] = []
        for block in self._blocks(element, width, None, numbered=False):
            paras.extend((block,) if isinstance(block, Para) else block.paras)
        return PageHeader(attr(ref, "w:type") or "default", footer, tuple(paras))



def _text_width(sect: El) -> int:
    pg, mar = child(sect, "w:pgSz"), child(sect, "w:pgMar")
    return (int_attr(pg, "w:w") or 11906) - (int_attr(mar, "w:left") or 1440) - (
        int_attr(mar, "w:right") or 1440)


def _section(n: int, sect: El, parts: tuple[PageHeader, ...]) -> Section:
    pg, mar, num = child(sect, "w:pgSz"), child(sect, "w:pgMar"), child(sect, "w:pgNumType")
    return Section(
        n, int_attr(pg, "w:w"), int_attr(pg, "w:h"), attr(pg, "w:orient"),
        int_attr(mar, "w:top"), int_attr(mar, "w:bottom"), int_attr(mar, "w:left"),
        int_attr(mar, "w:right"), bool(on_off(child(sect, "w:titlePg"))), parts,
        attr(num, "w:fmt"), int_attr(num, "w:start"))


def _descendants(parent: El, name: str) -> Iterator[El]:
    """Children named `name`, looking through content controls and custom XML."""
    for el in parent:
        if local(el) == name:
            yield el
        elif local(el) in _CONTAINERS:
            yield from _descendants(el, name)


def _borders(el: El | None) -> tuple[Border, ...]:
    if el is None:
        return ()
    return tuple(Border(attr(b, "w:val") or "nil", int_attr(b, "w:sz") or 0) for b in el
                 if local(b) in ("top", "left", "bottom", "right", "start", "end",
                                 "insideH", "insideV"))


def _margins(el: El | None, default: tuple[int, int]) -> tuple[int, int]:
    left = int_attr(child(el, "w:left"), "w:w") or int_attr(child(el, "w:start"), "w:w")
    right = int_attr(child(el, "w:right"), "w:w") or int_attr(child(el, "w:end"), "w:w")
    return (left if left is not None else default[0], right if right is not None else default[1])


def _cell_width(tcw: El | None, grid: tuple[int, ...]) -> int | None:
    if attr(tcw, "w:type") in (None, "dxa") and (w := int_attr(tcw, "w:w")):
        return w
    return sum(grid) or None


def _belongs(r: El, p: El) -> bool:
    """Whether run `r` is text of paragraph `p` (not of a text box, deletion or fallback)."""
    for anc in r.iterancestors():
        if anc is p:
            return True
        if local(anc) in _SKIP_RUN_ANCESTORS or local(anc) == "p":
            return False
    return False


def _run_text(r: El) -> str:
    out: list[str] = []
    for el in r:
        name = local(el)
        if name == "t":
            out.append(el.text or "")
        elif name == "tab":
            out.append("\t")
        elif name in ("br", "cr"):
            out.append("\n")
        elif name == "noBreakHyphen":
            out.append("-")
        elif name == "sym":
            code = attr(el, "w:char") or ""
            out.append(chr(int(code, 16)) if code else "")
    return "".join(out)


def _fields(p: El) -> Iterator[str]:
    """Field instructions: simple fields, and complex fields split at each `begin`."""
    for simple in p.iter(q("w:fldSimple")):
        yield (attr(simple, "w:instr") or "").strip()
    current: list[str] | None = None
    for el in p.iter(q("w:fldChar"), q("w:instrText")):
        if local(el) == "instrText":
            if current is not None:
                current.append(el.text or "")
        elif attr(el, "w:fldCharType") == "begin":
            current = []
        elif current is not None:
            if "".join(current).strip():
                yield "".join(current).strip()
            current = None


def _textbox_text(p: El) -> str:
    lines = []
    for box in p.iter(q("w:txbxContent")):
        if any(local(a) == "Fallback" for a in box.iterancestors()):
            continue
        for inner in box.iter(q("w:p")):
            lines.append("".join(t.text or "" for t in inner.iter(q("w:t"))))
    return "\n".join(lines)
