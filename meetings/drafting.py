"""Drafting the minutes: the meeting, its items, union input, decisions, adjusters, attachments.

Views call these keyword-only functions and never change the minutes'
models directly, so the rules hold for every path into the data:

- the content changes only while the minutes are a draft or out for
  adjustment, inside `_changing()`, the single choke point: it locks the
  meeting row, refuses adjusted minutes, then asks signing to void every
  signature the change invalidates and rewrites the search index;
- a stale form never overwrites newer text (optimistic locking,
  `save_versioned`).

Sending, signing and everything after is in meetings.signing.
"""

import hashlib
import re
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from meetings import immediate, notifications, signing
from meetings.archive import search
from meetings.exceptions import (
    EditConflict,
    MeetingLocked,
    PreparationError,
    WorkflowError,
)
from meetings.models import AgendaItem, Decision, FollowUp, Meeting, Position, SecrecyMark, UnionInput
from meetings.models.mbl import block_text
from meetings.preparation import calendar, follow_ups

__all__ = ["EditConflict", "MeetingLocked", "WorkflowError"]

KIND_ORDER = {kind: index for index, kind in enumerate(AgendaItem.Kind.values)}


def _ensure_editable(meeting):
    if not meeting.is_editable:
        raise MeetingLocked(_("The minutes are adjusted and can no longer be changed."))


@contextmanager
def _changing(meeting, item_id=None):
    """Guard a change to the minutes' content.

    Locks the meeting row (so concurrent changes and signatures queue up),
    refuses adjusted minutes (and, with `item_id`, an item adjusted
    immediately), and afterwards voids the signatures that no longer match
    the content (meetings.signing, meetings.immediate) and reindexes the meeting.
    """
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _ensure_editable(locked)
        immediate.ensure_item_open(item_id)
        yield locked
        signing.signatures_void_changed(meeting=locked)
        immediate.signatures_void_changed(meeting=locked)
        search.index_meeting(locked)


