"""The rules around the minutes: MBL central negotiations, secrecy marks, immediate adjustment.

- CentralNegotiation: a union's request for central negotiation (MBL §14) on a
  decision negotiated under §11 where a union disagreed, and its end;
- SecrecyMark: a part of the minutes under secrecy (OSL), left out of the
  public version (meetings.secrecy);
- ImmediateAdjustment and ImmediateSignature: one decision item adjusted at
  once (omedelbar justering), with its protocol extract (meetings.immediate).
"""

import hmac

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models.core import AgendaItem, Attachment, Decision, Meeting, UnionInput
from meetings.models.groups import Party
from meetings.models.signatures import signature_mac
from meetings.text import parse_blocks


class CentralNegotiation(models.Model):
    """"Central förhandling begärd" by a union on a decision, and later "avslutad"."""

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="central_negotiations"
    )
    party = models.ForeignKey(Party, verbose_name=_("union"), on_delete=models.PROTECT, related_name="+")
    requested_on = models.DateField(_("requested on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("closed by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["decision_id", "requested_on", "id"]
        verbose_name = _("central negotiation")
        verbose_name_plural = _("central negotiations")
        constraints = [
            models.UniqueConstraint(fields=["decision", "party"], name="meetings_centralnegotiation_one_per_union"),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("requested_on")),
                name="meetings_centralnegotiation_closed_after_request",
            ),
        ]

    def __str__(self):
        return f"{self.party} {self.requested_on:%Y-%m-%d}"

    @property
    def is_open(self):
        return self.closed_on is None


# Common references to the Public Access to Information and Secrecy Act (OSL);
# free text is allowed beside them.
OSL_REFERENCES = (
    "39 kap. 3 § OSL",
    "39 kap. 1 § OSL",
    "21 kap. 1 § OSL",
    "26 kap. 1 § OSL",
    "19 kap. 1 § OSL",
    "19 kap. 3 § OSL",
    "31 kap. 16 § OSL",
    "18 kap. 8 § OSL",
)


