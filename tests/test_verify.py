"""Verifying a PDF: /verify/ (upload) and manage.py verify_pdf."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from meetings.pdf import render_minutes_pdf
from tests.sealed import final_pdf, one_byte_changed

URL = reverse("meetings:verify_pdf")


def upload(client, data, name="minnesanteckningar.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(URL, {"file": SimpleUploadedFile(name, data, content_type="application/pdf")})


def test_the_archived_file_is_recognised_identical_and_validly_sealed(client, manager, sealed_minutes):
    client.force_login(manager)
    page = upload(client, final_pdf(sealed_minutes)).content.decode()
    assert 'data-ok="yes"' in page
    assert "Filen är oförändrad och dess sigill är giltigt." in page
    assert "Filen är de justerade minnesanteckningarna" in page and "Bilaga till protokoll 11/2020" in page
    assert "byte för byte identisk med det arkiverade exemplaret" in page
    for sentence in ("Sigillet är intakt", "Sigillets signatur är giltig.", "Sigillets certifikat är betrott.",
                     "Sigillet täcker hela filen."):
        assert sentence in page
    for signature in sealed_minutes.signatures.filter(voided_at__isnull=True):
        assert f"Justerad av {signature.adjuster_name} ({signature.party_name})" in page
        assert signature.verification_code in page
    assert reverse("meetings:meeting_detail", args=[sealed_minutes.pk]) in page


def test_a_changed_byte_says_the_file_was_changed_after_sealing(client, manager, sealed_minutes):
    client.force_login(manager)
    page = upload(client, one_byte_changed(final_pdf(sealed_minutes))).content.decode()
    assert 'data-ok="no"' in page and 'data-changed="yes"' in page
    assert "Filen har ändrats efter försegling" in page
    assert "Sigillet är brutet" in page
    # Found by the content hash recorded in its metadata, and told apart from the archived copy.
    assert "Filen är de justerade minnesanteckningarna" in page
    assert "Filen är inte identisk med det arkiverade exemplaret." in page


def test_a_file_that_is_not_ours_and_not_sealed_is_said_to_be_so(client, manager, meeting, item):
    client.force_login(manager)
    page = upload(client, render_minutes_pdf(meeting)).content.decode()
    assert "Filen är inte minnesanteckningar som arkiverats i det här systemet." in page
    assert "Filen har inget sigill" in page and 'data-ok="no"' in page


def test_a_file_that_is_not_a_pdf_gets_a_clear_message(client, manager):
    client.force_login(manager)
    page = upload(client, b"just text", name="notes.txt").content.decode()
    assert "Filen är inte en PDF." in page and "verify-result" not in page


def test_verify_needs_a_login_unless_public(client, settings, sealed_minutes):
    settings.VERIFY_PUBLIC = False
    response = client.get(URL)
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert upload(client, final_pdf(sealed_minutes)).status_code == 302
    settings.VERIFY_PUBLIC = True
    page = upload(client, final_pdf(sealed_minutes))
    assert page.status_code == 200 and 'data-ok="yes"' in page.content.decode()
    # Anonymous visitors learn what the file is but get no link into the app.
    assert reverse("meetings:meeting_detail", args=[sealed_minutes.pk]) not in page.content.decode()


def test_the_command_prints_the_findings_and_fails_on_a_changed_file(sealed_minutes, tmp_path, capsys):
    good = tmp_path / "good.pdf"
    good.write_bytes(final_pdf(sealed_minutes))
    call_command("verify_pdf", str(good))
    out = capsys.readouterr().out
    assert "VALID: the file is unchanged and its seal is valid." in out
    assert "The seal covers the whole file." in out and "byte for byte identical" in out
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(one_byte_changed(final_pdf(sealed_minutes)))
    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_pdf", str(bad))
    assert exit_info.value.code == 1
    out = capsys.readouterr().out
    assert "NOT VALID: the file has been changed after sealing." in out
    assert "FAIL The seal is broken" in out


def test_the_command_refuses_a_missing_or_non_pdf_file(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Cannot read"):
        call_command("verify_pdf", str(tmp_path / "missing.pdf"))
    text = tmp_path / "text.pdf"
    text.write_text("hello")
    with pytest.raises(CommandError, match="is not a PDF"):
        call_command("verify_pdf", str(text))


def test_a_seal_by_an_untrusted_certificate_is_not_trusted(client, manager, sealed_minutes, settings, tmp_path):
    from meetings.sealing import make_test_certificate

    _p12, _password, other_ca = make_test_certificate("Annan", ca_name="Annan CA")
    (tmp_path / "other.pem").write_bytes(other_ca)
    settings.SEAL_TRUST_ROOTS = [str(tmp_path / "other.pem")]
    client.force_login(manager)
    page = upload(client, final_pdf(sealed_minutes)).content.decode()
    assert "Sigillets certifikat är inte utfärdat av en betrodd utfärdare." in page
    assert "Sigillet är intakt" in page and 'data-ok="no"' in page
