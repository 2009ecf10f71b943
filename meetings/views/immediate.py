"""Immediate adjustment (omedelbar justering) of one decision item: send, review and sign, the extract."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from meetings import access, immediate, secrecy
from meetings.exceptions import WorkflowError
from meetings.forms import SignForm
from meetings.models import Adjuster, Meeting, verification_code


@require_POST
def immediate_send(request, pk):
    item = access.get_item_for_user(request, pk, for_edit=True)
    try:
        record = immediate.immediate_send(item=item, user=request.user)
    except WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect(f"{item.meeting.get_absolute_url()}#item-{item.pk}")
    messages.success(request, _("The item has been sent to the adjusters for immediate adjustment."))
    return redirect("meetings:immediate_review", record.pk)


def _review(request, record, *, status=200, sign_error="", sign_form=None):
    adjusters, mine, current = immediate.slots(record, request.user)
    meeting = Meeting.objects.with_contents().get(pk=record.meeting_id)
    meeting = secrecy.redact_for(request.user, meeting)
    item = next(i for i in meeting.items.all() if i.pk == record.item_id)
    return render(request, "mbl/immediate_review.html", {
        "record": record, "meeting": meeting, "item": item, "adjusters": adjusters, "my_slot": mine,
        "can_sign": mine is not None and mine.immediate_signature is None and not record.is_adjusted,
        "verification_code": verification_code(current),
        "sign_form": sign_form or SignForm(initial={"content_hash": current}), "sign_error": sign_error,
    }, status=status)


@require_GET
def immediate_review(request, pk):
    return _review(request, access.get_immediate_for_user(request, pk))


@require_POST
def immediate_sign(request, pk):
    record = access.get_immediate_for_user(request, pk)
    adjuster = get_object_or_404(Adjuster, meeting_id=record.meeting_id, user=request.user)
    form = SignForm(request.POST)
    if not form.is_valid():
        return _review(request, record, status=400, sign_form=form)
    try:
        immediate.immediate_sign(
            immediate=record, adjuster=adjuster, user=request.user, password=form.cleaned_data["password"],
            content_hash=form.cleaned_data["content_hash"], request=request,
        )
    except WorkflowError as exc:
        return _review(request, record, status=400, sign_error=str(exc))
    messages.success(request, _("Thank you, you have signed the item."))
    return redirect("meetings:immediate_review", record.pk)


@require_GET
def immediate_pdf(request, pk):
    """The stored protocol extract, byte for byte; the full text, so for those who may read secrets."""
    record = access.get_immediate_for_user(request, pk)
    if not record.extract_pdf:
        raise Http404
    if record.item.secrecy_marks.exists() and not access.can_read_secret(request.user, record.meeting):
        raise PermissionDenied
    with record.extract_pdf.open("rb") as handle:
        data = handle.read()
    response = HttpResponse(data, content_type="application/pdf")
    filename = f"protokollsutdrag-{slugify(record.item.title)[:60]}-{record.meeting.date.isoformat()}.pdf"
    response["Content-Disposition"] = content_disposition_header(False, filename)
    response["Cache-Control"] = "private, no-store"
    return response
