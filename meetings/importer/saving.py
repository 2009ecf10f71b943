"""Saving parsed minutes: one file, one transaction, one meeting (or none and a clear error).

`import_file(data=…, filename=…)` reads the file, parses it and, unless
`dry_run`, writes the meeting with its items, union inputs, decisions,
positions, adjusters and the original file as an attachment. The meeting is
written as a draft and its status is set last: on PostgreSQL a trigger
refuses any change to the content of adjusted minutes. With `finish=False`
(the upload page) the imported minutes stay a draft for the secretary to
review; `import_finish` then marks them adjusted.
"""

import hashlib
import mimetypes
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.archive import search
from meetings.drafting import renumber_items
from meetings.exceptions import WorkflowError
from meetings.preparation import open_questions
from meetings.importer.errors import MinutesImportError
from meetings.importer.parser import parse_minutes
from meetings.importer.parties import EMPLOYER, PartyDirectory
from meetings.importer.readers import read_document
from meetings.models import (
    Adjuster,
    AgendaItem,
    Attachment,
    CooperationGroup,
    Decision,
    Meeting,
    Party,
    Position,
    UnionInput,
    User,
)


@dataclass
class ImportOutcome:
    source: str
    parsed: object = None  # ParsedMinutes
    meeting: Meeting | None = None
    duplicate: bool = False
    error: str = ""
    warnings: list = field(default_factory=list)
    ocr_confidence: float | None = None  # the mean word confidence (0–100) of a scanned file's OCR

    @property
    def ok(self):
        return not self.error

    def as_dict(self):
        data = self.parsed.as_dict(id=self.meeting.pk if self.meeting else None, source=self.source)
        data["ocr_confidence"] = self.ocr_confidence
        return data


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def find_group(name, administration=None):
    """The group called `name` ("FSG/VSG" or "FSG/VSG – Socialförvaltningen"), or None."""
    name = " ".join((name or "").split())
    if not name:
        return None
    groups = CooperationGroup.objects.filter(name__iexact=name)
    if administration:
        exact = groups.filter(administration__iexact=administration)
        if exact.count() == 1:
            return exact.get()
    if groups.count() == 1:
        return groups.get()
    for separator in (" – ", " - ", ", "):
        if separator in name:
            group_name, admin = name.split(separator, 1)
            found = CooperationGroup.objects.filter(name__iexact=group_name.strip(),
                                                    administration__iexact=admin.strip())
            if found.count() == 1:
                return found.get()
    return None


def import_file(*, data, filename, group=None, user=None, dry_run=False, finish=True, allowed_groups=None):
    """Import one file; never raises for a bad file, the outcome carries the error.

    `group` overrides the group named in the heading. `allowed_groups` (a
    queryset) limits the groups the minutes may go to (the upload page: the
    secretary's own groups); without it a group named in the heading that
    does not exist yet is created.
    """
    outcome = ImportOutcome(source=filename)
    digest = sha256(data) if data else ""
    try:
        document = read_document(data, filename)
        text = document.text
        outcome.ocr_confidence = document.ocr_confidence
        outcome.parsed = parse_minutes(text, parties=PartyDirectory.from_database())
    except MinutesImportError as exc:
        outcome.error = str(exc)
        return outcome
    _resolve_adjuster_parties(outcome.parsed)
    existing = Meeting.objects.filter(source_sha256=digest).first()
    if existing is not None:
        outcome.meeting = existing
        outcome.duplicate = True
        return outcome
    try:
        with transaction.atomic():
            # The dry run makes every check the import makes, in the same order, and saves nothing.
            target = _check(outcome.parsed, group, allowed_groups, create=not dry_run)
            if dry_run:
                return outcome
            outcome.meeting = _save(outcome, data=data, digest=digest, text=text, group=target, user=user,
                                    finish=finish)
    except MinutesImportError as exc:
        outcome.error = str(exc)
        outcome.meeting = None
    except IntegrityError:
        outcome.error = _("The minutes could not be saved: they clash with minutes already saved "
                          "(the same protocol number in the same group?).")
        outcome.meeting = None
    return outcome


def _check(parsed, group, allowed_groups, *, create):
    """Every refusal of the import before anything is written: the date, the group, a protocol
    number the group already has. Returns the group (None in a dry run for a group that the
    import would create)."""
    if parsed.date is None:
        raise MinutesImportError(_("No meeting date was found in the file."))
    target = group or _group_for(parsed, allowed_groups, create=create)
    protocol = (parsed.protocol or "")[:20]
    if target is not None and protocol and Meeting.objects.filter(group=target, protocol_number=protocol).exists():
        raise MinutesImportError(
            _("The group %(group)s already has minutes with protocol number %(number)s.")
            % {"group": target.name, "number": protocol}
        )
    return target


def _group_for(parsed, allowed_groups, *, create=True):
    if not parsed.group:
        raise MinutesImportError(_("No cooperation group was found in the heading; choose the group."))
    found = find_group(parsed.group, parsed.administration)
    if allowed_groups is not None:
        if found is None or not allowed_groups.filter(pk=found.pk).exists():
            raise MinutesImportError(
                _("The group “%(group)s” named in the heading is not one of your groups; choose the group.")
                % {"group": parsed.group}
            )
        return found
    if found is not None:
        return found
    if not parsed.administration:
        raise MinutesImportError(
            _("The group “%(group)s” does not exist and the heading names no administration; choose the group.")
            % {"group": parsed.group}
        )
    if not create:
        return None  # the import creates it
    group, _created = CooperationGroup.objects.get_or_create(
        name=parsed.group[:100], administration=parsed.administration[:200]
    )
    return group


