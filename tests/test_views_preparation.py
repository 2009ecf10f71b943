"""Views of meeting preparation: group page, calendar, follow-ups, agenda, .ics — every role, wrong methods."""

import datetime

import icalendar
import pytest
from django.urls import reverse

from meetings.models import AgendaItem, FollowUp, Meeting, RecurringPoint
from tests import factories

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name, *args):
    return reverse(f"meetings:{name}", args=args)


def as_user(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def people(secretary, adjuster, other_adjuster, manager, other_secretary):
    return {"secretary": secretary, "adjuster": adjuster, "other_adjuster": other_adjuster,
            "manager": manager, "other_secretary": other_secretary, "anonymous": None}


@pytest.fixture
def calendar_point(group):
    return RecurringPoint.objects.create(group=group, month=3, kind="information", title="Tertial 3", presenter="HR-chef")


@pytest.fixture
def adjusted(group, adjuster, ssr):
    """Adjusted minutes of the group with a follow-up; `adjuster` adjusted them."""
    meeting = factories.make_meeting(group=group, date=datetime.date(2020, 10, 19), protocol_number="10/2020")
    item = factories.make_item(meeting, title="Sjukfrånvaro", body="Statistik.")
    factories.make_adjuster(meeting, user=adjuster, party=ssr)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.ADJUSTED)
    meeting.refresh_from_db()
    FollowUp.objects.create(item=item, what="HR-enheten tar fram statistik per enhet", who="HR-enheten",
                            due_date=datetime.date(2020, 11, 1))
    return meeting


@pytest.fixture
def draft_follow_up(item):
    return FollowUp.objects.create(item=item, what="Utkastets uppföljning", who="VC Vuxen")


# --- Group page --------------------------------------------------------------------------


@pytest.mark.parametrize("role,status", [
    ("anonymous", 302), ("secretary", 200), ("adjuster", 200), ("manager", 200), ("other_secretary", 404),
])
def test_group_page_for_each_role(client, people, group, calendar_point, role, status):
    response = as_user(client, people[role]).get(url("group_detail", group.pk))
    assert response.status_code == status
    if role == "anonymous":
        assert "/login/" in response["Location"]
    if status == 200:
        content = response.content.decode()
        assert "Årsklocka" in content and "Tertial 3" in content and "HR-chef" in content
        assert ("Lägg till en punkt i mars" in content) == (role == "secretary")


def test_group_page_wrong_method(client, secretary, group):
    assert as_user(client, secretary).post(url("group_detail", group.pk)).status_code == 405


def test_group_page_lists_follow_ups_by_role_with_overdue_highlighted(client, secretary, manager, group, adjusted, draft_follow_up):
    content = as_user(client, secretary).get(url("group_detail", group.pk)).content.decode()
    assert "HR-enheten tar fram statistik per enhet" in content and "Försenad" in content
    assert "Utkastets uppföljning" in content  # secretaries also see drafts' follow-ups
    client.logout()
    content = as_user(client, manager).get(url("group_detail", group.pk)).content.decode()
    assert "HR-enheten tar fram statistik per enhet" in content
    assert "Utkastets uppföljning" not in content  # managers: adjusted minutes only
    assert "Stäng" not in content


def test_group_page_lists_deferred_decisions(client, secretary, group, meeting):
    item = factories.make_item(meeting, kind="decision", title="Ny chefstjänst")
    FollowUp.objects.create(item=item, kind=FollowUp.Kind.DEFERRED_DECISION, what="Ny chefstjänst – bordlagt till MBL §11")
    content = as_user(client, secretary).get(url("group_detail", group.pk)).content.decode()
    deferred = content[content.index("Bordlagda beslut"):content.index("Öppna uppföljningar")]
    assert "Ny chefstjänst – bordlagt till MBL §11" in deferred


def test_group_page_query_count_is_bounded(client, secretary, group, meeting, django_assert_max_num_queries):
    for n in range(12):
        RecurringPoint.objects.create(group=group, month=n % 12 + 1, kind="dialog", title=f"Punkt {n}")
        item = factories.make_item(meeting, title=f"Punkt {n}")
        FollowUp.objects.create(item=item, what=f"Följ upp {n}", due_date=datetime.date(2020, 12, 1))
    as_user(client, secretary)
    with django_assert_max_num_queries(12):
        assert client.get(url("group_detail", group.pk)).status_code == 200


