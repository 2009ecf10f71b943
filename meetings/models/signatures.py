"""Signatures (justering), the versions that were signed, and the adjusters' review comments."""

import datetime
import hashlib
import hmac
import json

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meetings.models.core import AgendaItem, Meeting


def verification_code(content_hash):
    """A short code of signed content, printed in the PDF and on the review page: "3F2A-91BC"."""
    return f"{content_hash[:4]}-{content_hash[4:8]}".upper()


def canonical_json(content):
    """The canonical JSON that Meeting.content_hash hashes."""
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def signature_mac(*, content_hash, user_id, adjuster_id, signed_at):
    """HMAC-SHA256 (key: settings.SIGNATURE_HMAC_KEY) over what a signature vouches for.

    The database holds no key, so a row written past the app (SQL, a restored
    dump edited by hand) cannot carry a valid MAC.
    """
    moment = signed_at.astimezone(datetime.timezone.utc).isoformat(timespec="microseconds")
    message = f"{content_hash}|{user_id}|{adjuster_id or ''}|{moment}".encode()
    return hmac.new(settings.SIGNATURE_HMAC_KEY.encode(), message, hashlib.sha256).hexdigest()


class SignedVersion(models.Model):
    """The canonical content of a version of the minutes that was sent or signed, kept for comparison.

    Keyed by its SHA-256, so what a signature's hash names can always be shown
    and compared with another version (meetings.versions). Never changed.
    """

    content_hash = models.CharField(_("checksum (SHA-256)"), max_length=64, unique=True)
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="signed_versions"
    )
    content_json = models.TextField(_("content"))
    created_at = models.DateTimeField(_("saved at"), default=timezone.now)

    class Meta:
        ordering = ["meeting_id", "created_at", "id"]
        verbose_name = _("signed version")
        verbose_name_plural = _("signed versions")

    def __str__(self):
        return verification_code(self.content_hash)

    @property
    def content(self):
        return json.loads(self.content_json)



class Signature(models.Model):
    """An adjuster's signature, bound to the SHA-256 of the content they signed.

    A signature is never deleted: when the content changes it is voided,
    with the time and the reason, and stays in the history.
    """

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="signatures"
    )
    adjuster = models.ForeignKey(
        "Adjuster", verbose_name=_("adjuster"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="signatures",
    )
    # Who signed for whom, kept as text so the history survives a removed adjuster.
    adjuster_name = models.CharField(_("adjuster"), max_length=200)
    party_name = models.CharField(_("party"), max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signed by"), on_delete=models.PROTECT,
        related_name="signatures",
    )
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)
    content_hash = models.CharField(_("SHA-256 of the signed content"), max_length=64)

    class Method(models.TextChoices):
        PASSWORD = "password", _("Password of the local account")
        OIDC = "oidc", _("Login through the organisation account")

    method = models.CharField(_("signed with"), max_length=20, choices=Method.choices, default=Method.PASSWORD)
    # For OIDC: the issuer, acr, amr and auth_time of the ID token of the re-authentication.
    evidence = models.JSONField(_("evidence of the login"), default=dict, blank=True)
    mac = models.CharField(_("seal of the record (HMAC)"), max_length=64, blank=True)
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    void_reason = models.CharField(_("why it was voided"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting_id", "signed_at", "id"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(
                fields=["adjuster"], condition=Q(voided_at__isnull=True),
                name="meetings_signature_one_active_per_adjuster",
            ),
            models.CheckConstraint(
                condition=Q(content_hash__regex=r"^[0-9a-f]{64}$"),
                name="meetings_signature_hash_is_sha256",
            ),
        ]

    def __str__(self):
        return f"{self.adjuster_name} {self.signed_at:%Y-%m-%d %H:%M}"

    def matches(self, content_hash):
        return self.voided_at is None and self.content_hash == content_hash and self.mac_is_valid()

    def expected_mac(self):
        return signature_mac(
            content_hash=self.content_hash, user_id=self.user_id, adjuster_id=self.adjuster_id,
            signed_at=self.signed_at,
        )

    def mac_is_valid(self):
        """Whether the record was written by the app (its HMAC holds)."""
        return bool(self.mac) and hmac.compare_digest(self.mac, self.expected_mac())

    @property
    def method_label(self):
        """How the signer confirmed: "Inloggning via organisationskonto, BankID", "Lösenord …"."""
        if self.method != self.Method.OIDC:
            return str(self.Method.PASSWORD.label)
        evidence = self.evidence or {}
        named = " ".join([str(evidence.get("acr") or ""), *map(str, evidence.get("amr") or [])]).lower()
        if "bankid" in named:
            return f"{self.Method.OIDC.label}, BankID"
        return str(self.Method.OIDC.label)

    @property
    def verification_code(self):
        return verification_code(self.content_hash)


class ReviewComment(models.Model):
    """An adjuster's comment on the minutes or on one item, or a request for a change."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="comments"
    )
    item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("comment"))
    is_change_request = models.BooleanField(_("asks for a change"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting_id", "created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="meetings_reviewcomment_text_not_empty"),
        ]

    def __str__(self):
        return self.text[:50]
