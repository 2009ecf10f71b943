"""Meetings: the list, creating a draft, the editor page, the header form, the preview."""

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from meetings import access, drafting, secrecy
from meetings.archive import rows
from meetings.exceptions import WorkflowError
from meetings.forms import MeetingCreateForm, MeetingForm, next_free_protocol_number
from meetings.models import Adjuster, AgendaItem, Decision, Meeting, Signature
from meetings.views.adjustment import meeting_comments, page_meetings, review_page
from meetings.views.common import save_or_conflict


# The columns of templates/meetings/_meeting_table.html (and the headings of the start page).
MEETING_ROW_FIELDS = (
    "date", "protocol_number", "status", "adjustment_deadline", "group__name", "group__administration",
)


@require_GET
def home(request):
    """The start page, by role: what the person has to do comes first."""
    user = request.user
    readable = access.visible_meetings(user)
    # What the lists show of each meeting, not the whole row.
    visible = (
        readable.select_related("group").only(*MEETING_ROW_FIELDS)
        .annotate(item_count=Count("items")).order_by("-date", "-id")
    )
    # Drafts and minutes out for adjustment are few and all shown; adjusted minutes, the newest.
    in_progress = list(visible.exclude(status=Meeting.Status.ADJUSTED).prefetch_related(
        Prefetch("adjusters", queryset=Adjuster.objects.select_related("party", "user")),
        Prefetch("signatures", queryset=Signature.objects.filter(voided_at__isnull=True), to_attr="active_signatures"),
    ))
    for meeting in in_progress:
        signed = {s.adjuster_id for s in meeting.active_signatures}
        meeting.signed_adjusters = [a for a in meeting.adjusters.all() if a.pk in signed]
        meeting.waiting_adjusters = [a for a in meeting.adjusters.all() if a.pk not in signed]
    context = {
        "can_create": access.can_create_minutes(user),
        "waiting_for_me": [
            m for m in in_progress
            if m.status == Meeting.Status.OUT_FOR_ADJUSTMENT and any(a.user_id == user.pk for a in m.waiting_adjusters)
        ],
        "drafts": [m for m in in_progress if m.status == Meeting.Status.DRAFT],
        "out_for_adjustment": [m for m in in_progress if m.status == Meeting.Status.OUT_FOR_ADJUSTMENT],
        "adjusted": list(visible.filter(status=Meeting.Status.ADJUSTED)[:20]),
        "latest_decisions": rows.decision_rows(list(
            Decision.objects.filter(
                item__kind=AgendaItem.Kind.DECISION,
                item__meeting__in=readable.filter(status=Meeting.Status.ADJUSTED).values("pk"),
            )
            .order_by("-item__meeting__date", "item__position").values_list(*rows.COLUMNS)[:10]
        )) if not access.can_create_minutes(user) else [],
    }
    return render(request, "meetings/home.html", context)


@require_http_methods(["GET", "POST"])
def meeting_create(request):
    if not access.can_create_minutes(request.user):
        messages.error(request, _("Only secretaries can create minutes."))
        return redirect("meetings:home")
    form = MeetingCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        meeting = drafting.meeting_create(
            meeting=form.save(commit=False),
            user=request.user,
            copy_previous=form.cleaned_data["copy_previous"],
        )
        messages.success(request, _("The draft has been created."))
        return redirect(meeting)
    if request.method == "GET":
        group = form.fields["group"].queryset.first()
        if group is not None:
            form.initial["group"] = group.pk
            form.initial["protocol_number"] = next_free_protocol_number(group, timezone.localdate().year)
    return render(request, "meetings/meeting_create.html", {"form": form})


@require_GET
def meeting_detail(request, pk):
    """The editor for the group's secretaries; the review page for everyone else."""
    meeting = access.get_meeting_for_user(request, pk, meetings=page_meetings())
    if not access.can_edit_meeting(request.user, meeting):
        return review_page(request, meeting)
    return render(request, "meetings/meeting_editor.html", {
        "meeting": meeting, "can_edit": True, "can_manage": True,
        "adjusters": meeting.adjusters_with_signatures(),
        "comments": meeting_comments(meeting),
    })


@require_GET
def meeting_preview(request, pk):
    meeting = access.get_meeting_for_user(request, pk)
    meeting = secrecy.redact_for(request.user, Meeting.objects.with_contents().get(pk=meeting.pk))
    return render(
        request,
        "meetings/meeting_preview.html",
        {"meeting": meeting, "can_edit": access.can_edit_meeting(request.user, meeting)},
    )


@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = access.get_meeting_for_user(request, pk, for_edit=True)
    form = MeetingForm(request.POST or None, instance=meeting, user=request.user)
    conflict = None
    if request.method == "POST" and form.is_valid():
        conflict = save_or_conflict(form, lambda: drafting.meeting_update(
            meeting=form.instance, expected_version=form.cleaned_data["version"], fields=form.saved_fields,
        ), _(
            "Someone else saved the meeting details while you were editing. Your changes "
            "have not been saved but are kept below; compare them with the saved version "
            "and save again."
        ))
        if conflict is None:
            messages.success(request, _("The meeting details have been saved."))
            return redirect(meeting)
    return render(
        request, "meetings/meeting_form.html", {"form": form, "meeting": meeting, "conflict": conflict}
    )


@require_POST
def meeting_delete(request, pk):
    meeting = access.get_meeting_for_user(request, pk, for_edit=True)
    try:
        drafting.meeting_delete(meeting=meeting)
    except WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect(meeting)
    messages.success(request, _("The draft has been deleted."))
    return redirect("meetings:home")
