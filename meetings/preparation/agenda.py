"""The agenda (föredragningslista) of a coming meeting, emailed to the group with its PDF."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from meetings.exceptions import PreparationError
from meetings.mail import mail_queue
from meetings.models import Meeting, OutgoingMail
from meetings.pdf import agenda_pdf_filename, render_agenda_pdf


def agenda_recipients(meeting):
    """The group's active members with an email address, in name order."""
    return list(
        meeting.group.members.filter(is_active=True).exclude(email="").order_by("first_name", "last_name", "username")
    )


def agenda_send(*, meeting, user):
    """Email the agenda with its PDF to every member of the group; recorded in the meeting's history.

    Only for a draft (a coming meeting). Returns the number of emails queued (sent after
    the commit by meetings.mail, as one batch).
    """
    if meeting.status != Meeting.Status.DRAFT:
        raise PreparationError(_("The agenda can only be sent while the minutes are a draft."))
    if not meeting.items.exists():
        raise PreparationError(_("The agenda has no items yet."))
    recipients = agenda_recipients(meeting)
    if not recipients:
        raise PreparationError(_("No member of the group has an email address."))
    pdf = render_agenda_pdf(meeting)
    with translation.override(settings.LANGUAGE_CODE):
        heading = meeting.agenda_heading
        subject = _("Agenda: %(heading)s") % {"heading": heading}
        body = render_to_string("emails/agenda.txt", {
            "meeting": meeting, "heading": heading, "sections": meeting.agenda_sections(),
            "agenda_url": settings.SITE_URL + reverse("meetings:meeting_agenda", args=[meeting.pk]),
            "sender": user,
        })
        filename = agenda_pdf_filename(meeting)
    with transaction.atomic():
        rows = mail_queue(
            kind=OutgoingMail.Kind.AGENDA, meeting=meeting,
            messages=[(recipient.email, str(subject), body) for recipient in recipients],
            attachment=(filename, pdf, "application/pdf"),
        )
        sent = len(rows)
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        with translation.override(settings.LANGUAGE_CODE):
            locked._change_reason = ngettext(
                "Agenda sent by email to %(count)d member",
                "Agenda sent by email to %(count)d members",
                sent,
            ) % {"count": sent}
        locked.agenda_sent_at = timezone.now()
        locked.save(update_fields=["agenda_sent_at", "updated_at"])
    return sent
