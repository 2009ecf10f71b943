"""The meeting form proposes the chosen group's next number; long text is counted, never cut (issue 17, point 3)."""

import datetime

from playwright.sync_api import expect

from meetings.forms import LONG_TEXT_MAX
from meetings.models import AgendaItem, User
from tests import factories


def test_the_proposed_number_follows_the_group_and_a_typed_one_stays(page, login):
    year = datetime.date.today().year
    first = factories.make_group("FSG/VSG", "Socialförvaltningen")
    second = factories.make_group("FSG", "Kulturförvaltningen")
    secretary = factories.make_user(role=User.Role.SECRETARY, username="sekreterare", groups=[first, second])
    factories.make_meeting(group=first, protocol_number=f"4/{year}", date=datetime.date(year, 1, 10))
    factories.make_meeting(group=second, protocol_number=f"9/{year}", date=datetime.date(year, 1, 12))
    login(page, secretary)
    page.goto("/meetings/new/")
    number = page.locator("[name=protocol_number]")
    group = page.locator("[name=group]")
    start = number.input_value()
    assert start in (f"5/{year}", f"10/{year}")
    group.select_option(str(second.pk if start == f"5/{year}" else first.pk))
    expect(number).to_have_value(f"10/{year}" if start == f"5/{year}" else f"5/{year}")
    page.locator("[name=date]").fill(f"{year + 1}-01-15")
    page.locator("[name=date]").dispatch_event("change")
    expect(number).to_have_value(f"1/{year + 1}")
    number.fill("77/2026")
    group.select_option(str(first.pk))
    expect(number).to_have_value("77/2026")


def test_a_long_text_is_counted_and_refused_not_cut(page, login):
    group = factories.make_group()
    secretary = factories.make_user(role=User.Role.SECRETARY, username="sekreterare", groups=[group])
    meeting = factories.make_meeting(group=group, protocol_number="1/2026")
    item = factories.make_item(meeting, title="Lång text")
    login(page, secretary)
    page.goto(f"/items/{item.pk}/edit/")
    body = page.locator("[name=body]")
    too_long = "a" * (LONG_TEXT_MAX + 1)
    body.fill(too_long)
    assert body.evaluate("el => el.value.length") == LONG_TEXT_MAX + 1  # the browser did not cut it
    counter = page.locator("[name=body] + .char-counter")
    expect(counter).to_contain_text("100 001 av högst 100 000 tecken")
    expect(counter).to_have_class("form-text char-counter text-danger")
    expect(page.locator("main")).to_contain_text("Högst 100 000 tecken.")
    page.locator("main form").get_by_role("button", name="Spara").click()
    expect(page.locator("main")).to_contain_text("har som mest 100000 tecken (den har 100001)")
    assert body.evaluate("el => el.value.length") == LONG_TEXT_MAX + 1  # the text is kept whole
    assert AgendaItem.objects.get(pk=item.pk).body == ""
