"""Template tags for the meeting page: mail that could not be sent, the archival copy being made."""

from django import template

from meetings import access, mail, signing

register = template.Library()


@register.inclusion_tag("meetings/_mail_status.html", takes_context=True)
def meeting_mail_status(context, meeting):
    """For the group's secretaries: the emails about `meeting` that could not be sent yet."""
    request = context["request"]
    failed = []
    if access.can_manage_meeting(request.user, meeting):
        failed = list(mail.undeliverable_mail(meeting))
    return {"meeting": meeting, "failed_mail": failed, "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("meetings/_final_pdf_status.html")
def final_pdf_status(meeting):
    """'The archival copy is being made…' while adjusted minutes wait for their final PDF."""
    return {"meeting": meeting, "pending": signing.final_pdf_pending(meeting)}
