"""Template tags of signing: the versions of the minutes."""

from django import template

from meetings import access
from meetings.corrections import version_chain

register = template.Library()


@register.simple_tag(takes_context=True)
def meeting_versions(context, meeting):
    """The versions of these minutes the user may read, the first first (one when never corrected).

    A correction still in the works is not yet readable for managers: version 1
    says it is replaced, without a link they could not follow.
    """
    if not meeting.supersedes_id and meeting.is_current_version:
        return [meeting]
    chain = version_chain(meeting)
    readable = set(access.visible_meetings(context["request"].user).filter(
        pk__in=[m.pk for m in chain]).values_list("pk", flat=True))
    return [m for m in chain if m.pk in readable]
