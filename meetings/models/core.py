"""The minutes of a cooperation-group meeting, and who may do what with them.

A Meeting holds AgendaItems in four sections (Information, Dialog, Beslut,
Övrigt). An item may carry the unions' input (UnionInput) and, on a Beslut
item, one Decision with each party's Position. Adjusters (justerare) sign the
minutes; Attachments (bilagor) hang on the meeting or on one item.
"""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meetings.models.groups import CooperationGroup, Party
from meetings.text import parse_blocks


def _choice_label(choices, value):
    """The label of `value` in the TextChoices `choices`, or the value itself if it is not one of them."""
    try:
        return choices(value).label
    except ValueError:
        return value


class MeetingQuerySet(models.QuerySet):
    def with_contents(self):
        """Meetings with everything the minutes print prefetched, in a fixed number of queries."""
        # The item's immediate adjustment (a reverse one-to-one) comes in the items' query.
        items = AgendaItem.objects.select_related("decision", "immediate_adjustment").prefetch_related(
            models.Prefetch("union_inputs", queryset=UnionInput.objects.select_related("party")),
            models.Prefetch("decision__positions", queryset=Position.objects.select_related("party")),
        )
        return self.select_related("group", "superseded_by").prefetch_related(
            models.Prefetch("items", queryset=items),
            models.Prefetch("adjusters", queryset=Adjuster.objects.select_related("party", "user")),
            "adjusters__signatures",
            # Every attachment once, those of an item too (templatetags.minutes_tags.item_attachments).
            models.Prefetch("attachments", queryset=Attachment.objects.select_related("item")),
            "secrecy_marks__item", "secrecy_marks__union_input__item", "secrecy_marks__attachment",
        )


