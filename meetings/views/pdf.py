"""The minutes as a PDF download."""

import logging

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from meetings import access, secrecy
from meetings.models import Meeting
from meetings.pdf import append_attachment_pages, attachment_pdfs, pdf_filename
from meetings.signing import minutes_pdf_bytes

logger = logging.getLogger(__name__)


@require_GET
def meeting_pdf(request, pk):
    """The PDF appendix of the minutes, shown inline (404 to those who may not read them).

    Adjusted minutes are served from the file stored at the last signature
    (PDF/A-3b, attachments embedded); `?bilagor=1` gives a reading copy with
    the attached PDFs' pages appended after it.
    """
    meeting = access.get_meeting_for_user(request, pk)
    # Readers without the right to the secret parts get the public version (meetings.secrecy).
    public = meeting.secrecy_marks.exists() and not access.can_read_secret(request.user, meeting)
    try:
        data = secrecy.public_pdf_bytes(meeting) if public else minutes_pdf_bytes(meeting)
    except OSError:
        # The stored archival copy is gone from the media store (a lost volume, a bad restore):
        # never serve a new rendering in its place; say so, and tell the administrator.
        logger.error("The stored PDF of meeting %s cannot be read.", meeting.pk, exc_info=True)
        return render(request, "meetings/pdf_missing.html", {"meeting": meeting}, status=503)
    if request.GET.get("bilagor") == "1" and meeting.status == Meeting.Status.ADJUSTED:
        hidden = secrecy.secret_attachment_ids(meeting) if public else set()
        appended = [(a, pdf) for a, pdf in attachment_pdfs(meeting) if a.pk not in hidden]
        if appended:
            data = append_attachment_pages(data, appended)
    filename = pdf_filename(meeting)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    # Drafts change all the time and the minutes are not public: never cache them.
    response["Cache-Control"] = "private, no-store"
    return response
