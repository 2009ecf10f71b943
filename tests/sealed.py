"""Adjusted minutes with their sealed final PDF, for the seal, verification and e-archive tests.

The `sealed_minutes` fixture is made available to every test by tests/conftest.py.
"""

import datetime

import pytest

from meetings import signing
from meetings.models import Meeting
from tests import factories


@pytest.fixture
def sealed_minutes(meeting, item, adjuster, other_adjuster, ssr, kommunal, secretary, django_capture_on_commit_callbacks):
    """Minutes signed by both adjusters: adjusted, with the sealed final PDF stored."""
    meeting.dnr = "SOF 2020/123"
    meeting.save()
    factories.make_adjuster(meeting, name="Cecilia Cederström", party=ssr, user=adjuster)
    factories.make_adjuster(meeting, name="Christina Gustafsson", party=kommunal, user=other_adjuster)
    with django_capture_on_commit_callbacks(execute=True):
        signing.meeting_send_for_adjustment(meeting=meeting, user=secretary, deadline=datetime.date.today())
        for user in (adjuster, other_adjuster):
            fresh = Meeting.objects.with_contents().get(pk=meeting.pk)
            signing.meeting_sign(meeting=meeting, adjuster=meeting.adjusters.get(user=user), user=user,
                                 password=factories.PASSWORD, content_hash=fresh.content_hash())
    meeting.refresh_from_db()
    return meeting


def final_pdf(meeting):
    with meeting.final_pdf.open("rb") as handle:
        return handle.read()


def one_byte_changed(data):
    """A copy with one byte of the signed content changed (a digit in the first page's text stream)."""
    position = data.index(b"stream", len(data) // 10) + 20
    changed = bytearray(data)
    changed[position] ^= 0x01
    return bytes(changed)
