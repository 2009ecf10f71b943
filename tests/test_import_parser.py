"""The parser of existing minutes: the corpus, its .docx and .pdf versions, other layouts, fuzzing."""

import html
import io
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from meetings.importer.errors import MinutesImportError
from meetings.importer.parser import parse_minutes
from meetings.importer.readers import extract_text
from meetings.text import paragraphs
from tests.import_expected import MINUTES, WHOLE_WORDS
from tests.import_layouts import LAYOUTS

CORPUS = Path(settings.BASE_DIR).parent / "shared" / "corpus"
NAMES = sorted(MINUTES)


def require_corpus():
    """The real minutes live in ../shared/corpus on dev machines and CI only."""
    if not CORPUS.is_dir():
        pytest.skip(f"the corpus of real minutes ({CORPUS}) is absent: it exists only on dev machines and CI")


def corpus_text(name):
    require_corpus()
    return (CORPUS / name).read_text(encoding="utf-8")


def block_starts(body):
    """The start of each block of an item text, as in tests/import_expected.py."""
    starts = []
    for block in re.split(r"\n\s*\n", body) if body else []:
        for line in block.split("\n"):
            if line.startswith(("## ", "- ")) or line is block.split("\n")[0]:
                starts.append(line)
    return starts


def assert_matches_expected(parsed, expected):
    assert [
        (i.kind, i.title, i.presenter or None) for i in parsed.items
    ] == [(e["kind"], e["title"], e["presenter"]) for e in expected["items"]]
    for got, want in zip(parsed.items, expected["items"]):
        starts = block_starts(got.body)
        assert len(starts) == len(want["body"]), (got.title, starts)
        for start, prefix in zip(starts, want["body"]):
            assert start.startswith(prefix), (got.title, start, prefix)
        inputs = [(u.party, u.text, len(u.paragraphs)) for u in got.union_inputs]
        assert [(p, n) for p, _t, n in inputs] == [(p, n) for p, _s, n in want["inputs"]], got.title
        for (_p, text, _n), (_q, start, _m) in zip(inputs, want["inputs"]):
            assert text.startswith(start), (got.title, text[:60])
        if want["decision"] is None:
            assert got.decision is None, got.title
        else:
            text, outcome, stands = want["decision"]
            assert got.decision.text.startswith(text)
            assert got.decision.outcome == outcome
            assert {p: s for p, s, _c in got.decision.positions} == stands
    assert [(a.name, a.party) for a in parsed.adjusters] == expected["adjusters"]
    facts = (parsed.group, parsed.administration, parsed.date.isoformat(), parsed.protocol, parsed.dnr, parsed.place)
    assert facts == tuple(expected[k] for k in ("group", "administration", "date", "protocol", "dnr", "place"))
    document_date = parsed.document_date.isoformat() if parsed.document_date else None
    assert document_date == expected["document_date"]
    assert parsed.closing_text == expected["closing_text"]
    assert parsed.unclassified_text == expected.get("unclassified", "")


# --- The corpus -------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_corpus_file_gives_the_structure_written_by_hand(name):
    assert_matches_expected(parse_minutes(corpus_text(name)), MINUTES[name])


def all_text(parsed):
    parts = [parsed.closing_text, parsed.unclassified_text]
    for item in parsed.items:
        parts += [item.title, item.presenter or "", *paragraphs(item.body)]
        parts += [p for u in item.union_inputs for p in paragraphs(u.text)]
        if item.decision:
            parts += paragraphs(item.decision.text)
    return " ".join(" ".join(parts).split())


LETTERHEAD = re.compile(
    r"\d{4}-\d\d-\d\d|(MINNESANTECKNINGAR|PROTOKOLL) SAMVERKANSGRUPP|DNR:\S+|SID \d\(\d\)"
)
STRUCTURE = re.compile(r"(Information|Dialog|Beslut):?|Inspel från fackliga organisationer")


def source_paragraphs(text):
    """The paragraphs of a corpus file, by a rule of their own: blank lines and bullets split;
    letterhead lines and the headings the model holds as structure left out."""
    out, current = [], []
    for line in text.splitlines():
        stripped = line.strip()
        if LETTERHEAD.fullmatch(stripped) or STRUCTURE.fullmatch(stripped):
            stripped = ""
        if not stripped or stripped.startswith("•"):
            if current:
                out.append(" ".join(current))
            current = [stripped.lstrip("• ")] if stripped else []
        else:
            current.append(stripped)
    if current:
        out.append(" ".join(current))
    # A word hyphenated at a line end, other than "hot- och våld", is one word.
    return [re.sub(r"(\w)- (?!och |eller )(?=[a-zåäö])", r"\1", p) for p in out]


