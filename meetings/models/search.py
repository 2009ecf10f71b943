"""The search text of each agenda item, for the decision archive.

One row per item holds the item's title, text, union inputs and decision as
plain text. On PostgreSQL `vector` is a stored tsvector (the `swedish`
configuration) under a GIN index; on SQLite it stays empty and searches fall
back to substring matching on `document`.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from meetings.models.core import AgendaItem


class ItemSearch(models.Model):
    item = models.OneToOneField(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, primary_key=True,
        related_name="search",
    )
    title = models.TextField(_("title"), blank=True)
    document = models.TextField(_("searchable text"), blank=True)
    areas = models.CharField(
        _("operational areas"), max_length=300, blank=True,
        help_text=_("The operational areas the item mentions, space-separated, e.g. “BUF Vuxen”."),
    )
    vector = SearchVectorField(_("search vector"), null=True, editable=False)

    class Meta:
        ordering = ["item_id"]
        verbose_name = _("search text")
        verbose_name_plural = _("search texts")

    def __str__(self):
        return self.title
