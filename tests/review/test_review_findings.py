"""Findings as data, the rule catalogue, draft vs final mode, documents of other shapes."""

from __future__ import annotations

import copy
import json
import string
from pathlib import Path

import docx
import pytest
import yaml
from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from nd30_docx import DATE, SIGNER, SO, build_clean, para, set_text, to_bytes

from service.deps import Deps
from service.errors import LibraryError
from service.review import check_docx, count, rule_ids, to_json
from service.review.catalogue import Catalogue, RuleSpec
from service.review.findings import Finding, Where, sort_findings

Doc = Document


def test_catalogue_and_code_know_the_same_rule_ids(catalogue: Catalogue) -> None:
    assert set(catalogue.rules) == set(rule_ids())


GOOD_ROW = {"id": "X_RULE", "severity": "error", "title": "Tiêu đề",
            "message": "Lề trái {value} mm", "source": "Phụ lục I, mục I.3"}


@pytest.mark.parametrize(("change", "words"), [
    ({"colour": "red"}, "quy tắc X_RULE, colour: không có trường này"),
    ({"title": "  "}, "quy tắc X_RULE, title: không được để trống"),
    ({"severity": "fatal"}, "quy tắc X_RULE, severity: phải là một trong"),
    ({"id": "x-rule"}, "quy tắc x-rule, id: không đúng dạng"),
    ({"message": "Lề {value mm"}, "quy tắc X_RULE: message: mẫu câu hỏng"),
    ({"message": "Lề {0} mm"}, "quy tắc X_RULE: message: tham số {0} không phải một tên"),
    ({"variants": {"short": "Lề {a.b}"}}, "variants.short: tham số {a.b} không phải một tên"),
    ({"source": "Sổ tay"}, "quy tắc X_RULE: nguồn “Sổ tay” phải bắt đầu bằng"),
    ({"source": None}, "quy tắc X_RULE, source: phải là chuỗi ký tự"),
], ids=["unknown field", "blank title", "severity", "id", "broken template", "positional field",
        "attribute field", "source outside the file's", "no source"])
def test_a_broken_row_is_refused_naming_the_rule_and_the_field(
        tmp_path: Path, change: dict[str, object], words: str) -> None:
    path = tmp_path / "rules.yaml"
    table = {"sources": ["Phụ lục", "Nghị định"], "rules": [{**GOOD_ROW, **change}]}
    path.write_text(yaml.safe_dump(table, allow_unicode=True), encoding="utf-8")
    with pytest.raises(LibraryError) as error:
        Catalogue.load(path)
    assert str(error.value).startswith("rules.yaml: danh mục quy tắc hỏng: ")
    assert words in str(error.value)


