"""Statistics of the decision archive, drawn as inline SVG charts with their data tables.

Years run without holes from the first to the last year with decisions: a year
without any is a gap (no bar, a break in the lines, "–" in the table), and a year
whose decisions carry no recorded positions is "okänt" (unknown) in the
disagreement figures, not a misleading 0.
"""

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from meetings import access
from meetings.archive.charts import bar_chart, line_chart, number
from meetings.models import (
    AgendaItem,
    CooperationGroup,
    Decision,
    Meeting,
    Party,
    Position,
)

MISSING = "–"


def _share(part, whole):
    return round(100 * part / whole, 1) if whole else None


@require_GET
def statistics(request):
    """Decisions per year and group, the share where all parties agreed, disagreements per union,
    and each union's share of agreement.

    Counts decisions of adjusted minutes the user may read (drafts are not final).
    """
    meetings = access.visible_meetings(request.user).filter(status=Meeting.Status.ADJUSTED)
    decisions = Decision.objects.filter(
        item__kind=AgendaItem.Kind.DECISION, item__meeting__in=meetings.values("pk")
    ).annotate(year=ExtractYear("item__meeting__date"))

    per_group = list(
        decisions.values("year", "item__meeting__group").annotate(count=Count("pk")).order_by("year")
    )
    per_year = {
        row["year"]: row for row in decisions.values("year").annotate(
            total=Count("pk", distinct=True),
            agreed=Count("pk", filter=Q(outcome=Decision.Outcome.AGREED), distinct=True),
            with_positions=Count("pk", filter=Q(positions__isnull=False), distinct=True),
        ).order_by("year")
    }
    union_positions = list(
        Position.objects.filter(decision__in=decisions.values("pk"), party__kind=Party.Kind.UNION)
        .annotate(year=ExtractYear("decision__item__meeting__date"))
        .values("year", "party").annotate(
            disagreed=Count("pk", filter=Q(stand=Position.Stand.DISAGREE)),
            agreed=Count("pk", filter=Q(stand=Position.Stand.AGREE)),
            total=Count("pk"),
        ).order_by("year")
    )
    years = list(range(min(per_year), max(per_year) + 1)) if per_year else []
    groups = list(CooperationGroup.objects.filter(pk__in={row["item__meeting__group"] for row in per_group}))
    unions = list(Party.objects.filter(kind=Party.Kind.UNION))

    counts = {(row["year"], row["item__meeting__group"]): row["count"] for row in per_group}
    group_series = [
        (str(group), [counts.get((year, group.pk), 0) if year in per_year else None for year in years])
        for group in groups
    ]
    shares = [_share(per_year[year]["agreed"], per_year[year]["total"]) if year in per_year else None for year in years]
    by_union_year = {(row["year"], row["party"]): row for row in union_positions}

    def disagreements(year, union):
        if year not in per_year or not per_year[year]["with_positions"]:
            return None  # a gap in the line, "okänt" in the table
        return by_union_year.get((year, union.pk), {}).get("disagreed", 0)

    union_series = [(union.label, [disagreements(year, union) for year in years]) for union in unions]

    def cell(year, value, unknown=MISSING):
        if year not in per_year:
            return MISSING
        return unknown if value is None else number(value)

    union_totals = {}
    for row in union_positions:
        totals = union_totals.setdefault(row["party"], {"agreed": 0, "total": 0})
        totals["agreed"] += row["agreed"]
        totals["total"] += row["total"]
    stated_unions = [union for union in unions if union_totals.get(union.pk, {}).get("total")]
    union_shares = [_share(union_totals[u.pk]["agreed"], union_totals[u.pk]["total"]) for u in stated_unions]

    charts = []
    if years:
        charts = [
            {
                "id": "per-year-group",
                "title": _("Decisions per year and group"),
                "desc": _("Stacked bars: the number of decisions in adjusted minutes each year, one colour per group."),
                "chart": bar_chart(years, group_series),
                "columns": [_("Year"), *[label for label, _values in group_series]],
                "rows": [
                    [year, *[cell(year, values[i]) for _label, values in group_series]] for i, year in enumerate(years)
                ],
            },
            {
                "id": "agreed-share",
                "title": _("Share of decisions where all parties agreed"),
                "desc": _("Bars: the percentage of each year's decisions with the outcome “all parties agree”."),
                "chart": bar_chart(years, [(_("All parties agree"), shares)], percent=True),
                "columns": [_("Year"), _("Decisions"), _("All parties agree"), _("Share")],
                "rows": [
                    [year, MISSING, MISSING, MISSING] if year not in per_year else
                    [year, number(per_year[year]["total"]), number(per_year[year]["agreed"]), f"{number(share)} %"]
                    for year, share in zip(years, shares)
                ],
            },
            {
                "id": "disagreements",
                "title": _("Disagreements per union and year"),
                "desc": _(
                    "Lines: how many decisions each union disagreed with, per year. A year without decisions, "
                    "or without recorded positions (unknown), is a gap."
                ),
                "chart": line_chart(years, union_series),
                "columns": [_("Year"), *[label for label, _values in union_series]],
                "rows": [
                    [year, *[cell(year, values[i], unknown=_("unknown")) for _label, values in union_series]]
                    for i, year in enumerate(years)
                ],
            },
        ]
        if stated_unions:
            charts.append({
                "id": "union-agreement",
                "title": _("Share of agreement per union"),
                "desc": _("Bars: of the decisions where a union's position is recorded, the percentage it agreed with."),
                "chart": bar_chart([u.label for u in stated_unions], [(_("Agree"), union_shares)], percent=True),
                "columns": [_("Union"), _("Positions recorded"), _("Agree"), _("Share")],
                "rows": [
                    [union.label, number(union_totals[union.pk]["total"]), number(union_totals[union.pk]["agreed"]),
                     f"{number(share)} %"]
                    for union, share in zip(stated_unions, union_shares)
                ],
            })
    return render(request, "archive/statistics.html", {
        "charts": charts, "total": sum(row["total"] for row in per_year.values()),
    })
