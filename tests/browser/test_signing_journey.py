"""Signatures that name the right person and show what changed (issue 15), in a real browser.

- a slot tied to another person's account is refused;
- an edit voids a signature: the secretary's panel shows it at once (htmx, no
  reload), the adjuster sees what changed, then signs again;
- a correction makes version 2; version 1 and its final PDF stay downloadable;
- an adjuster signs through the organisation's identity provider (the fake one).
"""

import datetime
import time
from unittest import mock

import pytest
from playwright.sync_api import expect

from meetings import signing
from meetings.models import Meeting, Signature
from tests import factories
from tests.browser.editor import edit_item
from tests.test_oidc import CLIENT_ID, CLIENT_SECRET, IDP, FakeProvider


def sign_as(meeting, user):
    meeting = Meeting.objects.with_contents().get(pk=meeting.pk)
    return signing.meeting_sign(meeting=meeting, adjuster=meeting.adjusters.get(user=user), user=user,
                                password=factories.PASSWORD, content_hash=meeting.content_hash())


@pytest.fixture
def sent(meeting, item, secretary, adjuster, other_adjuster, ssr, kommunal):
    Meeting.objects.filter(pk=meeting.pk).update(created_by=secretary)
    factories.make_adjuster(meeting, name="Cecilia Cederström", party=ssr, user=adjuster)
    factories.make_adjuster(meeting, name="Christina Gustafsson", party=kommunal, user=other_adjuster)
    signing.meeting_send_for_adjustment(meeting=meeting, user=secretary, deadline=datetime.date.today())
    return meeting


def test_a_slot_tied_to_another_persons_account_is_refused(page, login, axe_check, secretary, meeting, adjuster,
                                                            other_adjuster, ssr):
    login(page, secretary)
    page.goto(f"/meetings/{meeting.pk}/adjusters/new/")
    page.locator("[name=name]").fill("Cecilia Cederström")
    page.locator("[name=party]").select_option(label="Akademikerförbundet SSR")
    page.locator("[name=user]").select_option(label=f"Christina Gustafsson, Kommunal ({other_adjuster.username})")
    page.locator("main form").get_by_role("button", name="Spara").click()
    expect(page.locator("main")).to_contain_text("Namnet stämmer inte med kontot")
    expect(page.locator("main")).to_contain_text("Partiet stämmer inte med kontot")
    axe_check(page, "adjuster form, mismatch")
    assert not meeting.adjusters.exists()
    # The account itself gives the name and party.
    page.locator("[name=name]").fill("")
    page.locator("[name=party]").select_option(index=0)
    page.locator("[name=user]").select_option(label=f"Cecilia Cederström, Akademikerförbundet SSR ({adjuster.username})")
    page.locator("main form").get_by_role("button", name="Spara").click()
    expect(page.locator("#adjusters")).to_contain_text("Cecilia Cederström")
    assert meeting.adjusters.get().party == ssr


def test_a_void_then_the_diff_then_a_new_signature(new_page, login, axe_check, sent, item, secretary, adjuster):
    sign_as(sent, adjuster)
    office = login(new_page(), secretary)
    office.goto(sent.get_absolute_url())
    expect(office.locator("#signatures tr", has_text="Cecilia")).to_contain_text("Justerat")
    edit_item(office, item.title, body="Första stycket.\n\nAndra stycket, nu med uppföljning i maj.")
    # The panel changed in the same response, without a reload.
    row = office.locator("#signatures tr", has_text="Cecilia")
    expect(row.locator(".signature-void")).to_have_text("Tidigare justering ogiltig")
    axe_check(office, "editor, panel after the edit")

    reviewer = login(new_page(), adjuster)
    reviewer.goto(f"/meetings/{sent.pk}/review/")
    changes = reviewer.locator("#changes-since-signature")
    expect(changes).to_contain_text("Vad som ändrats sedan du justerade")
    expect(changes.locator("ins").first).to_contain_text("nu med uppföljning i maj")
    expect(changes.locator("ins .visually-hidden").first).to_have_text("[infogat: ")
    axe_check(reviewer, "review, what changed")
    reviewer.locator("#sign [name=password]").fill(factories.PASSWORD)
    reviewer.locator("#sign-button").click()
    expect(reviewer.get_by_text("Tack, du har justerat minnesanteckningarna.")).to_be_visible()
    expect(reviewer.locator("#changes-since-signature")).to_have_count(0)
    assert Signature.objects.filter(user=adjuster, voided_at__isnull=True).count() == 1


