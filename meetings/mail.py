"""Email that waits for its server.

Every email of the app goes through `mail_queue`: it writes one OutgoingMail
row a recipient in the caller's transaction and, after the commit, hands the
batch to the background task `mail_deliver`. The task sends the batch over one
SMTP connection. A message that fails is tried again with back-off
(settings.MAIL_RETRY_MINUTES, about two days in all: the task queues itself
again with `run_after`), then marked undeliverable. Nothing of this reaches
the person whose action caused the email: the meeting's page lists what could
not be sent to the group's secretaries, with *Skicka igen* (`mail_resend`).

`mail_send_due` (manage.py send_queued_mail) sends whatever is due that no task
holds, e.g. after a worker died or under the immediate backend, which cannot
defer a retry.
"""

import datetime
import logging
import uuid

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from django_tasks import task

from meetings.models import OutgoingMail

logger = logging.getLogger("samverkan.mail")

# A worker that takes a batch holds its messages this long; if it dies meanwhile,
# they become due again.
CLAIM_SECONDS = 600

_PENDING = (OutgoingMail.State.QUEUED, OutgoingMail.State.RETRYING)


def mail_queue(*, kind, messages, meeting=None, attachment=None):
    """Queue `messages` ((recipient, subject, body) each) as one batch, sent after the commit.

    `attachment` is (filename, bytes, mimetype), attached to every message.
    Messages without a recipient are left out. Returns the rows written.
    """
    batch = uuid.uuid4()
    name, content, mimetype = attachment or ("", None, "")
    rows = [
        OutgoingMail(
            batch=batch, meeting=meeting, kind=kind, recipient=recipient, subject=str(subject)[:500],
            body=body, attachment_name=name, attachment=content, attachment_mimetype=mimetype,
        )
        for recipient, subject, body in messages if recipient
    ]
    if not rows:
        return []
    OutgoingMail.objects.bulk_create(rows)
    transaction.on_commit(lambda: _enqueue(batch))
    return rows


def _enqueue(batch, run_after=None):
    """Hand `batch` to a worker; never raises: a batch left behind is sent by mail_send_due."""
    try:
        if run_after is None:
            mail_deliver.enqueue(batch=str(batch))
        elif mail_deliver.get_backend().supports_defer:
            mail_deliver.using(run_after=run_after).enqueue(batch=str(batch))
    except Exception:  # noqa: BLE001 - the rows stay queued whatever went wrong here
        logger.exception("Could not queue the email batch %s; it stays in the outbox.", batch)


@task()
def mail_deliver(batch):
    """The background task: send the due messages of `batch`. Returns how many were sent."""
    return mail_deliver_batch(batch=batch)


def _as_email(mail):
    message = EmailMessage(subject=mail.subject, body=mail.body, to=[mail.recipient])
    if mail.attachment is not None and mail.attachment_name:
        message.attach(mail.attachment_name, bytes(mail.attachment), mail.attachment_mimetype)
    return message


def _due(now):
    return OutgoingMail.objects.filter(state__in=_PENDING).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )


def _claim(queryset, now):
    """The messages of `queryset` that this worker takes, held for CLAIM_SECONDS."""
    with transaction.atomic():
        mails = list(queryset.select_for_update(skip_locked=True))
        OutgoingMail.objects.filter(pk__in=[m.pk for m in mails]).update(
            next_attempt_at=now + datetime.timedelta(seconds=CLAIM_SECONDS)
        )
    return mails


def _error_text(exc):
    return (f"{type(exc).__name__}: {exc}")[:1000]


def mail_deliver_batch(*, batch):
    """Send the due messages of `batch` over one connection and record each outcome."""
    now = timezone.now()
    mails = _claim(_due(now).filter(batch=batch), now)
    if not mails:
        return 0
    sent, failed = _send_all(mails)
    retry_at = _record(sent, failed)
    if retry_at is not None:
        _enqueue(batch, run_after=retry_at)
    return len(sent)


def _send_all(mails):
    """Send `mails` over one connection: (the sent ones, [(mail, error text)])."""
    sent, failed = [], []
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except Exception as exc:  # noqa: BLE001 - any failure of the server is a reason to retry
        return [], [(mail, _error_text(exc)) for mail in mails]
    try:
        for mail in mails:
            try:
                connection.send_messages([_as_email(mail)])
            except Exception as exc:  # noqa: BLE001
                failed.append((mail, _error_text(exc)))
            else:
                sent.append(mail)
    finally:
        try:
            connection.close()
        except Exception:  # noqa: BLE001 - the messages are already recorded as sent or not
            logger.warning("Closing the mail connection failed.", exc_info=True)
    return sent, failed


def _record(sent, failed):
    """Store the outcome of one attempt; returns when the next retry is due, if any."""
    now = timezone.now()
    steps = settings.MAIL_RETRY_MINUTES
    for mail in sent:
        OutgoingMail.objects.filter(pk=mail.pk).update(
            state=OutgoingMail.State.SENT, sent_at=now, attempts=mail.attempts + 1,
            next_attempt_at=None, last_error="",
        )
    retry_at = None
    for mail, error in failed:
        attempts = mail.attempts + 1
        if attempts > len(steps):
            state, next_at = OutgoingMail.State.UNDELIVERABLE, None
        else:
            state, next_at = OutgoingMail.State.RETRYING, now + datetime.timedelta(minutes=steps[attempts - 1])
            retry_at = next_at if retry_at is None else min(retry_at, next_at)
        logger.warning("Email to %s failed (attempt %d): %s", mail.recipient, attempts, error)
        OutgoingMail.objects.filter(pk=mail.pk).update(
            state=state, attempts=attempts, next_attempt_at=next_at, last_error=error,
        )
    return retry_at


def mail_send_due():
    """Send every due message now, one connection for all; returns how many were sent."""
    now = timezone.now()
    mails = _claim(_due(now), now)
    if not mails:
        return 0
    sent, failed = _send_all(mails)
    _record(sent, failed)
    return len(sent)


def undeliverable_mail(meeting):
    """The messages about `meeting` that failed at least once and are not delivered yet."""
    return meeting.outgoing_mail.filter(
        state__in=(OutgoingMail.State.RETRYING, OutgoingMail.State.UNDELIVERABLE)
    ).order_by("created_at", "id")


def mail_resend(*, meeting):
    """*Skicka igen*: every failed message about `meeting`, at once, as one new batch."""
    batch = uuid.uuid4()
    count = undeliverable_mail(meeting).update(
        batch=batch, state=OutgoingMail.State.QUEUED, next_attempt_at=None, attempts=0,
    )
    if count:
        transaction.on_commit(lambda: _enqueue(batch))
    return count
