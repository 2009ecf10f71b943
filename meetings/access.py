"""Who may see or do what: every rule, written once.

Views, search, the archive and meeting preparation ask here; nothing else
decides access. Two kinds of functions:

- rules: `can_<do>_<thing>(user, thing)` answers yes or no, and
  `visible_<things>(user)` gives the querysets a user may read;
- per-object helpers for views, after healthchecks' `_get_check_for_user`:
  `get_<thing>_for_user(request, pk, ...)` loads the object or raises 404
  (the user may not know it exists) or 403 (they may see it, not do this).

The roles (see README, "Roles and access"):

- secretary: every meeting of the groups they are a member of; edits drafts
  and minutes out for adjustment of those groups; keeps the groups' calendars
  and follow-ups; imports;
- adjuster: the meetings they are adjuster of, and adjusted minutes of their
  groups; signs and comments on their own slot;
- manager: adjusted minutes of their groups;
- superuser: everything.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from meetings.models import (
    Adjuster,
    AgendaItem,
    CooperationGroup,
    Decision,
    FollowUp,
    ImmediateAdjustment,
    ImportBatch,
    Meeting,
    Party,
    User,
)

# --- Groups -------------------------------------------------------------------------


def user_group_ids(user):
    """The ids of the cooperation groups `user` is a member of, sorted."""
    memberships = CooperationGroup.members.through.objects.filter(user_id=user.pk)
    return sorted(memberships.values_list("cooperationgroup_id", flat=True))


def is_group_member(user, group):
    return user.is_superuser or group.members.filter(pk=user.pk).exists()


def can_manage_group(user, group):
    """Secretaries of the group (and superusers) keep its minutes, calendar and follow-ups."""
    if user.is_superuser:
        return True
    return user.role == User.Role.SECRETARY and group.members.filter(pk=user.pk).exists()


def visible_groups(user):
    """The groups whose pages (calendar, follow-ups) the user may open."""
    groups = CooperationGroup.objects.all()
    return groups if user.is_superuser else groups.filter(members=user)


def managed_groups(user):
    """The groups the user may create minutes in and import into."""
    if user.is_superuser:
        return CooperationGroup.objects.all()
    if user.role != User.Role.SECRETARY:
        return CooperationGroup.objects.none()
    return CooperationGroup.objects.filter(members=user)


def can_create_minutes(user):
    return user.is_authenticated and (user.is_superuser or user.role == User.Role.SECRETARY)


# --- Meetings -----------------------------------------------------------------------


def visible_meetings(user, meetings=None):
    """Meetings this user may read (of `meetings`, a Meeting queryset, when given).

    Secretaries see every meeting of their groups; adjusters also the meetings
    they are asked to sign; everyone sees adjusted minutes of their groups.
    The user's groups go to the database as a list: with it the planner
    estimates the archive's joins well, and no DISTINCT is needed.
    """
    meetings = Meeting.objects.all() if meetings is None else meetings
    if not user.is_authenticated:
        return meetings.none()
    if user.is_superuser:
        return meetings
    in_group = Q(group_id__in=user_group_ids(user))
    if user.role == User.Role.SECRETARY:
        rule = in_group
    elif user.role == User.Role.ADJUSTER:
        asked_to_sign = Adjuster.objects.filter(user=user).values("meeting_id")
        rule = (in_group & Q(status=Meeting.Status.ADJUSTED)) | Q(pk__in=asked_to_sign)
    else:
        rule = in_group & Q(status=Meeting.Status.ADJUSTED)
    return meetings.filter(rule)


def archive_meetings(user):
    """The meetings whose contents the archive pages (decisions, search, statistics) show.

    Adjusted minutes the user may read; for secretaries (and superusers) also
    their groups' drafts and minutes out for adjustment.
    """
    meetings = visible_meetings(user)
    if not (user.is_superuser or user.role == User.Role.SECRETARY):
        meetings = meetings.filter(status=Meeting.Status.ADJUSTED)
    # A version replaced by a correction the user can read is not counted twice.
    return meetings.exclude(superseded_by__in=meetings.values("pk"))


def can_manage_meeting(user, meeting):
    """The group's secretaries (and superusers): send, correct, import, see every follow-up."""
    return can_manage_group(user, meeting.group)


