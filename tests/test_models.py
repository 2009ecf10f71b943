import datetime

import pytest
from django.db import IntegrityError, transaction

from meetings import access
from meetings.models import AgendaItem, Decision, Meeting, Position
from tests import factories


def test_heading_and_appendix_label_are_derived(meeting):
    assert meeting.heading == (
        "Minnesanteckningar från samverkansgrupp FSG/VSG – Socialförvaltningen den 16 november 2020"
    )
    assert meeting.appendix_label == "Bilaga till protokoll 11/2020"


def test_appendix_label_is_empty_without_protocol_number(group):
    meeting = factories.make_meeting(group=group, protocol_number="")
    assert meeting.appendix_label == ""


def test_items_by_section_keeps_printed_order_and_empty_sections(meeting):
    factories.make_item(meeting, kind=AgendaItem.Kind.DIALOG, title="Årsklockan")
    factories.make_item(meeting, kind=AgendaItem.Kind.INFORMATION, title="Val av justerare")
    sections = meeting.items_by_section()
    assert [kind for kind, _label, _items in sections] == ["information", "dialog", "decision", "other"]
    assert [i.title for i in sections[0][2]] == ["Val av justerare"]
    assert [i.title for i in sections[1][2]] == ["Årsklockan"]
    assert sections[2][2] == [] and sections[3][2] == []


def test_items_are_ordered_by_position(meeting):
    factories.make_item(meeting, title="B", position=2)
    factories.make_item(meeting, title="A", position=1)
    assert [i.title for i in meeting.items.all()] == ["A", "B"]


def test_position_is_unique_per_meeting(meeting, item):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_item(meeting, title="Dubblett", position=item.position)


def test_same_position_in_another_meeting_is_fine(group, item):
    other = factories.make_meeting(group=group, date=datetime.date(2020, 12, 14))
    factories.make_item(other, position=item.position)


def test_protocol_number_unique_per_group(group, meeting):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_meeting(group=group, protocol_number=meeting.protocol_number)


def test_meetings_without_protocol_number_do_not_clash(group):
    factories.make_meeting(group=group)
    factories.make_meeting(group=group)


def test_meeting_must_end_after_it_starts(group):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_meeting(group=group, start_time=datetime.time(13), end_time=datetime.time(12))


def test_one_adjuster_slot_per_person_and_meeting(meeting, adjuster, ssr):
    factories.make_adjuster(meeting, name="Cecilia Cederström", party=ssr, user=adjuster)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_adjuster(meeting, name="Cecilia Cederström", party=ssr)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_adjuster(meeting, name="Annan Person", party=ssr, user=adjuster)


def test_one_position_per_party_and_decision(meeting, ssr):
    decision = factories.make_decision(factories.make_item(meeting, kind="decision"))
    Position.objects.create(decision=decision, party=ssr, stand=Position.Stand.AGREE)
    with pytest.raises(IntegrityError), transaction.atomic():
        Position.objects.create(decision=decision, party=ssr, stand=Position.Stand.DISAGREE)


def test_a_demand_needs_its_text(meeting, ssr):
    decision = factories.make_decision(factories.make_item(meeting, kind="decision"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Position.objects.create(decision=decision, party=ssr, stand=Position.Stand.DEMAND, text="")
    Position.objects.create(decision=decision, party=ssr, stand=Position.Stand.DEMAND,
                            text="SSR yrkar på en uppräkning på minst 5,5 %")


def test_unknown_kind_and_outcome_are_refused_by_the_database(meeting):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_item(meeting, kind="gossip")
    item = factories.make_item(meeting, kind="decision")
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(item=item, text="x", outcome="maybe")


def test_visible_to_by_role(group, meeting, secretary, other_secretary, adjuster, other_adjuster, manager, ssr):
    adjusted = factories.make_meeting(group=group, date=datetime.date(2019, 3, 25),
                                      status=Meeting.Status.ADJUSTED)
    factories.make_adjuster(meeting, party=ssr, user=adjuster)
    visible = lambda user: set(access.visible_meetings(user))  # noqa: E731
    assert visible(secretary) == {meeting, adjusted}
    assert visible(other_secretary) == set()
    assert visible(adjuster) == {meeting, adjusted}
    assert visible(other_adjuster) == {adjusted}
    assert visible(manager) == {adjusted}


def test_only_group_secretaries_edit_drafts(meeting, secretary, other_secretary, adjuster, manager):
    assert access.can_edit_meeting(secretary, meeting)
    assert not access.can_edit_meeting(other_secretary, meeting)
    assert not access.can_edit_meeting(adjuster, meeting)
    assert not access.can_edit_meeting(manager, meeting)
    meeting.status = Meeting.Status.OUT_FOR_ADJUSTMENT
    assert access.can_edit_meeting(secretary, meeting)  # corrections while out for adjustment void signatures
    meeting.status = Meeting.Status.ADJUSTED
    assert not access.can_edit_meeting(secretary, meeting)


def test_str_methods(meeting, item, ssr):
    assert str(meeting) == "FSG/VSG 2020-11-16"
    assert str(item) == "Nytt inom arbetsmiljö"
    assert str(ssr) == "Akademikerförbundet SSR"
    assert str(meeting.group) == "FSG/VSG – Socialförvaltningen"


def test_children_sort_by_their_own_columns_without_joining_a_parent():
    """Orderings name columns (meeting_id), so a prefetch of an item's parts never joins the meeting to sort."""
    from meetings.models import Adjuster, AgendaItem, Attachment, Position, ReviewComment, Signature, UnionInput

    for model in (AgendaItem, UnionInput, Adjuster, Attachment, Signature, ReviewComment):
        sql = str(model.objects.filter(pk__in=[1, 2]).query)
        assert "JOIN" not in sql, model.__name__
    # Positions sort by party (employer first, then the unions by name): that one join, no more.
    assert str(Position.objects.filter(pk__in=[1]).query).count("JOIN") == 1
