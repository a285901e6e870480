"""The prepared template gives the same .docx, byte for byte, as docxtpl opening it every time.

`render_docx` (the template prepared once per process) against `render_docx_docxtpl` (a fresh
DocxTemplate per document): every sample request, hostile text in every field, other templates;
and the zip of mostly-constant parts against plain `zipfile`.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from test_render import FIELDS, HOSTILE, all_paragraphs, sample_context, with_value

from service.deps import Deps
from service.document import DocContext, TemplateStore, render_docx, render_docx_docxtpl
from service.document.docxtpl_path import zip_parts
from service.document.package import PackageZip
from service.pipeline import compose_plan
from service.review import check_docx
from service.spec import load_request, parse_request

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))
CREATED = dt.datetime(2026, 6, 1)
STORE = TemplateStore()


def both(ctx: DocContext, template: Path | None = None) -> tuple[bytes, bytes]:
    return (render_docx(ctx, template, store=STORE, created=CREATED),
            render_docx_docxtpl(ctx, template, store=STORE, created=CREATED))


def assert_same_package(fast: bytes, slow: bytes) -> None:
    """Same parts with the same bytes (a readable failure), then the same file."""
    with zipfile.ZipFile(io.BytesIO(fast)) as a, zipfile.ZipFile(io.BytesIO(slow)) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            assert a.read(name) == b.read(name), name
    assert fast == slow


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_every_sample_renders_the_same_bytes(sample: Path, deps: Deps) -> None:
    ctx = compose_plan(load_request(sample), deps).context
    fast, slow = both(ctx)
    assert_same_package(fast, slow)
    assert [f.rule for f in check_docx(fast, deps)] == [f.rule for f in check_docx(slow, deps)]


def test_hostile_request_renders_the_same_bytes(deps: Deps) -> None:
    text = " ".join(HOSTILE)
    request = parse_request({
        "kind": "keep-drug-free", "unit": 18328, "year": 2026,
        "signer": {"mode": "KT", "name": text[:100]},
        "recipients": list(HOSTILE),
        "facts": {"villages": [{"name": value[:60]} for value in HOSTILE]},
    })
    ctx = compose_plan(request, deps).context
    fast, slow = both(ctx)
    assert_same_package(fast, slow)
    texts = "\n".join(p.text for p in all_paragraphs(Document(io.BytesIO(fast))))
    assert all(value[:60] in texts for value in HOSTILE)
    assert check_docx(fast, deps) == check_docx(slow, deps)


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("field", FIELDS)
def test_hostile_text_in_any_field_renders_the_same_bytes(field: str, value: str) -> None:
    assert_same_package(*both(with_value(field, value)))


@pytest.mark.parametrize("changes", [
    {"signer_name": ""},
    {"parent_lines": ("UBND XÃ THƯỢNG ĐỨC",), "agency_lines": ("CÔNG AN XÃ",)},
    {"meta": {}},
    {"meta": {"keywords": "a", "title": "b", "author": "c", "version": "2"}},
    {"blocks": ()},
    {"trich_yeu": ("Dòng một của trích yếu", "dòng hai")},
])
def test_context_variants_render_the_same_bytes(changes: dict[str, object]) -> None:
    assert_same_package(*both(sample_context(**changes)))  # type: ignore[arg-type]


def test_output_is_deterministic_and_stamped_now_without_created() -> None:
    ctx = sample_context()
    assert render_docx(ctx, created=CREATED) == render_docx(ctx, created=CREATED)
    before = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    created = Document(io.BytesIO(render_docx(ctx))).core_properties.created
    assert created is not None
    assert abs(created.replace(tzinfo=None) - before) <= dt.timedelta(seconds=5)


def test_template_is_prepared_once_per_store() -> None:
    store = TemplateStore()
    first = store.compiled()
    assert first is not None
    assert store.compiled() is first
    assert store.compiled("kehoach.docx") is first


def header_template(path: Path) -> Path:
    """A template whose page header prints a context field: not preparable."""
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "Đầu trang: {{ signer_name }}"
    doc.add_paragraph("{% for line in agency_lines %}{{ line }} {% endfor %}")
    doc.save(str(path))
    return path


def test_template_with_tags_in_its_header_goes_through_docxtpl(tmp_path: Path) -> None:
    path = header_template(tmp_path / "header.docx")
    store = TemplateStore(tmp_path)
    assert store.compiled(path) is None
    data = render_docx(sample_context(signer_name="Lê Văn C"), path, store=store, created=CREATED)
    doc = Document(io.BytesIO(data))
    assert doc.sections[0].header.paragraphs[0].text == "Đầu trang: Lê Văn C"
    assert doc.paragraphs[0].text == "ỦY BAN NHÂN DÂN XÃ THƯỢNG ĐỨC "


def test_another_plain_template_is_prepared_and_renders_the_same(tmp_path: Path) -> None:
    path = tmp_path / "plain.docx"
    doc = Document()
    doc.add_paragraph("{{ title }}: {{ place_date }}")
    doc.add_paragraph("{%p for b in blocks %}")
    doc.add_paragraph("{{ b.label }} {{ b.text }}")
    doc.add_paragraph("{%p endfor %}")
    doc.save(str(path))
    assert STORE.compiled(path) is not None
    fast, slow = both(sample_context(), path)
    assert_same_package(fast, slow)
    texts = [p.text for p in Document(io.BytesIO(fast)).paragraphs]
    assert texts[0] == "KẾ HOẠCH: Thượng Đức, ngày 05 tháng 02 năm 2026"
    assert len(texts) == 1 + len(sample_context().blocks)


PARTS = [("[Content_Types].xml", b"<types/>" * 50), ("a/one.xml", b"<one>" + bytes(range(256))),
         ("b/two.xml", b""), ("c/three.bin", bytes(5000)), ("d/four.xml", "chữ Việt".encode())]


@pytest.mark.parametrize("changing", [(), ("a/one.xml",), ("[Content_Types].xml", "d/four.xml"),
                                      tuple(name for name, _ in PARTS)])
def test_package_zip_is_zip_parts(changing: tuple[str, ...]) -> None:
    package = PackageZip(PARTS, changing)
    changed = {name: f"<new {name}/>".encode() * 30 for name in changing}
    expected = zip_parts((name, changed.get(name, data)) for name, data in PARTS)
    assert package.zip(changed) == expected
    with zipfile.ZipFile(io.BytesIO(package.zip(changed))) as z:
        assert z.testzip() is None
        assert [z.read(n) for n in z.namelist()] == [changed.get(n, d) for n, d in PARTS]