# --- Calendar points ----------------------------------------------------------------------


def test_secretary_adds_a_point_with_htmx(client, secretary, group):
    as_user(client, secretary)
    form = client.get(url("recurring_point_create", group.pk) + "?month=3", **HTMX)
    assert form.status_code == 200 and "<html" not in form.content.decode()
    assert '<option value="3" selected>Mars</option>' in form.content.decode()
    response = client.post(url("recurring_point_create", group.pk),
                           {"month": 3, "kind": "dialog", "title": "Medarbetarundersökning", "presenter": "HR"}, **HTMX)
    assert response.status_code == 200 and 'id="calendar"' in response.content.decode()
    assert "Medarbetarundersökning" in response.content.decode()
    assert RecurringPoint.objects.get().kind == "dialog"


def test_duplicate_point_keeps_the_form_with_a_message(client, secretary, group, calendar_point):
    response = as_user(client, secretary).post(
        url("recurring_point_create", group.pk), {"month": 3, "kind": "information", "title": "tertial 3"}, **HTMX)
    assert response.status_code == 200 and response["HX-Retarget"] == "#point-form"
    assert "Årsklockan har redan ”tertial 3” den månaden." in response.content.decode()
    assert RecurringPoint.objects.count() == 1


def test_secretary_edits_and_deletes_a_point_without_htmx(client, secretary, calendar_point, group):
    as_user(client, secretary)
    response = client.post(url("recurring_point_edit", calendar_point.pk),
                           {"month": 4, "kind": "information", "title": "Tertial 3", "presenter": "Ekonomichef"})
    assert response.status_code == 302 and response["Location"].endswith("#calendar")
    calendar_point.refresh_from_db()
    assert (calendar_point.month, calendar_point.presenter) == (4, "Ekonomichef")
    assert client.get(url("recurring_point_delete", calendar_point.pk)).status_code == 405
    assert client.post(url("recurring_point_delete", calendar_point.pk)).status_code == 302
    assert not RecurringPoint.objects.exists()


@pytest.mark.parametrize("role,status", [("manager", 403), ("adjuster", 403), ("other_secretary", 404)])
def test_calendar_changes_only_by_the_groups_secretary(client, people, group, calendar_point, role, status):
    as_user(client, people[role])
    assert client.get(url("recurring_point_create", group.pk)).status_code == status
    assert client.post(url("recurring_point_create", group.pk), {"month": 1, "kind": "information", "title": "X"}).status_code == status
    assert client.post(url("recurring_point_edit", calendar_point.pk), {"month": 1, "kind": "information", "title": "X"}).status_code == status
    assert client.post(url("recurring_point_delete", calendar_point.pk)).status_code == status
    assert client.put(url("recurring_point_create", group.pk)).status_code == 405
    assert RecurringPoint.objects.get().title == "Tertial 3"


def test_new_meeting_form_prefills_from_the_calendar(client, secretary, group, calendar_point):
    response = as_user(client, secretary).post(url("meeting_create"), {
        "group": group.pk, "date": "2026-03-23", "protocol_number": "3/2026",
    })
    meeting = Meeting.objects.get(protocol_number="3/2026")
    assert response.status_code == 302
    assert meeting.items.filter(title="Tertial 3", presenter="HR-chef", kind="information").exists()


# --- Follow-up list -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["secretary", "adjuster", "other_adjuster", "manager", "other_secretary"])
def test_follow_up_list_for_each_role(client, people, adjusted, draft_follow_up, role):
    content = as_user(client, people[role]).get(url("follow_up_list")).content.decode()
    assert "Uppföljning" in content
    assert ("HR-enheten tar fram statistik per enhet" in content) == (role != "other_secretary")
    assert ("Utkastets uppföljning" in content) == (role == "secretary")


def test_follow_up_list_anonymous_and_wrong_method(client, secretary):
    assert "/login/" in client.get(url("follow_up_list"))["Location"]
    assert as_user(client, secretary).post(url("follow_up_list")).status_code == 405


