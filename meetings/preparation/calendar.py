"""The annual calendar (årsklocka): recurring points of a group by month."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import formats, translation
from django.utils.translation import gettext as _

from meetings.models import AgendaItem, RecurringPoint


def month_name(month):
    with translation.override(translation.get_language() or settings.LANGUAGE_CODE):
        return formats.date_format(datetime.date(2000, month, 1), "F").capitalize()


def calendar_by_month(group):
    """[(month, name, [points])] for all twelve months, empty months kept."""
    points = list(RecurringPoint.objects.filter(group=group))
    kind_order = {kind: index for index, kind in enumerate(AgendaItem.Kind.values)}
    return [
        (
            month,
            month_name(month),
            sorted((p for p in points if p.month == month), key=lambda p: (kind_order[p.kind], p.title.lower())),
        )
        for month in range(1, 13)
    ]


def recurring_point_save(*, point):
    """Save a calendar point; a second point with the same title in the month is refused."""
    point.title = point.title.strip()
    clash = RecurringPoint.objects.filter(group=point.group, month=point.month, title__iexact=point.title)
    if point.pk:
        clash = clash.exclude(pk=point.pk)
    if clash.exists():
        raise ValidationError(
            _("The calendar already has “%(title)s” in that month.") % {"title": point.title}
        )
    point.full_clean(validate_unique=False)
    point.save()
    return point


def recurring_point_delete(*, point):
    point.delete()


def append_item(meeting, *, kind, title, presenter="", body=""):
    """A new item at the end (the caller renumbers, which puts it at the end of its section)."""
    last = meeting.items.aggregate(last=Max("position"))["last"] or 0
    return AgendaItem.objects.create(
        meeting=meeting, kind=kind, position=last + 1, title=title[:300], presenter=presenter[:200], body=body
    )


def apply_calendar(*, meeting):
    """Add the calendar points of the meeting's month to its draft; titles already there are skipped.

    Returns the items created. The caller (drafting.meeting_create) renumbers.
    """
    existing = {title.strip().lower() for title in meeting.items.values_list("title", flat=True)}
    created = []
    points = RecurringPoint.objects.filter(group=meeting.group, month=meeting.date.month).order_by("title")
    for point in points:
        if point.title.strip().lower() in existing:
            continue
        existing.add(point.title.strip().lower())
        created.append(append_item(meeting, kind=point.kind, title=point.title, presenter=point.presenter))
    return created
