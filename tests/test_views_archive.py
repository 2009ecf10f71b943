"""The minutes archive (/archive/) and the search page (/search/)."""

import datetime

import pytest

from meetings.models import AgendaItem, Meeting
from tests.archive_data import make_minutes
from tests.helpers import without_csrf

ARCHIVE, SEARCH = "/archive/", "/search/"


@pytest.fixture
def minutes(group):
    adjusted_2019, _ = make_minutes(group, date=datetime.date(2019, 3, 25), protocol="3/2019", items=[
        (AgendaItem.Kind.INFORMATION, "Uppdatering chefsrekryteringar", "## BUF\nTvå rekryteringar pågår."),
    ])
    adjusted_2020, _ = make_minutes(group, date=datetime.date(2020, 11, 16), protocol="11/2020", items=[
        (AgendaItem.Kind.DIALOG, "Årsklockan 2021", "Tertialerna flyttas; rekrytering nämns."),
    ])
    draft, _ = make_minutes(group, date=datetime.date(2021, 2, 1), status=Meeting.Status.DRAFT, items=[
        (AgendaItem.Kind.INFORMATION, "Utkastets rekrytering", "Hemlig rekrytering."),
    ])
    return {"2019": adjusted_2019, "2020": adjusted_2020, "draft": draft}


def test_login_required_and_wrong_method(client, manager):
    for url in [ARCHIVE, SEARCH]:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(manager)
    assert client.post(ARCHIVE).status_code == 405
    assert client.post(SEARCH, {"q": "x"}).status_code == 405


def test_archive_lists_adjusted_minutes_by_group_and_year(client, manager, minutes, group):
    client.force_login(manager)
    content = client.get(ARCHIVE).content.decode()
    assert "Justerade minnesanteckningar per grupp och år" in content
    assert f'href="?group={group.pk}&amp;year=2019">2019</a>' in content
    assert f'href="?group={group.pk}&amp;year=2020">2020</a>' in content
    assert "year=2021" not in content  # only a draft that year
    assert "(1 möte)" in content


def test_archive_year_lists_each_minutes_with_page_and_pdf(client, manager, minutes, group, django_assert_max_num_queries):
    client.force_login(manager)
    with django_assert_max_num_queries(8):
        response = client.get(ARCHIVE, {"group": group.pk, "year": 2020})
    content = response.content.decode()
    meeting = minutes["2020"]
    assert f'href="/meetings/{meeting.pk}/pdf/">PDF för 2020-11-16</a>' in content
    assert f'href="/meetings/{meeting.pk}/">2020-11-16</a>' in content
    assert "11/2020" in content and "3/2019" not in content
    # The PDF link works for the manager.
    assert client.get(f"/meetings/{meeting.pk}/pdf/").status_code == 200


def test_archive_never_lists_drafts_even_for_secretaries(client, secretary, minutes, group):
    client.force_login(secretary)
    content = client.get(ARCHIVE, {"group": group.pk, "year": 2021}).content.decode()
    assert "Det finns inga justerade minnesanteckningar för det valet." in content


def test_archive_of_another_group_is_invisible(client, other_secretary, minutes, group):
    client.force_login(other_secretary)
    content = client.get(ARCHIVE).content.decode()
    assert "Socialförvaltningen" not in content
    content = client.get(ARCHIVE, {"group": group.pk, "year": 2020}).content.decode()
    assert "11/2020" not in content and "Välj ett giltigt alternativ" in content


def test_archive_bad_year_gets_a_message(client, manager, minutes):
    client.force_login(manager)
    response = client.get(ARCHIVE, {"year": "tjugotjugo"})
    assert response.status_code == 200 and "Fyll i ett heltal." in response.content.decode()


def test_search_lists_items_of_any_section_with_meeting_date_section_and_snippet(client, manager, minutes):
    client.force_login(manager)
    response = client.get(SEARCH, {"q": "rekrytering"})
    content = response.content.decode()
    assert "Uppdatering chefsrekryteringar" in content or "Årsklockan 2021" in content
    assert "Årsklockan 2021" in content
    assert "2020-11-16" in content and "Dialog" in content and "FSG/VSG – Socialförvaltningen" in content
    assert "<mark>rekrytering</mark>" in content
    assert "Utkastets rekrytering" not in content  # managers never see drafts
    assert f'href="/meetings/{minutes["2020"].pk}/#item-' in content


def test_search_for_secretary_includes_drafts_marked(client, secretary, minutes):
    client.force_login(secretary)
    content = client.get(SEARCH, {"q": "hemlig rekrytering"}).content.decode()
    assert "Utkastets rekrytering" in content and '<span class="badge text-bg-warning">Utkast</span>' in content


def test_search_of_another_group_finds_nothing(client, other_secretary, minutes):
    client.force_login(other_secretary)
    content = client.get(SEARCH, {"q": "rekrytering"}).content.decode()
    assert "Inget matchar sökningen." in content and "Årsklockan" not in content


def test_search_filters_by_section_and_area(client, manager, minutes):
    client.force_login(manager)
    content = client.get(SEARCH, {"q": "rekrytering", "kind": "dialog"}).content.decode()
    assert "Årsklockan 2021" in content and "Uppdatering chefsrekryteringar" not in content
    content = client.get(SEARCH, {"q": "rekrytering", "area": "BUF"}).content.decode()
    assert "Årsklockan 2021" not in content


def test_search_page_without_a_query_explains_itself(client, manager, minutes):
    client.force_login(manager)
    content = client.get(SEARCH).content.decode()
    assert "Sök i punkternas rubriker och texter, fackliga inspel och beslut." in content


def test_search_box_on_every_page(client, manager, minutes):
    client.force_login(manager)
    for url in ["/", ARCHIVE, "/decisions/", "/statistics/"]:
        content = client.get(url).content.decode()
        assert 'action="/search/" role="search"' in content and 'name="q"' in content, url
    assert 'value="årsklockan"' in client.get(SEARCH, {"q": "årsklockan"}).content.decode()


def test_search_escapes_titles_and_query(client, manager, group):
    make_minutes(group, items=[(AgendaItem.Kind.INFORMATION, "<b>Fet</b> rubrik", "Text om lokaler.")])
    client.force_login(manager)
    content = client.get(SEARCH, {"q": "lokaler"}).content.decode()
    assert "<b>Fet</b>" not in content and "&lt;b&gt;Fet&lt;/b&gt; rubrik" in content
    content = client.get(SEARCH, {"q": "<i>kursiv</i>"}).content.decode()
    assert "<i>kursiv" not in content and "&lt;i&gt;kursiv&lt;/i&gt;" in content


def test_search_query_count_is_bounded(client, manager, group, django_assert_max_num_queries):
    for month in range(1, 11):
        make_minutes(group, date=datetime.date(2020, month, 3), items=[
            (AgendaItem.Kind.INFORMATION, f"Rekrytering {month}-{n}", "Rekrytering pågår inom BUF.") for n in range(4)
        ])
    client.force_login(manager)
    with django_assert_max_num_queries(9):
        response = client.get(SEARCH, {"q": "rekrytering", "page": 2})
    assert response.status_code == 200 and "Sida 2 av 2" in response.content.decode()
    with django_assert_max_num_queries(9):  # nothing is cached: the same work, access check included, again
        assert without_csrf(client.get(SEARCH, {"q": "rekrytering", "page": 2}).content) == without_csrf(response.content)
