"""Helpers for the decision-archive tests: minutes with decisions, made adjusted the way the app does.

Content is written while the minutes are a draft (on PostgreSQL the guard of
migration 0003 refuses new rows in adjusted minutes), then the status changes
and the search index is written, as generate_archive does.
"""

import datetime

from meetings.archive import search
from meetings.models import AgendaItem, Meeting, Position
from tests import factories


def make_minutes(group, *, date=datetime.date(2021, 3, 15), status=Meeting.Status.ADJUSTED, protocol="",
                 decisions=(), items=()):
    """Minutes of `group` with `decisions` [(title, text, outcome, [(party, stand)], body)] and
    other `items` [(kind, title, body)]."""
    meeting = factories.make_meeting(group=group, date=date, protocol_number=protocol)
    for kind, title, body in items:
        factories.make_item(meeting, kind=kind, title=title, body=body)
    made = []
    for title, text, outcome, stands, body in decisions:
        item = factories.make_item(meeting, kind=AgendaItem.Kind.DECISION, title=title, body=body)
        made.append(factories.make_decision(item, text=text, outcome=outcome, stands=stands))
    if status != Meeting.Status.DRAFT:
        Meeting.objects.filter(pk=meeting.pk).update(status=status)
        meeting.refresh_from_db()
    search.index_meeting(meeting)
    return meeting, made


AGREE, DISAGREE = Position.Stand.AGREE, Position.Stand.DISAGREE
