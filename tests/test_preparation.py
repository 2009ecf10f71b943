"""Meeting preparation: annual calendar, follow-ups, open questions, agenda (PDF, email), .ics."""

import datetime
from io import BytesIO

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from pypdf import PdfReader

from meetings import access, drafting, signing
from meetings.exceptions import PreparationError
from meetings.models import (
    AgendaItem,
    Decision,
    FollowUp,
    Meeting,
    RecurringPoint,
    User,
)
from meetings.preparation import agenda, calendar, follow_ups, ics, open_questions
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)


def point(group, month, title, kind=AgendaItem.Kind.INFORMATION, presenter=""):
    return RecurringPoint.objects.create(group=group, month=month, kind=kind, title=title, presenter=presenter)


def new_draft(group, user, date, copy_previous=False, **fields):
    return drafting.meeting_create(
        meeting=Meeting(group=group, date=date, **fields), user=user, copy_previous=copy_previous
    )


def titles(meeting, kind=None):
    items = meeting.items.order_by("position")
    if kind:
        items = items.filter(kind=kind)
    return [i.title for i in items]


# --- Models ---------------------------------------------------------------------------


def test_recurring_point_month_must_be_1_to_12(group):
    with pytest.raises(IntegrityError):
        point(group, 13, "Tertial 3")


def test_follow_up_handled_in_requires_closed(item):
    with pytest.raises(IntegrityError):
        FollowUp.objects.create(item=item, what="Kolla", handled_in=item.meeting)


def test_follow_up_str_and_is_open(item):
    follow_up = FollowUp.objects.create(item=item, what="HR-enheten tar med sig frågan")
    assert str(follow_up) == "HR-enheten tar med sig frågan" and follow_up.is_open


# --- Annual calendar ----------------------------------------------------------------------


def test_calendar_by_month_has_twelve_months_in_swedish(group):
    point(group, 3, "Tertial 3", presenter="HR-chef")
    months = calendar.calendar_by_month(group)
    assert [m for m, _, _ in months] == list(range(1, 13))
    assert months[2][1] == "Mars" and [p.title for p in months[2][2]] == ["Tertial 3"]
    assert months[0][2] == []


def test_same_title_twice_in_a_month_is_refused(group):
    point(group, 3, "Tertial 3")
    with pytest.raises(ValidationError, match="redan"):
        calendar.recurring_point_save(point=RecurringPoint(group=group, month=3, kind="information", title=" tertial 3 "))
    # Another month is fine.
    calendar.recurring_point_save(point=RecurringPoint(group=group, month=7, kind="information", title="Tertial 3"))


def test_new_draft_is_prefilled_with_the_months_points_in_their_sections(group, secretary):
    point(group, 3, "Tertial 3", presenter="HR-chef")
    point(group, 3, "Medarbetarundersökning", kind=AgendaItem.Kind.DIALOG, presenter="HR")
    point(group, 3, "Skyddsrond", kind=AgendaItem.Kind.OTHER)
    point(group, 4, "Budget 2027", kind=AgendaItem.Kind.DECISION)
    meeting = new_draft(group, secretary, datetime.date(2026, 3, 23))
    assert titles(meeting, "information") == ["Val av justerare", "Föregående mötesanteckningar", "Tertial 3"]
    assert titles(meeting, "dialog") == ["Medarbetarundersökning"]
    assert titles(meeting, "other") == ["Skyddsrond"]
    assert "Budget 2027" not in titles(meeting)
    assert meeting.items.get(title="Tertial 3").presenter == "HR-chef"
    assert [i.position for i in meeting.items.order_by("position")] == [1, 2, 3, 4, 5]


def test_calendar_adds_no_duplicate_of_a_copied_title(group, secretary):
    previous = factories.make_meeting(group=group, date=datetime.date(2026, 2, 16))
    factories.make_item(previous, title="Tertial 3", kind="dialog")
    factories.make_item(previous, title="Ekonomi", kind="information")
    point(group, 3, "tertial 3")
    point(group, 3, "Arbetsmiljö")
    meeting = new_draft(group, secretary, datetime.date(2026, 3, 23), copy_previous=True)
    assert [t.lower() for t in titles(meeting)].count("tertial 3") == 1
    assert titles(meeting) == ["Ekonomi", "Arbetsmiljö", "Tertial 3"]


# --- Follow-ups of decisions --------------------------------------------------------------


@pytest.fixture
def decision_item(meeting):
    return factories.make_item(meeting, kind=AgendaItem.Kind.DECISION, title="Ny organisation BUF")


