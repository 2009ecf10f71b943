"""The e-archive package of adjusted minutes as a zip, for the archivist."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from meetings import access
from meetings.earchive.package import package_zip


@require_GET
def meeting_sip(request, pk):
    """The E-ARK SIP of adjusted minutes (404 to those who may not read them, 403 to non-archivists)."""
    meeting = access.get_meeting_for_user(request, pk)
    if not access.can_export_archive_package(request.user, meeting):
        raise PermissionDenied
    filename, data = package_zip(meeting)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response
