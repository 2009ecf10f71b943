"""MBL on decisions: the window to request central negotiation, and the negotiations themselves.

A decision marked as an MBL §11 negotiation where a union's position is
"oeniga" gets, at the adjustment of its minutes, a window of
`central_request_days` calendar days (the group's, else
settings.MBL_CENTRAL_REQUEST_DAYS) to request central negotiation (§14).
Until the window closes without a request, or while a requested central
negotiation is open, the decision "Får inte verkställas".

`decision_state(decision)` is the one selector of that state; the writes are
`central_negotiation_request` and `central_negotiation_close`;
`send_window_reminders` tells the secretaries when a window has closed.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings import access, notifications
from meetings.exceptions import WorkflowError
from meetings.models import AgendaItem, CentralNegotiation, Decision, Meeting, Party, Position

NONE = "none"
WINDOW_OPEN = "window_open"
REQUESTED = "requested"
MAY_BE_CARRIED_OUT = "may_be_carried_out"

STATE_LABELS = {
    WINDOW_OPEN: gettext_lazy("May not be carried out"),
    REQUESTED: gettext_lazy("May not be carried out"),
    MAY_BE_CARRIED_OUT: gettext_lazy("May be carried out"),
}


@dataclass
class MblState:
    state: str = NONE
    window_ends: datetime.date | None = None
    negotiations: list = field(default_factory=list)

    @property
    def blocked(self):
        """"Får inte verkställas"."""
        return self.state in (WINDOW_OPEN, REQUESTED)

    @property
    def label(self):
        return STATE_LABELS.get(self.state, "")

    @property
    def applies(self):
        return self.state != NONE


def request_days(group):
    return group.central_request_days or settings.MBL_CENTRAL_REQUEST_DAYS


def window_end(meeting):
    """The last day a central negotiation may be requested: the adjustment date plus the group's days."""
    if meeting.adjusted_at is None:
        return None
    adjusted_on = timezone.localdate(meeting.adjusted_at)
    return adjusted_on + datetime.timedelta(days=request_days(meeting.group))


def has_union_disagreement(decision):
    return any(p.stand == Position.Stand.DISAGREE and p.party.kind == Party.Kind.UNION
               for p in decision.positions.all())


def decision_state(decision, *, today=None, negotiations=None):
    """The MBL state of `decision`: none, window open, requested and open, or may be carried out."""
    meeting = decision.item.meeting
    if decision.mbl != Decision.Mbl.NEGOTIATION or not has_union_disagreement(decision):
        return MblState()
    if negotiations is None:
        negotiations = list(decision.central_negotiations.select_related("party").order_by("requested_on", "pk"))
    if meeting.status != Meeting.Status.ADJUSTED or meeting.adjusted_at is None:
        return MblState(negotiations=negotiations)
    today = today or timezone.localdate()
    ends = window_end(meeting)
    if any(n.is_open for n in negotiations):
        state = REQUESTED
    elif not negotiations and today <= ends:
        state = WINDOW_OPEN
    else:
        state = MAY_BE_CARRIED_OUT
    return MblState(state=state, window_ends=ends, negotiations=negotiations)


def _candidates(decisions):
    """§11 decisions of adjusted minutes where a union disagreed, with what decision_state reads."""
    disagreement = Position.objects.filter(
        decision=OuterRef("pk"), stand=Position.Stand.DISAGREE, party__kind=Party.Kind.UNION
    )
    return (
        decisions.filter(mbl=Decision.Mbl.NEGOTIATION, item__meeting__status=Meeting.Status.ADJUSTED)
        .filter(Exists(disagreement))
        .select_related("item__meeting__group")
        .prefetch_related("positions__party", "central_negotiations__party")
    )


def states(decisions, *, today=None):
    """{decision id: MblState} for the decisions of `decisions` the MBL rules apply to."""
    result = {}
    for decision in _candidates(decisions):
        negotiations = sorted(decision.central_negotiations.all(), key=lambda n: (n.requested_on, n.pk))
        result[decision.pk] = decision_state(decision, today=today, negotiations=negotiations)
    return result


def blocked_ids(decisions, *, today=None):
    """The ids of the decisions of `decisions` that may not be carried out today."""
    return [pk for pk, state in states(decisions, today=today).items() if state.blocked]


def blocked_decisions(decisions, *, today=None):
    """The decisions of `decisions` that may not be carried out today, each with `.mbl_state`, oldest first."""
    found = []
    for decision in _candidates(decisions).order_by("item__meeting__date", "item__position"):
        negotiations = sorted(decision.central_negotiations.all(), key=lambda n: (n.requested_on, n.pk))
        decision.mbl_state = decision_state(decision, today=today, negotiations=negotiations)
        if decision.mbl_state.blocked:
            found.append(decision)
    return found


# --- Writes -------------------------------------------------------------------------


def _validate_day(day, *, meeting, what):
    if day is None:
        raise WorkflowError(_("Give the date."))
    if day > timezone.localdate():
        raise WorkflowError(_("The date %(what)s cannot be in the future.") % {"what": what})
    if day < timezone.localdate(meeting.adjusted_at):
        raise WorkflowError(_("The date %(what)s cannot be before the minutes were adjusted.") % {"what": what})


def central_negotiation_request(*, decision, party, requested_on, user):
    """Record "Central förhandling begärd" by `party` on `decision`, requested in time."""
    with transaction.atomic():
        decision = Decision.objects.select_related("item__meeting__group").get(pk=decision.pk)
        meeting = decision.item.meeting
        if not access.can_record_central_negotiation(user, decision, party):
            raise WorkflowError(_("Only the group's secretary or the union's own adjuster can record this."))
        if decision.mbl != Decision.Mbl.NEGOTIATION:
            raise WorkflowError(_("Central negotiation can be requested only on an MBL §11 negotiation."))
        if meeting.status != Meeting.Status.ADJUSTED:
            raise WorkflowError(_("Central negotiation can be requested once the minutes are adjusted."))
        if party is None or party.kind != Party.Kind.UNION or not decision.positions.filter(party=party).exists():
            raise WorkflowError(_("Choose a union that is a party of the decision."))
        if not has_union_disagreement(decision):
            raise WorkflowError(_("No union disagreed with this decision."))
        _validate_day(requested_on, meeting=meeting, what=_("of the request"))
        ends = window_end(meeting)
        if requested_on > ends:
            raise WorkflowError(
                _("The window to request central negotiation closed on %(date)s.") % {"date": ends.isoformat()}
            )
        try:
            with transaction.atomic():
                return CentralNegotiation.objects.create(
                    decision=decision, party=party, requested_on=requested_on, recorded_by=user
                )
        except IntegrityError:
            raise WorkflowError(_("%(party)s has already requested central negotiation on this decision.")
                                % {"party": party.name}) from None


def central_negotiation_close(*, negotiation, closed_on, outcome, user):
    """Record the end ("avslutad") of a central negotiation: its date and outcome."""
    outcome = (outcome or "").strip()
    with transaction.atomic():
        negotiation = CentralNegotiation.objects.select_for_update().select_related(
            "decision__item__meeting__group", "party"
        ).get(pk=negotiation.pk)
        meeting = negotiation.decision.item.meeting
        if not access.can_record_central_negotiation(user, negotiation.decision, negotiation.party):
            raise WorkflowError(_("Only the group's secretary or the union's own adjuster can record this."))
        if not negotiation.is_open:
            raise WorkflowError(_("This central negotiation is already closed."))
        if not outcome:
            raise WorkflowError(_("Give the outcome of the central negotiation."))
        _validate_day(closed_on, meeting=meeting, what=_("of the end"))
        if closed_on < negotiation.requested_on:
            raise WorkflowError(_("A central negotiation cannot end before it was requested."))
        negotiation.closed_on = closed_on
        negotiation.outcome = outcome
        negotiation.closed_by = user
        negotiation.save(update_fields=["closed_on", "outcome", "closed_by"])
    return negotiation


# --- Reminders ----------------------------------------------------------------------


def send_window_reminders(*, today=None, dry_run=False):
    """Email the group's secretaries about each window that closed yesterday (run daily).

    A window is reminded on the day after its last day, whether a request came
    or not, so the secretary knows whether the decision may be carried out.
    Returns [(decision, state)] reminded.
    """
    today = today or timezone.localdate()
    decisions = Decision.objects.filter(item__kind=AgendaItem.Kind.DECISION)
    reminded = []
    for decision in _candidates(decisions):
        negotiations = sorted(decision.central_negotiations.all(), key=lambda n: (n.requested_on, n.pk))
        state = decision_state(decision, today=today, negotiations=negotiations)
        if state.window_ends is None or state.window_ends + datetime.timedelta(days=1) != today:
            continue
        if not dry_run:
            notifications.mbl_window_closed(decision=decision, state=state)
        reminded.append((decision, state))
    return reminded
