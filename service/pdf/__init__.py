"""PDF of an issued plan: the two empty signature fields placed as Phụ lục I of Nghị định
30/2020 places the signatures (`fields`), and the check of a PDF signed outside (`signatures`).

Reads the converted document (text positions through pypdf) and signs nothing itself: officials
sign with their own token on their own PC; pyHanko adds the fields and validates what comes back.
"""

from service.pdf.fields import ORGANISATION_FIELD, SIGNER_FIELD, FieldBox, add_signature_fields
from service.pdf.signatures import (
    SignatureCheck,
    load_trust_roots,
    refusal,
    verify_pdf,
)

__all__ = ["ORGANISATION_FIELD", "SIGNER_FIELD", "FieldBox", "SignatureCheck",
           "add_signature_fields", "load_trust_roots", "refusal", "verify_pdf"]
