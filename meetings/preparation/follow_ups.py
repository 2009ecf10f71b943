"""Follow-ups: what is to be done, by whom, by when; recorded on an item, closed where handled."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from meetings.exceptions import PreparationError
from meetings.models import AgendaItem, FollowUp

AUTOMATIC_KINDS = (FollowUp.Kind.DEFERRED_DECISION, FollowUp.Kind.DECISION_FOLLOW_UP)


# --- Queries ----------------------------------------------------------------------


def open_follow_ups(queryset):
    return queryset.filter(closed_at__isnull=True).order_by(
        "item__meeting__group__name", "due_date", "item__meeting__date", "id"
    )


def annotate_overdue(follow_ups, today=None):
    today = today or timezone.localdate()
    follow_ups = list(follow_ups)
    for follow_up in follow_ups:
        follow_up.is_overdue = follow_up.is_open and follow_up.due_date is not None and follow_up.due_date < today
    return follow_ups


def follow_ups_to_offer(meeting):
    """Open follow-ups of the meeting's group, from its other meetings, that this draft could take up."""
    return annotate_overdue(
        FollowUp.objects.filter(item__meeting__group=meeting.group, closed_at__isnull=True)
        .exclude(item__meeting=meeting)
        .select_related("item__meeting")
        .order_by("due_date", "item__meeting__date", "id")
    )


# --- Writes -----------------------------------------------------------------------


def follow_up_create(*, follow_up, user):
    """Record a follow-up on an item (any state of the minutes: it is not part of them)."""
    follow_up.what = follow_up.what.strip()
    if not follow_up.what:
        raise PreparationError(_("Describe what is to be followed up."))
    follow_up.created_by = user
    follow_up.save()
    return follow_up


def follow_up_close(*, follow_up, handled_in=None):
    """Close a follow-up, linking the meeting where it was handled (if any)."""
    with transaction.atomic():
        follow_up = FollowUp.objects.select_for_update().select_related("item__meeting").get(pk=follow_up.pk)
        if not follow_up.is_open:
            raise PreparationError(_("The follow-up is already closed."))
        if handled_in is not None and handled_in.group_id != follow_up.item.meeting.group_id:
            raise PreparationError(_("The meeting where it was handled must belong to the same group."))
        follow_up.handled_in = handled_in
        follow_up.closed_at = timezone.now()
        follow_up.save()
    return follow_up


def follow_up_reopen(*, follow_up):
    with transaction.atomic():
        follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        follow_up.handled_in = None
        follow_up.closed_at = None
        follow_up.save()
    return follow_up


def follow_up_delete(*, follow_up):
    """Only follow-ups recorded by hand are deleted; the others come back from their source, so close them."""
    if follow_up.kind != FollowUp.Kind.ACTION:
        raise PreparationError(_("Only follow-ups recorded by hand can be deleted; close this one instead."))
    follow_up.delete()


def pull_section(follow_up):
    """The section of the next meeting where the follow-up is taken up."""
    if follow_up.kind == FollowUp.Kind.DEFERRED_DECISION:
        return AgendaItem.Kind.DECISION
    if follow_up.kind == FollowUp.Kind.DECISION_FOLLOW_UP:
        return AgendaItem.Kind.INFORMATION
    if follow_up.item.kind == AgendaItem.Kind.DECISION:
        return AgendaItem.Kind.DIALOG
    return follow_up.item.kind


def sync_decision_follow_ups(*, decision, user=None):
    """Keep the automatic follow-ups of a decision in step with it (idempotent).

    - outcome "deferred": one open follow-up of kind deferred_decision, its
      text the item title and what the decision is deferred to;
    - a follow-up date: one follow-up of kind decision_follow_up due that day.

    When the decision no longer calls for one, the open follow-up goes; a
    closed one stays as history and is never reopened or duplicated.
    """
    item = decision.item
    with translation.override(settings.LANGUAGE_CODE):
        wanted = {}
        if decision.outcome == decision.Outcome.DEFERRED:
            what = item.title
            if decision.deferred_to:
                what = _("%(title)s – deferred to %(deferred_to)s") % {
                    "title": item.title, "deferred_to": decision.deferred_to,
                }
            wanted[FollowUp.Kind.DEFERRED_DECISION] = {"what": what, "due_date": None}
        if decision.follow_up_date:
            wanted[FollowUp.Kind.DECISION_FOLLOW_UP] = {
                "what": _("Follow up the decision: %(title)s") % {"title": item.title},
                "due_date": decision.follow_up_date,
            }
    existing = {f.kind: f for f in FollowUp.objects.filter(item=item, kind__in=AUTOMATIC_KINDS).order_by("id")}
    for kind in AUTOMATIC_KINDS:
        current = existing.get(kind)
        fields = wanted.get(kind)
        if fields is None:
            if current is not None and current.is_open:
                current.delete()
            continue
        if current is None:
            FollowUp.objects.create(item=item, kind=kind, created_by=user, **fields)
        elif current.is_open and any(getattr(current, k) != v for k, v in fields.items()):
            for name, value in fields.items():
                setattr(current, name, value)
            current.save()


def automatic_follow_ups_remove(*, item):
    """The open automatic follow-ups of a decision item go with its decision (closed ones stay)."""
    FollowUp.objects.filter(item=item, kind__in=AUTOMATIC_KINDS, closed_at__isnull=True).delete()
