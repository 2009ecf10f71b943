"""The search index (meetings/search.py): what it holds, how it finds, how snippets are made safe."""

import pytest
from django.core.management import call_command
from django.db import connection

from meetings import drafting
from meetings.archive import search
from meetings.archive.search import (
    AREAS,
    START_SEL,
    STOP_SEL,
    Search,
    highlight_markup,
    item_areas,
)
from meetings.models import AgendaItem, ItemSearch, UnionInput
from tests import factories
from tests.archive_data import make_minutes

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="ranking and SearchHeadline are PostgreSQL's; SQLite orders by date",
)
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the substring fallback is SQLite's; PostgreSQL matches whole (stemmed) words",
)


def found(text):
    items = AgendaItem.objects.all()
    return sorted(Search(text).filter(items).values_list("title", flat=True))


@pytest.mark.parametrize("title, body, expected", [
    ("Uppdatering chefsrekryteringar", "## GM\nNy sektionschef.\n\n## Vuxen\nVakans.\n\n## BUF\nTvå vakanser.",
     "BUF Vuxen GR"),
    ("Provanställningar BUF UU", "", "BUF UU"),
    ("Lokaler", "Gemensamma resurser flyttar.", "GR"),
    ("Ekonomi", "Även inom Vuxenverksamheten ökar kostnaderna.", "Vuxen"),
    ("Årsklockan", "Ingen verksamhet nämns; buffert och grupp räknas inte.", ""),
])
def test_areas_from_headings_titles_and_texts(title, body, expected):
    assert item_areas(title, body) == expected


def test_area_codes_never_contain_one_another():
    """The area filter is `areas__contains=code`: exact only while no code is part of another."""
    codes = [area.code for area in AREAS]
    assert all(a == b or a not in b for a in codes for b in codes)


def test_services_keep_the_index_up_to_date(meeting, secretary, ssr):
    item = drafting.item_create(item=AgendaItem(meeting=meeting, kind=AgendaItem.Kind.DIALOG,
                                                title="Riskbedömning", body="## BUF\nFamiljehem flyttar."))
    row = ItemSearch.objects.get(item=item)
    assert row.title == "Riskbedömning" and "Familjehem flyttar." in row.document and row.areas == "BUF"
    drafting.union_input_create(union_input=UnionInput(
        item=item, party=ssr, text="Vi vill se riskbedömningen innan beslut."))
    row.refresh_from_db()
    assert "Vi vill se riskbedömningen" in row.document and "Akademikerförbundet SSR" in row.document
    assert found("riskbedömningen") == ["Riskbedömning"]
    drafting.item_delete(item=item)
    assert not ItemSearch.objects.filter(item_id=item.pk).exists()


def test_search_finds_titles_texts_union_input_and_decisions(group, ssr):
    make_minutes(group, status="draft", items=[
        (AgendaItem.Kind.INFORMATION, "Lokalförsörjning", "Hyresavtalet för Stödboende löper ut."),
        (AgendaItem.Kind.DIALOG, "Årsklockan 2021", "Tertialen flyttas."),
    ], decisions=[("Organisationsförändring", "Familjebehandling delas i två enheter.", "agreed", [], "")])
    item = AgendaItem.objects.get(title="Årsklockan 2021")
    factories.make_union_input(item, text="Fackliga vill följa arbetsmiljön.", party=ssr)
    search.index_meeting(item.meeting)
    assert found("hyresavtalet") == ["Lokalförsörjning"]
    assert found("arbetsmiljön") == ["Årsklockan 2021"]
    assert found("Familjebehandling") == ["Organisationsförändring"]
    assert found("lokalförsörjning") == ["Lokalförsörjning"]
    assert found("saknas helt") == []


def test_search_is_case_insensitive_with_swedish_letters(group):
    make_minutes(group, items=[(AgendaItem.Kind.DIALOG, "Årsklockan", "Översyn av ärendefördelningen.")])
    assert found("ÅRSKLOCKAN") == ["Årsklockan"]
    assert found("översyn") == ["Årsklockan"]
    assert found("ÄRENDEFÖRDELNINGEN") == ["Årsklockan"]


def test_every_word_must_occur_in_some_form(group):
    make_minutes(group, items=[(AgendaItem.Kind.INFORMATION, "Chefsrekryteringar", "Två vakanser inom BUF.")])
    assert found("vakanser buf") == ["Chefsrekryteringar"]
    assert found("vakans vuxen") == []
    assert found("vakans -buf") == []


def test_swedish_stemming_finds_other_forms(group):
    make_minutes(group, items=[
        (AgendaItem.Kind.INFORMATION, "Uppdatering", "Två rekryteringar pågår och fler sektionschefer behövs."),
        (AgendaItem.Kind.INFORMATION, "Annat", "Inget om personal."),
    ])
    assert found("rekrytering") == ["Uppdatering"]
    assert found("sektionschef") == ["Uppdatering"]
    assert found("rekrytering -sektionschef") == []


@postgres_only
def test_ranking_puts_title_hits_first(group):
    make_minutes(group, items=[
        (AgendaItem.Kind.INFORMATION, "Lokaler", "Budgeten för lokaler nämns en gång."),
        (AgendaItem.Kind.INFORMATION, "Budget 2021", "Internbudgeten fastställs."),
    ])
    query = Search("budget")
    ordered = query.by_relevance(query.filter(AgendaItem.objects.all()), then=("pk",))
    assert [item.title for item in ordered] == ["Budget 2021", "Lokaler"]


