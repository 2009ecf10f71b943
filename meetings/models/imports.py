"""Web imports of several files, run file by file as background tasks (meetings.tasks)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from meetings.models.core import Meeting
from meetings.models.groups import CooperationGroup


class ImportBatch(models.Model):
    """The files of one upload; the page polls it for its progress."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(CooperationGroup, verbose_name=_("group"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

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

    batch = models.ForeignKey(ImportBatch, verbose_name=_("batch"), on_delete=models.CASCADE, related_name="files")
    position = models.PositiveIntegerField(verbose_name=_("position"))
    name = models.CharField(verbose_name=_("name"), max_length=255)
    # The uploaded bytes, until the task has read them.
    data = models.BinaryField(verbose_name=_("data"), null=True, blank=True)
    status = models.CharField(verbose_name=_("status"), max_length=20, choices=Status.choices, default=Status.WAITING)
    message = models.TextField(verbose_name=_("message"), blank=True)
    warnings = models.JSONField(verbose_name=_("warnings"), default=list, blank=True)
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    items = models.PositiveIntegerField(verbose_name=_("items"), default=0)
    unclassified = models.BooleanField(verbose_name=_("unclassified"), default=False)
    finished_at = models.DateTimeField(verbose_name=_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["batch_id", "position"]
        verbose_name = _("imported file")
        verbose_name_plural = _("imported files")

    @property
    def done(self):
        return self.status in self.DONE
