"""Quick entry in a real browser (issue 17, point 2): paste a block into a section, preview, save."""

from playwright.sync_api import expect

from meetings.models import AgendaItem
from tests import factories
from tests.browser.editor import item_card, section_titles

BLOCK = """Ekonomisk uppföljning, Ekonomichef

Prognosen för helåret visar ett underskott på 3 miljoner kronor.

Arbetsmiljöronder, HR-strateg
Ronderna genomförs under våren på alla enheter.
"""


def test_paste_a_block_into_a_section_preview_and_save(page, login, axe_check):
    group = factories.make_group()
    secretary = factories.make_user(role="secretary", username="sekreterare", groups=[group])
    meeting = factories.make_meeting(group=group, protocol_number="2/2026")
    login(page, secretary)
    page.goto(meeting.get_absolute_url())
    page.get_by_role("link", name="Klistra in punkter under Dialog").click()
    expect(page.locator("h1")).to_have_text("Klistra in punkter")
    text = page.get_by_label("Punkternas text")
    expect(text).to_be_focused()
    text.fill(BLOCK)
    page.get_by_role("button", name="Förhandsgranska", exact=True).click()
    preview = page.locator("#paste-preview")
    expect(preview.locator("h2")).to_have_text("2 punkter under Dialog")
    expect(preview.locator(".paste-item h3")).to_have_text(["Ekonomisk uppföljning, Ekonomichef", "Arbetsmiljöronder, HR-strateg"])
    axe_check(page, "paste preview")
    assert not AgendaItem.objects.filter(meeting=meeting, title="Arbetsmiljöronder").exists()
    page.get_by_role("button", name="Spara som punkter").click()
    expect(page.locator("#sections")).to_be_visible()
    assert section_titles(page, "dialog") == ["Ekonomisk uppföljning", "Arbetsmiljöronder"]
    expect(item_card(page, "Ekonomisk uppföljning")).to_contain_text("underskott på 3 miljoner")


def test_ctrl_enter_saves_an_item(page, login):
    group = factories.make_group()
    secretary = factories.make_user(role="secretary", username="sekreterare", groups=[group])
    meeting = factories.make_meeting(group=group, protocol_number="2/2026")
    item = factories.make_item(meeting, title="Lokaler", body="Gammal text.")
    login(page, secretary)
    page.goto(meeting.get_absolute_url())
    item_card(page, "Lokaler").get_by_role("link", name="Redigera").click()
    body = page.locator(f"#item-{item.pk} [name=body]")
    body.fill("Ny text om lokalerna.")
    body.press("Control+Enter")
    expect(item_card(page, "Lokaler")).to_contain_text("Ny text om lokalerna.")
    item.refresh_from_db()
    assert item.body == "Ny text om lokalerna."