def test_a_correction_version_with_the_old_pdf_still_downloadable(new_page, login, axe_check, sent, secretary,
                                                                   adjuster, other_adjuster, manager):
    sign_as(sent, adjuster)
    sign_as(sent, other_adjuster)
    sent.refresh_from_db()
    old_pdf = sent.final_pdf.open("rb").read()
    office = login(new_page(), secretary)
    office.goto(sent.get_absolute_url())
    office.get_by_role("link", name="Rättelse").click()
    axe_check(office, "correction form")
    office.locator("[name=reason]").fill("Fel datum i rubriken")
    office.locator("#start-correction").click()
    expect(office.get_by_text("Version 2 har skapats som utkast.")).to_be_visible()
    expect(office.locator("#versions-note")).to_contain_text("Version 2, en rättelse av version 1")
    expect(office.locator("#meeting-status")).to_have_text("Utkast")
    axe_check(office, "version 2, draft")

    reader = login(new_page(), manager)
    reader.goto(sent.get_absolute_url())
    expect(reader.locator("#versions-note")).to_contain_text("Ersatt av version 2")
    expect(reader.locator("#versions-note")).to_contain_text("Fel datum i rubriken")
    axe_check(reader, "version 1, replaced")
    with reader.expect_download() as download_info:
        reader.evaluate(
            "url => { const a = document.createElement('a'); a.href = url; a.download = 'v1.pdf';"
            " document.body.appendChild(a); a.click(); }",
            f"/meetings/{sent.pk}/pdf/",
        )
    assert open(download_info.value.path(), "rb").read() == old_pdf


def test_signing_through_the_fake_identity_provider(page, login, axe_check, settings, sent, adjuster, live_url):
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = CLIENT_ID, CLIENT_SECRET
    settings.OIDC_RP_SIGN_ALGO, settings.OIDC_RP_SCOPES = "RS256", "openid email profile"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{IDP}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT, settings.OIDC_OP_USER_ENDPOINT = f"{IDP}/token", f"{IDP}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT, settings.OIDC_OP_ISSUER = f"{IDP}/jwks", IDP
    settings.OIDC_SIGN_ACR_VALUES = "urn:grandid:loa:bankid"
    provider = FakeProvider()
    provider.token_overrides.update(acr="urn:grandid:loa:bankid", amr=["bankid"])
    asked = []

    def identity_provider(route):
        """The person logs in at the provider again (BankID) and is sent back with a code."""
        asked.append(route.request.url)
        provider.token_overrides["auth_time"] = int(time.time())
        code, state = provider.authorize(route.request.url, {"email": adjuster.email})
        route.fulfill(status=302, headers={"Location": f"{live_url}/sign/sso/callback/?code={code}&state={state}"})

    with mock.patch("mozilla_django_oidc.auth.requests.post", provider.post), \
            mock.patch("mozilla_django_oidc.auth.requests.get", provider.get):
        login(page, adjuster)
        page.route(f"{IDP}/**", identity_provider)
        page.goto(f"/meetings/{sent.pk}/review/")
        axe_check(page, "review with SSO signing")
        page.get_by_role("button", name="Signera via organisationskonto").click()
        expect(page.get_by_text("Tack, du har justerat minnesanteckningarna.")).to_be_visible()
    assert "prompt=login" in asked[0] and "max_age=0" in asked[0] and "acr_values=urn" in asked[0]
    row = page.locator("#signatures tr", has_text="Cecilia")
    expect(row).to_contain_text("Inloggning via organisationskonto, BankID")
    signature = Signature.objects.get(user=adjuster)
    assert signature.method == Signature.Method.OIDC and signature.evidence["iss"] == IDP
