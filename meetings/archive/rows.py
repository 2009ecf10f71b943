"""Decisions as the rows of a list: the decision list and the start page's latest decisions.

A row is plain data read with `values_list`, not model objects: a page holds
up to 50 decisions and some 200 positions, and model objects for them would
cost more than the rest of the page (the CSV export, which shows everything,
uses model objects).
"""

from django.urls import reverse

from meetings import mbl
from meetings.models import Decision, Meeting, Position

# What a row shows; `decision_rows` takes tuples of these.
COLUMNS = (
    "pk", "outcome", "deferred_to", "mbl", "item_id", "item__title", "item__meeting_id", "item__meeting__date",
    "item__meeting__status", "item__meeting__group__name", "item__meeting__group__administration",
)
ITEM_ID = COLUMNS.index("item_id")


def meeting_url_pattern():
    """The meeting page's URL with "{}" for the id: reversed once for a whole list, not once a row."""
    return reverse("meetings:meeting_detail", args=[0]).replace("/0/", "/{}/")


def label(choices):
    """A choice's label, translated once per list (get_FOO_display costs more on every row)."""
    labels = {value: str(text) for value, text in choices}
    return labels.get


def stands(decision_ids):
    """{decision id: [(party label, position)]}, the employer first, then the unions by name."""
    stand_label = label(Position.Stand.choices)
    found = {}
    rows = (
        Position.objects.filter(decision_id__in=decision_ids)
        .order_by("party__kind", "party__name").values_list("decision_id", "party__short_name", "party__name", "stand")
    )
    for decision_id, short_name, name, stand in rows:
        found.setdefault(decision_id, []).append((short_name or name, stand_label(stand).lower()))
    return found


def decision_rows(decisions, *, snippets=None):
    """Rows (dicts) for `decisions`, tuples of COLUMNS; `snippets`: {item id: search snippet}."""
    snippets = snippets or {}
    found_stands = stands([row[0] for row in decisions])
    # Only §11 negotiations can be held back ("Får inte verkställas"); most lists have none.
    negotiations = [row[0] for row in decisions if row[3] == Decision.Mbl.NEGOTIATION]
    mbl_states = mbl.states(Decision.objects.filter(pk__in=negotiations)) if negotiations else {}
    outcome_label, status_label = label(Decision.Outcome.choices), label(Meeting.Status.choices)
    meeting_url = meeting_url_pattern()
    rows = []
    for pk, outcome, deferred_to, _mbl, item_id, title, meeting_id, date, status, group, administration in decisions:
        rows.append({
            "date": date.isoformat(), "group": group, "administration": administration,
            "url": meeting_url.format(meeting_id) + f"#item-{item_id}", "title": title,
            "status": status_label(status) if status != Meeting.Status.ADJUSTED else "",
            "snippet": snippets.get(item_id), "outcome": outcome_label(outcome), "deferred_to": deferred_to,
            "stands": found_stands.get(pk, []), "mbl_blocked": pk in mbl_states and mbl_states[pk].blocked,
        })
    return rows
