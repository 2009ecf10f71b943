"""Small factories: each makes one valid object with sensible defaults."""

import datetime
import itertools

from meetings.models import (
    Adjuster,
    AgendaItem,
    CooperationGroup,
    Decision,
    Meeting,
    Party,
    Position,
    UnionInput,
    User,
)

_counter = itertools.count(1)

PASSWORD = "korrekt-häst-batteri-2026"


def make_user(*, role=User.Role.SECRETARY, username=None, party=None, groups=(), **fields):
    n = next(_counter)
    username = username or f"user{n}"
    fields.setdefault("email", f"{username}@example.se")
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        role=role,
        party=party,
        first_name=fields.pop("first_name", "Person"),
        last_name=fields.pop("last_name", str(n)),
        **fields,
    )
    for group in groups:
        group.members.add(user)
    return user


def make_party(name="Vision", *, short_name="", kind=Party.Kind.UNION):
    party, _ = Party.objects.get_or_create(name=name, defaults={"short_name": short_name, "kind": kind})
    return party


def make_group(name="FSG/VSG", administration="Socialförvaltningen"):
    group, _ = CooperationGroup.objects.get_or_create(name=name, administration=administration)
    return group


def make_meeting(*, group=None, date=datetime.date(2020, 11, 16), protocol_number="", **fields):
    return Meeting.objects.create(
        group=group or make_group(), date=date, protocol_number=protocol_number, **fields
    )


def make_item(meeting, *, kind=AgendaItem.Kind.INFORMATION, title=None, position=None, **fields):
    if position is None:
        position = (max((i.position for i in meeting.items.all()), default=0)) + 1
    return AgendaItem.objects.create(
        meeting=meeting, kind=kind, title=title or f"Punkt {position}", position=position, **fields
    )


def make_decision(item, *, text="Beslut enligt förslaget.", outcome=Decision.Outcome.AGREED, stands=()):
    decision = Decision.objects.create(item=item, text=text, outcome=outcome)
    for party, stand in stands:
        Position.objects.create(decision=decision, party=party, stand=stand)
    return decision


def make_union_input(item, *, text="Fackliga vill följa frågan.", party=None):
    return UnionInput.objects.create(item=item, text=text, party=party)


def make_adjuster(meeting, *, name="Cecilia Cederström", party=None, user=None):
    return Adjuster.objects.create(meeting=meeting, name=name, party=party or make_party("Akademikerförbundet SSR", short_name="SSR"), user=user)
