"""MBL on decisions: the window to request central negotiation, "Får inte verkställas", the records."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from meetings import mbl
from meetings.exceptions import WorkflowError
from meetings.models import Decision, Meeting
from tests.rules_helpers import adjust, disagreed_decision, pdf_text, with_adjusters


@pytest.fixture
def adjusted_decision(meeting, secretary, adjuster, other_adjuster, ssr, kommunal, employer):
    meeting.created_by = secretary
    meeting.save()
    decision = disagreed_decision(meeting, ssr=ssr, kommunal=kommunal, employer=employer)
    with_adjusters(meeting, adjuster=adjuster, other_adjuster=other_adjuster, ssr=ssr, kommunal=kommunal)
    adjust(meeting, [adjuster, other_adjuster], secretary=secretary)
    decision.refresh_from_db()
    return decision


def _today():
    return timezone.localdate()


def test_a_disagreed_negotiation_may_not_be_carried_out_while_the_window_is_open(adjusted_decision, settings):
    state = mbl.decision_state(adjusted_decision)
    assert state.state == mbl.WINDOW_OPEN and state.blocked
    assert state.window_ends == _today() + datetime.timedelta(days=settings.MBL_CENTRAL_REQUEST_DAYS)
    after = state.window_ends + datetime.timedelta(days=1)
    assert mbl.decision_state(adjusted_decision, today=after).state == mbl.MAY_BE_CARRIED_OUT


def test_the_group_sets_its_own_number_of_days(adjusted_decision, group):
    group.central_request_days = 14
    group.save()
    adjusted_decision.item.meeting.group.refresh_from_db()
    state = mbl.decision_state(adjusted_decision)
    assert state.window_ends == _today() + datetime.timedelta(days=14)


def test_information_or_agreement_gets_no_window(meeting, secretary, adjuster, other_adjuster, ssr, kommunal, employer):
    decision = disagreed_decision(meeting, ssr=ssr, kommunal=kommunal, employer=employer, mbl=Decision.Mbl.INFORMATION)
    with_adjusters(meeting, adjuster=adjuster, other_adjuster=other_adjuster, ssr=ssr, kommunal=kommunal)
    adjust(meeting, [adjuster, other_adjuster], secretary=secretary)
    assert mbl.decision_state(Decision.objects.get(pk=decision.pk)).state == mbl.NONE


def test_a_draft_has_no_window_yet(meeting, ssr, kommunal, employer):
    decision = disagreed_decision(meeting, ssr=ssr, kommunal=kommunal, employer=employer)
    assert not mbl.decision_state(decision).blocked


def test_a_requested_negotiation_blocks_until_it_is_closed(adjusted_decision, kommunal, other_adjuster, secretary):
    negotiation = mbl.central_negotiation_request(
        decision=adjusted_decision, party=kommunal, requested_on=_today(), user=other_adjuster
    )
    later = _today() + datetime.timedelta(days=30)
    assert mbl.decision_state(adjusted_decision, today=later).state == mbl.REQUESTED
    mbl.central_negotiation_close(negotiation=negotiation, closed_on=_today(), outcome="Oenighet kvarstår",
                                  user=secretary)
    state = mbl.decision_state(adjusted_decision, today=later)
    assert state.state == mbl.MAY_BE_CARRIED_OUT
    assert state.negotiations[0].outcome == "Oenighet kvarstår"


@pytest.mark.parametrize("change, message", [
    (lambda d, s: {"requested_on": d.item.meeting.adjusted_at.date() - datetime.timedelta(days=1)}, "före justeringen"),
    (lambda d, s: {"requested_on": timezone.localdate() + datetime.timedelta(days=1)}, "framtiden"),
    (lambda d, s: {"party": s["employer"]}, "part i beslutet"),
])
def test_a_request_is_validated(adjusted_decision, secretary, kommunal, employer, change, message):
    values = {"party": kommunal, "requested_on": _today(), **change(adjusted_decision, {"employer": employer})}
    with pytest.raises(WorkflowError) as error:
        mbl.central_negotiation_request(decision=adjusted_decision, user=secretary, **values)
    assert message in str(error.value)
    assert not adjusted_decision.central_negotiations.exists()


def test_a_request_after_the_window_is_refused(adjusted_decision, secretary, kommunal, monkeypatch):
    ends = mbl.window_end(adjusted_decision.item.meeting)
    real = timezone.localdate
    # Ten days on: the request is dated today, after the window's last day.
    monkeypatch.setattr(mbl.timezone, "localdate",
                        lambda value=None: real(value) if value is not None else real() + datetime.timedelta(days=10))
    with pytest.raises(WorkflowError) as error:
        mbl.central_negotiation_request(decision=adjusted_decision, party=kommunal,
                                        requested_on=real() + datetime.timedelta(days=10), user=secretary)
    assert ends.isoformat() in str(error.value)
    assert not adjusted_decision.central_negotiations.exists()


def test_only_the_unions_own_adjuster_or_the_secretary_records(adjusted_decision, kommunal, adjuster, manager):
    for user in (adjuster, manager):  # SSR's adjuster for Kommunal; a manager
        with pytest.raises(WorkflowError):
            mbl.central_negotiation_request(decision=adjusted_decision, party=kommunal, requested_on=_today(),
                                            user=user)


def test_one_request_per_union(adjusted_decision, kommunal, secretary):
    mbl.central_negotiation_request(decision=adjusted_decision, party=kommunal, requested_on=_today(), user=secretary)
    with pytest.raises(WorkflowError):
        mbl.central_negotiation_request(decision=adjusted_decision, party=kommunal, requested_on=_today(),
                                        user=secretary)


def test_closing_needs_an_outcome_and_a_date_after_the_request(adjusted_decision, kommunal, secretary):
    negotiation = mbl.central_negotiation_request(decision=adjusted_decision, party=kommunal, requested_on=_today(),
                                                  user=secretary)
    with pytest.raises(WorkflowError):
        mbl.central_negotiation_close(negotiation=negotiation, closed_on=_today(), outcome=" ", user=secretary)
    with pytest.raises(WorkflowError):
        mbl.central_negotiation_close(negotiation=negotiation, closed_on=_today() - datetime.timedelta(days=1),
                                      outcome="Klart", user=secretary)


def test_the_secretary_is_reminded_the_day_after_the_window_closes(adjusted_decision, secretary):
    ends = mbl.decision_state(adjusted_decision).window_ends
    assert mbl.send_window_reminders(today=ends) == []
    mail.outbox.clear()
    reminded = mbl.send_window_reminders(today=ends + datetime.timedelta(days=1))
    assert [d.pk for d, _state in reminded] == [adjusted_decision.pk]
    assert [m.to for m in mail.outbox] == [[secretary.email]]
    assert adjusted_decision.item.title in mail.outbox[0].subject


def test_the_reminder_command_runs(adjusted_decision, capsys):
    call_command("mbl_reminders", "--dry-run")
    assert "0 reminder(s) would be sent." in capsys.readouterr().out


def test_the_pdf_prints_the_mbl_facts(adjusted_decision):
    meeting = adjusted_decision.item.meeting
    with meeting.final_pdf.open("rb") as handle:
        text = pdf_text(handle.read())
    assert "MBL §11-förhandling" in text
    assert "Får inte verkställas" in text


# --- Pages ---------------------------------------------------------------------------------


def test_the_review_page_the_list_and_the_group_page_show_may_not_be_carried_out(
        client, adjusted_decision, manager, group):
    client.force_login(manager)
    meeting = adjusted_decision.item.meeting
    assert "Får inte verkställas" in client.get(meeting.get_absolute_url()).content.decode()
    listed = client.get(reverse("meetings:decision_list"), {"mbl": "blocked"}).content.decode()
    assert "Får inte verkställas" in listed and adjusted_decision.item.title in listed
    assert "Får inte verkställas" in client.get(reverse("meetings:group_detail", args=[group.pk])).content.decode()


def test_the_filter_leaves_out_decisions_that_may_be_carried_out(client, adjusted_decision, manager, kommunal,
                                                                 secretary):
    negotiation = mbl.central_negotiation_request(decision=adjusted_decision, party=kommunal, requested_on=_today(),
                                                  user=secretary)
    mbl.central_negotiation_close(negotiation=negotiation, closed_on=_today(), outcome="Enighet", user=secretary)
    client.force_login(manager)
    listed = client.get(reverse("meetings:decision_list"), {"mbl": "blocked"}).content.decode()
    assert adjusted_decision.item.title not in listed


def test_the_union_adjuster_records_a_request_and_its_end_in_swedish_forms(client, adjusted_decision, other_adjuster,
                                                                            kommunal):
    client.force_login(other_adjuster)
    page = client.get(reverse("meetings:decision_mbl", args=[adjusted_decision.pk]))
    assert "Central förhandling begärd" in page.content.decode()
    bad = client.post(reverse("meetings:central_negotiation_request", args=[adjusted_decision.pk]),
                      {"party": kommunal.pk, "requested_on": (_today() + datetime.timedelta(days=2)).isoformat()})
    assert bad.status_code == 400 and "framtiden" in bad.content.decode()
    response = client.post(reverse("meetings:central_negotiation_request", args=[adjusted_decision.pk]),
                           {"party": kommunal.pk, "requested_on": _today().isoformat()})
    assert response.status_code == 302
    negotiation = adjusted_decision.central_negotiations.get()
    response = client.post(reverse("meetings:central_negotiation_close", args=[negotiation.pk]),
                           {f"close-{negotiation.pk}-closed_on": _today().isoformat(),
                            f"close-{negotiation.pk}-outcome": "Enighet nåddes"})
    assert response.status_code == 302
    negotiation.refresh_from_db()
    assert negotiation.outcome == "Enighet nåddes" and negotiation.closed_by == other_adjuster


def test_the_csv_shows_the_negotiation_facts(client, adjusted_decision, kommunal, secretary):
    mbl.central_negotiation_request(decision=adjusted_decision, party=kommunal, requested_on=_today(), user=secretary)
    client.force_login(secretary)
    csv = client.get(reverse("meetings:decision_export")).content.decode("utf-8-sig")
    header, row = csv.splitlines()[:2]
    assert "Central förhandling" in header
    assert f"Kommunal: begärd {_today().isoformat()}" in row
    assert "MBL §11-förhandling" in row


def test_a_manager_cannot_record(client, adjusted_decision, manager, kommunal):
    client.force_login(manager)
    response = client.post(reverse("meetings:central_negotiation_request", args=[adjusted_decision.pk]),
                           {"party": kommunal.pk, "requested_on": _today().isoformat()})
    assert response.status_code == 400
    assert not adjusted_decision.central_negotiations.exists()


def test_a_decision_of_other_minutes_is_not_found(client, adjusted_decision, other_secretary):
    client.force_login(other_secretary)
    assert client.get(reverse("meetings:decision_mbl", args=[adjusted_decision.pk])).status_code == 404


def test_mbl_kind_is_part_of_the_signed_content_only_when_set(meeting, ssr, kommunal, employer):
    decision = disagreed_decision(meeting, ssr=ssr, kommunal=kommunal, employer=employer, mbl="")
    assert "mbl" not in decision.canonical_content()
    before = Meeting.objects.get(pk=meeting.pk).content_hash()
    Decision.objects.filter(pk=decision.pk).update(mbl=Decision.Mbl.NEGOTIATION)
    assert Meeting.objects.get(pk=meeting.pk).content_hash() != before
