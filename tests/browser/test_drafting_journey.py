"""The secretary drafts minutes in a real browser (issue 2, point 7 and "Done when").

Every page visited is checked with axe-core for WCAG 2.1 AA (issue 7, point 7).
"""

import datetime
import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfWriter

from meetings.models import AgendaItem, Meeting
from tests import factories
from tests.browser import corpus_2019_03_25 as corpus
from tests.browser.editor import (
    add_adjuster,
    add_item,
    add_union_input,
    assert_not_reloaded,
    delete_item,
    edit_item,
    expected_paragraphs,
    item_card,
    mark_page,
    move_item,
    preview_structure,
    section_titles,
    set_decision,
)

SECTION_LABELS = {"information": "Information", "dialog": "Dialog", "decision": "Beslut", "other": "Övrigt"}


def small_pdf():
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def create_meeting(page, axe_check, *, date, protocol_number="", copy_previous=True, place="", chair=""):
    page.goto("/")
    page.get_by_role("link", name="Nya minnesanteckningar").click()
    expect(page.locator("h1")).to_have_text("Nya minnesanteckningar")
    axe_check(page, "create meeting")
    page.locator("[name=date]").fill(date)
    page.locator("[name=protocol_number]").fill(protocol_number)
    if place:
        page.locator("[name=place]").fill(place)
    if chair:
        page.locator("[name=chair]").fill(chair)
    checkbox = page.locator("[name=copy_previous]")
    if checkbox.is_checked() != copy_previous:
        checkbox.click()
    page.get_by_role("button", name="Skapa utkast").click()
    expect(page.locator("#sections")).to_be_visible()
    return Meeting.objects.order_by("-id").first()


def test_done_when_the_whole_2019_03_25_minutes_are_entered_and_previewed(
    page, login, axe_check, secretary, ssr, kommunal, employer
):
    """A secretary types all of fsg-vsg-2019-03-25.txt; the preview shows every paragraph in order."""
    login(page, secretary)
    axe_check(page, "home")
    meeting = create_meeting(page, axe_check, date=corpus.DATE, protocol_number=corpus.PROTOCOL_NUMBER)
    # A new group's first meeting opens with the standing items.
    assert section_titles(page, "information") == ["Val av justerare", "Föregående mötesanteckningar"]
    axe_check(page, "editor, new draft")

    # The corpus lists no "Val av justerare"; "Föregående mötesanteckningar" gets its text.
    mark_page(page)
    delete_item(page, "Val av justerare")
    first_kind, first_title, first_paragraphs = corpus.ITEMS[0]
    assert first_title == "Föregående mötesanteckningar"
    edit_item(page, first_title, body=corpus.body(first_paragraphs))
    for kind, title, paragraphs in corpus.ITEMS[1:]:
        add_item(page, kind, title, body=corpus.body(paragraphs))
    assert_not_reloaded(page)
    for kind in ("information", "dialog"):
        assert section_titles(page, kind) == [t for k, t, _ in corpus.ITEMS if k == kind]
    assert section_titles(page, "decision") == []
    axe_check(page, "editor, all items")

    # Meeting details: registry number, document date, closing text.
    page.get_by_role("link", name="Redigera mötesuppgifter").click()
    axe_check(page, "meeting details")
    page.locator("[name=dnr]").fill(corpus.DNR)
    page.locator("[name=document_date]").fill(corpus.DOCUMENT_DATE)
    page.locator("[name=closing_text]").fill(corpus.CLOSING_TEXT)
    page.locator("main form").get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Mötesuppgifterna har sparats.")).to_be_visible()

    # An adjuster is a person's account with its party (issue 15).
    parties = {p.name: p for p in (ssr, kommunal, employer)}
    for name, party in corpus.ADJUSTERS:
        first_name, _, last_name = name.partition(" ")
        factories.make_user(role="adjuster", party=parties[party], first_name=first_name, last_name=last_name)
    for name, party in corpus.ADJUSTERS:
        add_adjuster(page, meeting.get_absolute_url(), name, party)
    axe_check(page, "editor with adjusters")

    page.get_by_role("link", name="Förhandsgranska").click()
    axe_check(page, "preview")
    minutes = page.locator("article.minutes")
    expect(minutes.locator("h1")).to_have_text(corpus.HEADING)
    expect(minutes.get_by_text(corpus.APPENDIX_LABEL)).to_be_visible()
    expect(minutes.get_by_text(f"DNR:{corpus.DNR}")).to_be_visible()

    shown = preview_structure(page)
    expected = [
        (f"{label}:", [(title, expected_paragraphs(corpus.body(paragraphs)))
                       for kind, title, paragraphs in corpus.ITEMS if kind == section])
        for section, label in SECTION_LABELS.items()
        if section != "other"
    ]
    assert [(heading, [tuple(item) for item in items]) for heading, items in shown] == expected
    # Every paragraph typed is shown whole, exactly as typed (the data joins no lines wrongly).
    for kind, title, paragraphs in corpus.ITEMS:
        assert expected_paragraphs(corpus.body(paragraphs)) == paragraphs
    assert sum(len(items) for _, items in shown) == len(corpus.ITEMS)

    closing = minutes.locator("p", has_text=corpus.CLOSING_TEXT)
    expect(closing).to_have_count(1)
    adjusters = minutes.locator("h2:has-text('Justerare') + ul li").all_inner_texts()
    assert adjusters == [f"{name}, {party}" for name, party in corpus.ADJUSTERS]
    # The closing text comes after the last item and before the adjusters.
    order = minutes.evaluate(
        """(el, closing) => {
            const all = Array.from(el.querySelectorAll("*"));
            const last = all.filter(e => e.matches(".minutes-item")).pop();
            const close = all.find(e => e.matches("p") && e.textContent.includes(closing));
            const adj = all.find(e => e.matches("h2") && e.textContent.startsWith("Justerare"));
            return [all.indexOf(last), all.indexOf(close), all.indexOf(adj)];
        }""",
        corpus.CLOSING_TEXT,
    )
    assert order[0] < order[1] < order[2], order

    # And it is all in the database as typed.
    stored = [(i.kind, i.title, i.body.replace("\r\n", "\n")) for i in AgendaItem.objects.filter(meeting=meeting).order_by("position")]
    assert stored == [(k, t, corpus.body(p)) for k, t, p in corpus.ITEMS]


