"""The decision archive: search, filters, statistics charts.

- search: the search text of every item (ItemSearch), full-text search on
  PostgreSQL and SQLite, snippets, and the operational areas;
- filters: the filter forms of the decision list and the search (django-filter);
- charts: the statistics page's inline SVG charts.

What a reader may see of the archive is decided in meetings.access.
"""
