"""Other layouts than the one the importer was first written for, in .txt, .docx and .pdf:
a new letterhead, presenters in every position, a board protocol, an MBL negotiation protocol,
a short date, flowed text; and what is not minutes at all."""

import pytest
from django.utils import translation

from meetings.importer.errors import MinutesImportError
from meetings.importer.parser import parse_minutes
from meetings.importer.readers import extract_text
from meetings.text import parse_blocks
from tests.import_layouts import (
    LAYOUTS,
    NOT_MINUTES,
    docx_from_text,
    pdf_from_text,
)

FORMATS = {
    "txt": lambda text: (text.encode("utf-8"), "minutes.txt"),
    "docx": lambda text: (docx_from_text(text), "minutes.docx"),
    "docx-table": lambda text: (docx_from_text(text, header_table=True), "minutes.docx"),
    "pdf": lambda text: (pdf_from_text(text), "minutes.pdf"),
}


def parsed_in(fmt, text):
    data, name = FORMATS[fmt](text)
    return parse_minutes(extract_text(data, name))


def assert_layout(parsed, expected):
    assert parsed.date.isoformat() == expected["date"]
    assert parsed.document_type == expected["document_type"]
    assert [(i.title, i.presenter) for i in parsed.items] == expected["items"]
    assert [(a.name, a.party) for a in parsed.adjusters] == expected["adjusters"]
    assert parsed.place == expected["place"]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_each_layout_imports_with_its_date_items_presenters_and_adjusters(layout, fmt):
    text, expected = LAYOUTS[layout]
    assert_layout(parsed_in(fmt, text), expected)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_union_paragraph_keeps_its_place_in_the_item(fmt):
    text, expected = LAYOUTS["new_letterhead"]
    title, party, after = expected["union_at"]
    item = next(i for i in parsed_in(fmt, text).items if i.title == title)
    assert [(u.party, u.after_block) for u in item.union_inputs] == [(party, after)]
    blocks = parse_blocks(item.body)
    assert blocks[after - 1].text.startswith("Förvaltningschefen går igenom")
    assert blocks[after].text.startswith("Planen skickas ut")


def test_the_agenda_is_kept_aside_and_every_item_is_read_once():
    parsed = parse_minutes(LAYOUTS["new_letterhead"][0])
    assert "Ärendelista" in parsed.unclassified_text
    assert parsed.items[1].body.startswith("Förvaltningschefen går igenom planen")


@pytest.mark.parametrize("fmt", ["txt", "docx-table"])
def test_a_board_protocols_header_gives_facts_and_no_spurious_items(fmt):
    parsed = parsed_in(fmt, LAYOUTS["board"][0])
    assert [i.title for i in parsed.items] == ["Val av justerare", "Budgetuppföljning oktober", "Delegationsbeslut"]
    assert (parsed.start_time.isoformat(), parsed.end_time.isoformat()) == ("18:00:00", "20:15:00")
    assert parsed.group == "Socialnämnden"
    assert "Beslutande" in parsed.unclassified_text
    for item in parsed.items:
        assert "Plats och tid" not in item.body and "Paragrafer" not in item.body


def test_a_negotiation_protocol_gives_parties_question_result_and_closing():
    parsed = parse_minutes(LAYOUTS["negotiation"][0])
    expected = LAYOUTS["negotiation"][1]["negotiation"]
    assert parsed.negotiation == expected
    assert parsed.as_dict()["negotiation"] == expected
    assert parsed.as_dict()["document_type"] == "negotiation"


def test_a_negotiation_in_agreement():
    text = LAYOUTS["negotiation"][0].replace("konstaterar oenighet", "är överens, enighet råder")
    assert parse_minutes(text).negotiation["result"] == "agreement"


def test_flowed_text_with_the_headings_inside_the_paragraphs():
    text = (
        "Protokoll från samverkansgrupp CSG – Stadsledningskontoret den 3 mars 2021\n\n"
        "§ 1 Val av justerare Ulla Berg, Vision, utses att justera.\n\n"
        "§ 2 Lönerevision 2021 HR informerar om tidplanen för lönerevisionen.\n\n"
        "§ 3 Lokaler. Förvaltningen ser över lokalerna på plan 4.\n"
    )
    parsed = parse_minutes(text)
    assert [i.title for i in parsed.items] == ["Val av justerare", "Lönerevision 2021", "Lokaler"]
    assert parsed.items[1].body == "HR informerar om tidplanen för lönerevisionen."
    assert [(a.name, a.party) for a in parsed.adjusters] == [("Ulla Berg", "Vision")]


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("Minnesanteckningar från FSG 2024-03-19", "2024-03-19"),
        ("Minnesanteckningar från FSG den 16 november 2020", "2020-11-16"),
        ("Protokoll för FSG tisdagen den 17 september 2013", "2013-09-17"),
        ("Sammanträdesprotokoll Socialnämnden 14.11.2023", "2023-11-14"),
        ("Minnesanteckningar FSG 9/12\nDnr SOC 2019/12", "2019-12-09"),
    ],
)
def test_dates_anywhere_in_the_header_in_any_common_form(line, date):
    parsed = parse_minutes(line + "\n\nInformation\n\nBudget\nBudgeten gicks igenom.\n")
    assert parsed.date.isoformat() == date


def test_a_text_that_is_not_minutes_is_refused_in_plain_words():
    with translation.override("en"), pytest.raises(MinutesImportError, match="no recognisable minutes"):
        parse_minutes(NOT_MINUTES)
