"""Web imports as background tasks: the upload returns at once, the page polls a progress bar."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from meetings.models import ImportBatch, ImportFile, Meeting
from tests import factories
from tests.test_import_views import VSG_MINUTES


def url(name, *args):
    return reverse(f"meetings:{name}", args=args)


@pytest.fixture
def vsg(secretary, ssr, kommunal, employer):
    group = factories.make_group("VSG", "Socialförvaltningen")
    group.members.add(secretary)
    return group


def files():
    return [
        SimpleUploadedFile("vsg.txt", VSG_MINUTES.encode(), content_type="text/plain"),
        SimpleUploadedFile("tom.txt", b"", content_type="text/plain"),
        SimpleUploadedFile("trasig.pdf", b"%PDF-1.4 \x00 trasig", content_type="application/pdf"),
    ]


@pytest.mark.commit_hooks_held
def test_the_upload_returns_before_the_files_are_read_and_the_page_polls(client, secretary, vsg):
    client.force_login(secretary)
    with TestCase.captureOnCommitCallbacks() as queued:
        response = client.post(url("import_upload"), {"files": files()}, headers={"HX-Request": "true"})
    page = response.content.decode()
    batch = ImportBatch.objects.get()
    # Nothing read yet: the empty file is refused at once, the others wait for their task.
    assert not Meeting.objects.exists()
    assert dict(batch.files.values_list("name", "status")) == {
        "vsg.txt": "waiting", "tom.txt": "error", "trasig.pdf": "waiting"}
    assert 'hx-trigger="every 1s"' in page and url("import_progress", batch.pk) in page
    assert '<progress' in page and 'value="1"' in page and "1 av 3 filer lästa" in page
    assert "Väntar…" in page
    for callback in queued:
        callback()
    progress = client.get(url("import_progress", batch.pk), headers={"HX-Request": "true"}).content.decode()
    assert "3 av 3 filer lästa" in progress and "every 1s" not in progress
    assert "1 av 3 filer importerades som utkast för granskning." in progress
    meeting = Meeting.objects.get()
    assert url("import_review", meeting.pk) in progress and "PDF-filen är skadad" in progress
    # The uploaded bytes are not kept once read.
    assert not ImportFile.objects.exclude(data=None).exists()


def test_a_batch_is_the_uploaders_own(client, secretary, vsg, group):
    client.force_login(secretary)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(url("import_upload"), {"files": files()[:1]})
    batch = ImportBatch.objects.get()
    other = factories.make_user(username="annan.sek", groups=[vsg])
    client.force_login(other)
    assert client.get(url("import_progress", batch.pk)).status_code == 404
    assert client.get(url("import_batch", batch.pk)).status_code == 404


def test_a_file_is_imported_once_even_if_its_task_runs_twice(client, secretary, vsg):
    from meetings import tasks

    client.force_login(secretary)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(url("import_upload"), {"files": files()[:1]})
    row = ImportFile.objects.get()
    assert row.status == "imported" and tasks.import_file_run(file_id=row.pk) is None
    assert Meeting.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_imports_the_files(client, settings, secretary, ssr, kommunal, employer):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    vsg = factories.make_group("VSG", "Socialförvaltningen")
    vsg.members.add(secretary)
    client.force_login(secretary)
    response = client.post(url("import_upload"), {"files": files()})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == url("import_batch", batch.pk)
    assert not Meeting.objects.exists()
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())
    assert sorted(batch.files.values_list("status", flat=True)) == ["error", "error", "imported"]
    page = client.get(response.url).content.decode()
    # The worker wrote its messages in Swedish, whatever its own locale.
    assert "3 av 3 filer lästa" in page and "PDF-filen är skadad" in page
    assert Meeting.objects.get().is_imported
