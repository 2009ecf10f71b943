"""Email that waits for its server: queued after the commit, retried with back-off, never an error for the user."""

import datetime
from io import StringIO

import pytest
from django.core import mail as django_mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from meetings import mail, signing
from meetings.models import Meeting, OutgoingMail
from tests import factories
from tests.mail_server import free_port, smtp_server

SMTP = "django.core.mail.backends.smtp.EmailBackend"


def url(name, *args):
    return reverse(f"meetings:{name}", args=args)


@pytest.fixture
def ready(meeting, item, adjuster, other_adjuster, ssr, kommunal, secretary):
    meeting.created_by = secretary
    meeting.save()
    factories.make_adjuster(meeting, name="Cecilia Cederström", party=ssr, user=adjuster)
    factories.make_adjuster(meeting, name="Christina Gustafsson", party=kommunal, user=other_adjuster)
    return meeting


@pytest.fixture
def dead_smtp(settings):
    """SMTP on a local port where nothing listens."""
    settings.EMAIL_BACKEND = SMTP
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_TIMEOUT = 5
    return settings


def send_via_view(client, meeting, secretary):
    client.force_login(secretary)
    deadline = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url("meeting_send", meeting.pk), {"deadline": deadline})


def test_an_unreachable_mail_server_is_no_error_and_the_secretary_sees_what_waits(
    client, ready, secretary, adjuster, dead_smtp
):
    response = send_via_view(client, ready, secretary)
    assert response.status_code == 302
    ready.refresh_from_db()
    assert ready.status == Meeting.Status.OUT_FOR_ADJUSTMENT
    rows = list(OutgoingMail.objects.order_by("recipient"))
    # Both adjusters' emails are kept, not only the one before the failure.
    assert sorted(r.recipient for r in rows) == sorted(a.user.email for a in ready.adjusters.all())
    assert all(r.state == OutgoingMail.State.RETRYING and r.attempts == 1 for r in rows)
    assert all("Connection" in r.last_error or "refused" in r.last_error.lower() for r in rows)
    first_retry = dead_smtp.MAIL_RETRY_MINUTES[0]
    assert all(
        datetime.timedelta(minutes=first_retry - 1) < r.next_attempt_at - timezone.now()
        <= datetime.timedelta(minutes=first_retry) for r in rows
    )
    page = client.get(url("meeting_detail", ready.pk)).content.decode()
    assert "E-post som inte kunde skickas" in page and "Skicka igen" in page and adjuster.email in page
    # An adjuster does not see the secretary's list.
    client.force_login(adjuster)
    assert "E-post som inte kunde skickas" not in client.get(url("meeting_review", ready.pk)).content.decode()
    assert client.post(url("meeting_mail_resend", ready.pk)).status_code == 403


def test_commenting_and_signing_succeed_while_the_server_is_down(client, ready, secretary, adjuster, other_adjuster,
                                                                 item, dead_smtp):
    send_via_view(client, ready, secretary)
    client.force_login(adjuster)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url("comment_create", ready.pk), {"text": "Stryk andra stycket.", "item": item.pk,
                                                                  "is_change_request": "on"})
    assert response.status_code == 302
    for user in (adjuster, other_adjuster):
        client.force_login(user)
        content_hash = Meeting.objects.with_contents().get(pk=ready.pk).content_hash()
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = client.post(url("meeting_sign", ready.pk),
                                   {"password": factories.PASSWORD, "content_hash": content_hash})
        assert response.status_code == 302
    ready.refresh_from_db()
    assert ready.status == Meeting.Status.ADJUSTED and ready.final_pdf
    kinds = set(OutgoingMail.objects.values_list("kind", flat=True))
    assert kinds == {OutgoingMail.Kind.ADJUSTMENT_REQUESTED, OutgoingMail.Kind.COMMENT,
                     OutgoingMail.Kind.MINUTES_ADJUSTED}
    assert not OutgoingMail.objects.exclude(state=OutgoingMail.State.RETRYING).exists()


def test_send_again_delivers_once_the_server_is_back(client, ready, secretary, dead_smtp):
    send_via_view(client, ready, secretary)
    with smtp_server() as (port, server):
        dead_smtp.EMAIL_PORT = port
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = client.post(url("meeting_mail_resend", ready.pk), follow=True)
        assert "2 e-postmeddelanden skickas igen." in response.content.decode()
    assert sorted(m["to"][0] for m in server.messages) == sorted(a.user.email for a in ready.adjusters.all())
    assert server.sessions == 1  # one connection for the batch
    assert set(OutgoingMail.objects.values_list("state", flat=True)) == {OutgoingMail.State.SENT}
    assert "E-post som inte kunde skickas" not in client.get(url("meeting_detail", ready.pk)).content.decode()


def test_the_command_sends_what_is_due(ready, secretary, dead_smtp):
    with TestCase.captureOnCommitCallbacks(execute=True):
        signing.meeting_send_for_adjustment(meeting=ready, user=secretary, deadline=timezone.localdate())
    out = StringIO()
    call_command("send_queued_mail", stdout=out)
    assert "0 email(s) sent." in out.getvalue()  # not due before its back-off
    OutgoingMail.objects.update(next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))
    with smtp_server() as (port, server):
        dead_smtp.EMAIL_PORT = port
        call_command("send_queued_mail", stdout=out)
    assert "2 email(s) sent." in out.getvalue() and len(server.messages) == 2 and server.sessions == 1


class FailingBackend(LocmemBackend):
    def open(self):
        raise ConnectionRefusedError("no server")


