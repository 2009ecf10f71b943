"""Security of the running app: headers, sessions, login throttling, CSRF, uploads, object access."""

import io
import re
import time
import zipfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from meetings import signing
from meetings.middleware import SESSION_LOGIN_AT, SESSION_SEEN_AT
from meetings.models import (
    AgendaItem,
    Attachment,
    CooperationGroup,
    FollowUp,
    Meeting,
    RecurringPoint,
    ReviewComment,
    Signature,
    UnionInput,
    User,
)
from tests import factories

ROOT = Path(__file__).resolve().parent.parent


def url(name, *args):
    return reverse(f"meetings:{name}", args=args)


# --- Headers: CSP, clickjacking, nosniff -------------------------------------


def test_pages_carry_a_content_security_policy_without_inline_scripts(client, secretary, meeting):
    client.force_login(secretary)
    response = client.get(meeting.get_absolute_url())
    policy = dict(
        (part.split(" ", 1) + [""])[:2] for part in (p.strip() for p in response["Content-Security-Policy"].split(";"))
    )
    assert policy["script-src"] == "'self'"
    assert "unsafe-inline" not in policy["style-src"] and "unsafe-inline" not in policy["style-src-elem"]
    assert "style-src-attr" not in policy  # falls back to style-src: no inline style attributes
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_templates_have_no_inline_scripts_or_event_handlers():
    """What the policy forbids must not be in the templates (it would silently stop working)."""
    offenders = []
    for template in (ROOT / "templates").rglob("*.html"):
        text = re.sub(r"\{#.*?#\}", "", template.read_text())
        if template.parts[-2] == "pdf":
            continue  # rendered by WeasyPrint on the server, never by a browser
        for match in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|javascript:", text, re.IGNORECASE):
            offenders.append(f"{template.relative_to(ROOT)}: {match.group(0)}")
        if re.search(r"<style[\s>]", text, re.IGNORECASE):
            offenders.append(f"{template.relative_to(ROOT)}: <style>")
        if re.search(r"\sstyle\s*=", text, re.IGNORECASE):
            offenders.append(f"{template.relative_to(ROOT)}: style=")
    assert offenders == []


def test_htmx_is_told_not_to_inject_styles_or_eval(client, secretary):
    client.force_login(secretary)
    page = client.get(url("home")).content.decode()
    config = re.search(r'<meta name="htmx-config" content=\'([^\']*)\'', page).group(1)
    assert '"includeIndicatorStyles": false' in config and '"allowEval": false' in config


