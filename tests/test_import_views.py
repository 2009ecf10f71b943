"""The upload page: a secretary imports files, reviews each beside its text, saves or discards it."""

from pathlib import Path

import pytest
from django.test import TestCase
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import Attachment, ImportBatch, Meeting
from tests import factories

CORPUS = Path(settings.BASE_DIR).parent / "shared" / "corpus"

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"meetings:{name}", args=args)


VSG_MINUTES = """\
Minnesanteckningar från samverkansgrupp VSG – Socialförvaltningen den 21 mars 2022
Bilaga till protokoll 02/2022

Information

Val av justerare
Eva Holm, Kommunal och Per Lind, SSR valdes som justerare.

Sjukfrånvaro, HR-konsult
Sjukfrånvaron har minskat sedan förra mötet.

Beslut

Ny rutin för tillbud
Rutinen gäller från april.
Kommunal och SSR är eniga i beslutet.
"""


def corpus_upload(name="vsg-2022-03-21.txt"):
    """Invented minutes of the VSG of Socialförvaltningen (the tests need no real minutes)."""
    return SimpleUploadedFile(name, VSG_MINUTES.encode("utf-8"), content_type="text/plain")


@pytest.fixture
def vsg(secretary, ssr, kommunal, employer):
    group = factories.make_group("VSG", "Socialförvaltningen")
    group.members.add(secretary)
    return group


def upload(client, *files, headers=None, **data):
    """Upload; each file is imported by a task queued after the commit, run here (the immediate backend).

    Returns the page as it reads once the tasks have run: the batch's page, or for
    htmx its progress fragment (the upload itself answers before the tasks run).
    """
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url("import_upload"), {"files": list(files), **data}, headers=headers)
    batch = ImportBatch.objects.order_by("-created_at").first()
    if response.status_code == 302 and batch and response.url == url("import_batch", batch.pk):
        return client.get(response.url)
    if response.status_code == 200 and headers and batch:
        return client.get(url("import_progress", batch.pk), headers=headers)
    return response


def test_secretary_sees_the_upload_page_and_the_nav_link(client, secretary):
    client.force_login(secretary)
    page = client.get(url("import_upload")).content.decode()
    assert "Importera protokoll" in page or "Importera minnesanteckningar" in page
    assert f'href="{url("import_upload")}"' in page


def test_upload_imports_a_draft_for_review_then_save_makes_it_adjusted(client, secretary, vsg):
    client.force_login(secretary)
    response = upload(client, corpus_upload())
    assert response.status_code == 200
    meeting = Meeting.objects.get()
    assert (meeting.is_imported, meeting.status, meeting.group) == (True, Meeting.Status.DRAFT, vsg)
    page = response.content.decode()
    assert url("import_review", meeting.pk) in page
    review = client.get(url("import_review", meeting.pk)).content.decode()
    assert "Sjukfrånvaro" in review and "HR-konsult" in review  # as read
    assert "Bilaga till protokoll 02/2022" in review  # the original text beside it
    assert "Kommunal och SSR är eniga i beslutet." in review
    assert 'id="document-type"' in review and "samverkansgrupp" in review.lower()
    response = client.post(url("import_save", meeting.pk))
    assert response.status_code == 302 and response.url == meeting.get_absolute_url()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.ADJUSTED and meeting.adjusted_at
    # Saved minutes cannot be saved or discarded again.
    assert client.post(url("import_save", meeting.pk)).status_code == 403
    assert client.post(url("import_discard", meeting.pk)).status_code == 403


def test_the_imported_draft_can_be_corrected_in_the_editor(client, secretary, vsg):
    client.force_login(secretary)
    upload(client, corpus_upload())
    meeting = Meeting.objects.get()
    assert client.get(meeting.get_absolute_url()).status_code == 200
    assert client.get(url("meeting_edit", meeting.pk)).status_code == 200


def test_several_files_one_bad_each_gets_its_result(client, secretary, vsg):
    client.force_login(secretary)
    empty = SimpleUploadedFile("tom.txt", b"", content_type="text/plain")
    binary = SimpleUploadedFile("bild.pdf", b"%PDF-1.4 \x00\x01 trasig", content_type="application/pdf")
    response = upload(client, empty, corpus_upload(), binary, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert Meeting.objects.count() == 1
    assert "tom.txt" in page and "Filen är tom." in page
    assert "bild.pdf" in page and "PDF-filen är skadad" in page
    assert "Importerades inte:" in page
    assert "<html" not in page  # the htmx request gets the results only


def test_a_file_of_another_group_is_refused_in_swedish(client, secretary, ssr):
    client.force_login(secretary)  # member of FSG/VSG of the fixture group only
    page = upload(client, corpus_upload()).content.decode()
    assert not Meeting.objects.exists()
    assert "är inte en av dina grupper" in page


def test_the_chosen_group_overrides_the_heading(client, secretary, group, ssr, kommunal, employer):
    client.force_login(secretary)
    upload(client, corpus_upload(), group=group.pk)
    assert Meeting.objects.get().group == group


def test_the_same_file_twice_is_not_imported_again(client, secretary, vsg):
    client.force_login(secretary)
    upload(client, corpus_upload())
    page = upload(client, corpus_upload()).content.decode()
    assert Meeting.objects.count() == 1
    assert "Filen har redan importerats." in page


def test_discard_removes_the_draft_and_its_file(client, secretary, vsg):
    client.force_login(secretary)
    upload(client, corpus_upload())
    meeting = Meeting.objects.get()
    response = client.post(url("import_discard", meeting.pk))
    assert response.status_code == 302
    assert not Meeting.objects.exists() and not Attachment.objects.exists()


def test_no_files_is_a_swedish_form_error(client, secretary):
    client.force_login(secretary)
    page = client.post(url("import_upload"), {}).content.decode()
    assert "Välj minst en fil." in page


@pytest.mark.parametrize("persona", ["adjuster", "manager"])
def test_other_roles_may_not_import(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url("import_upload")).status_code == 403
    assert upload(client, corpus_upload()).status_code == 403
    assert not Meeting.objects.exists()


def test_review_save_discard_of_another_groups_import(client, secretary, vsg, other_secretary, adjuster, manager):
    client.force_login(secretary)
    upload(client, corpus_upload())
    meeting = Meeting.objects.get()
    client.force_login(other_secretary)
    assert client.get(url("import_review", meeting.pk)).status_code == 404
    assert client.post(url("import_save", meeting.pk)).status_code == 404
    assert client.post(url("import_discard", meeting.pk)).status_code == 404
    for user in (adjuster, manager):  # a draft is invisible to them
        client.force_login(user)
        assert client.get(url("import_review", meeting.pk)).status_code == 404
        assert client.post(url("import_save", meeting.pk)).status_code == 404
    assert Meeting.objects.get().status == Meeting.Status.DRAFT


def test_a_meeting_that_was_not_imported_has_no_review(client, secretary, meeting):
    client.force_login(secretary)
    assert client.get(url("import_review", meeting.pk)).status_code == 404
    assert client.post(url("import_save", meeting.pk)).status_code == 404


def test_wrong_methods(client, secretary, vsg):
    client.force_login(secretary)
    upload(client, corpus_upload())
    meeting = Meeting.objects.get()
    assert client.put(url("import_upload")).status_code == 405
    assert client.post(url("import_review", meeting.pk)).status_code == 405
    assert client.get(url("import_save", meeting.pk)).status_code == 405
    assert client.get(url("import_discard", meeting.pk)).status_code == 405