def test_follow_up_list_query_count_is_bounded(client, secretary, group, django_assert_max_num_queries):
    for n in range(15):
        meeting = factories.make_meeting(group=group, date=datetime.date(2020, 1, 1) + datetime.timedelta(days=n))
        item = factories.make_item(meeting, title=f"Punkt {n}")
        FollowUp.objects.create(item=item, what=f"Följ upp {n}", closed_at=None)
    as_user(client, secretary)
    with django_assert_max_num_queries(10):
        assert client.get(url("follow_up_list")).status_code == 200


# --- Recording a follow-up ----------------------------------------------------------------------


def test_secretary_records_a_follow_up_in_the_editor_with_htmx(client, secretary, item):
    as_user(client, secretary)
    form = client.get(url("follow_up_create", item.pk), **HTMX)
    assert form.status_code == 200 and "Uppföljning av ”Nytt inom arbetsmiljö”" in form.content.decode()
    response = client.post(url("follow_up_create", item.pk),
                           {"what": "Ta fram <b>statistik</b>", "who": "HR-enheten", "due_date": "2020-12-14"}, **HTMX)
    assert response.status_code == 200 and response["HX-Retarget"] == f"#item-{item.pk}"
    content = response.content.decode()
    assert "Ta fram &lt;b&gt;statistik&lt;/b&gt; – HR-enheten" in content
    follow_up = FollowUp.objects.get()
    assert follow_up.kind == "action" and follow_up.created_by == secretary
    assert follow_up.due_date == datetime.date(2020, 12, 14)


def test_empty_follow_up_is_refused_with_a_message(client, secretary, item):
    response = as_user(client, secretary).post(url("follow_up_create", item.pk), {"what": "   "}, **HTMX)
    assert response.status_code == 200 and "Detta fält måste fyllas i." in response.content.decode()
    assert not FollowUp.objects.exists()


def test_editor_suggests_open_questions_and_records_them(client, secretary, meeting):
    item = factories.make_item(meeting, title="Statistik", body="HR-enheten tar med sig frågan och återkommer.")
    as_user(client, secretary)
    content = client.get(url("meeting_detail", meeting.pk)).content.decode()
    assert "Öppen fråga i texten" in content and "Registrera som uppföljning" in content
    client.post(url("follow_up_create", item.pk), {
        "what": "HR-enheten tar med sig frågan och återkommer.", "who": "HR-enheten", "detected": "1"}, **HTMX)
    follow_up = FollowUp.objects.get()
    assert follow_up.kind == FollowUp.Kind.OPEN_QUESTION and follow_up.who == "HR-enheten"
    assert "Registrera som uppföljning" not in client.get(url("meeting_detail", meeting.pk)).content.decode()


def test_follow_up_on_adjusted_minutes_from_the_review_page(client, secretary, adjusted):
    item = adjusted.items.get()
    as_user(client, secretary)
    review = client.get(url("meeting_detail", adjusted.pk)).content.decode()
    assert "Registrera en uppföljning på en punkt" in review and "HR-enheten tar fram statistik per enhet" in review
    assert client.get(url("follow_up_create", item.pk)).status_code == 200
    response = client.post(url("follow_up_create", item.pk), {"what": "Ny fråga", "who": "VC"})
    assert response.status_code == 302 and response["Location"].endswith(f"/meetings/{adjusted.pk}/review/#follow-ups")
    assert FollowUp.objects.filter(what="Ny fråga").exists()


@pytest.mark.parametrize("role,status", [
    ("manager", 403), ("adjuster", 403), ("other_adjuster", 403), ("other_secretary", 404)])
def test_only_the_secretary_records_follow_ups(client, people, adjusted, role, status):
    item = adjusted.items.get()
    as_user(client, people[role])
    assert client.get(url("follow_up_create", item.pk)).status_code == status
    assert client.post(url("follow_up_create", item.pk), {"what": "X"}).status_code == status
    assert client.put(url("follow_up_create", item.pk)).status_code == 405
    assert FollowUp.objects.count() == 1


def test_manager_gets_404_for_a_draft_item(client, manager, item):
    assert as_user(client, manager).get(url("follow_up_create", item.pk)).status_code == 404


