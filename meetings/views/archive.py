"""The decision archive: the decision list (and its CSV), the search page, the minutes archive."""

import csv
import datetime

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.db.models.functions import ExtractYear
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from meetings import access, mbl, secrecy
from meetings.archive import rows
from meetings.archive.filters import DecisionFilter, ItemFilter, form_fields
from meetings.models import (
    AgendaItem,
    CooperationGroup,
    Decision,
    Meeting,
    Party,
    Position,
    SecrecyMark,
)

DECISIONS_PER_PAGE = 50
RESULTS_PER_PAGE = 20


def _groups(meetings):
    return CooperationGroup.objects.filter(pk__in=meetings.values("group_id"))


def _decision_filter(request):
    meetings = access.archive_meetings(request.user)
    decisions = Decision.objects.filter(
        item__kind=AgendaItem.Kind.DECISION, item__meeting__in=meetings.values("pk")
    )
    return DecisionFilter(request.GET, queryset=decisions, groups=_groups(meetings))


def _with_contents(decisions):
    # Positions ordered by party only: their default ordering would join the
    # decision, item and meeting again just to sort.
    positions = Position.objects.select_related("party").order_by("party__kind", "party__name")
    return decisions.select_related("item__meeting__group").prefetch_related(
        Prefetch("positions", queryset=positions)
    )


@require_GET
def decision_list(request):
    """Every decision the user may read, filtered, sorted and paged by the query string."""
    decision_filter = _decision_filter(request)
    page = Paginator(decision_filter.qs.values_list(*rows.COLUMNS), DECISIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    decisions = list(page.object_list)
    snippets = decision_filter.search.snippets([row[rows.ITEM_ID] for row in decisions])
    return render(request, "archive/decision_list.html", {
        "filter": decision_filter, "filter_fields": form_fields(decision_filter.form), "page": page,
        "rows": rows.decision_rows(decisions, snippets=snippets),
    })


def _csv_cell(value):
    """Text as a spreadsheet cell; a leading = + - @ would make Excel run it as a formula."""
    value = " ".join(str(value or "").split())
    if value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


@require_GET
def decision_export(request):
    """The filtered decision list as CSV: UTF-8 with BOM and semicolons, as Excel in Swedish expects."""
    decision_filter = _decision_filter(request)
    parties = list(Party.objects.all())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"beslut-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    writer.writerow([
        _("Date"), _("Cooperation group"), _("Municipal administration"), _("Protocol"), _("Status"),
        _("Item"), _("Decision"), _("Outcome"), _("Deferred to"),
        *[party.label for party in parties],
        _("MBL"), _("May not be carried out"), _("Central negotiation"),
    ])
    mbl_states = mbl.states(decision_filter.qs)
    readable = {}  # meeting id: whether the user reads its secret parts (else the decision text is the marker)
    secret_items = dict(
        SecrecyMark.objects.filter(kind=SecrecyMark.Kind.ITEM, item__decision__in=decision_filter.qs)
        .values_list("item_id", "reference")
    )
    for decision in _with_contents(decision_filter.qs).iterator(chunk_size=500):
        meeting = decision.item.meeting
        if decision.item_id in secret_items:
            if meeting.pk not in readable:
                readable[meeting.pk] = access.can_read_secret(request.user, meeting)
            if not readable[meeting.pk]:
                secret = secrecy.marker(secret_items[decision.item_id])
                decision.text = secret
                for position in decision.positions.all():
                    position.text = secret if position.text else ""
        state = mbl_states.get(decision.pk)
        stands = {
            p.party_id: p.get_stand_display() + (f": {p.text}" if p.text else "")
            for p in decision.positions.all()
        }
        writer.writerow([_csv_cell(v) for v in [
            meeting.date.isoformat(), meeting.group.name, meeting.group.administration,
            meeting.protocol_number, meeting.get_status_display(), decision.item.title, decision.text,
            decision.get_outcome_display(), decision.deferred_to,
            *[stands.get(party.pk, "") for party in parties],
            decision.get_mbl_display() if decision.mbl else "",
            (_("Yes") if state.blocked else _("No")) if state and state.applies else "",
            _negotiation_facts(state),
        ]])
    return response


