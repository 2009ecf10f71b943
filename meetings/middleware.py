"""Request-wide behaviour: the request log line and the session timeouts."""

import logging
import time
import warnings

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
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