def test_review_page_shows_follow_ups_to_managers_without_actions(client, manager, adjusted):
    content = as_user(client, manager).get(url("meeting_review", adjusted.pk)).content.decode()
    assert "HR-enheten tar fram statistik per enhet" in content
    assert "Registrera en uppföljning" not in content and "Stäng" not in content


# --- Closing, reopening, deleting ----------------------------------------------------------


def test_close_with_the_meeting_where_it_was_handled(client, secretary, adjusted, meeting, group):
    follow_up = FollowUp.objects.get(item__meeting=adjusted)
    as_user(client, secretary)
    page = client.get(url("follow_up_close", follow_up.pk)).content.decode()
    assert "16 november 2020 (11/2020)" in page
    response = client.post(url("follow_up_close", follow_up.pk), {"handled_in": meeting.pk, "next": "/follow-ups/"})
    assert response.status_code == 302 and response["Location"] == "/follow-ups/"
    follow_up.refresh_from_db()
    assert follow_up.handled_in == meeting and follow_up.closed_at is not None
    content = client.get(url("group_detail", group.pk)).content.decode()
    assert f'Hanterad vid mötet <a href="/meetings/{meeting.pk}/">2020-11-16</a>' in content
    assert client.get(url("follow_up_reopen", follow_up.pk)).status_code == 405
    assert client.post(url("follow_up_reopen", follow_up.pk)).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.is_open and follow_up.handled_in is None


