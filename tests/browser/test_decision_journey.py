"""Drafting faster than Word (issue 17): a Beslut item with its decision, four positions and
one union input in at most 8 clicks, and the same fully by keyboard.

Clicks are counted honestly: every click on a link, button or field counts, and typing
into a field counts a click unless the field already has the focus (autofocus).
"""

import pytest
from playwright.sync_api import expect

from meetings.models import AgendaItem, Decision, Position, UnionInput
from tests import factories
from tests.browser.editor import item_card

CLICK_BUDGET = 8


class Clicks:
    def __init__(self, page):
        self.page = page
        self.count = 0

    def click(self, locator):
        self.count += 1
        locator.click()

    def type_into(self, locator, text):
        if not locator.evaluate("el => el === document.activeElement"):
            self.click(locator)
        self.page.keyboard.type(text)


@pytest.fixture
def draft(db):
    group = factories.make_group()
    secretary = factories.make_user(role="secretary", username="sekreterare", groups=[group])
    for name, short, kind in [
        ("Akademikerförbundet SSR", "SSR", "union"), ("Kommunal", "", "union"),
        ("Vision", "", "union"), ("Arbetsgivaren", "", "employer"),
    ]:
        factories.make_party(name, short_name=short, kind=kind)
    meeting = factories.make_meeting(group=group, protocol_number="3/2026")
    return secretary, meeting


def assert_saved(meeting, title, text, union_text):
    item = AgendaItem.objects.get(meeting=meeting, title=title)
    decision = Decision.objects.get(item=item)
    assert decision.text == text
    assert decision.outcome == Decision.Outcome.AGREED
    assert sorted(decision.positions.values_list("stand", flat=True)) == [Position.Stand.AGREE] * 4
    union_input = UnionInput.objects.get(item=item)
    assert (union_input.party.name, union_input.text) == ("Vision", union_text)


def test_decision_in_one_step_within_the_click_budget(page, login, draft):
    secretary, meeting = draft
    login(page, secretary)
    page.goto(meeting.get_absolute_url())
    clicks = Clicks(page)

    clicks.click(page.locator("#new-item-decision").get_by_role("link", name="Lägg till punkt under Beslut"))
    title = page.locator("#new-item-decision [name=title]")
    expect(title).to_be_focused()
    clicks.type_into(title, "Ny organisation för Vuxen")
    page.keyboard.press("Control+Enter")
    card = item_card(page, "Ny organisation för Vuxen")
    expect(card).to_be_visible()

    clicks.click(card.get_by_role("link", name="Lägg till beslut"))
    form = card.locator("form.decision-form")
    clicks.type_into(form.locator("[name=text]"), "Samverkansgruppen ställer sig bakom förslaget.")
    clicks.click(form.get_by_role("button", name="Alla eniga"))
    for party in ("Akademikerförbundet SSR", "Kommunal", "Vision", "Arbetsgivaren"):
        expect(form.get_by_role("group", name=f"Ställningstagande från {party}").get_by_label("Eniga", exact=True)).to_be_checked()
    clicks.type_into(form.get_by_label("Fackligt inspel från Vision"), "Vision välkomnar förslaget.")
    clicks.click(form.get_by_role("button", name="Spara beslut"))

    decision = item_card(page, "Ny organisation för Vuxen").locator(".decision")
    expect(decision).to_contain_text("Parterna är eniga")
    expect(item_card(page, "Ny organisation för Vuxen").locator(".union-input")).to_contain_text("Vision välkomnar")
    print(f"\nClicks for one Beslut item with decision, four positions and one union input: {clicks.count}")
    assert clicks.count <= CLICK_BUDGET
    assert_saved(meeting, "Ny organisation för Vuxen", "Samverkansgruppen ställer sig bakom förslaget.",
                 "Vision välkomnar förslaget.")


def tab_to(page, locator, limit=300):
    """Press Tab until `locator` has the focus (as a keyboard user would)."""
    for _ in range(limit):
        if locator.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{locator} was not reached by Tab")


def test_decision_in_one_step_by_keyboard_only(page, login, draft):
    secretary, meeting = draft
    login(page, secretary)
    page.goto(meeting.get_absolute_url())
    keyboard = page.keyboard

    tab_to(page, page.locator("#new-item-decision").get_by_role("link", name="Lägg till punkt under Beslut"))
    keyboard.press("Enter")
    expect(page.locator("#new-item-decision [name=title]")).to_be_focused()
    keyboard.type("Budget 2027")
    keyboard.press("Control+Enter")
    card = item_card(page, "Budget 2027")
    expect(card).to_be_visible()

    tab_to(page, card.get_by_role("link", name="Lägg till beslut"))
    keyboard.press("Enter")
    form = card.locator("form.decision-form")
    expect(form.locator("[name=text]")).to_be_focused()
    keyboard.type("Arbetsgivaren fastställer budgeten.")
    # Each party's position is a radio group: Tab into it, an arrow moves from "Ej angivet" to "Eniga".
    for party in ("Arbetsgivaren", "Akademikerförbundet SSR", "Kommunal", "Vision"):
        group = form.get_by_role("group", name=f"Ställningstagande från {party}")
        tab_to(page, group.get_by_label("Ej angivet", exact=True))
        keyboard.press("ArrowRight")
        expect(group.get_by_label("Eniga", exact=True)).to_be_checked()
    tab_to(page, form.get_by_label("Fackligt inspel från Vision"))
    keyboard.type("Vision vill se en uppföljning.")
    keyboard.press("Control+Enter")

    expect(item_card(page, "Budget 2027").locator(".decision")).to_contain_text("Parterna är eniga")
    assert_saved(meeting, "Budget 2027", "Arbetsgivaren fastställer budgeten.", "Vision vill se en uppföljning.")


def test_a_contradiction_is_refused_in_swedish(page, login, draft):
    secretary, meeting = draft
    item = factories.make_item(meeting, kind="decision", title="Delegationsordning")
    login(page, secretary)
    page.goto(meeting.get_absolute_url())
    card = item_card(page, "Delegationsordning")
    card.get_by_role("link", name="Lägg till beslut").click()
    form = card.locator("form.decision-form")
    form.locator("[name=text]").fill("Beslut enligt förslaget.")
    form.get_by_role("button", name="Alla eniga").click()
    form.get_by_role("group", name="Ställningstagande från Vision").get_by_label("Oeniga", exact=True).check()
    form.locator("[name=outcome]").select_option(label="Parterna är eniga")
    form.get_by_role("button", name="Spara beslut").click()
    expect(card.locator(".decision-form")).to_contain_text("motsäger ställningstagandena")
    assert not Decision.objects.filter(item=item).exists()
