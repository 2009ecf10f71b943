"""The organisation's seal on the archival PDF (PAdES, with pyHanko), and its validation.

`seal_pdf(data, meeting=…)` adds a certification signature that permits no
changes to the final PDF/A-3b, as an incremental update after the PDF/A
content: PAdES B-B, B-T when SEAL_TSA_URL names a timestamp service, and the
certificate chain embedded as validation data (B-LT where revocation
information can be had: see `_validation_context`). The visible appearance
is placed on the box `#seal-box` of the *Justering* section
(templates/pdf/_justering.html), found through its named destination.

`validate_seal(data)` checks a PDF's seal against SEAL_TRUST_ROOTS: intact,
valid, trusted, covering the whole file.

Without a configured certificate (SEAL_PKCS12_PATH), development
installations use a demo CA and seal certificate made here
(`ensure_demo_certificate`, called by load_demo and bin/run), named
"Samverkan testsigill – ej för produktion"; production refuses it (the
system check in meetings.checks).
"""

import datetime
import logging
import secrets
from dataclasses import dataclass, field
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

logger = logging.getLogger(__name__)

DEMO_SEAL_NAME = "Samverkan testsigill – ej för produktion"
DEMO_CA_NAME = "Samverkan test-CA – ej för produktion"
DEMO_ORGANISATION = "Samverkan (demo)"
SEAL_FIELD = "Sigill"
SEAL_BOX_ID = "seal-box"
STAMP_FONT = "fonts/Carlito-Regular.ttf"
# The stamp's text: in Swedish whatever the request's language, like the whole PDF.
STAMP_TEXT = "Elektroniskt sigill\n%(signer)s\nTid: %(ts)s"


class SealError(ImproperlyConfigured):
    """The seal cannot be made: no usable certificate."""


# --- Certificates -----------------------------------------------------------------------


def demo_folder():
    """Where the demo CA and seal certificate live: SEAL_DEMO_DIR, or MEDIA_ROOT/seal-demo."""
    return Path(settings.SEAL_DEMO_DIR or Path(settings.MEDIA_ROOT) / "seal-demo")


def _demo_files():
    folder = demo_folder()
    return folder / "seal.p12", folder / "password.txt", folder / "ca.pem"


def ensure_demo_certificate():
    """Create the demo CA and seal certificate unless a certificate is configured or they exist.

    Returns the PKCS#12 path of the demo certificate, or None when
    SEAL_PKCS12_PATH is set (a real certificate needs no demo).
    """
    if settings.SEAL_PKCS12_PATH:
        return None
    p12_path, password_path, ca_path = _demo_files()
    if p12_path.is_file() and password_path.is_file() and ca_path.is_file():
        return p12_path
    p12, password, ca_pem = make_test_certificate(DEMO_SEAL_NAME, ca_name=DEMO_CA_NAME)
    p12_path.parent.mkdir(parents=True, exist_ok=True)
    for path, data in ((ca_path, ca_pem), (password_path, password), (p12_path, p12)):
        path.touch(mode=0o600, exist_ok=True)
        path.write_bytes(data)
    logger.warning("Created the demo seal certificate %r in %s: not for production", DEMO_SEAL_NAME,
                   p12_path.parent)
    return p12_path


