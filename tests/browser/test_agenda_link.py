"""A manager opens the link of the agenda email and its calendar file (issue 17, point 6)."""

import re

import icalendar
from django.core import mail
from playwright.sync_api import expect

from meetings.models import User
from meetings.preparation import agenda
from tests import factories


def test_a_manager_opens_the_agenda_link_and_its_ics(page, login, live_url):
    group = factories.make_group()
    secretary = factories.make_user(role=User.Role.SECRETARY, username="sekreterare", groups=[group])
    manager = factories.make_user(role=User.Role.MANAGER, username="chef", groups=[group])
    meeting = factories.make_meeting(group=group, protocol_number="4/2026")
    factories.make_item(meeting, title="Arbetsmiljöronder", presenter="HR")
    mail.outbox = []
    agenda.agenda_send(meeting=meeting, user=secretary)
    (message,) = [m for m in mail.outbox if manager.email in m.to]
    link = re.search(r"https?://\S+/agenda/", message.body).group(0)

    login(page, manager)
    page.goto(link)
    expect(page.locator("h1")).to_have_text("Föredragningslista")
    expect(page.locator("main")).to_contain_text("Föredragningslista för samverkansgrupp FSG/VSG")
    expect(page.locator("main")).to_contain_text("Arbetsmiljöronder")
    with page.expect_download() as download:
        page.get_by_role("link", name="Lägg till i kalendern (.ics)").click()
    event = icalendar.Calendar.from_ical(open(download.value.path(), "rb").read()).walk("VEVENT")[0]
    assert str(event["summary"]) == "Samverkansgrupp FSG/VSG – Socialförvaltningen"
