"""Outgoing email: one row a message, kept until it is delivered or given up.

A message is written in the same transaction as the change it tells of and
handed to a background task after the commit (meetings.mail). The row keeps
what the task needs to send it again after a failure, and what the secretary
sees on the meeting's page when it could not be sent.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from meetings.models.core import Meeting


class OutgoingMail(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RETRYING = "retrying", _("Trying again")
        SENT = "sent", _("Sent")
        UNDELIVERABLE = "undeliverable", _("Could not be sent")

    class Kind(models.TextChoices):
        ADJUSTMENT_REQUESTED = "adjustment_requested", _("Request to adjust")
        REMINDER = "reminder", _("Reminder")
        SIGNATURE_VOIDED = "signature_voided", _("Signature void")
        COMMENT = "comment", _("Comment or change request")
        AGENDA = "agenda", _("Agenda")
        MINUTES_ADJUSTED = "minutes_adjusted", _("Adjusted minutes")
        CORRECTION = "correction", _("Correction of adjusted minutes")
        MBL_WINDOW_CLOSED = "mbl_window_closed", _("MBL window closed")
        IMMEDIATE_ADJUSTMENT = "immediate_adjustment", _("Request to adjust one item at once")

    # The messages queued together are sent together, over one SMTP connection.
    batch = models.UUIDField(verbose_name=_("batch"), default=uuid.uuid4, db_index=True, editable=False)
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), null=True, blank=True, on_delete=models.SET_NULL, related_name="outgoing_mail"
    )
    kind = models.CharField(verbose_name=_("kind"), max_length=30, choices=Kind.choices)
    recipient = models.EmailField(_("recipient"))
    subject = models.CharField(verbose_name=_("subject"), max_length=500)
    body = models.TextField(verbose_name=_("body"), )
    attachment_name = models.CharField(verbose_name=_("attachment name"), max_length=200, blank=True)
    attachment = models.BinaryField(verbose_name=_("attachment"), null=True, blank=True)
    attachment_mimetype = models.CharField(verbose_name=_("attachment mimetype"), max_length=100, blank=True)
    state = models.CharField(verbose_name=_("state"), max_length=20, choices=State.choices, default=State.QUEUED, db_index=True)
    attempts = models.PositiveIntegerField(verbose_name=_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(verbose_name=_("next attempt at"), null=True, blank=True)
    last_error = models.TextField(verbose_name=_("last error"), blank=True)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(verbose_name=_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")

    def __str__(self):
        return f"{self.recipient}: {self.subject}"

    @property
    def failed(self):
        """Whether at least one attempt failed and the message is not delivered yet."""
        return self.state in (self.State.RETRYING, self.State.UNDELIVERABLE)
