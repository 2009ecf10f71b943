"""Meeting preparation: the group page (annual calendar, follow-ups), follow-ups, agenda, calendar files."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import (
    content_disposition_header,
    url_has_allowed_host_and_scheme,
)
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from meetings import access, drafting, mbl
from meetings.exceptions import PreparationError
from meetings.models import Decision, FollowUp, Meeting, RecurringPoint
from meetings.preparation import agenda, calendar, follow_ups, ics
from meetings.preparation.forms import (
    FollowUpCloseForm,
    FollowUpForm,
    RecurringPointForm,
)
from meetings.views.common import item_response, render_partial

# --- Helpers ------------------------------------------------------------------------------


def _back(request, fallback):
    """The `next` address posted with the form if it is ours, else `fallback`."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(fallback)


def _group_url(group):
    return reverse("meetings:group_detail", args=[group.pk])


# --- The group page: annual calendar and follow-ups ----------------------------------------


def _calendar_context(request, group):
    return {
        "group": group,
        "months": calendar.calendar_by_month(group),
        "can_manage": access.can_manage_group(request.user, group),
    }


@require_GET
def group_detail(request, pk):
    group = access.get_group_for_user(request, pk)
    visible = access.visible_follow_ups(request.user).filter(item__meeting__group=group)
    open_ones = follow_ups.annotate_overdue(follow_ups.open_follow_ups(visible))
    context = _calendar_context(request, group)
    context.update({
        "open_follow_ups": [f for f in open_ones if f.kind != FollowUp.Kind.DEFERRED_DECISION],
        "deferred_decisions": [f for f in open_ones if f.kind == FollowUp.Kind.DEFERRED_DECISION],
        "closed_follow_ups": list(visible.filter(closed_at__isnull=False).order_by("-closed_at")[:10]),
        "drafts": (
            access.visible_meetings(request.user)
            .filter(group=group, status=Meeting.Status.DRAFT).order_by("date")
        ),
        # Only adjusted minutes have MBL windows, and every member of the group reads those.
        "mbl_blocked": mbl.blocked_decisions(Decision.objects.filter(item__meeting__group=group)),
    })
    return render(request, "preparation/group_detail.html", context)


def _calendar_response(request, group):
    """The calendar fragment for htmx; a redirect to the group page otherwise."""
    if not request.htmx:
        return redirect(f"{_group_url(group)}#calendar")
    return render(request, "preparation/_calendar.html", _calendar_context(request, group))


def _point_form_response(request, form, group, point=None):
    context = {"form": form, "group": group, "point": point}
    response = render_partial(request, "preparation/point_form_page.html", "preparation/_point_form.html", context)
    if request.htmx and request.method == "POST":
        # The form posts to the calendar; with its errors it replaces itself instead.
        response = reswap(retarget(response, "#point-form"), "outerHTML")
    return response


def _save_point(request, form, group, point=None):
    """Validates and saves; returns the response (the form again on an error)."""
    if form.is_valid():
        instance = form.save(commit=False)
        instance.group = group
        try:
            calendar.recurring_point_save(point=instance)
        except ValidationError as exc:
            form.add_error("title", exc.messages[0] if hasattr(exc, "messages") else str(exc))
        else:
            if not request.htmx:
                messages.success(request, _("The calendar has been saved."))
            return _calendar_response(request, group)
    return _point_form_response(request, form, group, point)


@require_http_methods(["GET", "POST"])
def recurring_point_create(request, pk):
    group = access.get_group_for_user(request, pk, for_manage=True)
    month = request.GET.get("month")
    initial = {"month": int(month)} if month and month.isdigit() and 1 <= int(month) <= 12 else {}
    form = RecurringPointForm(request.POST or None, initial=initial)
    if request.method == "POST":
        return _save_point(request, form, group)
    return _point_form_response(request, form, group)


