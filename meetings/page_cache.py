"""Page parts cached until the minutes change.

The decision list, the search results, the start page and the pages of
adjusted minutes are read far more often than the minutes change, and
building them (the queries, the model objects, the templates) is most of
what a request costs. `cached_html` keeps the HTML of such a part in
Django's cache (settings.CACHES: by default each process keeps its own, in
memory) under a key made of:

- the content revision token (meetings.models.revision), read from the
  database first: every write to the minutes, on any app server and by any
  path, gives a new token, so a part is never served after the content it
  shows has changed, and nothing has to be invalidated by hand;
- who is asking, as far as the minutes they may see go:
  `visibility_key(user)` (role and groups; an adjuster's own id). People
  with the same key share the part;
- the path and query string, the language, today's date (for marks such as
  "overdue") and whatever else the view names in `extra`.

A cached part may hold only what that key determines: never a CSRF token, a
bound form, a message or the user's own name. The base template renders the
menu, the messages and the forms around the part on every request.

PAGE_CACHE=false turns the cache off (every part is rendered on every
request; bench/archive.py measures the decision list that way).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from meetings.models import visibility_key
from meetings.models.revision import current_token


def cached_html(request, name, render, *, extra=(), cacheable=True):
    """The HTML `render()` returns for this request, from the cache when the minutes have not changed since.

    `name` tells the page parts apart; `cacheable=False` renders without the
    cache (for a variant that holds forms, say).
    """
    if not (settings.PAGE_CACHE and cacheable):
        return mark_safe(render())
    # The token first: whatever is read after it is at least as new, so the
    # part is stored under a token no newer than its content.
    token = current_token()
    if token is None:
        return mark_safe(render())
    parts = [
        name, token, visibility_key(request.user), request.get_full_path(), translation.get_language(),
        timezone.localdate().isoformat(), *map(str, extra),
    ]
    key = "page:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        html = str(render())
        cache.set(key, html)
    return mark_safe(html)
