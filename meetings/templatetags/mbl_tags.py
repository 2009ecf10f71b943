"""Template tags of the rules around the minutes (MBL state, immediate adjustment, secrecy), for shared templates."""

from django import template

from meetings import access, mbl
from meetings.models import AgendaItem, ImmediateAdjustment

register = template.Library()


@register.simple_tag
def decision_mbl(decision):
    """The MblState of `decision` (meetings.mbl.decision_state)."""
    return mbl.decision_state(decision)


@register.simple_tag
def item_immediate(item):
    """The item's immediate adjustment, or None.

    Items of Meeting.objects.with_contents() bring it in their own query; for
    others it is one query per meeting, kept on the meeting object.
    """
    if AgendaItem.immediate_adjustment.is_cached(item):
        return getattr(item, "immediate_adjustment", None)
    meeting = item.meeting
    found = getattr(meeting, "_immediate_by_item", None)
    if found is None:
        found = {i.item_id: i for i in ImmediateAdjustment.objects.filter(meeting_id=meeting.pk)}
        meeting._immediate_by_item = found
    return found.get(item.pk)


@register.simple_tag(takes_context=True)
def reads_secret(context, meeting):
    """Whether the reader may open the secrecy list: only where there is something secret (marks are prefetched)."""
    request = context.get("request")
    return bool(request) and bool(meeting.secrecy_marks.all()) and access.can_read_secret(request.user, meeting)
