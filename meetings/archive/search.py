"""The search text of agenda items (ItemSearch): keeping it up to date, and searching it.

`index_meeting(meeting)` rewrites the rows of every item of a meeting; the
services call it after each change to the minutes' content, and the importer
and the archive generator after they write. `rebuild_index()` rewrites every
row (`manage.py reindex_search`). On PostgreSQL the stored tsvector is
recomputed in the same transaction (configuration `swedish`; the title weighs
more than the text) and searched through its GIN index, ranked with
SearchRank; snippets come from SearchHeadline, for the rows shown only. On
SQLite an FTS5 table (`meetings_itemsearch_fts`, created by migration 0017 on
SQLite only, rowid = the item's id) holds the same texts as Swedish Snowball
stems (snowballstemmer), written by the same index writer; the query's words
are stemmed the same way, so "Provanställningarna" finds "provanställning" on
both databases.

The query language is the same on both (`search_expression`): every word must
occur (in any inflection), `"exakt fras"`, `-utan`, `a or b`, and `provanst*`
for every word beginning so; the last word is also matched as a prefix while
it is being typed.

The operational areas (BUF, Vuxen, GR/GM, UU) are listed once, in AREAS; an
item's areas are the ones its sub-headings ("## BUF"), title or texts name.
"""

import re
from dataclasses import dataclass

import snowballstemmer
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import F, Prefetch, Value
from django.db.models.expressions import RawSQL
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


FTS_TABLE = "meetings_itemsearch_fts"
_stemmer = snowballstemmer.stemmer("swedish")
WORD = re.compile(r"\w+")


def stem(word):
    """The Swedish Snowball stem of one word, case-folded ("Provanställningarna" → "provanställning")."""
    return _stemmer.stemWord(word.casefold())


def stemmed_text(text):
    """Every word of `text` as its stem, space-separated: what the FTS5 table holds (SQLite)."""
    return " ".join(stem(word) for word in WORD.findall(text or ""))


def _uses_fts():
    return connection.vendor == "sqlite"


def _write_fts(rows):
    """Replace the FTS5 rows of these ItemSearch rows (SQLite)."""
    if not _uses_fts() or not rows:
        return
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 500):
            chunk = rows[start:start + 500]
            ids = [row.item_id for row in chunk]
            cursor.execute(
                f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({', '.join('%s' for _ in ids)})", ids
            )
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, title, document) VALUES (%s, %s, %s)",
                [(row.item_id, stemmed_text(row.title), stemmed_text(row.document)) for row in chunk],
            )


def _drop_stale_fts():
    """Remove FTS5 rows whose item is gone (deleted items, deleted drafts)."""
    if _uses_fts():
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {FTS_TABLE} WHERE rowid NOT IN (SELECT item_id FROM meetings_itemsearch)"
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
    _write_fts(rows)


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
    _drop_stale_fts()
    _write(items)
    _update_vectors(ItemSearch.objects.filter(item__meeting_id=meeting.pk))


def rebuild_index(*, meeting_ids=None, batch_size=2000):
    """(Re)write the search rows of all items (or of the meetings `meeting_ids`); returns how many."""
    items = AgendaItem.objects.all()
    if meeting_ids is not None:
        items = items.filter(meeting_id__in=meeting_ids)
    ids = list(items.order_by("pk").values_list("pk", flat=True))
    _drop_stale_fts()
    for start in range(0, len(ids), batch_size):
        chunk = ids[start:start + batch_size]
        _write(_items_with_contents().filter(pk__in=chunk))
        _update_vectors(ItemSearch.objects.filter(pk__in=chunk))
    return len(ids)


# --- Searching ----------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One part of a query: a word, a phrase (several words) or a prefix; maybe excluded."""

    words: tuple
    prefix: bool = False
    negated: bool = False


def parse_query(text):
    """The query as [[Term, …], …]: the outer list is AND, each inner list OR.

    Web-search syntax on both databases: words (all must occur), `"a phrase"`,
    `-word` (excluded), `a or b`, `word*` (every word beginning so). The last
    word, when not quoted, excluded or already a prefix, is also a prefix: the
    search finds what is being typed.
    """
    clauses, join_next = [], False
    for match in re.finditer(r'(-?)"([^"]*)"?|(\S+)', (text or "")[:MAX_QUERY_LENGTH]):
        if match.group(3) is not None:
            token = match.group(3)
            if token.casefold() == "or":
                join_next = bool(clauses)
                continue
            negated = token.startswith("-")
            token = token.lstrip("-")
            prefix = token.endswith("*")
            words = tuple(word.casefold() for word in WORD.findall(token))
            term = Term(words[-1:] if prefix else words, prefix=prefix, negated=negated) if words else None
            if term is not None and len(words) > 1 and not prefix:
                term = Term(words, negated=negated)  # "covid-19" → the phrase "covid 19"
        else:
            words = tuple(word.casefold() for word in WORD.findall(match.group(2)))
            term = Term(words, negated=bool(match.group(1))) if words else None
        if term is None:
            continue
        if join_next and not term.negated and not clauses[-1][0].negated:
            clauses[-1].append(term)
        else:
            clauses.append([term])
        join_next = False
    # The automatic prefix on the last word typed.
    if clauses:
        last = clauses[-1][-1]
        typed = (text or "")[:MAX_QUERY_LENGTH].rstrip()
        if not last.negated and not last.prefix and len(last.words) == 1 and re.search(r"\w$", typed):
            clauses[-1][-1] = Term(last.words, prefix=True)
    return clauses


