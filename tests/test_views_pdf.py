"""The PDF view: the stored archival copy of adjusted minutes, and what happens when it is gone."""

from pathlib import Path

from django.urls import reverse


def test_a_lost_archival_copy_gives_a_swedish_page_not_a_new_rendering(client, sealed_minutes, secretary, caplog):
    Path(sealed_minutes.final_pdf.path).unlink()
    client.force_login(secretary)
    response = client.get(reverse("meetings:meeting_pdf", args=[sealed_minutes.pk]))
    assert response.status_code == 503
    assert "Arkivexemplaret kan inte läsas" in response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert any("cannot be read" in record.getMessage() for record in caplog.records)


def test_the_pdf_needs_a_login_and_a_get(client, sealed_minutes, manager):
    url = reverse("meetings:meeting_pdf", args=[sealed_minutes.pk])
    assert client.get(url).status_code == 302
    client.force_login(manager)
    assert client.post(url).status_code == 405
    assert client.get(url).content.startswith(b"%PDF-")
