"""Request-wide behaviour: the request log line, the session timeouts, htmx without a session, no-store."""

import json
import logging
import time
import warnings
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.functional import empty
from django.utils.translation import gettext as _
from whitenoise.middleware import WhiteNoiseMiddleware

request_logger = logging.getLogger("samverkan.request")

SESSION_LOGIN_AT = "samverkan_login_at"
SESSION_SEEN_AT = "samverkan_seen_at"

# Paths a load balancer or a browser fetches all the time: logged at DEBUG only.
_QUIET_PREFIXES = ("/health/", "/static/", "/favicon.ico")


def _user_id(request):
    """The user's id if the request already looked the user up (no extra query for it)."""
    user = getattr(request, "user", None)
    if user is None:
        return None
    wrapped = getattr(user, "_wrapped", user)
    if wrapped is empty or not getattr(wrapped, "is_authenticated", False):
        return None
    return wrapped.pk


class RequestLogMiddleware:
    """One log line a request: method, path, status, duration in ms, user id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        if settings.REQUEST_LOG:
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            level = logging.DEBUG if request.path.startswith(_QUIET_PREFIXES) else logging.INFO
            if response.status_code >= 500:
                level = logging.ERROR
            user_id = _user_id(request)
            request_logger.log(
                level,
                "%s %s %s %.1fms user=%s",
                request.method, request.path, response.status_code, duration_ms, user_id,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                    "user_id": user_id,
                },
            )
        return response


@receiver(user_logged_in, dispatch_uid="samverkan_session_login_at")
def _remember_login_time(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SESSION_LOGIN_AT] = now
        request.session[SESSION_SEEN_AT] = now


class SessionTimeoutMiddleware:
    """Idle and absolute session timeouts.

    Idle: a session lives SESSION_COOKIE_AGE seconds after it was last saved. Instead of
    saving it on every request (a database write each time), the time of the last
    request is written at most once every SESSION_REFRESH_SECONDS, which moves the
    expiry forward: an idle session ends between SESSION_COOKIE_AGE minus that
    interval and SESSION_COOKIE_AGE after the last request.

    Absolute: SESSION_ABSOLUTE_SECONDS after the login the person is logged out,
    however active the session is. Sessions without a recorded login time (made
    before this middleware was loaded) count from the user's last login.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Public views (the health check, the login page) neither need nor touch the session.
        if not getattr(view_func, "login_required", True):
            return None
        if not request.user.is_authenticated:
            return None
        now = int(time.time())
        login_at = request.session.get(SESSION_LOGIN_AT)
        if not isinstance(login_at, int):
            last_login = request.user.last_login
            login_at = int(last_login.timestamp()) if last_login else now
        if now - login_at > settings.SESSION_ABSOLUTE_SECONDS:
            logout(request)
            messages.info(request, _("You have been logged out because your session is too old. Log in again."))
            return redirect_to_login(request.get_full_path())
        seen_at = request.session.get(SESSION_SEEN_AT)
        if not isinstance(seen_at, int):
            seen_at = login_at
        if now - seen_at >= settings.SESSION_REFRESH_SECONDS:
            request.session[SESSION_SEEN_AT] = now
        return None


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise; when it finds the files itself (development), a missing STATIC_ROOT is no news."""

    def __init__(self, *args, **kwargs):
        with warnings.catch_warnings():
            if getattr(settings, "WHITENOISE_USE_FINDERS", False):
                warnings.filterwarnings("ignore", message="No directory at")
            super().__init__(*args, **kwargs)


# The htmx event the page listens for when a request found no session (static/js/app.js).
SESSION_EXPIRED_EVENT = "samverkan:session-expired"


class HtmxLoginRequiredMiddleware:
    """An htmx request without a session gets 401 and an event, never the login page.

    Without this, htmx follows the redirect to the login page and swaps that page
    into the item card, and the text being saved is gone. The response tells
    htmx to swap nothing (HX-Reswap: none) and triggers SESSION_EXPIRED_EVENT
    with the login address; the page then shows a dialog and keeps the form.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code not in (301, 302, 303, 307, 308):
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return response
        login_path = resolve_url(settings.LOGIN_URL)
        if not urlsplit(response.get("Location", "")).path == login_path:
            return response
        if not request.headers.get("HX-Request"):
            return self._back_to_the_form(request, response)
        expired = HttpResponse(status=401)
        expired["HX-Reswap"] = "none"
        expired["HX-Trigger"] = json.dumps({SESSION_EXPIRED_EVENT: {"loginUrl": login_path}})
        expired["Cache-Control"] = "no-store"
        return expired

    @staticmethod
    def _back_to_the_form(request, response):
        """A form sent without a session: after the login, back to the page of the form, not to its POST address."""
        if request.method != "POST":
            return response
        referer = request.headers.get("Referer", "")
        if not url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
            return response
        parts = urlsplit(referer)
        return redirect_to_login(parts.path + (f"?{parts.query}" if parts.query else ""))


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every page of a logged-in person and on every download.

    The minutes, the decisions and the CSV export are not for a shared computer's
    cache. Static files (served before this runs) and public pages keep theirs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
            response.headers.pop("Expires", None)
        return response
