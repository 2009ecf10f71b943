"""The public version of the minutes: parts under secrecy (OSL) replaced by "[Sekretess enligt …]".

A SecrecyMark covers a whole item (its text, union inputs, decision text and
comments, and its attachments; the title stays), one paragraph of an item's
text, one union input or one attachment. Readers without the right
(`access.can_read_secret`) get the minutes through `redact`, which replaces
the secret texts of the loaded objects in memory (never saved) with the
marker; the pages, the PDF template and the search index then show the marker
only. The search index always holds the public text: secret words can never be
found, ranked or shown in a snippet, whoever searches.

`public_pdf(meeting)` makes the public PDF ("Offentlig version") stored beside
the final PDF at the adjustment (meetings.signing._finalise).
"""

import hashlib

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from meetings import access, pdf, sealing
from meetings.models import Meeting, SecrecyMark
from meetings.models.mbl import block_text
from meetings.text import parse_blocks


def marker(reference):
    """"[Sekretess enligt 39 kap. 3 § OSL]", always in the app's language (it is printed and indexed)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("[Secret under %(reference)s]") % {"reference": reference}


def blocks_to_text(blocks):
    """The item text format for `blocks` (parse_blocks(blocks_to_text(b)) gives b again)."""
    parts = []
    for block in blocks:
        if block.kind == "heading":
            parts.append("## " + block.text)
        elif block.kind == "bullets":
            parts.append("\n".join("- " + "\n".join(lines) for lines in block.items))
        else:
            parts.append(block.text)
    return "\n\n".join(parts)


def paragraph_choices(item):
    """[(index, text)] of the blocks of an item's text, for the secrecy form."""
    return [(index, block_text(block)) for index, block in enumerate(parse_blocks(item.body))]


def _mask_item(item, reference):
    text = marker(reference)
    item.body = text
    for union_input in item.union_inputs.all():
        union_input.text = text
    decision = getattr(item, "decision", None)
    if decision is not None:
        decision.text = text
        decision.deferred_to = text if decision.deferred_to else ""
        for position in decision.positions.all():
            if position.text:
                position.text = text
    if "attachments" in getattr(item, "_prefetched_objects_cache", {}):
        for attachment in item.attachments.all():
            _mask_attachment(attachment, reference)


def _mask_attachment(attachment, reference):
    attachment.title = marker(reference)
    attachment.is_secret = True


def redact_items(items, marks, attachments=()):
    """Replace the secret parts of `items` (and of `attachments`) by the marker, in memory.

    `marks`: the SecrecyMarks of their meetings. A paragraph mark whose
    paragraph is no longer where it was hides the whole item: secrecy fails closed.
    """
    items = list(items)
    by_item = {item.pk: item for item in items}
    whole, paragraphs, inputs, files = {}, {}, {}, {}
    for mark in marks:
        if mark.kind == SecrecyMark.Kind.ITEM:
            whole[mark.item_id] = mark.reference
        elif mark.kind == SecrecyMark.Kind.PARAGRAPH:
            item = by_item.get(mark.item_id)
            if item is not None and not mark.block_matches(item):
                whole.setdefault(mark.item_id, mark.reference)
            else:
                paragraphs.setdefault(mark.item_id, {})[mark.block_index] = mark.reference
        elif mark.kind == SecrecyMark.Kind.UNION_INPUT:
            inputs[mark.union_input_id] = mark.reference
        elif mark.kind == SecrecyMark.Kind.ATTACHMENT:
            files[mark.attachment_id] = mark.reference
    for item in items:
        if item.pk in whole:
            _mask_item(item, whole[item.pk])
            continue
        if item.pk in paragraphs:
            blocks = parse_blocks(item.body)
            for index, reference in paragraphs[item.pk].items():
                blocks[index] = parse_blocks(marker(reference))[0]
            item.body = blocks_to_text(blocks)
        for union_input in item.union_inputs.all():
            if union_input.pk in inputs:
                union_input.text = marker(inputs[union_input.pk])
        if "attachments" in getattr(item, "_prefetched_objects_cache", {}):
            for attachment in item.attachments.all():
                if attachment.pk in files:
                    _mask_attachment(attachment, files[attachment.pk])
    for attachment in attachments:
        reference = files.get(attachment.pk) or whole.get(attachment.item_id)
        if reference:
            _mask_attachment(attachment, reference)
    return items


def redact(meeting):
    """`meeting` (loaded with Meeting.objects.with_contents()) as the public reads it; returns it.

    The adjusters' signatures are checked first, against the real content,
    so they still show as given.
    """
    adjusters = meeting.adjusters_with_signatures()
    meeting.adjusters_with_signatures = lambda: adjusters
    marks = list(meeting.secrecy_marks.all())
    if marks:
        redact_items(meeting.items.all(), marks, meeting.attachments.all())
    meeting.is_public_version = True
    return meeting


def redact_for(user, meeting):
    """The meeting (its contents prefetched) as `user` may read it: whole where nothing is secret or for
    those with the right, else redacted. Call it after the signatures were checked on the real content."""
    if not meeting.secrecy_marks.all() or access.can_read_secret(user, meeting):
        return meeting
    return redact(meeting)


def secret_attachment_ids(meeting):
    """The ids of the meeting's attachments hidden from the public (marked, or of a secret item)."""
    marks = SecrecyMark.objects.filter(meeting=meeting)
    secret_items = marks.filter(kind=SecrecyMark.Kind.ITEM).values("item_id")
    ids = set(marks.filter(kind=SecrecyMark.Kind.ATTACHMENT).values_list("attachment_id", flat=True))
    ids |= set(meeting.attachments.filter(item_id__in=secret_items).values_list("pk", flat=True))
    return ids


# --- The public PDF ---------------------------------------------------------------


def render_public_pdf(meeting):
    """The public version of the minutes as PDF/A bytes: secret parts replaced by the marker.

    Only the attachments that are not secret are embedded.
    """
    fresh = Meeting.objects.with_contents().get(pk=meeting.pk)
    # At the last signature the new status is not saved yet: the public version is as final as the full one.
    fresh.status, fresh.adjusted_at = meeting.status, meeting.adjusted_at
    with translation.override(settings.LANGUAGE_CODE):
        redacted = redact(fresh)
    return pdf.render_minutes_pdf(redacted, append_attachments=False, embed_attachments=True)


def public_pdf(meeting):
    """The public PDF as stored at the adjustment: one function, so the seal is one line here.

    Returns (bytes, sha256).
    """
    data = sealing.seal_pdf(render_public_pdf(meeting), meeting=meeting)  # sealed as the full version is
    return data, hashlib.sha256(data).hexdigest()


def public_pdf_bytes(meeting):
    """The stored public PDF of adjusted minutes, byte for byte; rendered now when there is none."""
    if meeting.status == Meeting.Status.ADJUSTED and meeting.public_pdf:
        with meeting.public_pdf.open("rb") as handle:
            return handle.read()
    return render_public_pdf(meeting)
