"""Template helpers of the decision lists (templates/archive/decision_list.html, the start page)."""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def stands_html(stands, separator="<br>"):
    """Each party's position of a decision row ("SSR: oeniga"), escaped, one a line (or `separator`).

    A filter rather than a template loop: a page of the decision list shows
    some 200 positions, and a loop of template tags per position costs more
    than the rest of the row.
    """
    if not stands:
        return "–"
    return format_html_join(mark_safe(separator), '<span class="text-nowrap">{}: {}</span>', stands)
