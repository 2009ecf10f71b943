"""The page cache: parts of pages kept until the minutes change (meetings.page_cache).

The content revision token (meetings.models.revision) is renewed by database
triggers on every write to the minutes; these tests make sure it is, by every
path, and that no page shows anything stale or anybody else's.
"""

import datetime
import pickle

import pytest
from django.apps import apps
from django.contrib.auth.models import Group as AuthGroup
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings import page_cache, services
from meetings.models import AgendaItem, CooperationGroup, Decision, Meeting, Position, User, revision
from tests import factories
from tests.archive_data import AGREE, DISAGREE, make_minutes
from tests.helpers import without_csrf

DECISIONS = "/decisions/"
AGREED = Decision.Outcome.AGREED


def token():
    return revision.current_token()


# --- The token ---------------------------------------------------------------------


def test_every_table_of_the_app_is_tracked_or_left_out_on_purpose():
    tables = {
        m._meta.db_table for m in apps.get_app_config("meetings").get_models(include_auto_created=True)
    }
    history = {t for t in tables if t.startswith("meetings_historical")}  # the history page is never cached
    tracked = set(revision.TRACKED_TABLES) | set(revision.TRACKED_COLUMNS)
    assert tables - history - set(revision.UNTRACKED_TABLES) == tracked


def test_every_column_of_a_user_but_the_last_login_renews_the_token():
    """The page cache keeps the logged-in person: a new password, role or is_active must show at once."""
    columns = {f.column for f in User._meta.concrete_fields} - {"id", "last_login"}
    assert set(revision.TRACKED_COLUMNS["meetings_user"]) == columns


@pytest.mark.django_db
def test_every_tracked_table_has_its_trigger():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        names = {row[0] for row in cursor.fetchall()}
    for table in (*revision.TRACKED_TABLES, *revision.TRACKED_COLUMNS):
        if connection.vendor == "postgresql":
            assert f"{table}_revision" in names
        else:
            assert {f"{table}_revision_{event}" for event in ("insert", "update", "delete")} <= names


@pytest.mark.django_db
def test_the_token_changes_with_every_kind_of_write(meeting, item, ssr):
    seen = {token()}

    def changed():
        now = token()
        assert now not in seen
        seen.add(now)

    item.title = "Ny rubrik"
    item.save()
    changed()
    AgendaItem.objects.bulk_create([AgendaItem(meeting=meeting, kind=AgendaItem.Kind.DIALOG, title="X", position=9)])
    changed()
    AgendaItem.objects.filter(pk=item.pk).update(body="Uppdaterad")
    changed()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM meetings_agendaitem WHERE position = 9")
    changed()
    meeting.group.members.add(factories.make_user(role=User.Role.MANAGER))  # membership (and a new user)
    changed()
    Position.objects.create(decision=factories.make_decision(factories.make_item(meeting, kind="decision")),
                            party=ssr, stand=AGREE)
    changed()


