import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import TestCase

from meetings import signing
from meetings.models import Meeting
from tests import factories


@pytest.fixture
def sent(meeting, item, adjuster, other_adjuster, ssr, kommunal, secretary):
    factories.make_adjuster(meeting, name="Cecilia Cederström", party=ssr, user=adjuster)
    factories.make_adjuster(meeting, name="Christina Gustafsson", party=kommunal, user=other_adjuster)
    signing.meeting_send_for_adjustment(meeting=meeting, user=secretary, deadline=datetime.date.today())
    mail.outbox.clear()
    return meeting


def run():
    out = StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):  # the emails are queued after the commit
        call_command("send_reminders", stdout=out)
    return out.getvalue()


def remind(**kwargs):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return signing.send_reminders(**kwargs)


def test_reminds_unsigned_adjusters_once_a_day(sent, adjuster, other_adjuster):
    signing.meeting_sign(meeting=sent, adjuster=sent.adjusters.get(user=adjuster), user=adjuster,
                          password=factories.PASSWORD,
                          content_hash=Meeting.objects.with_contents().get(pk=sent.pk).content_hash())
    output = run()
    assert "1 reminder(s) sent." in output
    assert [m.to for m in mail.outbox] == [[other_adjuster.email]]
    assert "Påminnelse" in mail.outbox[0].subject and f"/meetings/{sent.pk}/review/" in mail.outbox[0].body
    assert "0 reminder(s) sent." in run()  # the same day again: nothing
    assert len(mail.outbox) == 1


def test_next_day_reminds_again(sent):
    remind(today=datetime.date.today())
    assert len(mail.outbox) == 2
    remind(today=datetime.date.today() + datetime.timedelta(days=1))
    assert len(mail.outbox) == 4


def test_no_reminder_far_from_the_deadline_or_when_not_out(sent):
    Meeting.objects.filter(pk=sent.pk).update(adjustment_deadline=datetime.date.today() + datetime.timedelta(days=10))
    assert signing.send_reminders() == []
    Meeting.objects.filter(pk=sent.pk).update(adjustment_deadline=datetime.date.today(), status=Meeting.Status.DRAFT)
    assert signing.send_reminders() == []


def test_dry_run_sends_nothing(sent):
    out = StringIO()
    call_command("send_reminders", "--dry-run", stdout=out)
    assert "Would remind" in out.getvalue() and not mail.outbox
