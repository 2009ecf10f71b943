"""What changed between two versions of the minutes, from their canonical content.

`compare(old, new)` takes two Meeting.canonical_content() structures (a
SignedVersion's stored JSON, or the minutes as they are now) and gives:

- the meeting's fields that changed;
- per item: word-level insertions and deletions in the title, presenter,
  text, union inputs and decision, with the changed position or section;
- items added, removed and moved;
- adjusters and attachments added or removed.

Word differences are lists of (op, text) with op "equal", "insert" or
"delete"; templates render them as <ins>/<del> with visually hidden labels,
so colour is never the only signal.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

TOKEN = re.compile(r"\s+|\w+|[^\w\s]")

MEETING_FIELDS = [
    ("group", _("cooperation group")), ("administration", _("administration")), ("date", _("date")),
    ("start_time", _("start time")), ("end_time", _("end time")), ("place", _("place")),
    ("protocol_number", _("protocol number")), ("dnr", _("registry number (DNR)")),
    ("document_date", _("document date")), ("chair", _("chair")), ("secretary", _("secretary")),
    ("closing_text", _("closing text")),
]


def word_diff(old, new):
    """[(op, text)] turning `old` into `new`, word by word; equal runs merged."""
    a, b = TOKEN.findall(old or ""), TOKEN.findall(new or "")
    result = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            result.append(("equal", "".join(a[i1:i2])))
        else:
            if i2 > i1:
                result.append(("delete", "".join(a[i1:i2])))
            if j2 > j1:
                result.append(("insert", "".join(b[j1:j2])))
    return result


def _changed(segments):
    return any(op != "equal" for op, _text in segments)


def _union_text(item):
    parts = []
    for union_input in item.get("union_inputs") or []:
        party = union_input.get("party")
        label = (party.get("short_name") or party.get("name")) if party else str(_("The unions jointly"))
        parts.append(f"{label}: {union_input.get('text', '')}")
    return "\n\n".join(parts)


def _decision_text(item):
    decision = item.get("decision")
    if not decision:
        return ""
    lines = [decision.get("text", ""), f"[{decision.get('outcome', '')}]"]
    for key in ("deferred_to", "effective_date", "follow_up_date"):
        if decision.get(key):
            lines.append(f"{key}: {decision[key]}")
    for position in decision.get("positions") or []:
        text = f" – {position['text']}" if position.get("text") else ""
        lines.append(f"{position['party']['name']}: {position['stand']}{text}")
    return "\n".join(lines)


@dataclass
class ItemChange:
    title: str
    status: str  # "changed", "added", "removed"
    old_position: object = None
    new_position: object = None
    old_kind: str = ""
    new_kind: str = ""
    moved: bool = False
    parts: list = field(default_factory=list)  # (label, segments)


@dataclass
class Comparison:
    meeting_fields: list = field(default_factory=list)  # (label, segments)
    items: list = field(default_factory=list)
    adjusters_added: list = field(default_factory=list)
    adjusters_removed: list = field(default_factory=list)
    attachments_added: list = field(default_factory=list)
    attachments_removed: list = field(default_factory=list)

    @property
    def has_changes(self):
        return bool(self.meeting_fields or self.items or self.adjusters_added or self.adjusters_removed
                    or self.attachments_added or self.attachments_removed)


def _match_items(old_items, new_items):
    """Pairs (old index, new index): same title first, then the most similar remaining text."""
    pairs, used = [], set()
    for i, old in enumerate(old_items):
        for j, new in enumerate(new_items):
            if j not in used and new["title"] == old["title"]:
                pairs.append((i, j))
                used.add(j)
                break
    matched_old = {i for i, _j in pairs}
    for i, old in enumerate(old_items):
        if i in matched_old:
            continue
        best, best_ratio = None, 0.6
        for j, new in enumerate(new_items):
            if j in used:
                continue
            ratio = difflib.SequenceMatcher(None, old["title"] + old["body"], new["title"] + new["body"]).ratio()
            if ratio > best_ratio:
                best, best_ratio = j, ratio
        if best is not None:
            pairs.append((i, best))
            used.add(best)
    return sorted(pairs)


def _moved(pairs):
    """The new indexes of matched items that left the common order (not in the longest increasing run)."""
    news = [j for _i, j in sorted(pairs)]
    if not news:
        return set()
    best = [1] * len(news)
    previous = [-1] * len(news)
    for k in range(len(news)):
        for m in range(k):
            if news[m] < news[k] and best[m] + 1 > best[k]:
                best[k], previous[k] = best[m] + 1, m
    k = max(range(len(news)), key=lambda n: best[n])
    keep = set()
    while k != -1:
        keep.add(news[k])
        k = previous[k]
    return set(news) - keep


def compare(old, new):
    """The Comparison of two canonical contents (old first)."""
    result = Comparison()
    for key, label in MEETING_FIELDS:
        if (old.get(key) or "") != (new.get(key) or ""):
            result.meeting_fields.append((label, word_diff(str(old.get(key) or ""), str(new.get(key) or ""))))
    old_items, new_items = old.get("items") or [], new.get("items") or []
    pairs = _match_items(old_items, new_items)
    moved = _moved(pairs)
    matched_new = {j for _i, j in pairs}
    matched_old = {i for i, _j in pairs}
    changes = []
    for i, j in pairs:
        a, b = old_items[i], new_items[j]
        change = ItemChange(title=b["title"], status="changed", old_position=a["position"],
                            new_position=b["position"], old_kind=a["kind"], new_kind=b["kind"], moved=j in moved)
        for label, before, after in (
            (_("title"), a["title"], b["title"]),
            (_("presenter"), a.get("presenter", ""), b.get("presenter", "")),
            (_("text"), a.get("body", ""), b.get("body", "")),
            (_("union input"), _union_text(a), _union_text(b)),
            (_("decision"), _decision_text(a), _decision_text(b)),
        ):
            if before != after:
                change.parts.append((label, word_diff(before, after)))
        if change.parts or change.moved or a["kind"] != b["kind"] or a["position"] != b["position"]:
            changes.append((b["position"], change))
    for j, b in enumerate(new_items):
        if j not in matched_new:
            change = ItemChange(title=b["title"], status="added", new_position=b["position"], new_kind=b["kind"])
            change.parts = [(label, word_diff("", text)) for label, text in (
                (_("text"), b.get("body", "")), (_("union input"), _union_text(b)), (_("decision"), _decision_text(b)),
            ) if text]
            changes.append((b["position"], change))
    for i, a in enumerate(old_items):
        if i not in matched_old:
            change = ItemChange(title=a["title"], status="removed", old_position=a["position"], old_kind=a["kind"])
            change.parts = [(label, word_diff(text, "")) for label, text in (
                (_("text"), a.get("body", "")), (_("union input"), _union_text(a)), (_("decision"), _decision_text(a)),
            ) if text]
            changes.append((a["position"], change))
    result.items = [change for _position, change in sorted(changes, key=lambda c: c[0])]

    def adjusters(content):
        return {(a["name"], a["party"]["name"]) for a in content.get("adjusters") or []}

    result.adjusters_added = sorted(adjusters(new) - adjusters(old))
    result.adjusters_removed = sorted(adjusters(old) - adjusters(new))

    def attachments(content):
        return {(a["title"], a["sha256"]) for a in content.get("attachments") or []}

    result.attachments_added = sorted(title for title, _sha in attachments(new) - attachments(old))
    result.attachments_removed = sorted(title for title, _sha in attachments(old) - attachments(new))
    return result
