"""The search text of agenda items (ItemSearch): keeping it up to date, and searching it.

`index_meeting(meeting)` rewrites the rows of every item of a meeting; the
services call it after each change to the minutes' content, and the importer
and the archive generator after they write. `rebuild_index()` rewrites every
row (`manage.py reindex_search`). On PostgreSQL the stored tsvector is
recomputed in the same transaction (configuration `swedish`; the title weighs
more than the text) and searched through its GIN index, ranked with
SearchRank; snippets come from SearchHeadline, for the rows shown only. On
SQLite, a plain fallback finds every word as a case-insensitive substring
(å, ä and ö included).

The operational areas (BUF, Vuxen, GR/GM, UU) are listed once, in AREAS; an
item's areas are the ones its sub-headings ("## BUF"), title or texts name.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import F, Func, Prefetch, TextField, Value
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from meetings import secrecy
from meetings.models import AgendaItem, ItemSearch, Position, SecrecyMark
from meetings.text import paragraphs

SEARCH_CONFIG = "swedish"

# Highlight markers in snippets: private-use characters, removed from every
# indexed text, so only the database's (or our) highlights carry them. The
# snippet is escaped first and the markers become <mark> afterwards.
START_SEL = "\ue000"
STOP_SEL = "\ue001"
_MARKERS = str.maketrans("", "", START_SEL + STOP_SEL)

MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class Area:
    code: str
    label: str
    patterns: tuple

    def found_in(self, text):
        return any(re.search(pattern, text) for pattern in self.patterns)


# The operational areas, in the order of the dropdowns. Codes never contain one
# another, so `areas__contains=code` is exact. Abbreviations match as whole
# words with their case; names also as the start of a longer word
# ("Vuxenverksamheten").
AREAS = (
    Area("BUF", _("BUF – Children, youth and family"), (r"\bBUF\b", r"(?i)\bbarn,? unga och familj")),
    Area("Vuxen", _("Vuxen – Adults"), (r"\bVuxen", r"\bVUXEN\b")),
    Area("GR", _("GR/GM – Common resources"), (r"\bGR\b", r"\bGM\b", r"(?i)\bgemensamma resurser\b")),
    Area("UU", _("UU – Investigation unit"), (r"\bUU\b", r"(?i)\butredningsenhet")),
)
AREA_CHOICES = [(area.code, area.label) for area in AREAS]


def item_areas(title, document):
    """The codes of the areas named in an item's title or text, space-separated."""
    text = f"{title}\n{document}"
    return " ".join(area.code for area in AREAS if area.found_in(text))


def item_document(item):
    """Everything searchable of one item except its title, as plain text.

    Sub-headings ("## BUF") come out as their own lines; the highlight
    markers are removed.
    """
    parts = [item.presenter, *paragraphs(item.body)]
    for union_input in item.union_inputs.all():
        parts += [union_input.party.name if union_input.party else "", *paragraphs(union_input.text)]
    decision = getattr(item, "decision", None) if item.kind == AgendaItem.Kind.DECISION else None
    if decision is not None:
        parts += paragraphs(decision.text)
        parts.append(decision.deferred_to)
        for position in decision.positions.all():
            parts += [position.party.name, position.text]
    return "\n".join(part for part in parts if part).translate(_MARKERS)


def _items_with_contents():
    return AgendaItem.objects.select_related("decision").prefetch_related(
        "union_inputs__party",
        Prefetch("decision__positions", queryset=Position.objects.select_related("party")),
    )


def _write(items):
    # The index holds the public text only: secret parts are the marker (meetings.secrecy).
    items = secrecy.redact_items(items, SecrecyMark.objects.filter(meeting_id__in={i.meeting_id for i in items}))
    rows = []
    for item in items:
        title = item.title.translate(_MARKERS)
        document = item_document(item)
        rows.append(ItemSearch(item=item, title=title, document=document, areas=item_areas(title, document)))
    ItemSearch.objects.bulk_create(
        rows, batch_size=1000, update_conflicts=True, unique_fields=["item"],
        update_fields=["title", "document", "areas"],
    )


def _update_vectors(rows):
    if connection.vendor == "postgresql":
        rows.update(
            vector=SearchVector("title", weight="A", config=Value(SEARCH_CONFIG))
            + SearchVector("document", weight="B", config=Value(SEARCH_CONFIG))
        )


def index_meeting(meeting):
    """(Re)write the search rows of every item of `meeting`."""
    items = list(_items_with_contents().filter(meeting_id=meeting.pk))
    ItemSearch.objects.filter(item__meeting_id=meeting.pk).exclude(item__in=items).delete()
    _write(items)
    _update_vectors(ItemSearch.objects.filter(item__meeting_id=meeting.pk))


