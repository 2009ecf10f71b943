"""Issue 17: the decision in one step, the meeting form's proposals and questions, stated limits,
"Val av justerare" printed from the adjusters, and the copied agenda without last month's decisions."""

import datetime

import pytest
from django.urls import reverse

from meetings import drafting
from meetings.forms import LONG_TEXT_MAX, AgendaItemForm, DecisionForm, MeetingCreateForm
from meetings.models import AgendaItem, Decision, Meeting, Position, UnionInput, User
from tests import factories


@pytest.fixture
def vision(db):
    return factories.make_party("Vision")


@pytest.fixture
def parties(ssr, kommunal, vision, employer):
    return [ssr, kommunal, vision, employer]


def decision_data(parties, stands, **extra):
    data = {"text": "Beslut enligt förslaget.", "outcome": "", "deferred_to": ""}
    for party, stand in zip(parties, stands):
        data[f"stand_{party.pk}"] = stand
    data.update(extra)
    return data


@pytest.mark.parametrize("stands, outcome", [
    (["agree"] * 4, Decision.Outcome.AGREED),
    (["agree", "agree", "disagree", "agree"], Decision.Outcome.DISAGREED),
    (["agree", "no_objection", "no_objection", "agree"], Decision.Outcome.NO_OBJECTION),
    (["", "", "", ""], Decision.Outcome.UNKNOWN),
])
def test_the_outcome_follows_from_the_positions(meeting, parties, stands, outcome):
    item = factories.make_item(meeting, kind="decision")
    form = DecisionForm(data=decision_data(parties, stands), instance=Decision(item=item))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["outcome"] == outcome


def test_agreed_with_a_disagreeing_union_is_refused_in_swedish(meeting, parties):
    item = factories.make_item(meeting, kind="decision")
    data = decision_data(parties, ["agree", "agree", "disagree", "agree"], outcome="agreed")
    form = DecisionForm(data=data, instance=Decision(item=item))
    assert not form.is_valid()
    assert form.errors["outcome"] == [
        "Utfallet ”Parterna är eniga” motsäger ställningstagandena: Vision är oeniga. "
        "Ändra utfallet eller ställningstagandena."
    ]
    form = DecisionForm(data=decision_data(parties, ["agree"] * 4, outcome="disagreed"), instance=Decision(item=item))
    assert not form.is_valid() and "motsäger" in form.errors["outcome"][0]


def test_a_deferral_needs_a_target(meeting, parties):
    item = factories.make_item(meeting, kind="decision")
    form = DecisionForm(data=decision_data(parties, [""] * 4, outcome="deferred"), instance=Decision(item=item))
    assert not form.is_valid() and "deferred_to" in form.errors


def test_positions_are_radio_groups_and_union_input_is_in_the_same_card(client, secretary, meeting, parties):
    item = factories.make_item(meeting, kind="decision", title="Budget")
    client.force_login(secretary)
    page = client.get(reverse("meetings:decision_edit", args=[item.pk])).content.decode()
    for party in parties:
        assert f"<legend class=\"h6 fs-6 mb-1\">Ställningstagande från {party.name}</legend>" in page
        assert page.count(f'name="stand_{party.pk}"') == 1 + len(Position.Stand.choices)
    assert "Fackligt inspel från Vision" in page and "Fackligt inspel från Arbetsgivaren" not in page
    assert "Alla eniga" in page

    data = decision_data(parties, ["agree"] * 4, version="", **{f"input_{parties[2].pk}": "Vision välkomnar."})
    response = client.post(reverse("meetings:decision_edit", args=[item.pk]), data)
    assert response.status_code == 302
    decision = Decision.objects.get(item=item)
    assert decision.outcome == Decision.Outcome.AGREED and decision.positions.count() == 4
    assert list(UnionInput.objects.filter(item=item).values_list("party__name", "text")) == [("Vision", "Vision välkomnar.")]


def test_the_create_form_proposes_the_groups_next_number_for_the_year(client, secretary, group):
    year = datetime.date.today().year
    for number in (f"3/{year}", f"12/{year}", f"40/{year - 1}"):
        factories.make_meeting(group=group, protocol_number=number, date=datetime.date(year - 1, 1, 1))
    client.force_login(secretary)
    response = client.get(reverse("meetings:meeting_create"))
    assert response.context["form"].initial["protocol_number"] == f"13/{year}"


def create_data(group, **extra):
    return {"group": group.pk, "date": "2026-03-09", "protocol_number": "", "copy_previous": "", **extra}


