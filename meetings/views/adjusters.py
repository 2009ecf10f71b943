"""Adjusters (justerare) of a meeting."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from meetings import access, drafting
from meetings.exceptions import WorkflowError
from meetings.forms import AdjusterForm
from meetings.models import Adjuster


@require_http_methods(["GET", "POST"])
def adjuster_create(request, pk):
    meeting = access.get_meeting_for_user(request, pk, for_edit=True)
    form = AdjusterForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        adjuster = form.save(commit=False)
        adjuster.meeting = meeting
        try:
            drafting.adjuster_create(adjuster=adjuster)
        except WorkflowError as exc:
            form.add_error("user", str(exc))
        else:
            messages.success(request, _("%(name)s has been added as adjuster.") % {"name": adjuster.name})
            return redirect(f"{meeting.get_absolute_url()}#adjusters")
    return render(request, "meetings/adjuster_form.html", {"form": form, "meeting": meeting})


@require_POST
def adjuster_delete(request, pk):
    adjuster = get_object_or_404(Adjuster, pk=pk)
    adjuster.meeting = access.get_meeting_for_user(request, adjuster.meeting_id, for_edit=True)
    drafting.adjuster_delete(adjuster=adjuster)
    messages.success(request, _("%(name)s is no longer an adjuster.") % {"name": adjuster.name})
    return redirect(f"{adjuster.meeting.get_absolute_url()}#adjusters")
