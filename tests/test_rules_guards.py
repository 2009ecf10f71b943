"""On PostgreSQL the database keeps the public version and a completed immediate adjustment as they were made."""

import pytest
from django.db import InternalError, connection, transaction

from meetings import drafting, immediate
from meetings.models import AgendaItem, SecrecyMark
from tests import factories
from tests.rules_helpers import adjust, disagreed_decision, with_adjusters

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the guards are PostgreSQL triggers; SQLite relies on the app"
)


def refused(statement, *params):
    with pytest.raises(InternalError):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, params)


@pytest.fixture
def adjusted(meeting, item, secretary, adjuster, other_adjuster, ssr, kommunal):
    with_adjusters(meeting, adjuster=adjuster, other_adjuster=other_adjuster, ssr=ssr, kommunal=kommunal)
    drafting.secrecy_mark_create(mark=SecrecyMark(meeting=meeting, kind=SecrecyMark.Kind.ITEM, item=item,
                                                  reference="39 kap. 3 § OSL", reason="Personalärende"),
                                 user=secretary)
    return adjust(meeting, [adjuster, other_adjuster], secretary=secretary)


def test_the_public_pdf_and_the_marks_of_adjusted_minutes_cannot_change(adjusted):
    refused("UPDATE meetings_meeting SET public_pdf_sha256 = %s WHERE id = %s", "0" * 64, adjusted.pk)
    refused("UPDATE meetings_meeting SET public_pdf = '' WHERE id = %s", adjusted.pk)
    mark = SecrecyMark.objects.get()
    refused("UPDATE meetings_secrecymark SET reference = 'x' WHERE id = %s", mark.pk)
    refused("DELETE FROM meetings_secrecymark WHERE id = %s", mark.pk)


def test_a_completed_immediate_adjustment_cannot_change(meeting, secretary, adjuster, other_adjuster, ssr, kommunal,
                                                        employer):
    decision = disagreed_decision(meeting, ssr=ssr, kommunal=kommunal, employer=employer)
    with_adjusters(meeting, adjuster=adjuster, other_adjuster=other_adjuster, ssr=ssr, kommunal=kommunal)
    record = immediate.immediate_send(item=decision.item, user=secretary)
    for user in (adjuster, other_adjuster):
        immediate.immediate_sign(immediate=record, adjuster=meeting.adjusters.get(user=user), user=user,
                                 password=factories.PASSWORD,
                                 content_hash=immediate.item_content_hash(AgendaItem.objects.get(pk=decision.item_id)))
    refused("UPDATE meetings_immediateadjustment SET extract_pdf_sha256 = %s WHERE id = %s", "0" * 64, record.pk)
    refused("DELETE FROM meetings_immediateadjustment WHERE id = %s", record.pk)