@require_http_methods(["GET", "POST"])
def recurring_point_edit(request, pk):
    point = get_object_or_404(RecurringPoint.objects.select_related("group"), pk=pk)
    group = access.get_group_for_user(request, point.group_id, for_manage=True)
    form = RecurringPointForm(request.POST or None, instance=point)
    if request.method == "POST":
        return _save_point(request, form, group, point)
    return _point_form_response(request, form, group, point)


@require_POST
def recurring_point_delete(request, pk):
    point = get_object_or_404(RecurringPoint.objects.select_related("group"), pk=pk)
    group = access.get_group_for_user(request, point.group_id, for_manage=True)
    calendar.recurring_point_delete(point=point)
    if not request.htmx:
        messages.success(request, _("“%(title)s” has been removed from the calendar.") % {"title": point.title})
    return _calendar_response(request, group)


# --- Follow-ups -----------------------------------------------------------------------


@require_GET
def follow_up_list(request):
    """Open follow-ups of every group the user reads, with the deferred decisions first."""
    visible = access.visible_follow_ups(request.user)
    open_ones = follow_ups.annotate_overdue(follow_ups.open_follow_ups(visible))
    return render(request, "preparation/follow_up_list.html", {
        "groups": access.visible_groups(request.user),
        "deferred_decisions": [f for f in open_ones if f.kind == FollowUp.Kind.DEFERRED_DECISION],
        "open_follow_ups": [f for f in open_ones if f.kind != FollowUp.Kind.DEFERRED_DECISION],
        "closed_follow_ups": list(visible.filter(closed_at__isnull=False).order_by("-closed_at")[:20]),
    })


def _after_follow_up_change(request, item):
    """Back to the item: the editor card for htmx, else the editor or (adjusted minutes) the review page."""
    meeting = item.meeting
    if access.can_edit_meeting(request.user, meeting):
        if request.htmx:
            return item_response(request, item)
        return redirect(f"{meeting.get_absolute_url()}#item-{item.pk}")
    return redirect(f"{reverse('meetings:meeting_review', args=[meeting.pk])}#follow-ups")


@require_http_methods(["GET", "POST"])
def follow_up_create(request, pk):
    """Record a follow-up on an item: in the editor (htmx) or, for adjusted minutes, from the review page."""
    item = access.get_item_for_user(request, pk)
    if not access.can_manage_meeting(request.user, item.meeting):
        raise PermissionDenied
    detected = request.POST.get("detected") == "1"
    form = FollowUpForm(request.POST or None, auto_id=f"id_follow_up{item.pk}_%s")
    if request.method == "POST" and form.is_valid():
        follow_up = form.save(commit=False)
        follow_up.item = item
        if detected:
            follow_up.kind = FollowUp.Kind.OPEN_QUESTION
        follow_ups.follow_up_create(follow_up=follow_up, user=request.user)
        if not request.htmx:
            messages.success(request, _("The follow-up has been recorded."))
        return _after_follow_up_change(request, item)
    context = {"form": form, "meeting": item.meeting, "item": item}
    return render_partial(
        request, "preparation/follow_up_form_page.html", "preparation/_follow_up_form.html", context
    )