@pytest.mark.django_db
def test_logins_leave_the_token_alone_but_a_new_name_or_password_does_not(manager):
    before = token()
    User.objects.filter(pk=manager.pk).update(last_login=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    assert token() == before
    manager.first_name = "Magda"
    manager.save()
    after_name = token()
    assert after_name != before
    manager.set_password("ett-annat-lösenord-2026")  # ends the person's other sessions at once
    manager.save(update_fields=["password"])
    assert token() != after_name


@pytest.mark.django_db(transaction=True)
def test_a_committed_write_renews_the_token_and_a_rolled_back_one_does_not(group):
    before = token()
    with pytest.raises(RuntimeError), transaction.atomic():
        factories.make_meeting(group=group)
        raise RuntimeError
    assert token() == before
    with transaction.atomic():
        factories.make_meeting(group=group, protocol_number="2/2021")
        factories.make_meeting(group=group, protocol_number="3/2021")
    assert token() != before


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_writers_do_not_wait_for_each_other_before_they_commit(group):
    """The token is renewed at the commit: a long transaction holds no lock on it meanwhile."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes one transaction at a time anyway")
    before = token()
    other = connections.create_connection("default")
    try:
        with transaction.atomic():
            factories.make_meeting(group=group)  # not committed yet
            with other.cursor() as cursor:
                cursor.execute("SET lock_timeout = '2s'")  # waiting for the row would fail the test
                cursor.execute("INSERT INTO meetings_party (name, short_name, kind) VALUES ('Vision', '', 'union')")
            with other.cursor() as cursor:
                cursor.execute("SELECT token FROM meetings_contentrevision WHERE id = 1")
                renewed_by_other = cursor.fetchone()[0]
            assert renewed_by_other != before
        assert token() not in (before, renewed_by_other)  # and the first writer's commit renewed it again
    finally:
        other.close()


@pytest.mark.django_db
def test_writes_elsewhere_leave_the_token_alone(manager):
    before = token()
    AuthGroup.objects.create(name="Redaktörer")
    assert token() == before


def revision_triggers():
    with connection.cursor() as cursor:
        return sorted(name for name, _table in revision._existing_triggers(cursor, connection.vendor))


@pytest.mark.django_db
def test_install_makes_exactly_the_triggers_asked_for():
    expected = revision_triggers()
    per_table = 2 if connection.vendor == "postgresql" else 3
    assert len(expected) == per_table * (len(revision.TRACKED_TABLES) + len(revision.TRACKED_COLUMNS))
    # A table taken off the list loses its trigger at the next install.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE TRIGGER meetings_user_groups_revision_truncate AFTER TRUNCATE ON meetings_user_groups "
                "FOR EACH STATEMENT EXECUTE FUNCTION meetings_contentrevision_renew()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER meetings_user_groups_revision_insert AFTER INSERT ON meetings_user_groups "
                "BEGIN UPDATE meetings_contentrevision SET token = 'x' WHERE id = 1; END"
            )
    revision.install(connection)
    revision.install(connection)
    assert revision_triggers() == expected


@pytest.mark.django_db
def test_uninstall_leaves_writes_working_without_the_table(group, monkeypatch):
    """Migrating back past 0008 drops the table: the triggers must go first."""
    monkeypatch.setattr(revision, "_tables_seen", set())  # the table is back after the test
    revision.uninstall(connection)
    assert revision_triggers() == []
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE meetings_contentrevision")
    factories.make_meeting(group=group)  # no trigger looks for the table
    assert revision.current_token() is None  # and pages are simply not cached


@pytest.mark.django_db
def test_install_is_idempotent_and_restores_a_missing_row():
    revision.ContentRevision.objects.all().delete()
    assert token() is None
    revision.install(connection)
    revision.install(connection)
    assert revision.ContentRevision.objects.count() == 1 and token()


# --- Pages -------------------------------------------------------------------------


@pytest.fixture
def archive(group, ssr, kommunal):
    meeting, _ = make_minutes(group, date=datetime.date(2021, 3, 15), protocol="3/2021", decisions=[
        ("Provanställningar Vuxen", "Provanställningar införs.", AGREED, [(ssr, AGREE), (kommunal, DISAGREE)], ""),
    ])
    return meeting


def test_a_second_reader_with_the_same_groups_gets_the_cached_list(client, manager, group, archive,
                                                                   django_assert_max_num_queries):
    colleague = factories.make_user(role=User.Role.MANAGER, groups=[group], first_name="Kollega")
    client.force_login(manager)
    first = client.get(DECISIONS)
    client.force_login(colleague)
    with django_assert_max_num_queries(3):  # session with the content token, the colleague, their groups
        second = client.get(DECISIONS)
    assert "Provanställningar Vuxen" in second.content.decode()
    assert "Kollega" in second.content.decode() and "Maja" not in second.content.decode()  # the menu is theirs
    assert without_csrf(first.content).replace("Maja Chef", "") == without_csrf(second.content).replace(
        "Kollega " + colleague.last_name, ""
    )


def test_a_reader_of_other_groups_never_gets_that_list(client, manager, archive):
    client.force_login(manager)
    assert "Provanställningar Vuxen" in client.get(DECISIONS).content.decode()
    outsider = factories.make_user(role=User.Role.MANAGER, groups=[factories.make_group("FSG", "Kulturförvaltningen")])
    client.force_login(outsider)
    assert "Provanställningar Vuxen" not in client.get(DECISIONS).content.decode()


def test_a_change_shows_at_once(client, secretary, group, ssr):
    draft, (decision,) = make_minutes(group, status=Meeting.Status.DRAFT, decisions=[
        ("Arbetstider", "Första lydelsen.", AGREED, [(ssr, AGREE)], ""),
    ])
    client.force_login(secretary)
    assert "Arbetstider" in client.get(DECISIONS).content.decode()
    item = decision.item
    item.title = "Arbetstider i hemtjänsten"
    services.item_update(item=item, expected_version=item.version, fields=["title"])
    assert "Arbetstider i hemtjänsten" in client.get(DECISIONS).content.decode()


def test_reopened_minutes_leave_the_managers_list_at_once(client, manager, secretary, archive):
    client.force_login(manager)
    assert "Provanställningar Vuxen" in client.get(DECISIONS).content.decode()
    assert "Provanställningar Vuxen" in client.get("/").content.decode()
    Meeting.objects.filter(pk=archive.pk).update(status=Meeting.Status.OUT_FOR_ADJUSTMENT)
    services.meeting_reopen(meeting=archive, user=secretary, reason="Fel datum")
    assert "Provanställningar Vuxen" not in client.get(DECISIONS).content.decode()
    assert "Provanställningar Vuxen" not in client.get("/").content.decode()


def test_joining_a_group_shows_its_minutes_at_once(client, archive):
    newcomer = factories.make_user(role=User.Role.MANAGER)
    client.force_login(newcomer)
    assert "Provanställningar Vuxen" not in client.get(DECISIONS).content.decode()
    archive.group.members.add(newcomer)
    assert "Provanställningar Vuxen" in client.get(DECISIONS).content.decode()


def test_search_results_follow_the_index(client, manager, archive):
    client.force_login(manager)
    assert "Provanställningar Vuxen" in client.get("/search/", {"q": "provanställningar"}).content.decode()
    CooperationGroup.objects.filter(pk=archive.group_id).update(name="FSG/VSG Nord")
    assert "FSG/VSG Nord" in client.get("/search/", {"q": "provanställningar"}).content.decode()


def test_the_review_page_of_adjusted_minutes_is_shared_by_readers_not_by_the_secretary(
        client, manager, secretary, group, archive, django_assert_max_num_queries):
    url = reverse("meetings:meeting_detail", args=[archive.pk])
    colleague = factories.make_user(role=User.Role.MANAGER, groups=[group])  # before: a new member renews the token
    client.force_login(manager)
    page = client.get(url).content.decode()
    assert "Provanställningar Vuxen" in page and 'id="reopen"' not in page
    client.force_login(colleague)
    client.get(url)  # their groups and adjuster slots, once
    with django_assert_max_num_queries(1):  # the session with the content token: not even the meeting
        assert "Provanställningar Vuxen" in client.get(url).content.decode()
    client.force_login(secretary)
    page = client.get(url).content.decode()
    assert 'id="reopen"' in page  # the secretary's own page, never the readers'


def test_an_adjuster_sees_their_own_signature_not_a_colleagues(client, group, ssr, kommunal, archive):
    # A manager may be an adjuster too (the employer's, say): the page cache must tell them apart.
    signer = factories.make_user(role=User.Role.MANAGER, groups=[group], party=ssr)
    Meeting.objects.filter(pk=archive.pk).update(status=Meeting.Status.DRAFT)
    adjuster = factories.make_adjuster(archive, name="Signe Signer", party=ssr, user=signer)
    services.meeting_send_for_adjustment(meeting=archive, user=factories.make_user(groups=[group]),
                                         deadline=datetime.date(2030, 1, 1))
    services.meeting_sign(meeting=archive, adjuster=adjuster, user=signer, password=factories.PASSWORD,
                          content_hash=services.content_with_prefetch(archive.pk).content_hash())
    assert Meeting.objects.get(pk=archive.pk).status == Meeting.Status.ADJUSTED
    url = reverse("meetings:meeting_review", args=[archive.pk])
    reader = factories.make_user(role=User.Role.MANAGER, groups=[group])
    client.force_login(reader)
    assert "Du justerade den här versionen" not in client.get(url).content.decode()
    client.force_login(signer)
    assert "Du justerade den här versionen" in client.get(url).content.decode()
    client.force_login(reader)
    assert "Du justerade den här versionen" not in client.get(url).content.decode()


def test_no_cached_part_holds_a_csrf_token_or_a_form(client, manager, secretary, adjuster, archive):
    for user in (manager, secretary, adjuster):
        client.force_login(user)
        for url in ["/", DECISIONS, "/search/?q=provanställningar", reverse("meetings:meeting_detail", args=[archive.pk])]:
            assert client.get(url).status_code == 200
    stored = [pickle.loads(value) for value in cache._cache.values()]
    parts = [str(value) for value in stored if not isinstance(value, User)]  # the kept person is no page part
    assert parts and all("csrfmiddlewaretoken" not in part and "<form method=\"post\"" not in part for part in parts)


def test_a_new_day_renders_anew(client, manager, archive, monkeypatch):
    """Pages mark what is overdue: a part cached yesterday is not served today."""
    client.force_login(manager)
    client.get(DECISIONS)
    with CaptureQueriesContext(connection) as same_day:
        client.get(DECISIONS)
    monkeypatch.setattr(page_cache.timezone, "localdate", lambda: datetime.date(2099, 1, 1))
    with CaptureQueriesContext(connection) as next_day:
        client.get(DECISIONS)
    assert len(next_day) > len(same_day)  # the list was queried and rendered again


def test_without_the_page_cache_every_request_renders(client, manager, archive, settings):
    settings.PAGE_CACHE = False
    client.force_login(manager)
    client.get(DECISIONS)
    assert not [key for key in cache._cache if ":page:" in key]


def test_the_stored_pdf_is_found_again_without_the_meeting_and_not_after_a_reopening(
        client, manager, secretary, group, archive, django_assert_max_num_queries):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name = default_storage.save(f"minutes/{archive.pk}-test.pdf", ContentFile(b"%PDF-1.7 arkivexemplaret"))
    rows = Meeting.objects.filter(pk=archive.pk)
    rows.update(status=Meeting.Status.DRAFT)
    rows.update(final_pdf=name, final_pdf_sha256="0" * 64)
    rows.update(status=Meeting.Status.ADJUSTED)
    colleague = factories.make_user(role=User.Role.MANAGER, groups=[group])
    url = reverse("meetings:meeting_pdf", args=[archive.pk])
    client.force_login(manager)
    assert client.get(url).content == b"%PDF-1.7 arkivexemplaret"
    client.force_login(colleague)
    client.get("/")  # their groups, once
    with django_assert_max_num_queries(1):  # the session with the content token
        response = client.get(url)
    assert response.content == b"%PDF-1.7 arkivexemplaret"
    assert response["Content-Disposition"].startswith("inline")
    rows.update(status=Meeting.Status.OUT_FOR_ADJUSTMENT)
    services.meeting_reopen(meeting=archive, user=secretary, reason="Fel datum")
    assert client.get(url).status_code == 404  # a draft again: not for managers


def test_waiting_for_my_signature_is_shown_to_the_signer_alone(client, secretary, group, meeting, ssr):
    """Two secretaries of a group share a start page, except for what waits for the signature of one of them."""
    colleague = factories.make_user(role=User.Role.SECRETARY, groups=[group])
    factories.make_adjuster(meeting, name="Sara Sekreterare", party=ssr, user=secretary)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.OUT_FOR_ADJUSTMENT)
    for first, second in [(colleague, secretary), (secretary, colleague)]:
        cache.clear()
        for user in (first, second):
            client.force_login(user)
            page = client.get("/").content.decode()
            assert ("Väntar på min justering" in page) == (user == secretary), user
