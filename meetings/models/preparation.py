"""Meeting preparation: the annual calendar (årsklocka) and follow-ups.

Neither is part of the signed minutes: a follow-up on adjusted minutes can
still be closed, and the calendar changes without touching any meeting.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meetings.models.core import AgendaItem, Meeting
from meetings.models.groups import CooperationGroup


class RecurringPoint(models.Model):
    """A point that comes back on the agenda in the same month every year."""

    group = models.ForeignKey(
        CooperationGroup, verbose_name=_("cooperation group"), on_delete=models.CASCADE,
        related_name="recurring_points",
    )
    month = models.PositiveSmallIntegerField(_("month"))
    kind = models.CharField(_("section"), max_length=20, choices=AgendaItem.Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "month", "title"]
        verbose_name = _("recurring point")
        verbose_name_plural = _("recurring points")
        constraints = [
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="meetings_recurringpoint_month_valid"
            ),
            models.UniqueConstraint(
                fields=["group", "month", "title"], name="meetings_recurringpoint_unique_title_per_month"
            ),
        ]

    def __str__(self):
        return f"{self.month}: {self.title}"


class FollowUp(models.Model):
    """Something to come back to: an action taken home, a deferred decision, a follow-up date.

    Open while `handled_in` is empty; closing it links the meeting where it was handled.
    """

    class Kind(models.TextChoices):
        ACTION = "action", _("Action")
        OPEN_QUESTION = "open_question", _("Open question")
        DEFERRED_DECISION = "deferred_decision", _("Deferred decision")
        DECISION_FOLLOW_UP = "decision_follow_up", _("Follow-up of a decision")

    item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ACTION)
    what = models.TextField(_("what"))
    who = models.CharField(_("who"), max_length=200, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    handled_in = models.ForeignKey(
        Meeting, verbose_name=_("handled in"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="handled_follow_ups",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "created_at", "id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.CheckConstraint(condition=~Q(what=""), name="meetings_followup_what_not_empty"),
            models.CheckConstraint(
                condition=Q(handled_in__isnull=True) | Q(closed_at__isnull=False),
                name="meetings_followup_handled_is_closed",
            ),
        ]

    def __str__(self):
        return self.what[:60]

    @property
    def is_open(self):
        return self.closed_at is None
