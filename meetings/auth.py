"""Logging in: throttling (django-axes) and single sign-on through OpenID Connect.

- `LoginThrottleBackend` comes first in AUTHENTICATION_BACKENDS: it refuses a
  login for a user name and address that are locked out, before any password
  is checked. Calls to `authenticate()` without a request (code and tests,
  never a login form) are not throttled: there is no client to lock out.
- `EmailOIDCBackend` (only when OIDC_ENABLED) logs people in through the
  municipality's identity provider and matches them to existing accounts by
  email address. Roles and group membership stay with the administrator; an
  account created on first login (OIDC_CREATE_USER) is a manager without any
  group, so it sees nothing until an administrator adds it to a group.
- `oidc_authenticate` / `oidc_callback`: the two SSO endpoints; 404 while SSO is off.
"""

import logging

import jwt
import requests
from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

logger = logging.getLogger("samverkan.auth")


class AddressThrottleHandler(AxesDatabaseHandler):
    """django-axes' database handler with a limit of its own for one address across user names.

    AXES_LOCKOUT_PARAMETERS counts failures per (user name, address) and per
    address. The first is held to AXES_FAILURE_LIMIT, the second to the higher
    AXES_IP_FAILURE_LIMIT: people behind one address (a municipality's NAT)
    are not locked out by one colleague's typos, but an address that guesses
    at many user names is. Axes compares one number with AXES_FAILURE_LIMIT, so
    the address's count is scaled to it.
    """

    def get_failures(self, request, credentials=None):
        counts = [
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        limit = settings.AXES_FAILURE_LIMIT
        scaled = []
        for parameter, count in zip(settings.AXES_LOCKOUT_PARAMETERS, counts):
            if parameter == "ip_address":
                count = count * limit // settings.AXES_IP_FAILURE_LIMIT
            scaled.append(count)
        return max(scaled, default=0)


class LoginThrottleBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class EmailOIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc, matching accounts by email and checking the token's audience."""

    def authenticate(self, request, **kwargs):
        try:
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, jwt.PyJWTError, requests.RequestException, ValueError, KeyError) as exc:
            # A forged or foreign token, or a provider that is down: no login, a plain log line.
            logger.warning("SSO login refused: %s", exc)
            return None

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token was issued to another client.")
        issuer = getattr(settings, "OIDC_OP_ISSUER", "")
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("The ID token comes from another issuer.")
        return payload

    def verify_claims(self, claims):
        return bool((claims.get("email") or "").strip())

    def filter_users_by_claims(self, claims):
        email = (claims.get("email") or "").strip()
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email, is_active=True)

    def get_username(self, claims):
        """A readable user name from the email address, unique among accounts."""
        base = (claims.get("email") or "").strip().lower()[:150]
        username, n = base, 1
        while self.UserModel.objects.filter(username=username).exists():
            n += 1
            username = f"{base[:140]}.{n}"
        return username

    def create_user(self, claims):
        # Least privilege: the default role (manager) and no group, so nothing is visible
        # until an administrator places the person. No password: SSO only.
        user = self.UserModel(
            username=self.get_username(claims),
            email=(claims.get("email") or "").strip(),
            first_name=(claims.get("given_name") or "")[:150],
            last_name=(claims.get("family_name") or "")[:150],
        )
        user.set_unusable_password()
        user.save()
        logger.info("SSO account created", extra={"user_id": user.pk})
        return user

    def update_user(self, user, claims):
        changed = False
        for field, claim in (("first_name", "given_name"), ("last_name", "family_name")):
            value = (claims.get(claim) or "")[:150]
            if value and getattr(user, field) != value:
                setattr(user, field, value)
                changed = True
        if changed:
            user.save(update_fields=["first_name", "last_name"])
        return user


def _require_oidc():
    if not getattr(settings, "OIDC_ENABLED", False):
        raise Http404


@login_not_required
@require_GET
def oidc_authenticate(request):
    """Send the browser to the identity provider."""
    from mozilla_django_oidc.views import OIDCAuthenticationRequestView

    _require_oidc()
    return OIDCAuthenticationRequestView.as_view()(request)


@login_not_required
@require_GET
def oidc_callback(request):
    """The identity provider sends the browser back here with a code."""
    from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

    _require_oidc()
    return OIDCAuthenticationCallbackView.as_view()(request)