class Meeting(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OUT_FOR_ADJUSTMENT = "out_for_adjustment", _("Out for adjustment")
        ADJUSTED = "adjusted", _("Adjusted")

    class DocumentType(models.TextChoices):
        # The same values as meetings.importer.result.DOCUMENT_TYPES.
        COOPERATION = "cooperation", _("Cooperation-group minutes")
        NEGOTIATION = "negotiation", _("MBL negotiation protocol")
        BOARD = "board", _("Board protocol")

    group = models.ForeignKey(
        CooperationGroup, verbose_name=_("cooperation group"), on_delete=models.PROTECT,
        related_name="meetings",
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    protocol_number = models.CharField(
        _("protocol number"), max_length=20, blank=True, help_text=_("For example 11/2020.")
    )
    dnr = models.CharField(_("registry number (DNR)"), max_length=50, blank=True)
    document_date = models.DateField(
        _("document date"), null=True, blank=True,
        help_text=_("The date printed in the letterhead, if other than the meeting date."),
    )
    chair = models.CharField(_("chair"), max_length=200, blank=True)
    secretary = models.CharField(_("secretary"), max_length=200, blank=True)
    closing_text = models.TextField(
        _("closing text"), blank=True, help_text=_("For example: Ordförande avslutar mötet.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    is_imported = models.BooleanField(_("imported"), default=False)
    # Imported minutes keep their source: the file's checksum (no duplicates),
    # the text as extracted, and what the importer could not place.
    source_name = models.CharField(_("source file"), max_length=255, blank=True)
    source_sha256 = models.CharField(_("SHA-256 of the source file"), max_length=64, blank=True, editable=False)
    source_text = models.TextField(_("source text"), blank=True)
    unclassified_text = models.TextField(
        _("unclassified text"), blank=True,
        help_text=_("Text from the imported file that could not be placed; kept for review."),
    )
    document_type = models.CharField(
        _("document type"), max_length=20, choices=DocumentType.choices, default=DocumentType.COOPERATION
    )
    # A scanned file read by OCR: the mean word confidence (0–100); None for a file with text.
    ocr_confidence = models.FloatField(_("OCR confidence"), null=True, blank=True, editable=False)
    adjustment_deadline = models.DateField(_("adjustment deadline"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent for adjustment"), null=True, blank=True)
    agenda_sent_at = models.DateTimeField(_("agenda sent"), null=True, blank=True)
    adjusted_at = models.DateTimeField(_("adjusted"), null=True, blank=True)
    final_pdf = models.FileField(_("adjusted PDF"), upload_to="minutes/", blank=True)
    final_pdf_sha256 = models.CharField(_("SHA-256 of the adjusted PDF"), max_length=64, blank=True)
    # The public version (offentlig version): secret parts replaced by a marker (meetings.secrecy).
    public_pdf = models.FileField(_("public PDF"), upload_to="minutes/public/", blank=True)
    public_pdf_sha256 = models.CharField(_("SHA-256 of the public PDF"), max_length=64, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # A correction (rättelse) of adjusted minutes is a new Meeting row: the earlier
    # version, its signatures and its final PDF stay as they were (meetings.corrections).
    supersedes = models.OneToOneField(
        "self", verbose_name=_("corrects version"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="superseded_by", editable=False,
    )
    version_number = models.PositiveIntegerField(_("version of the minutes"), default=1, editable=False)
    correction_reason = models.CharField(_("reason for the correction"), max_length=300, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__isnull=True)
                | Q(start_time__isnull=True)
                | Q(end_time__gt=models.F("start_time")),
                name="meetings_meeting_end_after_start",
            ),
            models.UniqueConstraint(
                fields=["source_sha256"], condition=~Q(source_sha256=""),
                name="meetings_meeting_unique_source_file",
            ),
            models.UniqueConstraint(
                # A correction keeps the protocol number: it is version 2 of the same minutes.
                fields=["group", "protocol_number", "version_number"],
                condition=~Q(protocol_number=""),
                name="meetings_meeting_unique_protocol_per_group",
            ),
        ]

    def __str__(self):
        return f"{self.group.name} {self.date.isoformat()}"

    def get_absolute_url(self):
        return reverse("meetings:meeting_detail", args=[self.pk])

    @property
    def heading(self):
        """"Minnesanteckningar från samverkansgrupp FSG/VSG – Socialförvaltningen den 16 november 2020"."""
        return _("Minutes of cooperation group %(group)s – %(administration)s on %(date)s") % {
            "group": self.group.name,
            "administration": self.group.administration,
            "date": formats.date_format(self.date, "j F Y"),
        }

    @property
    def appendix_label(self):
        """"Bilaga till protokoll 11/2020", empty while there is no protocol number."""
        if not self.protocol_number:
            return ""
        return _("Appendix to protocol %(number)s") % {"number": self.protocol_number}

    @property
    def is_current_version(self):
        """No correction of these minutes has been started (see meetings.corrections)."""
        try:
            return self.superseded_by is None
        except Meeting.DoesNotExist:
            return True

    @property
    def is_editable(self):
        """Drafts and minutes out for adjustment can change; adjusted minutes never.

        A change while out for adjustment voids the signatures already given
        (see signing.signatures_void_changed).
        """
        return self.status in (self.Status.DRAFT, self.Status.OUT_FOR_ADJUSTMENT)

    def canonical_content(self):
        """Everything a signature vouches for, as a plain structure in a fixed order.

        Signatures hash this (see content_hash), so every field that is
        printed in the minutes must be here, and nothing that changes without
        changing the minutes (ids, versions, timestamps).
        """
        items = sorted(self.items.all(), key=lambda i: i.position)
        return {
            "group": self.group.name,
            "administration": self.group.administration,
            "date": self.date.isoformat(),
            "start_time": self.start_time.isoformat() if self.start_time else None,
            "end_time": self.end_time.isoformat() if self.end_time else None,
            "place": self.place,
            "protocol_number": self.protocol_number,
            "dnr": self.dnr,
            "document_date": self.document_date.isoformat() if self.document_date else None,
            "chair": self.chair,
            "secretary": self.secretary,
            "closing_text": self.closing_text,
            "items": [item.canonical_content() for item in items],
            "adjusters": [
                {"name": a.name, "party": a.party.canonical_content(), "user": a.user_id}
                for a in sorted(self.adjusters.all(), key=lambda a: (a.position, a.pk))
            ],
            "attachments": [
                {"title": a.title, "item": a.item.position if a.item else None, "sha256": a.sha256}
                for a in sorted(self.attachments.all(), key=lambda a: a.pk)
            ],
            # Only where there are any, so the content of minutes without them stays as it was.
            **({"secrecy": marks} if (marks := self.secrecy_canonical()) else {}),
        }

    def secrecy_canonical(self):
        """The secrecy marks (meetings.models.mbl.SecrecyMark) as signed content: what the public version hides."""
        return [mark.canonical_content() for mark in sorted(self.secrecy_marks.all(), key=lambda m: m.pk)]

    def content_hash(self):
        """SHA-256 of the canonical JSON of the content: what a signature is bound to."""
        canonical = json.dumps(
            self.canonical_content(), ensure_ascii=False, sort_keys=True, separators=(",", ":")
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def adjusters_with_signatures(self, content_hash=None):
        """The adjusters, each with `current_signature` set against today's content (its hash, when known)."""
        current = content_hash or self.content_hash()
        adjusters = list(self.adjusters.all())
        for adjuster in adjusters:
            adjuster._current_signature = adjuster.valid_signature(current)
        return adjusters

    @property
    def agenda_heading(self):
        """"Föredragningslista för samverkansgrupp FSG/VSG – Socialförvaltningen den 16 november 2020"."""
        return _("Agenda of cooperation group %(group)s – %(administration)s on %(date)s") % {
            "group": self.group.name,
            "administration": self.group.administration,
            "date": formats.date_format(self.date, "j F Y"),
        }

    def agenda_sections(self):
        """[(kind, label, [items])] of the agenda; sections without items are left out."""
        return [section for section in self.items_by_section() if section[2]]

    def items_by_section(self):
        """[(kind, label, [items])] in the order of the printed minutes, empty sections kept."""
        items = list(self.items.all())
        return [
            (kind, label, [item for item in items if item.kind == kind])
            for kind, label in AgendaItem.Kind.choices
        ]


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        # The order here is the order of the sections in the minutes.
        INFORMATION = "information", _("Information")
        DIALOG = "dialog", _("Dialog")
        DECISION = "decision", _("Decision")
        OTHER = "other", _("Other business")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="items"
    )
    kind = models.CharField(_("section"), max_length=20, choices=Kind.choices)
    position = models.PositiveIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=300)
    presenter = models.CharField(
        _("presenter"), max_length=200, blank=True,
        help_text=_("For example: SOF Socialdirektör or VC GR."),
    )
    body = models.TextField(
        _("text"), blank=True,
        help_text=_(
            "A blank line starts a new paragraph. Start a line with “- ” for a bullet "
            "and with “## ” for a sub-heading such as GM, Vuxen or BUF."
        ),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting_id", "position"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"], name="meetings_agendaitem_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["information", "dialog", "decision", "other"]),
                name="meetings_agendaitem_kind_valid",
            ),
            models.CheckConstraint(
                condition=~Q(title=""), name="meetings_agendaitem_title_not_empty"
            ),
        ]

    def __str__(self):
        return self.title


    def canonical_content(self):
        decision = getattr(self, "decision", None) if self.kind == self.Kind.DECISION else None
        return {
            "kind": self.kind,
            "position": self.position,
            "title": self.title,
            "presenter": self.presenter,
            "body": self.body,
            "union_inputs": [
                {"party": u.party.canonical_content() if u.party else None, "text": u.text,
                 # Only where it is set, so the content of minutes without it stays as it was.
                 **({"after_block": u.after_block} if u.after_block is not None else {})}
                for u in self.union_inputs.all()
            ],
            "decision": decision.canonical_content() if decision else None,
        }

    def blocks(self):
        return parse_blocks(self.body)

    def content_parts(self):
        """The body's blocks with the union inputs at their place: [("blocks", [...]) | ("union", input)]."""
        blocks = self.blocks()
        inputs = list(self.union_inputs.all())
        placed = sorted((u for u in inputs if u.after_block is not None and u.after_block < len(blocks)),
                        key=lambda u: (u.after_block, u.position, u.pk or 0))
        parts, start = [], 0
        for union_input in placed:
            if union_input.after_block > start:
                parts.append(("blocks", blocks[start:union_input.after_block]))
                start = union_input.after_block
            parts.append(("union", union_input))
        if blocks[start:]:
            parts.append(("blocks", blocks[start:]))
        parts += [("union", u) for u in inputs if u not in placed]
        return parts


class UnionInput(models.Model):
    """The unions' input ("fackligt inspel") on an item."""

    item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE,
        related_name="union_inputs",
    )
    party = models.ForeignKey(
        Party, verbose_name=_("party"), null=True, blank=True, on_delete=models.PROTECT,
        help_text=_("Leave empty when the unions speak jointly."),
    )
    text = models.TextField(_("text"))
    position = models.PositiveIntegerField(_("position"), default=0)
    # Where the input stands in the item's text: after this many blocks of the body (imported
    # minutes keep the place of "SSR efterfrågar …"); None: after the whole body.
    after_block = models.PositiveIntegerField(_("after block"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["item_id", "position", "id"]
        verbose_name = _("union input")
        verbose_name_plural = _("union inputs")
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="meetings_unioninput_text_not_empty"),
        ]

    def __str__(self):
        return f"{self.party_label}: {self.text[:40]}"

    @property
    def party_label(self):
        return self.party.label if self.party else _("The unions jointly")

    def blocks(self):
        return parse_blocks(self.text)


class Decision(models.Model):
    class Outcome(models.TextChoices):
        AGREED = "agreed", _("All parties agree")
        DISAGREED = "disagreed", _("Disagreement noted")
        NO_OBJECTION = "no_objection", _("No objection")
        DEFERRED = "deferred", _("Deferred")
        UNKNOWN = "unknown", _("Not stated")

    item = models.OneToOneField(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE,
        related_name="decision",
    )
    text = models.TextField(_("decision"))
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.UNKNOWN
    )
    deferred_to = models.CharField(
        _("deferred to"), max_length=300, blank=True,
        help_text=_("For example: MBL §11 negotiation at the meeting on 26 March."),
    )
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    follow_up_date = models.DateField(_("follow-up date"), null=True, blank=True)

    class Mbl(models.TextChoices):
        NONE = "", _("Not an MBL matter")
        NEGOTIATION = "negotiation", _("MBL §11 negotiation")
        INFORMATION = "information", _("MBL §19 information")

    mbl = models.CharField(_("MBL"), max_length=20, choices=Mbl.choices, blank=True, default="")
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["item__meeting", "item__position"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="meetings_decision_text_not_empty"),
            models.CheckConstraint(
                condition=Q(outcome__in=["agreed", "disagreed", "no_objection", "deferred", "unknown"]),
                name="meetings_decision_outcome_valid",
            ),
        ]

    def __str__(self):
        return self.get_outcome_display()

    def canonical_content(self):
        return {
            "text": self.text,
            "outcome": self.outcome,
            "deferred_to": self.deferred_to,
            "effective_date": self.effective_date.isoformat() if self.effective_date else None,
            "follow_up_date": self.follow_up_date.isoformat() if self.follow_up_date else None,
            "positions": sorted(
                (
                    {"party": p.party.canonical_content(), "stand": p.stand, "text": p.text}
                    for p in self.positions.all()
                ),
                key=lambda p: p["party"]["name"],
            ),
            # Only where it is set, so the content of minutes without it stays as it was.
            **({"mbl": self.mbl} if self.mbl else {}),
        }

    def blocks(self):
        return parse_blocks(self.text)

    @property
    def outcome_label(self):
        """get_outcome_display() without rebuilding the choices on every call (a page shows many)."""
        return _choice_label(self.Outcome, self.outcome)