def can_edit_meeting(user, meeting):
    """The group's secretaries, until the minutes are adjusted."""
    return meeting.is_editable and can_manage_meeting(user, meeting)


def can_start_correction(user, meeting):
    """The group's secretaries correct adjusted minutes by a new version, once per version."""
    return (
        meeting.status == Meeting.Status.ADJUSTED and meeting.is_current_version
        and can_manage_meeting(user, meeting)
    )


def can_compare_versions(user, meeting):
    """Any two versions of the minutes side by side: for the group's secretaries."""
    return can_manage_meeting(user, meeting)


def is_adjuster_of(user, meeting):
    if "adjusters" in getattr(meeting, "_prefetched_objects_cache", {}):  # loaded with the minutes' contents
        return any(adjuster.user_id == user.pk for adjuster in meeting.adjusters.all())
    return meeting.adjusters.filter(user=user).exists()


def can_comment_on_meeting(user, meeting):
    """Adjusters and the group's secretaries, while the minutes are out for adjustment."""
    return meeting.status == Meeting.Status.OUT_FOR_ADJUSTMENT and (
        is_adjuster_of(user, meeting) or can_manage_meeting(user, meeting)
    )


def can_see_deadline(user, meeting):
    """The adjustment deadline (.ics) is for the adjusters and the group's secretaries."""
    return can_manage_meeting(user, meeting) or is_adjuster_of(user, meeting)


def can_see_meeting_follow_ups(user, meeting):
    """Follow-ups of a meeting: the group's secretaries always, everyone else on adjusted minutes."""
    return can_manage_meeting(user, meeting) or meeting.status == Meeting.Status.ADJUSTED


# --- Verification and the e-archive ---------------------------------------------------


def can_verify_pdf(user):
    """/verify/: everyone logged in; anyone at all when VERIFY_PUBLIC is true."""
    return settings.VERIFY_PUBLIC or user.is_authenticated


def can_export_archive_package(user, meeting):
    """The archivist: the group's secretaries (who keep the minutes) and superusers, for adjusted minutes."""
    return meeting.status == Meeting.Status.ADJUSTED and can_manage_meeting(user, meeting)


# --- MBL, secrecy, immediate adjustment -------------------------------------------------


def can_read_secret(user, meeting):
    """Who reads the parts of the minutes under secrecy (OSL); everyone else gets the public version.

    The group's secretaries, the meeting's adjusters, superusers, and members of
    the group with the Django permission `meetings.view_secret` (given in the
    admin; managers do not have it by default).
    """
    if not user.is_authenticated:
        return False
    if user.is_superuser or can_manage_meeting(user, meeting) or is_adjuster_of(user, meeting):
        return True
    return user.has_perm("meetings.view_secret") and is_group_member(user, meeting.group)


def can_mark_secret(user, meeting):
    """The group's secretaries mark parts secret, until the minutes are adjusted."""
    return can_edit_meeting(user, meeting)


def central_negotiation_parties(user, decision):
    """The unions of a decision for which `user` records central negotiations: the group's
    secretaries for any of them, a union's adjuster of the meeting for their own union."""
    unions = Party.objects.filter(kind=Party.Kind.UNION, position__decision=decision).distinct()
    meeting = decision.item.meeting
    if can_manage_meeting(user, meeting):
        return unions
    return unions.filter(pk__in=meeting.adjusters.filter(user=user).values("party_id"))


def can_record_central_negotiation(user, decision, party=None):
    """The group's secretaries for any union; a union's adjuster of the meeting for their own union."""
    meeting = decision.item.meeting
    if can_manage_meeting(user, meeting):
        return True
    slots = meeting.adjusters.filter(user=user, party__kind=Party.Kind.UNION)
    if party is not None:
        slots = slots.filter(party=party)
    return user.is_authenticated and slots.exists()


def can_send_immediate(user, meeting):
    """The group's secretaries send one decision item for immediate adjustment, while the minutes are open."""
    return can_edit_meeting(user, meeting)


def can_see_agenda(user, meeting):
    """The agenda (page, PDF, .ics) of minutes the user may read, and of any meeting whose agenda
    was sent to the group: every member received it (managers and adjusters too)."""
    if visible_meetings(user).filter(pk=meeting.pk).exists():
        return True
    return meeting.agenda_sent_at is not None and user.is_active and is_group_member(user, meeting.group)


