"""Template helpers of the minutes as the pages and the PDF print them.

`{% item_attachments item as attachments %}`: the attachments of one item,
taken from its meeting's attachments (loaded once for the whole meeting by
Meeting.objects.with_contents(), and masked there by meetings.secrecy).

`{{ blocks|blocks_html }}` renders what parse_blocks returns: a sub-heading
as <h4 class="area-heading">, bullets as a list, paragraphs as <p>, the lines
typed inside a paragraph or bullet kept as lines. Every character the user
typed is escaped. Written out here rather than as a template loop: an item's
text is the most repeated thing on every minutes page, and a loop of template
tags per line costs several times more than the rest of the item.
(The PDF prints the same blocks with its own template, pdf/_blocks.html.)
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def item_attachments(item):
    meeting = item.meeting
    by_item = getattr(meeting, "_attachments_by_item", None)
    if by_item is None:
        by_item = {}
        for attachment in meeting.attachments.all():
            by_item.setdefault(attachment.item_id, []).append(attachment)
        meeting._attachments_by_item = by_item
    return by_item.get(item.pk, [])


def _lines(lines):
    # The standard library's escape, which Django's calls, without its lazy-string wrapper.
    return "<br>".join(escape(line) for line in lines)


@register.filter
def blocks_html(blocks):
    parts = []
    for block in blocks:
        if block.kind == "heading":
            parts.append(f'<h4 class="area-heading">{_lines(block.lines)}</h4>')
        elif block.kind == "bullets":
            parts.append("<ul>" + "".join(f"<li>{_lines(lines)}</li>" for lines in block.items) + "</ul>")
        else:
            parts.append(f"<p>{_lines(block.lines)}</p>")
    return mark_safe("".join(parts))