def save_decision(item, **fields):
    decision = Decision.objects.filter(item=item).first() or Decision(item=item, text="Beslut.")
    for name, value in fields.items():
        setattr(decision, name, value)
    return drafting.decision_save(decision=decision, stands={})


def test_deferred_decision_creates_one_follow_up_and_stays_in_sync(decision_item):
    save_decision(decision_item, outcome=Decision.Outcome.DEFERRED, deferred_to="MBL §11 den 26 mars")
    save_decision(decision_item, outcome=Decision.Outcome.DEFERRED, deferred_to="MBL §11 den 26 mars")
    follow_ups = list(FollowUp.objects.filter(item=decision_item))
    assert len(follow_ups) == 1
    assert follow_ups[0].kind == FollowUp.Kind.DEFERRED_DECISION
    assert follow_ups[0].what == "Ny organisation BUF – bordlagt till MBL §11 den 26 mars"
    save_decision(decision_item, deferred_to="nästa FSG")
    assert FollowUp.objects.get(item=decision_item).what.endswith("nästa FSG")
    save_decision(decision_item, outcome=Decision.Outcome.AGREED, deferred_to="")
    assert not FollowUp.objects.filter(item=decision_item).exists()


def test_follow_up_date_creates_a_dated_follow_up_that_follows_changes(decision_item):
    save_decision(decision_item, follow_up_date=datetime.date(2026, 9, 1))
    follow_up = FollowUp.objects.get(item=decision_item)
    assert follow_up.kind == FollowUp.Kind.DECISION_FOLLOW_UP and follow_up.due_date == datetime.date(2026, 9, 1)
    save_decision(decision_item, follow_up_date=datetime.date(2026, 10, 1))
    assert FollowUp.objects.get(item=decision_item).due_date == datetime.date(2026, 10, 1)
    save_decision(decision_item, follow_up_date=None)
    assert not FollowUp.objects.filter(item=decision_item).exists()


def test_a_closed_automatic_follow_up_is_kept_and_not_duplicated(decision_item, group):
    save_decision(decision_item, follow_up_date=datetime.date(2026, 9, 1))
    later = factories.make_meeting(group=group, date=datetime.date(2026, 9, 7))
    follow_ups.follow_up_close(follow_up=FollowUp.objects.get(item=decision_item), handled_in=later)
    save_decision(decision_item, follow_up_date=datetime.date(2026, 10, 1))
    save_decision(decision_item, follow_up_date=None)
    follow_up = FollowUp.objects.get(item=decision_item)
    assert follow_up.handled_in == later and follow_up.due_date == datetime.date(2026, 9, 1)


def test_deleting_the_decision_removes_its_open_follow_ups(decision_item):
    decision = save_decision(decision_item, outcome=Decision.Outcome.DEFERRED, follow_up_date=datetime.date(2026, 9, 1))
    FollowUp.objects.create(item=decision_item, what="Eget uppdrag")
    assert FollowUp.objects.filter(item=decision_item).count() == 3
    drafting.decision_delete(decision=decision)
    assert list(FollowUp.objects.filter(item=decision_item).values_list("what", flat=True)) == ["Eget uppdrag"]


# --- Open questions -----------------------------------------------------------------------


CORPUS_TEXT = (
    "Frågan om statistik per enhet lyftes.\n"
    "HR-enheten tar med sig frågan och undersöker vart och om det är möjligt att redovisas. "
    "Inget mer."
)


def test_open_question_sentences_from_the_corpus():
    sentences = open_questions.open_question_sentences(
        CORPUS_TEXT
        + "\n\n- Arbetsgivaren kolla upp detta och informerar.\n"
        "Genomgången av handlingsplan\nefter medarbetarundersökningen flyttas till nästa FSG/VSG.\n\n"
        "Denna punkt tar samverkansgruppen med sig till nästa FSG/VSG för att kunna genomföra ett beslut.\n"
        "Vision: frågan blir en MBL§11 på nästa samverkan den 26 mars.\n"
        "Ansvariga återkommer till samverkansgruppen i maj."
    )
    assert sentences == [
        "HR-enheten tar med sig frågan och undersöker vart och om det är möjligt att redovisas.",
        "Arbetsgivaren kolla upp detta och informerar.",
        "Genomgången av handlingsplan efter medarbetarundersökningen flyttas till nästa FSG/VSG.",
        "Denna punkt tar samverkansgruppen med sig till nästa FSG/VSG för att kunna genomföra ett beslut.",
        "Vision: frågan blir en MBL§11 på nästa samverkan den 26 mars.",
        "Ansvariga återkommer till samverkansgruppen i maj.",
    ]
    assert open_questions.open_question_sentences("Arbetsgivaren informerar om läget. Inga frågor.") == []


