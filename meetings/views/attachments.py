"""Attachments (bilagor) of a meeting: upload, delete, download."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from meetings import access, drafting, filetypes, secrecy
from meetings.forms import AttachmentForm
from meetings.models import Attachment


@require_http_methods(["GET", "POST"])
def attachment_create(request, pk):
    meeting = access.get_meeting_for_user(request, pk, for_edit=True)
    form = AttachmentForm(request.POST or None, request.FILES or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        attachment = form.save(commit=False)
        attachment.meeting = meeting
        drafting.attachment_create(attachment=attachment, user=request.user)
        messages.success(request, _("The attachment “%(title)s” has been uploaded.") % {"title": attachment.title})
        return redirect(f"{meeting.get_absolute_url()}#attachments")
    return render(request, "meetings/attachment_form.html", {"form": form, "meeting": meeting})


@require_POST
def attachment_delete(request, pk):
    attachment = get_object_or_404(Attachment, pk=pk)
    attachment.meeting = access.get_meeting_for_user(request, attachment.meeting_id, for_edit=True)
    drafting.attachment_delete(attachment=attachment)
    messages.success(request, _("The attachment has been deleted."))
    return redirect(f"{attachment.meeting.get_absolute_url()}#attachments")


# Types an attachment may be served as; anything else goes out as opaque bytes.
_SERVED_TYPES = {kind.mime for kind in (
    filetypes.PDF, filetypes.DOCX, filetypes.XLSX, filetypes.PPTX, filetypes.ODT, filetypes.ODS,
    filetypes.PNG, filetypes.JPEG, filetypes.TEXT, filetypes.CSV,
)}


@require_GET
def attachment_download(request, pk):
    """The file, to those who may see its meeting, always as a download (never shown inline)."""
    attachment = get_object_or_404(Attachment, pk=pk)
    meeting = access.get_meeting_for_user(request, attachment.meeting_id)
    if attachment.pk in secrecy.secret_attachment_ids(meeting) and not access.can_read_secret(request.user, meeting):
        raise PermissionDenied
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    content_type = attachment.content_type if attachment.content_type in _SERVED_TYPES else "application/octet-stream"
    if content_type.startswith("text/"):
        content_type += "; charset=utf-8"
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.file.name.rsplit("/", 1)[-1], content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
