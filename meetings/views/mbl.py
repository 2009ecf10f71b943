"""MBL on a decision (its window, central negotiations) and the secrecy marks of the minutes."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from meetings import access, drafting, mbl
from meetings.exceptions import WorkflowError
from meetings.mbl_forms import CentralCloseForm, CentralRequestForm, SecrecyMarkForm
from meetings.models import CentralNegotiation, Meeting, SecrecyMark

# --- MBL on a decision -------------------------------------------------------------------


def _page(request, decision, *, request_form=None, close_forms=None, status=200):
    state = mbl.decision_state(decision)
    parties = access.central_negotiation_parties(request.user, decision)
    can_record = state.applies and parties.exists()
    return render(request, "mbl/decision_mbl.html", {
        "decision": decision, "meeting": decision.item.meeting, "state": state,
        "can_record": can_record,
        "request_form": request_form or CentralRequestForm(parties=parties),
        "close_forms": close_forms or {
            n.pk: CentralCloseForm(prefix=f"close-{n.pk}") for n in state.negotiations
            if n.is_open and access.can_record_central_negotiation(request.user, decision, n.party)
        },
    }, status=status)


@require_GET
def decision_mbl(request, pk):
    """The MBL facts of a decision: its kind, window, state and central negotiations."""
    return _page(request, access.get_decision_for_user(request, pk))


@require_POST
def central_negotiation_request(request, pk):
    decision = access.get_decision_for_user(request, pk)
    form = CentralRequestForm(request.POST, parties=access.central_negotiation_parties(request.user, decision))
    if form.is_valid():
        try:
            mbl.central_negotiation_request(
                decision=decision, party=form.cleaned_data["party"], requested_on=form.cleaned_data["requested_on"],
                user=request.user,
            )
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The request for central negotiation has been recorded."))
            return redirect("meetings:decision_mbl", decision.pk)
    return _page(request, decision, request_form=form, status=400)


@require_POST
def central_negotiation_close(request, pk):
    negotiation = get_object_or_404(CentralNegotiation, pk=pk)
    decision = access.get_decision_for_user(request, negotiation.decision_id)
    if not access.can_record_central_negotiation(request.user, decision, negotiation.party):
        raise PermissionDenied
    form = CentralCloseForm(request.POST, prefix=f"close-{negotiation.pk}")
    if form.is_valid():
        try:
            mbl.central_negotiation_close(
                negotiation=negotiation, closed_on=form.cleaned_data["closed_on"],
                outcome=form.cleaned_data["outcome"], user=request.user,
            )
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The end of the central negotiation has been recorded."))
            return redirect("meetings:decision_mbl", decision.pk)
    return _page(request, decision, close_forms={negotiation.pk: form}, status=400)


# --- Secrecy marks -----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def secrecy_marks(request, pk):
    """The secrecy marks of the minutes; the group's secretaries add and remove them until adjustment."""
    meeting = access.get_meeting_for_user(request, pk)
    if not access.can_read_secret(request.user, meeting):
        raise PermissionDenied
    meeting = Meeting.objects.with_contents().get(pk=meeting.pk)
    can_mark = access.can_mark_secret(request.user, meeting)
    form = SecrecyMarkForm(request.POST or None, meeting=meeting) if can_mark else None
    status = 200
    if request.method == "POST":
        if not can_mark:
            raise PermissionDenied
        if form.is_valid():
            try:
                drafting.secrecy_mark_create(mark=form.mark(), user=request.user)
            except WorkflowError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The part is marked secret."))
                return redirect("meetings:secrecy_marks", meeting.pk)
        status = 400
    marks = SecrecyMark.objects.filter(meeting=meeting).select_related("item", "union_input__item", "attachment")
    return render(request, "mbl/secrecy_marks.html", {
        "meeting": meeting, "marks": marks, "form": form, "can_mark": can_mark,
    }, status=status)


@require_POST
def secrecy_mark_delete(request, pk):
    mark = get_object_or_404(SecrecyMark, pk=pk)
    mark.meeting = access.get_meeting_for_user(request, mark.meeting_id)
    if not access.can_mark_secret(request.user, mark.meeting):
        raise PermissionDenied
    try:
        drafting.secrecy_mark_delete(mark=mark)
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The secrecy mark has been removed."))
    return redirect("meetings:secrecy_marks", mark.meeting_id)
