"""Sessions and the logged-in person, read on every request with plain SQL (meetings.sessions, meetings.auth)."""

import datetime

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from meetings.auth import ModelBackend
from meetings.sessions import SessionStore
from tests import factories

HOME = "/"


def test_it_is_djangos_database_store():
    assert issubclass(SessionStore, DjangoSessionStore)


@pytest.mark.django_db
def test_a_session_reads_back_what_was_saved():
    session = SessionStore()
    session["samverkan"] = {"text": "åäö", "when": 3}
    session.save()
    assert SessionStore(session.session_key).load() == {"samverkan": {"text": "åäö", "when": 3}}


@pytest.mark.django_db
def test_an_expired_unknown_or_damaged_session_is_empty():
    session = SessionStore()
    session["x"] = 1
    session.save()
    Session.objects.filter(pk=session.session_key).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    expired = SessionStore(session.session_key)
    assert expired.load() == {} and expired.session_key is None
    assert SessionStore("x" * 32).load() == {}
    damaged = SessionStore()
    damaged["x"] = 1
    damaged.save()
    Session.objects.filter(pk=damaged.session_key).update(session_data="förfalskad")
    assert SessionStore(damaged.session_key).load() == {}


def test_logging_out_ends_the_session_on_the_server(client, manager):
    client.force_login(manager)
    cookie = client.cookies["sessionid"].value
    assert client.get(HOME).status_code == 200
    client.post("/logout/")
    client.cookies["sessionid"] = cookie  # the old cookie, replayed
    response = client.get(HOME)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_an_expired_session_logs_out(client, manager):
    client.force_login(manager)
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(minutes=1))
    assert client.get(HOME).status_code == 302


def test_the_person_is_looked_up_as_django_does(manager):
    backend = ModelBackend()
    found = backend.get_user(manager.pk)
    assert found == manager and found.role == manager.role and found.last_login == manager.last_login
    assert found.date_joined == manager.date_joined and found.date_joined.tzinfo is not None
    assert backend.get_user(manager.pk + 1000) is None
    manager.is_active = False
    manager.save()
    assert backend.get_user(manager.pk) is None


def test_a_deactivated_account_is_logged_out_at_once(client, manager):
    client.force_login(manager)
    manager.is_active = False
    manager.save()
    assert client.get(HOME).status_code == 302


def test_a_request_reads_the_session_and_the_person_once_each(client, manager, django_assert_num_queries):
    client.force_login(manager)
    client.get("/decisions/")
    with django_assert_num_queries(3) as captured:  # session, user, content revision: the rest is cached
        client.get("/decisions/")
    sql = [q["sql"] for q in captured.captured_queries]
    assert "django_session" in sql[0] and "meetings_user" in sql[1]


def test_password_login_still_goes_through_the_throttle(client, manager, settings):
    assert settings.AUTHENTICATION_BACKENDS[:2] == ["meetings.auth.LoginThrottleBackend", "meetings.auth.ModelBackend"]
    response = client.post("/login/", {"username": manager.username, "password": factories.PASSWORD})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(manager.pk)
