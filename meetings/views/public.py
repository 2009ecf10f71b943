"""The public versions of a group's adjusted minutes, for everyone, when the group publishes them."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from meetings.models import CooperationGroup, Meeting
from meetings.pdf import pdf_filename
from meetings.secrecy import public_pdf_bytes


def _published_group(pk):
    group = get_object_or_404(CooperationGroup, pk=pk)
    if not group.publish_public_versions:
        raise Http404
    return group


def _published_meetings(group):
    return group.meetings.filter(status=Meeting.Status.ADJUSTED).exclude(public_pdf="").order_by("-date", "-pk")


@login_not_required
@require_GET
def public_group(request, pk):
    """/public/<group>/: the group's adjusted minutes, each as its public PDF only (404 unless published)."""
    group = _published_group(pk)
    return render(request, "mbl/public_group.html", {"group": group, "meetings": _published_meetings(group)})


@login_not_required
@require_GET
def public_pdf(request, pk, meeting_pk):
    group = _published_group(pk)
    meeting = get_object_or_404(_published_meetings(group), pk=meeting_pk)
    response = HttpResponse(public_pdf_bytes(meeting), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, "offentlig-" + pdf_filename(meeting))
    response["Cache-Control"] = "public, max-age=3600"
    return response
