"""Signing through the organisation's identity provider (step-up), against the fake provider of test_oidc.

The adjuster logs in with SSO only (no password). "Signera via organisationskonto"
sends the browser to the provider with prompt=login and max_age=0 (and the
configured acr_values); the ID token coming back must be verified and fresh, and
its issuer, acr, amr and auth_time become the signature's evidence.
"""

import datetime
import time
from urllib.parse import parse_qs, urlparse

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.urls import reverse

from meetings import signing
from meetings.models import Meeting, Signature
from tests import factories
from tests.test_oidc import IDP, provider  # noqa: F401  (the fake provider fixture)


def url(name, *args):
    return reverse(f"meetings:{name}", args=args)


@pytest.fixture
def sso_adjuster(adjuster):
    adjuster.set_unusable_password()
    adjuster.save()
    return adjuster


@pytest.fixture
def sent(meeting, item, sso_adjuster, ssr, secretary):
    factories.make_adjuster(meeting, name="Cecilia Cederström", party=ssr, user=sso_adjuster)
    signing.meeting_send_for_adjustment(meeting=meeting, user=secretary, deadline=datetime.date.today())
    return meeting


def start_signing(client, meeting):
    content_hash = Meeting.objects.with_contents().get(pk=meeting.pk).content_hash()
    response = client.post(url("meeting_sign_oidc", meeting.pk), {"content_hash": content_hash})
    assert response.status_code == 302
    return response["Location"]


def come_back(client, provider, location, claims):  # noqa: F811
    code, state = provider.authorize(location, claims)
    return client.get(url("oidc_sign_callback"), {"code": code, "state": state})


def fresh(**claims):
    return {"auth_time": int(time.time()) - 5, **claims}


def test_the_review_page_offers_sso_signing_and_no_password_form_to_an_sso_account(client, sent, sso_adjuster, provider):  # noqa: F811
    client.force_login(sso_adjuster)
    page = client.get(url("meeting_review", sent.pk)).content.decode()
    assert "Signera via organisationskonto" in page and 'name="password"' not in page


def test_the_authorization_request_asks_for_a_fresh_login_and_the_acr(client, sent, sso_adjuster, provider, settings):  # noqa: F811
    settings.OIDC_SIGN_ACR_VALUES = "urn:grandid:loa:bankid"
    client.force_login(sso_adjuster)
    params = {k: v[0] for k, v in parse_qs(urlparse(start_signing(client, sent)).query).items()}
    assert params["prompt"] == "login" and params["max_age"] == "0"
    assert params["acr_values"] == "urn:grandid:loa:bankid"
    assert params["redirect_uri"].endswith(url("oidc_sign_callback")) and params["nonce"]


def test_signing_through_the_provider_stores_the_evidence_and_prints_bankid(client, sent, sso_adjuster, provider):  # noqa: F811
    client.force_login(sso_adjuster)
    location = start_signing(client, sent)
    provider.token_overrides.update(fresh(acr="urn:grandid:loa:bankid", amr=["bankid"]))
    response = come_back(client, provider, location, {"email": sso_adjuster.email})
    assert response.status_code == 302 and response["Location"] == url("meeting_review", sent.pk)
    signature = Signature.objects.get()
    assert signature.method == Signature.Method.OIDC and signature.mac_is_valid()
    assert signature.evidence["iss"] == IDP and signature.evidence["amr"] == ["bankid"]
    assert signature.evidence["acr"] == "urn:grandid:loa:bankid" and signature.evidence["auth_time"] > 0
    assert signature.method_label == "Inloggning via organisationskonto, BankID"
    sent.refresh_from_db()
    assert sent.status == Meeting.Status.ADJUSTED
    assert "Inloggning via organisationskonto, BankID" in client.get(url("meeting_verify", sent.pk)).content.decode()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda p: p.token_overrides.update(auth_time=int(time.time()) - 3600),  # an old login
        lambda p: p.token_overrides.pop("auth_time"),  # no auth_time at all
        lambda p: p.token_overrides.update(nonce="fel-nonce"),
        lambda p: p.token_overrides.update(aud="en-annan-klient"),
        lambda p: p.token_overrides.update(iss="https://falsk.example"),
        lambda p: setattr(p, "sign_with", rsa.generate_private_key(public_exponent=65537, key_size=2048)),
    ],
    ids=["stale auth_time", "no auth_time", "nonce", "audience", "issuer", "foreign key"],
)
def test_a_login_that_proves_nothing_signs_nothing(client, sent, sso_adjuster, provider, tamper):  # noqa: F811
    client.force_login(sso_adjuster)
    location = start_signing(client, sent)
    provider.token_overrides.update(fresh())
    tamper(provider)
    response = come_back(client, provider, location, {"email": sso_adjuster.email})
    assert response.status_code == 302 and not Signature.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "kunde inte bekräftas" in page


def test_another_persons_login_and_a_replayed_state_sign_nothing(client, sent, sso_adjuster, provider):  # noqa: F811
    client.force_login(sso_adjuster)
    location = start_signing(client, sent)
    provider.token_overrides.update(fresh())
    come_back(client, provider, location, {"email": "nagon.annan@example.se"})
    assert not Signature.objects.exists()
    code, state = provider.authorize(start_signing(client, sent), {"email": sso_adjuster.email})
    assert client.get(url("oidc_sign_callback"), {"code": code, "state": state}).status_code == 302
    assert Signature.objects.count() == 1
    # The same answer again: the state is used up, nothing more is signed.
    client.get(url("oidc_sign_callback"), {"code": code, "state": state})
    assert Signature.objects.count() == 1


def test_sso_signing_is_off_without_oidc(client, sent, sso_adjuster):
    client.force_login(sso_adjuster)
    assert client.post(url("meeting_sign_oidc", sent.pk), {"content_hash": "0" * 64}).status_code == 404
    assert client.get(url("oidc_sign_callback")).status_code == 404
