"""Immediate adjustment (omedelbar justering) of one decision item, and its protocol extract.

The group's secretary sends one decision item, during or after the meeting;
every adjuster of the minutes signs that item alone, with their password, bound
to the SHA-256 of the item's canonical content and the meeting's header
(`item_content_hash`): the same identity, hash and evidence rules as the
signatures of the whole minutes (meetings.signing). A change to the item
voids the signatures that no longer match (`signatures_void_changed`, called by
drafting's `_changing`). At the last signature the item is adjusted: a
protocol extract PDF ("Protokollsutdrag … omedelbart justerad") is stored once
(`extract_pdf`, the one place for the seal), and drafting refuses every later
change to the item (`ensure_item_open`).
"""

import hashlib
import json

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings import access, notifications, pdf, sealing, signing
from meetings.exceptions import MeetingLocked, WorkflowError
from meetings.models import AgendaItem, ImmediateAdjustment, ImmediateSignature, Meeting, verification_code
from meetings.models.signatures import signature_mac

HEADER_FIELDS = ("protocol_number", "dnr", "place", "chair", "secretary")


def item_canonical_content(item):
    """What an immediate adjustment vouches for: the meeting's header and the item, without its position."""
    meeting = item.meeting
    content = item.canonical_content()
    content.pop("position", None)
    return {
        "meeting": {
            "group": meeting.group.name,
            "administration": meeting.group.administration,
            "date": meeting.date.isoformat(),
            "start_time": meeting.start_time.isoformat() if meeting.start_time else None,
            "end_time": meeting.end_time.isoformat() if meeting.end_time else None,
            **{name: getattr(meeting, name) for name in HEADER_FIELDS},
        },
        "item": content,
        "attachments": sorted(a.sha256 for a in item.attachments.all()),
        "secrecy": sorted(
            (m.kind, m.block_index if m.block_index is not None else -1, m.reference, m.reason)
            for m in item.secrecy_marks.all()
        ),
    }


