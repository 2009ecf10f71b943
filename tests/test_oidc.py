"""Single sign-on through OpenID Connect, against a fake identity provider (no network).

The fake provider answers the token, userinfo and JWKS endpoints (requests is
patched); it signs ID tokens with its own RSA key, checks the client's secret,
the code and the PKCE verifier, and echoes the nonce of the authorisation request.
"""

import base64
import hashlib
import json
import secrets
import time
from unittest import mock
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.urls import reverse

from meetings.models import User
from tests import factories

IDP = "https://idp.example.se"
CLIENT_ID = "samverkan-client"
CLIENT_SECRET = "hemlig-klientnyckel"


class FakeResponse:
    def __init__(self, status_code=200, payload=None, url=""):
        self.status_code, self._payload, self.url = status_code, payload, url
        self.headers = {"content-type": "application/json"}
        self.text = json.dumps(payload)

    def json(self):
        return self._payload

    def raise_for_status(self):
        if self.status_code >= 400:
            import requests

            raise requests.HTTPError(f"{self.status_code}", response=self)


class FakeProvider:
    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "nyckel-1"
        self.codes = {}
        self.claims = {}
        self.token_overrides = {}
        self.sign_with = None

    def authorize(self, redirect_location, claims):
        """What the provider does when the person logs in: remember the request, hand out a code."""
        params = {k: v[0] for k, v in parse_qs(urlparse(redirect_location).query).items()}
        assert redirect_location.startswith(f"{IDP}/authorize?")
        assert params["client_id"] == CLIENT_ID and params["response_type"] == "code"
        assert params["code_challenge_method"] == "S256"
        code = secrets.token_urlsafe(16)
        self.codes[code] = params
        self.claims[code] = claims
        return code, params["state"]

    def jwks(self):
        public = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**public, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def post(self, url, data=None, **kwargs):
        assert url == f"{IDP}/token"
        params = self.codes.pop(data["code"], None)
        if params is None or data["client_secret"] != CLIENT_SECRET or data["client_id"] != CLIENT_ID:
            return FakeResponse(400, {"error": "invalid_grant"}, url)
        challenge = base64.urlsafe_b64encode(hashlib.sha256(data["code_verifier"].encode()).digest()).rstrip(b"=").decode()
        if challenge != params["code_challenge"]:
            return FakeResponse(400, {"error": "invalid_grant"}, url)
        claims = self.claims[data["code"]]
        now = int(time.time())
        token = {"iss": IDP, "aud": CLIENT_ID, "sub": claims["email"], "iat": now, "exp": now + 300,
                 "nonce": params["nonce"], **self.token_overrides}
        key = self.sign_with or self.key
        id_token = jwt.encode(token, key, algorithm="RS256", headers={"kid": self.kid})
        access_token = secrets.token_urlsafe(16)
        self.claims[access_token] = claims
        return FakeResponse(200, {"id_token": id_token, "access_token": access_token, "token_type": "Bearer"}, url)

    def get(self, url, headers=None, **kwargs):
        if url == f"{IDP}/jwks":
            return FakeResponse(200, self.jwks(), url)
        if url == f"{IDP}/userinfo":
            token = (headers or {}).get("Authorization", "").removeprefix("Bearer ")
            if token not in self.claims:
                return FakeResponse(401, {"error": "invalid_token"}, url)
            return FakeResponse(200, self.claims[token], url)
        raise AssertionError(f"unexpected request to {url}")


@pytest.fixture
def provider(settings):
    settings.OIDC_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "meetings.auth.EmailOIDCBackend"]
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_RP_SCOPES = "openid email profile"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{IDP}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{IDP}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{IDP}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{IDP}/jwks"
    settings.OIDC_OP_ISSUER = IDP
    settings.OIDC_CREATE_USER = False
    settings.OIDC_USE_PKCE = True
    settings.OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_callback"
    settings.LOGIN_REDIRECT_URL_FAILURE = "/login/?sso=failed"
    fake = FakeProvider()
    with mock.patch("mozilla_django_oidc.auth.requests.post", fake.post), \
            mock.patch("mozilla_django_oidc.auth.requests.get", fake.get):
        yield fake


def sso_login(client, provider, claims, *, state=None):
    start = client.get(reverse("oidc_authenticate"))
    assert start.status_code == 302
    code, issued_state = provider.authorize(start["Location"], claims)
    return client.get(reverse("oidc_callback"), {"code": code, "state": state or issued_state})