def make_test_certificate(common_name, *, ca_name, organisation=DEMO_ORGANISATION, days=3650):
    """(PKCS#12 bytes, its password, the CA certificate as PEM): a CA and a seal certificate it issued.

    EC P-256 keys: quick to make, and accepted by every PAdES validator.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=5)

    def name(cn):
        return x509.Name([
            x509.NameAttribute(NameOID.COUNTRY_NAME, "SE"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ])

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(name(ca_name)).issuer_name(name(ca_name))
        .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=False, content_commitment=False, key_encipherment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=True, crl_sign=True, encipher_only=False, decipher_only=False,
        ), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(name(common_name)).issuer_name(ca_cert.subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=days - 1))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False,
        ), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    password = secrets.token_urlsafe(24).encode()
    p12 = pkcs12.serialize_key_and_certificates(
        common_name.encode(), key, cert, [ca_cert], serialization.BestAvailableEncryption(password)
    )
    return p12, password, ca_cert.public_bytes(serialization.Encoding.PEM)


@dataclass(frozen=True)
class SealCredentials:
    pkcs12_path: Path
    password: bytes
    trust_root_paths: tuple
    is_demo: bool


def credentials(*, create_demo=None):
    """The certificate the app seals with. Raises SealError when there is none.

    With DEBUG on (or `create_demo`), a missing demo certificate is created.
    """
    if settings.SEAL_PKCS12_PATH:
        return SealCredentials(Path(settings.SEAL_PKCS12_PATH), settings.SEAL_PKCS12_PASSWORD.encode(),
                               tuple(settings.SEAL_TRUST_ROOTS), is_demo=False)
    if settings.DEBUG if create_demo is None else create_demo:
        ensure_demo_certificate()
    p12_path, password_path, ca_path = _demo_files()
    if not p12_path.is_file():
        raise SealError("No seal certificate: set SEAL_PKCS12_PATH (or run load_demo for a demo certificate).")
    return SealCredentials(p12_path, password_path.read_bytes(), tuple(settings.SEAL_TRUST_ROOTS) or (str(ca_path),),
                           is_demo=True)


def _read_certificates(path):
    """Every certificate in a PEM or DER file, as asn1crypto certificates."""
    data = Path(path).read_bytes()
    if pem.detect(data):
        return [asn1_x509.Certificate.load(der) for _type, _headers, der in pem.unarmor(data, multiple=True)]
    return [asn1_x509.Certificate.load(data)]


def trust_roots():
    """The certificates a seal is validated against: SEAL_TRUST_ROOTS, or the demo CA."""
    paths = settings.SEAL_TRUST_ROOTS
    if not paths and not settings.SEAL_PKCS12_PATH:
        paths = [_demo_files()[2]] if _demo_files()[2].is_file() else []
    roots = []
    for path in paths:
        roots.extend(_read_certificates(path))
    return roots


@lru_cache(maxsize=4)
def _load_signer(path, mtime, password):
    from pyhanko.sign import signers

    try:
        signer = signers.SimpleSigner.load_pkcs12_data(Path(path).read_bytes(), other_certs=(), passphrase=password)
    except ValueError:
        signer = None
    if signer is None:
        raise SealError(f"The seal certificate {path} could not be read (wrong SEAL_PKCS12_PASSWORD?).")
    return signer


def signer(creds=None):
    """pyHanko's signer for the seal certificate (cached while the file is unchanged)."""
    creds = creds or credentials()
    try:
        mtime = creds.pkcs12_path.stat().st_mtime_ns
    except OSError as exc:
        raise SealError(f"The seal certificate {creds.pkcs12_path} cannot be read: {exc}") from None
    return _load_signer(str(creds.pkcs12_path), mtime, creds.password)


def certificate_name(cert):
    """The common name of a certificate's subject, else its whole subject."""
    subject = cert.subject.native
    return subject.get("common_name") or cert.subject.human_friendly


def seal_signer_name():
    """The name on the seal certificate ("Samverkan testsigill – ej för produktion"), or "" without one."""
    try:
        return certificate_name(signer().signing_cert)
    except SealError:
        return ""


def is_demo_certificate(cert):
    return certificate_name(cert) == DEMO_SEAL_NAME


# --- Sealing ----------------------------------------------------------------------------------


def _validation_context(seal_signer, roots):
    """For embedding validation data: the chain from the PKCS#12, no fetching.

    Without network access no revocation information (OCSP, CRL) can be had:
    the DSS then holds the certificates only, which is B-LT's certificate
    part. With fetching allowed and a CA that publishes OCSP/CRL, pyHanko
    embeds those as well.
    """
    from pyhanko_certvalidator import ValidationContext

    chain = list(seal_signer.cert_registry)
    return ValidationContext(
        trust_roots=roots or [c for c in chain if c.self_signed == "maybe" or c.self_signed == "yes"],
        other_certs=chain, allow_fetching=False, revocation_mode="soft-fail",
    )


