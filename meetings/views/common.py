"""Per-object access helpers shared by the views."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy

from meetings import services
from meetings.models import AgendaItem, Meeting


def _get_meeting_for_user(request, pk, *, edit=False):
    """The meeting if this user may see it (404 otherwise); with `edit`, 403 unless they may edit it."""
    visible = Meeting.objects.visible_to(request.user)
    # An imported file's whole text is read only where the import is reviewed.
    meeting = get_object_or_404(visible.select_related("group").defer("source_text", "unclassified_text"), pk=pk)
    if edit and not meeting.can_edit(request.user):
        raise PermissionDenied
    return meeting


def _get_item_for_user(request, pk, *, edit=False):
    item = get_object_or_404(AgendaItem, pk=pk)
    item.meeting = _get_meeting_for_user(request, item.meeting_id, edit=edit)
    return item


CONFLICT_MESSAGE = gettext_lazy(
    "Someone else saved this while you were editing it. Your text has not been saved "
    "but is kept below; compare it with the saved version, merge what you want to keep "
    "and save again."
)


def save_or_conflict(form, save, message=CONFLICT_MESSAGE):
    """Run `save()`; when someone else saved first, keep the user's input in `form`.

    Returns None once saved. On a conflict the form gets a message, is moved
    to the saved version (so the next save, after merging, goes through) and
    the saved object is returned, for the template to show beside the form.
    EditConflict is re-raised when the object was deleted meanwhile.
    """
    try:
        save()
    except services.EditConflict as exc:
        if exc.current is None:
            raise
        form.add_error(None, message)
        form.data = form.data.copy()
        form.data["version"] = exc.current.version
        return exc.current
    return None


def render_partial(request, full_template, partial_template, context):
    """htmx requests get the fragment; a normal request gets the whole page around it."""
    template = partial_template if request.htmx else full_template
    return render(request, template, context)


def redirect_to_item(item):
    return redirect(f"{item.meeting.get_absolute_url()}#item-{item.pk}")