class CountingBackend(LocmemBackend):
    opened = 0

    def open(self):
        type(self).opened += 1
        return super().open()


def test_retries_back_off_for_more_than_a_day_then_give_up(settings, ready, secretary):
    settings.EMAIL_BACKEND = "tests.test_mail.FailingBackend"
    with TestCase.captureOnCommitCallbacks(execute=True):
        rows = mail.mail_queue(kind=OutgoingMail.Kind.REMINDER, meeting=ready,
                               messages=[("a@example.org", "Ämne", "Text")])
    row = OutgoingMail.objects.get(pk=rows[0].pk)
    waits = []
    while row.state == OutgoingMail.State.RETRYING:
        waits.append(row.next_attempt_at - timezone.now())
        OutgoingMail.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
        mail.mail_deliver_batch(batch=str(row.batch))
        row.refresh_from_db()
    assert row.state == OutgoingMail.State.UNDELIVERABLE and row.attempts == len(settings.MAIL_RETRY_MINUTES) + 1
    assert waits == sorted(waits)  # each wait at least as long as the one before
    assert sum(waits, datetime.timedelta()) > datetime.timedelta(days=1)
    assert row in mail.undeliverable_mail(ready)


def test_one_connection_for_every_adjuster(settings, ready, secretary):
    settings.EMAIL_BACKEND = "tests.test_mail.CountingBackend"
    CountingBackend.opened = 0
    with TestCase.captureOnCommitCallbacks(execute=True):
        signing.meeting_send_for_adjustment(meeting=ready, user=secretary, deadline=timezone.localdate())
    assert len(django_mail.outbox) == 2 and CountingBackend.opened == 1


def test_nothing_is_queued_when_the_change_rolls_back(ready, secretary):
    ready.adjusters.all().delete()
    with pytest.raises(Exception):
        signing.meeting_send_for_adjustment(meeting=ready, user=secretary, deadline=timezone.localdate())
    assert not OutgoingMail.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_delivers_mail_held_while_the_server_was_down(
    settings, meeting, item, adjuster, other_adjuster, ssr, kommunal, secretary, dead_smtp
):
    """The issue's check: actions succeed with no server; `db_worker --batch` later delivers."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    meeting.created_by = secretary
    meeting.save()
    factories.make_adjuster(meeting, name="Cecilia Cederström", party=ssr, user=adjuster)
    factories.make_adjuster(meeting, name="Christina Gustafsson", party=kommunal, user=other_adjuster)
    signing.meeting_send_for_adjustment(meeting=meeting, user=secretary, deadline=timezone.localdate())
    # Queued as a task, nothing tried in the request.
    assert DBTaskResult.objects.filter(task_path="meetings.mail.mail_deliver").count() == 1
    assert set(OutgoingMail.objects.values_list("state", "attempts")) == {(OutgoingMail.State.QUEUED, 0)}
    for user in (adjuster, other_adjuster):
        fresh = Meeting.objects.with_contents().get(pk=meeting.pk)
        signing.meeting_sign(meeting=fresh, adjuster=fresh.adjusters.get(user=user), user=user,
                             password=factories.PASSWORD, content_hash=fresh.content_hash())
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.ADJUSTED and not meeting.final_pdf  # the PDF is a task too
    with smtp_server() as (port, server):
        settings.EMAIL_PORT = port
        call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())
    meeting.refresh_from_db()
    assert meeting.final_pdf and signing.stored_pdf_matches(meeting)
    assert set(OutgoingMail.objects.values_list("state", flat=True)) == {OutgoingMail.State.SENT}
    assert sorted(r for m in server.messages for r in m["to"]) == sorted(
        OutgoingMail.objects.values_list("recipient", flat=True)
    )
    assert OutgoingMail.objects.filter(kind=OutgoingMail.Kind.MINUTES_ADJUSTED).count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_failed_batch_queues_itself_again_for_later(settings, meeting, secretary, dead_smtp):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    mail.mail_queue(kind=OutgoingMail.Kind.REMINDER, meeting=meeting, messages=[("a@example.org", "Ämne", "Text")])
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())
    row = OutgoingMail.objects.get()
    assert row.state == OutgoingMail.State.RETRYING and row.attempts == 1
    retry = DBTaskResult.objects.filter(task_path="meetings.mail.mail_deliver", status="READY").get()
    assert retry.run_after == row.next_attempt_at and retry.args_kwargs["kwargs"] == {"batch": str(row.batch)}


@pytest.mark.commit_hooks_held
def test_create_final_pdfs_makes_a_copy_a_lost_task_left_behind(ready, secretary, adjuster, other_adjuster):
    with TestCase.captureOnCommitCallbacks(execute=True):
        signing.meeting_send_for_adjustment(meeting=ready, user=secretary, deadline=timezone.localdate())
    for user in (adjuster, other_adjuster):
        fresh = Meeting.objects.with_contents().get(pk=ready.pk)
        with TestCase.captureOnCommitCallbacks(execute=False):  # the PDF task is lost
            signing.meeting_sign(meeting=fresh, adjuster=fresh.adjusters.get(user=user), user=user,
                                 password=factories.PASSWORD, content_hash=fresh.content_hash())
    ready.refresh_from_db()
    assert ready.status == Meeting.Status.ADJUSTED and signing.final_pdf_pending(ready)
    out = StringIO()
    call_command("create_final_pdfs", stdout=out)
    ready.refresh_from_db()
    assert "1 final PDF(s) created." in out.getvalue() and signing.stored_pdf_matches(ready)
    call_command("create_final_pdfs", stdout=out)
    assert "0 final PDF(s) created." in out.getvalue()
