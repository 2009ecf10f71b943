import datetime

import pytest

from meetings.forms import (
    AdjusterForm,
    AgendaItemForm,
    DecisionForm,
    MeetingCreateForm,
    MeetingForm,
)
from meetings.models import Decision
from tests import factories

pytestmark = pytest.mark.django_db


def test_meeting_form_offers_only_the_users_groups(secretary, group):
    other = factories.make_group("FSG", "Kulturförvaltningen")
    form = MeetingCreateForm(user=secretary)
    assert list(form.fields["group"].queryset) == [group]
    assert other not in form.fields["group"].queryset


def test_group_cannot_change_after_creation(secretary, meeting):
    other = factories.make_group("VSG", "Socialförvaltningen")
    other.members.add(secretary)
    form = MeetingForm(
        data={"group": other.pk, "date": "2020-11-16", "protocol_number": "11/2020", "version": 1},
        instance=meeting, user=secretary,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["group"] == meeting.group


def test_protocol_number_clash_is_a_form_error(secretary, group, meeting):
    form = MeetingCreateForm(data={"group": group.pk, "date": "2020-12-14", "protocol_number": "11/2020"}, user=secretary)
    assert not form.is_valid()
    assert form.errors["protocol_number"] == [
        "Gruppen har redan minnesanteckningar med protokollnummer 11/2020. Nästa lediga nummer är 12/2020."
    ]


def test_item_form_requires_title_and_known_section():
    form = AgendaItemForm(data={"kind": "gossip", "title": "", "version": 1})
    assert not form.is_valid()
    assert set(form.errors) == {"kind", "title"}


def test_item_form_keeps_text_as_typed():
    body = "## GM\n- En punkt\n\n<b>fet</b> text"
    form = AgendaItemForm(data={"kind": "dialog", "title": "Årsklockan", "body": body, "version": 1})
    assert form.is_valid()
    assert form.cleaned_data["body"] == body


def test_adjuster_form_takes_the_name_from_the_account(meeting, adjuster, ssr):
    form = AdjusterForm(data={"party": ssr.pk, "user": adjuster.pk}, meeting=meeting)
    assert form.is_valid(), form.errors
    assert form.save(commit=False).name == "Cecilia Cederström"


def test_adjuster_form_offers_only_adjuster_accounts(meeting, adjuster, manager):
    form = AdjusterForm(meeting=meeting)
    assert adjuster in form.fields["user"].queryset and manager not in form.fields["user"].queryset


def test_decision_form_has_a_position_per_party(meeting, ssr, kommunal, employer):
    item = factories.make_item(meeting, kind="decision")
    decision = factories.make_decision(item, stands=[(ssr, "disagree")])
    form = DecisionForm(instance=decision)
    assert {f"stand_{p.pk}" for p in (ssr, kommunal, employer)} <= set(form.fields)
    assert form.fields[f"stand_{ssr.pk}"].initial == "disagree"


def test_decision_form_dates_and_stands(meeting, ssr):
    item = factories.make_item(meeting, kind="decision")
    form = DecisionForm(
        data={"text": "Beslut.", "outcome": "agreed", "effective_date": "2022-04-01",
              "follow_up_date": "2022-06-30", f"stand_{ssr.pk}": "agree"},
        instance=Decision(item=item),
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["effective_date"] == datetime.date(2022, 4, 1)
    assert form.stands()[ssr] == ("agree", "")
