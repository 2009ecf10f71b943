"""The meeting page's mail panel (Skicka igen) and the archival copy's status."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from meetings import access, mail, signing


@require_POST
def meeting_mail_resend(request, pk):
    """*Skicka igen*: the group's secretary sends the emails that failed once more, now."""
    meeting = access.get_meeting_for_user(request, pk, for_manage=True)
    with transaction.atomic():
        count = mail.mail_resend(meeting=meeting)
    if count:
        messages.success(request, ngettext(
            "%(count)d email is being sent again.", "%(count)d emails are being sent again.", count,
        ) % {"count": count})
    else:
        messages.info(request, _("There was no email left to send."))
    return redirect(meeting)


@require_GET
def meeting_final_pdf_status(request, pk):
    """The htmx fragment polled while the archival copy is being made."""
    meeting = access.get_meeting_for_user(request, pk)
    return render(request, "meetings/_final_pdf_status.html", {
        "meeting": meeting, "pending": signing.final_pdf_pending(meeting),
    })