def rebuild_index(*, meeting_ids=None, batch_size=2000):
    """(Re)write the search rows of all items (or of the meetings `meeting_ids`); returns how many."""
    items = AgendaItem.objects.all()
    if meeting_ids is not None:
        items = items.filter(meeting_id__in=meeting_ids)
    ids = list(items.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        chunk = ids[start:start + batch_size]
        _write(_items_with_contents().filter(pk__in=chunk))
        _update_vectors(ItemSearch.objects.filter(pk__in=chunk))
    return len(ids)


# --- Searching ----------------------------------------------------------------


def search_words(text):
    """The words of a query for the SQLite fallback: quotes and operators dropped, folded."""
    words = re.findall(r"[^\s\"]+", text or "")
    return [w.casefold() for w in words if w.strip("-").lower() != "or" and w.strip("-")]


def _casefold_sqlite():
    # SQLite's LIKE and lower() fold ASCII only; Python's casefold also folds Å Ä Ö.
    connection.ensure_connection()
    connection.connection.create_function("samverkan_casefold", 1, _fold, deterministic=True)


def _fold(value):
    return value.casefold() if value is not None else None


class Search:
    """A full-text search over items, as a filter on any queryset reaching ItemSearch.

    `prefix` is the path from the queryset's model to AgendaItem ("" for
    items, "item__" for decisions).
    """

    def __init__(self, text):
        self.text = (text or "").strip()[:MAX_QUERY_LENGTH]
        self.postgres = connection.vendor == "postgresql"
        self.query = SearchQuery(self.text, config=SEARCH_CONFIG, search_type="websearch") if self.postgres else None

    def __bool__(self):
        return bool(self.text)

    def filter(self, queryset, prefix=""):
        if not self:
            return queryset
        if self.postgres:
            return queryset.filter(**{f"{prefix}search__vector": self.query})
        _casefold_sqlite()
        words = search_words(self.text)
        if not words:
            return queryset.none()
        queryset = queryset.annotate(
            _search_text=Func(
                Concat(F(f"{prefix}search__title"), Value("\n"), F(f"{prefix}search__document"),
                       output_field=TextField()),
                function="samverkan_casefold", output_field=TextField(),
            )
        )
        for word in words:
            if word.startswith("-"):  # websearch syntax: "-word" excludes
                queryset = queryset.exclude(_search_text__contains=word.lstrip("-"))
            else:
                queryset = queryset.filter(_search_text__contains=word)
        return queryset

    def by_relevance(self, queryset, prefix="", then=()):
        """Best matches first on PostgreSQL (SearchRank); newest first on SQLite."""
        if self and self.postgres:
            return queryset.annotate(
                rank=SearchRank(F(f"{prefix}search__vector"), self.query)
            ).order_by("-rank", *then)
        return queryset.order_by(*then)

    def snippets(self, item_ids):
        """{item id: safe HTML snippet with <mark> around the hits}, for the given items only."""
        if not self or not item_ids:
            return {}
        if self.postgres:
            rows = ItemSearch.objects.filter(pk__in=item_ids).order_by().annotate(
                snippet=SearchHeadline(
                    "document", self.query, config=SEARCH_CONFIG, start_sel=START_SEL, stop_sel=STOP_SEL,
                    max_words=30, min_words=12, max_fragments=2, fragment_delimiter=" … ",
                )
            ).values_list("pk", "snippet", "document")
            return {pk: highlight_markup(snippet) for pk, snippet, document in rows if document}
        rows = ItemSearch.objects.filter(pk__in=item_ids).order_by().values_list("pk", "document")
        words = search_words(self.text)
        return {pk: highlight_markup(plain_snippet(document, words)) for pk, document in rows if document}


def plain_snippet(document, words, *, before=80, after=180):
    """A window of `document` around the first hit, hits wrapped in the markers (SQLite)."""
    words = [w for w in words if not w.startswith("-")]
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE) if words else None
    match = pattern.search(document) if pattern else None
    start = max(0, match.start() - before) if match else 0
    end = min(len(document), (match.end() if match else 0) + after)
    if start > 0:
        start = document.find(" ", start, match.start() if match else end) + 1 or start
    if end < len(document):
        cut = document.rfind(" ", match.end() if match else start, end)
        end = cut if cut > 0 else end
    window = " ".join(document[start:end].split())
    if pattern:
        window = pattern.sub(lambda m: f"{START_SEL}{m.group(0)}{STOP_SEL}", window)
    return ("… " if start > 0 else "") + window + (" …" if end < len(document) else "")


def highlight_markup(snippet):
    """Escape a snippet, then turn the highlight markers into <mark> (nothing else is markup)."""
    html = escape(" ".join((snippet or "").split()))
    opened = False
    out = []
    for char in html:
        if char == START_SEL and not opened:
            out.append("<mark>")
            opened = True
        elif char == STOP_SEL and opened:
            out.append("</mark>")
            opened = False
        elif char not in (START_SEL, STOP_SEL):
            out.append(char)
    if opened:
        out.append("</mark>")
    return mark_safe("".join(out))
