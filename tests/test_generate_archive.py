"""manage.py generate_archive: a realistic archive, adjusted and searchable, made with bulk inserts."""

import pytest
from django.db.models import Count
from django.core.management import CommandError, call_command
from django.db import transaction

from meetings.archive.search import Search
from meetings.models import AgendaItem, Decision, ItemSearch, Meeting, Position


@pytest.fixture
def generated(db, capsys):
    call_command("generate_archive", years=2, meetings_per_year=4, end_year=2021, seed=7)
    return capsys.readouterr().out


def test_makes_adjusted_minutes_with_items_decisions_and_positions(generated):
    meetings = Meeting.objects.all()
    assert meetings.count() == 8
    assert set(meetings.values_list("status", flat=True)) == {Meeting.Status.ADJUSTED}
    assert sorted({m.date.year for m in meetings}) == [2020, 2021]
    assert set(meetings.values_list("group__name", flat=True)) == {"FSG/VSG", "VSG"}
    assert "Created 8 adjusted minutes" in generated
    items = AgendaItem.objects.count()
    assert 8 * 15 <= items <= 8 * 26  # about 21 items a meeting
    assert set(AgendaItem.objects.values_list("kind", flat=True)) == set(AgendaItem.Kind.values)
    decisions = Decision.objects.select_related("item").prefetch_related("positions")
    assert 8 * 4 <= decisions.count() <= 8 * 7
    for decision in decisions:
        assert decision.item.kind == AgendaItem.Kind.DECISION
        stands = {p.stand for p in decision.positions.all()}
        assert len(decision.positions.all()) == 4  # the employer and three unions
        # The outcome follows from the positions.
        assert (decision.outcome == Decision.Outcome.DISAGREED) == (Position.Stand.DISAGREE in stands)


def test_everything_is_indexed_with_areas(generated):
    assert ItemSearch.objects.count() == AgendaItem.objects.count()
    assert ItemSearch.objects.exclude(areas="").exists()
    assert Search("sektionschef").filter(AgendaItem.objects.all()).exists()


def test_running_twice_adds_nothing(generated, capsys):
    call_command("generate_archive", years=2, meetings_per_year=4, end_year=2021, seed=7)
    assert "Created 0 adjusted minutes" in capsys.readouterr().out
    assert Meeting.objects.count() == 8


class _Undo(Exception):
    pass


def test_same_seed_same_archive(db):
    # Undone by a rollback: adjusted minutes cannot be deleted (on PostgreSQL the database refuses).
    with pytest.raises(_Undo), transaction.atomic():
        call_command("generate_archive", years=1, meetings_per_year=2, end_year=2020, seed=3)
        first = list(AgendaItem.objects.order_by("meeting__date", "meeting__group__name", "position").values_list("title", "body"))
        raise _Undo
    assert not Meeting.objects.exists()
    call_command("generate_archive", years=1, meetings_per_year=2, end_year=2020, seed=3)
    assert list(AgendaItem.objects.order_by("meeting__date", "meeting__group__name", "position").values_list("title", "body")) == first


@pytest.mark.parametrize("options, message", [
    ({"years": 0}, "--years must be between 1 and 500."),
    ({"meetings_per_year": 0}, "--meetings-per-year must be between 1 and 500."),
    ({"groups": 0}, "--groups must be between 1 and 20."),
    ({"years": 5, "end_year": 1901}, "The years must lie between 1900 and 2200."),
])
def test_bad_arguments_get_plain_messages(db, options, message):
    with pytest.raises(CommandError, match=message):
        call_command("generate_archive", **options)
    assert not Meeting.objects.exists()


def test_more_groups_spread_the_meetings_over_other_administrations(db):
    call_command("generate_archive", years=1, meetings_per_year=10, end_year=2020, groups=5, seed=4)
    per_group = dict(
        Meeting.objects.values_list("group__administration", "group__name")
        .annotate(count=Count("pk")).values_list("group__administration", "count")
        .order_by()
    )
    groups = Meeting.objects.values("group").distinct().count()
    assert groups == 5 and Meeting.objects.count() == 10
    assert "Utbildningsförvaltningen" in per_group
