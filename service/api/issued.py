"""The PDF of an issued plan: made once (LibreOffice, then the two empty signature fields), kept
in the register, and replaced, as the document the draft serves, by the signed copy once it comes
back and passes the checks (`service.pdf`)."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool

from service.api.deps import Services
from service.pdf import add_signature_fields, load_trust_roots, refusal, verify_pdf
from service.pdf.signatures import SignatureCheck
from service.store import Draft, User


async def issued_pdf(services: Services, draft: Draft) -> bytes:
    """The signed PDF when there is one, else the issued PDF with its empty signature fields
    (made and kept the first time it is asked for)."""
    kept, signed = services.register.pdf(draft.id)
    if signed is not None:
        return signed
    if kept is not None:
        return kept
    docx = services.drafts.document(draft.id) or b""
    pdf = await run_in_threadpool(services.pdf.convert, docx)
    name = str((draft.request.get("signer") or {}).get("name") or "")
    with_fields, _ = await run_in_threadpool(add_signature_fields, pdf, name)
    return services.register.keep_pdf(draft.id, with_fields)


def check_signed(services: Services, draft: Draft, signed: bytes) -> tuple[
        list[SignatureCheck], str | None]:
    """The signatures of an uploaded signed copy, and why it is refused (None: accepted)."""
    checks = verify_pdf(signed, load_trust_roots(services.settings.trust_roots))
    issued, _ = services.register.pdf(draft.id)
    if issued is None:
        return checks, ("Chưa có bản PDF ban hành của kế hoạch này: hãy tải bản PDF, ký số"
                        " rồi tải lên.")
    return checks, refusal(issued, signed, checks)


def signatures(services: Services, draft: Draft) -> list[SignatureCheck]:
    """The signatures of the signed copy the draft serves (none before one is accepted)."""
    _, signed = services.register.pdf(draft.id)
    if signed is None:
        return []
    return verify_pdf(signed, load_trust_roots(services.settings.trust_roots))


def keep_signed(services: Services, draft: Draft, signed: bytes, checks: list[SignatureCheck],
                user: User) -> None:
    names = ", ".join(f"{c.field}: {c.signer}" for c in checks)
    services.register.keep_signed(draft.id, signed, user, f"Chữ ký số: {names}")