def test_close_refuses_a_foreign_next_url_and_another_groups_meeting(client, secretary, adjusted, group):
    follow_up = FollowUp.objects.get()
    foreign = factories.make_meeting(group=factories.make_group("VSG", "Kulturförvaltningen"), date=datetime.date(2021, 1, 1))
    as_user(client, secretary)
    response = client.post(url("follow_up_close", follow_up.pk), {"handled_in": foreign.pk})
    assert response.status_code == 200 and "Välj ett giltigt alternativ." in response.content.decode()
    response = client.post(url("follow_up_close", follow_up.pk), {"next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == url("group_detail", group.pk)


@pytest.mark.parametrize("role,status", [("manager", 403), ("adjuster", 403), ("other_secretary", 404)])
def test_close_reopen_delete_only_by_the_secretary(client, people, adjusted, role, status):
    follow_up = FollowUp.objects.get()
    as_user(client, people[role])
    assert client.get(url("follow_up_close", follow_up.pk)).status_code == status
    assert client.post(url("follow_up_close", follow_up.pk), {}).status_code == status
    assert client.post(url("follow_up_reopen", follow_up.pk)).status_code == status
    assert client.post(url("follow_up_delete", follow_up.pk)).status_code == status
    assert FollowUp.objects.get().is_open


def test_delete_a_manual_follow_up_but_not_a_detected_one(client, secretary, item):
    manual = FollowUp.objects.create(item=item, what="Eget")
    detected = FollowUp.objects.create(item=item, what="X tar med sig frågan", kind="open_question")
    as_user(client, secretary)
    assert client.get(url("follow_up_delete", manual.pk)).status_code == 405
    client.post(url("follow_up_delete", manual.pk))
    response = client.post(url("follow_up_delete", detected.pk), follow=True)
    assert "stäng den här i stället" in response.content.decode()
    assert list(FollowUp.objects.all()) == [detected]


# --- Pulling into a draft --------------------------------------------------------------------


def test_editor_offers_open_follow_ups_and_pulls_one(client, secretary, adjusted, meeting):
    follow_up = FollowUp.objects.get(item__meeting=adjusted)
    as_user(client, secretary)
    content = client.get(url("meeting_detail", meeting.pk)).content.decode()
    assert "Gruppens öppna uppföljningar" in content and "Ta upp i detta utkast" in content
    assert "Försenad" in content  # due 1 November 2020, long past
    assert client.get(url("follow_up_pull", meeting.pk)).status_code == 405
    response = client.post(url("follow_up_pull", meeting.pk), {"follow_up": follow_up.pk})
    item = meeting.items.get(title="Sjukfrånvaro")
    assert response.status_code == 302 and response["Location"].endswith(f"#item-{item.pk}")
    assert item.kind == AgendaItem.Kind.INFORMATION and item.presenter == "HR-enheten"
    follow_up.refresh_from_db()
    assert follow_up.handled_in == meeting
    content = client.get(url("meeting_detail", meeting.pk)).content.decode()
    assert "Ta upp i detta utkast" not in content
    # Twice: refused with a message, nothing added.
    response = client.post(url("follow_up_pull", meeting.pk), {"follow_up": follow_up.pk}, follow=True)
    assert "Uppföljningen är redan stängd." in response.content.decode()
    assert meeting.items.filter(title="Sjukfrånvaro").count() == 1


def test_pull_bad_input_and_roles(client, secretary, manager, adjusted, meeting, other_secretary):
    follow_up = FollowUp.objects.get()
    assert as_user(client, secretary).post(url("follow_up_pull", meeting.pk), {"follow_up": "x"}).status_code == 404
    client.logout()
    assert as_user(client, manager).post(url("follow_up_pull", meeting.pk), {"follow_up": follow_up.pk}).status_code == 404
    client.logout()
    assert as_user(client, other_secretary).post(url("follow_up_pull", meeting.pk), {"follow_up": follow_up.pk}).status_code == 404
    client.logout()
    # Adjusted minutes cannot take anything up.
    assert as_user(client, secretary).post(url("follow_up_pull", adjusted.pk), {"follow_up": follow_up.pk}).status_code == 403
    assert FollowUp.objects.get().is_open


def test_editor_query_count_with_follow_ups_is_bounded(client, secretary, meeting, adjusted, django_assert_max_num_queries):
    for n in range(10):
        item = factories.make_item(meeting, title=f"Punkt {n}", body="Arbetsgivaren kollar upp detta och informerar.")
        FollowUp.objects.create(item=item, what=f"Följ upp {n}")
    as_user(client, secretary)
    with django_assert_max_num_queries(18):
        assert client.get(url("meeting_detail", meeting.pk)).status_code == 200


# --- Agenda ---------------------------------------------------------------------------


@pytest.fixture
def agenda(meeting):
    factories.make_item(meeting, title="Val av justerare", presenter="Ordförande", body="Ska inte synas.")
    factories.make_item(meeting, kind="decision", title="Ny chefstjänst <BUF>", presenter="VC BUF")
    return meeting


@pytest.mark.parametrize("role,status", [
    ("secretary", 200), ("adjuster", 404), ("manager", 404), ("other_secretary", 404), ("anonymous", 302)])
def test_agenda_page_and_pdf_for_each_role(client, people, agenda, role, status):
    as_user(client, people[role])
    response = client.get(url("meeting_agenda", agenda.pk))
    assert response.status_code == status
    assert client.get(url("meeting_agenda_pdf", agenda.pk)).status_code == status
    if status == 200:
        content = response.content.decode()
        assert "Föredragningslista för samverkansgrupp FSG/VSG – Socialförvaltningen den 16 november 2020" in content
        assert "Ny chefstjänst &lt;BUF&gt;" in content and "VC BUF" in content
        assert "Ska inte synas." not in content
        pdf = client.get(url("meeting_agenda_pdf", agenda.pk))
        assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
        assert "foredragningslista-fsg-vsg-2020-11-16.pdf" in pdf["Content-Disposition"]


def test_agenda_of_adjusted_minutes_is_readable_by_members(client, manager, adjusted):
    assert as_user(client, manager).get(url("meeting_agenda", adjusted.pk)).status_code == 200
    assert "Skicka föredragningslistan" not in client.get(url("meeting_agenda", adjusted.pk)).content.decode()


def test_agenda_wrong_methods(client, secretary, agenda):
    as_user(client, secretary)
    assert client.post(url("meeting_agenda", agenda.pk)).status_code == 405
    assert client.post(url("meeting_agenda_pdf", agenda.pk)).status_code == 405
    assert client.put(url("meeting_agenda_send", agenda.pk)).status_code == 405


def test_send_agenda_confirm_then_send(client, secretary, adjuster, manager, agenda, mailoutbox,
                                      django_capture_on_commit_callbacks):
    as_user(client, secretary)
    page = client.get(url("meeting_agenda_send", agenda.pk)).content.decode()
    assert "till 3 medlemmar i gruppen" in page and manager.email in page
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("meeting_agenda_send", agenda.pk), follow=True)
    assert "Föredragningslistan har skickats till 3 medlemmar." in response.content.decode()
    assert "Föredragningslistan skickades senast" in response.content.decode()
    assert len(mailoutbox) == 3
    assert all(m.attachments[0][0] == "foredragningslista-fsg-vsg-2020-11-16.pdf" for m in mailoutbox)
    history = client.get(url("meeting_history", agenda.pk)).content.decode()
    assert "Föredragningslistan skickad med e-post till 3 medlemmar" in history


def test_send_agenda_error_is_shown(client, secretary, meeting, mailoutbox):
    response = as_user(client, secretary).post(url("meeting_agenda_send", meeting.pk))
    assert response.status_code == 400 and "Föredragningslistan har inga punkter än." in response.content.decode()
    assert mailoutbox == []


@pytest.mark.parametrize("role,status", [("adjuster", 403), ("manager", 404), ("other_secretary", 404)])
def test_only_the_secretary_sends_the_agenda(client, people, agenda, meeting, role, status, mailoutbox):
    factories.make_adjuster(meeting, user=people["adjuster"])  # the adjuster can read the draft
    as_user(client, people[role])
    assert client.get(url("meeting_agenda_send", agenda.pk)).status_code == status
    assert client.post(url("meeting_agenda_send", agenda.pk)).status_code == status
    assert mailoutbox == []


# --- Calendar files ---------------------------------------------------------------------------


def test_meeting_ics_download(client, secretary, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(start_time=datetime.time(9), end_time=datetime.time(11))
    response = as_user(client, secretary).get(url("meeting_ics", meeting.pk))
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'attachment; filename="mote-fsg-vsg-2020-11-16.ics"' == response["Content-Disposition"]
    event = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event.decoded("dtstart").hour == 9 and str(event.decoded("dtstart").tzinfo) == "Europe/Stockholm"
    assert client.post(url("meeting_ics", meeting.pk)).status_code == 405


def test_meeting_ics_follows_visibility(client, manager, other_secretary, meeting):
    assert as_user(client, manager).get(url("meeting_ics", meeting.pk)).status_code == 404
    client.logout()
    assert as_user(client, other_secretary).get(url("meeting_ics", meeting.pk)).status_code == 404


def test_deadline_ics_for_the_adjuster(client, adjuster, other_adjuster, secretary, meeting, ssr):
    factories.make_adjuster(meeting, user=adjuster, party=ssr)
    as_user(client, adjuster)
    assert client.get(url("meeting_deadline_ics", meeting.pk)).status_code == 404  # no deadline yet
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.OUT_FOR_ADJUSTMENT,
                                                 adjustment_deadline=datetime.date(2020, 11, 30))
    review = client.get(url("meeting_review", meeting.pk)).content.decode()
    assert "Sista dag för justering 30 november 2020 (.ics)" in review
    response = client.get(url("meeting_deadline_ics", meeting.pk))
    event = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == datetime.date(2020, 11, 30)
    assert client.post(url("meeting_deadline_ics", meeting.pk)).status_code == 405
    client.logout()
    assert as_user(client, secretary).get(url("meeting_deadline_ics", meeting.pk)).status_code == 200
    client.logout()
    assert as_user(client, other_adjuster).get(url("meeting_deadline_ics", meeting.pk)).status_code == 404


@pytest.mark.parametrize("role,status", [
    ("secretary", 200), ("adjuster", 200), ("manager", 200), ("other_secretary", 404)])
def test_members_who_received_the_agenda_open_its_page_and_ics(client, people, agenda, role, status, mailoutbox):
    as_user(client, people["secretary"]).post(url("meeting_agenda_send", agenda.pk))
    assert len(mailoutbox) >= 2
    client.logout()
    as_user(client, people[role])
    assert client.get(url("meeting_agenda", agenda.pk)).status_code == status
    response = client.get(url("meeting_ics", agenda.pk))
    assert response.status_code == status
    if status == 200:
        event = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
        assert str(event["summary"]) == "Samverkansgrupp FSG/VSG – Socialförvaltningen"
        # The draft itself stays closed to those who only received its agenda.
        if role in ("adjuster", "manager"):
            assert client.get(url("meeting_detail", agenda.pk)).status_code == 404
