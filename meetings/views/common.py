"""Helpers the views share: optimistic-locking conflicts, htmx fragments, redirects.

Who may see what is in meetings.access (get_meeting_for_user and friends).
"""

from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django_htmx.http import reswap, retarget

from meetings.exceptions import EditConflict
from meetings.models import Meeting
from meetings.views.adjustment import with_signature_panel

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
    except EditConflict as exc:
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


def item_response(request, item):
    """The item's editor card again, for htmx; a redirect to it in the editor otherwise."""
    if not request.htmx:
        return redirect_to_item(item)
    meeting = Meeting.objects.with_contents().get(pk=item.meeting_id)
    item = next(i for i in meeting.items.all() if i.pk == item.pk)
    response = render(request, "meetings/_item.html", {"item": item, "meeting": meeting, "can_edit": True})
    response = reswap(retarget(response, f"#item-{item.pk}"), "outerHTML")
    return with_signature_panel(request, meeting, response)