def seal_box(data):
    """(page index, (x1, y1, x2, y2)) of the seal's box in the Justering section, or None.

    WeasyPrint writes a named destination for every element with an id: its
    page and top-left corner.
    """
    import pikepdf

    with pikepdf.open(BytesIO(data)) as pdf:
        names = pdf.Root.get("/Names")
        dests = names.get("/Dests") if names is not None else None
        if dests is None:
            return None
        tree = pikepdf.NameTree(dests)
        if SEAL_BOX_ID not in tree:
            return None
        dest = tree[SEAL_BOX_ID]
        if isinstance(dest, pikepdf.Dictionary):
            dest = dest["/D"]
        page_index = pdf.pages.index(pikepdf.Page(dest[0]))
        left, top = float(dest[2]), float(dest[3])
    width, height = BOX_SIZE_PT
    return page_index, (left, top - height, left + width, top)


# The box's size in the PDF template (templates/pdf/_justering.html, .seal-box in minutes.css): 80 × 26 mm.
BOX_SIZE_PT = (80 / 25.4 * 72, 26 / 25.4 * 72)


def _stamp_style():
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    return TextStampStyle(
        stamp_text=STAMP_TEXT,
        text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(finders.find(STAMP_FONT)), font_size=9),
        timestamp_format="%Y-%m-%d %H:%M %Z",
        border_width=1,
        background=None,
    )


def seal_pdf(data, *, meeting):
    """The PDF with the organisation's seal: a PAdES certification signature permitting no changes."""
    from pyhanko.sign import fields, signers, timestamps
    from pyhanko.sign.general import SigningError
    from pyhanko.sign.signers import pdf_signer
    from pyhanko_certvalidator.errors import PathError, ValidationError

    creds = credentials()
    seal_signer = signer(creds)
    if creds.is_demo and not settings.DEBUG:
        raise SealError("The demo seal certificate may not be used with DEBUG off; set SEAL_PKCS12_PATH.")
    writer = _writer(data)
    box = seal_box(data)
    field_spec = fields.SigFieldSpec(SEAL_FIELD, on_page=box[0], box=box[1]) if box else fields.SigFieldSpec(
        SEAL_FIELD)
    timestamper = timestamps.HTTPTimeStamper(settings.SEAL_TSA_URL) if settings.SEAL_TSA_URL else None
    metadata = {
        "field_name": SEAL_FIELD,
        "subfilter": fields.SigSeedSubFilter.PADES,
        "certify": True,
        "docmdp_permissions": fields.MDPPerm.NO_CHANGES,
        "use_pades_lta": False,
        "reason": f"Justerade minnesanteckningar: {meeting.heading}"[:300],
        "location": meeting.group.administration or meeting.group.name,
        "name": certificate_name(seal_signer.signing_cert),
    }
    roots = [root for path in creds.trust_root_paths for root in _read_certificates(path)]
    try:
        signature_meta = signers.PdfSignatureMetadata(
            **metadata, embed_validation_info=True, validation_context=_validation_context(seal_signer, roots),
            # In the signature's own revision, so the seal still covers the whole file.
            dss_settings=pdf_signer.DSSContentSettings(
                placement=pdf_signer.SigDSSPlacementPreference.TOGETHER_WITH_SIGNATURE, include_vri=False,
            ),
        )
        return _sign(writer, data, signature_meta, seal_signer, timestamper, field_spec)
    except (SigningError, PathError, ValidationError) as exc:
        # The chain could not be validated for embedding: seal without it (B-B, or B-T with a TSA).
        logger.warning("Sealing without embedded validation data for meeting %s: %s", meeting.pk, exc)
        writer = _writer(data)
        signature_meta = signers.PdfSignatureMetadata(**metadata, embed_validation_info=False)
        return _sign(writer, data, signature_meta, seal_signer, timestamper, field_spec)


