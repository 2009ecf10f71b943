"""Writes that span several rows or models, and the rules they obey.

Views call these keyword-only functions and never change models directly, so
the rules hold for every path into the data:

- the minutes' content changes only while they are a draft or out for
  adjustment, inside `_changing()`, which also voids every signature the
  change invalidates (a signature is bound to the SHA-256 of the content);
- a stale form never overwrites newer text (optimistic locking);
- the status moves Draft → Out for adjustment → Adjusted, and back to Draft
  only by a secretary's reopening with a reason.
"""

import datetime
import hashlib
import re
from contextlib import contextmanager

import holidays
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from meetings import notifications, search
from meetings.models import (
    Adjuster,
    AgendaItem,
    Meeting,
    Position,
    ReviewComment,
    Signature,
)
from meetings.pdf import render_minutes_pdf

KIND_ORDER = {kind: index for index, kind in enumerate(AgendaItem.Kind.values)}


class WorkflowError(Exception):
    """An action the minutes' state does not allow; the message is for the user."""


class MeetingLocked(WorkflowError):
    """The minutes are adjusted and cannot be changed."""


class EditConflict(Exception):
    """Someone else saved the object after this form was opened."""

    def __init__(self, current):
        super().__init__("edit conflict")
        self.current = current


def _ensure_editable(meeting):
    if not meeting.is_editable:
        raise MeetingLocked(_("The minutes are adjusted and can no longer be changed."))


@contextmanager
def _changing(meeting):
    """Guard a change to the minutes' content.

    Locks the meeting row (so concurrent changes and signatures queue up),
    refuses adjusted minutes, and afterwards voids the signatures that no
    longer match the content.
    """
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _ensure_editable(locked)
        yield locked
        content_changed(meeting=locked)
        search.index_meeting(locked)


def content_changed(*, meeting, reason=None):
    """Void every active signature whose hash no longer matches the content.

    The voided signatures stay in the history; their adjusters are told by email.
    """
    active = list(Signature.objects.filter(meeting=meeting, voided_at__isnull=True).select_related("user"))
    if not active:
        return []
    current = content_with_prefetch(meeting.pk).content_hash()
    voided = [s for s in active if s.content_hash != current]
    _void(voided, reason or _("The minutes were changed after signing."))
    if voided:
        transaction.on_commit(lambda: notifications.signatures_voided(meeting=meeting, signatures=voided))
    return voided


def _void(signatures, reason):
    now = timezone.now()
    for signature in signatures:
        signature.voided_at = now
        signature.void_reason = reason
        signature.save(update_fields=["voided_at", "void_reason"])  # saved one by one, for the history


