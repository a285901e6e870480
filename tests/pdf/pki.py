"""A throw-away PKI for the signature tests: a root CA, a person (the signer) and an
organisation (the People's Committee's seal), made with `cryptography`; and signing a named field
of a PDF the way a signing tool does (pyHanko: an incremental update filling the field)."""

from __future__ import annotations

import datetime as dt
import io
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Pki:
    """The PEM files of one throw-away PKI, in a folder."""

    folder: Path

    @property
    def root(self) -> Path:
        return self.folder / "root.pem"

    def signer(self, who: str) -> signers.SimpleSigner:
        """The signer of `who` ('person' or 'organisation'), with its chain."""
        loaded = signers.SimpleSigner.load(
            str(self.folder / f"{who}.key"), str(self.folder / f"{who}.pem"),
            ca_chain_files=(str(self.root),))
        assert loaded is not None
        return loaded


def make_pki(folder: Path, name: str = "Test Root CA") -> Pki:
    folder.mkdir(parents=True, exist_ok=True)
    root_key = ec.generate_private_key(ec.SECP256R1())
    root = _certificate(_name(name), _name(name), root_key.public_key(), root_key, ca=True)
    (folder / "root.pem").write_bytes(root.public_bytes(serialization.Encoding.PEM))
    for who, common in (("person", "Tống Thanh Hải"),
                        ("organisation", "Ủy ban nhân dân tỉnh Lai Châu")):
        key = ec.generate_private_key(ec.SECP256R1())
        cert = _certificate(_name(common), _name(name), key.public_key(), root_key, ca=False)
        (folder / f"{who}.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        (folder / f"{who}.key").write_bytes(key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))
    return Pki(folder)


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common),
                      x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")])


def _certificate(subject: x509.Name, issuer: x509.Name, public: ec.EllipticCurvePublicKey,
                 key: ec.EllipticCurvePrivateKey, *, ca: bool) -> x509.Certificate:
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
               .public_key(public).serial_number(x509.random_serial_number())
               .not_valid_before(NOW - dt.timedelta(days=30))
               .not_valid_after(NOW + dt.timedelta(days=3650))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    usage = x509.KeyUsage(digital_signature=not ca, content_commitment=not ca,
                          key_encipherment=False, data_encipherment=False, key_agreement=False,
                          key_cert_sign=ca, crl_sign=ca, encipher_only=False,
                          decipher_only=False)
    return builder.add_extension(usage, critical=True).sign(key, hashes.SHA256())


def sign_field(pdf: bytes, field: str, signer: signers.SimpleSigner) -> bytes:
    """`pdf` with `field` signed, appended as an incremental update (as a signing tool does).
    In a thread of its own: pyHanko runs its own event loop, and Playwright's is running here."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(_sign, pdf, field, signer).result()


def _sign(pdf: bytes, field: str, signer: signers.SimpleSigner) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    out = signers.sign_pdf(writer, signers.PdfSignatureMetadata(field_name=field),
                           signer=signer)
    return out.getvalue()
