"""The secretary prepares a meeting from the annual calendar and the open follow-ups, and sends the agenda.

Fixtures (`page`, `login`, `axe_check`) come from tests/browser/conftest.py; every
page visited is checked with axe-core for WCAG 2.1 AA.
"""

import datetime
import re

import pytest
from playwright.sync_api import expect

from meetings.models import AgendaItem, FollowUp, Meeting, RecurringPoint, User
from meetings.preparation import open_questions
from tests import factories

pytestmark = pytest.mark.browser


@pytest.fixture
def prepared_group(group, secretary, adjuster, manager):
    """A group with one calendar point in March and adjusted February minutes that left a question open."""
    RecurringPoint.objects.create(group=group, month=3, kind=AgendaItem.Kind.INFORMATION,
                                  title="Tertial 3", presenter="HR-chef")
    february = factories.make_meeting(group=group, date=datetime.date(2026, 2, 16), protocol_number="2/2026")
    factories.make_item(february, title="Statistik per enhet", kind=AgendaItem.Kind.DIALOG,
                        body="Fackliga efterfrågar statistik per enhet.\n\n"
                             "HR-enheten tar med sig frågan och undersöker vart och om det är möjligt att redovisas.")
    february.status = Meeting.Status.ADJUSTED
    february.save()
    open_questions.detect_open_questions(february)  # as signing and the importer do for adjusted minutes
    return group


def test_prepare_a_meeting_from_the_calendar_and_follow_ups_and_send_the_agenda(
    page, login, axe_check, prepared_group, secretary, manager, mailoutbox
):
    follow_up = FollowUp.objects.get()
    assert follow_up.kind == FollowUp.Kind.OPEN_QUESTION and follow_up.who == "HR-enheten"

    login(page, secretary)
    # The follow-up list, then the group's page.
    page.get_by_role("link", name="Uppföljning", exact=True).click()
    expect(page.locator("h1")).to_have_text("Uppföljning")
    expect(page.locator(f"#follow-up-{follow_up.pk}")).to_contain_text("HR-enheten tar med sig frågan")
    axe_check(page, "follow-up list")
    page.get_by_role("link", name=str(prepared_group)).first.click()
    expect(page.locator("#calendar")).to_contain_text("Tertial 3")
    axe_check(page, "group page")

    # A new point in March, through htmx: the calendar is swapped in place.
    page.evaluate("window.__notReloaded = true")
    page.locator("#month-3").get_by_role("link", name="Lägg till en punkt i mars").click()
    form = page.locator("#point-form")
    expect(form).to_be_visible()
    form.locator("[name=kind]").select_option("dialog")
    form.locator("[name=title]").fill("Skyddsrond")
    form.locator("[name=presenter]").fill("Skyddsombud")
    form.get_by_role("button", name="Spara punkt").click()
    expect(page.locator("#month-3")).to_contain_text("Skyddsrond")
    assert page.evaluate("window.__notReloaded === true")
    assert RecurringPoint.objects.filter(month=3).count() == 2

    # A new draft in March gets the month's points.
    page.goto("/meetings/new/")
    page.locator("[name=date]").fill("2026-03-23")
    page.locator("[name=protocol_number]").fill("3/2026")
    page.get_by_role("button", name="Skapa utkast").click()
    expect(page.locator("#sections")).to_be_visible()
    meeting = Meeting.objects.get(protocol_number="3/2026")
    expect(page.locator("#section-information")).to_contain_text("Tertial 3")
    expect(page.locator("#section-dialog")).to_contain_text("Skyddsrond")

    # The open follow-up is offered and pulled into the draft.
    offered = page.locator("#follow-ups-offered")
    expect(offered).to_contain_text("HR-enheten tar med sig frågan")
    axe_check(page, "editor with offered follow-ups")
    offered.get_by_role("button", name="Ta upp i detta utkast").click()
    pulled = meeting.items.get(title="Statistik per enhet")
    expect(page.locator(f"#item-{pulled.pk}")).to_contain_text("Uppföljning från mötet den 16 februari 2026")
    expect(page.locator("#follow-ups-offered")).to_have_count(0)
    assert pulled.kind == AgendaItem.Kind.DIALOG and pulled.presenter == "HR-enheten"
    follow_up.refresh_from_db()
    assert follow_up.handled_in == meeting
    # The pulled text is not offered again as an open question of this meeting.
    expect(page.locator(f"#item-{pulled.pk}")).not_to_contain_text("Öppen fråga i texten")

    # A follow-up recorded on an item in the editor.
    card = page.locator(f"#item-{pulled.pk}")
    card.get_by_role("link", name="Lägg till uppföljning").click()
    card.locator("textarea[name=what]").fill("Redovisa statistiken per enhet")
    card.locator("input[type=text][name=who]").fill("HR-enheten")
    card.get_by_role("button", name="Spara uppföljning").click()
    expect(page.locator(f"#item-{pulled.pk} .item-follow-ups")).to_contain_text("Redovisa statistiken per enhet – HR-enheten")

    # The agenda: shown, then sent with its PDF to every member.
    page.get_by_role("link", name="Föredragningslista", exact=True).click()
    expect(page.locator("article.agenda")).to_contain_text("Tertial 3, HR-chef")
    expect(page.locator("article.agenda")).to_contain_text("Statistik per enhet, HR-enheten")
    axe_check(page, "agenda")
    page.get_by_role("link", name="Skicka föredragningslistan till medlemmarna").click()
    expect(page.locator("#recipients")).to_contain_text(manager.email)
    axe_check(page, "send agenda")
    page.get_by_role("button", name="Skicka föredragningslistan").click()
    expect(page.locator("main")).to_contain_text("Föredragningslistan har skickats till 3 medlemmar.")
    recipients = set(User.objects.filter(cooperation_groups=prepared_group).values_list("email", flat=True))
    assert {m.to[0] for m in mailoutbox} == recipients
    assert all(m.attachments[0][2] == "application/pdf" for m in mailoutbox)

    # Back on the group page the follow-up is closed and links to the new meeting.
    page.goto(f"/groups/{prepared_group.pk}/")
    closed = page.locator(f"#closed-follow-ups #follow-up-{follow_up.pk}")
    expect(closed).to_contain_text("Hanterad vid mötet 2026-03-23")
    closed.get_by_role("link", name="2026-03-23").click()
    expect(page).to_have_url(re.compile(rf"/meetings/{meeting.pk}/$"))