def test_detect_open_questions_is_idempotent_and_reads_union_input(meeting):
    item = factories.make_item(meeting, title="Statistik", body=CORPUS_TEXT)
    factories.make_union_input(item, text="Kommunal tar med sig frågan till medlemmarna.")
    created = open_questions.detect_open_questions(meeting)
    assert [(f.kind, f.who) for f in created] == [("open_question", "HR-enheten"), ("open_question", "Kommunal")]
    assert open_questions.detect_open_questions(meeting) == []
    # A closed one is not detected again either.
    follow_ups.follow_up_close(follow_up=FollowUp.objects.first())
    assert open_questions.detect_open_questions(meeting) == []
    assert FollowUp.objects.count() == 2


def test_text_pulled_from_a_follow_up_is_not_detected_again(meeting):
    factories.make_item(meeting, title="Statistik", body="Uppföljning från mötet den 16 februari 2026: "
                        "HR-enheten tar med sig frågan och undersöker.")
    assert open_questions.detect_open_questions(meeting) == []


def test_minutes_becoming_adjusted_get_their_open_questions(meeting, secretary, adjuster, ssr):
    factories.make_item(meeting, title="Statistik", body=CORPUS_TEXT)
    slot = factories.make_adjuster(meeting, party=ssr, user=adjuster)
    signing.meeting_send_for_adjustment(meeting=meeting, user=secretary, deadline=datetime.date.today())
    assert not FollowUp.objects.exists()  # not yet adjusted: only suggested in the editor
    content_hash = Meeting.objects.with_contents().get(pk=meeting.pk).content_hash()
    signing.meeting_sign(meeting=meeting, adjuster=slot, user=adjuster, password=factories.PASSWORD,
                         content_hash=content_hash)
    assert FollowUp.objects.get().what.startswith("HR-enheten tar med sig frågan")
    open_questions.detect_open_questions(meeting)  # again: nothing recorded twice
    assert FollowUp.objects.count() == 1


# --- Pulling and closing ------------------------------------------------------------------


@pytest.fixture
def next_draft(group):
    return factories.make_meeting(group=group, date=datetime.date(2020, 12, 14))


def test_pull_creates_an_item_in_the_right_section_and_closes_the_follow_up(decision_item, next_draft):
    factories.make_item(next_draft, title="Val av justerare")
    factories.make_item(next_draft, title="Övrigt", kind=AgendaItem.Kind.OTHER)
    deferred = FollowUp.objects.create(item=decision_item, kind=FollowUp.Kind.DEFERRED_DECISION,
                                       what="Ny organisation BUF – bordlagt", who="VC BUF")
    item = drafting.follow_up_pull(follow_up=deferred, meeting=next_draft)
    assert item.kind == AgendaItem.Kind.DECISION and item.title == "Ny organisation BUF"
    assert item.presenter == "VC BUF"
    assert "Uppföljning från mötet den 16 november 2020: Ny organisation BUF – bordlagt" in item.body
    assert titles(next_draft) == ["Val av justerare", "Ny organisation BUF", "Övrigt"]
    deferred.refresh_from_db()
    assert deferred.handled_in == next_draft and deferred.closed_at is not None
    with pytest.raises(PreparationError, match="redan stängd"):
        drafting.follow_up_pull(follow_up=deferred, meeting=next_draft)


def test_pull_joins_an_item_of_the_same_title_already_on_the_agenda(decision_item, next_draft):
    copied = factories.make_item(next_draft, title="ny organisation buf", kind=AgendaItem.Kind.DECISION, body="Kopierad.")
    follow_up = FollowUp.objects.create(item=decision_item, what="Följ upp", who="VC BUF")
    item = drafting.follow_up_pull(follow_up=follow_up, meeting=next_draft)
    assert item.pk == copied.pk and next_draft.items.count() == 1
    assert item.body == "Kopierad.\n\nUppföljning från mötet den 16 november 2020: Följ upp\n\nAnsvarig: VC BUF"
    assert item.version == 2


def test_pull_section_by_kind(item, decision_item):
    assert follow_ups.pull_section(FollowUp(item=item, kind="action")) == "information"
    assert follow_ups.pull_section(FollowUp(item=decision_item, kind="open_question")) == "dialog"
    assert follow_ups.pull_section(FollowUp(item=decision_item, kind="decision_follow_up")) == "information"


