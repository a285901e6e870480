"""Bounded reading (`service.docx.limits`): the attacks of issue 11 refused in milliseconds, each
bound on its own (with tight bounds), parts that are not XML or declare entities refused in
Vietnamese naming the part, broken optional parts never anything but a refusal or a reading,
and every real document within the bounds."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from hostile_docx import (
    DOCUMENT,
    THEME,
    bombs,
    document,
    entity_theme,
    replaced,
    sample_parts,
    varied_bomb,
    zip_bomb,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nd30_docx import build_clean, to_bytes

from service.compare.diff import paragraphs
from service.deps import Deps
from service.docx import read_docx
from service.docx.limits import LIMITS, ReadLimits, zip_entries
from service.errors import RequestError, TooLarge
from service.review import check_docx

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "samples").glob("*.docx"))


def refusal(data: bytes, limits: ReadLimits = LIMITS) -> tuple[RequestError, float]:
    """The refusal of reading `data`, and how long it took."""
    start = time.monotonic()
    with pytest.raises(RequestError) as caught:
        read_docx(data, limits)
    return caught.value, time.monotonic() - start


def refusal_of(read: Callable[[], object]) -> RequestError | None:
    """What `read` raised, if it was a refusal (any other exception goes through)."""
    try:
        read()
    except RequestError as e:
        return e
    return None


# --- the attacks of the issue --------------------------------------------------------------------

ATTACKS = [  # name, class of the refusal, words of its message
    ("paragraph bomb", TooLarge, "nén bất thường"),
    ("zip bomb", TooLarge, "nén bất thường (giải nén ra gấp hơn 200 lần)"),
    ("entity bomb", RequestError, "khai báo DOCTYPE"),
    ("malformed theme", RequestError, "phần word/theme/theme1.xml không phải XML hợp lệ"),
]


@pytest.mark.parametrize(("name", "error", "words"), ATTACKS, ids=[a[0] for a in ATTACKS])
def test_each_attack_is_refused_in_milliseconds(name: str, error: type[RequestError],
                                                words: str) -> None:
    refused, seconds = refusal(bombs()[name])
    assert type(refused) is error
    assert words in refused.message
    assert refused.field == "file"
    assert seconds < 0.5


def test_the_zip_bomb_is_what_the_issue_describes() -> None:
    data = zip_bomb()
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(DOCUMENT)
    assert len(data) < 1_000_000 < 950 * 2**20 < info.file_size
    assert zip_entries(data) == len(sample_parts())


def test_a_bomb_that_compresses_poorly_meets_the_paragraph_bound() -> None:
    data = varied_bomb()
    assert len(data) < 1_000_000
    refused, seconds = refusal(data)
    assert isinstance(refused, TooLarge)
    assert "quá nhiều đoạn văn (hơn 5.000" in refused.message
    assert seconds < 2


# --- each bound on its own -----------------------------------------------------------------------

def _many_parts(n: int) -> bytes:
    return replaced({f"customXml/item{i}.xml": b"<x/>" for i in range(n)})


def _paragraphs(n: int) -> bytes:
    return replaced({DOCUMENT: document(b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * n)})


BOUNDS: list[tuple[str, Callable[[], bytes], ReadLimits, str]] = [
    ("file_bytes", lambda: replaced({}), replace(LIMITS, file_bytes=10_000),
     "Tệp .docx quá lớn"),
    ("parts", lambda: _many_parts(30), replace(LIMITS, parts=40), "quá nhiều phần: 44 (tối đa 40)"),
    ("unpacked_bytes", lambda: replaced({}), replace(LIMITS, unpacked_bytes=50_000),
     "giải nén ra quá lớn"),
    ("ratio", lambda: varied_bomb(3_000), replace(LIMITS, ratio=2), "gấp hơn 2 lần"),
    ("tags", lambda: _paragraphs(400), replace(LIMITS, tags=1_000), "tối đa 1.000 thẻ"),
    ("paragraphs", lambda: _paragraphs(400), replace(LIMITS, paragraphs=300),
     "quá nhiều đoạn văn (hơn 300"),
]


@pytest.mark.parametrize(("bound", "make", "limits", "words"), BOUNDS, ids=[b[0] for b in BOUNDS])
def test_each_bound_refuses_what_passes_it(bound: str, make: Callable[[], bytes],
                                           limits: ReadLimits, words: str) -> None:
    data = make()
    read_docx(data)  # within the default bounds
    refused, _ = refusal(data, limits)
    assert isinstance(refused, TooLarge)
    assert words in refused.message


def test_a_part_is_cut_at_the_bound_whatever_its_header_says() -> None:
    """A header that understates a part's size: the stream stops at what its header said, and
    the archive's check refuses the part (no more is ever unpacked)."""
    data = replaced({DOCUMENT: document(b"<w:p/>" * 50_000)})
    lied = _understate(data, DOCUMENT, 1_000)
    assert zipfile.ZipFile(io.BytesIO(lied)).getinfo(DOCUMENT).file_size == 1_000
    refused, seconds = refusal(lied)
    assert "Không đọc được tệp .docx" in refused.message
    assert seconds < 0.5