def test_secretary_drafts_minutes_without_page_reloads(
    page, login, axe_check, group, secretary, ssr, kommunal, employer, adjuster
):
    """Create from the previous meeting, add/edit/move/delete items, inputs, decision, adjusters, attachment."""
    previous = factories.make_meeting(
        group=group, date=datetime.date(2020, 10, 12), protocol_number="10/2020",
        place="Stadshuset, sal 3", chair="Socialdirektör",
    )
    factories.make_item(previous, title="Val av justerare")
    factories.make_item(previous, title="Ekonomisk uppföljning", presenter="Controller", body="Gammal text.")
    factories.make_item(previous, kind=AgendaItem.Kind.DIALOG, title="Arbetsmiljö", presenter="HR-chef")

    login(page, secretary)
    meeting = create_meeting(page, axe_check, date="2020-11-16", protocol_number="11/2020")
    # The agenda of the previous meeting is copied: titles, sections, presenters, not the texts.
    assert section_titles(page, "information") == ["Val av justerare", "Ekonomisk uppföljning"]
    assert section_titles(page, "dialog") == ["Arbetsmiljö"]
    expect(item_card(page, "Ekonomisk uppföljning")).to_contain_text("Controller")
    expect(item_card(page, "Ekonomisk uppföljning")).not_to_contain_text("Gammal text.")
    meeting.refresh_from_db()
    assert meeting.place == "Stadshuset, sal 3"

    mark_page(page)
    # Add an item in each section.
    add_item(page, "information", "Nytt inom arbetsmiljö", presenter="HR-chef",
             body="Första stycket.\n\n## BUF\n- Löneöversynen\n  Staden avser att följa upp.\n\nSista stycket.")
    axe_check(page, "editor with an item added")
    add_item(page, "dialog", "Budget 2021", body="Förvaltningen presenterar budgeten.")
    add_item(page, "decision", "Ny organisation för Vuxen", presenter="VC Vuxen", body="Förslag till beslut.")
    add_item(page, "other", "Övriga frågor", body="Inga övriga frågor.")
    # The add form, open, is checked too.
    page.locator("#new-item-other").get_by_role("link", name="Lägg till punkt under").click()
    expect(page.locator("#new-item-other form")).to_be_visible()
    axe_check(page, "editor, add item form open")
    page.locator("#new-item-other form").get_by_role("link", name="Avbryt").click()
    expect(page.locator("#new-item-other form")).to_have_count(0)
    expect(page.locator("#new-item-other").get_by_role("link", name="Lägg till punkt under")).to_be_visible()
    assert_not_reloaded(page)

    # The text keeps its structure on the page.
    card = item_card(page, "Nytt inom arbetsmiljö")
    expect(card.locator("h4.area-heading")).to_have_text("BUF")
    assert card.locator("li").inner_text().split("\n") == ["Löneöversynen", "Staden avser att följa upp."]

    # Edit, in place.
    card.get_by_role("link", name="Redigera").click()
    expect(page.locator("#sections form [name=body]")).to_be_visible()
    axe_check(page, "editor, edit item form open")
    page.locator("#sections form [name=title]").fill("Nytt inom arbetsmiljön")
    page.locator("#sections form").get_by_role("button", name="Spara").click()
    expect(item_card(page, "Nytt inom arbetsmiljön")).to_be_visible()
    assert_not_reloaded(page)

    # Move within a section, and across sections at the edges.
    move_item(page, "Nytt inom arbetsmiljön", "up")
    assert section_titles(page, "information") == ["Val av justerare", "Nytt inom arbetsmiljön", "Ekonomisk uppföljning"]
    move_item(page, "Ekonomisk uppföljning", "down")  # last of Information → first of Dialog
    assert section_titles(page, "information") == ["Val av justerare", "Nytt inom arbetsmiljön"]
    assert section_titles(page, "dialog") == ["Ekonomisk uppföljning", "Arbetsmiljö", "Budget 2021"]
    move_item(page, "Ekonomisk uppföljning", "up")  # and back
    assert section_titles(page, "information") == ["Val av justerare", "Nytt inom arbetsmiljön", "Ekonomisk uppföljning"]
    move_item(page, "Övriga frågor", "up")  # first of Övrigt → last of Beslut
    assert section_titles(page, "decision") == ["Ny organisation för Vuxen", "Övriga frågor"]
    assert section_titles(page, "other") == []
    move_item(page, "Övriga frågor", "down")
    assert section_titles(page, "other") == ["Övriga frågor"]
    assert_not_reloaded(page)
    positions = list(AgendaItem.objects.filter(meeting=meeting).values_list("title", "kind"))
    assert positions[:3] == [("Val av justerare", "information"), ("Nytt inom arbetsmiljön", "information"),
                             ("Ekonomisk uppföljning", "information")]

    # Delete.
    delete_item(page, "Budget 2021")
    assert section_titles(page, "dialog") == ["Arbetsmiljö"]
    assert not AgendaItem.objects.filter(meeting=meeting, title="Budget 2021").exists()

    # Union inputs: jointly, and from one union.
    add_union_input(page, "Arbetsmiljö", "De fackliga efterfrågar en uppföljning i maj.")
    add_union_input(page, "Arbetsmiljö", "Kommunal vill se riskbedömningen.", party_label="Kommunal")
    card = item_card(page, "Arbetsmiljö")
    expect(card.locator(".union-input h5").first).to_have_text(
        re.compile(r"^Fackligt inspel( – Fackliga organisationer gemensamt)?$")
    )
    expect(card.locator(".union-input h5").nth(1)).to_have_text("Fackligt inspel – Kommunal")

    # A decision with each party's position.
    card = item_card(page, "Ny organisation för Vuxen")
    card.get_by_role("link", name="Lägg till beslut").click()
    expect(card.locator("form [name=outcome]")).to_be_visible()
    axe_check(page, "editor, decision form open")
    card.get_by_role("link", name="Avbryt").click()
    expect(item_card(page, "Ny organisation för Vuxen").locator("form [name=outcome]")).to_have_count(0)
    assert_not_reloaded(page)
    set_decision(
        page, "Ny organisation för Vuxen", "Samverkansgruppen ställer sig bakom förslaget.", "Oenighet noterad",
        positions=[
            ("Akademikerförbundet SSR", "Eniga", ""),
            ("Kommunal", "Yrkande", "Kommunal yrkar att beslutet skjuts upp."),
            ("Arbetsgivaren", "Eniga", ""),
        ],
    )
    decision = item_card(page, "Ny organisation för Vuxen").locator(".decision")
    expect(decision).to_contain_text("Oenighet noterad")
    expect(decision.locator("li")).to_have_text([
        "Arbetsgivaren: Eniga",
        "Akademikerförbundet SSR: Eniga",
        "Kommunal: Yrkande – Kommunal yrkar att beslutet skjuts upp.",
    ])
    assert_not_reloaded(page)

    # Adjusters and an attachment: plain pages.
    add_adjuster(page, meeting.get_absolute_url(), "Cecilia Cederström", "Akademikerförbundet SSR")
    axe_check(page, "editor with adjuster")
    page.get_by_role("link", name="Lägg till justerare").click()
    axe_check(page, "add adjuster form")
    page.locator("[name=user]").select_option(label=f"Cecilia Cederström, Akademikerförbundet SSR ({adjuster.username})")
    page.locator("[name=party]").select_option(label="Kommunal")  # not the account's party
    page.locator("main form").get_by_role("button", name="Spara").click()
    expect(page.locator("main form")).to_contain_text("Partiet stämmer inte med kontot")
    expect(page.locator("main form")).to_contain_text("Det här kontot justerar redan")
    axe_check(page, "add adjuster form with errors")

    page.goto(meeting.get_absolute_url())
    page.get_by_role("link", name="Ladda upp bilaga").click()
    axe_check(page, "upload attachment form")
    page.locator("[name=title]").fill("Organisationsskiss")
    page.locator("[name=file]").set_input_files(
        files=[{"name": "skiss.pdf", "mimeType": "application/pdf", "buffer": small_pdf()}]
    )
    page.locator("[name=item]").select_option(label="Ny organisation för Vuxen")
    page.locator("main form").get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Bilagan ”Organisationsskiss” har laddats upp.")).to_be_visible()
    expect(page.locator("#attachments").get_by_role("link", name="Organisationsskiss")).to_be_visible()

    # The preview reads like the minutes.
    page.get_by_role("link", name="Förhandsgranska").click()
    axe_check(page, "preview")
    minutes = page.locator("article.minutes")
    expect(minutes.locator("h1")).to_have_text(
        "Minnesanteckningar från samverkansgrupp FSG/VSG – Socialförvaltningen den 16 november 2020"
    )
    expect(minutes.get_by_text("Bilaga till protokoll 11/2020")).to_be_visible()
    shown = preview_structure(page)
    assert [heading for heading, _ in shown] == ["Information:", "Dialog:", "Beslut:", "Övrigt:"]
    assert [[title for title, _ in items] for _, items in shown] == [
        ["Val av justerare", "Nytt inom arbetsmiljön, HR-chef", "Ekonomisk uppföljning, Controller"],
        ["Arbetsmiljö, HR-chef"],
        ["Ny organisation för Vuxen, VC Vuxen"],
        ["Övriga frågor"],
    ]
    assert shown[0][1][1][1] == ["Första stycket.", "BUF", "Löneöversynen Staden avser att följa upp.", "Sista stycket."]
    expect(minutes.locator(".union-input")).to_have_count(2)
    expect(minutes.get_by_role("link", name="Organisationsskiss")).to_have_count(2)

    # The rest of the secretary's pages.
    for name in ("Kontrollera justeringar", "Historik"):
        page.goto(meeting.get_absolute_url())
        page.get_by_role("link", name=name).click()
        axe_check(page, name)


