"""The statistics page: charts as inline SVG with their data tables."""

import datetime
import re

import pytest

from meetings.archive.charts import bar_chart, integer_scale, line_chart, nice_max
from meetings.models import Decision, Meeting
from tests import factories
from tests.archive_data import AGREE, DISAGREE, make_minutes

URL = "/statistics/"
AGREED, DISAGREED = Decision.Outcome.AGREED, Decision.Outcome.DISAGREED


@pytest.fixture
def decisions(group, ssr, kommunal, employer):
    make_minutes(group, date=datetime.date(2020, 3, 2), decisions=[
        ("A", "Text.", AGREED, [(employer, AGREE), (ssr, AGREE), (kommunal, AGREE)], ""),
        ("B", "Text.", DISAGREED, [(employer, AGREE), (ssr, DISAGREE), (kommunal, AGREE)], ""),
    ])
    make_minutes(group, date=datetime.date(2021, 3, 1), decisions=[
        ("C", "Text.", AGREED, [(ssr, AGREE), (kommunal, AGREE)], ""),
        ("D", "Text.", DISAGREED, [(ssr, DISAGREE), (kommunal, DISAGREE)], ""),
        ("E", "Text.", DISAGREED, [(ssr, AGREE), (kommunal, DISAGREE)], ""),
    ])
    make_minutes(group, date=datetime.date(2021, 9, 6), status=Meeting.Status.DRAFT, decisions=[
        ("Utkast", "Text.", DISAGREED, [(ssr, DISAGREE)], ""),
    ])


def table(content, chart_id):
    """The rows of a chart's data table as lists of cell texts."""
    section = content[content.index(f'aria-labelledby="{chart_id}-heading"'):]
    body = section[section.index("<tbody>"):section.index("</tbody>")]
    return [re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row) for row in body.split("</tr>") if "<t" in row]


def test_login_required_and_wrong_method(client, manager):
    assert client.get(URL).status_code == 302
    client.force_login(manager)
    assert client.post(URL).status_code == 405


def test_charts_and_their_tables(client, manager, decisions, django_assert_max_num_queries):
    client.force_login(manager)
    with django_assert_max_num_queries(9):
        response = client.get(URL)
    content = response.content.decode()
    assert "Bygger på 5 beslut i justerade minnesanteckningar som du kan läsa." in content
    assert content.count("<svg class=\"chart\"") == 4
    assert '<title id="per-year-group-title">Beslut per år och grupp</title>' in content
    assert "<desc id=\"agreed-share-desc\">" in content and 'role="img"' in content
    assert table(content, "per-year-group") == [["2020", "2"], ["2021", "3"]]
    assert table(content, "agreed-share") == [["2020", "2", "1", "50 %"], ["2021", "3", "1", "33,3 %"]]
    # Disagreements per union: the draft's SSR disagreement is not counted.
    rows = table(content, "disagreements")
    unions = re.findall(r"<th scope=\"col\">([^<]*)</th>", content[content.index('id="disagreements-heading"'):])[1:]
    by_union = {union: [row[i + 1] for row in rows] for i, union in enumerate(unions[: len(rows[0]) - 1])}
    assert by_union["SSR"] == ["1", "1"] and by_union["Kommunal"] == ["0", "2"]
    # Share of agreement per union: SSR agreed in 3 of 5 recorded positions, Kommunal in 3 of 5.
    assert table(content, "union-agreement") == [["SSR", "5", "3", "60 %"], ["Kommunal", "5", "3", "60 %"]]


def test_no_statistics_without_adjusted_decisions(client, manager, group):
    make_minutes(group, status=Meeting.Status.DRAFT, decisions=[("Utkast", "Text.", AGREED, [], "")])
    client.force_login(manager)
    content = client.get(URL).content.decode()
    assert "Det finns ännu inga beslut i justerade minnesanteckningar att räkna." in content
    assert "<svg class=\"chart\"" not in content


def test_other_groups_decisions_are_not_counted(client, other_secretary, decisions):
    client.force_login(other_secretary)
    assert "Det finns ännu inga beslut" in client.get(URL).content.decode()


