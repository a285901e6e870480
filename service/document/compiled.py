"""A docx template prepared once, then filled many times without opening a package.

`CompiledTemplate.prepare` does, once, what docxtpl does on every render before Jinja runs:
it opens the template, cleans word/document.xml's body into a Jinja template (docxtpl's own
`patch_xml`) and compiles it, and it renders a probe context through the reference path
(`docxtpl_path`) to keep every other part of the package as the bytes docxtpl + python-docx
write (styles, numbering, headers, [Content_Types].xml …), the core properties as docxtpl
leaves them before ours are set, the root element and the style table of the rule lengths.

`render` then runs the compiled body, applies docxtpl's post-render steps (the same regular
expressions and methods), fits the rules on the body element, sets the core properties and
zips the parts in the package's order: for the same context and `created`, the same bytes as
`render_with_docxtpl` (tests/document/test_compiled.py checks it on every sample).

A template whose other parts (headers, footers, footnotes, core properties) hold Jinja tags
is not prepared (`prepare` returns None): those parts would depend on the context.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from docx.oxml.ns import nsmap
from docxtpl import DocxTemplate
from jinja2 import Environment, Template, TemplateError

from service.document.docxtpl_path import docxtpl_document, set_properties
from service.document.jinja import template_context
from service.document.package import PackageZip
from service.document.rules import StyleTable, fit_body
from service.text.context import DocContext

_JINJA_TAG = re.compile(rb"\{[{%#]")
_P_OPEN = re.compile(r"<w:p([ >])")
_P_OPEN_MARKED = re.compile(r"\n<w:p([ >])")
_LISTING = ("\t", "\a", "\n", "\f")
_DOCX_ESCAPES = (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}"))
_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
_PROBE = DocContext(agency_lines=("-",), number_line="-", place_date="-", trich_yeu=("-",),
                    blocks=(), recipients=("-",), authority=("-",))


@dataclass(frozen=True)
class CompiledTemplate:
    """The template's compiled body, its static parts, and what `render` needs around them."""

    body: Template
    package: PackageZip
    """Every part in the package's order, the constant ones deflated once."""
    document_name: str
    core_name: str
    core: Any
    """The core properties element as docxtpl leaves it, before `ctx.meta` and the dates are
    set (copied, not re-parsed: docxtpl's empty properties serialise as `<a></a>`)."""
    root: Any
    """The document's root element; its body (at `body_index`) is replaced on each render."""
    body_index: int
    styles: StyleTable
    docxtpl: DocxTemplate
    """The opened template, for docxtpl's stateless steps (`fix_tables`, `resolve_listing`)."""

    @classmethod
    def prepare(cls, source: bytes, env: Environment) -> CompiledTemplate | None:
        """The prepared template, or None when parts other than the body hold Jinja tags.

        Raises what the reference path raises for a bad template (TemplateError, BadZipFile …).
        """
        tpl = DocxTemplate(io.BytesIO(source))
        tpl.render_init()
        if _templated_outside_body(tpl, source):
            return None
        body = _compile(env, _P_OPEN.sub(r"\n<w:p\1", tpl.patch_xml(tpl.get_xml())))
        probe = docxtpl_document(source, _PROBE)
        out = io.BytesIO()
        probe.save(out)
        with zipfile.ZipFile(out) as z:
            parts = tuple((i.filename, z.read(i.filename)) for i in z.infolist())
        docx = probe.docx
        root = copy.deepcopy(docx.element)
        index = root.index(root.body)
        root.body.clear()  # replaced on each render
        core = docx.part.package.part_related_by(RT.CORE_PROPERTIES).partname[1:]
        document = docx.part.partname[1:]
        return cls(body, PackageZip(parts, (document, core)), document, core,
                   copy.deepcopy(docx.core_properties._element), root, index,
                   StyleTable.of(docx.styles), tpl)

    def render(self, ctx: DocContext, created: dt.datetime | None = None) -> bytes:
        """The .docx of `ctx`: the same bytes as the reference path for the same `created`."""
        document, core = self._document_xml(ctx), self._core_xml(ctx, created)
        return self.package.zip({self.document_name: document, self.core_name: core})

    def _document_xml(self, ctx: DocContext) -> bytes:
        xml = _P_OPEN_MARKED.sub(r"<w:p\1", self.body.render(template_context(ctx)))
        for marked, tag in _DOCX_ESCAPES:
            xml = xml.replace(marked, tag)
        if any(ch in xml for ch in _LISTING):
            xml = self.docxtpl.resolve_listing(xml)
        root = copy.deepcopy(self.root)
        root.replace(root[self.body_index], _numbered_drawings(self.docxtpl.fix_tables(xml)))
        fit_body(root[self.body_index], self.styles)  # a fresh proxy: python-docx's CT_Body
        return serialize_part_xml(root)

    def _core_xml(self, ctx: DocContext, created: dt.datetime | None) -> bytes:
        element = copy.deepcopy(self.core)
        set_properties(CoreProperties(element), ctx.meta, created)
        return serialize_part_xml(element)


def _compile(env: Environment, xml: str) -> Template:
    """The body as a Jinja template; a syntax error carries the lines near it, as docxtpl's."""
    try:
        return env.from_string(xml)
    except TemplateError as exc:
        lineno = getattr(exc, "lineno", None)
        if lineno is not None:
            start = max(lineno - 4, 0)
            exc.docx_context = [re.sub(r"<[^>]+>", "", x)  # type: ignore[attr-defined]
                                for x in xml.splitlines()[start:start + 7]]
        raise


def _numbered_drawings(tree: Any) -> Any:
    """docxtpl's `fix_docpr_ids`: drawings numbered from 1001 in each rendered body."""
    for number, element in enumerate(tree.xpath("//wp:docPr", namespaces=nsmap), start=1001):
        element.attrib["id"] = str(number)
    return tree


def _templated_outside_body(tpl: DocxTemplate, source: bytes) -> bool:
    """Whether any part but the main document, or a core property, holds a Jinja tag."""
    props = tpl.docx.core_properties
    if any(_JINJA_TAG.search(str(getattr(props, p) or "").encode()) for p in _PROPERTIES):
        return True
    main = tpl.docx.part.partname[1:]
    with zipfile.ZipFile(io.BytesIO(source)) as z:
        return any(_JINJA_TAG.search(z.read(i.filename)) for i in z.infolist()
                   if i.filename != main and i.filename.endswith(".xml"))
