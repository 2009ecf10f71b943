"""Quick entry: a block of pasted text, in the minutes' usual shape, as items of one section.

The block is read by the importer's parser (meetings.importer.parser), so it
understands what an import does: a title line, a presenter after a comma (or in
parentheses, or on a "Föredragande:" line), paragraphs, bullets, "## " sub-headings,
the unions' input ("Fackliga poängterar …"), and on Beslut items the decision
sentence with each party's position. `read_block` only reads: the preview shows
what `drafting.items_create_from_block` will save.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.importer.errors import MinutesImportError
from meetings.importer.parser import parse_minutes
from meetings.importer.parties import PartyDirectory
from meetings.models import AgendaItem, Decision, Party, Position

# A heading the parser recognises as minutes, and the section the block goes into.
_HEADING = "Minnesanteckningar från samverkansgrupp Snabbinmatning – Snabbinmatning den 1 januari 2000"
_SECTION_LABELS = {
    AgendaItem.Kind.INFORMATION: "Information",
    AgendaItem.Kind.DIALOG: "Dialog",
    AgendaItem.Kind.DECISION: "Beslut",
    AgendaItem.Kind.OTHER: "Övrigt",
}
MAX_ITEMS = 100
NO_ITEM = gettext_lazy(
    "No item was found in the text. Start each item with its title on a line of its own, "
    "e.g. “Ekonomisk uppföljning, Ekonomichef”, followed by its paragraphs."
)


class QuickEntryError(ValueError):
    """The block cannot become items; the message says why, in Swedish."""


@dataclass
class BlockItem:
    title: str
    presenter: str = ""
    body: str = ""
    union_inputs: list = field(default_factory=list)  # [(Party or None, text)]
    decision: dict | None = None  # {"text", "outcome", "positions": [(Party, stand, text)]}


def _party(name, parties):
    if not name:
        return None
    return parties.get(name.casefold())


def read_block(text, kind):
    """The items the pasted `text` makes in section `kind`: [BlockItem]; QuickEntryError when none."""
    if kind not in _SECTION_LABELS:
        raise QuickEntryError(_("Unknown section."))
    if not (text or "").strip():
        raise QuickEntryError(_("Paste the text of one or more items."))
    rows = list(Party.objects.all())
    parties = {}
    for party in rows:
        parties[party.name.casefold()] = party
        if party.short_name:
            parties[party.short_name.casefold()] = party
    directory = PartyDirectory((p.name, p.short_name, p.kind) for p in rows)
    source = f"{_HEADING}\n\n{_SECTION_LABELS[kind]}\n\n{text.strip()}\n"
    try:
        parsed = parse_minutes(source, parties=directory)
    except MinutesImportError as exc:
        raise QuickEntryError(str(exc)) from exc
    items = []
    label = _SECTION_LABELS[kind].casefold()
    for parsed_item in parsed.items:
        if parsed_item.title.casefold() == label and not text.strip().casefold().startswith(label):
            # Text before any title line: the parser names it after the section. It needs a title.
            raise QuickEntryError(NO_ITEM)
        title, presenter = parsed_item.title, parsed_item.presenter or ""
        if len(title) > 300 or len(presenter) > 200:
            raise QuickEntryError(_(
                "“%(title)s…” is too long for a title line (at most 300 characters, a presenter at most 200). "
                "Put a line break after the title."
            ) % {"title": title[:60]})
        item = BlockItem(title=title, presenter=presenter, body=parsed_item.body)
        for union_input in parsed_item.union_inputs:
            party = _party(union_input.party, parties)
            body = union_input.text
            if union_input.party and party is None:
                body = f"{union_input.party}: {body}"  # a union not registered: its name stays in the text
            item.union_inputs.append((party, body))
        decision = parsed_item.decision
        if decision is not None:
            if kind == AgendaItem.Kind.DECISION:
                positions, seen = [], set()
                for name, stand, comment in decision.positions:
                    party = _party(name, parties)
                    if party is None or party.pk in seen or stand not in Position.Stand.values:
                        continue
                    if stand == Position.Stand.DEMAND and not comment:
                        continue
                    seen.add(party.pk)
                    positions.append((party, stand, comment or ""))
                outcome = decision.outcome if decision.outcome in Decision.Outcome.values else Decision.Outcome.UNKNOWN
                item.decision = {"text": decision.text, "outcome": outcome, "positions": positions,
                                 "deferred_to": decision.deferred_to[:300]}
            else:
                # Only Beslut items carry a decision: elsewhere its sentence stays in the text.
                item.body = "\n\n".join(part for part in (item.body, decision.text) if part)
        items.append(item)
    # Text the parser could not place in an item still belongs to the block.
    if parsed.unclassified_text.strip():
        if items:
            items[-1].body = "\n\n".join(part for part in (items[-1].body, parsed.unclassified_text) if part)
        else:
            raise QuickEntryError(NO_ITEM)
    if not items:
        raise QuickEntryError(NO_ITEM)
    if len(items) > MAX_ITEMS:
        raise QuickEntryError(_("At most %(count)d items can be pasted at once.") % {"count": MAX_ITEMS})
    return items
