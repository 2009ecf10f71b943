"""Adjustment (justering): sending, reviewing, signing, verifying, reopening, history."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from meetings import access, secrecy, signing
from meetings.audit import meeting_history_entries
from meetings.exceptions import WorkflowError
from meetings.forms import CommentForm, ReopenForm, SendForAdjustmentForm, SignForm
from meetings.models import Adjuster, Meeting
from meetings.models import verification_code


@require_http_methods(["GET", "POST"])
def meeting_send(request, pk):
    meeting = access.get_meeting_for_user(request, pk, for_manage=True)
    form = SendForAdjustmentForm(request.POST or None, initial={"deadline": signing.default_deadline()})
    if request.method == "POST" and form.is_valid():
        try:
            signing.meeting_send_for_adjustment(
                meeting=meeting, user=request.user, deadline=form.cleaned_data["deadline"]
            )
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The minutes have been sent to the adjusters."))
            return redirect(meeting)
    adjusters = meeting.adjusters.select_related("party", "user")
    return render(request, "meetings/meeting_send.html", {"meeting": meeting, "form": form, "adjusters": adjusters})


def _review_context(request, meeting):
    meeting = Meeting.objects.with_contents().get(pk=meeting.pk)
    content_hash = meeting.content_hash()
    adjusters = meeting.adjusters_with_signatures()
    my_slot = next((a for a in adjusters if a.user_id == request.user.pk), None)
    can_sign = (
        my_slot is not None and my_slot.current_signature is None
        and meeting.status == Meeting.Status.OUT_FOR_ADJUSTMENT
    )
    can_comment = meeting.status == Meeting.Status.OUT_FOR_ADJUSTMENT and (
        my_slot is not None or access.can_manage_meeting(request.user, meeting)
    )
    if not access.can_read_secret(request.user, meeting):
        secrecy.redact(meeting)  # the public version, after the signatures were checked on the real content
    return {
        "meeting": meeting,
        "adjusters": adjusters,
        "my_slot": my_slot,
        "can_sign": can_sign,
        "can_comment": can_comment,
        "verification_code": verification_code(content_hash),
        "sign_form": SignForm(initial={"content_hash": content_hash}),
        "comment_form": CommentForm(meeting=meeting),
        "comments": meeting.comments.select_related("author", "item"),
    }


def review_page(request, meeting, *, status=200, **context):
    """The review page of `meeting`: what is to be signed, the signatures, comments and follow-ups."""
    return render(
        request, "meetings/meeting_review.html", {**_review_context(request, meeting), **context}, status=status
    )


@require_GET
def meeting_review(request, pk):
    return review_page(request, access.get_meeting_for_user(request, pk))


@require_POST
def meeting_sign(request, pk):
    meeting = access.get_meeting_for_user(request, pk)
    adjuster = get_object_or_404(Adjuster, meeting=meeting, user=request.user)
    form = SignForm(request.POST)
    if form.is_valid():
        try:
            signing.meeting_sign(
                meeting=meeting, adjuster=adjuster, user=request.user,
                password=form.cleaned_data["password"], content_hash=form.cleaned_data["content_hash"],
                request=request,
            )
        except WorkflowError as exc:
            # A fresh form, bound to the version the page now shows.
            return review_page(request, meeting, status=400, sign_error=str(exc))
        messages.success(request, _("Thank you, you have signed the minutes."))
        return redirect("meetings:meeting_review", meeting.pk)
    return review_page(request, meeting, status=400, sign_form=form)


@require_POST
def comment_create(request, pk):
    meeting = access.get_meeting_for_user(request, pk)
    if not (access.is_adjuster_of(request.user, meeting) or access.can_manage_meeting(request.user, meeting)):
        raise PermissionDenied
    form = CommentForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            signing.comment_create(
                meeting=meeting, user=request.user, text=form.cleaned_data["text"],
                item=form.cleaned_data["item"], is_change_request=form.cleaned_data["is_change_request"],
            )
        except WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Your comment has been sent to the secretary."))
        return redirect(f"{meeting.get_absolute_url()}review/#comments")
    return review_page(request, meeting, status=400, comment_form=form)


@require_http_methods(["GET", "POST"])
def meeting_reopen(request, pk):
    meeting = access.get_meeting_for_user(request, pk, for_manage=True)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            signing.meeting_reopen(meeting=meeting, user=request.user, reason=form.cleaned_data["reason"])
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The minutes are a draft again; every signature is void."))
            return redirect(meeting)
    return render(request, "meetings/meeting_reopen.html", {"meeting": meeting, "form": form})


@require_GET
def meeting_verify(request, pk):
    meeting = access.get_meeting_for_user(request, pk)
    meeting = Meeting.objects.with_contents().get(pk=meeting.pk)
    current = meeting.content_hash()
    signatures = meeting.signatures.select_related("user").order_by("signed_at", "id")
    rows = [{"signature": s, "matches": s.matches(current)} for s in signatures]
    return render(request, "meetings/meeting_verify.html", {
        "meeting": meeting, "current_hash": current, "rows": rows,
        "pdf_matches": (
            signing.stored_pdf_matches(meeting) if meeting.final_pdf else None
        ),
    })


@require_GET
def meeting_history(request, pk):
    meeting = access.get_meeting_for_user(request, pk)
    return render(request, "meetings/meeting_history.html", {
        "meeting": meeting, "entries": meeting_history_entries(meeting),
    })
