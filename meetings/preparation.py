"""Meeting preparation: the annual calendar, follow-ups, the agenda and calendar files.

Keyword-only functions, like meetings/services.py; views call these and never
write the preparation models directly.

- Annual calendar (årsklocka): `RecurringPoint`s of a group by month; a new
  draft in that month gets them as items (`apply_calendar`, called by
  services.meeting_create).
- Follow-ups: recorded by hand on any item (`follow_up_create`), kept in step
  with a decision (`sync_decision_follow_ups`, called by services.decision_save:
  a deferred decision and a follow-up date each give one follow-up), and
  detected in the text of adjusted or imported minutes
  (`detect_open_questions`). An open follow-up can be pulled into a draft of
  the same group (`follow_up_pull`), which closes it with that meeting.
- The agenda (föredragningslista) of a coming meeting: its items by section,
  as a page, a PDF (meetings.pdf, agenda mode) and an email to the members.
- Calendar files (.ics) for a meeting and for an adjustment deadline.

None of this is part of the signed minutes: follow-ups of adjusted minutes can
still be recorded and closed.
"""

import datetime
import re
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from meetings.models import AgendaItem, CooperationGroup, FollowUp, Meeting, RecurringPoint, User

AUTOMATIC_KINDS = (FollowUp.Kind.DEFERRED_DECISION, FollowUp.Kind.DECISION_FOLLOW_UP)


class PreparationError(Exception):
    """An action the state does not allow; the message is for the user."""


# --- Who may do what ------------------------------------------------------------------


def is_member(group, user):
    return user.is_superuser or group.members.filter(pk=user.pk).exists()


def can_manage_group(group, user):
    """Secretaries of the group (and superusers) keep its calendar and follow-ups."""
    if user.is_superuser:
        return True
    return user.role == User.Role.SECRETARY and group.members.filter(pk=user.pk).exists()


def groups_of(user):
    groups = CooperationGroup.objects.all()
    return groups if user.is_superuser else groups.filter(members=user)


# --- Annual calendar ------------------------------------------------------------------


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


def _append_item(meeting, *, kind, title, presenter="", body=""):
    """A new item at the end (the caller renumbers, which puts it at the end of its section)."""
    last = meeting.items.aggregate(last=Max("position"))["last"] or 0
    return AgendaItem.objects.create(
        meeting=meeting, kind=kind, position=last + 1, title=title[:300], presenter=presenter[:200], body=body
    )


def apply_calendar(*, meeting):
    """Add the calendar points of the meeting's month to its draft; titles already there are skipped.

    Returns the items created. The caller (services.meeting_create) renumbers.
    """
    existing = {title.strip().lower() for title in meeting.items.values_list("title", flat=True)}
    created = []
    points = RecurringPoint.objects.filter(group=meeting.group, month=meeting.date.month).order_by("title")
    for point in points:
        if point.title.strip().lower() in existing:
            continue
        existing.add(point.title.strip().lower())
        created.append(_append_item(meeting, kind=point.kind, title=point.title, presenter=point.presenter))
    return created


# --- Follow-ups: queries --------------------------------------------------------------


def follow_ups_visible_to(user):
    """Follow-ups this user may read.

    Secretaries see those of every meeting they can see (drafts too); everyone
    else only those of adjusted minutes of their groups.
    """
    meetings = Meeting.objects.visible_to(user)
    if not user.is_secretary:
        meetings = meetings.filter(status=Meeting.Status.ADJUSTED)
    return FollowUp.objects.filter(item__meeting__in=meetings.values("pk")).select_related(
        "item__meeting__group", "handled_in"
    )


def open_follow_ups(queryset):
    return queryset.filter(closed_at__isnull=True).order_by(
        "item__meeting__group__name", "due_date", "item__meeting__date", "id"
    )


