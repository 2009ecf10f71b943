"""Statistics of the decision archive, drawn as inline SVG charts with their data tables."""

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from meetings import access
from meetings.archive.charts import bar_chart, line_chart
from meetings.models import (
    AgendaItem,
    CooperationGroup,
    Decision,
    Meeting,
    Party,
    Position,
)


@require_GET
def statistics(request):
    """Decisions per year and group, the share where all parties agreed, disagreements per union.

    Counts decisions of adjusted minutes the user may read (drafts are not final).
    """
    meetings = access.visible_meetings(request.user).filter(status=Meeting.Status.ADJUSTED)
    decisions = Decision.objects.filter(
        item__kind=AgendaItem.Kind.DECISION, item__meeting__in=meetings.values("pk")
    ).annotate(year=ExtractYear("item__meeting__date"))

    per_group = list(
        decisions.values("year", "item__meeting__group").annotate(count=Count("pk")).order_by("year")
    )
    per_year = list(
        decisions.values("year").annotate(
            total=Count("pk"), agreed=Count("pk", filter=Q(outcome=Decision.Outcome.AGREED))
        ).order_by("year")
    )
    disagreements = list(
        Position.objects.filter(
            decision__in=decisions.values("pk"), stand=Position.Stand.DISAGREE, party__kind=Party.Kind.UNION
        ).annotate(year=ExtractYear("decision__item__meeting__date"))
        .values("year", "party").annotate(count=Count("pk")).order_by("year")
    )
    years = [row["year"] for row in per_year]
    groups = list(CooperationGroup.objects.filter(pk__in={row["item__meeting__group"] for row in per_group}))
    unions = list(Party.objects.filter(kind=Party.Kind.UNION))

    counts = {(row["year"], row["item__meeting__group"]): row["count"] for row in per_group}
    group_series = [(str(group), [counts.get((year, group.pk), 0) for year in years]) for group in groups]
    shares = [round(100 * row["agreed"] / row["total"], 1) if row["total"] else 0 for row in per_year]
    disagreed = {(row["year"], row["party"]): row["count"] for row in disagreements}
    union_series = [(union.label, [disagreed.get((year, union.pk), 0) for year in years]) for union in unions]

    charts = []
    if years:
        charts = [
            {
                "id": "per-year-group",
                "title": _("Decisions per year and group"),
                "desc": _("Stacked bars: the number of decisions in adjusted minutes each year, one colour per group."),
                "chart": bar_chart(years, group_series),
                "columns": [_("Year"), *[label for label, _values in group_series]],
                "rows": [[year, *[values[i] for _label, values in group_series]] for i, year in enumerate(years)],
            },
            {
                "id": "agreed-share",
                "title": _("Share of decisions where all parties agreed"),
                "desc": _("Bars: the percentage of each year's decisions with the outcome “all parties agree”."),
                "chart": bar_chart(years, [(_("All parties agree"), shares)], percent=True),
                "columns": [_("Year"), _("Decisions"), _("All parties agree"), _("Share")],
                "rows": [
                    [row["year"], row["total"], row["agreed"], f"{share:g} %"]
                    for row, share in zip(per_year, shares)
                ],
            },
            {
                "id": "disagreements",
                "title": _("Disagreements per union and year"),
                "desc": _("Lines: how many decisions each union disagreed with, per year."),
                "chart": line_chart(years, union_series),
                "columns": [_("Year"), *[label for label, _values in union_series]],
                "rows": [[year, *[values[i] for _label, values in union_series]] for i, year in enumerate(years)],
            },
        ]
    return render(request, "archive/statistics.html", {
        "charts": charts, "total": sum(row["total"] for row in per_year),
    })
