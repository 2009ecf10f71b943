"""Calendar files (.ics): a meeting, and the adjustment deadline of minutes out for adjustment."""

import datetime
import zoneinfo
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from meetings.exceptions import PreparationError

TZ = "Europe/Stockholm"
# A meeting with a start time but no end time is put in the calendar for this long.
DEFAULT_DURATION = datetime.timedelta(hours=2)


def _calendar():
    cal = Calendar()
    cal.add("prodid", "-//Samverkan//Meeting preparation//SV")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    return cal


def _host():
    return urlsplit(settings.SITE_URL).hostname or "samverkan"


def meeting_ics(meeting):
    """The meeting as an iCalendar file: timed in Europe/Stockholm, or all-day without a start time."""
    tz = zoneinfo.ZoneInfo(TZ)
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{_host()}")
    event.add("dtstamp", timezone.now())
    with translation.override(settings.LANGUAGE_CODE):
        event.add("summary", _("Cooperation group %(group)s – %(administration)s") % {
            "group": meeting.group.name, "administration": meeting.group.administration,
        })
        event.add("description", str(meeting.agenda_heading))
    if meeting.start_time:
        start = datetime.datetime.combine(meeting.date, meeting.start_time, tzinfo=tz)
        event.add("dtstart", start)
        if meeting.end_time:
            event.add("dtend", datetime.datetime.combine(meeting.date, meeting.end_time, tzinfo=tz))
        else:
            event.add("dtend", start + DEFAULT_DURATION)
    else:
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + datetime.timedelta(days=1))
    if meeting.place:
        event.add("location", meeting.place)
    event.add("url", settings.SITE_URL + reverse("meetings:meeting_agenda", args=[meeting.pk]))
    cal = _calendar()
    cal.add_component(event)
    if meeting.start_time:
        cal.add_missing_timezones()
    return cal.to_ical()


def deadline_ics(meeting):
    """The adjustment deadline as an all-day event for the adjusters."""
    if meeting.adjustment_deadline is None:
        raise PreparationError(_("The minutes have no adjustment deadline."))
    review_url = settings.SITE_URL + reverse("meetings:meeting_review", args=[meeting.pk])
    event = Event()
    event.add("uid", f"adjustment-deadline-{meeting.pk}@{_host()}")
    event.add("dtstamp", timezone.now())
    with translation.override(settings.LANGUAGE_CODE):
        event.add("summary", _("Adjust the minutes: %(heading)s") % {"heading": meeting.heading})
        event.add("description", _("Last day to adjust (sign) the minutes: %(url)s") % {"url": review_url})
    event.add("dtstart", meeting.adjustment_deadline)
    event.add("dtend", meeting.adjustment_deadline + datetime.timedelta(days=1))
    event.add("url", review_url)
    cal = _calendar()
    cal.add_component(event)
    return cal.to_ical()


def ics_filename(meeting, prefix):
    return f"{prefix}-{meeting.group.name.replace('/', '-').lower()}-{meeting.date.isoformat()}.ics"