def _fts_term(term):
    if term.prefix:
        (word,) = term.words
        # The typed start, and its stem (a stem may be shorter than what was typed).
        options = {f'"{word}"*', f'"{stem(word)}"*'}
        return "(" + " OR ".join(sorted(options)) + ")"
    return '"' + " ".join(stem(word) for word in term.words) + '"'


def fts_expression(clauses):
    """The FTS5 MATCH expression of a parsed query (SQLite), or None when nothing is sought."""
    positive = [c for c in clauses if not c[0].negated]
    negative = [c[0] for c in clauses if c[0].negated]
    if not positive:
        return None
    expression = " AND ".join("(" + " OR ".join(_fts_term(t) for t in clause) + ")" for clause in positive)
    if negative:
        expression = f"({expression}) NOT (" + " OR ".join(_fts_term(t) for t in negative) + ")"
    return expression


def _ts_term(term):
    if term.prefix:
        return f"{term.words[0]}:*"
    return "(" + " <-> ".join(term.words) + ")"


def tsquery_expression(clauses):
    """The to_tsquery() text of a parsed query (PostgreSQL), or None when nothing is sought.

    Every word is \\w+ only, so nothing typed can become an operator.
    """
    positive = [c for c in clauses if not c[0].negated]
    if not positive:
        return None
    parts = ["(" + " | ".join(_ts_term(t) for t in clause) + ")" for clause in positive]
    parts += [f"!{_ts_term(c[0])}" for c in clauses if c[0].negated]
    return " & ".join(parts)


def search_words(text):
    """The words a snippet highlights: those sought (not excluded), folded."""
    return [word for clause in parse_query(text) for term in clause if not term.negated for word in term.words]


class Search:
    """A full-text search over items, as a filter on any queryset reaching ItemSearch.

    `prefix` is the path from the queryset's model to AgendaItem ("" for
    items, "item__" for decisions).
    """

    def __init__(self, text):
        self.text = (text or "").strip()[:MAX_QUERY_LENGTH]
        self.postgres = connection.vendor == "postgresql"
        self.clauses = parse_query(self.text)
        self.query = None
        if self.postgres:
            expression = tsquery_expression(self.clauses)
            if expression:
                self.query = SearchQuery(expression, config=SEARCH_CONFIG, search_type="raw")

    def __bool__(self):
        return bool(self.text)

    def filter(self, queryset, prefix=""):
        if not self:
            return queryset
        if self.postgres:
            if self.query is None:
                return queryset.none()
            return queryset.filter(**{f"{prefix}search__vector": self.query})
        expression = fts_expression(self.clauses)
        if expression is None:
            return queryset.none()
        matches = RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [expression])
        # Through the search row: an item without one (not yet indexed) is not found, as on PostgreSQL.
        return queryset.filter(**{f"{prefix}search__pk__in": matches})

    def by_relevance(self, queryset, prefix="", then=()):
        """Best matches first on PostgreSQL (SearchRank); newest first on SQLite."""
        if self and self.postgres and self.query is not None:
            return queryset.annotate(
                rank=SearchRank(F(f"{prefix}search__vector"), self.query)
            ).order_by("-rank", *then)
        return queryset.order_by(*then)

    def snippets(self, item_ids):
        """{item id: safe HTML snippet with <mark> around the hits}, for the given items only."""
        if not self or not item_ids:
            return {}
        if self.postgres:
            if self.query is None:
                return {}
            rows = ItemSearch.objects.filter(pk__in=item_ids).order_by().annotate(
                snippet=SearchHeadline(
                    "document", self.query, config=SEARCH_CONFIG, start_sel=START_SEL, stop_sel=STOP_SEL,
                    max_words=30, min_words=12, max_fragments=2, fragment_delimiter=" … ",
                )
            ).values_list("pk", "snippet", "document")
            return {pk: highlight_markup(snippet) for pk, snippet, document in rows if document}
        rows = ItemSearch.objects.filter(pk__in=item_ids).order_by().values_list("pk", "document")
        sought = [t for clause in self.clauses for t in clause if not t.negated]
        return {pk: highlight_markup(plain_snippet(document, sought)) for pk, document in rows if document}


def _is_hit(word, terms):
    folded = word.casefold()
    stemmed = stem(folded)
    for term in terms:
        for sought in term.words:
            if term.prefix and (folded.startswith(sought) or stemmed.startswith(stem(sought))):
                return True
            if stemmed == stem(sought):
                return True
    return False


def plain_snippet(document, terms, *, before=80, after=180):
    """A window of `document` around the first hit, every word found (any inflection) wrapped in the markers (SQLite)."""
    hits = [m for m in WORD.finditer(document) if _is_hit(m.group(0), terms)] if terms else []
    first = hits[0] if hits else None
    start = max(0, first.start() - before) if first else 0
    end = min(len(document), (first.end() if first else 0) + after)
    if start > 0:
        start = document.find(" ", start, first.start() if first else end) + 1 or start
    if end < len(document):
        cut = document.rfind(" ", first.end() if first else start, end)
        end = cut if cut > 0 else end
    pieces, position = [], start
    for hit in hits:
        if hit.start() < start or hit.end() > end:
            continue
        pieces += [document[position:hit.start()], START_SEL, hit.group(0), STOP_SEL]
        position = hit.end()
    pieces.append(document[position:end])
    window = " ".join("".join(pieces).split())
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