def item_content_hash(item):
    canonical = json.dumps(item_canonical_content(item), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _load_item(pk):
    return AgendaItem.objects.select_related("meeting__group", "decision").get(pk=pk)


def pending_for(meeting):
    """The immediate adjustments of `meeting` not yet complete."""
    return ImmediateAdjustment.objects.filter(meeting=meeting, adjusted_at__isnull=True)


def ensure_item_open(item_id):
    """Refuse a change to an item that was adjusted immediately (drafting's `_changing` asks)."""
    if item_id and ImmediateAdjustment.objects.filter(item_id=item_id, adjusted_at__isnull=False).exists():
        raise MeetingLocked(_("This item was adjusted immediately and can no longer be changed."))


def signatures_void_changed(*, meeting):
    """Void the signatures of pending immediate adjustments whose item no longer matches."""
    voided = []
    for immediate in pending_for(meeting).select_related("item"):
        active = list(immediate.signatures.filter(voided_at__isnull=True))
        if not active:
            continue
        current = item_content_hash(_load_item(immediate.item_id))
        stale = [s for s in active if s.content_hash != current]
        signing.signatures_void(signatures=stale, reason=_("The item was changed after signing."))
        voided += stale
    return voided


def immediate_send(*, item, user):
    """Send one decision item of open minutes for immediate adjustment; every adjuster is emailed."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
        item = _load_item(item.pk)
        if not access.can_send_immediate(user, meeting):
            raise WorkflowError(_("Only the group's secretary can send an item for immediate adjustment, "
                                  "while the minutes are not adjusted."))
        if item.kind != AgendaItem.Kind.DECISION or getattr(item, "decision", None) is None:
            raise WorkflowError(_("Only a decision item with its decision can be adjusted immediately."))
        if ImmediateAdjustment.objects.filter(item=item).exists():
            raise WorkflowError(_("This item has already been sent for immediate adjustment."))
        adjusters = signing.adjusters_ready_to_sign(meeting)
        immediate = ImmediateAdjustment.objects.create(item=item, meeting=meeting, sent_by=user)
        notifications.immediate_adjustment_requested(immediate=immediate, adjusters=adjusters)
    return immediate


def immediate_sign(*, immediate, adjuster, user, password, content_hash, request=None):
    """Sign `adjuster`'s slot on the item, bound to the content shown; the last signature adjusts it."""
    if adjuster.user_id != user.pk:
        raise WorkflowError(_("Only the adjuster's own account can sign for them."))
    if not signing._password_confirmed(user, password, request):
        raise WorkflowError(_("The password was wrong; nothing was signed."))
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=immediate.meeting_id)
        immediate = ImmediateAdjustment.objects.select_for_update().get(pk=immediate.pk)
        if immediate.is_adjusted:
            raise WorkflowError(_("This item is already adjusted."))
        if adjuster.meeting_id != immediate.meeting_id:
            raise WorkflowError(_("Only the adjuster's own account can sign for them."))
        item = _load_item(immediate.item_id)
        current = item_content_hash(item)
        already = next((s for s in _valid_signatures(immediate, current) if s.adjuster_id == adjuster.pk), None)
        if already is not None and content_hash == current:
            return already  # the same request again (a double click, a resent form): one signature
        if content_hash != current:
            raise WorkflowError(_("The item changed while you were reading it. Read the new version and sign again."))
        signing.signatures_void(
            signatures=immediate.signatures.filter(adjuster=adjuster, voided_at__isnull=True),
            reason=_("Replaced by a new signature."),
        )
        signed_at = timezone.now()
        signature = ImmediateSignature.objects.create(
            immediate=immediate, adjuster=adjuster, adjuster_name=adjuster.name, party_name=adjuster.party.name,
            user=user, content_hash=current, signed_at=signed_at,
            mac=signature_mac(content_hash=current, user_id=user.pk, adjuster_id=adjuster.pk, signed_at=signed_at),
        )
        signed = {s.adjuster_id for s in _valid_signatures(immediate, current)}
        if all(a.pk in signed for a in item.meeting.adjusters.all()):
            _complete(immediate, item, current)
    return signature


def _valid_signatures(immediate, content_hash):
    """The active signatures on `content_hash` that carry the app's MAC (a row written past the app counts not)."""
    return [s for s in immediate.signatures.filter(voided_at__isnull=True, content_hash=content_hash) if s.mac_is_valid()]


def _complete(immediate, item, current):
    immediate.adjusted_at = timezone.now()
    immediate.content_hash = current
    data = extract_pdf(immediate, item)
    immediate.extract_pdf_sha256 = hashlib.sha256(data).hexdigest()
    immediate.extract_pdf.save(
        f"{item.meeting_id}-{item.pk}-{immediate.extract_pdf_sha256[:12]}.pdf", ContentFile(data), save=False
    )
    immediate.save()


def extract_pdf(immediate, item):
    """The protocol extract as stored: one function, so the seal is one line here."""
    signatures = sorted(_valid_signatures(immediate, immediate.content_hash), key=lambda s: (s.signed_at, s.pk))
    for signature in signatures:
        signature.code = verification_code(signature.content_hash)
    data = pdf.render_template_pdf("pdf/extract.html", {
        "meeting": item.meeting, "item": item, "immediate": immediate, "signatures": signatures,
        "letterhead_date": item.meeting.document_date or item.meeting.date,
    })
    return sealing.seal_pdf(data, meeting=item.meeting)  # sealed as the minutes are


def slots(immediate, user):
    """(adjusters with `.immediate_signature`, the user's slot or None), against the item as it is now."""
    item = _load_item(immediate.item_id)
    current = item_content_hash(item)
    active = {s.adjuster_id: s for s in _valid_signatures(immediate, current)}
    adjusters = list(item.meeting.adjusters.select_related("party", "user"))
    for adjuster in adjusters:
        adjuster.immediate_signature = active.get(adjuster.pk)
    mine = next((a for a in adjusters if a.user_id == user.pk), None)
    return adjusters, mine, current
