"""The decision list (/decisions/) and its CSV export."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from meetings.models import AgendaItem, Decision, Meeting
from meetings.views import archive as archive_views
from tests import factories
from tests.archive_data import AGREE, DISAGREE, make_minutes
from tests.helpers import without_csrf

AGREED, DISAGREED = Decision.Outcome.AGREED, Decision.Outcome.DISAGREED
URL = "/decisions/"


@pytest.fixture
def archive(group, ssr, kommunal, employer):
    """Adjusted minutes of 2019 and 2021, and a draft of 2022, in the group."""
    old, _ = make_minutes(group, date=datetime.date(2019, 3, 25), protocol="3/2019", decisions=[
        ("Delegationsordning BUF", "Delegationen ändras.", DISAGREED,
         [(employer, AGREE), (ssr, DISAGREE), (kommunal, AGREE)], "## BUF\nPlaceringar upp till 30 dygn."),
    ])
    new, _ = make_minutes(group, date=datetime.date(2021, 3, 15), protocol="3/2021", decisions=[
        ("Provanställningar Vuxen", "Provanställningar införs.", DISAGREED,
         [(employer, AGREE), (ssr, AGREE), (kommunal, DISAGREE)], "Inom Vuxenverksamheten."),
        ("Internbudget 2021", "Budgeten fastställs.", AGREED,
         [(employer, AGREE), (ssr, AGREE), (kommunal, AGREE)], "Budget för Gemensamma resurser."),
    ])
    draft, _ = make_minutes(group, date=datetime.date(2022, 1, 10), status=Meeting.Status.DRAFT, decisions=[
        ("Hemligt utkastbeslut", "Ännu inte justerat.", AGREED, [(ssr, AGREE)], ""),
    ])
    return {"old": old, "new": new, "draft": draft}


def titles(response):
    content = response.content.decode()
    found = [t for t in ["Delegationsordning BUF", "Provanställningar Vuxen", "Internbudget 2021",
                         "Hemligt utkastbeslut"] if t in content]
    return sorted(found, key=content.index)  # in the order of the page


def test_login_required(client):
    for url in [URL, reverse("meetings:decision_export")]:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_wrong_method(client, manager):
    client.force_login(manager)
    assert client.post(URL).status_code == 405
    assert client.post(reverse("meetings:decision_export")).status_code == 405


def test_manager_sees_adjusted_decisions_with_positions_but_no_drafts(client, manager, archive):
    client.force_login(manager)
    response = client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert titles(response) == ["Provanställningar Vuxen", "Internbudget 2021", "Delegationsordning BUF"]
    assert "3 beslut" in content
    assert "2021-03-15" in content and "FSG/VSG" in content
    assert "SSR: oeniga" in content and "Kommunal: eniga" in content
    assert "Utkast" not in content


def test_secretary_sees_drafts_marked(client, secretary, archive):
    client.force_login(secretary)
    content = client.get(URL).content.decode()
    assert "Hemligt utkastbeslut" in content
    assert '<span class="badge text-bg-warning">Utkast</span>' in content


def test_secretary_of_another_group_sees_nothing_of_this_group(client, other_secretary, archive):
    client.force_login(other_secretary)
    response = client.get(URL)
    assert titles(response) == []
    assert "Inga beslut matchar filtren." in response.content.decode()
    # The group is not offered in the filter either, and a forged group id finds nothing.
    assert "FSG/VSG" not in response.content.decode()
    response = client.get(URL, {"group": archive["old"].group_id})
    assert titles(response) == []


def test_adjuster_sees_adjusted_decisions_only(client, adjuster, archive):
    client.force_login(adjuster)
    assert "Hemligt utkastbeslut" not in titles(client.get(URL))
    assert len(titles(client.get(URL))) == 3


def test_decision_on_an_item_moved_out_of_beslut_is_not_listed(client, manager, archive):
    """The minutes print a decision only on a Beslut item; the list shows what the minutes say."""
    # Moved while a draft (with its decision left on it), then adjusted: adjusted minutes
    # never go back to draft (issue 15), so the draft of 2022 is the one moved and adjusted.
    decision = Decision.objects.get(item__meeting=archive["draft"])
    AgendaItem.objects.filter(pk=decision.item_id).update(kind=AgendaItem.Kind.OTHER)
    Meeting.objects.filter(pk=archive["draft"].pk).update(status=Meeting.Status.ADJUSTED)
    client.force_login(manager)
    assert decision.item.title not in titles(client.get(URL))
    assert "Internbudget 2021" in titles(client.get(URL))


@pytest.mark.parametrize("params, expected", [
    ({"date_from": "2020-01-01"}, ["Provanställningar Vuxen", "Internbudget 2021"]),
    ({"date_to": "2020-01-01"}, ["Delegationsordning BUF"]),
    ({"date_from": "2019-03-25", "date_to": "2019-03-25"}, ["Delegationsordning BUF"]),
    ({"outcome": "agreed"}, ["Internbudget 2021"]),
    ({"outcome": "disagreed"}, ["Provanställningar Vuxen", "Delegationsordning BUF"]),
    ({"area": "BUF"}, ["Delegationsordning BUF"]),
    ({"area": "Vuxen"}, ["Provanställningar Vuxen"]),
    ({"area": "GR"}, ["Internbudget 2021"]),
    ({"area": "UU"}, []),
    ({"stand": "disagree"}, ["Provanställningar Vuxen", "Delegationsordning BUF"]),
    ({"q": "budgeten"}, ["Internbudget 2021"]),
    ({"q": "delegationsordning"}, ["Delegationsordning BUF"]),
])
def test_each_filter(client, manager, archive, params, expected):
    client.force_login(manager)
    response = client.get(URL, params)
    assert response.status_code == 200
    assert titles(response) == expected


def test_party_position_filter_pairs_party_and_stand(client, manager, archive, ssr, kommunal):
    """"SSR oeniga" is the decisions where SSR disagreed, not where anyone disagreed and SSR took part."""
    client.force_login(manager)
    assert titles(client.get(URL, {"party": ssr.pk, "stand": "disagree"})) == ["Delegationsordning BUF"]
    assert titles(client.get(URL, {"party": kommunal.pk, "stand": "disagree"})) == ["Provanställningar Vuxen"]
    assert titles(client.get(URL, {"party": ssr.pk})) == [
        "Provanställningar Vuxen", "Internbudget 2021", "Delegationsordning BUF"]
    # The choice stays selected in the form, so the URL can be shared and refined.
    content = client.get(URL, {"party": ssr.pk, "stand": "disagree"}).content.decode()
    assert f'<option value="{ssr.pk}" selected>' in content
    assert '<option value="disagree" selected>' in content


def test_group_filter(client, secretary, archive, group):
    other = factories.make_group("VSG", "Socialförvaltningen")
    other.members.add(secretary)
    make_minutes(other, date=datetime.date(2021, 5, 3), decisions=[("Annan grupps beslut", "Text.", AGREED, [], "")])
    client.force_login(secretary)
    assert titles(client.get(URL, {"group": group.pk})) == [
        "Hemligt utkastbeslut", "Provanställningar Vuxen", "Internbudget 2021", "Delegationsordning BUF"]
    assert "Annan grupps beslut" in client.get(URL, {"group": other.pk}).content.decode()
    assert "Annan grupps beslut" not in client.get(URL, {"group": group.pk}).content.decode()


def test_sorting(client, manager, archive):
    client.force_login(manager)
    assert titles(client.get(URL, {"sort": "date"})) == [
        "Delegationsordning BUF", "Provanställningar Vuxen", "Internbudget 2021"]
    content = client.get(URL, {"sort": "title"}).content.decode()
    positions = [content.index(t) for t in ["Delegationsordning BUF", "Internbudget 2021", "Provanställningar Vuxen"]]
    assert positions == sorted(positions)


def test_invalid_filter_values_get_a_clear_message(client, manager, archive):
    client.force_login(manager)
    response = client.get(URL, {"date_from": "igår", "outcome": "kanske", "q": "x" * 300})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Fyll i ett giltigt datum." in content
    assert "Välj ett giltigt alternativ." in content
    assert "som mest 200 tecken" in content


def test_pagination_keeps_the_filters_in_the_query_string(client, manager, archive, monkeypatch):
    monkeypatch.setattr(archive_views, "DECISIONS_PER_PAGE", 1)
    client.force_login(manager)
    response = client.get(URL, {"outcome": "disagreed"})
    content = response.content.decode()
    assert "Sida 1 av 2" in content
    assert 'href="?outcome=disagreed&amp;page=2"' in content
    assert titles(client.get(URL, {"outcome": "disagreed", "page": 2})) == ["Delegationsordning BUF"]
    # A page number out of range shows the last page rather than an error.
    assert client.get(URL, {"outcome": "disagreed", "page": 99}).status_code == 200


def test_user_text_is_escaped(client, manager, group, ssr):
    make_minutes(group, decisions=[("<script>alert(1)</script>", "Beslut <b>fet</b>.", AGREED, [(ssr, AGREE)],
                                    "Text med <img src=x onerror=alert(1)> i.")])
    client.force_login(manager)
    content = client.get(URL, {"q": "text"}).content.decode()
    assert "<script>alert(1)</script>" not in content and "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "<img src=x" not in content


def test_query_count_does_not_grow_with_the_list(client, manager, group, ssr, kommunal, django_assert_max_num_queries):
    for month in range(1, 13):
        make_minutes(group, date=datetime.date(2020, month, 7), decisions=[
            (f"Beslut {month}-{n}", "Text.", AGREED, [(ssr, AGREE), (kommunal, DISAGREE)], "## BUF\nText.")
            for n in range(5)
        ])
    client.force_login(manager)
    for params in [{}, {"q": "beslut"}, {"q": "text", "area": "BUF", "party": ssr.pk, "stand": "agree", "page": 2}]:
        with django_assert_max_num_queries(12):
            response = client.get(URL, params)
        assert response.status_code == 200
        # Nothing is cached: the same list again costs the same, access check included.
        with django_assert_max_num_queries(12):
            assert without_csrf(client.get(URL, params).content) == without_csrf(response.content)


def test_csv_export_of_the_filtered_list(client, manager, archive, ssr, kommunal):
    client.force_login(manager)
    response = client.get(reverse("meetings:decision_export"), {"outcome": "disagreed", "sort": "date"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="beslut-')
    raw = response.content
    assert raw.startswith("\ufeff".encode())  # the BOM: Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    assert header[:9] == ["Datum", "Samverkansgrupp", "Förvaltning", "Protokoll", "Status", "Punkt", "Beslut",
                          "Utfall", "Uppskjutet till"]
    assert {"SSR", "Kommunal", "Arbetsgivaren"} <= set(header[9:])
    assert [row[5] for row in rows[1:]] == ["Delegationsordning BUF", "Provanställningar Vuxen"]
    first = dict(zip(header, rows[1]))
    assert first["Datum"] == "2019-03-25" and first["Protokoll"] == "3/2019" and first["Status"] == "Justerat"
    assert first["SSR"] == "Oeniga" and first["Kommunal"] == "Eniga"
    assert first["Förvaltning"] == "Socialförvaltningen"


def test_csv_export_hides_drafts_from_managers_and_defuses_formulas(client, manager, secretary, archive, group, ssr):
    make_minutes(group, date=datetime.date(2021, 6, 1), decisions=[
        ("=HYPERLINK(\"http://evil\")", "+SUM(A1)", AGREED, [(ssr, AGREE)], "")])
    client.force_login(manager)
    content = client.get(reverse("meetings:decision_export")).content.decode("utf-8-sig")
    assert "Hemligt utkastbeslut" not in content
    row = next(r for r in csv.reader(io.StringIO(content), delimiter=";") if "HYPERLINK" in r[5])
    assert row[5] == "'=HYPERLINK(\"http://evil\")" and row[6] == "'+SUM(A1)"
    client.force_login(secretary)
    assert "Hemligt utkastbeslut" in client.get(reverse("meetings:decision_export")).content.decode("utf-8-sig")