class Position(models.Model):
    """One party's stand on a decision."""

    class Stand(models.TextChoices):
        AGREE = "agree", _("Agree")
        DISAGREE = "disagree", _("Disagree")
        NO_OBJECTION = "no_objection", _("No objection")
        DEMAND = "demand", _("Demand (yrkande)")

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="positions"
    )
    party = models.ForeignKey(Party, verbose_name=_("party"), on_delete=models.PROTECT)
    stand = models.CharField(_("position"), max_length=20, choices=Stand.choices)
    text = models.TextField(
        _("comment or demand"), blank=True, help_text=_("Required for a demand (yrkande).")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["decision_id", "party__kind", "party__name"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "party"], name="meetings_position_one_per_party"
            ),
            models.CheckConstraint(
                condition=~Q(stand="demand") | ~Q(text=""),
                name="meetings_position_demand_has_text",
            ),
        ]

    def __str__(self):
        return f"{self.party}: {self.get_stand_display()}"

    @property
    def stand_label(self):
        """get_stand_display() without rebuilding the choices on every call (a page shows many)."""
        return _choice_label(self.Stand, self.stand)


class Adjuster(models.Model):
    """A person chosen as justerare, signing for one party."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="adjusters"
    )
    name = models.CharField(_("name"), max_length=200)
    party = models.ForeignKey(Party, verbose_name=_("party"), on_delete=models.PROTECT)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user account"), null=True, blank=True,
        # An account that signs minutes is deactivated, never deleted: signatures refer to it.
        on_delete=models.PROTECT, related_name="adjuster_slots",
        help_text=_("The account that may sign for this adjuster."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    # False for the slots that existed before migration 0014: they keep their names and may
    # repeat a party (signed minutes stay as signed); new slots are the account's.
    from_account = models.BooleanField(_("name and party from the account"), default=True, editable=False)
    last_reminded_on = models.DateField(_("last reminded on"), null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["last_reminded_on"])

    class Meta:
        ordering = ["meeting_id", "position", "id"]
        verbose_name = _("adjuster")
        verbose_name_plural = _("adjusters")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "name"], name="meetings_adjuster_unique_name_per_meeting"
            ),
            models.UniqueConstraint(
                fields=["meeting", "user"], condition=Q(user__isnull=False),
                name="meetings_adjuster_unique_user_per_meeting",
            ),
            # One signing slot per party; name-only slots of imported minutes are not signing slots.
            models.UniqueConstraint(
                fields=["meeting", "party"], condition=Q(user__isnull=False, from_account=True),
                name="meetings_adjuster_one_per_party",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.party.label})"

    @property
    def active_signature(self):
        """The signature not voided, if any (uses prefetched signatures when present)."""
        return next((s for s in self.signatures.all() if s.voided_at is None), None)

    def valid_signature(self, content_hash):
        """The active signature if it is on `content_hash` and its MAC holds (no row forged in SQL)."""
        signature = self.active_signature
        if signature is not None and signature.content_hash == content_hash and signature.mac_is_valid():
            return signature
        return None

    @property
    def last_voided_signature(self):
        """The latest void signature while no signature is active: what the adjuster signed before."""
        signatures = list(self.signatures.all())
        if not signatures or any(s.voided_at is None for s in signatures):
            return None
        return max(signatures, key=lambda s: (s.signed_at, s.pk))

    @property
    def current_signature(self):
        """The signature that holds for the minutes as they are now, or None.

        Meeting.adjusters_with_signatures() sets it for all adjusters with one
        hash computation; otherwise it is computed here.
        """
        if not hasattr(self, "_current_signature"):
            self._current_signature = self.valid_signature(self.meeting.content_hash())
        return self._current_signature

    @property
    def signed_at(self):
        return self.current_signature.signed_at if self.current_signature else None

    @property
    def verification_code(self):
        return self.current_signature.verification_code if self.current_signature else ""


def attachment_upload_to(instance, filename):
    return f"attachments/{instance.meeting_id}/{filename}"


class Attachment(models.Model):
    """A bilaga: a file attached to the meeting or to one of its items."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attachments"
    )
    item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="attachments",
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to=attachment_upload_to)
    content_type = models.CharField(_("file type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting_id", "uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title