def content_with_prefetch(pk):
    """The meeting with all it prints, in a fixed number of queries."""
    return Meeting.objects.with_contents().get(pk=pk)


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

    Then the group's annual calendar (meetings.preparation.apply_calendar)
    adds the points of the meeting's month; titles already on the agenda are
    skipped.
    """
    from meetings import preparation

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
        for item in previous.items.all():
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
    preparation.apply_calendar(meeting=meeting)
    renumber_items(meeting)
    search.index_meeting(meeting)
    return meeting


def meeting_update(*, meeting, expected_version, fields=None):
    with _changing(meeting):
        return save_versioned(meeting, expected_version=expected_version, fields=fields)


def meeting_delete(*, meeting):
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.status != Meeting.Status.DRAFT or locked.signatures.exists():
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


def item_update(*, item, expected_version, fields=None):
    with _changing(item.meeting):
        old_kind = AgendaItem.objects.filter(pk=item.pk).values_list("kind", flat=True).first()
        save_versioned(item, expected_version=expected_version, fields=fields)
        if old_kind != item.kind:
            _move_to_section_end(item)
    return item


def item_delete(*, item):
    with _changing(item.meeting) as meeting:
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
    with _changing(item.meeting) as meeting:
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
    with _changing(union_input.item.meeting):
        last = union_input.item.union_inputs.aggregate(last=Max("position"))["last"] or 0
        union_input.position = last + 1
        union_input.save()
    return union_input


def union_input_update(*, union_input, expected_version):
    with _changing(union_input.item.meeting):
        return save_versioned(union_input, expected_version=expected_version, fields=["party", "text"])


def union_input_delete(*, union_input):
    with _changing(union_input.item.meeting):
        union_input.delete()


def decision_save(*, decision, stands, expected_version=None):
    """Save a decision and replace its positions.

    `stands` maps each Party to (stand, text); a party with no stand is left out.
    An existing decision is saved only from the version the form was opened
    with (`expected_version`), else EditConflict.
    A deferred outcome and a follow-up date are kept as follow-ups
    (meetings.preparation.sync_decision_follow_ups).
    """
    from meetings import preparation

    if decision.item.kind != AgendaItem.Kind.DECISION:
        raise ValueError("Only decision items carry a decision.")
    with _changing(decision.item.meeting):
        if decision.pk and expected_version is not None:
            save_versioned(decision, expected_version=expected_version)
        else:
            decision.save()
        decision.positions.all().delete()
        for party, (stand, text) in stands.items():
            if stand:
                Position.objects.create(decision=decision, party=party, stand=stand, text=text)
        preparation.sync_decision_follow_ups(decision=decision)
    return decision


def decision_delete(*, decision):
    with _changing(decision.item.meeting):
        decision.delete()


# --- Adjusters, attachments -------------------------------------------------


def adjuster_create(*, adjuster):
    """Add an adjuster; once the minutes are out for adjustment, the new one must be able to sign and is emailed."""
    with _changing(adjuster.meeting) as meeting:
        if meeting.status != Meeting.Status.DRAFT:
            if adjuster.user is None:
                raise WorkflowError(_(
                    "The minutes are out for adjustment: an adjuster added now needs a user account to sign."
                ))
            transaction.on_commit(
                lambda: notifications.adjustment_requested(meeting=meeting, adjusters=[adjuster])
            )
        last = meeting.adjusters.aggregate(last=Max("position"))["last"] or 0
        adjuster.position = last + 1
        adjuster.save()
    return adjuster


def adjuster_delete(*, adjuster):
    with _changing(adjuster.meeting):
        adjuster.delete()


def attachment_create(*, attachment, user):
    with _changing(attachment.meeting):
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
    with _changing(attachment.meeting):
        attachment.delete()
        transaction.on_commit(lambda: attachment.file.delete(save=False))


# --- Adjustment (justering) ---------------------------------------------------


def working_days_after(start, days):
    """The date `days` Swedish working days after `start`.

    Weekends, public holidays and the eves that are days off in practice
    (midsummer, Christmas and New Year's eve) are skipped.
    """
    years = range(start.year, start.year + 2)
    days_off = set(holidays.Sweden(years=years, include_sundays=False))
    days_off |= {day - datetime.timedelta(days=1) for day, name in holidays.Sweden(years=years).items()
                 if name == "Midsummer Day"}
    days_off |= {datetime.date(year, 12, day) for year in years for day in (24, 31)}
    current = start
    while days > 0:
        current += datetime.timedelta(days=1)
        if current.weekday() < 5 and current not in days_off:
            days -= 1
    return current


def default_deadline(today=None):
    return working_days_after(today or timezone.localdate(), settings.ADJUSTMENT_WORKING_DAYS)


def meeting_send_for_adjustment(*, meeting, user, deadline):
    """Draft → Out for adjustment; every adjuster is emailed a link to review and sign."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status != Meeting.Status.DRAFT:
            raise WorkflowError(_("Only a draft can be sent for adjustment."))
        adjusters = list(meeting.adjusters.select_related("user", "party"))
        if not adjusters:
            raise WorkflowError(_("Choose at least one adjuster before sending the minutes."))
        without_account = [a.name for a in adjusters if a.user is None]
        if without_account:
            raise WorkflowError(
                _("Every adjuster needs a user account to sign; missing for: %(names)s.")
                % {"names": ", ".join(without_account)}
            )
        if deadline < timezone.localdate():
            raise WorkflowError(_("The deadline cannot be in the past."))
        meeting.status = Meeting.Status.OUT_FOR_ADJUSTMENT
        meeting.adjustment_deadline = deadline
        meeting.sent_at = timezone.now()
        meeting._change_reason = _("Sent for adjustment")
        meeting.save()
        transaction.on_commit(lambda: notifications.adjustment_requested(meeting=meeting, adjusters=adjusters))
    return meeting


def _password_confirmed(user, password, request):
    """Whether `password` is the user's.

    With a request it goes through authenticate(), so wrong passwords count
    towards the login throttle (django-axes) like failed logins, and a
    locked-out account cannot sign either (the lockout page answers). Called
    outside any transaction that a refusal rolls back, or the failure would
    not be recorded.
    """
    if request is None:
        return user.check_password(password)
    return authenticate(request, username=user.get_username(), password=password) == user


def meeting_sign(*, meeting, adjuster, user, password, content_hash, request=None):
    """Sign `adjuster`'s slot, bound to the content the adjuster was shown.

    `content_hash` is the hash of the page the adjuster reviewed: if the
    minutes changed since, nothing is signed. The last valid signature makes
    the minutes Adjusted and produces the final PDF.
    """
    if adjuster.user_id != user.pk:
        raise WorkflowError(_("Only the adjuster's own account can sign for them."))
    if not _password_confirmed(user, password, request):
        raise WorkflowError(_("The password was wrong; nothing was signed."))
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status != Meeting.Status.OUT_FOR_ADJUSTMENT:
            raise WorkflowError(_("The minutes are not out for adjustment."))
        if adjuster.meeting_id != meeting.pk or adjuster.user_id != user.pk:
            raise WorkflowError(_("Only the adjuster's own account can sign for them."))
        meeting = content_with_prefetch(meeting.pk)
        current = meeting.content_hash()
        if content_hash != current:
            raise WorkflowError(_(
                "The minutes changed while you were reading them. Read the new version and sign again."
            ))
        # A signature on older content is replaced by this one.
        _void(Signature.objects.filter(adjuster=adjuster, voided_at__isnull=True), _("Replaced by a new signature."))
        signature = Signature.objects.create(
            meeting=meeting, adjuster=adjuster, adjuster_name=adjuster.name,
            party_name=adjuster.party.name, user=user, content_hash=current,
        )
        meeting = content_with_prefetch(meeting.pk)
        if all(a.current_signature for a in meeting.adjusters_with_signatures()):
            _finalise(meeting)
    return signature


def _finalise(meeting):
    """Out for adjustment → Adjusted: freeze the minutes and store the final PDF once."""
    meeting.status = Meeting.Status.ADJUSTED
    meeting.adjusted_at = timezone.now()
    # The archival copy: PDF/A-3b, every attachment embedded in it.
    pdf = render_minutes_pdf(meeting, append_attachments=False, embed_attachments=True)
    meeting.final_pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    meeting.final_pdf.save(f"{meeting.pk}-{meeting.final_pdf_sha256[:12]}.pdf", ContentFile(pdf), save=False)
    meeting._change_reason = _("Adjusted: every adjuster has signed")
    meeting.save()
    transaction.on_commit(lambda: notifications.minutes_adjusted(meeting=meeting))


def meeting_reopen(*, meeting, user, reason):
    """Back to Draft, by a secretary, with a reason that is logged; voids every signature."""
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError(_("Give a reason for reopening the minutes."))
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if not meeting.can_manage(user):
            raise WorkflowError(_("Only the group's secretary can reopen the minutes."))
        if meeting.status == Meeting.Status.DRAFT:
            raise WorkflowError(_("The minutes are already a draft."))
        meeting.status = Meeting.Status.DRAFT
        meeting.adjusted_at = None
        meeting.final_pdf = ""
        meeting.final_pdf_sha256 = ""
        meeting._change_reason = _("Reopened: %(reason)s") % {"reason": reason}
        meeting.save()
        active = list(Signature.objects.filter(meeting=meeting, voided_at__isnull=True).select_related("user"))
        _void(active, (_("Reopened: %(reason)s") % {"reason": reason})[:300])
        if active:
            transaction.on_commit(lambda: notifications.signatures_voided(meeting=meeting, signatures=active))
    return meeting


def comment_create(*, meeting, user, text, item=None, is_change_request=False):
    """An adjuster's comment or change request while the minutes are out for adjustment."""
    if meeting.status != Meeting.Status.OUT_FOR_ADJUSTMENT:
        raise WorkflowError(_("Comments can be made while the minutes are out for adjustment."))
    comment = ReviewComment.objects.create(
        meeting=meeting, item=item, author=user, text=text, is_change_request=is_change_request
    )
    transaction.on_commit(lambda: notifications.comment_made(comment=comment))
    return comment


def stored_pdf_matches(meeting):
    """Whether the stored final PDF still has the SHA-256 recorded when it was made."""
    digest = hashlib.sha256()
    with meeting.final_pdf.open("rb") as handle:
        for chunk in iter(lambda: handle.read(65536), b""):
            digest.update(chunk)
    return digest.hexdigest() == meeting.final_pdf_sha256


def send_reminders(*, today=None, dry_run=False):
    """Email each unsigned adjuster whose deadline is within REMINDER_DAYS_BEFORE days or past.

    `Adjuster.last_reminded_on` is claimed with a conditional UPDATE before the
    email goes out, so two runs on the same day (even at once) remind once.
    """
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=settings.REMINDER_DAYS_BEFORE)
    candidates = (
        Adjuster.objects.filter(
            meeting__status=Meeting.Status.OUT_FOR_ADJUSTMENT,
            meeting__adjustment_deadline__lte=horizon,
            user__isnull=False,
        )
        .exclude(user__email="")
        .exclude(last_reminded_on=today)
        .select_related("meeting__group", "user", "party")
    )
    reminded = []
    for adjuster in candidates:
        meeting = content_with_prefetch(adjuster.meeting_id)
        slot = next(a for a in meeting.adjusters_with_signatures() if a.pk == adjuster.pk)
        if slot.current_signature is not None:
            continue
        if dry_run:
            reminded.append(adjuster)
            continue
        claimed = (
            Adjuster.objects.filter(pk=adjuster.pk)
            .exclude(last_reminded_on=today)
            .update(last_reminded_on=today)
        )
        if claimed:
            notifications.reminder(meeting=meeting, adjuster=adjuster)
            reminded.append(adjuster)
    return reminded


def minutes_pdf_bytes(meeting):
    """The PDF of the minutes: for adjusted minutes the stored file, byte for byte; else rendered now."""
    if meeting.status == Meeting.Status.ADJUSTED and meeting.final_pdf:
        with meeting.final_pdf.open("rb") as handle:
            return handle.read()
    return render_minutes_pdf(meeting)
