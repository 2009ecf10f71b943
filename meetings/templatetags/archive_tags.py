"""Template helpers of the decision lists (templates/archive/decision_list.html, the start page)."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def stands_html(stands, separator="<br>"):
    """Each party's position of a decision row ("SSR: oeniga"), escaped, one a line (or `separator`).

    A filter rather than a template loop: a page of the decision list shows
    some 200 positions, and a loop of template tags per position costs more
    than the rest of the row. The markup is written out with the standard
    library's escape (what Django's escape calls): format_html_join's lazy
    wrappers cost more than the whole table's positions otherwise.
    `separator` comes from the template, never from user text.
    """
    if not stands:
        return "–"
    return mark_safe(separator.join(
        f'<span class="text-nowrap">{escape(str(party))}: {escape(str(stand))}</span>' for party, stand in stands
    ))
