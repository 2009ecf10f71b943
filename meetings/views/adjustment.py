"""Adjustment (justering): sending, reviewing, signing, verifying, correcting, comparing, history."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from meetings import access, corrections, secrecy, signing, versions
from meetings.audit import meeting_history_entries
from meetings.exceptions import WorkflowError
from meetings.forms import CommentForm, CorrectionForm, SendForAdjustmentForm, SignForm
from meetings.models import Adjuster, FollowUp, Meeting, ReviewComment, SignedVersion
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


def page_meetings():
    """Meetings as the meeting page loads them: with their contents, and whether there are
    follow-ups and comments to show (most meetings have neither: then neither is queried)."""
    return Meeting.objects.with_contents().annotate(
        has_follow_ups=Exists(FollowUp.objects.filter(item__meeting=OuterRef("pk"))),
        has_comments=Exists(ReviewComment.objects.filter(meeting=OuterRef("pk"))),
    )


def meeting_comments(meeting):
    """The comments on `meeting` (loaded with its contents), oldest first, each with its item."""
    if getattr(meeting, "has_comments", True) is False:
        return []
    items = {item.pk: item for item in meeting.items.all()}
    comments = list(meeting.comments.select_related("author"))
    for comment in comments:
        comment.item = items.get(comment.item_id)
    return comments


def _with_contents(meeting):
    """`meeting` with its contents: as given when it came from Meeting.objects.with_contents(), else loaded."""
    if "items" in getattr(meeting, "_prefetched_objects_cache", {}):
        return meeting
    return Meeting.objects.with_contents().get(pk=meeting.pk)


def _review_context(request, meeting):
    meeting = _with_contents(meeting)
    content_hash = meeting.content_hash()
    adjusters = meeting.adjusters_with_signatures(content_hash)
    my_slot = next((a for a in adjusters if a.user_id == request.user.pk), None)
    can_sign = (
        my_slot is not None and my_slot.current_signature is None
        and meeting.status == Meeting.Status.OUT_FOR_ADJUSTMENT
    )
    can_comment = meeting.status == Meeting.Status.OUT_FOR_ADJUSTMENT and (
        my_slot is not None or access.can_manage_meeting(request.user, meeting)
    )
    # What changed since the adjuster's voided signature, shown before the sign form.
    since_my_signature = None
    voided = my_slot.last_voided_signature if my_slot is not None else None
    if voided is not None and my_slot.current_signature is None:
        signed = SignedVersion.objects.filter(content_hash=voided.content_hash).first()
        if signed is not None:
            since_my_signature = versions.compare(signed.content, meeting.canonical_content())
    meeting = secrecy.redact_for(request.user, meeting)  # after the signatures were checked on the real content
    return {
        "meeting": meeting,
        "adjusters": adjusters,
        "my_slot": my_slot,
        "since_my_signature": since_my_signature,
        "voided_signature": voided,
        "can_sign": can_sign,
        "can_comment": can_comment,
        "verification_code": verification_code(content_hash),
        "sign_form": SignForm(initial={"content_hash": content_hash}) if can_sign else None,
        "content_hash": content_hash,
        "oidc_signing": getattr(settings, "OIDC_ENABLED", False),
        "password_signing": request.user.has_usable_password(),
        "comment_form": CommentForm(meeting=meeting) if can_comment else None,
        "comments": meeting_comments(meeting),
    }


def review_page(request, meeting, *, status=200, **context):
    """The review page of `meeting`: what is to be signed, the signatures, comments and follow-ups."""
    return render(
        request, "meetings/meeting_review.html", {**_review_context(request, meeting), **context}, status=status
    )


@require_GET
def meeting_review(request, pk):
    return review_page(request, access.get_meeting_for_user(request, pk, meetings=page_meetings()))


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
def meeting_sign_oidc(request, pk):
    """"Signera via organisationskonto": off to the identity provider for a fresh login."""
    from django.http import Http404

    from meetings import auth

    if not getattr(settings, "OIDC_ENABLED", False):
        raise Http404
    meeting = access.get_meeting_for_user(request, pk)
    get_object_or_404(Adjuster, meeting=meeting, user=request.user)
    form = SignForm(request.POST)
    if "content_hash" in form.errors:
        return review_page(request, meeting, status=400, sign_error=_("The form was damaged; nothing was signed."))
    return redirect(auth.sign_authorization_url(
        request, meeting_pk=meeting.pk, content_hash=form.cleaned_data.get("content_hash") or request.POST["content_hash"],
    ))


@require_GET
def oidc_sign_callback(request):
    """Back from the identity provider: sign with the verified login as evidence."""
    from django.http import Http404

    from meetings import auth

    if not getattr(settings, "OIDC_ENABLED", False):
        raise Http404
    try:
        pending, evidence = auth.sign_evidence(request)
    except auth.StepUpFailed as exc:
        messages.error(request, _("The login through the organisation account could not be confirmed; nothing was signed."))
        return redirect("meetings:meeting_review", exc.meeting_pk) if exc.meeting_pk else redirect("meetings:home")
    meeting = access.get_meeting_for_user(request, pending["meeting"])
    adjuster = get_object_or_404(Adjuster, meeting=meeting, user=request.user)
    try:
        signing.meeting_sign(
            meeting=meeting, adjuster=adjuster, user=request.user, content_hash=pending["content_hash"],
            evidence=evidence, request=request,
        )
    except WorkflowError as exc:
        return review_page(request, meeting, status=400, sign_error=str(exc))
    messages.success(request, _("Thank you, you have signed the minutes."))
    return redirect("meetings:meeting_review", meeting.pk)


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
def meeting_correct(request, pk):
    """Rättelse: a new version of adjusted minutes, with a reason (the old one stays as it is)."""
    meeting = access.get_meeting_for_user(request, pk, for_manage=True)
    if not access.can_start_correction(request.user, meeting):
        messages.error(request, _("Only adjusted minutes not yet corrected can be corrected."))
        return redirect(meeting)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new = corrections.meeting_correct(meeting=meeting, user=request.user, reason=form.cleaned_data["reason"])
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Version %(number)s has been created as a draft.") % {"number": new.version_number})
            return redirect(new)
    return render(request, "meetings/meeting_correct.html", {"meeting": meeting, "form": form})


def _version_choices(meeting):
    """(key, label) of every stored version of these minutes and their earlier versions, then "now"."""
    chain = corrections.version_chain(meeting)
    stored = SignedVersion.objects.filter(meeting__in=chain).select_related("meeting").order_by("created_at", "id")
    choices = [
        (v.content_hash, _("Version %(number)s, %(code)s (%(when)s)") % {
            "number": v.meeting.version_number, "code": verification_code(v.content_hash),
            "when": formats.date_format(timezone.localtime(v.created_at), "j F Y H:i"),
        })
        for v in stored
    ]
    return choices + [("now", _("As it is now"))]


@require_GET
def meeting_compare(request, pk):
    """The secretary compares any two versions: word by word, item by item."""
    meeting = access.get_meeting_for_user(request, pk)
    if not access.can_compare_versions(request.user, meeting):
        raise PermissionDenied
    meeting = Meeting.objects.with_contents().get(pk=meeting.pk)
    choices = _version_choices(meeting)
    keys = [key for key, _label in choices]
    selected_from = request.GET.get("from") or (keys[-2] if len(keys) > 1 else "now")
    selected_to = request.GET.get("to") or "now"
    comparison = None
    if selected_from in keys and selected_to in keys:
        def content(key):
            if key == "now":
                return meeting.canonical_content()
            return SignedVersion.objects.get(content_hash=key).content
        comparison = versions.compare(content(selected_from), content(selected_to))
    return render(request, "meetings/meeting_compare.html", {
        "meeting": meeting, "choices": choices, "selected_from": selected_from, "selected_to": selected_to,
        "comparison": comparison,
    })


def signature_panel_oob(request, meeting):
    """The signature panel as an out-of-band htmx swap, for responses to edits that may void signatures."""
    if meeting.status != Meeting.Status.OUT_FOR_ADJUSTMENT:
        return ""
    meeting = Meeting.objects.with_contents().get(pk=meeting.pk)
    return render_to_string("meetings/_signatures.html", {
        "meeting": meeting, "adjusters": meeting.adjusters_with_signatures(), "oob": True,
    }, request=request)


def with_signature_panel(request, meeting, response):
    """`response` (an htmx fragment) with the signature panel appended out of band."""
    if request.htmx and response.status_code == 200:
        response.content = response.content + signature_panel_oob(request, meeting).encode()
    return response


@require_GET
def meeting_verify(request, pk):
    meeting = access.get_meeting_for_user(request, pk)
    meeting = Meeting.objects.with_contents().get(pk=meeting.pk)
    current = meeting.content_hash()
    signatures = meeting.signatures.select_related("user").order_by("signed_at", "id")
    rows = [{"signature": s, "matches": s.matches(current), "sealed": s.mac_is_valid()} for s in signatures]
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
