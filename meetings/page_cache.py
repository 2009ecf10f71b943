"""What pages need from the database, kept until the minutes change.

The decision list, the search results, the start page and the pages of
adjusted minutes are read far more often than the minutes change, and
building them (the queries, the model objects, the templates) is most of
what a request costs. Under load each database round trip counts too. So
this module keeps, in Django's cache (settings.CACHES: by default each
process keeps its own, in memory):

- the HTML of page parts (`cached_html`);
- the logged-in person (`logged_in_user`), and their groups and adjuster
  slots (`reader_groups`, `reader_slots`), which every page checks access with;

each under a key that starts with the content revision token
(meetings.models.revision), read from the database once a request
(`token`; on logged-in pages with the session, meetings.sessions): every
write to the minutes, on any app server and by any path, gives a new token,
so nothing is ever served after what it shows has changed, and nothing has
to be invalidated by hand.

A page part's key also holds who is asking, as far as the minutes they may
see go (`visibility_key`: role and groups, an adjuster's own id; people with
the same key share the part), the path and query string, the language,
today's date (for marks such as "overdue") and whatever the view names in
`extra`. A cached part may hold only what that key determines: never a CSRF
token, a bound form, a message or the user's own name. The base template
renders the menu, the messages and the forms around it on every request.

PAGE_CACHE=false turns all of it off (bench/archive.py measures the decision
list that way).
"""

import hashlib

from django.conf import settings
from django.contrib import auth
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from meetings.models import Adjuster, user_group_ids, visibility_key
from meetings.models.revision import current_token


def token(request):
    """The content revision token as this request first saw it, or None (nothing may be cached then).

    Read before anything it is used to cache: whatever is read after it is at
    least as new, so nothing is stored under a token older than its content.
    """
    if not hasattr(request, "_content_token"):
        if not settings.PAGE_CACHE:
            request._content_token = None
        else:
            # Read with the session when that is loaded already (meetings.sessions), as on every logged-in page.
            request._content_token = getattr(getattr(request, "session", None), "content_token", None) or current_token()
    return request._content_token


def logged_in_user(request):
    """request.user (meetings.middleware.AuthenticationMiddleware): Django's answer, kept while the token holds.

    Django looks the person up and checks the session against their password
    on every request. The answer depends only on the session, whose key
    changes at every login and logout, and on the person's row, every change
    of which but last_login renews the token (TRACKED_COLUMNS): so it is kept
    per token and session (its key, and the person and password check it
    names). The session is read first, and the token with it.
    """
    if request.session.get(auth.SESSION_KEY) is None:
        return auth.get_user(request)  # nobody logged in: no query
    current, session_key = token(request), request.session.session_key
    if current is None or not session_key:
        return auth.get_user(request)
    who = "\x1f".join([session_key, *(str(request.session.get(name)) for name in (
        auth.SESSION_KEY, auth.BACKEND_SESSION_KEY, auth.HASH_SESSION_KEY))])
    key = f"user:{current}:" + hashlib.sha256(who.encode()).hexdigest()
    user = cache.get(key)
    if user is None:
        user = auth.get_user(request)
        if user.is_authenticated:
            cache.set(key, user)
    return user


def _remembered(request, name, compute):
    """compute(), kept per request and, while the token holds, per person in the cache."""
    attribute = f"_reader_{name}"
    if not hasattr(request, attribute):
        current = token(request)
        if current is None:
            value = compute()
        else:
            key = f"reader:{name}:{current}:{request.user.pk}"
            value = cache.get(key)
            if value is None:
                value = compute()
                cache.set(key, value)
        setattr(request, attribute, value)
    return getattr(request, attribute)


def reader_groups(request):
    """The ids of the requesting person's cooperation groups."""
    return _remembered(request, "groups", lambda: user_group_ids(request.user))


def reader_slots(request):
    """{meeting id: adjuster id} of the meetings the requesting person is an adjuster of."""
    return _remembered(request, "slots", lambda: dict(
        Adjuster.objects.filter(user_id=request.user.pk).values_list("meeting_id", "pk")
    ))


def _page_key(request, name, extra):
    parts = [
        name, token(request), visibility_key(request.user, group_ids=reader_groups(request)),
        request.get_full_path(), translation.get_language(), timezone.localdate().isoformat(), *map(str, extra),
    ]
    return "page:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def recall(request, name, *, extra=()):
    """What `remember` stored for this page and this reader while the minutes stayed the same, or None."""
    if token(request) is None:
        return None
    return cache.get(_page_key(request, name, extra))


def remember(request, name, value, *, extra=()):
    """Keep `value` (plain data: text, numbers, dicts of them) for `recall` by this page and its readers."""
    if token(request) is not None:
        cache.set(_page_key(request, name, extra), value)


def cached_html(request, name, render, *, extra=(), cacheable=True):
    """The HTML `render()` returns for this request, from the cache when the minutes have not changed since.

    `name` tells the page parts apart; `cacheable=False` renders without the
    cache (for a variant that holds forms, say).
    """
    html = recall(request, name, extra=extra) if cacheable else None
    if html is None:
        html = str(render())
        if cacheable:
            remember(request, name, html, extra=extra)
    return mark_safe(html)