@require_http_methods(["GET", "POST"])
def follow_up_close(request, pk):
    follow_up = access.get_follow_up_for_user(request, pk)
    form = FollowUpCloseForm(request.POST or None, follow_up=follow_up, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            follow_ups.follow_up_close(follow_up=follow_up, handled_in=form.cleaned_data["handled_in"])
        except PreparationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The follow-up has been closed."))
            return _back(request, _group_url(follow_up.item.meeting.group))
    return render(request, "preparation/follow_up_close.html", {
        "form": form, "follow_up": follow_up, "next": request.GET.get("next", request.POST.get("next", "")),
    })


@require_POST
def follow_up_reopen(request, pk):
    follow_up = access.get_follow_up_for_user(request, pk)
    follow_ups.follow_up_reopen(follow_up=follow_up)
    messages.success(request, _("The follow-up is open again."))
    return _back(request, _group_url(follow_up.item.meeting.group))


@require_POST
def follow_up_delete(request, pk):
    follow_up = access.get_follow_up_for_user(request, pk)
    try:
        follow_ups.follow_up_delete(follow_up=follow_up)
    except PreparationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The follow-up has been deleted."))
    return _back(request, _group_url(follow_up.item.meeting.group))


@require_POST
def follow_up_pull(request, pk):
    """Take an open follow-up of the group up as an item of this draft."""
    meeting = access.get_meeting_for_user(request, pk, for_edit=True)
    follow_up = get_object_or_404(
        FollowUp.objects.select_related("item__meeting"),
        pk=request.POST.get("follow_up") if str(request.POST.get("follow_up", "")).isdigit() else None,
    )
    try:
        item = drafting.follow_up_pull(follow_up=follow_up, meeting=meeting)
    except PreparationError as exc:
        messages.error(request, str(exc))
        return redirect(f"{meeting.get_absolute_url()}#follow-ups-offered")
    messages.success(request, _("“%(title)s” has been added to the agenda.") % {"title": item.title})
    return redirect(f"{meeting.get_absolute_url()}#item-{item.pk}")


# --- Agenda ---------------------------------------------------------------------------


@require_GET
def meeting_agenda(request, pk):
    meeting = access.get_agenda_meeting_for_user(request, pk)
    return render(request, "preparation/agenda.html", {
        "meeting": meeting,
        "heading": meeting.agenda_heading,
        "sections": meeting.agenda_sections(),
        "can_send": access.can_manage_meeting(request.user, meeting) and meeting.status == Meeting.Status.DRAFT,
        "sent_at": meeting.agenda_sent_at,
    })


@require_GET
def meeting_agenda_pdf(request, pk):
    from meetings.pdf import agenda_pdf_filename, render_agenda_pdf

    meeting = access.get_agenda_meeting_for_user(request, pk)
    response = HttpResponse(render_agenda_pdf(meeting), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, agenda_pdf_filename(meeting))
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def meeting_agenda_send(request, pk):
    """A confirmation page listing the recipients; the POST sends the agenda with its PDF."""
    meeting = access.get_meeting_for_user(request, pk, for_manage=True)
    error = None
    if request.method == "POST":
        try:
            sent = agenda.agenda_send(meeting=meeting, user=request.user)
        except PreparationError as exc:
            error = str(exc)
        else:
            messages.success(request, ngettext(
                "The agenda has been sent to %(count)d member.", "The agenda has been sent to %(count)d members.", sent
            ) % {"count": sent})
            return redirect("meetings:meeting_agenda", meeting.pk)
    recipients = agenda.agenda_recipients(meeting)
    without_email = meeting.group.members.filter(is_active=True, email="").order_by("first_name", "last_name")
    return render(request, "preparation/agenda_send.html", {
        "meeting": meeting, "heading": meeting.agenda_heading, "recipients": recipients,
        "without_email": without_email, "error": error, "sent_at": meeting.agenda_sent_at,
        "can_send": meeting.status == Meeting.Status.DRAFT,
    }, status=400 if error else 200)


# --- Calendar files ---------------------------------------------------------------------


def _ics_response(data, filename):
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def meeting_ics(request, pk):
    meeting = access.get_agenda_meeting_for_user(request, pk)
    return _ics_response(ics.meeting_ics(meeting), ics.ics_filename(meeting, "mote"))


@require_GET
def meeting_deadline_ics(request, pk):
    """The adjustment deadline, for the meeting's adjusters and the group's secretaries."""
    meeting = access.get_meeting_for_user(request, pk)
    if not access.can_see_deadline(request.user, meeting):
        raise PermissionDenied
    if meeting.adjustment_deadline is None:
        raise Http404
    return _ics_response(ics.deadline_ics(meeting), ics.ics_filename(meeting, "justering"))
