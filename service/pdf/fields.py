"""The two signature fields of an issued plan, where Phụ lục I of Nghị định 30/2020 puts them:

- the signer's digital signature (ô 7c): the image of their signature, “đặt canh giữa chức vụ
  của người ký và họ tên người ký” — centred on the signature column, between the title line
  and the name;
- the organisation's (ô 8): the image of its seal at its real size, “trùm lên khoảng 1/3 hình
  ảnh chữ ký số của người có thẩm quyền về bên trái” — over the left third of the signer's.

The block is found in the converted PDF itself (the positions of the name and of the line
above it, read with pypdf), not from fixed coordinates: a longer plan, another paper size or
another signer's title moves it.  The fields are added by pyHanko as an incremental update.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign.fields import SigFieldSpec, append_signature_field
from pypdf import PdfReader

from service.docx.metrics import width_pt
from service.errors import PdfUnavailable
from service.strings import nfc

SIGNER_FIELD = "ChuKyNguoiKy"
ORGANISATION_FIELD = "ChuKyCoQuan"
SIGNATURE_WIDTH = 130.0
"""The signer's field, in points (46 mm: a handwritten signature's usual width)."""
SEAL = 99.0
"""The seal's real size, in points (35 mm: a People's Committee's round seal)."""


@dataclass(frozen=True)
class Line:
    """One line of text on a page: where it starts (points from the bottom left), its size."""

    text: str
    x: float
    y: float
    size: float

    @property
    def centre(self) -> float:
        return self.x + width_pt(self.text, self.size, bold=True) / 2


@dataclass(frozen=True)
class FieldBox:
    """A field's page (from 0) and box (x0, y0, x1, y1 in points)."""

    name: str
    page: int
    box: tuple[int, int, int, int]


def add_signature_fields(pdf: bytes, signer_name: str) -> tuple[bytes, list[FieldBox]]:
    """The PDF with the two empty signature fields appended (an incremental update), and where
    they are.  PdfUnavailable when the signer's name is not in the document."""
    boxes = signature_boxes(pdf, signer_name)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    for field in boxes:
        append_signature_field(writer, SigFieldSpec(field.name, on_page=field.page,
                                                    box=field.box))
    out = io.BytesIO()
    writer.write(out)  # type: ignore[no-untyped-call]
    return out.getvalue(), boxes


def signature_boxes(pdf: bytes, signer_name: str) -> list[FieldBox]:
    """The signer's box between the title line and the name, centred on them; the seal's box
    over the left third of it, centred on it vertically."""
    page, title, name = _block(pdf, nfc(" ".join(signer_name.split())))
    top = title.y - 3
    bottom = name.y + name.size * 0.75 + 3
    centre = (title.centre + name.centre) / 2
    x0 = centre - SIGNATURE_WIDTH / 2
    signer = (x0, bottom, x0 + SIGNATURE_WIDTH, top)
    middle = (top + bottom) / 2
    seal_right = x0 + SIGNATURE_WIDTH / 3
    seal = (seal_right - SEAL, middle - SEAL / 2, seal_right, middle + SEAL / 2)
    return [FieldBox(SIGNER_FIELD, page, _ints(signer)),
            FieldBox(ORGANISATION_FIELD, page, _ints(seal))]


def _block(pdf: bytes, name: str) -> tuple[int, Line, Line]:
    """The page of the signature block, its title line (the line right above the name, in the
    same column) and the name's line; searched from the last page."""
    reader = PdfReader(io.BytesIO(pdf))
    for index in range(len(reader.pages) - 1, -1, -1):
        lines = page_lines(reader, index)
        for found in (line for line in lines if line.text == name):
            above = [line for line in lines if line.y > found.y
                     and abs(line.centre - found.centre) < SIGNATURE_WIDTH / 2]
            if above:
                return index, min(above, key=lambda line: line.y), found
    raise PdfUnavailable(f"Không tìm thấy khối chữ ký (họ tên “{name}”) trong tệp PDF, nên"
                         " chưa đặt được ô chữ ký số.")


def page_lines(reader: PdfReader, index: int) -> list[Line]:
    """The text lines of a page as pypdf reads them (the text matrix's origin and size)."""
    lines: list[Line] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            a, b, c, d, e, f = cm
            x, y = tm[4], tm[5]
            lines.append(Line(nfc(" ".join(text.split())), a * x + c * y + e, b * x + d * y + f,
                              size))

    reader.pages[index].extract_text(visitor_text=visit)
    return lines


def _ints(box: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = box
    return round(x0), round(y0), round(x1), round(y1)