def _understate(data: bytes, member: str, size: int) -> bytes:
    """The ZIP with `member`'s unpacked size written as `size` in its headers."""
    out = bytearray(data)
    name = member.encode()
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = out.find(signature)
        while at >= 0:
            length_at = at + (26 if signature == b"PK\x03\x04" else 28)
            length = int.from_bytes(out[length_at:length_at + 2], "little")
            start = length_at + (4 if signature == b"PK\x03\x04" else 18)
            if bytes(out[start:start + length]) == name:
                out[at + offset:at + offset + 4] = size.to_bytes(4, "little")
            at = out.find(signature, at + 4)
    return bytes(out)


def test_nesting_past_libxml2s_depth_is_refused() -> None:
    deep = b"<w:sdt>" * 300 + b"</w:sdt>" * 300
    refused, _ = refusal(replaced({DOCUMENT: document(deep)}))
    assert "Excessive depth" in refused.message
    assert LIMITS.depth == 256
    read_docx(replaced({DOCUMENT: document(b"<w:sdt>" * 200 + b"</w:sdt>" * 200)}))


@pytest.mark.parametrize(("declaration", "codec"), [
    (b'<!DOCTYPE w:document [<!ENTITY e "x">]>', "utf-8"),  # one harmless entity
    (b'<!DOCTYPE w:document [<!ENTITY e SYSTEM "file:///etc/passwd">]>', "utf-8"),
    (b'<!DOCTYPE w:document SYSTEM "http://127.0.0.1:9/dtd">', "utf-8"),
    (b'<!DOCTYPE w:document [<!ENTITY e "x">]>', "utf-16"),
])
def test_any_document_type_declaration_is_refused(declaration: bytes, codec: str) -> None:
    xml = (b'<?xml version="1.0" encoding="%s"?>' % codec.encode() + declaration
           + document(b"<w:p><w:r><w:t>&e;</w:t></w:r></w:p>"))
    data = xml if codec == "utf-8" else xml.decode("utf-8").encode(codec)
    refused, _ = refusal(replaced({DOCUMENT: data}))
    assert "khai báo DOCTYPE" in refused.message


def test_an_entity_bomb_in_the_theme_is_refused() -> None:
    refused, _ = refusal(entity_theme())
    assert "khai báo DOCTYPE" in refused.message


# --- broken optional parts ---------------------------------------------------------------------

OPTIONAL = ["word/theme/theme1.xml", "word/styles.xml", "word/numbering.xml",
            "word/settings.xml", "word/fontTable.xml", "word/header1.xml"]
BREAKAGES: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda x: b"",
    "cut in half": lambda x: x[:len(x) // 2],
    "not XML": lambda x: bytes(range(256)) * 4,
    "another root": lambda x: b'<x xmlns="urn:x"/>',
    "UTF-16": lambda x: x.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    .encode("utf-16"),
    "huge numbers": lambda x: x.replace(b'w:val="', b'w:val="99999999999999999999', 40),
    "negative numbers": lambda x: x.replace(b'w:val="', b'w:val="-', 200),
    "letters for numbers": lambda x: x.replace(b'w:w="', b'w:w="x', 20),
}


@pytest.mark.parametrize("part", OPTIONAL)
@pytest.mark.parametrize("breakage", list(BREAKAGES))
def test_a_broken_optional_part_is_refused_or_read(part: str, breakage: str,
                                                   deps: Deps) -> None:
    data = replaced({part: BREAKAGES[breakage](sample_parts()[part])})
    for read in (lambda: check_docx(data, deps), lambda: paragraphs(data, field="a")):
        refused = refusal_of(read)
        if refused is not None:
            assert not refused.message.isascii()
            assert part in refused.message or "Không" in refused.message


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(part=st.sampled_from([DOCUMENT, THEME, "word/styles.xml", "word/numbering.xml",
                             "word/_rels/document.xml.rels", "[Content_Types].xml"]),
       at=st.floats(0, 1), junk=st.binary(max_size=40))
def test_random_damage_is_never_anything_but_a_refusal(part: str, at: float, junk: bytes,
                                                       deps: Deps) -> None:
    original = sample_parts()[part]
    cut = int(len(original) * at)
    data = replaced({part: original[:cut] + junk + original[cut:]})
    refused = refusal_of(lambda: check_docx(data, deps))
    assert refused is None or not refused.message.isascii()


# --- real documents ----------------------------------------------------------------------------

def test_every_sample_and_the_clean_plan_read_within_the_bounds() -> None:
    for data in [p.read_bytes() for p in SAMPLES] + [to_bytes(build_clean())]:
        model = read_docx(data)
        assert 30 < len(model.paragraphs) < LIMITS.paragraphs // 10