def test_group_names_are_escaped_in_the_svg(client, db):
    evil = factories.make_group("<script>x</script>", "Förvaltning")
    make_minutes(evil, decisions=[("A", "Text.", AGREED, [], "")])
    admin = factories.make_user(username="admin", is_superuser=True)
    client.force_login(admin)
    content = client.get(URL).content.decode()
    assert "<script>x</script>" not in content and "&lt;script&gt;x&lt;/script&gt;" in content


def test_nice_max_and_bar_geometry():
    assert [nice_max(v) for v in (0, 1, 3, 7, 11, 240, 2662)] == [1, 1, 5, 10, 20, 250, 5000]
    chart = bar_chart([2020, 2021], [("A", [1, 2]), ("B", [1, 0])])
    bars = chart["bars"]
    assert len(bars) == 3  # a zero makes no bar
    # Stacked: 2020's two bars touch, and the total 2 reaches the top of a 2-high axis.
    first, second = bars[0], bars[1]
    assert first["y"] == pytest.approx(second["y"] + second["height"])
    assert second["y"] == chart["top"]
    assert [entry["label"] for entry in chart["legend"]] == ["A", "B"]
    lines = line_chart([2020, 2021], [("SSR", [0, 5])])["lines"]
    assert lines[0]["points"][1]["y"] == chart["top"] and lines[0]["points"][0]["y"] == chart["bottom"]


def test_svg_coordinates_are_plain_numbers_in_the_swedish_interface(client, manager, decisions):
    """Swedish formatting writes 236,0; an SVG attribute needs 236.0 or the chart breaks."""
    client.force_login(manager)
    content = client.get(URL).content.decode()
    coordinates = re.findall(r'\s(?:x|y|x1|x2|y1|y2|width|height|cx|cy|r)="([^"]*)"', content)
    assert coordinates
    assert [value for value in coordinates if "," in value] == []


def test_missing_years_are_gaps_and_years_without_positions_are_unknown(client, manager, group, ssr, kommunal):
    make_minutes(group, date=datetime.date(2018, 3, 5), decisions=[
        ("A", "Text.", DISAGREED, [(ssr, DISAGREE), (kommunal, AGREE)], ""),
    ])
    # 2019: no minutes at all. 2020: decisions, but nobody's position recorded.
    make_minutes(group, date=datetime.date(2020, 3, 2), decisions=[("B", "Text.", AGREED, [], "")])
    make_minutes(group, date=datetime.date(2021, 3, 1), decisions=[("C", "Text.", AGREED, [(ssr, AGREE)], "")])
    client.force_login(manager)
    content = client.get(URL).content.decode()
    assert [row[0] for row in table(content, "per-year-group")] == ["2018", "2019", "2020", "2021"]
    assert table(content, "per-year-group")[1] == ["2019", "–"]
    assert table(content, "agreed-share")[1] == ["2019", "–", "–", "–"]
    rows = table(content, "disagreements")
    assert rows[1][1:] == ["–", "–"] and rows[2][1:] == ["okänt", "okänt"]
    assert rows[0][1:] == ["1", "0"] and rows[3][1:] == ["0", "0"]  # SSR, Kommunal
    # The lines break at the gap: two pieces per union (2018, then 2021).
    svg = content[content.index('id="disagreements-heading"'):]
    svg = svg[:svg.index("</svg>")]
    assert svg.count("<polyline") == 4


def test_ticks_are_whole_numbers_in_swedish():
    assert [integer_scale(v) for v in (0, 1, 2, 3, 5, 7, 11, 240)] == [
        (1, 1), (1, 1), (2, 1), (3, 1), (5, 1), (8, 2), (15, 5), (250, 50)]
    labels = [tick["label"] for tick in bar_chart([2020], [("A", [3])])["y_ticks"]]
    assert labels == ["0", "1", "2", "3"]
    labels = [tick["label"] for tick in line_chart([2020, 2021], [("A", [1, 2])])["y_ticks"]]
    assert labels == ["0", "1", "2"]
    labels = [tick["label"] for tick in bar_chart([2020], [("A", [33.3])], percent=True)["y_ticks"]]
    assert labels == ["0 %", "25 %", "50 %", "75 %", "100 %"]
    assert bar_chart([2020], [("A", [33.3])], percent=True)["bars"][0]["title"] == "2020 · A: 33,3 %"
    assert bar_chart([2020], [("A", [2500])])["y_ticks"][-1]["label"].replace("\xa0", " ") == "2 500"
