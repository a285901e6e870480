"""The header lines drawn by each technique of nd30.md §6 are recognised and measured: a
baseline redrawn with underscores, DrawingML shapes, VML lines or an underline stays clean, and
the measured lengths are those of the drawing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph
from nd30_docx import AGENCY, TN, build_clean, para, to_bytes

from service.deps import Deps
from service.docx.metrics import width_mm
from service.docx.reader import read_docx
from service.review import check_docx
from service.review.catalogue import Catalogue
from service.review.context import Context

Doc = Document
NS_DRAW = ('xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
           'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
           'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"')
EMU_PER_MM = 36000


def _line_para(doc: Doc, above: str) -> Paragraph:
    p = para(doc, above)
    return Paragraph(p._p.getnext(), p._parent)


def _strip(line: Paragraph) -> None:
    """Remove the bottom border and the indents of a line paragraph."""
    ppr = line._p.get_or_add_pPr()
    for tag in ("w:pBdr", "w:ind"):
        if (el := ppr.find(qn(tag))) is not None:
            ppr.remove(el)
    line.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _underscores(above: str, count: int, size: float) -> Callable[[Doc], None]:
    def redraw(doc: Doc) -> None:
        line = _line_para(doc, above)
        _strip(line)
        run = line.add_run("_" * count)
        run.font.size, run.font.superscript = Pt(size), True
    return redraw


def _graphic(cx: int) -> str:
    return (f'<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
            f'wordprocessingShape"><wps:wsp><wps:cNvCnPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
            f'<a:ext cx="{cx}" cy="0"/></a:xfrm><a:prstGeom prst="straightConnector1">'
            f'<a:avLst/></a:prstGeom><a:ln w="9525"><a:solidFill><a:srgbClr val="000000"/>'
            f'</a:solidFill></a:ln></wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData>'
            f'</a:graphic>')


def _drawing(above: str, length_mm: float, *, anchored: bool) -> Callable[[Doc], None]:
    cx = round(length_mm * EMU_PER_MM)
    if anchored:
        holder = (f'<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" '
                  f'relativeHeight="2" behindDoc="0" locked="0" layoutInCell="1" '
                  f'allowOverlap="1"><wp:simplePos x="0" y="0"/><wp:positionH '
                  f'relativeFrom="column"><wp:align>center</wp:align></wp:positionH>'
                  f'<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset>'
                  f'</wp:positionV><wp:extent cx="{cx}" cy="0"/><wp:wrapNone/>'
                  f'<wp:docPr id="11" name="Line 11"/>{_graphic(cx)}</wp:anchor>')
    else:
        holder = (f'<wp:inline><wp:extent cx="{cx}" cy="0"/><wp:docPr id="12" name="Line 12"/>'
                  f'{_graphic(cx)}</wp:inline>')

    def redraw(doc: Doc) -> None:
        line = _line_para(doc, above)
        _strip(line)
        line._p.append(parse_xml(f'<w:r {nsdecls("w")} {NS_DRAW}><w:drawing>{holder}'
                                 f'</w:drawing></w:r>'))
    return redraw


def _shape_in_quoc_hieu(doc: Doc) -> None:
    """C2's layout: the Tiêu ngữ line is a floating shape anchored in the Quốc hiệu paragraph."""
    _drawing(TN, 60.0, anchored=True)(doc)
    line = _line_para(doc, TN)
    run = line._p.find(qn("w:r"))
    para(doc, "CỘNG HÒA")._p.append(run)
    line._p.getparent().remove(line._p)


def _vml(above: str, length_mm: float) -> Callable[[Doc], None]:
    points = length_mm / 25.4 * 72

    def redraw(doc: Doc) -> None:
        line = _line_para(doc, above)
        _strip(line)
        line._p.append(parse_xml(
            f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict>'
            f'<v:line from="0,0" to="{points:.1f}pt,0" strokeweight=".5pt" '
            f'style="position:absolute;mso-position-horizontal:center"/></w:pict></w:r>'))
    return redraw


def _underline_tn(doc: Doc) -> None:
    line = _line_para(doc, TN)
    line._p.getparent().remove(line._p)
    for run in para(doc, TN).runs:
        run.underline = True


def _both(*redraws: Callable[[Doc], None]) -> Callable[[Doc], None]:
    def redraw(doc: Doc) -> None:
        for r in redraws:
            r(doc)
    return redraw


TN_MM = width_mm(TN, 14, bold=True)
AGENCY_MM = width_mm(AGENCY[0], 13, bold=True)

TECHNIQUES = [
    ("underscores (official files)", _both(_underscores(TN, 40, 14),
                                           _underscores(AGENCY[1], 11, 13)),
     "underscore", 57.3, "underscore", 14.6),
    ("paragraph borders (baseline)", lambda doc: None, "border", TN_MM, "border",
     AGENCY_MM * 0.42),
    ("DrawingML shapes", _both(_drawing(TN, 60.0, anchored=True),
                               _drawing(AGENCY[1], 18.0, anchored=False)),
     "drawing", 60.0, "drawing", 18.0),
    ("shape anchored in the Quốc hiệu", _shape_in_quoc_hieu, "drawing", 60.0, "border",
     AGENCY_MM * 0.42),
    ("VML lines", _both(_vml(TN, 59.0), _vml(AGENCY[1], 17.0)), "vml", 59.0, "vml", 17.0),
    ("underlined Tiêu ngữ", _underline_tn, "underline", TN_MM, "border", AGENCY_MM * 0.42),
]


@pytest.mark.parametrize(("redraw", "tn_kind", "tn_mm", "agency_kind", "agency_mm"),
                         [t[1:] for t in TECHNIQUES], ids=[t[0] for t in TECHNIQUES])
def test_each_technique_is_recognised_and_measured(
        redraw: Callable[[Doc], None], tn_kind: str, tn_mm: float, agency_kind: str,
        agency_mm: float, deps: Deps) -> None:
    doc = build_clean()
    redraw(doc)
    data = to_bytes(doc)
    head = Context.build(read_docx(data), Catalogue.load()).head
    assert head.tn_line is not None
    assert head.agency_line is not None
    assert (head.tn_line.technique, head.agency_line.technique) == (tn_kind, agency_kind)
    assert head.tn_line.length_mm == pytest.approx(tn_mm, abs=0.2)
    assert head.agency_line.length_mm == pytest.approx(agency_mm, abs=0.2)
    assert check_docx(data, deps) == []


@pytest.mark.parametrize(("redraw", "expected"), [
    (_underscores(TN, 20, 14), "TN_LINE_LENGTH"),
    (_drawing(TN, 80.0, anchored=True), "TN_LINE_LENGTH"),
    (_vml(AGENCY[1], 40.0), "AGENCY_LINE_LENGTH"),
    (_underscores(AGENCY[1], 4, 13), "AGENCY_LINE_LENGTH"),
], ids=["short underscores", "long shape", "long VML line", "short underscores (agency)"])
def test_wrong_lengths_are_reported_whatever_the_technique(
        redraw: Callable[[Doc], None], expected: str, deps: Deps) -> None:
    doc = build_clean()
    redraw(doc)
    assert {f.rule for f in check_docx(to_bytes(doc), deps)} == {expected}
