"""Filters of the decision archive and the search page (django-filter).

Every filter lives in the query string, so a filtered list is a URL that can
be shared. The querysets given to these FilterSets are already limited to
what the user may read (search.archive_meetings).
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from meetings import mbl
from meetings.archive.search import AREA_CHOICES, MAX_QUERY_LENGTH, Search
from meetings.models import AgendaItem, CooperationGroup, Decision, Party, Position


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class ArchiveFilterSet(django_filters.FilterSet):
    """What the decision list and the search page share: text, group, dates, area."""

    q = django_filters.CharFilter(
        label=_("Search"), method="filter_search", max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    group = django_filters.ModelChoiceFilter(
        label=_("Cooperation group"), queryset=CooperationGroup.objects.none(), empty_label=_("All groups"),
        method="filter_group",
    )
    date_from = django_filters.DateFilter(label=_("From date"), method="filter_date_from", widget=DateInput())
    date_to = django_filters.DateFilter(label=_("To date"), method="filter_date_to", widget=DateInput())
    area = django_filters.ChoiceFilter(
        label=_("Operational area"), choices=AREA_CHOICES, empty_label=_("All areas"), method="filter_area",
    )

    # The path from the FilterSet's model to AgendaItem.
    item_path = ""

    def __init__(self, data=None, *args, groups=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        if groups is not None:
            self.filters["group"].queryset = groups
        self.search = Search("")  # set by filter_search when the query string holds a valid search
        for field in self.form.fields.values():
            small = "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm"
            field.widget.attrs.setdefault("class", small)

    def filter_search(self, queryset, name, value):
        self.search = Search(value)
        return self.search.filter(queryset, self.item_path)

    def filter_group(self, queryset, name, value):
        return queryset.filter(**{f"{self.item_path}meeting__group": value})

    def filter_date_from(self, queryset, name, value):
        return queryset.filter(**{f"{self.item_path}meeting__date__gte": value})

    def filter_date_to(self, queryset, name, value):
        return queryset.filter(**{f"{self.item_path}meeting__date__lte": value})

    def filter_area(self, queryset, name, value):
        return queryset.filter(**{f"{self.item_path}search__areas__contains": value})


def form_fields(form):
    """The fields of a filter form as plain data for templates/archive/_filter_form.html.

    Rendering each widget through Django's form templates costs more than the
    whole decision table; the filter form is simple enough to be written out
    directly (the template escapes every value).
    """
    fields = []
    for bound in form:
        widget = bound.field.widget
        value = bound.value()
        entry = {
            "name": bound.html_name, "id": bound.id_for_label, "label": bound.label, "errors": bound.errors,
            "css": widget.attrs.get("class", ""),
        }
        if isinstance(widget, forms.Select):
            selected = "" if value in (None, "") else str(value)
            field = bound.field
            if isinstance(field, forms.ModelChoiceField):
                # Plain iteration: Django's ModelChoiceIterator opens a server-side cursor on PostgreSQL.
                choices = [("", field.empty_label)] if field.empty_label is not None else []
                choices += [(obj.pk, field.label_from_instance(obj)) for obj in field.queryset]
            else:
                choices = field.choices
            entry["options"] = [
                (str(option_value), str(option_label), str(option_value) == selected)
                for option_value, option_label in choices
            ]
        else:
            entry["type"] = getattr(widget, "input_type", "text")
            entry["value"] = "" if value is None else (value.isoformat() if hasattr(value, "isoformat") else str(value))
            entry["maxlength"] = getattr(bound.field, "max_length", None)
        fields.append(entry)
    return fields


SORTS = {
    # key: (label, order_by)
    "-date": (_("Newest first"), ("-item__meeting__date", "item__meeting__group__name", "item__position")),
    "date": (_("Oldest first"), ("item__meeting__date", "item__meeting__group__name", "item__position")),
    "group": (_("Cooperation group"), ("item__meeting__group__name", "-item__meeting__date", "item__position")),
    "title": (_("Item title"), ("item__title", "-item__meeting__date", "item__pk")),
    "outcome": (_("Outcome"), ("outcome", "-item__meeting__date", "item__position")),
    "relevance": (_("Relevance (with a search)"), ("-item__meeting__date", "item__meeting__group__name", "item__position")),
}


BLOCKED = "blocked"


class DecisionFilter(ArchiveFilterSet):
    """The decision list: decisions printed in the minutes (on Beslut items)."""

    item_path = "item__"

    outcome = django_filters.ChoiceFilter(
        label=_("Outcome"), choices=Decision.Outcome.choices, empty_label=_("All outcomes"),
    )
    party = django_filters.ModelChoiceFilter(
        label=_("Party"), queryset=Party.objects.all(), empty_label=_("Any party"), method="filter_nothing",
    )
    stand = django_filters.ChoiceFilter(
        label=_("Position"), choices=Position.Stand.choices, empty_label=_("Any position"),
        method="filter_nothing",
    )
    mbl = django_filters.ChoiceFilter(
        label=_("MBL"), empty_label=_("All decisions"), method="filter_mbl",
        choices=[(BLOCKED, _("May not be carried out")), *[c for c in Decision.Mbl.choices if c[0]]],
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=[(key, label) for key, (label, _order) in SORTS.items()],
        empty_label=None, method="filter_nothing",
    )

    class Meta:
        model = Decision
        fields = []

    def filter_mbl(self, queryset, name, value):
        """§11 or §19 decisions; or those that may not be carried out today (meetings.mbl)."""
        if value == BLOCKED:
            return queryset.filter(pk__in=mbl.blocked_ids(queryset))
        return queryset.filter(mbl=value)

    def filter_nothing(self, queryset, name, value):
        # Party and position go together ("SSR disagreed"), and sorting comes
        # last: both are applied in filter_queryset.
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        party, stand = data.get("party"), data.get("stand")
        if party or stand:
            positions = Position.objects.filter(decision=OuterRef("pk"))
            if party:
                positions = positions.filter(party=party)
            if stand:
                positions = positions.filter(stand=stand)
            queryset = queryset.filter(Exists(positions))
        sort = data.get("sort") or ("relevance" if self.search else "-date")
        order = SORTS[sort][1]
        if sort == "relevance":
            return self.search.by_relevance(queryset, self.item_path, then=order)
        return queryset.order_by(*order)


class ItemFilter(ArchiveFilterSet):
    """The search page: items of any section."""

    kind = django_filters.ChoiceFilter(
        label=_("Section"), choices=AgendaItem.Kind.choices, empty_label=_("All sections"),
    )

    class Meta:
        model = AgendaItem
        fields = []

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return self.search.by_relevance(queryset, "", then=("-meeting__date", "meeting__group__name", "position"))
