"""Per-object access helpers shared by the views."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from meetings.models import AgendaItem, Meeting


def _get_meeting_for_user(request, pk, *, edit=False):
    """The meeting if this user may see it (404 otherwise); with `edit`, 403 unless they may edit it."""
    meeting = get_object_or_404(Meeting.objects.select_related("group"), pk=pk)
    if not Meeting.objects.visible_to(request.user).filter(pk=meeting.pk).exists():
        raise Http404
    if edit and not meeting.can_edit(request.user):
        raise PermissionDenied
    return meeting


def _get_item_for_user(request, pk, *, edit=False):
    item = get_object_or_404(AgendaItem, pk=pk)
    item.meeting = _get_meeting_for_user(request, item.meeting_id, edit=edit)
    return item


def render_partial(request, full_template, partial_template, context):
    """htmx requests get the fragment; a normal request gets the whole page around it."""
    template = partial_template if request.htmx else full_template
    return render(request, template, context)


def redirect_to_item(item):
    return redirect(f"{item.meeting.get_absolute_url()}#item-{item.pk}")