class SecrecyMark(models.Model):
    """A part of the minutes under secrecy: a whole item, one paragraph of its text, a union input, an attachment."""

    class Kind(models.TextChoices):
        ITEM = "item", _("The whole item")
        PARAGRAPH = "paragraph", _("A paragraph of the item's text")
        UNION_INPUT = "union_input", _("A union input")
        ATTACHMENT = "attachment", _("An attachment")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="secrecy_marks"
    )
    kind = models.CharField(_("what is secret"), max_length=20, choices=Kind.choices)
    item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="secrecy_marks",
    )
    # The paragraph: its index among the item's blocks, and its text, so an edit that moves it
    # is noticed (meetings.secrecy then hides the whole item: secrecy fails closed).
    block_index = models.PositiveIntegerField(_("paragraph"), null=True, blank=True)
    block_text = models.TextField(_("paragraph text"), blank=True)
    union_input = models.ForeignKey(
        UnionInput, verbose_name=_("union input"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="secrecy_marks",
    )
    attachment = models.ForeignKey(
        Attachment, verbose_name=_("attachment"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="secrecy_marks",
    )
    reference = models.CharField(_("legal reference"), max_length=100)
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["meeting_id", "id"]
        verbose_name = _("secrecy mark")
        verbose_name_plural = _("secrecy marks")
        permissions = [("view_secret", _("Can read the parts of minutes under secrecy"))]
        constraints = [
            models.CheckConstraint(condition=~Q(reference=""), name="meetings_secrecymark_reference_not_empty"),
            models.CheckConstraint(
                condition=(
                    Q(kind="item", item__isnull=False, block_index__isnull=True)
                    | Q(kind="paragraph", item__isnull=False, block_index__isnull=False)
                    | Q(kind="union_input", union_input__isnull=False)
                    | Q(kind="attachment", attachment__isnull=False)
                ),
                name="meetings_secrecymark_target_matches_kind",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.reference}"

    def canonical_content(self):
        """The mark as signed content: no ids, only what is printed and where."""
        where = {}
        if self.item_id:
            where["item"] = self.item.position
        if self.block_index is not None:
            where["block"] = self.block_index
        if self.union_input_id:
            where["item"] = self.union_input.item.position
            where["union_input"] = self.union_input.text
        if self.attachment_id:
            where["attachment"] = self.attachment.sha256 or self.attachment.title
        return {"kind": self.kind, **where, "reference": self.reference, "reason": self.reason}

    def block_matches(self, item):
        """Whether the paragraph at `block_index` of `item` is still the marked one."""
        blocks = parse_blocks(item.body)
        return self.block_index < len(blocks) and _block_text(blocks[self.block_index]) == self.block_text


def _block_text(block):
    if block.kind == "bullets":
        return "\n".join(" ".join(lines) for lines in block.items)
    return block.text


def block_text(block):
    """The text of a block as SecrecyMark.block_text stores it."""
    return _block_text(block)


def extract_upload_to(instance, filename):
    return f"minutes/extracts/{filename}"


class ImmediateAdjustment(models.Model):
    """One decision item sent for immediate adjustment (omedelbar justering), and its extract."""

    item = models.OneToOneField(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.PROTECT, related_name="immediate_adjustment"
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="immediate_adjustments"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    adjusted_at = models.DateTimeField(_("adjusted"), null=True, blank=True)
    content_hash = models.CharField(_("SHA-256 of the adjusted item"), max_length=64, blank=True)
    extract_pdf = models.FileField(_("protocol extract"), upload_to=extract_upload_to, blank=True)
    extract_pdf_sha256 = models.CharField(_("SHA-256 of the protocol extract"), max_length=64, blank=True)

    class Meta:
        ordering = ["meeting_id", "sent_at", "id"]
        verbose_name = _("immediate adjustment")
        verbose_name_plural = _("immediate adjustments")

    def __str__(self):
        return str(self.item)

    @property
    def is_adjusted(self):
        return self.adjusted_at is not None


class ImmediateSignature(models.Model):
    """An adjuster's signature on one immediately adjusted item; the same rules as Signature."""

    immediate = models.ForeignKey(
        ImmediateAdjustment, verbose_name=_("immediate adjustment"), on_delete=models.PROTECT,
        related_name="signatures",
    )
    adjuster = models.ForeignKey(
        "Adjuster", verbose_name=_("adjuster"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    adjuster_name = models.CharField(_("adjuster"), max_length=200)
    party_name = models.CharField(_("party"), max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signed by"), on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)
    content_hash = models.CharField(_("SHA-256 of the signed content"), max_length=64)
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    void_reason = models.CharField(_("why it was voided"), max_length=300, blank=True)
    # The same keyed MAC as a Signature's (meetings.models.signatures.signature_mac).
    mac = models.CharField(_("seal of the record (HMAC)"), max_length=64, blank=True)

    class Meta:
        ordering = ["immediate_id", "signed_at", "id"]
        verbose_name = _("signature of an immediate adjustment")
        verbose_name_plural = _("signatures of immediate adjustments")
        constraints = [
            models.UniqueConstraint(
                fields=["immediate", "adjuster"], condition=Q(voided_at__isnull=True),
                name="meetings_immediatesignature_one_active_per_adjuster",
            ),
            models.CheckConstraint(
                condition=Q(content_hash__regex=r"^[0-9a-f]{64}$"),
                name="meetings_immediatesignature_hash_is_sha256",
            ),
        ]

    def __str__(self):
        return f"{self.adjuster_name} {self.signed_at:%Y-%m-%d %H:%M}"

    def mac_is_valid(self):
        """Whether the record was written by the app (its HMAC holds); only such a signature counts."""
        expected = signature_mac(content_hash=self.content_hash, user_id=self.user_id,
                                 adjuster_id=self.adjuster_id, signed_at=self.signed_at)
        return bool(self.mac) and hmac.compare_digest(self.mac, expected)