def words(text):
    return re.findall(r"\w+", text.replace("-", ""))


@pytest.mark.parametrize("name", NAMES)
def test_nothing_of_the_corpus_is_lost(name):
    """Every word of every paragraph is found, in the same order, in what the parser returns
    (the header and the adjusters' closing sentence are held as facts)."""
    text = corpus_text(name)
    parsed = parse_minutes(text)
    output = " " + " ".join(words(all_text(parsed))) + " "
    held_as_facts = re.compile(r"Minnesanteckningar från .*|Bilaga till protokoll .*|.* justerar protokollet .*")
    checked = 0
    for paragraph in source_paragraphs(text):
        if held_as_facts.fullmatch(paragraph):
            continue
        position = 0
        for word in words(paragraph):
            found = output.find(f" {word} ", position)
            assert found >= 0, (paragraph[:80], word)
            position = found
        checked += 1
    assert checked > 10


@pytest.mark.parametrize("name", sorted(WHOLE_WORDS))
def test_words_hyphenated_at_line_ends_are_whole(name):
    parsed = parse_minutes(corpus_text(name))
    text = all_text(parsed)
    for word in WHOLE_WORDS[name]:
        assert word in text
    assert "tilläggs- uppdrag" not in text and "verksamhets- chef" not in text


def test_paragraphs_keep_their_blank_lines_and_wrapped_lines_are_joined():
    parsed = parse_minutes(corpus_text("vsg-2022-03-21.txt"))
    decision_item = next(i for i in parsed.items if i.title == "1:a Socialsekreterare")
    paragraphs_ = decision_item.body.split("\n\n")
    assert len(paragraphs_) == 3
    assert all("\n" not in p for p in paragraphs_)
    assert "teamgenomgångarna. De förste" in paragraphs_[0]


def test_a_page_break_inside_a_paragraph_continues_it():
    parsed = parse_minutes(corpus_text("fsg-vsg-2019-03-25.txt"))
    recruitment = next(i for i in parsed.items if i.title == "Uppdatering chefsrekryteringar")
    assert "framförhållning av intervjutider. Vid olika" in recruitment.union_inputs[0].text


# --- The same minutes as .docx and .pdf ---------------------------------------------------