def test_a_good_row_loads_and_the_same_id_twice_does_not(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    table = {"sources": ["Phụ lục"], "rules": [GOOD_ROW]}
    path.write_text(yaml.safe_dump(table, allow_unicode=True), encoding="utf-8")
    assert Catalogue.load(path).rules["X_RULE"].params() == {"value"}
    table["rules"] = [GOOD_ROW, GOOD_ROW]
    path.write_text(yaml.safe_dump(table, allow_unicode=True), encoding="utf-8")
    with pytest.raises(LibraryError, match="mã quy tắc X_RULE bị trùng"):
        Catalogue.load(path)


def test_finding_json_shape() -> None:
    finding = Finding("MARGINS_LEFT", "error", Where(-1, "page", "Section 1"),
                      "Lề trái 25,0 mm, phải từ 30 đến 35 mm", "Phụ lục I, mục I.3")
    data = json.loads(json.dumps(to_json([finding])))
    assert data == [{"rule": "MARGINS_LEFT", "severity": "error",
                     "where": {"paragraph": -1, "part": "page", "excerpt": "Section 1"},
                     "message": "Lề trái 25,0 mm, phải từ 30 đến 35 mm",
                     "source": "Phụ lục I, mục I.3"}]


def test_findings_sort_by_paragraph_and_count_by_severity() -> None:
    spec = RuleSpec(id="R", severity="info", title="t", message="m", source="s")
    made = [Finding(spec.id, sev, Where(n, "body", ""), "m", "s")  # type: ignore[arg-type]
            for n, sev in ((5, "error"), (-1, "warning"), (2, "info"), (5, "warning"))]
    assert [f.where.paragraph for f in sort_findings(made)] == [-1, 2, 5, 5]
    assert count(made) == {"error": 1, "warning": 2, "info": 1}


def _blank_draft(doc: Doc) -> None:
    set_text(para(doc, SO), "Số:       /KH-UBND")
    set_text(para(doc, DATE), "Tân An, ngày      tháng 02 năm 2026")
    signer = para(doc, SIGNER)
    signer._p.remove(signer.runs[0]._r)


@pytest.mark.parametrize(("final", "expected"), [
    (False, {("SO_KH_BLANK", "info"), ("DATE_TEXT_BLANK", "info"), ("SIG_NAME_BLANK", "info")}),
    (True, {("SO_KH_NUMBER", "error"), ("DATE_TEXT_DAY", "error"), ("SIG_NAME", "error")}),
], ids=["draft", "final"])
def test_blanks_are_info_in_drafts_and_errors_when_final(
        clean: Doc, final: bool, expected: set[tuple[str, str]], deps: Deps) -> None:
    _blank_draft(clean)
    findings = check_docx(to_bytes(clean), deps, final=final)
    assert {(f.rule, f.severity) for f in findings} == expected


def test_path_input_gives_the_same_findings(tmp_path: Path, clean: Doc, deps: Deps) -> None:
    set_text(para(clean, DATE), "Tân An, ngày 05 tháng 03 năm 2026")
    path = tmp_path / "plan.docx"
    path.write_bytes(to_bytes(clean))
    assert check_docx(path, deps) == check_docx(path.read_bytes(), deps)
    assert [f.rule for f in check_docx(path, deps)] == ["DATE_TEXT_MONTH"]


def test_header_as_loose_paragraphs_is_checked_by_content(clean: Doc, deps: Deps) -> None:
    table = clean.tables[0]._tbl
    for p in reversed([copy.deepcopy(p) for p in table.iter(qn("w:p"))]):
        table.addnext(p)
    table.getparent().remove(table)
    findings = check_docx(to_bytes(clean), deps)
    # the lines were sized for the table cells; laid out on the full width they are too long
    assert {f.rule for f in findings} == {"HDR_TABLE", "TN_LINE_LENGTH", "AGENCY_LINE_LENGTH"}


def test_header_in_a_text_box_is_reported_not_crashed_on(clean: Doc, deps: Deps) -> None:
    table = clean.tables[0]._tbl
    texts = [p.text for p in clean.tables[0].cell(0, 1).paragraphs if p.text]
    content = "".join(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>" for t in texts)
    box = parse_xml(f'<w:p {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:r><w:pict>'
                    f'<v:shape><v:textbox><w:txbxContent>{content}</w:txbxContent></v:textbox>'
                    f'</v:shape></w:pict></w:r></w:p>')
    table.addnext(box)
    table.getparent().remove(table)
    assert {f.rule for f in check_docx(to_bytes(clean), deps)} == {"HDR_TABLE", "HDR_TEXTBOX"}


def test_empty_document_gives_findings_not_errors(deps: Deps) -> None:
    findings = check_docx(to_bytes(docx.Document()), deps)
    rules = {f.rule for f in findings}
    assert {"PAGE_A4", "MARGINS_TOP", "HDR_TABLE", "TITLE_KH", "SIG_TABLE"} <= rules
    assert all(isinstance(f.message, str) and f.message for f in findings)


def test_document_without_section_properties_gets_word_defaults_checked(deps: Deps) -> None:
    doc = docx.Document()
    body = doc.element.body
    body.remove(body.find(qn("w:sectPr")))
    page = {f.rule for f in check_docx(to_bytes(doc), deps) if f.where.part == "page"}
    assert {"PAGE_A4", "MARGINS_TOP", "PAGENUM_DEFAULT"} <= page


def test_messages_have_no_unfilled_fields(deps: Deps) -> None:
    doc = docx.Document()
    doc.add_paragraph("KẾ HOẠCH")
    for f in check_docx(to_bytes(doc), deps) + check_docx(to_bytes(build_clean()), deps):
        assert not any(name for _, name, _, _ in string.Formatter().parse(f.message) if name)
