"""Verifying a PDF someone received: is it our minutes, unchanged, and is its seal valid?

`verify_pdf(data)` answers for /verify/ and `manage.py verify_pdf`:

- which minutes the file is: by the SHA-256 of the whole file against the
  stored final PDFs, else by the content hash recorded in the file's XMP
  (samverkan:contentSHA256, see meetings.pdf_metadata) against the
  signatures of adjusted minutes;
- whether it is byte for byte the archived copy;
- the seal, validated with pyHanko against SEAL_TRUST_ROOTS
  (meetings.sealing.validate_seal);
- each adjuster's signature as recorded in the app.
"""

import hashlib
import re
from dataclasses import dataclass, field
from io import BytesIO

from django.utils.translation import gettext as _

from meetings import sealing
from meetings.models import Meeting, Signature
from meetings.pdf_metadata import CONTENT_HASH_PROPERTY, NAMESPACE

_HASH = re.compile(r"^[0-9a-f]{64}$")


@dataclass
class Verification:
    sha256: str
    meeting: Meeting | None = None
    identical: bool = False
    content_hash: str = ""
    seal: sealing.SealReport = field(default_factory=sealing.SealReport)
    signatures: list = field(default_factory=list)

    @property
    def changed(self):
        """The file is ours, or sealed, but not as it was sealed."""
        if self.meeting is not None and not self.identical:
            return True
        return self.seal.present and not (self.seal.intact and self.seal.covers_whole_file)

    @property
    def ok(self):
        return not self.changed and self.seal.ok

    def findings(self):
        """[(good: True/False/None, sentence)] in the active language: what the page and the command print."""
        lines = []
        if self.meeting is not None:
            lines.append((True, _("The file is the adjusted minutes “%(heading)s” (%(label)s).")
                          % {"heading": self.meeting.heading, "label": self.meeting.appendix_label or "–"}))
            if self.identical:
                lines.append((True, _("The file is byte for byte identical to the archived copy.")))
            else:
                lines.append((False, _("The file is not identical to the archived copy.")))
        else:
            lines.append((None, _("The file is not minutes archived in this system.")))
        if self.changed:
            lines.append((False, _("The file has been changed after sealing.")))
        seal = self.seal
        if seal.error:
            lines.append((False, _("The seal could not be checked: the file is damaged or not a readable PDF.")))
        elif not seal.present:
            lines.append((False, _("The file has no seal (no electronic signature).")))
        else:
            lines.append((True, _("Sealed by %(signer)s at %(time)s.") % {
                "signer": seal.signer, "time": seal.signed_at.strftime("%Y-%m-%d %H:%M") if seal.signed_at else "–"}))
            for good, yes, no in (
                (seal.intact, _("The seal is intact: the signed bytes are unchanged."),
                 _("The seal is broken: the signed bytes have changed.")),
                (seal.valid, _("The seal's signature is valid."), _("The seal's signature is not valid.")),
                (seal.trusted, _("The seal's certificate is trusted."),
                 _("The seal's certificate is not issued by a trusted authority.")),
                (seal.covers_whole_file, _("The seal covers the whole file."),
                 _("The seal does not cover the whole file: something was added after sealing.")),
            ):
                lines.append((bool(good), yes if good else no))
            if seal.demo:
                lines.append((False, _("The seal was made with the demo certificate, which is not for production.")))
            if seal.timestamped:
                lines.append((True, _("The sealing time is confirmed by a timestamp service.")))
        for signature in self.signatures:
            lines.append((True, _("Signed by %(name)s (%(party)s) at %(time)s, verification code %(code)s.") % {
                "name": signature.adjuster_name, "party": signature.party_name,
                "time": signature.signed_at.strftime("%Y-%m-%d %H:%M"), "code": signature.verification_code}))
        return lines


def recorded_content_hash(data):
    """The content hash in the file's XMP, or "" (also for a file pikepdf cannot read)."""
    import pikepdf

    try:
        with pikepdf.open(BytesIO(data)) as pdf:
            value = str(pdf.open_metadata().get(f"{{{NAMESPACE}}}{CONTENT_HASH_PROPERTY}", "") or "")
    except Exception:  # noqa: BLE001  (a damaged file raises many kinds of errors: no hash to read)
        return ""
    return value if _HASH.match(value) else ""


def verify_pdf(data):
    from django.utils import timezone

    result = Verification(sha256=hashlib.sha256(data).hexdigest())
    adjusted = Meeting.objects.filter(status=Meeting.Status.ADJUSTED).select_related("group")
    result.meeting = adjusted.filter(final_pdf_sha256=result.sha256).first()
    result.identical = result.meeting is not None
    result.content_hash = recorded_content_hash(data)
    if result.meeting is None and result.content_hash:
        signed = Signature.objects.filter(content_hash=result.content_hash, voided_at__isnull=True)
        result.meeting = adjusted.filter(pk__in=signed.values("meeting_id")).first()
    result.seal = sealing.validate_seal(data)
    if result.meeting is not None:
        result.signatures = list(result.meeting.signatures.filter(voided_at__isnull=True).order_by("signed_at"))
        for signature in result.signatures:
            signature.signed_at = timezone.localtime(signature.signed_at)
    return result
