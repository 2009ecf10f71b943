"""Keeping the search text of agenda items (ItemSearch) up to date.

`index_meeting(meeting)` rewrites the rows of every item of a meeting; the
services call it after each change to the minutes' content, and the importer
and the archive generator after they write. On PostgreSQL the stored tsvector
is recomputed in the same statement (configuration `swedish`; the title
weighs more than the text).
"""

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import Prefetch, Value

from meetings.models import AgendaItem, ItemSearch, Position
from meetings.text import paragraphs

SEARCH_CONFIG = "swedish"


def item_document(item):
    """Everything searchable of one item except its title, as plain text."""
    parts = [item.presenter, *paragraphs(item.body)]
    for union_input in item.union_inputs.all():
        parts += [union_input.party.name if union_input.party else "", *paragraphs(union_input.text)]
    decision = getattr(item, "decision", None) if item.kind == AgendaItem.Kind.DECISION else None
    if decision is not None:
        parts += paragraphs(decision.text)
        parts.append(decision.deferred_to)
        for position in decision.positions.all():
            parts += [position.party.name, position.text]
    return "\n".join(part for part in parts if part)


def index_meeting(meeting):
    """(Re)write the search rows of every item of `meeting`."""
    items = list(
        AgendaItem.objects.filter(meeting_id=meeting.pk)
        .select_related("decision")
        .prefetch_related(
            "union_inputs__party",
            Prefetch("decision__positions", queryset=Position.objects.select_related("party")),
        )
    )
    ItemSearch.objects.filter(item__meeting_id=meeting.pk).exclude(item__in=items).delete()
    rows = [ItemSearch(item=item, title=item.title, document=item_document(item)) for item in items]
    ItemSearch.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["item"], update_fields=["title", "document"]
    )
    if connection.vendor == "postgresql":
        ItemSearch.objects.filter(item__meeting_id=meeting.pk).update(
            vector=SearchVector("title", weight="A", config=Value(SEARCH_CONFIG))
            + SearchVector("document", weight="B", config=Value(SEARCH_CONFIG))
        )