def _negotiation_facts(state):
    """"Kommunal: begärd 2026-11-20, avslutad 2026-11-27 (Enighet)" for each central negotiation."""
    if state is None:
        return ""
    facts = []
    for negotiation in state.negotiations:
        fact = _("%(party)s: requested %(date)s") % {"party": negotiation.party.label,
                                                     "date": negotiation.requested_on.isoformat()}
        if negotiation.closed_on:
            fact += ", " + _("closed %(date)s (%(outcome)s)") % {"date": negotiation.closed_on.isoformat(),
                                                                 "outcome": negotiation.outcome}
        facts.append(fact)
    if state.window_ends and not facts:
        facts.append(_("window until %(date)s") % {"date": state.window_ends.isoformat()})
    return "; ".join(facts)


@require_GET
def search(request):
    """Items of any section whose title, text, union input or decision matches the search."""
    meetings = access.archive_meetings(request.user)
    items = AgendaItem.objects.filter(meeting__in=meetings.values("pk"))
    item_filter = ItemFilter(request.GET, queryset=items, groups=_groups(meetings))
    page = None
    results = []
    if item_filter.is_valid() and item_filter.form.cleaned_data.get("q"):
        # What a result shows, not the items' whole texts: the snippet comes from the search index.
        shown = item_filter.qs.select_related("meeting__group").only(
            "title", "kind", "meeting__date", "meeting__status", "meeting__group__name",
            "meeting__group__administration",
        )
        page = Paginator(shown, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        results = list(page.object_list)
        snippets = item_filter.search.snippets([item.pk for item in results])
        meeting_url = rows.meeting_url_pattern()
        for item in results:
            item.snippet = snippets.get(item.pk)
            item.url = meeting_url.format(item.meeting_id) + f"#item-{item.pk}"
    return render(request, "archive/search.html", {
        "filter": item_filter, "filter_fields": form_fields(item_filter.form), "page": page, "results": results,
        "query": item_filter.form.cleaned_data.get("q", "") if item_filter.is_valid() else "",
    })


class ArchiveForm(forms.Form):
    group = forms.ModelChoiceField(
        label=gettext_lazy("Cooperation group"), queryset=CooperationGroup.objects.none(), required=False,
        empty_label=gettext_lazy("All groups"),
    )
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=1900, max_value=2200, required=False)

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
        self.fields["group"].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["year"].widget.attrs["class"] = "form-control form-control-sm"


@require_GET
def meeting_archive(request):
    """Adjusted minutes by group and year, each with its page and its PDF."""
    visible = Meeting.objects.filter(
        pk__in=access.visible_meetings(request.user).filter(status=Meeting.Status.ADJUSTED).values("pk")
    )
    groups = CooperationGroup.objects.filter(pk__in=visible.values("group_id"))
    form = ArchiveForm(request.GET or None, groups=groups)
    counts = (
        visible.annotate(year=ExtractYear("date"))
        .values("group_id", "year").annotate(count=Count("pk")).order_by("group_id", "-year")
    )
    group_rows = {group.pk: {"group": group, "years": []} for group in groups}
    for row in counts:
        group_rows[row["group_id"]]["years"].append((row["year"], row["count"]))
    meetings = None
    group = year = None
    if form.is_bound and form.is_valid():
        group, year = form.cleaned_data["group"], form.cleaned_data["year"]
        if group or year:
            meetings = visible.select_related("group").annotate(item_count=Count("items")).order_by(
                "group__administration", "group__name", "-date", "-pk"
            )
            if group:
                meetings = meetings.filter(group=group)
            if year:
                meetings = meetings.filter(date__gte=datetime.date(year, 1, 1), date__lte=datetime.date(year, 12, 31))
            meetings = list(meetings)
    return render(request, "archive/meeting_archive.html", {
        "form": form, "groups": list(group_rows.values()), "meetings": meetings,
        "selected_group": group, "selected_year": year,
    })