def test_second_save_of_the_same_item_gets_the_conflict_message_and_keeps_its_text(
    new_page, login, axe_check, secretary, meeting, item
):
    """Optimistic locking, in two browser windows of two sessions."""
    first, second = new_page(), new_page()
    login(first, secretary)
    login(second, secretary)
    for page in (first, second):
        page.goto(meeting.get_absolute_url())
        item_card(page, item.title).get_by_role("link", name="Redigera").click()
        expect(page.locator("#sections form [name=body]")).to_be_visible()

    first.locator("#sections form [name=body]").fill("Den första sekreterarens text.")
    first.locator("#sections form").get_by_role("button", name="Spara").click()
    expect(item_card(first, item.title)).to_contain_text("Den första sekreterarens text.")

    mine = "Den andra sekreterarens text,\nsom inte får försvinna."
    second.locator("#sections form [name=body]").fill(mine)
    second.locator("#sections form").get_by_role("button", name="Spara").click()
    alert = second.locator("#sections .alert-danger, #sections [role=alert]").filter(
        has_text="Någon annan sparade punkten medan du redigerade den."
    )
    expect(alert.first).to_be_visible()
    expect(second.locator("#sections form [name=body]")).to_have_value(mine)
    expect(second.locator(".conflict-current")).to_have_text("Den första sekreterarens text.")
    axe_check(second, "edit conflict")

    item.refresh_from_db()
    assert item.body == "Den första sekreterarens text."
    # Saving again, after merging, wins.
    second.locator("#sections form [name=body]").fill("Sammanfogad text.")
    second.locator("#sections form").get_by_role("button", name="Spara").click()
    expect(item_card(second, item.title)).to_contain_text("Sammanfogad text.")
    item.refresh_from_db()
    assert item.body == "Sammanfogad text."


