"""Demo data: master data, one account per role, the corpus minutes and two minutes in progress.

- The three minutes in ../shared/corpus are imported with the importer
  (meetings.importer), as an archive would be: adjusted, marked imported, the
  original file attached, searchable. Their structure (sections, presenters,
  union inputs, decisions with positions, adjusters) is what the importer reads.
- Two meetings are entered here by hand, so every state of the workflow can be
  tried: the FSG/VSG meeting of 14 December 2020 is a draft for the secretary;
  the VSG meeting of 25 April 2022 is out for adjustment with the demo
  adjusters (justerare.ssr, justerare.kommunal), who can review and sign it.

load() is idempotent: master data is updated in place, the demo users get
their demo passwords back, a corpus file already imported is kept as it is,
and the two hand-entered meetings are deleted and entered again.
"""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from meetings.models import (
    Adjuster,
    AgendaItem,
    CooperationGroup,
    Decision,
    Meeting,
    Party,
    Position,
    Signature,
    UnionInput,
    User,
)

ADMINISTRATION = "Socialförvaltningen"
FSG_VSG = "FSG/VSG"
VSG = "VSG"

SSR = "Akademikerförbundet SSR"
KOMMUNAL = "Kommunal"
VISION = "Vision"
EMPLOYER = "Arbetsgivaren"

PARTIES = [
    # (name, short name, kind)
    (SSR, "SSR", Party.Kind.UNION),
    (KOMMUNAL, "", Party.Kind.UNION),
    (VISION, "", Party.Kind.UNION),
    (EMPLOYER, "", Party.Kind.EMPLOYER),
]
GROUPS = [FSG_VSG, VSG]

INFORMATION = AgendaItem.Kind.INFORMATION
DIALOG = AgendaItem.Kind.DIALOG
DECISION = AgendaItem.Kind.DECISION
OTHER = AgendaItem.Kind.OTHER


# --- Users ------------------------------------------------------------------


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: str
    description: str
    first_name: str = ""
    last_name: str = ""
    party: str | None = None
    is_superuser: bool = False

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()


SECRETARY = "sekreterare"  # the demo meetings are created by this user

USERS = [
    DemoUser(
        SECRETARY, "samverkan-protokoll-2026", User.Role.SECRETARY,
        "secretary: drafts the minutes", "Sara", "Sekreterare", EMPLOYER,
    ),
    DemoUser(
        "justerare.ssr", "samverkan-signera-2026", User.Role.ADJUSTER,
        "adjuster for Akademikerförbundet SSR", "Cecilia", "Cederström", SSR,
    ),
    DemoUser(
        "justerare.kommunal", "samverkan-granska-2026", User.Role.ADJUSTER,
        "adjuster for Kommunal", "Christina", "Gustafsson", KOMMUNAL,
    ),
    DemoUser(
        "chef", "samverkan-beslut-2026", User.Role.MANAGER,
        "manager: reads adjusted minutes", "Maja", "Chef", EMPLOYER,
    ),
    DemoUser(
        "admin", "samverkan-admin-2026", User.Role.SECRETARY,
        "superuser, Django admin at /admin/", is_superuser=True,
    ),
]


# --- Minutes ----------------------------------------------------------------


@dataclass(frozen=True)
class UnionInputSpec:
    text: str
    party: str | None = None  # None: the unions jointly


@dataclass(frozen=True)
class DecisionSpec:
    text: str
    outcome: str
    stands: dict = field(default_factory=dict)  # party name -> Position.Stand


@dataclass(frozen=True)
class ItemSpec:
    kind: str
    title: str
    presenter: str = ""
    body: str = ""
    union_inputs: tuple = ()
    decision: DecisionSpec | None = None


@dataclass(frozen=True)
class MeetingSpec:
    group: str
    date: datetime.date
    protocol_number: str
    status: str
    items: tuple
    adjusters: tuple  # (name, party name)
    place: str = ""
    closing_text: str = ""


def text(*blocks):
    """An item text: paragraphs, sub-headings and bullet lists, a blank line between them."""
    return "\n\n".join(blocks)


def bullets(*entries):
    """A bullet list; the lines after an entry's first line are its text under the bullet."""
    return "\n".join(f"- {entry}" for entry in entries)


# The corpus minutes, imported as the archive (adjusted, imported, the file attached).
CORPUS_FILES = ("fsg-vsg-2019-03-25.txt", "fsg-vsg-2020-11-16.txt", "vsg-2022-03-21.txt")


