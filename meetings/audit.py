"""The audit trail of one meeting, read from django-simple-history's tables.

Every change to the meeting, its items, union inputs, decisions, positions,
adjusters, signatures and comments is recorded by simple-history (who, when,
the whole row). Here the rows are turned into entries with before/after per
field, newest first.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import (
    Adjuster,
    AgendaItem,
    Attachment,
    Decision,
    Meeting,
    Position,
    ReviewComment,
    Signature,
    UnionInput,
)

ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
SKIPPED_FIELDS = {"id", "version", "updated_at", "created_at", "history_id", "history_date",
                  "history_user", "history_type", "history_change_reason", "history_relation"}


@dataclass
class Entry:
    when: object
    user: object
    model: str
    label: str
    action: str
    reason: str
    changes: list = field(default_factory=list)  # (field label, before, after)


def _fields(model):
    return [f for f in model._meta.concrete_fields if f.attname not in SKIPPED_FIELDS and f.name not in SKIPPED_FIELDS]


def _display(record, model_field):
    value = getattr(record, model_field.attname)
    if value in (None, ""):
        return ""
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "j F Y H:i")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "j F Y")
    if model_field.is_relation:
        try:
            return str(getattr(record, model_field.name))
        except ObjectDoesNotExist:  # the related row is gone: show its id
            return f"#{value}"
    return str(value)


def _entries_for(model, records):
    fields = _fields(records.model)  # the historical model: only the fields it records
    previous = {}
    entries = []
    for record in records.select_related("history_user").order_by("id", "history_date", "history_id"):
        before = previous.get(record.id)
        changes = []
        for model_field in fields:
            after_value = _display(record, model_field)
            before_value = _display(before, model_field) if before is not None else ""
            if record.history_type == "-":
                continue
            if before is None and after_value == "":
                continue
            if before is None or before_value != after_value:
                changes.append((model_field.verbose_name, before_value, after_value))
        previous[record.id] = record
        if record.history_type == "~" and not changes and not record.history_change_reason:
            continue  # a save that changed nothing shown here (e.g. only the version)
        entries.append(Entry(
            when=record.history_date,
            user=record.history_user,
            model=model._meta.verbose_name,
            label=_label(record),
            action=ACTIONS[record.history_type],
            reason=record.history_change_reason or "",
            changes=changes,
        ))
    return entries


def _label(record):
    """What the row was called; from the record's own fields when a related row is gone."""
    if record.history_type != "-":
        try:
            return str(record.instance)
        except ObjectDoesNotExist:
            pass
    return _display_deleted(record)


def _display_deleted(record):
    for name in ("title", "name", "adjuster_name", "text"):
        if hasattr(record, name):
            return str(getattr(record, name))[:60]
    return f"#{record.id}"


def meeting_history_entries(meeting):
    """Every recorded change of the meeting and what belongs to it, newest first."""
    item_ids = set(AgendaItem.history.filter(meeting_id=meeting.pk).values_list("id", flat=True))
    decision_ids = set(Decision.history.filter(item_id__in=item_ids).values_list("id", flat=True))
    entries = []
    entries += _entries_for(Meeting, Meeting.history.filter(id=meeting.pk))
    entries += _entries_for(AgendaItem, AgendaItem.history.filter(id__in=item_ids))
    entries += _entries_for(UnionInput, UnionInput.history.filter(item_id__in=item_ids))
    entries += _entries_for(Decision, Decision.history.filter(id__in=decision_ids))
    entries += _entries_for(Position, Position.history.filter(decision_id__in=decision_ids))
    entries += _entries_for(Adjuster, Adjuster.history.filter(meeting_id=meeting.pk))
    entries += _entries_for(Attachment, Attachment.history.filter(meeting_id=meeting.pk))
    entries += _entries_for(Signature, Signature.history.filter(meeting_id=meeting.pk))
    entries += _entries_for(ReviewComment, ReviewComment.history.filter(meeting_id=meeting.pk))
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries
