"""Load the demo: master data, one account per role and the minutes of meetings.demo_minutes.

Nothing is read from outside the repository; the attachments are made here
(a CSV table, a PDF rendered with WeasyPrint).

The minutes are entered as drafts and then go through the app's own workflow
(meetings.drafting, meetings.signing): the archive's minutes are sent for adjustment and signed
by the demo adjusters with their demo passwords, so the last signature makes
them adjusted and stores the final PDF; the April 2022 minutes are sent and
wait for the adjusters (justerare.ssr, justerare.kommunal); the December 2020
minutes stay a draft. No email goes out while loading.

load() is idempotent: master data is updated in place, the demo users get
their demo passwords back, and minutes without signatures (the draft, unsigned
minutes out for adjustment, minutes imported by an earlier demo in the same
slot) are deleted and entered again. Minutes with a signature are kept as they
are: signatures are never deleted (on PostgreSQL a trigger refuses, and the
content of adjusted minutes cannot change either).
"""

import csv
import io
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils.html import escape
from weasyprint import HTML

from meetings import drafting, signing
from meetings.archive import search
from meetings.demo_minutes import (  # noqa: F401  (re-exported: generate_archive uses the master data)
    ADMINISTRATION,
    EMPLOYER,
    GROUPS,
    KOMMUNAL,
    MEETINGS,
    PARTIES,
    SECRETARY,
    SSR,
    USERS,
    VISION,
)
from meetings.models import (
    Adjuster,
    AgendaItem,
    Attachment,
    CooperationGroup,
    Decision,
    Meeting,
    Party,
    Signature,
    UnionInput,
    User,
)
from meetings.pdf import STATIC_BASE_URL, StaticFilesFetcher

NO_EMAIL = "django.core.mail.backends.dummy.EmailBackend"


@dataclass
class Loaded:
    users: list  # [(DemoUser, User)]
    meetings: list  # [Meeting], in the order of demo_minutes.MEETINGS


def load():
    """Create or refresh all demo data in one transaction; see the module docstring."""
    with override_settings(EMAIL_BACKEND=NO_EMAIL), transaction.atomic():
        parties = _load_parties()
        groups = _load_groups()
        users = [(spec, _load_user(spec, parties, groups)) for spec in USERS]
        by_username = {spec.username: user for spec, user in users}
        # An adjuster signs with the demo account of the same name, with its demo password.
        accounts = {spec.full_name: (user, spec.password) for spec, user in users if spec.full_name}
        meetings = [
            _load_meeting(spec, parties, groups, accounts, secretary=by_username[SECRETARY])
            for spec in MEETINGS
        ]
    return Loaded(users=users, meetings=meetings)


def _load_parties():
    parties = {}
    for name, short_name, kind in PARTIES:
        parties[name], _created = Party.objects.update_or_create(
            name=name, defaults={"short_name": short_name, "kind": kind}
        )
    return parties


def _load_groups():
    return {
        name: CooperationGroup.objects.get_or_create(name=name, administration=ADMINISTRATION)[0]
        for name in GROUPS
    }


def _load_user(spec, parties, groups):
    user, _created = User.objects.update_or_create(
        username=spec.username,
        defaults={
            "role": spec.role,
            "party": parties[spec.party] if spec.party else None,
            "first_name": spec.first_name,
            "last_name": spec.last_name,
            "email": f"{spec.username}@example.se",
            "is_active": True,
            "is_staff": spec.is_superuser,
            "is_superuser": spec.is_superuser,
        },
    )
    user.set_password(spec.password)
    user.save(update_fields=["password"])
    for group in groups.values():
        group.members.add(user)
    return user


# --- Minutes ----------------------------------------------------------------


def _load_meeting(spec, parties, groups, accounts, *, secretary):
    previous = Meeting.objects.filter(group=groups[spec.group], protocol_number=spec.protocol_number)
    if previous.exclude(status=Meeting.Status.DRAFT).exists() or Signature.objects.filter(
        meeting__in=previous
    ).exists():
        # Sent for adjustment (its version is kept), signed or adjusted: such minutes are
        # never deleted (signatures, stored versions, adjusted minutes), so they stay as they are.
        return previous.order_by("-version_number").first()
    _remove(previous)
    meeting = _enter_draft(spec, parties, groups, accounts, secretary=secretary)
    if spec.status in (Meeting.Status.OUT_FOR_ADJUSTMENT, Meeting.Status.ADJUSTED):
        signing.meeting_send_for_adjustment(
            meeting=meeting, user=secretary, deadline=signing.default_deadline()
        )
    if spec.status == Meeting.Status.ADJUSTED:
        for adjuster in meeting.adjusters.select_related("user"):
            _user, password = accounts[adjuster.name]
            signing.meeting_sign(
                meeting=meeting, adjuster=adjuster, user=adjuster.user, password=password,
                content_hash=Meeting.objects.with_contents().get(pk=meeting.pk).content_hash(),
            )
    meeting.refresh_from_db()
    if meeting.status != spec.status:
        raise RuntimeError(f"The demo minutes {spec.protocol_number} ended {meeting.status}, not {spec.status}.")
    return meeting


