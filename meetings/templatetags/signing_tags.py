"""Template tags of signing: the versions of the minutes."""

from django import template

from meetings.corrections import version_chain

register = template.Library()


@register.simple_tag
def meeting_versions(meeting):
    """Every version of these minutes, the first first (one element when never corrected)."""
    if not meeting.supersedes_id and meeting.is_current_version:
        return [meeting]
    return version_chain(meeting)
