"""The reference document path: docxtpl opens the template, renders and saves, per document.

    DocxTemplate(template) -> Jinja (autoescape, StrictUndefined) -> fit_rules
                           -> core properties from ctx.meta -> save -> fixed zip entry times

This is what `service.document.compiled` prepares once per template (and checks itself against
in the tests), and the naive loop of the benchmark (bench/batch.py).  Callers check the context
and turn errors into `RenderError` (service.document.render).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Mapping

from docx.opc.coreprops import CoreProperties
from docxtpl import DocxTemplate

from service.document.jinja import make_environment, plain_text, template_context
from service.document.rules import fit_rules
from service.text.context import DocContext

ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def docxtpl_document(source: bytes, ctx: DocContext) -> DocxTemplate:
    """The template rendered with `ctx` and its rules fitted (core properties not set yet)."""
    doc = DocxTemplate(io.BytesIO(source))
    doc.render(template_context(ctx), jinja_env=make_environment(), autoescape=True)
    fit_rules(doc.docx)
    return doc


def render_with_docxtpl(source: bytes, ctx: DocContext,
                        created: dt.datetime | None = None) -> bytes:
    """The .docx of `ctx` through a fresh DocxTemplate (byte-stable when `created` is given)."""
    doc = docxtpl_document(source, ctx)
    set_properties(doc.docx.core_properties, ctx.meta, created)
    out = io.BytesIO()
    doc.save(out)
    return fixed_zip_times(out.getvalue()) if created else out.getvalue()


def set_properties(props: CoreProperties, meta: Mapping[str, str],
                   created: dt.datetime | None) -> None:
    """Core properties from `meta` (keys checked before rendering); created = modified."""
    for key, value in meta.items():
        setattr(props, key, plain_text(value)[:255])
    now = created or dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    props.created = now
    props.modified = now


def fixed_zip_times(data: bytes) -> bytes:
    """The same parts with every zip entry dated 1980-01-01, so equal documents are equal bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        return zip_parts((info.filename, src.read(info.filename)) for info in src.infolist())


def zip_parts(parts: Iterable[tuple[str, bytes]]) -> bytes:
    """A deflated zip of `parts`, in order, every entry dated 1980-01-01 with mode 0644."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts:
            fixed = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, data)
    return out.getvalue()
