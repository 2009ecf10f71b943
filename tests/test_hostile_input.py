"""Hostile input through every form: a clear Swedish message, or stored as typed and shown escaped.

PostgreSQL cannot store NUL characters: every text field must refuse them with a
message instead of failing with a server error (run this file on PostgreSQL too).
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from meetings import signing
from meetings.forms import CorrectionForm
from meetings.models import (
    Adjuster,
    AgendaItem,
    Decision,
    Meeting,
    ReviewComment,
    UnionInput,
)
from tests import factories

NUL = "Budget\x00 2026"
NUL_MESSAGE = "Null-tecken är inte tillåtna."
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
SQL = "'; DROP TABLE meetings_meeting; -- \" OR 1=1"
UNICODE = "Ärende\u202eSSR\u200d 👩‍👩‍👧 Å̊ ﬁ ǅ 𝔘 \u0301"


def url(name, *args):
    return reverse(f"meetings:{name}", args=args)


def post(client, target, data):
    response = client.post(target, data)
    return response, response.content.decode()


@pytest.fixture
def decision_item(meeting):
    return factories.make_item(meeting, kind=AgendaItem.Kind.DECISION, title="Ny organisation")


@pytest.fixture
def out_for_adjustment(meeting, secretary, adjuster, ssr, item):
    factories.make_adjuster(meeting, name="Cecilia Cederström", party=ssr, user=adjuster)
    return signing.meeting_send_for_adjustment(meeting=meeting, user=secretary, deadline=datetime.date(2099, 1, 1))


# --- NUL characters: refused by every text field, never a server error ---------------


def _meeting_data(meeting, **changes):
    data = {"version": meeting.version, "date": "2020-11-16", "place": "Stadshuset", "protocol_number": "11/2020",
            "dnr": "", "chair": "", "secretary": "", "closing_text": "", "start_time": "", "end_time": "",
            "document_date": ""}
    data.update(changes)
    return data


@pytest.mark.parametrize("field", ["place", "protocol_number", "dnr", "chair", "secretary", "closing_text"])
def test_meeting_form_refuses_nul(client, secretary, meeting, field):
    client.force_login(secretary)
    response, page = post(client, url("meeting_edit", meeting.pk), _meeting_data(meeting, **{field: NUL}))
    assert NUL_MESSAGE in page
    meeting.refresh_from_db()
    assert meeting.place == "Stadshuset" and meeting.version == 1


def test_meeting_create_refuses_nul(client, secretary, group):
    client.force_login(secretary)
    response, page = post(client, url("meeting_create"), {"group": group.pk, "date": "2021-01-18", "place": NUL})
    assert NUL_MESSAGE in page
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("field", ["title", "presenter", "body"])
def test_item_forms_refuse_nul(client, secretary, meeting, item, field):
    client.force_login(secretary)
    data = {"kind": "information", "title": "Titel", "presenter": "", "body": "", field: NUL}
    assert NUL_MESSAGE in post(client, url("item_create", meeting.pk), data)[1]
    assert NUL_MESSAGE in post(client, url("item_edit", item.pk), {**data, "version": 1})[1]
    assert list(meeting.items.values_list("title", flat=True)) == ["Nytt inom arbetsmiljö"]


def test_union_input_refuses_nul(client, secretary, item, ssr):
    client.force_login(secretary)
    assert NUL_MESSAGE in post(client, url("union_input_create", item.pk), {"party": ssr.pk, "text": NUL})[1]
    assert not UnionInput.objects.exists()


@pytest.mark.parametrize("field", ["text", "deferred_to", "party_text"])
def test_decision_form_refuses_nul(client, secretary, decision_item, ssr, field):
    client.force_login(secretary)
    data = {"text": "Beslut.", "outcome": "agreed", "deferred_to": "", f"stand_{ssr.pk}": "agree", f"text_{ssr.pk}": ""}
    data[f"text_{ssr.pk}" if field == "party_text" else field] = NUL
    assert NUL_MESSAGE in post(client, url("decision_edit", decision_item.pk), data)[1]
    assert not Decision.objects.exists()


def test_adjuster_form_refuses_nul(client, secretary, meeting, ssr):
    client.force_login(secretary)
    assert NUL_MESSAGE in post(client, url("adjuster_create", meeting.pk), {"name": NUL, "party": ssr.pk})[1]
    assert not Adjuster.objects.exists()


def test_comment_and_reopen_refuse_nul(client, secretary, adjuster, out_for_adjustment):
    meeting = out_for_adjustment
    client.force_login(adjuster)
    page = client.post(url("comment_create", meeting.pk), {"text": NUL}, follow=True).content.decode()
    assert NUL_MESSAGE in page
    assert not ReviewComment.objects.exists()
    form = CorrectionForm({"reason": NUL})
    assert not form.is_valid() and NUL_MESSAGE in str(form.errors)
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.OUT_FOR_ADJUSTMENT


def test_sign_form_refuses_nul_password_without_signing(client, adjuster, out_for_adjustment):
    meeting = Meeting.objects.with_contents().get(pk=out_for_adjustment.pk)
    client.force_login(adjuster)
    response = client.post(url("meeting_sign", meeting.pk), {"content_hash": meeting.content_hash(), "password": NUL})
    assert response.status_code == 400
    assert NUL_MESSAGE in response.content.decode()
    assert not meeting.signatures.exists()


def test_login_refuses_nul_user_name(db):
    response = Client().post(reverse("login"), {"username": "sekre\x00terare", "password": "x"})
    assert response.status_code == 200
    assert NUL_MESSAGE in response.content.decode()


# --- Overlong text, invalid dates and times, forged choices -------------------------------


def test_overlong_fields_get_a_message(client, secretary, meeting):
    client.force_login(secretary)
    page = post(client, url("item_create", meeting.pk), {"kind": "information", "title": "x" * 301})[1]
    assert "Säkerställ att detta värde har som mest 300 tecken (den har 301)." in page
    page = post(client, url("item_create", meeting.pk), {"kind": "information", "title": "T", "body": "x" * 100_001})[1]
    assert "Säkerställ att detta värde har som mest 100000 tecken (den har 100001)." in page
    assert not meeting.items.exists()


def test_long_but_allowed_text_is_kept_whole(client, secretary, meeting):
    client.force_login(secretary)
    body = ("Löneöversyn " * 8000)[:95_000]
    assert client.post(url("item_create", meeting.pk), {"kind": "information", "title": "Lång", "body": body}).status_code == 302
    assert meeting.items.get().body == body


@pytest.mark.parametrize("value", ["2020-02-30", "2020-13-01", "99999-01-01", "-1", "igår", "2020-11-16'; --", "0000-00-00"])
def test_invalid_dates_get_a_message(client, secretary, meeting, value):
    client.force_login(secretary)
    page = post(client, url("meeting_edit", meeting.pk), _meeting_data(meeting, date=value))[1]
    assert "Fyll i ett giltigt datum." in page
    meeting.refresh_from_db()
    assert meeting.date == datetime.date(2020, 11, 16)


@pytest.mark.parametrize("value", ["25:00", "12:61", "kl. 9", "\x00"])
def test_invalid_times_get_a_message(client, secretary, meeting, value):
    client.force_login(secretary)
    page = post(client, url("meeting_edit", meeting.pk), _meeting_data(meeting, start_time=value))[1]
    assert "Fyll i en giltig tid." in page or NUL_MESSAGE in page


def test_invalid_deadline_gets_a_message(client, secretary, meeting, adjuster, ssr):
    factories.make_adjuster(meeting, party=ssr, user=adjuster)
    client.force_login(secretary)
    page = post(client, url("meeting_send", meeting.pk), {"deadline": "2099-02-31"})[1]
    assert "Fyll i ett giltigt datum." in page
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.DRAFT


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "hacked", "title": "T"}, "Välj ett giltigt alternativ. hacked finns inte bland tillgängliga alternativ."),
        ({"kind": "information", "title": "T", "version": "99999999999999999999"},
         "Formuläret är skadat eller inaktuellt. Ladda om sidan och försök igen."),
        ({"kind": "information", "title": "T", "version": "1 OR 1=1"},
         "Formuläret är skadat eller inaktuellt. Ladda om sidan och försök igen."),
    ],
)
def test_forged_choices_and_numbers_get_a_message(client, secretary, item, data, message):
    client.force_login(secretary)
    page = post(client, url("item_edit", item.pk), data)[1]
    assert message in page
    item.refresh_from_db()
    assert item.title == "Nytt inom arbetsmiljö"


@pytest.mark.parametrize("party", ["1 OR 1=1", "99999999999999999999", "-1", "\x00"])
def test_forged_foreign_keys_get_a_message(client, secretary, item, party):
    client.force_login(secretary)
    page = post(client, url("union_input_create", item.pk), {"party": party, "text": "Inspel"})[1]
    assert "Välj ett giltigt alternativ" in page or NUL_MESSAGE in page
    assert not UnionInput.objects.exists()


# --- Stored as typed, shown escaped --------------------------------------------------------


@pytest.mark.parametrize("payload", [XSS, SQL, UNICODE], ids=["xss", "sql", "unicode"])
def test_hostile_text_is_stored_as_typed_and_shown_escaped(client, secretary, meeting, ssr, payload):
    client.force_login(secretary)
    response = client.post(url("item_create", meeting.pk),
                           {"kind": "decision", "title": payload[:300], "presenter": payload[:200], "body": payload})
    assert response.status_code == 302
    item = meeting.items.get()
    assert (item.title, item.presenter, item.body) == (payload[:300], payload[:200], payload)
    assert client.post(url("union_input_create", item.pk), {"party": ssr.pk, "text": payload}).status_code == 302
    data = {"text": payload, "outcome": "deferred", "deferred_to": payload[:300],
            f"stand_{ssr.pk}": "demand", f"text_{ssr.pk}": payload[:2000]}
    assert client.post(url("decision_edit", item.pk), data).status_code == 302
    assert client.post(url("meeting_edit", meeting.pk), _meeting_data(meeting, place=payload[:200], closing_text=payload)).status_code == 302
    assert UnionInput.objects.get().text == payload and Decision.objects.get().text == payload
    for target in (meeting.get_absolute_url(), url("meeting_preview", meeting.pk)):
        page = client.get(target).content.decode()
        assert '<script>alert("x")' not in page and "<img src=x" not in page
        if payload is XSS:
            assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
        if payload is SQL:
            assert "&#x27;; DROP TABLE meetings_meeting; --" in page
        if payload is UNICODE:
            assert "👩‍👩‍👧" in page and "\u202e" in page
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_hostile_comment_is_shown_escaped_to_the_secretary(client, secretary, adjuster, out_for_adjustment):
    client.force_login(adjuster)
    client.post(url("comment_create", out_for_adjustment.pk), {"text": XSS, "is_change_request": "on"})
    assert ReviewComment.objects.get().text == XSS
    client.force_login(secretary)
    page = client.get(out_for_adjustment.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page and '<script>alert("x")' not in page


def test_hostile_user_name_in_adjuster_is_escaped(client, secretary, meeting, ssr):
    client.force_login(secretary)
    account = factories.make_user(role="adjuster", party=ssr, first_name=XSS[:150], last_name="")
    assert client.post(url("adjuster_create", meeting.pk), {"user": account.pk}).status_code == 302
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "&lt;script&gt;" in page and '<script>alert("x")' not in page


# --- Search and filters (GET) --------------------------------------------------------------


@pytest.mark.parametrize("query", [NUL, XSS, SQL, UNICODE, "x" * 5000, "%", "_", "\\"])
def test_search_survives_hostile_queries(client, manager, query):
    client.force_login(manager)
    for name in ("search", "decision_list"):
        response = client.get(url(name), {"q": query})
        assert response.status_code == 200, (name, query)
        assert '<script>alert("x")' not in response.content.decode()
