"""The signatures of a PDF signed outside the service, checked with pyHanko: each one intact
(the bytes it covers unchanged), its certificate chaining to a root the service trusts, and the
revisions after it only adding signatures or filling fields (pyHanko's difference analysis).

`verify_pdf` reports every signature; `refusal` says, in Vietnamese, why a signed copy of an
issued plan is not accepted (it must be the issued PDF plus incremental updates).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import pem, x509
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko_certvalidator import ValidationContext

from service.errors import NotAPdf

ALLOWED = (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING)
"""What a revision after a signature may do: nothing, validation data, fill fields (sign)."""


@dataclass(frozen=True)
class SignatureCheck:
    """One signature of a PDF: its field, who signed and when, and what the check found."""

    field: str
    signer: str
    signed_at: dt.datetime | None
    intact: bool
    trusted: bool
    changes_allowed: bool
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.intact and self.trusted and self.changes_allowed


def load_trust_roots(path: Path | None) -> list[x509.Certificate]:
    """The certificates of a PEM (or DER) file, or of every .pem, .crt, .cer file of a folder."""
    if path is None:
        return []
    files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".pem", ".crt", ".cer")
                   ) if path.is_dir() else [path]
    return [cert for file in files for cert in _certificates(file.read_bytes())]


def _certificates(data: bytes) -> Iterable[x509.Certificate]:
    if not pem.detect(data):
        yield x509.Certificate.load(data)
        return
    for kind, _, der in pem.unarmor(data, multiple=True):
        if kind == "CERTIFICATE":
            yield x509.Certificate.load(der)


def verify_pdf(data: bytes, roots: list[x509.Certificate]) -> list[SignatureCheck]:
    """Every signature of the PDF, in the order they were added.  NotAPdf for other files."""
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except (PdfError, ValueError, KeyError, IndexError) as e:
        raise NotAPdf(f"Tệp không phải PDF đọc được ({e}).", field="file") from None
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    return [_check(sig, context) for sig in signatures]


def _check(sig: object, context: ValidationContext) -> SignatureCheck:
    field = str(getattr(sig, "field_name", "") or "")
    try:
        status = validate_pdf_signature(sig, context)  # type: ignore[arg-type]
    except (SignatureValidationError, ValueError, KeyError) as e:
        return SignatureCheck(field, "", None, False, False, False, f"không đọc được: {e}")
    level = status.modification_level
    changes_allowed = level is not None and level in ALLOWED and status.docmdp_ok is not False
    signer = _common_name(status.signing_cert)
    check = SignatureCheck(field, signer, status.signer_reported_dt, bool(status.intact),
                           bool(status.trusted), changes_allowed)
    return _with_problem(check)


def _common_name(cert: x509.Certificate | None) -> str:
    if cert is None:
        return ""
    subject = cert.subject
    return str(subject.native.get("common_name") or subject.human_friendly)


def _with_problem(check: SignatureCheck) -> SignatureCheck:
    problems = []
    if not check.intact:
        problems.append("nội dung đã bị sửa sau khi ký (chữ ký không còn nguyên vẹn)")
    if not check.trusted:
        problems.append("chứng thư số không thuộc tổ chức chứng thực mà hệ thống tin cậy")
    if not check.changes_allowed:
        problems.append("sau khi ký, tệp bị thay đổi ngoài việc ký thêm")
    return SignatureCheck(check.field, check.signer, check.signed_at, check.intact,
                          check.trusted, check.changes_allowed, "; ".join(problems))


def refusal(issued: bytes, signed: bytes, checks: list[SignatureCheck]) -> str | None:
    """Why a signed copy of the issued PDF is refused (None: accepted): a signature that fails,
    first (it says which and why); then a file that is not the issued PDF plus its signatures."""
    failed = [c for c in checks if not c.ok]
    if failed:
        return " ".join(f"Chữ ký “{c.field}” ({c.signer or 'không rõ người ký'}): {c.problem}."
                        for c in failed)
    if not checks:
        return "Tệp chưa có chữ ký số nào."
    if not signed.startswith(issued):
        return ("Tệp không phải là bản PDF đã ban hành được ký thêm: phải tải bản PDF của kế"
                " hoạch đã ban hành, ký số (không sửa nội dung) rồi tải lên.")
    return None
