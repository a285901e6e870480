"""PDF through LibreOffice: a bounded pool of warm processes (`service.pdf.pool`) when it can
start, else `soffice --headless --convert-to pdf` with one private profile per call."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from service.config import Settings
from service.errors import PdfUnavailable, PoolUnavailable
from service.pdf.pool import OfficePool


class PdfConverter:
    """The service's way to PDF: the warm pool (`KEHOACH_PDF_WORKERS`), or a cold LibreOffice
    per document where the pool cannot start (no Python with `uno`, or workers = 0)."""

    def __init__(self, settings: Settings) -> None:
        self.soffice = settings.soffice
        self.pool: OfficePool | None = None
        if settings.pdf_workers:
            self.pool = OfficePool(settings.pdf_workers, settings.soffice, settings.uno_python,
                                   timeout=settings.pdf_timeout)

    def convert(self, docx: bytes) -> bytes:
        if self.pool is not None:
            try:
                return self.pool.convert(docx)
            except PoolUnavailable:
                pass
        return docx_to_pdf(docx, self.soffice)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()


def soffice_path(command: str) -> str | None:
    return shutil.which(command)


def docx_to_pdf(docx: bytes, command: str = "soffice", timeout: float = 120) -> bytes:
    exe = soffice_path(command)
    if exe is None:
        raise PdfUnavailable("Máy chủ chưa cài LibreOffice nên chưa xuất được tệp PDF;"
                             " hãy tải tệp .docx.")
    with tempfile.TemporaryDirectory(prefix="kehoach-pdf-") as tmp:
        work = Path(tmp)
        source = work / "ke-hoach.docx"
        source.write_bytes(docx)
        args = [exe, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                "--norestore", "--convert-to", "pdf", "--outdir", str(work / "out"), str(source)]
        try:
            subprocess.run(args, capture_output=True, timeout=timeout, check=False,
                           stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise PdfUnavailable("LibreOffice chuyển sang PDF quá lâu; hãy thử lại"
                                 " hoặc tải tệp .docx.") from None
        target = work / "out" / "ke-hoach.pdf"
        if not target.is_file():
            raise PdfUnavailable("LibreOffice không chuyển được tệp sang PDF;"
                                 " hãy tải tệp .docx.")
        return target.read_bytes()