def tab_to(page, selector, limit=120):
    """Press Tab until the element matching `selector` has the focus (keyboard only); returns the presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return presses
    pytest.fail(f"{selector} cannot be reached with Tab")


def test_an_item_can_be_added_with_the_keyboard_alone(page, login, axe_check, secretary, meeting):
    """Log in, open the add form, fill and save it using only Tab, typing, Space and Enter."""
    page.goto("/login/")
    tab_to(page, "#id_username")
    page.keyboard.type(secretary.username)
    page.keyboard.press("Tab")
    page.keyboard.type(factories.PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Nya minnesanteckningar")).to_be_visible()

    page.goto(meeting.get_absolute_url())
    mark_page(page)
    tab_to(page, "#new-item-dialog a")
    page.keyboard.press("Enter")
    expect(page.locator("#new-item-dialog form")).to_be_visible()
    # The focus moves to the form that opened in place: into its title (issue 17), not back to the top.
    expect(page.locator("#new-item-dialog [name=title]")).to_be_focused()
    # htmx settles the swap a moment after it (and may set the focus again then):
    # type only once it has, as a person would.
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")
    expect(page.locator("#new-item-dialog [name=title]")).to_be_focused()
    page.keyboard.type("Tangentbordspunkt")
    page.keyboard.press("Tab")
    page.keyboard.type("Ordförande")
    page.keyboard.press("Tab")
    page.keyboard.type("Skrivet utan mus.")
    page.keyboard.press("Enter")
    page.keyboard.type("Andra stycket.")
    tab_to(page, "#new-item-dialog button[type=submit]")
    page.keyboard.press("Space")
    expect(item_card(page, "Tangentbordspunkt")).to_be_visible()
    assert_not_reloaded(page)
    item = AgendaItem.objects.get(meeting=meeting, title="Tangentbordspunkt")
    assert (item.kind, item.presenter, item.body.replace("\r\n", "\n")) == ("dialog", "Ordförande", "Skrivet utan mus.\nAndra stycket.")
    # The focus is not lost in the void after the swap: the page can still be tabbed through.
    tab_to(page, f"#item-{item.pk} a")