def test_snippets_escape_user_text_and_mark_only_the_hits(group):
    _meeting, _ = make_minutes(group, items=[(
        AgendaItem.Kind.INFORMATION, "Inbrott",
        f"Texten <script>alert('x')</script> nämner rekryteringen, 5 < 6 & \"citat\" "
        f"{START_SEL}falska markörer{STOP_SEL}.",
    )])
    item = AgendaItem.objects.get(title="Inbrott")
    snippet = Search("rekryteringen").snippets([item.pk])[item.pk]
    # PostgreSQL's headline drops what looks like a tag; SQLite's snippet keeps it: escaped either way.
    assert "<script>" not in snippet and "</script>" not in snippet
    assert "5 &lt; 6 &amp; &quot;citat&quot;" in snippet
    assert "<mark>rekryteringen</mark>" in snippet
    assert snippet.count("<mark>") == 1  # the markers typed into the text were removed when indexing


def test_highlight_markup_escapes_everything_but_the_markers():
    html = highlight_markup(f'<b>"a"</b> {START_SEL}träff{STOP_SEL} och {START_SEL}öppen')
    assert html == "&lt;b&gt;&quot;a&quot;&lt;/b&gt; <mark>träff</mark> och <mark>öppen</mark>"


def test_snippets_only_for_the_rows_asked(group, django_assert_max_num_queries):
    make_minutes(group, items=[(AgendaItem.Kind.INFORMATION, f"Punkt {n}", "Rekrytering pågår.") for n in range(5)])
    ids = list(AgendaItem.objects.values_list("pk", flat=True)[:2])
    with django_assert_max_num_queries(1):
        snippets = Search("rekrytering").snippets(ids)
    assert set(snippets) == set(ids)
    assert Search("").snippets(ids) == {}


def test_reindex_search_rebuilds_rows_missing_from_the_index(group, capsys):
    meeting, _ = make_minutes(group, items=[(AgendaItem.Kind.INFORMATION, "Skyddsronder", "## UU\nRonder i maj.")])
    ItemSearch.objects.all().delete()
    assert found("skyddsronder") == []
    call_command("reindex_search")
    assert "Indexed 1 agenda items" in capsys.readouterr().out
    assert found("skyddsronder") == ["Skyddsronder"]
    assert ItemSearch.objects.get().areas == "UU"


# --- Swedish inflections and prefixes: the same cases on SQLite (FTS5 + Snowball) and PostgreSQL ---

INFLECTION_CASES = [
    # (query, the text of the one item that must be found)
    ("Provanställningarna", "Rutinen för provanställning ses över."),
    ("provanställning", "Provanställningarna förlängs inte."),
    ("rekrytering", "Två rekryteringar pågår."),
    ("rekryteringarna", "Rekryteringen av en enhetschef."),
    ("sektionschefer", "En ny sektionschef börjar."),
    ("arbetsmiljö", "Fackliga vill följa arbetsmiljön."),
    ("lönerevisionen", "Lönerevision 2021 är klar."),
    ("provanst*", "Provanställningarna förlängs inte."),
    ("provanst", "Rutinen för provanställning ses över."),  # the last word is a prefix as it is typed
    ("budget provanst", "Budgeten och provanställningarna."),
    ('"ny sektionschef"', "En ny sektionschef börjar."),
    ("lokaler or provanställning", "Rutinen för provanställning ses över."),
]


@pytest.mark.parametrize("query, text", INFLECTION_CASES)
def test_swedish_inflections_and_prefixes_on_both_databases(group, query, text):
    make_minutes(group, items=[
        (AgendaItem.Kind.INFORMATION, "Träffen", text),
        (AgendaItem.Kind.INFORMATION, "Annat", "Inget om personal här: lokalvård och städning."),
    ])
    assert found(query) == ["Träffen"], connection.vendor


@pytest.mark.parametrize("query", ["provanst* -förlängs", '"sektionschef ny"', "provanst budget", "-provanställning"])
def test_what_must_not_be_found_on_both_databases(group, query):
    make_minutes(group, items=[(AgendaItem.Kind.INFORMATION, "Träffen", "Provanställningarna förlängs. En ny sektionschef.")])
    assert found(query) == [], connection.vendor


def test_nothing_typed_can_break_the_query(group):
    make_minutes(group, items=[(AgendaItem.Kind.INFORMATION, "Träffen", "Text.")])
    for query in ['"', "*", "AND", "NOT", "(", "a:*", "' OR 1=1 --", "NEAR(a b)", "text^", "-", '""', "or or"]:
        assert isinstance(found(query), list), query
    assert found("text:*") == ["Träffen"]


def test_snippet_marks_every_inflection_found(group):
    make_minutes(group, items=[(AgendaItem.Kind.INFORMATION, "Träffen", "Provanställningarna förlängs; en provanställning till.")])
    item = AgendaItem.objects.get(title="Träffen")
    snippet = Search("provanställning").snippets([item.pk])[item.pk]
    assert snippet.count("<mark>") == 2, snippet


@sqlite_only
def test_the_fts_table_holds_stems_and_follows_deletions(group):
    make_minutes(group, status="draft", items=[(AgendaItem.Kind.INFORMATION, "Träffen", "Provanställningarna förlängs.")])
    item = AgendaItem.objects.get(title="Träffen")
    with connection.cursor() as cursor:
        cursor.execute("SELECT document FROM meetings_itemsearch_fts WHERE rowid = %s", [item.pk])
        assert "provanställning" in cursor.fetchone()[0].split()
    drafting.item_delete(item=item)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM meetings_itemsearch_fts WHERE rowid = %s", [item.pk])
        assert cursor.fetchone()[0] == 0