def annotate_overdue(follow_ups, today=None):
    today = today or timezone.localdate()
    follow_ups = list(follow_ups)
    for follow_up in follow_ups:
        follow_up.is_overdue = follow_up.is_open and follow_up.due_date is not None and follow_up.due_date < today
    return follow_ups


def follow_ups_to_offer(meeting):
    """Open follow-ups of the meeting's group, from its other meetings, that this draft could take up."""
    return annotate_overdue(
        FollowUp.objects.filter(item__meeting__group=meeting.group, closed_at__isnull=True)
        .exclude(item__meeting=meeting)
        .select_related("item__meeting")
        .order_by("due_date", "item__meeting__date", "id")
    )


# --- Follow-ups: writes ---------------------------------------------------------------


def follow_up_create(*, follow_up, user):
    """Record a follow-up on an item (any state of the minutes: it is not part of them)."""
    follow_up.what = follow_up.what.strip()
    if not follow_up.what:
        raise PreparationError(_("Describe what is to be followed up."))
    follow_up.created_by = user
    follow_up.save()
    return follow_up


def follow_up_close(*, follow_up, handled_in=None):
    """Close a follow-up, linking the meeting where it was handled (if any)."""
    with transaction.atomic():
        follow_up = FollowUp.objects.select_for_update().select_related("item__meeting").get(pk=follow_up.pk)
        if not follow_up.is_open:
            raise PreparationError(_("The follow-up is already closed."))
        if handled_in is not None and handled_in.group_id != follow_up.item.meeting.group_id:
            raise PreparationError(_("The meeting where it was handled must belong to the same group."))
        follow_up.handled_in = handled_in
        follow_up.closed_at = timezone.now()
        follow_up.save()
    return follow_up


def follow_up_reopen(*, follow_up):
    with transaction.atomic():
        follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        follow_up.handled_in = None
        follow_up.closed_at = None
        follow_up.save()
    return follow_up


def follow_up_delete(*, follow_up):
    """Only follow-ups recorded by hand are deleted; the others come back from their source, so close them."""
    if follow_up.kind != FollowUp.Kind.ACTION:
        raise PreparationError(_("Only follow-ups recorded by hand can be deleted; close this one instead."))
    follow_up.delete()


def pull_section(follow_up):
    """The section of the next meeting where the follow-up is taken up."""
    if follow_up.kind == FollowUp.Kind.DEFERRED_DECISION:
        return AgendaItem.Kind.DECISION
    if follow_up.kind == FollowUp.Kind.DECISION_FOLLOW_UP:
        return AgendaItem.Kind.INFORMATION
    if follow_up.item.kind == AgendaItem.Kind.DECISION:
        return AgendaItem.Kind.DIALOG
    return follow_up.item.kind


def _pulled_item_body(follow_up):
    with translation.override(settings.LANGUAGE_CODE):
        lines = [
            _("Follow-up from the meeting on %(date)s: %(what)s") % {
                "date": formats.date_format(follow_up.item.meeting.date, "j F Y"), "what": follow_up.what,
            }
        ]
        if follow_up.who:
            lines.append(_("Responsible: %(who)s") % {"who": follow_up.who})
    return "\n\n".join(lines)