def docx_from_text(text):
    """A Word file as a person would make it: one paragraph per block, line breaks inside,
    section headings as headings, "•" blocks as list paragraphs."""
    import docx

    document = docx.Document()
    for block in re.split(r"\n\s*\n", text):
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if len(lines) == 1 and re.fullmatch(r"\s?(Information|Dialog|Beslut|Övrigt):?\s*", lines[0]):
            document.add_heading(lines[0].strip(), level=1)
            continue
        if lines[0].strip().startswith("•"):
            paragraph = document.add_paragraph(style="List Bullet")
            lines[0] = lines[0].strip().lstrip("• ")
        else:
            paragraph = document.add_paragraph()
        run = paragraph.add_run(lines[0])
        for line in lines[1:]:
            if line.strip().startswith("•"):  # a bullet right under a line: a new list paragraph
                paragraph = document.add_paragraph(style="List Bullet")
                run = paragraph.add_run(line.strip().lstrip("• "))
                continue
            run.add_break()
            run.add_text(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_from_text(text):
    """A plain PDF of the text, its lines and blank lines kept (WeasyPrint)."""
    from weasyprint import HTML

    page = (
        "<html><head><style>@page { size: A4; margin: 2cm } "
        "body { font-family: sans-serif; font-size: 10pt; white-space: pre-wrap }</style></head>"
        f"<body>{html.escape(text)}</body></html>"
    )
    return HTML(string=page).write_pdf()


def structure(parsed):
    return (
        [(i.kind, i.title, i.presenter, i.body, [(u.party, u.text) for u in i.union_inputs],
          (i.decision.text, i.decision.outcome, i.decision.positions) if i.decision else None)
         for i in parsed.items],
        [(a.name, a.party) for a in parsed.adjusters],
        (parsed.group, parsed.administration, parsed.date, parsed.protocol, parsed.dnr, parsed.closing_text),
    )


@pytest.mark.parametrize("name", NAMES)
def test_docx_version_gives_the_same_structure(name):
    text = corpus_text(name)
    from_docx = parse_minutes(extract_text(docx_from_text(text), name.replace(".txt", ".docx")))
    assert_matches_expected(from_docx, MINUTES[name])
    assert structure(from_docx) == structure(parse_minutes(text))


@pytest.mark.parametrize("name", NAMES)
def test_pdf_version_gives_the_same_structure(name):
    text = corpus_text(name)
    from_pdf = parse_minutes(extract_text(pdf_from_text(text), name.replace(".txt", ".pdf")))
    assert structure(from_pdf) == structure(parse_minutes(text))


# --- Other layouts ---------------------------------------------------------------------------


LAYOUT_2023 = """\
PROTOKOLL SAMVERKANSGRUPP
Sida 1 av 3

Minnesanteckningar från samverkansgrupp LSG – Kultur- och fritidsförvaltningen den 4 september 2023
Protokoll nr 7/2023
Dnr KFN 2023/112
Tid och plats: 2023-09-04 kl. 13.00–15.00, Stadshuset, rum Ekan

Närvarande: Anna Berg (ordförande), Olof Lind, Vision, Lena Ek, Kommunal

Ärendelista

1. Val av justerare
Lena Ek (Kommunal) och Olof Lind (Vision) valdes som justerare.

2. Budget 2024 (information)          Ekonomichef
Ekonomichefen redogör för budgetramen. Nämnden får en uppräkning på 2,1 %
vilket inte täcker löne- och prisökningar.

Fackliga representanter påtalar att besparingarna inte får drabba
arbetsmiljön.

3. Nya öppettider på biblioteken (beslut)     Anna Berg
Förslaget är att biblioteken öppnar kl. 10 i stället för kl. 9.
Riskbedömning är gjord.
Vision yrkar på att förändringen följs upp efter sex månader.

Vision är oeniga med beslutet. Kommunal har inget att invända.

4. Omorganisation av fritidsgårdarna (beslut)
Frågan flyttas till en MBL §11-förhandling den 2 oktober.

5. Övriga frågor
Inga övriga frågor.

PROTOKOLL SAMVERKANSGRUPP
Sida 2 av 3
Ordföranden avslutar mötet.
"""


def test_a_layout_of_another_year_numbered_items_with_kinds_and_presenters_in_columns():
    parsed = parse_minutes(LAYOUT_2023)
    assert (parsed.group, parsed.administration, parsed.date.isoformat(), parsed.protocol, parsed.dnr) == (
        "LSG", "Kultur- och fritidsförvaltningen", "2023-09-04", "7/2023", "KFN 2023/112",
    )
    assert parsed.place == "Stadshuset, rum Ekan"
    assert (parsed.start_time.isoformat(), parsed.end_time.isoformat()) == ("13:00:00", "15:00:00")
    assert [(i.kind, i.title, i.presenter) for i in parsed.items] == [
        ("information", "Val av justerare", ""),
        ("information", "Budget 2024", "Ekonomichef"),
        ("decision", "Nya öppettider på biblioteken", "Anna Berg"),
        ("decision", "Omorganisation av fritidsgårdarna", ""),
        ("other", "Övriga frågor", ""),
    ]
    assert [(a.name, a.party) for a in parsed.adjusters] == [("Lena Ek", "Kommunal"), ("Olof Lind", "Vision")]
    budget = parsed.items[1]
    assert budget.body == ("Ekonomichefen redogör för budgetramen. Nämnden får en uppräkning på 2,1 % "
                           "vilket inte täcker löne- och prisökningar.")
    assert [(u.party, u.text[:30]) for u in budget.union_inputs] == [(None, "Fackliga representanter påtala")]
    hours = parsed.items[2]
    assert hours.decision.outcome == "disagreed"
    stands = {p: s for p, s, _c in hours.decision.positions}
    assert stands["Vision"] == "disagree" and stands["Kommunal"] == "no_objection"
    assert hours.union_inputs[0].party == "Vision"
    reorganisation = parsed.items[3]
    assert reorganisation.decision.outcome == "deferred"
    assert "MBL §11" in reorganisation.decision.deferred_to
    assert parsed.closing_text == "Ordföranden avslutar mötet."
    assert "Närvarande: Anna Berg" in parsed.unclassified_text


LAYOUT_COLONLESS = """\
Minnesanteckningar från samverkansgrupp FSG – Socialförvaltningen den 12 februari 2024

Bilaga till protokoll 2/2024

Plats: Förvaltningshuset, plan 4

INFORMATION

Val av justerare
Maria Holm, Vision och Karin Sjö, Akademikerförbundet SSR valdes som justerare.

Sjukfrånvaro tertial 3 - HR-konsult
Sjukfrånvaron har minskat något i hela förvaltningen jämfört med
föregående tertial.

DIALOGÄRENDEN

Lokalförsörjning Vuxen
Förvaltningen ser över lokalerna.

BESLUTSÄRENDEN

Arbetsgivaren önskar fatta beslut om följande:

- Ny delegationsordning. Fackliga har inget att invända.
- Flytt av mottagningsenheten till Storgatan. SSR är oeniga med beslutet.
- Avveckling av nattjouren. Beslutet skjuts upp till en MBL §11-förhandling.

Maria Holm justerar protokollet för Vision och Karin Sjö för SSR.
"""


def test_colonless_capital_headings_dash_presenter_and_decisions_as_bullets():
    parsed = parse_minutes(LAYOUT_COLONLESS)
    assert (parsed.group, parsed.protocol, parsed.place) == ("FSG", "2/2024", "Förvaltningshuset, plan 4")
    assert [(i.kind, i.title, i.presenter) for i in parsed.items] == [
        ("information", "Val av justerare", ""),
        ("information", "Sjukfrånvaro tertial 3", "HR-konsult"),
        ("dialog", "Lokalförsörjning Vuxen", ""),
        ("decision", "Ny delegationsordning", ""),
        ("decision", "Flytt av mottagningsenheten till Storgatan", ""),
        ("decision", "Avveckling av nattjouren", ""),
    ]
    outcomes = [(i.decision.outcome, {p: s for p, s, _c in i.decision.positions}) for i in parsed.items[3:]]
    assert outcomes == [
        ("no_objection", {"Vision": "no_objection", "Akademikerförbundet SSR": "no_objection"}),
        ("disagreed", {"Akademikerförbundet SSR": "disagree"}),
        ("deferred", {}),
    ]
    assert [(a.name, a.party) for a in parsed.adjusters] == [
        ("Maria Holm", "Vision"), ("Karin Sjö", "Akademikerförbundet SSR"),
    ]
    assert "Arbetsgivaren önskar fatta beslut om följande:" in parsed.unclassified_text


LAYOUT_SECTIONS_INLINE = """\
Minnesanteckningar samverkansgrupp VSG Barn och unga, Utbildningsförvaltningen 2021-05-10

Justerare: Per Ek (Lärarförbundet), Eva Ros (Kommunal)

Information: Skolstart hösten 2021, Verksamhetschef
Skolorna planerar för en normal skolstart.

Dialog: Årsklockan
Gruppen går igenom förslaget.
Fackliga synpunkter:
Lärarförbundet menar att APT behöver mer tid.

Beslut: Ny rutin för tillbud
Rutinen antas.
Beslut: Arbetsgivaren fattar beslut enligt förslaget. Parterna är eniga.
"""


def test_section_and_title_on_one_line_and_labelled_union_input_and_decision():
    parsed = parse_minutes(LAYOUT_SECTIONS_INLINE)
    assert (parsed.group, parsed.administration, parsed.date.isoformat()) == (
        "VSG Barn och unga", "Utbildningsförvaltningen", "2021-05-10",
    )
    assert [(a.name, a.party) for a in parsed.adjusters] == [("Per Ek", "Sveriges Lärare"), ("Eva Ros", "Kommunal")]
    assert [(i.kind, i.title, i.presenter) for i in parsed.items] == [
        ("information", "Skolstart hösten 2021", "Verksamhetschef"),
        ("dialog", "Årsklockan", ""),
        ("decision", "Ny rutin för tillbud", ""),
    ]
    assert [(u.party, u.text) for u in parsed.items[1].union_inputs] == [
        ("Sveriges Lärare", "Lärarförbundet menar att APT behöver mer tid."),
    ]
    decision = parsed.items[2].decision
    assert decision.outcome == "agreed"
    assert decision.text.startswith("Beslut: Arbetsgivaren fattar beslut")
    assert parsed.items[2].body == "Rutinen antas."


def test_an_agenda_listed_before_the_items_is_kept_aside_not_doubled():
    text = """Minnesanteckningar från samverkansgrupp CSG – Stadsledningskontoret den 3 mars 2021

Dagordning
1. Val av justerare
2. Lönerevision 2021
3. Övrigt

1. Val av justerare
Ulla Berg och Sven Ek valdes som justerare.

2. Lönerevision 2021
HR informerar om tidplanen.

3. Övrigt
Inget.
"""
    parsed = parse_minutes(text)
    assert [i.title for i in parsed.items] == ["Val av justerare", "Lönerevision 2021", "Övrigt"]
    assert [i.kind for i in parsed.items] == ["information", "information", "other"]
    assert "Dagordning" in parsed.unclassified_text and "Lönerevision 2021" in parsed.unclassified_text


def test_text_before_any_heading_is_unclassified_not_lost():
    parsed = parse_minutes("Minnesanteckningar från FSG den 3 mars 2021\n\nNågot helt annat.\n\nEn rad till.")
    assert parsed.items == [] or all(i.title for i in parsed.items)
    assert "Något helt annat" in all_text(parsed) and "En rad till" in all_text(parsed)


# --- Errors and fuzzing --------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\n\t  "])
def test_empty_text_is_the_documented_error(text):
    with pytest.raises(MinutesImportError):
        parse_minutes(text)


# Lines to shuffle: the corpus where it exists, and the invented layouts always.
CORPUS_LINES = [line for text, _e in LAYOUTS.values() for line in text.splitlines()] + (
    [line for name in NAMES for line in (CORPUS / name).read_text(encoding="utf-8").splitlines()]
    if CORPUS.is_dir() else []
)


def check_result(parsed):
    json.dumps(parsed.as_dict(source="x"))
    for item in parsed.items:
        assert item.title.strip()
        assert item.kind in ("information", "dialog", "decision", "other")
        if item.decision is not None:
            assert item.decision.text.strip()


@hypothesis_settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_fuzz_any_text_gives_minutes_or_the_documented_error(text):
    try:
        parsed = parse_minutes(text)
    except MinutesImportError:
        return
    check_result(parsed)


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(CORPUS_LINES), st.sampled_from(["", " ", "\f", "•", "Beslut",
                                                                          "Inspel från fackliga organisationer"]),
                          st.text(max_size=80)), max_size=120))
