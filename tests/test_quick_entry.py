"""Quick entry (issue 17, point 2): a pasted block becomes items of one section, after a preview."""

import hashlib

import pytest
from django.urls import reverse

from meetings import quick_entry
from meetings.models import AgendaItem, Decision

BLOCK = """Ekonomisk uppföljning, Ekonomichef

Prognosen för helåret visar ett underskott på 3 miljoner kronor.

Åtgärder tas fram till nästa möte.

Arbetsmiljöronder, HR-strateg
Ronderna genomförs under våren på alla enheter.

Rekrytering av enhetschefer
Två tjänster är utlysta.
- Enhetschef BUF
- Enhetschef Vuxen
"""


def test_a_block_is_read_into_items_with_titles_presenters_and_paragraphs(db):
    items = quick_entry.read_block(BLOCK, AgendaItem.Kind.INFORMATION)
    assert [(i.title, i.presenter) for i in items] == [
        ("Ekonomisk uppföljning", "Ekonomichef"), ("Arbetsmiljöronder", "HR-strateg"),
        ("Rekrytering av enhetschefer", ""),
    ]
    assert items[0].body == (
        "Prognosen för helåret visar ett underskott på 3 miljoner kronor.\n\nÅtgärder tas fram till nästa möte."
    )
    assert items[2].body == "Två tjänster är utlysta.\n\n- Enhetschef BUF\n- Enhetschef Vuxen"


def test_a_decision_block_keeps_the_outcome_and_positions(db, ssr, kommunal, employer):
    block = (
        "Ny delegationsordning, Förvaltningschef\n"
        "Förslaget presenteras.\n\n"
        "Arbetsgivaren beslutar enligt förslaget. Parterna är eniga i beslutet.\n"
    )
    (item,) = quick_entry.read_block(block, AgendaItem.Kind.DECISION)
    assert item.title == "Ny delegationsordning" and item.decision is not None
    assert item.decision["outcome"] == Decision.Outcome.AGREED


@pytest.mark.parametrize("text, message", [
    ("", "Klistra in texten till en eller flera punkter."),
    ("   \n  ", "Klistra in texten till en eller flera punkter."),
    ("x" * 400, "Ingen punkt hittades i texten."),
    ("bara en mening utan rubrik.", "Ingen punkt hittades i texten."),
    ("Lång rubrik " * 40 + "\n\nText.", "Ingen punkt hittades i texten."),  # too long to be a title line
])
def test_bad_blocks_are_refused_with_a_message(db, text, message):
    with pytest.raises(quick_entry.QuickEntryError) as error:
        quick_entry.read_block(text, AgendaItem.Kind.INFORMATION)
    assert message in str(error.value)


def test_preview_then_save(client, secretary, meeting):
    client.force_login(secretary)
    url = reverse("meetings:items_paste", args=[meeting.pk]) + "?kind=dialog"
    page = client.get(url).content.decode()
    assert "Klistra in punkter" in page
    before = meeting.items.count()
    response = client.post(url, {"kind": "dialog", "text": BLOCK, "preview": "1"})
    content = response.content.decode()
    assert response.status_code == 200 and "3 punkter under Dialog" in content
    assert "Arbetsmiljöronder" in content and meeting.items.count() == before  # nothing saved yet
    # Saving text other than the previewed one only previews it again.
    response = client.post(url, {"kind": "dialog", "text": BLOCK + "\nNy punkt\nText.", "save": "1",
                                 "previewed": hashlib.sha256(BLOCK.encode()).hexdigest()})
    assert response.status_code == 200 and meeting.items.count() == before
    digest = hashlib.sha256(BLOCK.strip("\n").encode()).hexdigest()
    form_text = response.context["form"].fields["text"].clean(BLOCK)
    digest = hashlib.sha256(form_text.encode()).hexdigest()
    response = client.post(url, {"kind": "dialog", "text": BLOCK, "save": "1", "previewed": digest})
    assert response.status_code == 302
    titles = list(meeting.items.filter(kind="dialog").order_by("position").values_list("title", flat=True))
    assert titles[-3:] == ["Ekonomisk uppföljning", "Arbetsmiljöronder", "Rekrytering av enhetschefer"]


def test_paste_is_for_the_groups_secretary_only(client, manager, meeting):
    client.force_login(manager)
    assert client.get(reverse("meetings:items_paste", args=[meeting.pk])).status_code == 404
