"""Signatures (justering) and the adjusters' review comments."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meetings.models.core import AgendaItem, Meeting


def verification_code(content_hash):
    """A short code of signed content, printed in the PDF and on the review page: "3F2A-91BC"."""
    return f"{content_hash[:4]}-{content_hash[4:8]}".upper()



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
    signed_at = models.DateTimeField(_("signed at"), auto_now_add=True)
    content_hash = models.CharField(_("SHA-256 of the signed content"), max_length=64)
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    void_reason = models.CharField(_("why it was voided"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "signed_at", "id"]
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
        return self.voided_at is None and self.content_hash == content_hash

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
        ordering = ["meeting", "created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="meetings_reviewcomment_text_not_empty"),
        ]

    def __str__(self):
        return self.text[:50]
