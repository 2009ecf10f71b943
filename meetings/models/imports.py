"""Web imports of several files, run file by file as background tasks (meetings.tasks)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from meetings.models.core import CooperationGroup, Meeting


class ImportBatch(models.Model):
    """The files of one upload; the page polls it for its progress."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(CooperationGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")


class ImportFile(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        RUNNING = "running", _("Reading")
        IMPORTED = "imported", _("Imported")
        DUPLICATE = "duplicate", _("Already imported")
        ERROR = "error", _("Not imported")

    DONE = (Status.IMPORTED, Status.DUPLICATE, Status.ERROR)

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="files")
    position = models.PositiveIntegerField()
    name = models.CharField(max_length=255)
    # The uploaded bytes, until the task has read them.
    data = models.BinaryField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.WAITING)
    message = models.TextField(blank=True)
    warnings = models.JSONField(default=list, blank=True)
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    items = models.PositiveIntegerField(default=0)
    unclassified = models.BooleanField(default=False)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["batch", "position"]
        verbose_name = _("imported file")
        verbose_name_plural = _("imported files")

    @property
    def done(self):
        return self.status in self.DONE
