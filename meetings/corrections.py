"""Corrections (rättelse) of adjusted minutes: a new version, never an edit.

Adjusted minutes are never changed again (drafting refuses it, and on
PostgreSQL so does the database). A correction copies the content into a new
Meeting row, version n + 1, linked to the one it corrects (`supersedes`),
which goes through adjustment again. The earlier version keeps its
signatures and its final PDF, readable and downloadable, marked as replaced,
with the reason.
"""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from meetings import access, notifications
from meetings.archive import search
from meetings.exceptions import WorkflowError
from meetings.models import Adjuster, AgendaItem, Attachment, Decision, Meeting, Position, UnionInput

COPIED_FIELDS = [
    "group_id", "date", "start_time", "end_time", "place", "protocol_number", "dnr", "document_date",
    "chair", "secretary", "closing_text", "document_type",
]


def version_chain(meeting):
    """Every version of these minutes, the first first (each knows the one it corrects)."""
    chain = [meeting]
    while chain[0].supersedes_id:
        chain.insert(0, Meeting.objects.select_related("group").get(pk=chain[0].supersedes_id))
    current = chain[-1]
    while True:
        following = Meeting.objects.select_related("group").filter(supersedes=current).first()
        if following is None:
            return chain
        chain.append(following)
        current = following


def meeting_correct(*, meeting, user, reason):
    """Start a correction of adjusted minutes: a new draft, version n + 1, with the content copied.

    Needs a reason (logged on the new version and shown on the old one); the
    adjusters of the corrected version and the group's secretaries are told.
    """
    reason = " ".join((reason or "").split())
    if not reason:
        raise WorkflowError(_("Give a reason for the correction."))
    with transaction.atomic():
        old = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if not access.can_start_correction(user, old):
            if old.status != Meeting.Status.ADJUSTED:
                raise WorkflowError(_("Only adjusted minutes are corrected by a new version; these can still be edited."))
            if not old.is_current_version:
                raise WorkflowError(_("A correction of these minutes has already been started."))
            raise WorkflowError(_("Only the group's secretary can correct the minutes."))
        new = Meeting(**{field: getattr(old, field) for field in COPIED_FIELDS})
        new.supersedes = old
        new.version_number = old.version_number + 1
        new.correction_reason = reason[:300]
        new.status = Meeting.Status.DRAFT
        new.created_by = user
        new._change_reason = (_("Correction of version %(number)s: %(reason)s")
                              % {"number": old.version_number, "reason": reason})[:100]
        new.save()
        _copy_contents(old, new, user)
        search.index_meeting(new)
        adjusters = list(old.adjusters.select_related("user"))
        notifications.correction_started(meeting=new, previous=old, adjusters=adjusters, reason=reason)
    return new


def _copy_contents(old, new, user):
    items = {}
    for item in AgendaItem.objects.filter(meeting=old).order_by("position"):
        items[item.pk] = AgendaItem.objects.create(
            meeting=new, kind=item.kind, position=item.position, title=item.title,
            presenter=item.presenter, body=item.body,
        )
    for union_input in UnionInput.objects.filter(item__meeting=old).order_by("item", "position", "id"):
        UnionInput.objects.create(
            item=items[union_input.item_id], party_id=union_input.party_id, text=union_input.text,
            position=union_input.position, after_block=union_input.after_block,
        )
    for decision in Decision.objects.filter(item__meeting=old).prefetch_related("positions"):
        copy = Decision.objects.create(
            item=items[decision.item_id], text=decision.text, outcome=decision.outcome,
            deferred_to=decision.deferred_to, effective_date=decision.effective_date,
            follow_up_date=decision.follow_up_date,
        )
        for position in decision.positions.all():
            Position.objects.create(decision=copy, party_id=position.party_id, stand=position.stand, text=position.text)
    for adjuster in Adjuster.objects.filter(meeting=old).order_by("position", "id"):
        Adjuster.objects.create(
            meeting=new, name=adjuster.name, party_id=adjuster.party_id, user_id=adjuster.user_id,
            position=adjuster.position, from_account=adjuster.from_account,
        )
    for attachment in Attachment.objects.filter(meeting=old).order_by("uploaded_at", "id"):
        # A file of its own: deleting the attachment from the new version leaves the old one whole.
        with attachment.file.open("rb") as handle:
            data = handle.read()
        copy = Attachment(
            meeting=new, item=items.get(attachment.item_id), title=attachment.title,
            content_type=attachment.content_type, size=attachment.size, sha256=attachment.sha256,
            uploaded_by=attachment.uploaded_by or user,
        )
        copy.file.save(attachment.file.name.rsplit("/", 1)[-1], ContentFile(data), save=False)
        copy.save()
