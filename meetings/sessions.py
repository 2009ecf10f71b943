"""Sessions in the database (SESSION_ENGINE), read with one plain query.

This is Django's database session store; only the read that every request
makes (`load`) is written as SQL, without the ORM's query building: that
costs more than the query itself, and a page served from meetings.page_cache
does little else. Writing, expiry, `clearsessions` and logout are Django's
own.
"""

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def load(self):
        model = self.model
        connection = connections[router.db_for_read(model)]
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT session_data FROM {table} WHERE session_key = %s AND expire_date > %s",
                [self.session_key, connection.ops.adapt_datetimefield_value(timezone.now())],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None  # unknown or expired: a new session is made if one is needed
            return {}
        return self.decode(row[0])
