"""Minutes for the tests of the rules around them (MBL, secrecy, immediate adjustment)."""

import datetime
from io import BytesIO

from pypdf import PdfReader

from meetings import signing
from meetings.models import AgendaItem, Decision, Meeting, Position
from tests import factories


def pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


def disagreed_decision(meeting, *, ssr, kommunal, employer, mbl=Decision.Mbl.NEGOTIATION):
    """A Beslut item negotiated under MBL §11 with Kommunal "oeniga"."""
    item = factories.make_item(meeting, kind=AgendaItem.Kind.DECISION, title="Ny organisation för hemtjänsten",
                               body="Förvaltningen föreslår en ny organisation.")
    decision = factories.make_decision(item, text="Arbetsgivaren beslutar enligt förslaget.",
                                       outcome=Decision.Outcome.DISAGREED,
                                       stands=[(employer, Position.Stand.AGREE), (ssr, Position.Stand.AGREE),
                                               (kommunal, Position.Stand.DISAGREE)])
    decision.mbl = mbl
    decision.save()
    return decision


def with_adjusters(meeting, *, adjuster, other_adjuster, ssr, kommunal):
    factories.make_adjuster(meeting, name="Cecilia Cederström", party=ssr, user=adjuster)
    factories.make_adjuster(meeting, name="Christina Gustafsson", party=kommunal, user=other_adjuster)
    return meeting


def adjust(meeting, users, *, secretary):
    """Send the minutes and let every user in `users` sign: they become Adjusted."""
    signing.meeting_send_for_adjustment(meeting=meeting, user=secretary, deadline=datetime.date.today())
    for user in users:
        fresh = Meeting.objects.with_contents().get(pk=meeting.pk)
        signing.meeting_sign(meeting=fresh, adjuster=fresh.adjusters.get(user=user), user=user,
                             password=factories.PASSWORD, content_hash=fresh.content_hash())
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.ADJUSTED
    return meeting