def test_pull_refuses_another_group_and_a_non_draft(item, next_draft):
    follow_up = FollowUp.objects.create(item=item, what="Kolla")
    other = factories.make_meeting(group=factories.make_group("VSG", "Kulturförvaltningen"), date=TODAY)
    with pytest.raises(PreparationError, match="annan grupp"):
        drafting.follow_up_pull(follow_up=follow_up, meeting=other)
    next_draft.status = Meeting.Status.ADJUSTED
    next_draft.save()
    with pytest.raises(PreparationError, match="utkast"):
        drafting.follow_up_pull(follow_up=follow_up, meeting=next_draft)
    assert FollowUp.objects.get().is_open


def test_close_links_the_meeting_and_reopen_clears_it(item, next_draft):
    follow_up = FollowUp.objects.create(item=item, what="Kolla")
    follow_ups.follow_up_close(follow_up=follow_up, handled_in=next_draft)
    follow_up.refresh_from_db()
    assert follow_up.handled_in == next_draft and not follow_up.is_open
    follow_ups.follow_up_reopen(follow_up=follow_up)
    follow_up.refresh_from_db()
    assert follow_up.is_open and follow_up.handled_in is None


def test_only_manual_follow_ups_are_deleted(item):
    detected = FollowUp.objects.create(item=item, what="X tar med sig frågan", kind=FollowUp.Kind.OPEN_QUESTION)
    with pytest.raises(PreparationError):
        follow_ups.follow_up_delete(follow_up=detected)
    manual = FollowUp.objects.create(item=item, what="Eget")
    follow_ups.follow_up_delete(follow_up=manual)
    assert list(FollowUp.objects.all()) == [detected]


def test_follow_ups_of_adjusted_minutes_closed_although_the_minutes_are_locked(meeting, item, next_draft):
    follow_up = FollowUp.objects.create(item=item, what="Kolla")
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.ADJUSTED)
    follow_ups.follow_up_close(follow_up=follow_up, handled_in=next_draft)
    assert FollowUp.objects.get().handled_in == next_draft


def test_managers_and_adjusters_read_follow_ups_of_adjusted_minutes_only(meeting, item, secretary, manager, adjuster, other_secretary):
    FollowUp.objects.create(item=item, what="Kolla")
    assert access.visible_follow_ups(secretary).count() == 1
    assert access.visible_follow_ups(other_secretary).count() == 0
    factories.make_adjuster(meeting, user=adjuster)
    assert access.visible_follow_ups(manager).count() == 0
    assert access.visible_follow_ups(adjuster).count() == 0
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.ADJUSTED)
    assert access.visible_follow_ups(manager).count() == 1
    assert access.visible_follow_ups(adjuster).count() == 1


def test_overdue_is_marked(item):
    FollowUp.objects.create(item=item, what="Gammal", due_date=TODAY - datetime.timedelta(days=1))
    FollowUp.objects.create(item=item, what="Ny", due_date=TODAY)
    marked = {f.what: f.is_overdue for f in follow_ups.annotate_overdue(FollowUp.objects.all(), today=TODAY)}
    assert marked == {"Gammal": True, "Ny": False}


# --- Agenda ---------------------------------------------------------------------------


@pytest.fixture
def agenda_meeting(group, secretary, manager, adjuster):
    meeting = factories.make_meeting(group=group, date=datetime.date(2026, 3, 23), place="Stadshuset, sal 3",
                                     start_time=datetime.time(13), end_time=datetime.time(15, 30), chair="Dinah Åbinger")
    factories.make_item(meeting, title="Val av justerare", presenter="Ordförande", body="Hemlig brödtext.")
    factories.make_item(meeting, kind="decision", title="Ny chefstjänst <BUF>", presenter="VC BUF")
    return meeting


def test_agenda_pdf_has_headings_items_and_presenters_only(agenda_meeting):
    from meetings.pdf import agenda_html, render_agenda_pdf

    html = agenda_html(agenda_meeting)
    assert "Ny chefstjänst &lt;BUF&gt;" in html and "<BUF>" not in html
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(render_agenda_pdf(agenda_meeting))).pages)
    text = " ".join(text.split())
    assert "Föredragningslista" in text
    assert "Föredragningslista för samverkansgrupp FSG/VSG – Socialförvaltningen den 23 mars 2026" in text
    assert "Val av justerare, Ordförande" in text and "Ny chefstjänst <BUF>, VC BUF" in text
    assert "Beslut:" in text and "Dialog:" not in text  # empty sections are left out
    assert "Hemlig brödtext" not in text and "Utkast" not in text and "Justerare" not in text


