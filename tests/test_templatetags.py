"""The template helpers that render in Python what repeats most: item texts, positions, item attachments."""

from django.core.files.base import ContentFile
from django.template import Context, Template

from meetings.models import Attachment, Meeting
from meetings.templatetags.archive_tags import stands_html
from meetings.templatetags.minutes_tags import blocks_html
from meetings.text import parse_blocks
from tests import factories


def test_blocks_html_renders_headings_bullets_and_lines_and_escapes_everything():
    html = blocks_html(parse_blocks("## BUF <i>\n- Punkt <b>ett</b>\n  fortsätter\n- Två\n\nEtt stycke\nrad två & mer"))
    assert html == (
        '<h4 class="area-heading">BUF &lt;i&gt;</h4>'
        "<ul><li>Punkt &lt;b&gt;ett&lt;/b&gt;<br>fortsätter</li><li>Två</li></ul>"
        "<p>Ett stycke<br>rad två &amp; mer</p>"
    )
    assert blocks_html([]) == ""
    assert blocks_html(parse_blocks("\"citat\" 'och' x")) == "<p>&quot;citat&quot; &#x27;och&#x27; x</p>"


def test_blocks_html_in_a_template_is_not_escaped_twice():
    rendered = Template("{% load minutes_tags %}{{ blocks|blocks_html }}").render(
        Context({"blocks": parse_blocks("a < b")})
    )
    assert rendered == "<p>a &lt; b</p>"


def test_stands_html_escapes_and_joins_and_marks_an_empty_list():
    assert stands_html([("SSR", "eniga"), ("<Kommunal>", "oeniga")]) == (
        '<span class="text-nowrap">SSR: eniga</span><br><span class="text-nowrap">&lt;Kommunal&gt;: oeniga</span>'
    )
    assert stands_html([("SSR", "eniga"), ("Vision", "eniga")], ", ").count(", ") == 1
    assert stands_html([]) == "–"
    assert stands_html([("A\"'&", "<x>")]) == '<span class="text-nowrap">A&quot;&#x27;&amp;: &lt;x&gt;</span>'


def test_item_attachments_come_from_the_meetings_attachments_in_one_query(db, meeting, django_assert_num_queries):
    first, second = factories.make_item(meeting, title="Ett"), factories.make_item(meeting, title="Två")
    for n, item in enumerate([first, first, None]):
        Attachment.objects.create(meeting=meeting, item=item, title=f"Bilaga {n}", file=ContentFile(b"x", name=f"b{n}.txt"),
                                  content_type="text/plain", size=1, sha256="0" * 64)
    meeting = Meeting.objects.with_contents().get(pk=meeting.pk)
    template = Template("{% load minutes_tags %}{% for item in items %}{% item_attachments item as found %}"
                        "{{ item.title }}:{% for a in found %}{{ a.title }};{% endfor %}|{% endfor %}")
    with django_assert_num_queries(0):
        rendered = template.render(Context({"items": meeting.items.all()}))
    assert rendered == "Ett:Bilaga 0;Bilaga 1;|Två:|"
