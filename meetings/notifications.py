"""Emails of the adjustment workflow, queued in meetings.mail and sent by a background task.

Every message links straight to the page the recipient must act on. Links are
absolute, built from settings.SITE_URL. Each function is called inside the
transaction of the change it tells of: the messages are written with it and
sent after the commit, each batch over one connection.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from meetings.mail import mail_queue
from meetings.models import OutgoingMail, User

Kind = OutgoingMail.Kind


def _url(name, *args):
    return settings.SITE_URL + reverse(name, args=args)


def _message(*, to, subject, template, context):
    """(recipient, subject, body) in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return to, str(subject), render_to_string(template, context)


def _subject(text, meeting):
    with translation.override(settings.LANGUAGE_CODE):
        return _(text) % {"heading": meeting.heading}


def adjustment_requested(*, meeting, adjusters):
    """One email to each adjuster, sent as one batch."""
    mail_queue(kind=Kind.ADJUSTMENT_REQUESTED, meeting=meeting, messages=[
        _message(
            to=adjuster.user.email if adjuster.user else "",
            subject=_subject(gettext_noop("Please adjust: %(heading)s"), meeting),
            template="emails/adjustment_requested.txt",
            context={"meeting": meeting, "adjuster": adjuster,
                     "review_url": _url("meetings:meeting_review", meeting.pk)},
        )
        for adjuster in adjusters
    ])


def reminder(*, meeting, adjuster):
    rows = mail_queue(kind=Kind.REMINDER, meeting=meeting, messages=[_message(
        to=adjuster.user.email if adjuster.user else "",
        subject=_subject(gettext_noop("Reminder, please adjust: %(heading)s"), meeting),
        template="emails/reminder.txt",
        context={"meeting": meeting, "adjuster": adjuster,
                 "review_url": _url("meetings:meeting_review", meeting.pk)},
    )])
    return len(rows)


def signatures_voided(*, meeting, signatures):
    mail_queue(kind=Kind.SIGNATURE_VOIDED, meeting=meeting, messages=[
        _message(
            to=signature.user.email,
            subject=_subject(gettext_noop("Your signature is void: %(heading)s"), meeting),
            template="emails/signature_voided.txt",
            context={"meeting": meeting, "signature": signature,
                     "review_url": _url("meetings:meeting_review", meeting.pk)},
        )
        for signature in signatures
    ])


def minutes_adjusted(*, meeting):
    recipients = [meeting.created_by.email] if meeting.created_by else []
    recipients += [a.user.email for a in meeting.adjusters.select_related("user") if a.user]
    subject = _subject(gettext_noop("Adjusted: %(heading)s"), meeting)
    context = {"meeting": meeting, "pdf_url": _url("meetings:meeting_pdf", meeting.pk)}
    mail_queue(kind=Kind.MINUTES_ADJUSTED, meeting=meeting, messages=[
        _message(to=address, subject=subject, template="emails/minutes_adjusted.txt", context=context)
        for address in sorted(set(recipients))
    ])


def _secretaries(meeting):
    """Who drafts these minutes: their author and the group's active secretaries."""
    emails = [meeting.created_by.email] if meeting.created_by else []
    emails += meeting.group.members.filter(role=User.Role.SECRETARY, is_active=True).values_list("email", flat=True)
    return sorted(set(emails))


def comment_made(*, comment):
    """Comments and change requests reach every secretary of the group, not only the author."""
    meeting = comment.meeting
    recipients = _secretaries(meeting)
    if comment.is_change_request:
        subject = _subject(gettext_noop("Change requested: %(heading)s"), meeting)
    else:
        subject = _subject(gettext_noop("New comment: %(heading)s"), meeting)
    context = {"comment": comment, "meeting": meeting, "meeting_url": _url("meetings:meeting_detail", meeting.pk)}
    mail_queue(kind=Kind.COMMENT, meeting=meeting, messages=[
        _message(to=address, subject=subject, template="emails/comment_made.txt", context=context)
        for address in recipients
    ])


def correction_started(*, meeting, previous, adjusters, reason):
    """A correction (new version) of adjusted minutes: the earlier adjusters and the group's secretaries."""
    recipients = sorted(set([a.user.email for a in adjusters if a.user] + _secretaries(meeting)))
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Correction, version %(number)s: %(heading)s") % {
            "number": meeting.version_number, "heading": meeting.heading,
        }
    context = {"meeting": meeting, "previous": previous, "reason": reason,
               "meeting_url": _url("meetings:meeting_detail", meeting.pk),
               "previous_url": _url("meetings:meeting_detail", previous.pk)}
    mail_queue(kind=Kind.CORRECTION, meeting=meeting, messages=[
        _message(to=address, subject=subject, template="emails/correction_started.txt", context=context)
        for address in recipients
    ])


def mbl_window_closed(*, decision, state):
    """The window to request central negotiation on a §11 decision has closed: tell the secretaries."""
    meeting = decision.item.meeting
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("MBL window closed: %(title)s") % {"title": decision.item.title}
    context = {"meeting": meeting, "decision": decision, "state": state,
               "meeting_url": _url("meetings:meeting_detail", meeting.pk) + f"#item-{decision.item_id}"}
    rows = mail_queue(kind=Kind.MBL_WINDOW_CLOSED, meeting=meeting, messages=[
        _message(to=address, subject=subject, template="emails/mbl_window_closed.txt", context=context)
        for address in _secretaries(meeting)
    ])
    return len(rows)


def immediate_adjustment_requested(*, immediate, adjusters):
    """Each adjuster is asked to sign one item at once (omedelbar justering)."""
    meeting = immediate.meeting
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Please adjust immediately: %(title)s") % {"title": immediate.item.title}
    mail_queue(kind=Kind.IMMEDIATE_ADJUSTMENT, meeting=meeting, messages=[
        _message(
            to=adjuster.user.email if adjuster.user else "",
            subject=subject,
            template="emails/immediate_adjustment_requested.txt",
            context={"meeting": meeting, "immediate": immediate, "adjuster": adjuster,
                     "review_url": _url("meetings:immediate_review", immediate.pk)},
        )
        for adjuster in adjusters
    ])
