"""What the parser returns: plain dataclasses, no database (text in, dataclasses out)."""

import datetime
from dataclasses import dataclass, field

INFORMATION, DIALOG, DECISION, OTHER = "information", "dialog", "decision", "other"
KINDS = (INFORMATION, DIALOG, DECISION, OTHER)

AGREED, DISAGREED, NO_OBJECTION, DEFERRED, UNKNOWN = (
    "agreed", "disagreed", "no_objection", "deferred", "unknown",
)
AGREE, DISAGREE, DEMAND = "agree", "disagree", "demand"

# The kinds of document the parser tells apart (Meeting.DocumentType holds the same values).
COOPERATION, NEGOTIATION, BOARD = "cooperation", "negotiation", "board"
DOCUMENT_TYPES = (COOPERATION, NEGOTIATION, BOARD)
# The result of an MBL negotiation ("enighet" / "oenighet").
AGREEMENT, DISAGREEMENT = "agreement", "disagreement"



@dataclass
class ParsedAdjuster:
    name: str
    party: str | None = None


@dataclass
class ParsedUnionInput:
    party: str | None
    paragraphs: list = field(default_factory=list)
    # Where it stands in its item: the number of body blocks (as meetings.text.parse_blocks
    # counts them) printed before it; None for after the whole body.
    after_block: int | None = None
    at_block: int = 0  # while parsing: the number of ParsedItem.blocks before it

    @property
    def text(self):
        return "\n\n".join(self.paragraphs)


@dataclass
class ParsedDecision:
    text: str
    outcome: str = UNKNOWN
    positions: list = field(default_factory=list)  # [(party name, stand, comment)]
    deferred_to: str = ""


@dataclass
class ParsedItem:
    kind: str
    title: str
    presenter: str = ""
    blocks: list = field(default_factory=list)  # ("p", text) / ("h", text) / ("b", [lines])
    union_inputs: list = field(default_factory=list)
    decision: ParsedDecision | None = None
    decision_paragraphs: list = field(default_factory=list)
    kind_given: bool = True  # from a section heading or a marker, not guessed

    @property
    def body(self):
        return render_blocks(self.blocks)


@dataclass
class ParsedMinutes:
    group: str | None = None
    administration: str | None = None
    date: datetime.date | None = None
    protocol: str | None = None
    dnr: str | None = None
    place: str | None = None
    document_date: datetime.date | None = None
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None
    chair: str = ""
    secretary: str = ""
    closing_text: str = ""
    adjusters: list = field(default_factory=list)
    items: list = field(default_factory=list)
    unclassified: list = field(default_factory=list)
    source_text: str = ""
    document_type: str = COOPERATION
    # An MBL negotiation protocol: {"parties": [...], "question": str, "result": AGREEMENT,
    # DISAGREEMENT or None, "closed": bool}; None for other documents.
    negotiation: dict | None = None

    @property
    def unclassified_text(self):
        return "\n\n".join(self.unclassified)

    def as_dict(self, *, id=None, source=""):
        """The documented JSON shape of one meeting (README: Import of existing minutes)."""
        return {
            "id": id,
            "source": source,
            "group": self.group,
            "administration": self.administration,
            "date": self.date.isoformat() if self.date else None,
            "protocol": self.protocol,
            "dnr": self.dnr,
            "place": self.place,
            "document_type": self.document_type,
            "negotiation": self.negotiation,
            "adjusters": [{"name": a.name, "party": a.party} for a in self.adjusters],
            "items": [
                {
                    "kind": item.kind,
                    "title": item.title,
                    "presenter": item.presenter or None,
                    "body": item.body,
                    "union_inputs": [{"party": u.party, "text": u.text, "after_block": u.after_block}
                                     for u in item.union_inputs],
                    "decision": None if item.decision is None else {
                        "text": item.decision.text,
                        "outcome": item.decision.outcome,
                        "positions": [{"party": p, "position": s} for p, s, _c in item.decision.positions],
                    },
                }
                for item in self.items
            ],
            "unclassified": self.unclassified_text,
        }


def render_blocks(blocks):
    """Blocks in the item text format of meetings.text: paragraphs, "## " headings, "- " bullets."""
    out = []
    previous = None
    for kind, content in blocks:
        if kind == "h":
            text = f"## {content}"
        elif kind == "b":
            text = "- " + "\n".join(content)
        else:
            text = content
        if kind == "b" and previous == "b":
            out[-1] += "\n" + text  # one list, as in the minutes
        else:
            out.append(text)
        previous = kind
    return "\n\n".join(out)

