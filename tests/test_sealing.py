"""The seal on the final PDF: PAdES, certification without changes, PDF/A kept (checked with pikepdf and lxml)."""

import datetime
import subprocess
import sys
from io import BytesIO

import pikepdf
import pytest
from lxml import etree

from meetings import sealing, signing
from meetings.models import Meeting
from tests import factories


@pytest.fixture
def adjusted(meeting, item, adjuster, other_adjuster, ssr, kommunal, secretary, django_capture_on_commit_callbacks):
    """Minutes signed by both adjusters: adjusted, with the sealed final PDF stored."""
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


def test_scratch(adjusted):
    data = final_pdf(adjusted)
    open("/tmp/sealx/final.pdf", "wb").write(data)
    report = sealing.validate_seal(data)
    print(report)
    assert report.ok