def test_agenda_email_goes_to_every_member_with_the_pdf(agenda_meeting, secretary, manager, adjuster, mailoutbox,
                                                        django_capture_on_commit_callbacks):
    factories.make_user(role=User.Role.MANAGER, username="utan.epost", groups=[agenda_meeting.group], email="")
    with django_capture_on_commit_callbacks(execute=True):
        sent = agenda.agenda_send(meeting=agenda_meeting, user=secretary)
    assert sent == 3 and len(mailoutbox) == 3
    assert sorted(m.to[0] for m in mailoutbox) == sorted([secretary.email, manager.email, adjuster.email])
    message = mailoutbox[0]
    assert message.subject == "Föredragningslista: Föredragningslista för samverkansgrupp FSG/VSG – Socialförvaltningen den 23 mars 2026"
    assert "Ny chefstjänst <BUF>, VC BUF" in message.body and "Tid: 13:00–15:30" in message.body
    (filename, content, mimetype), = message.attachments
    assert filename == "foredragningslista-fsg-vsg-2026-03-23.pdf" and mimetype == "application/pdf"
    assert content.startswith(b"%PDF-")
    agenda_meeting.refresh_from_db()
    assert agenda_meeting.agenda_sent_at is not None
    history = Meeting.history.filter(id=agenda_meeting.pk).first()
    assert history.history_change_reason == "Föredragningslistan skickad med e-post till 3 medlemmar"


def test_agenda_is_not_sent_for_adjusted_minutes_or_without_recipients(agenda_meeting, secretary, mailoutbox):
    agenda_meeting.group.members.update(email="")
    with pytest.raises(PreparationError, match="e-postadress"):
        agenda.agenda_send(meeting=agenda_meeting, user=secretary)
    Meeting.objects.filter(pk=agenda_meeting.pk).update(status=Meeting.Status.ADJUSTED)
    agenda_meeting.refresh_from_db()
    with pytest.raises(PreparationError, match="utkast"):
        agenda.agenda_send(meeting=agenda_meeting, user=secretary)
    assert mailoutbox == [] and agenda_meeting.agenda_sent_at is None


# --- Calendar files -------------------------------------------------------------------------


def parse(data):
    calendar = icalendar.Calendar.from_ical(data)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_meeting_ics_with_times_is_in_stockholm_time(agenda_meeting, settings):
    settings.SITE_URL = "https://samverkan.example.se"
    calendar, event = parse(ics.meeting_ics(agenda_meeting))
    assert str(event["summary"]) == "Samverkansgrupp FSG/VSG – Socialförvaltningen"
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start == datetime.datetime(2026, 3, 23, 13, 0, tzinfo=start.tzinfo)
    assert str(start.tzinfo) == "Europe/Stockholm" and start.utcoffset() == datetime.timedelta(hours=1)
    assert end.hour == 15 and end.minute == 30
    assert str(event["location"]) == "Stadshuset, sal 3"
    assert str(event["uid"]) == f"meeting-{agenda_meeting.pk}@samverkan.example.se"
    assert str(event["url"]) == f"https://samverkan.example.se/meetings/{agenda_meeting.pk}/agenda/"
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "Europe/Stockholm"


def test_meeting_ics_without_time_is_all_day(meeting):
    _, event = parse(ics.meeting_ics(meeting))
    assert event.decoded("dtstart") == datetime.date(2020, 11, 16)
    assert event.decoded("dtend") == datetime.date(2020, 11, 17)
    assert "location" in event and str(event["location"]) == "Stadshuset"


def test_deadline_ics_is_an_all_day_event(meeting):
    with pytest.raises(PreparationError):
        ics.deadline_ics(meeting)
    meeting.adjustment_deadline = datetime.date(2020, 11, 30)
    _, event = parse(ics.deadline_ics(meeting))
    assert event.decoded("dtstart") == datetime.date(2020, 11, 30)
    assert event.decoded("dtend") == datetime.date(2020, 12, 1)
    assert str(event["summary"]).startswith("Justera minnesanteckningarna: Minnesanteckningar från")
    assert f"/meetings/{meeting.pk}/review/" in str(event["description"])


def test_meeting_ics_without_end_time_lasts_the_default_duration(agenda_meeting):
    Meeting.objects.filter(pk=agenda_meeting.pk).update(end_time=None)
    agenda_meeting.refresh_from_db()
    _calendar, event = parse(ics.meeting_ics(agenda_meeting))
    assert event.decoded("dtend") - event.decoded("dtstart") == ics.DEFAULT_DURATION == datetime.timedelta(hours=2)
