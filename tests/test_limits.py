"""Limits: zip bombs refused unread with bounded memory, request body limits, no-store, throttling per address."""

import io
import os
import subprocess
import sys
import zipfile

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings import filetypes
from meetings.importer.errors import MinutesImportError
from meetings.importer.readers import read_document
from meetings.models import Attachment
from tests import factories

MB = 1024 * 1024

DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'wordprocessingml.document.main+xml"/></Types>'
)


def docx_bomb(inflated=200 * MB):
    """A .docx whose document.xml inflates to `inflated` bytes, written in chunks (about 200 KB on disk)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        package.writestr("[Content_Types].xml", DOCX_TYPES)
        with package.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b" " * MB
            for _ in range(inflated // MB):
                member.write(chunk)
    return out.getvalue()


def small_docx():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", DOCX_TYPES)
        package.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def test_a_docx_bomb_is_refused_before_it_is_read():
    bomb = docx_bomb(60 * MB)
    with pytest.raises(MinutesImportError, match="packas upp till 60.0 MB"):
        read_document(bomb, "protokoll.docx")
    with pytest.raises(filetypes.ArchiveTooLarge):
        filetypes.sniff(SimpleUploadedFile("bilaga.docx", bomb), ".docx")
    # An ordinary package passes the check.
    assert filetypes.sniff(SimpleUploadedFile("bilaga.docx", small_docx()), ".docx") == filetypes.DOCX


def test_a_dense_entry_is_refused_even_under_the_total_limit(settings):
    settings.UPLOAD_MAX_UNCOMPRESSED_BYTES = 500 * MB
    with pytest.raises(filetypes.ArchiveTooLarge):
        filetypes.check_archive(docx_bomb(20 * MB))


def test_too_many_entries_are_refused(settings):
    settings.UPLOAD_MAX_ZIP_MEMBERS = 10
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for number in range(11):
            package.writestr(f"part{number}.xml", "<x/>")
    with pytest.raises(filetypes.ArchiveTooLarge, match="för många delar"):
        filetypes.check_archive(out.getvalue())


def test_an_attachment_bomb_gets_a_clear_message(client, meeting, secretary):
    client.force_login(secretary)
    response = client.post(reverse("meetings:attachment_create", args=[meeting.pk]), {
        "title": "Bilaga", "file": SimpleUploadedFile("bilaga.docx", docx_bomb(60 * MB)),
    })
    assert response.status_code == 200 and "packas upp till" in response.content.decode()
    assert not Attachment.objects.exists()


MEASURE = r"""
import io, resource, sys, tracemalloc, django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from meetings import filetypes
from meetings.importer.errors import MinutesImportError
from meetings.importer.readers import read_document
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
tracemalloc.start()
outcomes = []
try:
    read_document(data, "protokoll.docx")
except MinutesImportError as exc:
    outcomes.append(str(exc))
try:
    filetypes.sniff(SimpleUploadedFile("bilaga.docx", data), ".docx")
except filetypes.ArchiveTooLarge as exc:
    outcomes.append(exc.messages[0])
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print("%d|%d|%d" % (after - before, len(outcomes), tracemalloc.get_traced_memory()[1]))
"""


def test_peak_memory_stays_bounded_on_a_200_mb_docx_bomb(tmp_path):
    """The issue's figure: a ~200 KB .docx that inflates to 200 MB, refused with < 50 MB growth."""
    bomb = docx_bomb(200 * MB)
    assert len(bomb) < 400 * 1024
    path = tmp_path / "bomb.docx"
    path.write_bytes(bomb)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "samverkan.settings"}
    out = subprocess.run([sys.executable, "-c", MEASURE, str(path)], env=env,
                         capture_output=True, text=True, check=True, cwd=django_settings.BASE_DIR).stdout
    growth_kb, refused, traced_peak = out.strip().splitlines()[-1].split("|")
    print(f"bomb {len(bomb) // 1024} KB -> 200 MB; peak RSS growth {int(growth_kb) / 1024:.1f} MB, "
          f"peak Python allocation {int(traced_peak) / MB:.2f} MB")
    assert refused == "2"  # both the importer and the attachment check refused it
    assert int(growth_kb) < 50 * 1024


def test_request_body_limits_are_set():
    assert django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 10 * MB
    assert django_settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 5 * MB
    assert 0 < django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS <= 5000


def test_too_many_fields_are_refused(client, secretary, meeting):
    client.force_login(secretary)
    fields = {f"f{n}": "x" for n in range(django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 10)}
    response = client.post(reverse("meetings:meeting_edit", args=[meeting.pk]), fields)
    assert response.status_code == 400


def test_authenticated_pages_and_the_csv_export_are_not_stored(client, secretary, meeting):
    client.force_login(secretary)
    for path in (reverse("meetings:home"), reverse("meetings:meeting_detail", args=[meeting.pk]),
                 reverse("meetings:decision_export")):
        response = client.get(path)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"], path


def login(client, username, password, address):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_one_address_is_throttled_across_user_names(client, settings, secretary):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_IP_FAILURE_LIMIT = 12
    # 11 failures with different user names: none of them reaches the per-user limit.
    for number in range(11):
        assert login(client, f"gissning{number}", "fel", "10.0.0.1").status_code == 200
    assert login(client, secretary.username, factories.PASSWORD, "10.0.0.1").status_code == 302
    client.logout()
    for number in range(11, 23):
        login(client, f"gissning{number}", "fel", "10.0.0.2")
    # The address is locked out now, even with a right password for another account.
    locked = login(client, secretary.username, factories.PASSWORD, "10.0.0.2")
    assert locked.status_code == 429
    # Another address is not.
    assert login(client, secretary.username, factories.PASSWORD, "10.0.0.3").status_code == 302


def test_one_user_name_is_still_throttled_at_the_lower_limit(client, settings, secretary):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_IP_FAILURE_LIMIT = 100
    for _ in range(3):
        login(client, secretary.username, "fel", "10.0.1.1")
    assert login(client, secretary.username, factories.PASSWORD, "10.0.1.1").status_code == 429
    # Others behind the same address (one municipality, one NAT) can still log in.
    other = factories.make_user(username="kollega")
    assert login(client, other.username, factories.PASSWORD, "10.0.1.1").status_code == 302