class LoginView(auth_views.LoginView):
    """Django's login page, offering single sign-on when it is switched on."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = getattr(settings, "OIDC_ENABLED", False)
        context["sso_failed"] = self.request.GET.get("sso") == "failed"
        return context


def lockout_response(request, original_response=None, credentials=None):
    """The page shown while a user name is locked out (django-axes), in Swedish, status 429."""
    from axes.helpers import get_cool_off

    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else 0
    return render(request, "registration/lockout.html", {"cooloff_minutes": minutes}, status=429)


# --- Signing by re-authentication at the identity provider (step-up) ------------------------
#
# An adjuster who logs in through SSO has no password to confirm a signature with.
# Instead the browser goes to the provider once more with prompt=login and max_age=0
# (and OIDC_SIGN_ACR_VALUES, e.g. a BankID level, when set); on the way back the ID
# token is verified like a login's (signature, audience, issuer, nonce, PKCE), must be
# fresh (auth_time within OIDC_SIGN_MAX_AGE_SECONDS) and name the same person. Its
# iss, acr, amr and auth_time become the signature's evidence.

SIGN_SESSION_KEY = "oidc_sign_states"


class StepUpFailed(Exception):
    """The re-authentication for a signature did not prove who signs, now."""

    def __init__(self, message, meeting_pk=None):
        super().__init__(message)
        self.meeting_pk = meeting_pk


def sign_callback_url(request):
    from django.urls import reverse

    return request.build_absolute_uri(reverse("meetings:oidc_sign_callback"))


def sign_authorization_url(request, *, meeting_pk, content_hash):
    """The provider's authorization URL for signing `content_hash` of meeting `meeting_pk`."""
    from urllib.parse import urlencode

    from django.utils.crypto import get_random_string
    from mozilla_django_oidc.utils import generate_code_challenge

    state, nonce, verifier = get_random_string(32), get_random_string(32), get_random_string(64)
    pending = request.session.get(SIGN_SESSION_KEY, {})
    pending[state] = {"meeting": meeting_pk, "content_hash": content_hash, "nonce": nonce, "verifier": verifier}
    request.session[SIGN_SESSION_KEY] = dict(list(pending.items())[-5:])  # a few open tabs at most
    params = {
        "response_type": "code",
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "scope": settings.OIDC_RP_SCOPES,
        "redirect_uri": sign_callback_url(request),
        "state": state,
        "nonce": nonce,
        "prompt": "login",
        "max_age": "0",
        "code_challenge": generate_code_challenge(verifier, "S256"),
        "code_challenge_method": "S256",
    }
    acr_values = getattr(settings, "OIDC_SIGN_ACR_VALUES", "")
    if acr_values:
        params["acr_values"] = acr_values
    return f"{settings.OIDC_OP_AUTHORIZATION_ENDPOINT}?{urlencode(params)}"


def sign_evidence(request):
    """(pending sign request, evidence) from the provider's answer; StepUpFailed when it proves nothing."""
    import time

    state, code = request.GET.get("state"), request.GET.get("code")
    pending = request.session.get(SIGN_SESSION_KEY, {})
    entry = pending.pop(state, None) if state else None
    request.session[SIGN_SESSION_KEY] = pending
    if entry is None or not code:
        raise StepUpFailed("unknown or reused state")
    backend = EmailOIDCBackend()
    try:
        token_info = backend.get_token({
            "client_id": backend.OIDC_RP_CLIENT_ID, "client_secret": backend.OIDC_RP_CLIENT_SECRET,
            "grant_type": "authorization_code", "code": code, "redirect_uri": sign_callback_url(request),
            "code_verifier": entry["verifier"],
        })
        id_token, access_token = token_info.get("id_token"), token_info.get("access_token")
        payload = backend.verify_token(id_token, nonce=entry["nonce"])  # signature, nonce, aud, iss
        claims = backend.get_userinfo(access_token, id_token, payload)
    except (SuspiciousOperation, jwt.PyJWTError, requests.RequestException, ValueError, KeyError, TypeError) as exc:
        logger.warning("Signing by SSO refused: %s", exc)
        raise StepUpFailed(str(exc), entry["meeting"]) from exc
    now = time.time()
    if not isinstance(payload.get("exp"), (int, float)) or payload["exp"] < now:
        raise StepUpFailed("expired ID token", entry["meeting"])
    auth_time = payload.get("auth_time")
    max_age = getattr(settings, "OIDC_SIGN_MAX_AGE_SECONDS", 300)
    if not isinstance(auth_time, (int, float)) or not (now - max_age <= auth_time <= now + 60):
        raise StepUpFailed("the login at the provider is not fresh (auth_time)", entry["meeting"])
    email = (claims.get("email") or "").strip().lower()
    if not email or email != (request.user.email or "").strip().lower():
        raise StepUpFailed("the provider's login is another person's", entry["meeting"])
    amr = payload.get("amr") or []
    evidence = {
        "iss": payload.get("iss", ""), "acr": payload.get("acr", ""),
        "amr": amr if isinstance(amr, list) else [str(amr)], "auth_time": int(auth_time),
    }
    return entry, evidence
