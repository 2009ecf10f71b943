"""Emails of the adjustment workflow, sent with Django's email framework.

Every message links straight to the page the recipient must act on. Links are
absolute, built from settings.SITE_URL.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _


def _url(name, *args):
    return settings.SITE_URL + reverse(name, args=args)


def _send(*, to, subject, template, context):
    recipients = [address for address in to if address]
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(template, context)
        return send_mail(str(subject), body, None, recipients)


def adjustment_requested(*, meeting, adjusters):
    for adjuster in adjusters:
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Please adjust: %(heading)s") % {"heading": meeting.heading}
        _send(
            to=[adjuster.user.email if adjuster.user else ""],
            subject=subject,
            template="emails/adjustment_requested.txt",
            context={"meeting": meeting, "adjuster": adjuster,
                     "review_url": _url("meetings:meeting_review", meeting.pk)},
        )


def reminder(*, meeting, adjuster):
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Reminder, please adjust: %(heading)s") % {"heading": meeting.heading}
    return _send(
        to=[adjuster.user.email if adjuster.user else ""],
        subject=subject,
        template="emails/reminder.txt",
        context={"meeting": meeting, "adjuster": adjuster,
                 "review_url": _url("meetings:meeting_review", meeting.pk)},
    )


def signatures_voided(*, meeting, signatures):
    for signature in signatures:
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Your signature is void: %(heading)s") % {"heading": meeting.heading}
        _send(
            to=[signature.user.email],
            subject=subject,
            template="emails/signature_voided.txt",
            context={"meeting": meeting, "signature": signature,
                     "review_url": _url("meetings:meeting_review", meeting.pk)},
        )


def minutes_adjusted(*, meeting):
    recipients = [meeting.created_by.email] if meeting.created_by else []
    recipients += [a.user.email for a in meeting.adjusters.select_related("user") if a.user]
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Adjusted: %(heading)s") % {"heading": meeting.heading}
    _send(
        to=sorted(set(recipients)),
        subject=subject,
        template="emails/minutes_adjusted.txt",
        context={"meeting": meeting, "pdf_url": _url("meetings:meeting_pdf", meeting.pk)},
    )


def _secretaries(meeting):
    """Who drafts these minutes: their author and the group's active secretaries."""
    from meetings.models import User

    emails = [meeting.created_by.email] if meeting.created_by else []
    emails += meeting.group.members.filter(role=User.Role.SECRETARY, is_active=True).values_list("email", flat=True)
    return sorted(set(emails))


def comment_made(*, comment):
    """Comments and change requests reach every secretary of the group, not only the author."""
    meeting = comment.meeting
    recipients = _secretaries(meeting)
    with translation.override(settings.LANGUAGE_CODE):
        if comment.is_change_request:
            subject = _("Change requested: %(heading)s") % {"heading": meeting.heading}
        else:
            subject = _("New comment: %(heading)s") % {"heading": meeting.heading}
    _send(
        to=recipients,
        subject=subject,
        template="emails/comment_made.txt",
        context={"comment": comment, "meeting": meeting,
                 "meeting_url": _url("meetings:meeting_detail", meeting.pk)},
    )


def correction_started(*, meeting, previous, adjusters, reason):
    """A correction (new version) of adjusted minutes: the earlier adjusters and the group's secretaries."""
    recipients = [a.user.email for a in adjusters if a.user] + _secretaries(meeting)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Correction, version %(number)s: %(heading)s") % {
            "number": meeting.version_number, "heading": meeting.heading,
        }
    _send(
        to=sorted(set(recipients)),
        subject=subject,
        template="emails/correction_started.txt",
        context={"meeting": meeting, "previous": previous, "reason": reason,
                 "meeting_url": _url("meetings:meeting_detail", meeting.pk),
                 "previous_url": _url("meetings:meeting_detail", previous.pk)},
    )


def mbl_window_closed(*, decision, state):
    """The window to request central negotiation on a §11 decision has closed: tell the secretaries."""
    meeting = decision.item.meeting
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("MBL window closed: %(title)s") % {"title": decision.item.title}
    return _send(
        to=_secretaries(meeting),
        subject=subject,
        template="emails/mbl_window_closed.txt",
        context={"meeting": meeting, "decision": decision, "state": state,
                 "meeting_url": _url("meetings:meeting_detail", meeting.pk) + f"#item-{decision.item_id}"},
    )


def immediate_adjustment_requested(*, immediate, adjusters):
    """Each adjuster is asked to sign one item at once (omedelbar justering)."""
    meeting = immediate.meeting
    for adjuster in adjusters:
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Please adjust immediately: %(title)s") % {"title": immediate.item.title}
        _send(
            to=[adjuster.user.email if adjuster.user else ""],
            subject=subject,
            template="emails/immediate_adjustment_requested.txt",
            context={"meeting": meeting, "immediate": immediate, "adjuster": adjuster,
                     "review_url": _url("meetings:immediate_review", immediate.pk)},
        )
