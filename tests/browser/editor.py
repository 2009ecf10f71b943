"""What a secretary does on the draft editor, as small functions over a Playwright page.

Every function works through the visible UI (links, buttons, labelled fields) and
waits for the htmx swap it causes, so tests read as the journey they drive.
"""

import re

from playwright.sync_api import expect

from meetings.text import paragraphs

NO_RELOAD = "window.__samverkanNoReload"


def mark_page(page):
    """Set a marker on `window`: it survives htmx swaps and disappears on a full page load."""
    page.evaluate(f"{NO_RELOAD} = true")


def assert_not_reloaded(page):
    assert page.evaluate(f"{NO_RELOAD} === true"), "the page was reloaded; htmx should have swapped a fragment"


def wait_for_autofocus(region):
    """Wait until htmx has moved the focus to the swapped-in `autofocus` element.

    htmx focuses it only once the swap has settled; a field filled before that would
    have its text typed wherever the focus then lands (a new item's title, say).
    """
    expect(region.locator("[autofocus]").first).to_be_focused()


def title_pattern(title):
    """Matches an item heading "Title" or "Title, presenter", and no other title containing it."""
    return re.compile(r"^\s*" + re.escape(title) + r"\s*(,|$)")


def item_card(page, title):
    """The editor's card of the item with this title (titles are unique in the tests)."""
    return page.locator("#sections article.item-card").filter(
        has=page.locator("h3.card-title", has_text=title_pattern(title))
    )


def section_titles(page, kind):
    """The item titles of one editor section, in order (without the presenter)."""
    return page.locator(f"#section-{kind} article.item-card h3.card-title").evaluate_all(
        "els => els.map(h => h.firstChild.textContent.trim())"
    )


def add_item(page, kind, title, body="", presenter=""):
    """Open "Lägg till punkt under …" in section `kind`, fill the form in place and save it."""
    slot = page.locator(f"#new-item-{kind}")
    slot.get_by_role("link", name="Lägg till punkt under").click()
    form = slot.locator("form")
    expect(form).to_be_visible()
    wait_for_autofocus(slot)
    form.locator("[name=title]").fill(title)
    if presenter:
        form.locator("[name=presenter]").fill(presenter)
    if body:
        form.locator("[name=body]").fill(body)
    form.get_by_role("button", name="Spara").click()
    expect(page.locator(f"#section-{kind}").locator("h3.card-title", has_text=title_pattern(title))).to_be_visible()
    expect(slot.locator("form")).to_have_count(0)


def edit_item(page, title, *, new_title=None, body=None, presenter=None, kind=None):
    """Open "Redigera" on the item, change what is given, save, and wait for the sections."""
    card = item_card(page, title)
    card.get_by_role("link", name="Redigera").click()
    form = page.locator("#sections form", has=page.locator("[name=body]")).first
    expect(form).to_be_visible()
    wait_for_autofocus(page.locator("#sections"))
    if new_title is not None:
        form.locator("[name=title]").fill(new_title)
    if presenter is not None:
        form.locator("[name=presenter]").fill(presenter)
    if body is not None:
        form.locator("[name=body]").fill(body)
    if kind is not None:
        form.locator("[name=kind]").select_option(kind)
    form.get_by_role("button", name="Spara").click()
    expect(form).to_have_count(0)
    expect(item_card(page, new_title or title)).to_be_visible()


def move_item(page, title, direction):
    """Click ↑ or ↓ on the item and wait until the sections were swapped in."""
    card = item_card(page, title)
    before = page.locator("#sections").evaluate("el => { el.dataset.swapped = 'no'; return true; }")
    assert before
    card.locator(f"form:has(input[name=direction][value={direction}]) button").click()
    expect(page.locator("#sections[data-swapped=no]")).to_have_count(0)


def delete_item(page, title):
    item_card(page, title).get_by_role("button", name="Ta bort").click()
    expect(item_card(page, title)).to_have_count(0)


def add_union_input(page, title, text, party_label=None):
    card = item_card(page, title)
    card.get_by_role("link", name="Lägg till fackligt inspel").click()
    form = card.locator("form", has=page.locator("[name=text]"))
    expect(form).to_be_visible()
    wait_for_autofocus(card)
    if party_label:
        form.locator("[name=party]").select_option(label=party_label)
    form.locator("[name=text]").fill(text)
    form.get_by_role("button", name="Spara fackligt inspel").click()
    expect(item_card(page, title).locator(".union-input", has_text=text[:40])).to_be_visible()


def set_decision(page, title, text, outcome_label, positions=()):
    """Fill the decision of a Beslut item; `positions` is [(party name, stand label, text)]."""
    card = item_card(page, title)
    card.get_by_role("link", name="beslut").click()
    form = card.locator("form", has=page.locator("[name=outcome]"))
    expect(form).to_be_visible()
    wait_for_autofocus(card)
    form.locator("[name=text]").fill(text)
    if outcome_label:
        form.locator("[name=outcome]").select_option(label=outcome_label)
    for party, stand, comment in positions:
        form.get_by_role("group", name=f"Ställningstagande från {party}").get_by_label(stand, exact=True).check()
        if comment:
            form.get_by_label(f"Kommentar eller yrkande från {party}").fill(comment)
    form.get_by_role("button", name="Spara beslut").click()
    expect(item_card(page, title).locator(".decision", has_text=text[:40])).to_be_visible()


def add_adjuster(page, meeting_url, name, party, username=None):
    """Through "Lägg till justerare": a full page form, back to the editor.

    The adjuster is a person's account (its option reads "name, party (username)"):
    the name and party printed come from it.
    """
    page.goto(meeting_url)
    page.get_by_role("link", name="Lägg till justerare").click()
    option = page.locator("[name=user] option", has_text=f"{name}, {party}").first.get_attribute("value")
    page.locator("[name=user]").select_option(option)
    page.locator("main form").get_by_role("button", name="Spara").click()
    expect(page.locator("#adjusters td", has_text=name)).to_be_visible()


def preview_structure(page):
    """The preview as [(section heading, [(item title, [paragraph texts])])] read from the page.

    Paragraph texts are those of the item's own text (paragraphs, sub-headings and
    bullets), not of its union inputs or decision.
    """
    return page.locator("article.minutes > section").evaluate_all(
        """sections => sections.map(section => [
            section.querySelector("h2").textContent.trim(),
            Array.from(section.querySelectorAll(".minutes-item")).map(item => [
                item.querySelector("h3").textContent.trim(),
                Array.from(item.children)
                    .filter(el => el.matches("p, h4, ul"))
                    .flatMap(el => el.matches("ul") ? Array.from(el.children) : [el])
                    .map(el => el.innerText.replace(/\\s+/g, " ").trim()),
            ]),
        ])"""
    )


def expected_paragraphs(body):
    """What the preview must show for a typed text (meetings.text.paragraphs)."""
    return [" ".join(p.split()) for p in paragraphs(body)]
