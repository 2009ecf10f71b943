"""Web imports of several files as background tasks, one task a file.

The upload request stores the files (ImportBatch, ImportFile) and returns at
once; `import_file_task` reads and saves each file with the importer, as the
secretary who uploaded it, and records its result; the upload page polls the
batch for its progress (meetings.views.imports). Every file is its own
transaction: one bad file fails alone.

The other background tasks live beside the work they do: `meetings.mail.mail_deliver`
(emails) and `meetings.signing.final_pdf_task` (the archival copy).
"""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from meetings import access
from meetings.importer.errors import MinutesImportError
from meetings.importer.readers import check_size
from meetings.importer.saving import import_file
from meetings.models import ImportBatch, ImportFile

logger = logging.getLogger("samverkan.imports")


def import_batch_create(*, user, group, uploads):
    """Store the uploaded files as a batch and queue one task a file. Returns the batch.

    A file that is empty or too large is refused here already; the others are
    read by the tasks.
    """
    with transaction.atomic():
        batch = ImportBatch.objects.create(user=user, group=group)
        for position, upload in enumerate(uploads):
            name = upload.name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:255]
            row = ImportFile(batch=batch, position=position, name=name)
            try:
                check_size(upload.size)
                row.data = upload.read()
            except MinutesImportError as exc:
                row.status, row.message, row.finished_at = ImportFile.Status.ERROR, str(exc), timezone.now()
            row.save()
        waiting = [row.pk for row in batch.files.filter(status=ImportFile.Status.WAITING)]
        transaction.on_commit(lambda: [_enqueue(pk) for pk in waiting])
    return batch


def _enqueue(pk):
    try:
        import_file_task.enqueue(file_id=pk)
    except Exception as exc:  # noqa: BLE001 - the file's row says what happened
        logger.exception("Could not queue the import of file %s.", pk)
        ImportFile.objects.filter(pk=pk).update(
            status=ImportFile.Status.ERROR, message=_("The file could not be queued for import: %(error)s")
            % {"error": type(exc).__name__}, data=None, finished_at=timezone.now(),
        )


@task()
def import_file_task(file_id):
    """The background task: import one uploaded file. Returns its status."""
    with translation.override(settings.LANGUAGE_CODE):
        return import_file_run(file_id=file_id)


def import_file_run(*, file_id):
    claimed = ImportFile.objects.filter(pk=file_id, status=ImportFile.Status.WAITING).update(
        status=ImportFile.Status.RUNNING
    )
    if not claimed:
        return None  # another worker has it, or it is done
    row = ImportFile.objects.select_related("batch__user", "batch__group").get(pk=file_id)
    user = row.batch.user
    result = {"data": None, "finished_at": timezone.now()}
    try:
        outcome = import_file(data=bytes(row.data or b""), filename=row.name, group=row.batch.group, user=user,
                              finish=False, allowed_groups=access.managed_groups(user))
    except Exception:  # noqa: BLE001 - the importer never raises for a bad file; this is a bug, told plainly
        logger.exception("Importing %s failed.", row.name)
        result.update(status=ImportFile.Status.ERROR, message=_("The file could not be read because of an error "
                                                                "in the app; it has been logged."))
    else:
        if outcome.error:
            result.update(status=ImportFile.Status.ERROR, message=outcome.error)
        elif outcome.duplicate:
            result.update(status=ImportFile.Status.DUPLICATE, meeting=outcome.meeting,
                          message=_("This file has already been imported."))
        else:
            meeting = outcome.meeting
            result.update(status=ImportFile.Status.IMPORTED, meeting=meeting, items=meeting.items.count(),
                          warnings=[str(w) for w in outcome.warnings],
                          unclassified=bool(meeting.unclassified_text))
    ImportFile.objects.filter(pk=file_id).update(**result)
    return result["status"]


def import_batch_results(batch, user):
    """The batch's files as the results table shows them."""
    results = []
    for row in batch.files.select_related("meeting__group").order_by("position"):
        result = {"name": row.name, "status": row.status, "message": row.message}
        if row.status == ImportFile.Status.IMPORTED:
            result.update(meeting=row.meeting, items=row.items, warnings=row.warnings, unclassified=row.unclassified)
        elif row.status == ImportFile.Status.DUPLICATE:
            visible = row.meeting is not None and access.can_manage_meeting(user, row.meeting)
            result["meeting"] = row.meeting if visible else None
        results.append(result)
    return results