def follow_up_pull(*, follow_up, meeting):
    """Take an open follow-up up in a draft, closing it as handled there.

    It becomes a new item in the right section (see pull_section), or, when the
    draft already has an item of that title, a paragraph of that item.
    """
    from meetings import search, services

    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        follow_up = FollowUp.objects.select_for_update().select_related("item__meeting").get(pk=follow_up.pk)
        if locked.status != Meeting.Status.DRAFT:
            raise PreparationError(_("Follow-ups can only be taken up in a draft."))
        if follow_up.item.meeting.group_id != locked.group_id:
            raise PreparationError(_("The follow-up belongs to another group."))
        if follow_up.item.meeting_id == locked.pk:
            raise PreparationError(_("The follow-up was recorded in this meeting."))
        if not follow_up.is_open:
            raise PreparationError(_("The follow-up is already closed."))
        body = _pulled_item_body(follow_up)
        title = follow_up.item.title
        # The agenda copied from the previous meeting may already carry the point:
        # then the follow-up's text joins it instead of a second item of that title.
        item = locked.items.filter(title__iexact=title.strip()).order_by("position").first()
        if item is not None:
            item.body = f"{item.body.rstrip()}\n\n{body}" if item.body.strip() else body
            item.presenter = item.presenter or follow_up.who[:200]
            item.version += 1  # an editor form opened before this is stale now
            item.save()
        else:
            item = _append_item(locked, kind=pull_section(follow_up), title=title, presenter=follow_up.who, body=body)
            services.renumber_items(locked)
        follow_up.handled_in = locked
        follow_up.closed_at = timezone.now()
        follow_up.save()
        search.index_meeting(locked)
    item.refresh_from_db()
    return item


def sync_decision_follow_ups(*, decision, user=None):
    """Keep the automatic follow-ups of a decision in step with it (idempotent).

    - outcome "deferred": one open follow-up of kind deferred_decision, its
      text the item title and what the decision is deferred to;
    - a follow-up date: one follow-up of kind decision_follow_up due that day.

    When the decision no longer calls for one, the open follow-up goes; a
    closed one stays as history and is never reopened or duplicated.
    """
    item = decision.item
    with translation.override(settings.LANGUAGE_CODE):
        wanted = {}
        if decision.outcome == decision.Outcome.DEFERRED:
            what = item.title
            if decision.deferred_to:
                what = _("%(title)s – deferred to %(deferred_to)s") % {
                    "title": item.title, "deferred_to": decision.deferred_to,
                }
            wanted[FollowUp.Kind.DEFERRED_DECISION] = {"what": what, "due_date": None}
        if decision.follow_up_date:
            wanted[FollowUp.Kind.DECISION_FOLLOW_UP] = {
                "what": _("Follow up the decision: %(title)s") % {"title": item.title},
                "due_date": decision.follow_up_date,
            }
    existing = {f.kind: f for f in FollowUp.objects.filter(item=item, kind__in=AUTOMATIC_KINDS).order_by("id")}
    for kind in AUTOMATIC_KINDS:
        current = existing.get(kind)
        fields = wanted.get(kind)
        if fields is None:
            if current is not None and current.is_open:
                current.delete()
            continue
        if current is None:
            FollowUp.objects.create(item=item, kind=kind, created_by=user, **fields)
        elif current.is_open and any(getattr(current, k) != v for k, v in fields.items()):
            for name, value in fields.items():
                setattr(current, name, value)
            current.save()


# --- Open questions in the text ------------------------------------------------------

# Phrases of the corpus that leave a question open for a later meeting. Matched
# case-insensitively, with any whitespace (text from PDFs breaks lines anywhere).
OPEN_QUESTION_PATTERNS = [
    r"tar\s+med\s+sig\s+frågan",
    r"återkomm(?:er|a)\s+till\s+samverkansgruppen",
    r"koll(?:ar|a)\s+upp\s+detta\s+och\s+informera",
    r"tar\s+samverkansgruppen\s+med\s+sig\s+till\s+nästa",
    r"flyttas\s+till\s+nästa\s+(?:FSG|VSG|samverkan)",
    r"frågan\s+blir\s+en\s+MBL\s*§?\s*11",
]
OPEN_QUESTION_RE = re.compile("|".join(f"(?:{p})" for p in OPEN_QUESTION_PATTERNS), re.IGNORECASE)


def _chunks(text):
    """Paragraphs and bullets of a text, each with its lines joined."""
    chunk = []
    for line in (text or "").splitlines():
        stripped = line.strip()
        if not stripped or re.match(r"[-•*]\s", stripped) or stripped.startswith("#"):
            if chunk:
                yield " ".join(chunk)
            chunk = [stripped.lstrip("-•*# ")] if stripped else []
        else:
            chunk.append(stripped)
    if chunk:
        yield " ".join(chunk)


