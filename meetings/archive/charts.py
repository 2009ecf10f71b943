"""Small charts as server-rendered SVG: the geometry is computed here, the markup is a template.

No JavaScript and no library: `bar_chart` and `line_chart` return plain
structures (rectangles, points, ticks, legend) that templates/archive/_chart.html
draws, every label escaped by the template. Each chart comes with its data
as a table for screen readers and for copying.
"""

import math

from django.utils import formats

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 52, 12, 14, 44

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"]


def colour(index):
    return PALETTE[index % len(PALETTE)]


def nice_max(value):
    """The smallest 1, 2, 2.5 or 5 × 10^k at or above `value` (at least 1)."""
    if value <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def integer_scale(value, max_ticks=5):
    """(top, step) of an axis for counts: whole-number ticks 0, step, … top ≥ `value`, at most `max_ticks` steps."""
    if value <= 0:
        return 1, 1
    magnitude = 1
    while True:
        for base in (1, 2, 5):
            step = base * magnitude
            if math.ceil(value / step) <= max_ticks:
                return step * math.ceil(value / step), step
        magnitude *= 10


def number(value, decimals=1):
    """A count or share as the page shows it, in Swedish ("33,3"; "50", not "50,0")."""
    if value is None:
        return ""
    if float(value).is_integer():
        return formats.number_format(int(value), force_grouping=True)
    return formats.number_format(round(value, decimals), decimals, force_grouping=True)


def _frame(categories, top_value, *, percent=False, ticks=4, step=None):
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    band = plot_w / max(len(categories), 1)
    every = 1 if len(categories) <= 12 else math.ceil(len(categories) / 12)

    def y(value):
        return TOP + plot_h - (value / top_value) * plot_h

    y_ticks = []
    step = step or top_value / ticks
    for n in range(round(top_value / step) + 1):
        value = step * n
        label = f"{number(value)} %" if percent else number(value)
        y_ticks.append({"y": round(y(value), 1), "label": label})
    x_labels = [
        {"x": round(LEFT + band * (i + 0.5), 1), "label": str(category)}
        for i, category in enumerate(categories) if i % every == 0
    ]
    frame = {
        "width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT, "top": TOP,
        "bottom": TOP + plot_h, "label_y": TOP + plot_h + 18, "y_ticks": y_ticks, "x_labels": x_labels,
    }
    return frame, band, y


def bar_chart(categories, series, *, percent=False):
    """Bars per category, stacked when there are several series.

    `series`: [(label, [value per category])]. With `percent`, values are
    shares in 0..100 and the axis ends at 100 %.
    """
    totals = [sum(values[i] or 0 for _label, values in series) for i in range(len(categories))]
    if percent:
        top_value, step = 100, 25
    else:
        top_value, step = integer_scale(max(totals, default=0))
    frame, band, y = _frame(categories, top_value, percent=percent, step=step)
    bar_w = band * 0.7
    bars = []
    for i, category in enumerate(categories):
        base = 0
        for index, (label, values) in enumerate(series):
            value = values[i] or 0  # None: no data that year, a gap
            if value:
                top, bottom = y(base + value), y(base)
                bars.append({
                    "x": round(LEFT + band * i + (band - bar_w) / 2, 1), "y": round(top, 1),
                    "width": round(bar_w, 1), "height": round(bottom - top, 1), "fill": colour(index),
                    "title": f"{category} · {label}: {number(value)}{' %' if percent else ''}",
                })
            base += value
    legend = [{"label": label, "fill": colour(i)} for i, (label, _values) in enumerate(series)]
    return {**frame, "bars": bars, "lines": [], "legend": legend if len(series) > 1 else []}


def line_chart(categories, series):
    """One line per series over the categories; `series`: [(label, [value per category])].

    A value of None (a year without data) is a gap: the line stops before it and starts again after.
    """
    top_value, step = integer_scale(max((v for _label, values in series for v in values if v is not None), default=0))
    frame, band, y = _frame(categories, top_value, step=step)
    lines = []
    for index, (label, values) in enumerate(series):
        points, segments, current = [], [], []
        for i, (category, value) in enumerate(zip(categories, values)):
            if value is None:
                if current:
                    segments.append(current)
                current = []
                continue
            point = {"x": round(LEFT + band * (i + 0.5), 1), "y": round(y(value), 1),
                     "title": f"{category} · {label}: {number(value)}"}
            points.append(point)
            current.append(point)
        if current:
            segments.append(current)
        lines.append({
            "label": label, "stroke": colour(index), "points": points,
            "paths": [" ".join(f"{p['x']},{p['y']}" for p in segment) for segment in segments],
        })
    legend = [{"label": label, "fill": colour(i)} for i, (label, _values) in enumerate(series)]
    return {**frame, "bars": [], "lines": lines, "legend": legend}
