"""The HTML side: its own Jinja environment (autoescape on, strict), apart from the clause one."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from service.document.review_copy import describe
from service.text.context import DocContext, Provenance
from service.text.plain import block_text
from service.web.form import FormCatalog

WEB_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"


ERROR_PAGES = {  # status: heading, message, advice
    404: ("Không tìm thấy trang", "Không có trang hoặc bản nháp ở địa chỉ này.",
          "Địa chỉ có thể đã gõ sai, hoặc bản nháp đã bị xóa. Mở lại từ danh sách bản nháp "
          "hoặc danh sách kế hoạch cần duyệt."),
    403: ("Không có quyền xem trang này", "Trang này không dành cho người dùng đang đăng nhập.",
          "Người soạn xem và sửa bản nháp của đơn vị mình; người duyệt xem kế hoạch của các đơn "
          "vị trong tỉnh. Đăng nhập bằng mã truy cập khác nếu cần."),
}


class WebTemplates:
    """Renders the form page and the plan preview; every value is escaped."""

    def __init__(self, catalog: FormCatalog | None = None) -> None:
        self.env = Environment(
            loader=FileSystemLoader(TEMPLATES_DIR),
            autoescape=select_autoescape(enabled_extensions=("html",), default=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.catalog = catalog or FormCatalog.load()

    def render(self, name: str, **values: Any) -> str:
        return self.env.get_template(name).render(**values)

    def preview(self, ctx: DocContext, dropped: Sequence[tuple[str, str]] = (),
                notes: Sequence[tuple[str, str]] = ()) -> str:
        """The plan as it will read: header, title, numbered paragraphs, closing (a fragment);
        `dropped`: the clauses and groups left out, with the reason (hidden, for the form);
        `notes`: (label, value) lines shown under the plan (the date it was judged at …)."""
        return self.render("preview.html", doc=ctx, block_text=block_text, dropped=dropped,
                           notes=notes)

    def provenance_preview(self, ctx: DocContext, dropped: Sequence[tuple[str, str]] = ()) -> str:
        """The preview with each paragraph's source: clause id and library version, or the
        request field of a local addition (`data-origin`, `data-local` and a line for the
        reviewer)."""
        def explain(source: Provenance | None) -> str:
            return describe(source, ctx.library_version, ctx.kind)

        return self.render("preview.html", doc=ctx, block_text=block_text, dropped=dropped,
                           provenance=explain)

    def error_page(self, status: int, library_version: str, current: str = "",
                   reason: str = "") -> str:
        """The page of an address that does not exist (404) or may not be opened (403);
        `reason`: the refusal's own words, shown under the heading."""
        heading, message, advice = ERROR_PAGES.get(status, ERROR_PAGES[404])
        return self.render("error.html", status=status, heading=heading, message=message,
                           advice=advice, reason=reason, library_version=library_version,
                           current=current)

    def page(self, **values: Any) -> str:
        return self.render("page.html", fields=self.catalog.fields, **values)
