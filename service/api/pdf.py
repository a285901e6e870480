"""PDF through LibreOffice: `soffice --headless --convert-to pdf`, one private profile per call."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from service.errors import PdfUnavailable


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
