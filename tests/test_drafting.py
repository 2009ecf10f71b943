"""The drafting services (meetings.drafting): meetings, items, moves, union inputs, decisions, adjusters, attachments."""

import datetime

import pytest

from meetings import drafting
from meetings.exceptions import EditConflict, MeetingLocked
from meetings.models import AgendaItem, Meeting
from tests import factories


def titles(meeting):
    return [(i.kind, i.title) for i in meeting.items.order_by("position")]


def test_new_meeting_gets_the_standing_opening_items(group, secretary):
    meeting = drafting.meeting_create(
        meeting=Meeting(group=group, date=datetime.date(2021, 1, 18), chair="Socialdirektör"),
        user=secretary,
    )
    assert titles(meeting) == [
        ("information", "Val av justerare"),
        ("information", "Föregående mötesanteckningar"),
    ]
    assert meeting.items.get(title="Val av justerare").presenter == "Socialdirektör"
    assert meeting.status == Meeting.Status.DRAFT and meeting.created_by == secretary


def test_new_meeting_from_previous_copies_agenda_but_not_texts(group, secretary, meeting):
    meeting.place, meeting.chair = "Stadshuset", "SOF Socialdirektör"
    meeting.save()
    factories.make_item(meeting, title="Val av justerare", body="A och B valdes som justerare.")
    factories.make_item(meeting, kind="dialog", title="Årsklockan", presenter="HR-chef", body="Gammal text")
    new = drafting.meeting_create(
        meeting=Meeting(group=group, date=datetime.date(2020, 12, 14)), user=secretary, copy_previous=True
    )
    assert titles(new) == [("information", "Val av justerare"), ("dialog", "Årsklockan")]
    assert new.items.get(title="Årsklockan").presenter == "HR-chef"
    assert new.items.get(title="Årsklockan").body == ""
    assert new.place == "Stadshuset" and new.chair == "SOF Socialdirektör"


@pytest.mark.parametrize(
    ("previous", "year", "expected"),
    [("11/2020", 2020, "12/2020"), ("02/2022", 2022, "3/2022"), ("11/2020", 2021, "1/2021"), ("", 2021, "1/2021")],
)
def test_next_protocol_number(previous, year, expected):
    assert drafting.next_protocol_number(previous, datetime.date(year, 1, 1)) == expected


def test_item_create_appends_to_its_section(meeting):
    factories.make_item(meeting, kind="information", title="Info 1")
    factories.make_item(meeting, kind="dialog", title="Dialog 1")
    drafting.item_create(item=AgendaItem(meeting=meeting, kind="information", title="Info 2"))
    assert titles(meeting) == [("information", "Info 1"), ("information", "Info 2"), ("dialog", "Dialog 1")]
    assert list(meeting.items.values_list("position", flat=True)) == [1, 2, 3]


def test_move_within_and_across_sections(meeting):
    a = factories.make_item(meeting, kind="information", title="A")
    b = factories.make_item(meeting, kind="information", title="B")
    c = factories.make_item(meeting, kind="dialog", title="C")
    drafting.item_move(item=b, direction="up")
    assert titles(meeting) == [("information", "B"), ("information", "A"), ("dialog", "C")]
    drafting.item_move(item=a, direction="down")  # last of Information → first of Dialog
    assert titles(meeting) == [("information", "B"), ("dialog", "A"), ("dialog", "C")]
    drafting.item_move(item=c, direction="down")  # last of Dialog → into the empty Beslut
    drafting.item_move(item=c, direction="down")  # → Övrigt
    drafting.item_move(item=c, direction="down")  # nowhere further: stays
    assert titles(meeting) == [("information", "B"), ("dialog", "A"), ("other", "C")]
    drafting.item_move(item=b, direction="up")  # first of the agenda: stays
    assert titles(meeting)[0] == ("information", "B")


def test_changing_the_section_in_the_form_moves_the_item_to_the_end_of_it(meeting):
    a = factories.make_item(meeting, kind="information", title="A")
    factories.make_item(meeting, kind="dialog", title="B")
    factories.make_item(meeting, kind="other", title="C")
    a.kind = "dialog"
    drafting.item_update(item=a, expected_version=a.version)
    assert titles(meeting) == [("dialog", "B"), ("dialog", "A"), ("other", "C")]


def test_delete_renumbers(meeting):
    a = factories.make_item(meeting, title="A")
    factories.make_item(meeting, title="B")
    drafting.item_delete(item=a)
    assert list(meeting.items.values_list("title", "position")) == [("B", 1)]


def test_stale_version_raises_conflict_and_writes_nothing(item):
    first = AgendaItem.objects.get(pk=item.pk)
    second = AgendaItem.objects.get(pk=item.pk)
    first.body = "Första personens text"
    drafting.item_update(item=first, expected_version=1)
    second.body = "Andra personens text"
    with pytest.raises(EditConflict) as exc:
        drafting.item_update(item=second, expected_version=1)
    assert exc.value.current.body == "Första personens text"
    item.refresh_from_db()
    assert item.body == "Första personens text" and item.version == 2


def test_no_writes_once_the_minutes_are_adjusted(meeting, item):
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.ADJUSTED)
    meeting.refresh_from_db()
    item.refresh_from_db()
    item.title = "Ändrad"
    with pytest.raises(MeetingLocked):
        drafting.item_update(item=item, expected_version=item.version)
    with pytest.raises(MeetingLocked):
        drafting.item_create(item=AgendaItem(meeting=meeting, kind="other", title="Ny"))
    with pytest.raises(MeetingLocked):
        drafting.item_delete(item=item)
    with pytest.raises(MeetingLocked):
        drafting.item_move(item=item, direction="down")
    assert meeting.items.get().title == "Nytt inom arbetsmiljö"


def test_decision_save_replaces_positions(meeting, ssr, kommunal):
    item = factories.make_item(meeting, kind="decision", title="Verksamhetsövergång FoU")
    item.meeting = meeting
    from meetings.models import Decision

    decision = Decision(item=item, text="Beslut.", outcome=Decision.Outcome.DISAGREED)
    drafting.decision_save(decision=decision, stands={ssr: ("disagree", ""), kommunal: ("agree", "")})
    drafting.decision_save(decision=decision, stands={ssr: ("demand", "SSR yrkar på 5,5 %"), kommunal: ("", "")})
    assert [(p.party.name, p.stand, p.text) for p in decision.positions.all()] == [
        ("Akademikerförbundet SSR", "demand", "SSR yrkar på 5,5 %")
    ]


def test_decision_only_on_decision_items(meeting, item):
    from meetings.models import Decision

    with pytest.raises(ValueError):
        drafting.decision_save(decision=Decision(item=item, text="x"), stands={})