def test_login_page_is_framable_by_nobody(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


# --- Sessions ----------------------------------------------------------------


def test_session_expires_after_the_absolute_limit(client, secretary, settings):
    client.force_login(secretary)
    assert client.get(url("home")).status_code == 200
    session = client.session
    session[SESSION_LOGIN_AT] = int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS - 5
    session.save()
    response = client.get(url("home"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert "Du har loggats ut eftersom din session är för gammal. Logga in igen." in response.content.decode()
    assert client.get(url("home")).status_code == 302


def test_active_session_is_refreshed_but_not_written_on_every_request(client, secretary, settings):
    client.force_login(secretary)
    client.get(url("home"))
    session = client.session
    assert isinstance(session.get(SESSION_LOGIN_AT), int)
    old = int(time.time()) - settings.SESSION_REFRESH_SECONDS - 1
    session[SESSION_SEEN_AT] = old
    session.save()
    client.get(url("home"))
    refreshed = client.session[SESSION_SEEN_AT]
    assert refreshed > old
    client.get(url("home"))
    assert client.session[SESSION_SEEN_AT] == refreshed


def test_idle_timeout_is_the_session_cookie_age(settings):
    assert django_settings.SESSION_COOKIE_AGE == 60 * 60
    assert django_settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"  # in the database, shared by every app server
    assert not getattr(django_settings, "SESSION_SAVE_EVERY_REQUEST", False)


# --- Login throttling (django-axes) ----------------------------------------


def test_lockout_after_repeated_failed_logins(secretary, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("login"), {"username": "sekreterare", "password": "fel"})
        assert response.status_code == 200
        assert "Ange ett korrekt användarnamn och lösenord." in response.content.decode()
    response = client.post(reverse("login"), {"username": "sekreterare", "password": "fel"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "För många inloggningsförsök" in page
    assert "Försök igen om 15 minuter." in page
    # Even the right password is refused during the cool-off.
    response = client.post(reverse("login"), {"username": "sekreterare", "password": factories.PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_user_name(secretary, other_secretary, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "sekreterare", "password": "fel"})
    response = client.post(reverse("login"), {"username": "annan.sekreterare", "password": factories.PASSWORD})
    assert response.status_code == 302


def test_successful_login_resets_the_failure_count(secretary, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(reverse("login"), {"username": "sekreterare", "password": "fel"})
    assert client.post(reverse("login"), {"username": "sekreterare", "password": factories.PASSWORD}).status_code == 302
    client.post(reverse("logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(reverse("login"), {"username": "sekreterare", "password": "fel"}).status_code == 200


def test_login_stores_the_login_time_for_the_absolute_timeout(secretary):
    client = Client()
    before = int(time.time())
    assert client.post(reverse("login"), {"username": "sekreterare", "password": factories.PASSWORD}).status_code == 302
    assert client.session[SESSION_LOGIN_AT] >= before


# --- CSRF --------------------------------------------------------------------


def test_csrf_is_enforced_on_every_form(secretary, meeting, item):
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretary)
    for target, data in [
        (url("meeting_edit", meeting.pk), {"place": "Annat"}),
        (url("item_create", meeting.pk), {"kind": "information", "title": "X"}),
        (url("item_delete", item.pk), {}),
        (url("meeting_delete", meeting.pk), {}),
        (reverse("logout"), {}),
    ]:
        response = client.post(target, data)
        assert response.status_code == 403, target
    assert Meeting.objects.filter(pk=meeting.pk, place="Stadshuset").exists()
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_csrf_token_from_the_page_is_accepted(secretary, meeting):
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretary)
    page = client.get(url("item_create", meeting.pk)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(url("item_create", meeting.pk), {"kind": "information", "title": "Ny punkt", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert meeting.items.filter(title="Ny punkt").exists()


def test_login_form_needs_csrf(secretary):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "sekreterare", "password": factories.PASSWORD})
    assert response.status_code == 403


# --- Uploads ----------------------------------------------------------------


def _zip(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, data in entries.items():
            package.writestr(name, data)
    return buffer.getvalue()


def _ooxml(main_type):
    return _zip({
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Override PartName="/main.xml" ContentType="{main_type}"/></Types>'
        ),
        "main.xml": "<x/>",
    })


DOCX = _ooxml("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")
XLSX = _ooxml("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
PPTX = _ooxml("application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml")
DOCM = _ooxml("application/vnd.ms-word.document.macroEnabled.main+xml")
ODT = _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 20
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("Riskbedömning.pdf", PDF, "application/pdf"),
        ("Bilaga.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("Statistik.xlsx", XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("Bilder.pptx", PPTX, "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        ("Text.odt", ODT, "application/vnd.oasis.opendocument.text"),
        ("Foto.png", PNG, "image/png"),
        ("Foto.JPG", JPEG, "image/jpeg"),
        ("Anteckning.txt", "Sjukfrånvaro ökar – 5 %\n".encode(), "text/plain"),
        ("Tabell.csv", "enhet;andel\nBUF;5,5\n".encode(), "text/csv"),
    ],
)
def test_allowed_types_are_accepted_and_stored_with_the_type_the_content_shows(client, secretary, meeting, name, content, mime):
    client.force_login(secretary)
    upload = SimpleUploadedFile(name, content, content_type="application/x-whatever")
    response = client.post(url("attachment_create", meeting.pk), {"file": upload})
    assert response.status_code == 302, response.content.decode()
    attachment = Attachment.objects.get()
    assert attachment.content_type == mime
    download = client.get(url("attachment_download", attachment.pk))
    assert download["Content-Type"].split(";")[0] == mime
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == content


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("program.exe", b"MZ\x90\x00", "Filer av den här typen kan inte bifogas."),
        ("sida.html", b"<script>alert(1)</script>", "Filer av den här typen kan inte bifogas."),
        ("bild.svg", b"<svg onload='alert(1)'/>", "Filer av den här typen kan inte bifogas."),
        ("protokoll.pdf", b"MZ\x90\x00program", "Filens innehåll är inte ett dokument"),
        ("protokoll.pdf", b"<html><script>alert(1)</script></html>", "men innehållet är en text-fil"),
        ("bilaga.docx", PDF, "Filen heter .docx men innehållet är en PDF-fil."),
        ("bilaga.docx", DOCM, "Filens innehåll är inte ett dokument"),
        ("bilaga.docx", _zip({"evil.exe": b"MZ"}), "Filens innehåll är inte ett dokument"),
        ("trasig.docx", b"PK\x03\x04trunkerad", "Filens innehåll är inte ett dokument"),
        ("bild.png", JPEG, "Filen heter .png men innehållet är en JPEG-fil."),
        ("text.txt", b"abc\x00def", "Filens innehåll är inte ett dokument"),
        ("latin1.csv", "enhet;Område\n".encode("latin-1"), "Textfiler måste vara sparade som UTF-8."),
    ],
)
def test_wrong_types_are_refused_by_content(client, secretary, meeting, name, content, message):
    client.force_login(secretary)
    response = client.post(url("attachment_create", meeting.pk), {"file": SimpleUploadedFile(name, content, content_type="application/pdf")})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Attachment.objects.exists()


def test_uploads_are_stored_outside_static_and_never_served_from_media(client, secretary, meeting):
    client.force_login(secretary)
    client.post(url("attachment_create", meeting.pk), {"file": SimpleUploadedFile("a.pdf", PDF)})
    attachment = Attachment.objects.get()
    path = Path(attachment.file.path).resolve()
    assert path.is_relative_to(Path(django_settings.MEDIA_ROOT).resolve())
    assert not path.is_relative_to((ROOT / "static").resolve())
    assert client.get(f"/{django_settings.MEDIA_URL}{attachment.file.name}").status_code == 404
    assert client.get(f"/static/../media/{attachment.file.name}").status_code == 404


def test_media_root_inside_static_is_refused_at_start():
    import os
    import subprocess
    import sys

    env = {**os.environ, "MEDIA_ROOT": str(ROOT / "static" / "uploads")}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "MEDIA_ROOT must not be inside the static files folders" in result.stderr


@pytest.mark.parametrize("persona", ["other_secretary", "other_adjuster", "manager"])
def test_attachment_download_refuses_guessed_ids(client, request, secretary, meeting, persona):
    client.force_login(secretary)
    client.post(url("attachment_create", meeting.pk), {"file": SimpleUploadedFile("hemlig.pdf", PDF)})
    attachment = Attachment.objects.get()
    outsider = Client()
    outsider.force_login(request.getfixturevalue(persona))
    for guess in (attachment.pk, attachment.pk + 1, attachment.pk - 1, 0, 2**31 - 1):
        response = outsider.get(f"/attachments/{guess}/")
        assert response.status_code == 404, guess
    # A logged-out visitor is sent to the login page.
    assert Client().get(url("attachment_download", attachment.pk)).status_code == 302


# --- IDOR: every URL with an id, guessed across groups ----------------------------------


def _id_patterns():
    """(name, pattern string, int kwargs) of every app URL taking an integer id."""
    found = []

    def walk(patterns, prefix, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace == "admin":
                    continue
                ns = f"{namespace}:{entry.namespace}" if entry.namespace else namespace
                walk(entry.url_patterns, prefix + str(entry.pattern), ns)
            elif isinstance(entry, URLPattern):
                kwargs = [name for name, conv in entry.pattern.converters.items() if conv.regex == "[0-9]+"]
                if kwargs and entry.name:
                    found.append((f"{namespace.strip(':')}:{entry.name}".strip(":"), kwargs))

    walk(get_resolver().url_patterns, "", "")
    return found


@pytest.fixture
def secret_meeting(group, secretary, adjuster, ssr, employer):
    """Minutes of the group with every kind of object hanging on them, marked SECRET-MARKER."""
    meeting = factories.make_meeting(group=group, protocol_number="9/2026", place="SECRET-MARKER-rum")
    item = factories.make_item(meeting, kind=AgendaItem.Kind.DECISION, title="SECRET-MARKER punkt", body="SECRET-MARKER text")
    factories.make_union_input(item, text="SECRET-MARKER inspel", party=ssr)
    factories.make_decision(item, text="SECRET-MARKER beslut", stands=[(ssr, "agree")])
    slot = factories.make_adjuster(meeting, name="Cecilia Cederström", party=ssr, user=adjuster)
    Attachment.objects.create(meeting=meeting, title="SECRET-MARKER bilaga", file="attachments/hemlig.pdf")
    follow_up = FollowUp.objects.create(item=item, what="Återkoppla riskbedömningen")
    RecurringPoint.objects.create(group=group, month=3, kind=AgendaItem.Kind.INFORMATION, title="Tertialstatistik")
    signing.meeting_send_for_adjustment(meeting=meeting, user=secretary, deadline=meeting.date.replace(year=2099))
    ReviewComment.objects.create(meeting=meeting, author=adjuster, text="SECRET-MARKER kommentar")
    Signature.objects.create(meeting=meeting, adjuster=slot, adjuster_name=slot.name, party_name=ssr.name,
                             user=adjuster, content_hash="0" * 64)
    meeting = Meeting.objects.get(pk=meeting.pk)
    meeting.follow_up = follow_up
    return meeting


def _snapshot(meeting):
    meeting = Meeting.objects.with_contents().get(pk=meeting.pk)
    return (
        meeting.content_hash(), meeting.status, meeting.version,
        Signature.objects.filter(voided_at__isnull=True).count(), ReviewComment.objects.count(),
        UnionInput.objects.count(), CooperationGroup.objects.count(), User.objects.count(),
        list(FollowUp.objects.values_list("pk", "closed_at")), RecurringPoint.objects.count(),
    )


@pytest.mark.parametrize("persona", ["other_secretary", "manager", "other_adjuster"])
def test_no_url_with_an_id_shows_or_changes_another_groups_minutes(client, request, secret_meeting, persona):
    insider = Client()
    insider.force_login(request.getfixturevalue("secretary"))
    assert b"SECRET-MARKER" in insider.get(secret_meeting.get_absolute_url()).content  # the marker is visible to the group
    outsider = request.getfixturevalue(persona)
    client.force_login(outsider)
    objects = [secret_meeting, *secret_meeting.items.all(), *UnionInput.objects.all(), *secret_meeting.adjusters.all(),
               *secret_meeting.attachments.all(), *secret_meeting.comments.all(), *secret_meeting.signatures.all(),
               secret_meeting.group, secret_meeting.follow_up, *RecurringPoint.objects.all()]
    guesses = sorted({obj.pk for obj in objects} | {obj.pk + 1 for obj in objects})
    before = _snapshot(secret_meeting)
    checked = 0
    for name, kwargs in _id_patterns():
        for guess in guesses:
            target = reverse(name, kwargs={k: guess for k in kwargs})
            for method in ("get", "post"):
                response = getattr(client, method)(target)
                body = b"".join(response.streaming_content) if response.streaming else response.content
                assert b"SECRET-MARKER" not in body, f"{method.upper()} {target} shows the minutes to {persona}"
                # 200 happens for the outsider's own objects (e.g. their own group's page), never with the secret.
                assert response.status_code in (200, 302, 403, 404, 405), f"{method.upper()} {target}: {response.status_code}"
                checked += 1
    assert checked > 100
    assert _snapshot(secret_meeting) == before
