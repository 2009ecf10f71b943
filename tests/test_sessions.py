"""Sessions and the logged-in person, read on every request with plain SQL (meetings.sessions, meetings.auth)."""

import datetime

import pytest
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings.auth import ModelBackend
from meetings.models import CooperationGroup, Decision, User, revision
from meetings.sessions import SessionStore
from tests import factories
from tests.archive_data import make_minutes

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
    assert client.get(HOME).status_code == 200
    assert client.get(HOME).status_code == 200  # the person now comes from the page cache
    User.objects.filter(pk=manager.pk).update(is_active=False)  # only that column
    assert client.get(HOME).status_code == 302


def test_a_cached_page_reads_only_the_session(client, manager, django_assert_num_queries):
    client.force_login(manager)
    with CaptureQueriesContext(connection) as first:
        client.get("/decisions/")
    assert any("meetings_user" in q["sql"] for q in first.captured_queries)  # the person, looked up once
    with django_assert_num_queries(1) as captured:  # the person and the page come from the page cache
        client.get("/decisions/")
    sql = captured.captured_queries[0]["sql"]
    assert "django_session" in sql and "meetings_contentrevision" in sql


def test_the_kept_person_is_each_sessions_own(client, manager, secretary):
    other = Client()
    client.force_login(manager)
    other.force_login(secretary)
    for _ in range(2):
        assert str(manager) in client.get("/decisions/").content.decode()
        assert str(secretary) in other.get("/decisions/").content.decode()
    assert str(secretary) not in client.get("/decisions/").content.decode()


def test_a_password_changed_elsewhere_logs_the_session_out_at_once(client, manager):
    client.force_login(manager)
    assert client.get(HOME).status_code == 200
    assert client.get(HOME).status_code == 200  # the person now comes from the page cache
    User.objects.filter(pk=manager.pk).update(password=make_password("ett-helt-nytt-lösenord-2026"))
    response = client.get(HOME)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_new_role_or_admin_right_takes_effect_at_once(client, manager):
    client.force_login(manager)
    client.get(HOME)
    page = client.get(HOME).content.decode()
    assert "Importera" not in page and "Administration" not in page
    User.objects.filter(pk=manager.pk).update(is_staff=True)
    page = client.get(HOME).content.decode()
    assert "Importera" not in page and "Administration" in page
    User.objects.filter(pk=manager.pk).update(role=User.Role.SECRETARY)
    assert "Importera" in client.get(HOME).content.decode()


def test_the_password_check_of_the_session_is_part_of_what_is_kept(client, manager):
    """A session whose password check no longer matches is logged out, even while the token holds."""
    client.force_login(manager)
    assert client.get(HOME).status_code == 200
    session = client.session
    session[HASH_SESSION_KEY] = "förfalskad"
    session.save()
    assert client.get(HOME).status_code == 302


def test_without_the_page_cache_the_person_is_looked_up_every_time(client, manager, settings):
    settings.PAGE_CACHE = False
    client.force_login(manager)
    client.get(HOME)
    with CaptureQueriesContext(connection) as captured:
        client.get(HOME)
    assert any("meetings_user" in q["sql"] for q in captured.captured_queries)


@pytest.mark.django_db
def test_the_session_brings_the_content_token_along():
    session = SessionStore()
    session["x"] = 1
    session.save()
    loaded = SessionStore(session.session_key)
    loaded.load()
    assert loaded.content_token == revision.current_token() and loaded.content_token
    missing = SessionStore("x" * 32)
    missing.load()
    assert missing.content_token is None  # the page cache then reads the token itself


def test_a_page_after_a_write_is_new_although_the_token_came_with_the_session(client, manager, group):
    make_minutes(group, decisions=[("Provanställningar", "Beslut.", Decision.Outcome.AGREED, [], "")])
    client.force_login(manager)
    assert "Gammalt gruppnamn" not in client.get("/decisions/").content.decode()
    CooperationGroup.objects.filter(pk=group.pk).update(name="Gammalt gruppnamn")
    assert "Gammalt gruppnamn" in client.get("/decisions/").content.decode()
    CooperationGroup.objects.filter(pk=group.pk).update(name="Nytt gruppnamn")
    page = client.get("/decisions/").content.decode()
    assert "Nytt gruppnamn" in page and "Gammalt gruppnamn" not in page


def test_without_the_revision_table_sessions_still_work_and_nothing_is_cached(client, manager, monkeypatch):
    """The app started before `migrate` made the table (or after migrating back past 0008)."""
    monkeypatch.setattr(revision, "_tables_seen", set())  # the table is back after the test
    revision.uninstall(connection)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE meetings_contentrevision")
    client.force_login(manager)
    assert client.get("/decisions/").status_code == 200
    assert client.get("/decisions/").status_code == 200
    kept = [key for key in cache._cache if any(kind in key for kind in (":page:", ":user:", ":reader:"))]
    assert kept == []


@pytest.mark.django_db(transaction=True)  # each statement on its own, as in production
def test_a_revision_table_gone_after_it_was_seen_costs_one_retry_not_an_error(client, monkeypatch):
    """Another process migrated back past 0008 (or restored a dump without it) while this one runs."""
    client.force_login(factories.make_user())
    assert client.get(HOME).status_code == 200
    monkeypatch.setattr(revision, "_tables_seen", {connection.alias})  # this process saw the table
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE meetings_contentrevision RENAME TO meetings_contentrevision_gone")
    try:
        response = client.get(HOME)
        assert response.status_code == 200 and not revision.table_exists(connection)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE meetings_contentrevision_gone RENAME TO meetings_contentrevision")


def test_password_login_still_goes_through_the_throttle(client, manager, settings):
    assert settings.AUTHENTICATION_BACKENDS[:2] == ["meetings.auth.LoginThrottleBackend", "meetings.auth.ModelBackend"]
    response = client.post("/login/", {"username": manager.username, "password": factories.PASSWORD})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(manager.pk)
