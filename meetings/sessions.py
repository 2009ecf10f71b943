"""Sessions in the database (SESSION_ENGINE), read with one plain query.

This is Django's database session store; only the read that every request
makes (`load`) is written as SQL, without the ORM's query building: that
costs more than the query itself, and a page served from meetings.page_cache
does little else. Writing, expiry, `clearsessions` and logout are Django's
own.

The same query reads the content revision token (meetings.models.revision)
as `content_token`, which meetings.page_cache would otherwise fetch with a
query of its own: one database round trip less on every page. It is read
before the view runs, which is what the page cache needs (a token no newer
than what is cached under it).
"""

from django.contrib.sessions.backends import db
from django.db import OperationalError, ProgrammingError, connections, router
from django.utils import timezone

from meetings.models import revision


class SessionStore(db.SessionStore):
    # The content token read with the session, or None (no session, or not loaded yet).
    content_token = None

    def load(self):
        model = self.model
        connection = connections[router.db_for_read(model)]
        with_token = revision.table_exists(connection)
        try:
            row = self._read(connection, with_token=with_token)
        except (OperationalError, ProgrammingError):
            if not with_token:
                raise
            revision.forget(connection)  # the table went away since: read the session alone
            row = self._read(connection, with_token=False)
        if row is None:
            self._session_key = None  # unknown or expired: a new session is made if one is needed
            return {}
        self.content_token = row[1]
        return self.decode(row[0])

    def _read(self, connection, *, with_token):
        table = connection.ops.quote_name(self.model._meta.db_table)
        token = "(SELECT token FROM meetings_contentrevision WHERE id = 1)" if with_token else "NULL"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT session_data, {token} FROM {table} WHERE session_key = %s AND expire_date > %s",
                [self.session_key, connection.ops.adapt_datetimefield_value(timezone.now())],
            )
            return cursor.fetchone()