def corpus_folder():
    return Path(settings.BASE_DIR).parent / "shared" / "corpus"


# The meetings that followed, being written: the December 2020 FSG/VSG (a draft)
# takes up what the November minutes announced for December; the April 2022 VSG
# follows up the decisions of March and is out for adjustment.
DRAFT_2020 = MeetingSpec(
    group=FSG_VSG,
    date=datetime.date(2020, 12, 14),
    protocol_number="12/2020",
    status=Meeting.Status.DRAFT,
    place="Socialförvaltningen, sammanträdesrum 3",
    adjusters=(("Christina Gustafsson", KOMMUNAL), ("Cecilia Cederström", SSR)),
    items=(
        ItemSpec(INFORMATION, "Val av justerare", "SOF Socialdirektör",
                 "Christina Gustafsson och Cecilia Cederström valdes som justerare."),
        ItemSpec(INFORMATION, "Föregående mötesanteckningar", "SOF Socialdirektör",
                 "Mötesanteckningarna från den 16 november läggs till handlingarna."),
        ItemSpec(INFORMATION, "Medarbetarundersökningen 2020", "HR-chef", text(
            "HR går igenom sammanställningen av medarbetarundersökningen, som utlovades i november.",
            bullets("Svarsfrekvens\nSvarsfrekvensen blev 78 %, något lägre än föregående år.",
                    "Fortsatt arbete\nVarje verksamhet tar fram handlingsplaner till februari."),
        )),
        ItemSpec(DIALOG, "Årsklockan 2021", "HR-chef",
                 "Förslaget till årsklocka för 2021 gås igenom; samtliga har sett över det sedan november."),
        ItemSpec(DECISION, "Årsklockan 2021 fastställs", "HR-chef",
                 "Arbetsgivaren föreslår att årsklockan för 2021 fastställs enligt förslaget.",
                 decision=DecisionSpec(
                     "Arbetsgivaren och fackliga representanter är eniga i beslutet.", Decision.Outcome.AGREED,
                     {SSR: Position.Stand.AGREE, KOMMUNAL: Position.Stand.AGREE, EMPLOYER: Position.Stand.AGREE},
                 )),
    ),
)

OUT_FOR_ADJUSTMENT_2022 = MeetingSpec(
    group=VSG,
    date=datetime.date(2022, 4, 25),
    protocol_number="03/2022",
    status=Meeting.Status.OUT_FOR_ADJUSTMENT,
    adjusters=(("Christina Gustafsson", KOMMUNAL), ("Cecilia Cederström", SSR)),
    items=(
        ItemSpec(INFORMATION, "Val av justerare", "ordföranden",
                 "Christina Gustafsson, Kommunal och Cecilia Cederström, SSR valdes som justerare."),
        ItemSpec(INFORMATION, "Föregående mötesanteckningar", "ordföranden",
                 "Mötesanteckningar läggs till handlingarna."),
        ItemSpec(INFORMATION, "Uppföljning 1:a socialsekreterare", "VC BUF",
                 "Tjänsterna har utlysts internt och intervjuer pågår. Första uppföljningen sker den 30 juni.",
                 union_inputs=(UnionInputSpec(
                     "SSR påminner om att rollen behöver tydliggöras innan tillsättningen.", SSR),)),
        ItemSpec(DECISION, "Ändrade öppettider Mottagningen", "VC Vuxen",
                 "Förslaget är att Mottagningen stänger kl. 15 på fredagar från den 1 juni.",
                 decision=DecisionSpec(
                     "Kommunal har inget att invända. SSR är oeniga med beslutet.", Decision.Outcome.DISAGREED,
                     {KOMMUNAL: Position.Stand.NO_OBJECTION, SSR: Position.Stand.DISAGREE},
                 )),
    ),
)

MEETINGS = (DRAFT_2020, OUT_FOR_ADJUSTMENT_2022)


# --- Loading ----------------------------------------------------------------


@dataclass
class Loaded:
    users: list  # [(DemoUser, User)]
    meetings: list  # [Meeting]


def load():
    """Create or refresh all demo data in one transaction; see the module docstring."""
    with transaction.atomic():
        parties = _load_parties()
        groups = _load_groups()
        users = [(spec, _load_user(spec, parties, groups)) for spec in USERS]
        by_username = {spec.username: user for spec, user in users}
        # An adjuster signs with the demo account of the same name.
        accounts = {spec.full_name: user for spec, user in users if spec.full_name}
        meetings = [_import_corpus_file(name, created_by=by_username[SECRETARY]) for name in CORPUS_FILES]
        meetings += [
            _load_meeting(spec, parties, groups, accounts, created_by=by_username[SECRETARY])
            for spec in MEETINGS
        ]
    return Loaded(users=users, meetings=meetings)


