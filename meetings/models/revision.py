"""The content revision: one row whose token names the current state of the minutes.

Every write to a table whose rows the pages show (TRACKED_TABLES: meetings,
items, union inputs, decisions, positions, adjusters, signatures,
attachments, comments, follow-ups, the annual calendar, the search text,
groups, their members and parties; users, but for their last login) gives
the row a new random token in the same transaction, through database triggers, on PostgreSQL and SQLite alike:
the admin, a shell, a bulk insert or a stray UPDATE cannot change the
minutes without changing the token.

So a page part rendered when the token was T is right as long as the
database still holds T: meetings.page_cache keys its cache by it. A write
that is rolled back leaves no token behind that could come back, and every
app server reads the same token from the shared database.

`install()` creates the row and the triggers; it runs after every `migrate`
(MeetingsConfig.ready), so a table that SQLite rebuilds in a later migration,
dropping its triggers, gets them back. A new table whose rows a page shows
belongs in TRACKED_TABLES (tests/test_page_cache.py fails on a table of the
app that is neither tracked nor listed in UNTRACKED_TABLES).

A table SQLite rebuilds drops its triggers; so does a table PostgreSQL gets
from a restore made without them. Both come back at the next `migrate`.
"""

import logging
import secrets

from django.db import OperationalError, ProgrammingError, connections, models, transaction
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

TRACKED_TABLES = (
    "meetings_cooperationgroup",
    "meetings_cooperationgroup_members",
    "meetings_party",
    "meetings_meeting",
    "meetings_agendaitem",
    "meetings_unioninput",
    "meetings_decision",
    "meetings_position",
    "meetings_adjuster",
    "meetings_attachment",
    "meetings_signature",
    "meetings_reviewcomment",
    "meetings_recurringpoint",
    "meetings_followup",
    "meetings_itemsearch",
)

# Of users everything but last_login counts: pages show names, and the page
# cache keeps the logged-in person (meetings.page_cache.logged_in_user), whose
# password, role and is_active must take effect at once. Every login writes
# last_login, and that must not empty the cache.
TRACKED_COLUMNS = {
    "meetings_user": (
        "password", "is_superuser", "username", "first_name", "last_name", "email", "is_staff", "is_active",
        "date_joined", "role", "party_id",
    ),
}

# Tables no page shows.
UNTRACKED_TABLES = (
    "meetings_user_groups",
    "meetings_user_user_permissions",
    "meetings_contentrevision",
)

# PostgreSQL: the row triggers are deferred to the commit, and renew the token
# once however many rows changed (the first of them, for the statement that
# fires them: the COMMIT). The row is then locked only while a transaction
# commits, not from its first write on: writers elsewhere in the app never
# queue behind a long transaction (an import, the final PDF at the last
# signature), and no deadlock can form around the row.
_POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION meetings_contentrevision_renew() RETURNS trigger AS $$
DECLARE
    this_statement text := txid_current()::text || ' ' || statement_timestamp()::text;