# --- Follow-ups ---------------------------------------------------------------------


def visible_follow_ups(user):
    """Follow-ups this user may read: those of meetings they see, adjusted minutes only unless secretary."""
    meetings = visible_meetings(user)
    if not (user.is_superuser or user.role == User.Role.SECRETARY):
        meetings = meetings.filter(status=Meeting.Status.ADJUSTED)
    return FollowUp.objects.filter(item__meeting__in=meetings.values("pk")).select_related(
        "item__meeting__group", "handled_in"
    )


# --- Per-object helpers for views ---------------------------------------------------


def get_meeting_for_user(request, pk, *, for_edit=False, for_manage=False, meetings=None):
    """The meeting if this user may see it (404 otherwise).

    `for_manage`: 403 unless they are the group's secretary; `for_edit`: 403
    unless they may also change it (it is not adjusted). `meetings`: the
    queryset to load it from (Meeting.objects.with_contents(), say), so that
    a page loads its meeting once.
    """
    meetings = Meeting.objects.select_related("group") if meetings is None else meetings
    # An imported file's whole text is read only where the import is reviewed.
    visible = visible_meetings(request.user, meetings).defer("source_text", "unclassified_text")
    meeting = get_object_or_404(visible, pk=pk)
    if for_edit and not can_edit_meeting(request.user, meeting):
        raise PermissionDenied
    if for_manage and not can_manage_meeting(request.user, meeting):
        raise PermissionDenied
    return meeting


def get_agenda_meeting_for_user(request, pk):
    """The meeting whose agenda (page, PDF, .ics) the user may open (404 otherwise)."""
    meeting = get_object_or_404(
        Meeting.objects.select_related("group").defer("source_text", "unclassified_text"), pk=pk
    )
    if not can_see_agenda(request.user, meeting):
        raise Http404
    return meeting


def get_item_for_user(request, pk, *, for_edit=False):
    item = get_object_or_404(AgendaItem, pk=pk)
    item.meeting = get_meeting_for_user(request, item.meeting_id, for_edit=for_edit)
    return item


def get_import_for_user(request, pk, *, for_edit=False):
    """Imported minutes under review, for the group's secretaries."""
    meeting = get_meeting_for_user(request, pk)
    if not meeting.is_imported:
        raise Http404
    if not can_manage_meeting(request.user, meeting) or (for_edit and not can_edit_meeting(request.user, meeting)):
        raise PermissionDenied
    return meeting


def get_decision_for_user(request, pk):
    """A decision of minutes the user may see (404 otherwise)."""
    decision = get_object_or_404(Decision.objects.select_related("item"), pk=pk)
    decision.item.meeting = get_meeting_for_user(request, decision.item.meeting_id)
    return decision


def get_immediate_for_user(request, pk):
    """An immediate adjustment of minutes the user may see (404 otherwise)."""
    record = get_object_or_404(ImmediateAdjustment.objects.select_related("item"), pk=pk)
    record.meeting = get_meeting_for_user(request, record.meeting_id)
    return record


def get_group_for_user(request, pk, *, for_manage=False):
    """The group if the user is a member (404 otherwise); `for_manage`: 403 unless its secretary."""
    group = get_object_or_404(CooperationGroup, pk=pk)
    if not is_group_member(request.user, group):
        raise Http404
    if for_manage and not can_manage_group(request.user, group):
        raise PermissionDenied
    return group


def get_follow_up_for_user(request, pk):
    """A follow-up the user may read (404 otherwise) and change (403 otherwise)."""
    follow_up = get_object_or_404(FollowUp.objects.select_related("item__meeting__group"), pk=pk)
    if not visible_follow_ups(request.user).filter(pk=follow_up.pk).exists():
        raise Http404
    if not can_manage_meeting(request.user, follow_up.item.meeting):
        raise PermissionDenied
    return follow_up


def require_secretary(request):
    """403 for anyone who may not create minutes or import."""
    if not can_create_minutes(request.user):
        raise PermissionDenied


def get_import_batch_for_user(request, pk):
    """A batch of uploaded files, for the secretary who uploaded it only (404 otherwise)."""
    return get_object_or_404(ImportBatch, pk=pk, user=request.user)