def _import_corpus_file(name, *, created_by):
    """Import one corpus file, unless this very file is already imported (idempotent)."""
    from meetings.importer.errors import MinutesImportError
    from meetings.importer.saving import import_file, sha256

    data = (corpus_folder() / name).read_bytes()
    existing = Meeting.objects.filter(source_sha256=sha256(data)).first()
    if existing is not None and existing.status == Meeting.Status.ADJUSTED:
        return existing
    if existing is not None:
        _remove(Meeting.objects.filter(pk=existing.pk))
    outcome = import_file(data=data, filename=name, user=created_by, dry_run=True)
    if outcome.error:
        raise MinutesImportError(outcome.error)
    # Minutes entered by hand by an earlier version of the demo give way to the import.
    parsed = outcome.parsed
    earlier = Meeting.objects.filter(group__name=parsed.group, group__administration=parsed.administration,
                                     protocol_number=parsed.protocol)
    if Signature.objects.filter(meeting__in=earlier).exists():
        return earlier.first()  # signed: signatures are never deleted, the minutes stay
    _remove(earlier)
    outcome = import_file(data=data, filename=name, user=created_by)
    if outcome.error:
        raise MinutesImportError(outcome.error)
    return outcome.meeting


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


def _remove(previous):
    """Delete unsigned minutes, whatever their state.

    Adjusted minutes cannot be deleted (on PostgreSQL a trigger refuses), but
    they can go back to draft first. Signed minutes are never passed here:
    signatures are never deleted.
    """
    previous.exclude(status=Meeting.Status.DRAFT).update(status=Meeting.Status.DRAFT)
    for meeting in previous:
        meeting.delete()


def _load_meeting(spec, parties, groups, accounts, *, created_by):
    group = groups[spec.group]
    previous = Meeting.objects.filter(group=group, protocol_number=spec.protocol_number)
    if Signature.objects.filter(meeting__in=previous).exists():
        # Signed while trying the demo: signatures are never deleted, so these
        # minutes stay as they are (with their signatures) instead of being entered again.
        return previous.get()
    _remove(previous)
    # Entered as a draft: the content of adjusted minutes cannot change, so the
    # status is set last.
    meeting = Meeting.objects.create(
        group=group,
        date=spec.date,
        protocol_number=spec.protocol_number,
        place=spec.place,
        closing_text=spec.closing_text,
        status=Meeting.Status.DRAFT,
        is_imported=False,
        created_by=created_by,
    )
    for position, item_spec in enumerate(spec.items, start=1):
        _create_item(meeting, position, item_spec, parties)
    for position, (name, party) in enumerate(spec.adjusters, start=1):
        Adjuster.objects.create(
            meeting=meeting, name=name, party=parties[party], user=accounts.get(name),
            position=position,
        )
    from meetings.archive import search

    search.index_meeting(meeting)
    if spec.status == Meeting.Status.OUT_FOR_ADJUSTMENT:
        # As if sent today (without the emails): the adjusters can review and sign.
        meeting.status = spec.status
        meeting.sent_at = timezone.now()
        meeting.adjustment_deadline = timezone.localdate() + datetime.timedelta(days=14)
        meeting.save(update_fields=["status", "sent_at", "adjustment_deadline"])
    elif spec.status != meeting.status:
        meeting.status = spec.status
        meeting.save(update_fields=["status"])
    return meeting


def _create_item(meeting, position, spec, parties):
    item = AgendaItem.objects.create(
        meeting=meeting, kind=spec.kind, position=position,
        title=spec.title, presenter=spec.presenter, body=spec.body,
    )
    for index, union_input in enumerate(spec.union_inputs, start=1):
        UnionInput.objects.create(
            item=item, party=parties[union_input.party] if union_input.party else None,
            text=union_input.text, position=index,
        )
    if spec.decision is not None:
        decision = Decision.objects.create(
            item=item, text=spec.decision.text, outcome=spec.decision.outcome
        )
        for party, stand in spec.decision.stands.items():
            Position.objects.create(decision=decision, party=parties[party], stand=stand)
    return item