def logged_in_user(client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def test_sso_is_off_by_default(client, db):
    assert client.get(reverse("oidc_authenticate")).status_code == 404
    assert client.get(reverse("oidc_callback"), {"code": "x", "state": "y"}).status_code == 404
    assert "organisationskonto" not in client.get(reverse("login")).content.decode()


def test_login_page_offers_sso_when_on(client, db, provider):
    page = client.get(reverse("login")).content.decode()
    assert "Logga in med organisationskonto" in page
    assert "Eller med användarnamn och lösenord:" in page


def test_sso_logs_in_the_account_with_the_same_email(client, secretary, provider):
    response = sso_login(client, provider, {"email": "SEKRETERARE@example.se", "given_name": "Sara", "family_name": "Svensson"})
    assert response.status_code == 302 and response["Location"] == reverse("meetings:home")
    user = logged_in_user(client)
    assert user == secretary
    user.refresh_from_db()
    assert user.last_name == "Svensson" and user.role == User.Role.SECRETARY
    assert client.get(reverse("meetings:home")).status_code == 200


def test_sso_keeps_the_next_page(client, secretary, provider, meeting):
    start = client.get(reverse("oidc_authenticate"), {"next": meeting.get_absolute_url()})
    code, state = provider.authorize(start["Location"], {"email": secretary.email})
    response = client.get(reverse("oidc_callback"), {"code": code, "state": state})
    assert response["Location"] == meeting.get_absolute_url()


def test_unknown_email_is_refused_without_creating_an_account(client, secretary, provider):
    response = sso_login(client, provider, {"email": "okand@example.se"})
    assert response["Location"] == "/login/?sso=failed"
    assert logged_in_user(client) is None
    assert not User.objects.filter(email="okand@example.se").exists()
    page = client.get(response["Location"]).content.decode()
    assert "Inloggningen med organisationskonto fungerade inte." in page


def test_new_account_when_creation_is_on_has_least_privilege(client, db, provider, settings, group):
    settings.OIDC_CREATE_USER = True
    sso_login(client, provider, {"email": "Ny.Person@example.se", "given_name": "Ny", "family_name": "Person"})
    user = logged_in_user(client)
    assert user.username == "ny.person@example.se" and user.email == "Ny.Person@example.se"
    assert user.role == User.Role.MANAGER and not user.is_staff and not user.is_superuser
    assert not user.cooperation_groups.exists() and not user.has_usable_password()
    meeting = factories.make_meeting(group=group)
    assert client.get(meeting.get_absolute_url()).status_code == 404


def test_inactive_account_is_refused(client, secretary, provider):
    User.objects.filter(pk=secretary.pk).update(is_active=False)
    response = sso_login(client, provider, {"email": secretary.email})
    assert response["Location"] == "/login/?sso=failed" and logged_in_user(client) is None


@pytest.mark.parametrize(
    "tamper",
    [
        lambda p: setattr(p, "sign_with", rsa.generate_private_key(public_exponent=65537, key_size=2048)),
        lambda p: p.token_overrides.update(aud="en-annan-klient"),
        lambda p: p.token_overrides.update(iss="https://falsk.example"),
        lambda p: p.token_overrides.update(nonce="fel-nonce"),
        lambda p: p.token_overrides.update(exp=int(time.time()) - 60),
    ],
    ids=["foreign key", "audience", "issuer", "nonce", "expired"],
)
def test_forged_or_foreign_tokens_are_refused(client, secretary, provider, tamper):
    tamper(provider)
    response = sso_login(client, provider, {"email": secretary.email})
    assert response.status_code == 302 and response["Location"] == "/login/?sso=failed"
    assert logged_in_user(client) is None


def test_replayed_code_is_refused(client, secretary, provider):
    start = client.get(reverse("oidc_authenticate"))
    code, state = provider.authorize(start["Location"], {"email": secretary.email})
    assert client.get(reverse("oidc_callback"), {"code": code, "state": state})["Location"] == reverse("meetings:home")
    client.post(reverse("logout"))
    response = client.get(reverse("oidc_callback"), {"code": code, "state": state})
    assert logged_in_user(client) is None
    assert response.status_code in (302, 400)


def test_password_login_still_works_and_is_throttled_with_sso_on(client, secretary, provider, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "sekreterare", "password": "fel"})
    assert client.post(reverse("login"), {"username": "sekreterare", "password": factories.PASSWORD}).status_code == 429
    # SSO is a separate way in; the provider does its own throttling.
    response = sso_login(client, provider, {"email": secretary.email})
    assert logged_in_user(client) == secretary, response