def _writer(data):
    """An incremental writer whose metadata update keeps Info and XMP consistent.

    pyHanko sets the XMP's pdf:Producer to "pyHanko <version>" and appends
    that to the Info /Producer ("WeasyPrint 70.0; pyHanko …"): PDF/A wants
    the two equal, so the new revision's Info carries pyHanko's value too.
    pyHanko re-serialises the XMP with lxml: our namespace keeps its prefix
    (the one the PDF/A extension schema declares) only when registered.
    """
    from lxml import etree
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.metadata.model import VENDOR

    from meetings.pdf_metadata import NAMESPACE, PREFIX

    etree.register_namespace(PREFIX, NAMESPACE)
    writer = IncrementalPdfFileWriter(BytesIO(data), strict=False)
    old_info = writer.trailer_view.get("/Info")
    if old_info is not None:
        info = generic.DictionaryObject({key: value for key, value in old_info.get_object().items()})
        info["/Producer"] = generic.TextStringObject(VENDOR)
        writer.set_info(info)
    return writer


def _sign(writer, data, signature_meta, seal_signer, timestamper, field_spec):
    from pyhanko.sign import signers

    pdf_signer = signers.PdfSigner(
        signature_meta, signer=seal_signer, timestamper=timestamper, stamp_style=_stamp_style(),
        new_field_spec=field_spec,
    )
    out = BytesIO()
    _outside_event_loop(lambda: pdf_signer.sign_pdf(
        writer, output=out, appearance_text_params={"signer": certificate_name(seal_signer.signing_cert)}))
    return out.getvalue()


def _outside_event_loop(function):
    """Run `function` here, or in a thread of its own when this thread runs an asyncio loop.

    pyHanko's synchronous API calls asyncio.run(), which refuses to run inside a
    running loop (an ASGI server's, or Playwright's in the browser tests).
    """
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function()
    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(function).result()


# --- Validation -------------------------------------------------------------------------------


@dataclass
class SealReport:
    """What validating a PDF's seal found."""

    present: bool = False
    intact: bool = False
    valid: bool = False
    trusted: bool = False
    covers_whole_file: bool = False
    certified_no_changes: bool = False
    signer: str = ""
    signed_at: datetime.datetime | None = None
    timestamped: bool = False
    demo: bool = False
    error: str = ""
    problems: list = field(default_factory=list)

    @property
    def ok(self):
        return self.present and self.intact and self.valid and self.trusted and self.covers_whole_file


def validate_seal(data, *, roots=None):
    """Validate the last signature of `data` (the seal) against SEAL_TRUST_ROOTS."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import MDPPerm
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    report = SealReport()
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception as exc:  # noqa: BLE001  (a damaged file raises many kinds of errors)
        report.error = f"The file could not be read as a PDF: {exc}"
        return report
    if not signatures:
        return report
    report.present = True
    embedded = signatures[-1]
    roots = trust_roots() if roots is None else roots
    context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
    try:
        status = _outside_event_loop(lambda: validate_pdf_signature(embedded, signer_validation_context=context))
    except Exception as exc:  # noqa: BLE001  (pyHanko raises many kinds on malformed signatures)
        report.error = f"The seal could not be validated: {exc}"
        return report
    report.intact = bool(status.intact)
    report.valid = bool(status.valid)
    report.trusted = bool(status.trusted)
    report.covers_whole_file = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    report.certified_no_changes = embedded.docmdp_level == MDPPerm.NO_CHANGES
    report.signer = certificate_name(status.signing_cert)
    report.demo = is_demo_certificate(status.signing_cert)
    report.timestamped = status.timestamp_validity is not None
    when = status.timestamp_validity.timestamp if status.timestamp_validity else status.signer_reported_dt
    report.signed_at = timezone.localtime(when) if when else None
    return report
