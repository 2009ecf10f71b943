"""The content revision: one row whose token names the current state of the minutes.

Every write to a table whose rows the pages show (TRACKED_TABLES: meetings,
items, union inputs, decisions, positions, adjusters, signatures,
attachments, comments, follow-ups, the annual calendar, the search text,
groups, their members and parties; of users, the names and roles) gives the row a new random token in the
same transaction, through database triggers, on PostgreSQL and SQLite alike:
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

import secrets

from django.db import connections, models
from django.utils.translation import gettext_lazy as _

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

# Of users only what pages show (a comment's author, say) counts: every login
# writes last_login, and that must not empty the cache.
TRACKED_COLUMNS = {
    "meetings_user": ("username", "first_name", "last_name", "email", "role", "party_id", "is_active", "is_superuser"),
}

# Tables no page shows.
UNTRACKED_TABLES = (
    "meetings_user_groups",
    "meetings_user_user_permissions",
    "meetings_contentrevision",
)

_POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION meetings_contentrevision_renew() RETURNS trigger AS $$
BEGIN
    UPDATE meetings_contentrevision SET token = replace(gen_random_uuid()::text, '-', '') WHERE id = 1;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
"""


def _update_event(table):
    columns = TRACKED_COLUMNS.get(table)
    return f"UPDATE OF {', '.join(columns)}" if columns else "UPDATE"


def _postgres_trigger(table):
    return f"""
CREATE OR REPLACE TRIGGER {table}_revision
    AFTER INSERT OR {_update_event(table)} OR DELETE OR TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION meetings_contentrevision_renew();
"""


def _sqlite_triggers(table):
    # SQLite has row triggers only; a bulk insert renews the token once a row, which is cheap.
    return [
        f"""CREATE TRIGGER IF NOT EXISTS {table}_revision_{name} AFTER {event} ON {table}
            BEGIN UPDATE meetings_contentrevision SET token = lower(hex(randomblob(16))) WHERE id = 1; END;"""
        for name, event in (("insert", "INSERT"), ("update", _update_event(table)), ("delete", "DELETE"))
    ]


def install(connection):
    """Create the revision row (when missing) and the triggers on every tracked table. Idempotent."""
    tables = set(connection.introspection.table_names())
    if "meetings_contentrevision" not in tables:
        return
    tracked = [t for t in (*TRACKED_TABLES, *TRACKED_COLUMNS) if t in tables]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_POSTGRES_FUNCTION)
            statements = [_postgres_trigger(t) for t in tracked]
        elif connection.vendor == "sqlite":
            statements = [sql for t in tracked for sql in _sqlite_triggers(t)]
        else:
            statements = []
        for sql in statements:
            cursor.execute(sql)
    ContentRevision.objects.using(connection.alias).get_or_create(pk=1, defaults={"token": secrets.token_hex(16)})


def current_token(using="default"):
    """The token of the minutes as the database holds them now, or None (no row: nothing may be cached).

    Read on every request that may use the page cache: plain SQL, without the ORM's query building.
    """
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT token FROM meetings_contentrevision WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else None


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