def test_fuzz_shuffled_corpus_lines_give_minutes_or_the_documented_error(lines):
    try:
        parsed = parse_minutes("\n".join(lines))
    except MinutesImportError:
        return
    check_result(parsed)


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000), st.sampled_from(["a.txt", "a.docx", "a.pdf", "a.doc", "a"]))
def test_fuzz_any_bytes_give_text_or_the_documented_error(data, filename):
    try:
        text = extract_text(data, filename)
    except MinutesImportError:
        return
    try:
        parse_minutes(text)
    except MinutesImportError:
        pass


def test_a_word_document_with_heading_styles_bold_lines_and_bullets():
    import docx

    document = docx.Document()
    document.add_paragraph("Minnesanteckningar från samverkansgrupp FSG – Miljöförvaltningen den 7 oktober 2024")
    document.add_paragraph("Bilaga till protokoll 9/2024")
    document.add_heading("Information", level=1)
    document.add_heading("Arbetsmiljöronden", level=2)
    document.add_paragraph("Föredragande: Skyddsombud Ali Berg")
    document.add_paragraph("Ronden är genomförd i alla verksamheter.")
    bold = document.add_paragraph()
    bold.add_run("Stab").bold = True
    document.add_paragraph("Inga avvikelser.", style="List Bullet")
    document.add_paragraph("Nya rutiner för larm.", style="List Bullet")
    document.add_heading("Beslut", level=1)
    document.add_heading("Ny arbetstid för fältpersonal", level=2)
    document.add_paragraph("Fältpersonalen börjar kl. 7.")
    document.add_paragraph("Inspel från fackliga organisationer")
    document.add_paragraph("Vision menar att förändringen behöver följas upp.")
    document.add_paragraph("Vision och Kommunal är eniga i beslutet.")
    out = io.BytesIO()
    document.save(out)
    parsed = parse_minutes(extract_text(out.getvalue(), "oktober.docx"))
    assert (parsed.group, parsed.administration, parsed.protocol) == ("FSG", "Miljöförvaltningen", "9/2024")
    assert [(i.kind, i.title, i.presenter) for i in parsed.items] == [
        ("information", "Arbetsmiljöronden", "Skyddsombud Ali Berg"),
        ("decision", "Ny arbetstid för fältpersonal", ""),
    ]
    assert parsed.items[0].body == (
        "Ronden är genomförd i alla verksamheter.\n\n## Stab\n\n- Inga avvikelser.\n- Nya rutiner för larm."
    )
    decision_item = parsed.items[1]
    assert [(u.party, u.text) for u in decision_item.union_inputs] == [
        ("Vision", "Vision menar att förändringen behöver följas upp."),
    ]
    assert decision_item.decision.outcome == "agreed"
    assert {p for p, _s, _c in decision_item.decision.positions} == {"Vision", "Kommunal"}