BEGIN
    IF current_setting('meetings.revision_renewed_by', true) IS DISTINCT FROM this_statement THEN
        PERFORM set_config('meetings.revision_renewed_by', this_statement, true);
        UPDATE meetings_contentrevision SET token = replace(gen_random_uuid()::text, '-', '') WHERE id = 1;
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
"""


def _update_event(table):
    columns = TRACKED_COLUMNS.get(table)
    return f"UPDATE OF {', '.join(columns)}" if columns else "UPDATE"


def trigger_names(table):
    """The names of the triggers on `table` (PostgreSQL: the row trigger first, then TRUNCATE's)."""
    return [f"{table}_revision", f"{table}_revision_truncate"]


def _postgres_triggers(table):
    row, truncate = trigger_names(table)
    return [
        f"""CREATE CONSTRAINT TRIGGER {row} AFTER INSERT OR {_update_event(table)} OR DELETE ON {table}
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION meetings_contentrevision_renew()""",
        f"""CREATE TRIGGER {truncate} AFTER TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION meetings_contentrevision_renew()""",
    ]


def _sqlite_triggers(table):
    # SQLite writes one transaction at a time anyway; a bulk insert renews the token once a row, which is cheap.
    return [
        f"""CREATE TRIGGER {table}_revision_{name} AFTER {event} ON {table}
            BEGIN UPDATE meetings_contentrevision SET token = lower(hex(randomblob(16))) WHERE id = 1; END"""
        for name, event in (("insert", "INSERT"), ("update", _update_event(table)), ("delete", "DELETE"))
    ]


def _existing_triggers(cursor, vendor):
    """[(trigger, table)] of the revision triggers the database has now."""
    if vendor == "postgresql":
        cursor.execute(
            "SELECT DISTINCT tgname, tgrelid::regclass::text FROM pg_trigger "
            "WHERE NOT tgisinternal AND tgname LIKE 'meetings\\_%\\_revision%'"
        )
    else:
        cursor.execute(
            "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'meetings\\_%\\_revision\\_%' ESCAPE '\\'"
        )
    return cursor.fetchall()


def _drop_triggers(cursor, vendor):
    for name, table in _existing_triggers(cursor, vendor):
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if vendor == "postgresql" else ""))


def uninstall(connection):
    """Drop every revision trigger (and on PostgreSQL the function); the row goes with its table."""
    forget(connection)  # the table goes next (migration 0008 backwards)
    if connection.vendor not in ("postgresql", "sqlite"):
        return
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        _drop_triggers(cursor, connection.vendor)
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS meetings_contentrevision_renew()")


def install(connection):
    """The revision row (when missing) and exactly the triggers TRACKED_TABLES and TRACKED_COLUMNS ask for.

    The old triggers are dropped and the new ones made in one transaction, so
    no write in between can miss them. Safe to run again and again.
    """
    tables = set(connection.introspection.table_names())
    if "meetings_contentrevision" not in tables or connection.vendor not in ("postgresql", "sqlite"):
        return
    tracked = [t for t in (*TRACKED_TABLES, *TRACKED_COLUMNS) if t in tables]
    make = _postgres_triggers if connection.vendor == "postgresql" else _sqlite_triggers
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        _drop_triggers(cursor, connection.vendor)
        if connection.vendor == "postgresql":
            cursor.execute(_POSTGRES_FUNCTION)
        for table in tracked:
            for sql in make(table):
                cursor.execute(sql)
        cursor.execute(
            "INSERT INTO meetings_contentrevision (id, token) SELECT 1, %s "
            "WHERE NOT EXISTS (SELECT 1 FROM meetings_contentrevision WHERE id = 1)",
            [secrets.token_hex(16)],
        )


_tables_seen = set()  # aliases of the databases known to have the revision table


def table_exists(connection):
    """Whether the database has the revision table; once seen, remembered (until `forget`).

    Until it is there (the app started before `migrate`) every call looks again.
    """
    if connection.alias not in _tables_seen:
        if "meetings_contentrevision" not in connection.introspection.table_names():
            return False
        _tables_seen.add(connection.alias)
    return True


def forget(connection):
    """The table is gone (migrated back past 0008, or a restore without it): look again next time."""
    _tables_seen.discard(connection.alias)


def current_token(using="default"):
    """The token of the minutes as the database holds them now, or None: then nothing may be cached.

    Read on every request that may use the page cache and did not read it
    with the session (meetings.sessions): plain SQL, without the ORM's query
    building. None also while the table is not there (the app started before
    `migrate`), with a warning in the log.
    """
    connection = connections[using]
    if table_exists(connection):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT token FROM meetings_contentrevision WHERE id = 1")
                row = cursor.fetchone()
            return row[0] if row else None
        except (OperationalError, ProgrammingError):
            forget(connection)
    logger.warning("No content revision table (run manage.py migrate); pages are not cached.")
    return None


class ContentRevision(models.Model):
    token = models.CharField(_("token"), max_length=32)

    class Meta:
        ordering = ["id"]
        verbose_name = _("content revision")
        verbose_name_plural = _("content revisions")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="meetings_contentrevision_single_row"),
        ]

    def __str__(self):
        return self.token