def open_question_sentences(text):
    """The sentences of `text` that leave a question open, whitespace folded."""
    found = []
    for chunk in _chunks(text):
        for sentence in re.split(r"(?<=[.!?])\s+", chunk):
            sentence = " ".join(sentence.split())
            if sentence and OPEN_QUESTION_RE.search(sentence) and sentence not in found:
                found.append(sentence)
    return found


def _who_from(sentence):
    """"HR-enheten tar med sig frågan." → "HR-enheten"; empty unless a short subject leads."""
    match = OPEN_QUESTION_RE.search(sentence)
    subject = sentence[: match.start()].strip(" ,:;") if match else ""
    words = subject.split()
    if 0 < len(words) <= 4 and not subject.lower().startswith(("denna", "den ", "detta", "frågan")):
        return subject[:200]
    return ""


def item_open_questions(item):
    """[sentence] of an item's text, union inputs and decision that leave a question open."""
    texts = [item.body, *(u.text for u in item.union_inputs.all())]
    decision = getattr(item, "decision", None) if item.kind == AgendaItem.Kind.DECISION else None
    if decision is not None:
        texts.append(decision.text)
    with translation.override(settings.LANGUAGE_CODE):
        # Text pulled in from a follow-up ("Uppföljning från mötet den …") was handled here already.
        pulled = _("Follow-up from the meeting on %(date)s: %(what)s").split("%(date)s")[0]
    sentences = []
    for text in texts:
        sentences += [
            s for s in open_question_sentences(text) if s not in sentences and not s.startswith(pulled)
        ]
    return sentences


def detect_open_questions(meeting):
    """Record an open_question follow-up for every open question in the meeting's text.

    Idempotent: a sentence already recorded for its item (open, closed or
    handled) is not recorded again, so this runs safely after every import and
    whenever minutes become adjusted. Returns the follow-ups created.
    """
    from django.core.exceptions import ObjectDoesNotExist

    items = AgendaItem.objects.filter(meeting_id=meeting.pk).select_related("decision").prefetch_related("union_inputs")
    known = set(
        FollowUp.objects.filter(item__meeting_id=meeting.pk, kind=FollowUp.Kind.OPEN_QUESTION)
        .values_list("item_id", "what")
    )
    created = []
    for item in items:
        try:
            item.decision  # noqa: B018 - cached by select_related; may not exist
        except ObjectDoesNotExist:
            pass
        for sentence in item_open_questions(item):
            if (item.pk, sentence) in known:
                continue
            known.add((item.pk, sentence))
            created.append(FollowUp(
                item=item, kind=FollowUp.Kind.OPEN_QUESTION, what=sentence, who=_who_from(sentence),
            ))
    if created:
        FollowUp.objects.bulk_create(created)
    return created


def suggested_open_questions(item, follow_ups):
    """Open questions in an item's text not yet recorded as a follow-up (for the editor)."""
    recorded = {f.what for f in follow_ups}
    return [{"what": s, "who": _who_from(s)} for s in item_open_questions(item) if s not in recorded]


# --- Agenda ---------------------------------------------------------------------------


def agenda_heading(meeting):
    """"Föredragningslista för samverkansgrupp FSG/VSG – Socialförvaltningen den 16 november 2020"."""
    return _("Agenda of cooperation group %(group)s – %(administration)s on %(date)s") % {
        "group": meeting.group.name,
        "administration": meeting.group.administration,
        "date": formats.date_format(meeting.date, "j F Y"),
    }


def agenda_sections(meeting):
    """[(kind, label, [items])] of the agenda; sections without items are left out."""
    items = list(meeting.items.order_by("position"))
    return [
        (kind, label, [item for item in items if item.kind == kind])
        for kind, label in AgendaItem.Kind.choices
        if any(item.kind == kind for item in items)
    ]