def _remove(previous):
    """Delete drafts that were never sent, and their files once committed."""
    for meeting in previous:
        files = [a.file for a in meeting.attachments.all() if a.file] + ([meeting.final_pdf] if meeting.final_pdf else [])
        meeting.delete()
        for stored in files:
            transaction.on_commit(lambda stored=stored: stored.storage.delete(stored.name))


def _enter_draft(spec, parties, groups, accounts, *, secretary):
    """The minutes as a draft with all their content (the status comes after, through the workflow)."""
    meeting = Meeting.objects.create(
        group=groups[spec.group], date=spec.date, protocol_number=spec.protocol_number, dnr=spec.dnr,
        document_date=spec.document_date, start_time=spec.start_time, end_time=spec.end_time,
        place=spec.place, chair=spec.chair, secretary=spec.secretary, closing_text=spec.closing_text,
        status=Meeting.Status.DRAFT, is_imported=False, created_by=secretary,
    )
    for position, item_spec in enumerate(spec.items, start=1):
        item = AgendaItem.objects.create(
            meeting=meeting, kind=item_spec.kind, position=position,
            title=item_spec.title, presenter=item_spec.presenter, body=item_spec.body,
        )
        for index, union_input in enumerate(item_spec.union_inputs, start=1):
            UnionInput.objects.create(
                item=item, party=parties[union_input.party] if union_input.party else None,
                text=union_input.text, position=index,
            )
        if item_spec.decision is not None:
            _save_decision(item, item_spec.decision, parties)
        for attachment_spec in item_spec.attachments:
            _attach(meeting, item, attachment_spec, user=secretary)
    for position, (name, party) in enumerate(spec.adjusters, start=1):
        user, _password = accounts[name]
        Adjuster.objects.create(meeting=meeting, name=name, party=parties[party], user=user, position=position)
    search.index_meeting(meeting)
    return meeting


def _save_decision(item, spec, parties):
    """Through the service, so a deferral or a follow-up date becomes a follow-up as in the app."""
    decision = Decision(
        item=item, text=spec.text, outcome=spec.outcome, deferred_to=spec.deferred_to,
        effective_date=spec.effective_date, follow_up_date=spec.follow_up_date,
    )
    stands = {parties[party]: stand for party, stand in spec.stands.items()}
    return drafting.decision_save(decision=decision, stands=stands)


def _attach(meeting, item, spec, *, user):
    data, content_type = attachment_content(spec)
    upload = ContentFile(data, name=spec.filename)
    upload.content_type = content_type  # as an uploaded file carries it
    attachment = Attachment(meeting=meeting, item=item, title=spec.title, file=upload)
    return drafting.attachment_create(attachment=attachment, user=user)


def attachment_content(spec):
    """(bytes, content type) of a demo attachment: a CSV table, or a PDF made with WeasyPrint."""
    if spec.filename.endswith(".csv"):
        out = io.StringIO()
        csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(spec.rows)
        return out.getvalue().encode("utf-8"), "text/csv"
    if spec.filename.endswith(".pdf"):
        return _pdf(spec), "application/pdf"
    raise ValueError(f"No demo attachment can be made for {spec.filename!r}: give it a .csv or .pdf name.")


def _pdf(spec):
    header, *rows = spec.rows

    def row(cells, tag):
        return "<tr>" + "".join(f"<{tag}>{escape(cell)}</{tag}>" for cell in cells) + "</tr>"

    html = (
        "<!doctype html><html lang='sv'><head><meta charset='utf-8'>"
        f"<title>{escape(spec.title)}</title>"
        "<style>body{font-family:sans-serif;font-size:11pt} table{border-collapse:collapse;width:100%}"
        " th,td{border:1px solid #888;padding:4pt;text-align:left}</style></head><body>"
        f"<h1>{escape(spec.title)}</h1>"
        + "".join(f"<p>{escape(paragraph)}</p>" for paragraph in spec.paragraphs)
        + "<table>" + row(header, "th") + "".join(row(cells, "td") for cells in rows) + "</table>"
        "</body></html>"
    )
    # Nothing to fetch; the app's fetcher refuses anything but its static files all the same.
    return HTML(string=html, base_url=STATIC_BASE_URL, url_fetcher=StaticFilesFetcher()).write_pdf()