def test_a_second_draft_for_the_same_group_and_date_is_asked_for(client, secretary, group):
    client.force_login(secretary)
    assert client.post(reverse("meetings:meeting_create"), create_data(group)).status_code == 302
    # Going back and submitting again: a question, not a second draft.
    response = client.post(reverse("meetings:meeting_create"), create_data(group))
    assert response.status_code == 200
    assert "Gruppen har redan minnesanteckningar daterade 9 mars 2026 (Utkast)" in response.content.decode()
    assert 'type="checkbox" name="confirm_duplicate"' in response.content.decode()
    assert Meeting.objects.filter(group=group).count() == 1
    response = client.post(reverse("meetings:meeting_create"), create_data(group, confirm_duplicate="on"))
    assert response.status_code == 302
    assert Meeting.objects.filter(group=group).count() == 2


@pytest.mark.parametrize("date", ["1899-05-01", "2099-01-01"])
def test_unlikely_dates_need_a_confirmation(secretary, group, date):
    form = MeetingCreateForm(data=create_data(group, date=date), user=secretary)
    assert not form.is_valid()
    assert "Kontrollera det, eller kryssa i ”Ja, datumet stämmer”." in form.errors["date"][0]
    form = MeetingCreateForm(data=create_data(group, date=date, confirm_date="on"), user=secretary)
    assert form.is_valid(), form.errors


def test_an_ordinary_date_needs_no_confirmation(secretary, group):
    assert MeetingCreateForm(data=create_data(group, date=datetime.date.today().isoformat()), user=secretary).is_valid()


def test_long_text_limit_is_stated_and_refused_not_cut(meeting):
    form = AgendaItemForm(initial={"kind": "information"})
    html = str(form["body"])
    assert "maxlength" not in html.replace("data-maxlength", "")  # the browser would cut a paste silently
    assert f'data-maxlength="{LONG_TEXT_MAX}"' in html
    assert "Högst 100 000 tecken." in str(form["body"].help_text).replace("\xa0", " ")
    form = AgendaItemForm(data={"kind": "information", "title": "Lång", "body": "x" * (LONG_TEXT_MAX + 1)})
    assert not form.is_valid()
    assert "100000" in form.errors["body"][0].replace("\xa0", "").replace(" ", "")


def test_a_new_items_form_focuses_the_title():
    assert "autofocus" in str(AgendaItemForm(initial={"kind": "information"})["title"])


def test_val_av_justerare_is_printed_from_the_adjusters_and_stays_editable(secretary, group, kommunal, ssr):
    anna = factories.make_user(role=User.Role.ADJUSTER, username="anna.ek", party=kommunal, groups=[group],
                               first_name="Anna", last_name="Ek")
    bo = factories.make_user(role=User.Role.ADJUSTER, username="bo.as", party=ssr, groups=[group],
                             first_name="Bo", last_name="Ås")
    meeting = drafting.meeting_create(meeting=Meeting(group=group, date=datetime.date(2026, 3, 9)), user=secretary)
    item = meeting.items.get(title="Val av justerare")
    drafting.adjuster_create(adjuster=factories.Adjuster(meeting=meeting, user=anna))
    drafting.adjuster_create(adjuster=factories.Adjuster(meeting=meeting, user=bo))
    item.refresh_from_db()
    assert item.body == "Anna Ek, Kommunal, och Bo Ås, SSR, valdes som justerare."
    drafting.adjuster_delete(adjuster=meeting.adjusters.get(name="Bo Ås"))
    item.refresh_from_db()
    assert item.body == "Anna Ek, Kommunal, valdes som justerare."
    # Once the secretary writes something else, it is theirs.
    item.body = "Anna Ek valdes som justerare för Kommunal."
    item.save()
    drafting.adjuster_create(adjuster=factories.Adjuster(meeting=meeting, user=bo))
    item.refresh_from_db()
    assert item.body == "Anna Ek valdes som justerare för Kommunal."


def test_copying_the_previous_agenda_leaves_out_decisions_unless_deferred(secretary, group):
    previous = factories.make_meeting(group=group, date=datetime.date(2026, 2, 9))
    factories.make_item(previous, kind="information", title="Ekonomi")
    one_off = factories.make_item(previous, kind="decision", title="Ny delegationsordning")
    factories.make_decision(one_off)
    deferred = factories.make_item(previous, kind="decision", title="Ny organisation BUF")
    factories.make_decision(deferred, outcome=Decision.Outcome.DEFERRED)
    Decision.objects.filter(item=deferred).update(deferred_to="nästa möte")
    meeting = drafting.meeting_create(
        meeting=Meeting(group=group, date=datetime.date(2026, 3, 9)), user=secretary, copy_previous=True,
    )
    titles = list(meeting.items.values_list("title", flat=True))
    assert "Ekonomi" in titles and "Ny organisation BUF" in titles
    assert "Ny delegationsordning" not in titles
    assert meeting.items.get(title="Ny organisation BUF").kind == AgendaItem.Kind.DECISION