def agenda_recipients(meeting):
    """The group's active members with an email address, in name order."""
    return list(
        meeting.group.members.filter(is_active=True).exclude(email="").order_by("first_name", "last_name", "username")
    )


def agenda_send(*, meeting, user):
    """Email the agenda with its PDF to every member of the group; recorded in the meeting's history.

    Only for a draft (a coming meeting). Returns the number of emails sent.
    """
    from meetings.pdf import agenda_pdf_filename, render_agenda_pdf

    if meeting.status != Meeting.Status.DRAFT:
        raise PreparationError(_("The agenda can only be sent while the minutes are a draft."))
    if not meeting.items.exists():
        raise PreparationError(_("The agenda has no items yet."))
    recipients = agenda_recipients(meeting)
    if not recipients:
        raise PreparationError(_("No member of the group has an email address."))
    pdf = render_agenda_pdf(meeting)
    with translation.override(settings.LANGUAGE_CODE):
        heading = agenda_heading(meeting)
        subject = _("Agenda: %(heading)s") % {"heading": heading}
        body = render_to_string("emails/agenda.txt", {
            "meeting": meeting, "heading": heading, "sections": agenda_sections(meeting),
            "agenda_url": settings.SITE_URL + reverse("meetings:meeting_agenda", args=[meeting.pk]),
            "sender": user,
        })
        filename = agenda_pdf_filename(meeting)
    messages = []
    for recipient in recipients:
        message = EmailMessage(subject=str(subject), body=body, to=[recipient.email])
        message.attach(filename, pdf, "application/pdf")
        messages.append(message)
    sent = get_connection().send_messages(messages) or 0
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        with translation.override(settings.LANGUAGE_CODE):
            locked._change_reason = ngettext(
                "Agenda sent by email to %(count)d member",
                "Agenda sent by email to %(count)d members",
                sent,
            ) % {"count": sent}
        locked.save(update_fields=["updated_at"])
    return sent


def agenda_sent_at(meeting):
    """When the agenda was last sent (from the meeting's history), or None."""
    with translation.override(settings.LANGUAGE_CODE):
        marker = _("Agenda sent by email to")
    record = (
        Meeting.history.filter(id=meeting.pk, history_change_reason__startswith=marker)
        .order_by("-history_date").first()
    )
    return record.history_date if record else None


# --- Calendar files (.ics) ------------------------------------------------------------

TZ = "Europe/Stockholm"


def _calendar():
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", "-//Samverkan//Meeting preparation//SV")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    return cal


def _host():
    from urllib.parse import urlsplit

    return urlsplit(settings.SITE_URL).hostname or "samverkan"


def meeting_ics(meeting):
    """The meeting as an iCalendar file: timed in Europe/Stockholm, or all-day without a start time."""
    from icalendar import Event

    tz = zoneinfo.ZoneInfo(TZ)
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{_host()}")
    event.add("dtstamp", timezone.now())
    with translation.override(settings.LANGUAGE_CODE):
        event.add("summary", str(meeting.heading))
    if meeting.start_time:
        event.add("dtstart", datetime.datetime.combine(meeting.date, meeting.start_time, tzinfo=tz))
        if meeting.end_time:
            event.add("dtend", datetime.datetime.combine(meeting.date, meeting.end_time, tzinfo=tz))
    else:
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + datetime.timedelta(days=1))
    if meeting.place:
        event.add("location", meeting.place)
    event.add("url", settings.SITE_URL + reverse("meetings:meeting_detail", args=[meeting.pk]))
    cal = _calendar()
    cal.add_component(event)
    if meeting.start_time:
        cal.add_missing_timezones()
    return cal.to_ical()


def deadline_ics(meeting):
    """The adjustment deadline as an all-day event for the adjusters."""
    from icalendar import Event

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

