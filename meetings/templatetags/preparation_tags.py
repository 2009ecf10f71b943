"""Template tags of meeting preparation, for pages whose views belong to the minutes.

Each loads what it needs for the whole meeting in one query and caches it on
the meeting object, so a page with many items stays at a fixed query count.
"""

from django import template

from meetings import access
from meetings.models import FollowUp
from meetings.preparation import follow_ups, open_questions

register = template.Library()


def _meeting_follow_ups(meeting):
    cached = getattr(meeting, "_preparation_follow_ups", None)
    if cached is not None:
        return cached
    if getattr(meeting, "has_follow_ups", True) is False:  # asked in the meeting's query (views.adjustment.page_meetings)
        cached = []
    else:
        # The items are the meeting's own, already loaded; of the meeting where
        # one was handled only the date is shown.
        items = {item.pk: item for item in meeting.items.all()}
        cached = follow_ups.annotate_overdue(
            FollowUp.objects.filter(item__meeting_id=meeting.pk)
            .select_related("handled_in")
            .only("item", "kind", "what", "who", "due_date", "closed_at", "created_at", "handled_in__date")
            .order_by("item__position", "created_at", "id")
        )
        for follow_up in cached:
            follow_up.item = items[follow_up.item_id]
    meeting._preparation_follow_ups = cached
    return cached


@register.simple_tag
def item_follow_ups(item, meeting):
    """The follow-ups recorded on `item` (of `meeting`)."""
    return [f for f in _meeting_follow_ups(meeting) if f.item_id == item.pk]


@register.simple_tag
def item_suggestions(item, meeting):
    """Open questions in the item's text not yet recorded as follow-ups."""
    return open_questions.suggested_open_questions(item, item_follow_ups(item, meeting))


@register.simple_tag(takes_context=True)
def meeting_follow_ups(context, meeting):
    """The meeting's follow-ups for someone who can see the meeting's page.

    The group's secretaries see them always; everyone else only on adjusted
    minutes (the rule of access.visible_follow_ups).
    """
    user = context["request"].user
    if access.can_see_meeting_follow_ups(user, meeting):
        return _meeting_follow_ups(meeting)
    return []


@register.simple_tag
def offered_follow_ups(meeting):
    """Open follow-ups of the group's other meetings that this draft could take up."""
    return follow_ups.follow_ups_to_offer(meeting)


@register.simple_tag(takes_context=True)
def can_manage_meeting(context, meeting):
    return access.can_manage_meeting(context["request"].user, meeting)