def _resolve_adjuster_parties(parsed):
    """An adjuster named without a party: the party of the user or earlier adjuster of that name."""
    for adjuster in parsed.adjusters:
        if adjuster.party:
            continue
        first, _sep, last = adjuster.name.rpartition(" ")
        user = User.objects.filter(first_name=first, last_name=last, party__isnull=False).select_related(
            "party").first()
        if user is not None:
            adjuster.party = user.party.name
            continue
        earlier = Adjuster.objects.filter(name=adjuster.name).select_related("party").order_by("-pk").first()
        if earlier is not None:
            adjuster.party = earlier.party.name


def party_named(name, directory=None):
    """The Party row of a canonical party name; a union (or the employer) is created if new."""
    directory = directory or PartyDirectory.from_database()
    party = Party.objects.filter(name=name).first() or Party.objects.filter(short_name=name).first()
    if party is not None:
        return party
    kind = directory.kind_of(name)
    if kind == EMPLOYER:
        existing = Party.objects.filter(kind=Party.Kind.EMPLOYER).first()
        if existing is not None:
            return existing
    known = directory.parties.get(name)
    party, _created = Party.objects.get_or_create(
        name=name[:100],
        defaults={"kind": kind, "short_name": (known.short_name if known else "")[:30]},
    )
    return party


def _save(outcome, *, data, digest, text, group, user, finish):
    parsed = outcome.parsed
    protocol = (parsed.protocol or "")[:20]
    directory = PartyDirectory.from_database()
    parties = {}

    def party(name):
        if name not in parties:
            parties[name] = party_named(name, directory)
        return parties[name]

    meeting = Meeting.objects.create(
        group=group,
        date=parsed.date,
        start_time=parsed.start_time,
        end_time=parsed.end_time if parsed.start_time and parsed.end_time and parsed.end_time > parsed.start_time
        else None,
        place=(parsed.place or "")[:200],
        protocol_number=protocol,
        dnr=(parsed.dnr or "")[:50],
        document_date=parsed.document_date,
        chair=parsed.chair[:200],
        secretary=parsed.secretary[:200],
        closing_text=parsed.closing_text,
        status=Meeting.Status.DRAFT,
        is_imported=True,
        source_name=outcome.source[:255],
        source_sha256=digest,
        source_text=text,
        unclassified_text=parsed.unclassified_text,
        document_type=parsed.document_type,
        ocr_confidence=outcome.ocr_confidence,
        created_by=user,
    )
    for position, parsed_item in enumerate(parsed.items, start=1):
        item = AgendaItem.objects.create(
            meeting=meeting, kind=parsed_item.kind, position=position,
            title=parsed_item.title[:300] or _("Item %(number)s") % {"number": position},
            presenter=parsed_item.presenter[:200], body=parsed_item.body,
        )
        for index, union_input in enumerate(parsed_item.union_inputs, start=1):
            UnionInput.objects.create(
                item=item, party=party(union_input.party) if union_input.party else None,
                text=union_input.text, position=index, after_block=union_input.after_block,
            )
        if parsed_item.kind == AgendaItem.Kind.DECISION and parsed_item.decision is not None:
            decision = Decision.objects.create(
                item=item, text=parsed_item.decision.text, outcome=parsed_item.decision.outcome,
                deferred_to=parsed_item.decision.deferred_to[:300],
            )
            for party_name, stand, comment in parsed_item.decision.positions:
                if stand == Position.Stand.DEMAND and not comment:
                    continue
                Position.objects.get_or_create(
                    decision=decision, party=party(party_name), defaults={"stand": stand, "text": comment},
                )
    renumber_items(meeting)
    for index, adjuster in enumerate(parsed.adjusters, start=1):
        if not adjuster.party:
            outcome.warnings.append(
                _("%(name)s is named as adjuster without a party and was not added as adjuster.")
                % {"name": adjuster.name}
            )
            continue
        Adjuster.objects.create(meeting=meeting, name=adjuster.name[:200], party=party(adjuster.party),
                                position=index)
    content_type = mimetypes.guess_type(outcome.source)[0] or "application/octet-stream"
    attachment = Attachment(
        meeting=meeting, title=outcome.source[:300], content_type=content_type, size=len(data),
        sha256=digest, uploaded_by=user,
    )
    attachment.file.save(outcome.source.rsplit("/", 1)[-1] or "minutes", ContentFile(data), save=False)
    try:
        attachment.save()
        if finish:
            _mark_adjusted(meeting)
        search.index_meeting(meeting)
    except Exception:
        attachment.file.delete(save=False)
        raise
    return meeting


def _mark_adjusted(meeting):
    meeting.status = Meeting.Status.ADJUSTED
    meeting.adjusted_at = timezone.now()
    meeting._change_reason = _("Imported from %(file)s") % {"file": meeting.source_name}
    meeting.save(update_fields=["status", "adjusted_at", "updated_at"])
    open_questions.detect_open_questions(meeting)


def import_finish(*, meeting, user):
    """An imported draft, reviewed by the secretary, becomes the adjusted historical record."""
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if not locked.is_imported or locked.status != Meeting.Status.DRAFT:
            raise WorkflowError(_("Only imported minutes still in review can be saved as adjusted."))
        _mark_adjusted(locked)
        search.index_meeting(locked)
    return locked