def save_versioned(instance, *, expected_version, fields=None):
    """Save `instance` only if nobody saved it since `expected_version` was read.

    The conditional UPDATE takes the row lock, so two concurrent saves cannot
    both pass. On a conflict the current row is raised with EditConflict and
    nothing is written. With `fields`, only those columns are written, so a
    form never overwrites what it did not show (a status, a position).
    """
    model = type(instance)
    with transaction.atomic():
        claimed = model.objects.filter(pk=instance.pk, version=expected_version).update(
            version=expected_version + 1
        )
        if not claimed:
            current = model.objects.filter(pk=instance.pk).first()
            raise EditConflict(current)
        instance.version = expected_version + 1
        if fields is None:
            instance.save()
        else:
            auto_now = [f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
            instance.save(update_fields=[*fields, "version", *auto_now])
    return instance


# --- Meetings ---------------------------------------------------------------


STANDING_ITEMS = [
    # (title, body) of the two items every meeting opens with.
    ("Val av justerare", ""),
    ("Föregående mötesanteckningar", "Föregående mötesanteckningar läggs till handlingarna."),
]


ADJUSTERS_ITEM = STANDING_ITEMS[0][0]


def adjusters_sentence(adjusters):
    """"Anna Ek, Kommunal, och Bo Ås, SSR, valdes som justerare." ("" without adjusters)."""
    named = [f"{adjuster.name}, {adjuster.party.label}," for adjuster in adjusters]
    if not named:
        return ""
    if len(named) == 1:
        listed = named[0]
    else:
        listed = " ".join(named[:-1]) + " och " + named[-1]
    return f"{listed} valdes som justerare."


def _sync_adjusters_item(meeting, before):
    """Print the adjusters in "Val av justerare" unless the secretary wrote something else there.

    `before` is the sentence of the adjusters before the change: a body that is
    empty or still that sentence follows the adjusters; an edited one is left alone.
    """
    item = meeting.items.filter(title__iexact=ADJUSTERS_ITEM).order_by("position").first()
    if item is None or item.body.strip() not in ("", before):
        return
    sentence = adjusters_sentence(meeting.adjusters.select_related("party").order_by("position", "id"))
    if item.body.strip() != sentence:
        item.body = sentence
        item.version += 1  # an editor form opened before this is stale now
        item.save(update_fields=["body", "version"])


def next_protocol_number(previous, date):
    """"11/2020" → "12/2020"; a new year starts again at 1."""
    match = re.fullmatch(r"\s*0*(\d+)\s*/\s*(\d{4})\s*", previous or "")
    if match and int(match.group(2)) == date.year:
        return f"{int(match.group(1)) + 1}/{date.year}"
    return f"1/{date.year}"


def previous_meeting(group, before=None):
    meetings = Meeting.objects.filter(group=group)
    if before is not None:
        meetings = meetings.filter(date__lt=before)
    return meetings.order_by("-date", "-id").first()


@transaction.atomic
def meeting_create(*, meeting, user, copy_previous=False):
    """Save a new draft with the standing opening items.

    With `copy_previous`, the agenda of the group's latest meeting (titles,
    sections and presenters, not the texts) and its chair, secretary and place
    are carried over: most meetings repeat the same points.

    Then the group's annual calendar (preparation.calendar.apply_calendar)
    adds the points of the meeting's month; titles already on the agenda are
    skipped.
    """
    previous = previous_meeting(meeting.group, before=meeting.date) if copy_previous else None
    if previous is not None:
        for field in ("place", "chair", "secretary"):
            if not getattr(meeting, field):
                setattr(meeting, field, getattr(previous, field))
        # The times go together: a copied start after a typed end would be no meeting.
        if meeting.start_time is None and meeting.end_time is None:
            meeting.start_time, meeting.end_time = previous.start_time, previous.end_time
    meeting.status = Meeting.Status.DRAFT
    meeting.created_by = user
    meeting.save()

    if previous is not None and previous.items.exists():
        standing = {title for title, _body in STANDING_ITEMS}
        # Last meeting's decisions were one-offs; a deferred one comes back.
        copied = previous.items.exclude(
            Q(kind=AgendaItem.Kind.DECISION) & ~Q(decision__outcome=Decision.Outcome.DEFERRED)
        )
        for item in copied:
            body = dict(STANDING_ITEMS).get(item.title, "") if item.title in standing else ""
            AgendaItem.objects.create(
                meeting=meeting, kind=item.kind, position=item.position,
                title=item.title, presenter=item.presenter, body=body,
            )
        renumber_items(meeting)
    else:
        for position, (title, body) in enumerate(STANDING_ITEMS, start=1):
            AgendaItem.objects.create(
                meeting=meeting, kind=AgendaItem.Kind.INFORMATION, position=position,
                title=title, presenter=meeting.chair, body=body,
            )
    calendar.apply_calendar(meeting=meeting)
    renumber_items(meeting)
    search.index_meeting(meeting)
    return meeting


def meeting_update(*, meeting, expected_version, fields=None):
    with _changing(meeting):
        return save_versioned(meeting, expected_version=expected_version, fields=fields)


def meeting_delete(*, meeting):
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.status != Meeting.Status.DRAFT or locked.signatures.exists() or locked.immediate_adjustments.exists():
            raise WorkflowError(_("Only drafts that were never sent for adjustment can be deleted."))
        locked.delete()


# --- Agenda items -----------------------------------------------------------


def renumber_items(meeting):
    """Give the items positions 1..n in printed order: by section, then position."""
    items = sorted(meeting.items.all(), key=lambda i: (KIND_ORDER[i.kind], i.position, i.pk))
    if [i.position for i in items] != list(range(1, len(items) + 1)):
        _apply_order(items)


def item_create(*, item):
    """Append `item` (unsaved, meeting and kind set) at the end of its section."""
    with _changing(item.meeting) as meeting:
        last = meeting.items.aggregate(last=Max("position"))["last"] or 0
        item.position = last + 1
        item.save()
        renumber_items(meeting)
        item.refresh_from_db()
    return item


def items_create_from_block(*, meeting, kind, items):
    """Append the items read from a pasted block (meetings.quick_entry.read_block) to section `kind`.

    One change: the items, their union input and (on Beslut items) their decisions are
    saved together, or nothing is.
    """
    with _changing(meeting) as locked:
        last = locked.items.aggregate(last=Max("position"))["last"] or 0
        created = []
        for offset, block in enumerate(items, start=1):
            item = AgendaItem.objects.create(
                meeting=locked, kind=kind, position=last + offset,
                title=block.title, presenter=block.presenter, body=block.body,
            )
            for position, (party, text) in enumerate(block.union_inputs, start=1):
                UnionInput.objects.create(item=item, party=party, text=text, position=position)
            if block.decision is not None and kind == AgendaItem.Kind.DECISION:
                decision = Decision.objects.create(
                    item=item, text=block.decision["text"], outcome=block.decision["outcome"],
                    deferred_to=block.decision.get("deferred_to", ""),
                )
                for party, stand, text in block.decision["positions"]:
                    Position.objects.create(decision=decision, party=party, stand=stand, text=text)
                follow_ups.sync_decision_follow_ups(decision=decision)
            created.append(item)
        renumber_items(locked)
    return created


def item_update(*, item, expected_version, fields=None):
    with _changing(item.meeting, item.pk):
        old_kind = AgendaItem.objects.filter(pk=item.pk).values_list("kind", flat=True).first()
        save_versioned(item, expected_version=expected_version, fields=fields)
        if old_kind != item.kind:
            _move_to_section_end(item)
    return item


def item_delete(*, item):
    with _changing(item.meeting, item.pk) as meeting:
        item.delete()
        renumber_items(meeting)


def _move_to_section_end(item):
    last = item.meeting.items.aggregate(last=Max("position"))["last"] or 0
    AgendaItem.objects.filter(pk=item.pk).update(position=last + 1)
    renumber_items(item.meeting)
    item.refresh_from_db()


def item_move(*, item, direction):
    """Move an item one step "up" or "down".

    Within a section it swaps places with its neighbour; at the edge of a
    section it steps into the adjacent one (as its last or first item), so an
    item can travel across the whole agenda.
    """
    with _changing(item.meeting, item.pk) as meeting:
        renumber_items(meeting)
        items = list(meeting.items.order_by("position"))
        index = next(i for i, other in enumerate(items) if other.pk == item.pk)
        item = items[index]
        step = -1 if direction == "up" else 1
        other = index + step
        if 0 <= other < len(items) and items[other].kind == item.kind:
            items[index], items[other] = items[other], item
        else:
            kinds = AgendaItem.Kind.values
            section = kinds.index(item.kind) + step
            if not 0 <= section < len(kinds):
                return item
            # Its place in the printed order stays: it is now the last (or
            # first) item of the section before (or after). An edit form
            # opened before the move must not move it back: new version.
            item.kind = kinds[section]
            item.version += 1
            item.save(update_fields=["kind", "version"])
        _apply_order(items)
        item.refresh_from_db()
    return item


def _apply_order(items):
    """Number `items` 1..n in the given order (two passes: the unique position never clashes)."""
    offset = max(i.position for i in items) + len(items) + 1
    for index, item in enumerate(items):
        AgendaItem.objects.filter(pk=item.pk).update(position=offset + index)
    for index, item in enumerate(items, start=1):
        item.position = index
    # The final positions are recorded in the audit history.
    bulk_update_with_history(items, AgendaItem, ["position"], batch_size=100)


# --- Union inputs, decisions ------------------------------------------------


def union_input_create(*, union_input):
    with _changing(union_input.item.meeting, union_input.item_id):
        last = union_input.item.union_inputs.aggregate(last=Max("position"))["last"] or 0
        union_input.position = last + 1
        union_input.save()
    return union_input


def union_input_update(*, union_input, expected_version):
    with _changing(union_input.item.meeting, union_input.item_id):
        return save_versioned(union_input, expected_version=expected_version, fields=["party", "text"])


def union_input_delete(*, union_input):
    with _changing(union_input.item.meeting, union_input.item_id):
        union_input.delete()


def decision_save(*, decision, stands, expected_version=None, union_inputs=()):
    """Save a decision and replace its positions.

    `stands` maps each Party to (stand, text); a party with no stand is left out.
    `union_inputs` [(party or None for the unions jointly, text)] are added to the
    item's union input in the same change (the decision card takes both).
    An existing decision is saved only from the version the form was opened
    with (`expected_version`), else EditConflict.
    A deferred outcome and a follow-up date are kept as follow-ups
    (preparation.follow_ups.sync_decision_follow_ups).
    """
    if decision.item.kind != AgendaItem.Kind.DECISION:
        raise ValueError("Only decision items carry a decision.")
    with _changing(decision.item.meeting, decision.item_id):
        if decision.pk and expected_version is not None:
            save_versioned(decision, expected_version=expected_version)
        else:
            decision.save()
        decision.positions.all().delete()
        for party, (stand, text) in stands.items():
            if stand:
                Position.objects.create(decision=decision, party=party, stand=stand, text=text)
        if union_inputs:
            last = decision.item.union_inputs.aggregate(last=Max("position"))["last"] or 0
            for offset, (party, text) in enumerate(union_inputs, start=1):
                UnionInput.objects.create(item=decision.item, party=party, text=text, position=last + offset)
        follow_ups.sync_decision_follow_ups(decision=decision)
    return decision


def decision_delete(*, decision):
    """Delete a decision; its open automatic follow-ups go with it (closed ones stay as history)."""
    with _changing(decision.item.meeting, decision.item_id):
        follow_ups.automatic_follow_ups_remove(item=decision.item)
        decision.delete()


# --- Adjusters, attachments -------------------------------------------------


def adjuster_from_account(*, adjuster):
    """The slot's printed name and party are the account's (a person signs for their own party)."""
    user = adjuster.user
    if user is None:
        raise WorkflowError(_("Choose the adjuster's user account: the name and party are taken from it."))
    if user.party_id is None:
        raise WorkflowError(_(
            "The account %(user)s has no party: an administrator must set the party the person represents."
        ) % {"user": user.username})
    adjuster.name = (user.get_full_name() or user.username)[:200]
    adjuster.party = user.party
    adjuster.from_account = True
    return adjuster


def adjuster_create(*, adjuster):
    """Add an adjuster with name and party from the account, one per party.

    Once the minutes are out for adjustment, the new one is emailed.
    """
    with _changing(adjuster.meeting) as meeting:
        adjuster_from_account(adjuster=adjuster)
        if meeting.adjusters.filter(party_id=adjuster.party_id).exists():
            raise WorkflowError(_("%(party)s already has an adjuster in these minutes: one per party.")
                                % {"party": adjuster.party.name})
        if meeting.status != Meeting.Status.DRAFT:
            if adjuster.user is None:
                raise WorkflowError(_(
                    "The minutes are out for adjustment: an adjuster added now needs a user account to sign."
                ))
            notifications.adjustment_requested(meeting=meeting, adjusters=[adjuster])
        before = adjusters_sentence(meeting.adjusters.select_related("party").order_by("position", "id"))
        last = meeting.adjusters.aggregate(last=Max("position"))["last"] or 0
        adjuster.position = last + 1
        adjuster.save()
        _sync_adjusters_item(meeting, before)
    return adjuster


def adjuster_delete(*, adjuster):
    with _changing(adjuster.meeting) as meeting:
        before = adjusters_sentence(meeting.adjusters.select_related("party").order_by("position", "id"))
        adjuster.delete()
        _sync_adjusters_item(meeting, before)


def attachment_create(*, attachment, user):
    with _changing(attachment.meeting, attachment.item_id):
        upload = attachment.file
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        attachment.sha256 = digest.hexdigest()
        attachment.size = upload.size
        attachment.content_type = getattr(upload.file, "content_type", "") or ""
        attachment.uploaded_by = user
        attachment.save()
    return attachment


def attachment_delete(*, attachment):
    with _changing(attachment.meeting, attachment.item_id):
        attachment.delete()
        transaction.on_commit(lambda: attachment.file.delete(save=False))


# --- Secrecy marks (the public version, meetings.secrecy) --------------------------


def secrecy_mark_create(*, mark, user):
    """Mark a part of the minutes secret (item, paragraph, union input or attachment), with its reference and reason.

    The marks are part of the signed content: what the public version hides is adjusted with the minutes.
    """
    mark.reference = (mark.reference or "").strip()
    mark.reason = (mark.reason or "").strip()
    if not mark.reference or not mark.reason:
        raise WorkflowError(_("Give the legal reference and the reason."))
    with _changing(mark.meeting, _marked_item_id(mark)):
        for target in (mark.item, mark.union_input and mark.union_input.item, mark.attachment):
            if target is not None and target.meeting_id != mark.meeting_id:
                raise WorkflowError(_("That part belongs to other minutes."))
        if mark.kind == SecrecyMark.Kind.PARAGRAPH:
            blocks = mark.item.blocks()
            if mark.block_index is None or not 0 <= mark.block_index < len(blocks):
                raise WorkflowError(_("Choose a paragraph of the item's text."))
            mark.block_text = block_text(blocks[mark.block_index])
        mark.created_by = user
        mark.save()
    return mark


def secrecy_mark_delete(*, mark):
    with _changing(mark.meeting, _marked_item_id(mark)):
        mark.delete()


def _marked_item_id(mark):
    """The item a mark belongs to (directly, or through its union input or attachment), for the item lock."""
    if mark.item_id:
        return mark.item_id
    if mark.union_input_id:
        return mark.union_input.item_id
    return mark.attachment.item_id if mark.attachment_id else None


# --- Follow-ups taken up in a draft ----------------------------------------------------


def _pulled_item_body(follow_up):
    with translation.override(settings.LANGUAGE_CODE):
        lines = [
            _("Follow-up from the meeting on %(date)s: %(what)s") % {
                "date": formats.date_format(follow_up.item.meeting.date, "j F Y"), "what": follow_up.what,
            }
        ]
        if follow_up.who:
            lines.append(_("Responsible: %(who)s") % {"who": follow_up.who})
    return "\n\n".join(lines)


def follow_up_pull(*, follow_up, meeting):
    """Take an open follow-up up in a draft, closing it as handled there.

    It becomes a new item in the right section (follow_ups.pull_section), or,
    when the draft already has an item of that title, a paragraph of that item.
    """
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        follow_up = FollowUp.objects.select_for_update().select_related("item__meeting").get(pk=follow_up.pk)
        if locked.status != Meeting.Status.DRAFT:
            raise PreparationError(_("Follow-ups can only be taken up in a draft."))
        if follow_up.item.meeting.group_id != locked.group_id:
            raise PreparationError(_("The follow-up belongs to another group."))
        if follow_up.item.meeting_id == locked.pk:
            raise PreparationError(_("The follow-up was recorded in this meeting."))
        if not follow_up.is_open:
            raise PreparationError(_("The follow-up is already closed."))
        body = _pulled_item_body(follow_up)
        title = follow_up.item.title
        # The agenda copied from the previous meeting may already carry the point:
        # then the follow-up's text joins it instead of a second item of that title.
        item = locked.items.filter(title__iexact=title.strip()).order_by("position").first()
        if item is not None:
            item.body = f"{item.body.rstrip()}\n\n{body}" if item.body.strip() else body
            item.presenter = item.presenter or follow_up.who[:200]
            item.version += 1  # an editor form opened before this is stale now
            item.save()
        else:
            item = calendar.append_item(
                locked, kind=follow_ups.pull_section(follow_up), title=title, presenter=follow_up.who, body=body
            )
            renumber_items(locked)
        follow_up.handled_in = locked
        follow_up.closed_at = timezone.now()
        follow_up.save()
        search.index_meeting(locked)
    item.refresh_from_db()
    return item
