"""Agenda items and what hangs on them: union inputs and decisions.

Every action works as a plain form post with a redirect; with htmx the same
URLs answer with the fragment to swap, so the editor page never reloads.
Several forms can be open on the editor at once: each gets field ids of its
own (`auto_id`), so every label points at its own field.
"""

import hashlib

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from meetings import access, drafting, quick_entry
from meetings.exceptions import EditConflict
from meetings.forms import AgendaItemForm, DecisionForm, PasteItemsForm, UnionInputForm
from meetings.models import AgendaItem, Decision, Meeting, UnionInput
from meetings.views.adjustment import with_signature_panel
from meetings.views.common import (
    item_response,
    redirect_to_item,
    render_partial,
    save_or_conflict,
)


def _sections_response(request, meeting):
    """The editor's sections, for htmx; a redirect to the editor otherwise."""
    if not request.htmx:
        return redirect(meeting)
    meeting = Meeting.objects.with_contents().get(pk=meeting.pk)
    response = render(request, "meetings/_sections.html", {"meeting": meeting, "can_edit": True})
    response = reswap(retarget(response, "#sections"), "outerHTML")
    # An edit may void signatures: the panel shows it in the same response (issue 15).
    return with_signature_panel(request, meeting, response)


@require_http_methods(["GET", "POST"])
def item_create(request, pk):
    meeting = access.get_meeting_for_user(request, pk, for_edit=True)
    # The section the form opens in (from the "add item under …" link); the
    # posted form is validated like any other field.
    kind = request.GET.get("kind", AgendaItem.Kind.INFORMATION)
    if kind not in AgendaItem.Kind.values:
        return HttpResponseBadRequest(_("Unknown section."))
    if request.POST.get("kind") in AgendaItem.Kind.values:
        kind = request.POST["kind"]
    form = AgendaItemForm(request.POST or None, initial={"kind": kind}, auto_id=f"id_new_{kind}_%s")
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        item.meeting = meeting
        drafting.item_create(item=item)
        if request.htmx:
            return _sections_response(request, meeting)
        messages.success(request, _("The item has been added."))
        return redirect_to_item(item)
    context = {"form": form, "meeting": meeting, "kind": kind}
    return render_partial(request, "meetings/item_form_page.html", "meetings/_item_form.html", context)


@require_http_methods(["GET", "POST"])
def items_paste(request, pk):
    """Quick entry: paste a block of text into a section, see the items it makes, then save them."""
    meeting = access.get_meeting_for_user(request, pk, for_edit=True)
    kind = request.GET.get("kind", AgendaItem.Kind.INFORMATION)
    form = PasteItemsForm(request.POST or None, initial={"kind": kind if kind in AgendaItem.Kind.values else None})
    preview, error = None, None
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        try:
            preview = quick_entry.read_block(form.cleaned_data["text"], kind)
        except quick_entry.QuickEntryError as exc:
            error = str(exc)
        else:
            digest = hashlib.sha256(form.cleaned_data["text"].encode()).hexdigest()
            # Only what was previewed is saved: text changed after the preview is previewed again.
            if "save" in request.POST and request.POST.get("previewed") == digest:
                created = drafting.items_create_from_block(meeting=meeting, kind=kind, items=preview)
                messages.success(request, ngettext(
                    "%(count)d item has been added.", "%(count)d items have been added.", len(created)
                ) % {"count": len(created)})
                return redirect_to_item(created[0])
    return render(request, "meetings/items_paste.html", {
        "meeting": meeting, "form": form, "preview": preview, "error": error,
        "previewed": hashlib.sha256(form.cleaned_data["text"].encode()).hexdigest() if preview else "",
        "section": dict(AgendaItem.Kind.choices).get(form["kind"].value() or kind, ""),
    }, status=400 if error else 200)


@require_http_methods(["GET", "POST"])
def item_edit(request, pk):
    try:
        item = access.get_item_for_user(request, pk, for_edit=True)
    except Http404:
        if request.method != "POST":
            raise
        # Deleted meanwhile (or never visible): still a 404, but the typed text comes back.
        context = {"title": request.POST.get("title", ""), "body": request.POST.get("body", "")}
        return render(request, "meetings/item_gone.html", context, status=404)
    form = AgendaItemForm(request.POST or None, instance=item, auto_id=f"id_item{item.pk}_%s")
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            conflict = save_or_conflict(form, lambda: drafting.item_update(
                item=form.instance, expected_version=form.cleaned_data["version"], fields=form.saved_fields,
            ), _(
                "Someone else saved this item while you were editing it. Your text has not been "
                "saved but is kept below; compare it with the saved version, merge what you "
                "want to keep and save again."
            ))
        except EditConflict:
            messages.error(request, _("The item was deleted by someone else while you were editing it."))
            return redirect(item.meeting)
        if conflict is None:
            if request.htmx:
                return _sections_response(request, item.meeting)
            messages.success(request, _("The item has been saved."))
            return redirect_to_item(item)
    context = {"form": form, "meeting": item.meeting, "item": item, "conflict": conflict}
    return render_partial(request, "meetings/item_form_page.html", "meetings/_item_form.html", context)


@require_POST
def item_delete(request, pk):
    item = access.get_item_for_user(request, pk, for_edit=True)
    drafting.item_delete(item=item)
    if not request.htmx:
        messages.success(request, _("The item “%(title)s” has been deleted.") % {"title": item.title})
    return _sections_response(request, item.meeting)


@require_POST
def item_move(request, pk):
    item = access.get_item_for_user(request, pk, for_edit=True)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        return HttpResponseBadRequest(_("Unknown direction."))
    drafting.item_move(item=item, direction=direction)
    return _sections_response(request, item.meeting)


@require_http_methods(["GET", "POST"])
def union_input_create(request, pk):
    item = access.get_item_for_user(request, pk, for_edit=True)
    form = UnionInputForm(request.POST or None, auto_id=f"id_input_new{item.pk}_%s")
    if request.method == "POST" and form.is_valid():
        union_input = form.save(commit=False)
        union_input.item = item
        drafting.union_input_create(union_input=union_input)
        return item_response(request, item)
    context = {"form": form, "meeting": item.meeting, "item": item}
    return render_partial(
        request, "meetings/union_input_form_page.html", "meetings/_union_input_form.html", context
    )


@require_http_methods(["GET", "POST"])
def union_input_edit(request, pk):
    union_input = get_object_or_404(UnionInput, pk=pk)
    item = access.get_item_for_user(request, union_input.item_id, for_edit=True)
    union_input.item = item
    form = UnionInputForm(request.POST or None, instance=union_input, auto_id=f"id_input{union_input.pk}_%s")
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            conflict = save_or_conflict(form, lambda: drafting.union_input_update(
                union_input=form.instance, expected_version=form.cleaned_data["version"],
            ))
        except EditConflict:
            messages.error(request, _("The union input was deleted by someone else while you were editing it."))
            return item_response(request, item)
        if conflict is None:
            return item_response(request, item)
    context = {"form": form, "meeting": item.meeting, "item": item, "union_input": union_input, "conflict": conflict}
    return render_partial(
        request, "meetings/union_input_form_page.html", "meetings/_union_input_form.html", context
    )


@require_POST
def union_input_delete(request, pk):
    union_input = get_object_or_404(UnionInput, pk=pk)
    item = access.get_item_for_user(request, union_input.item_id, for_edit=True)
    union_input.item = item
    drafting.union_input_delete(union_input=union_input)
    return item_response(request, item)


@require_http_methods(["GET", "POST"])
def decision_edit(request, pk):
    item = access.get_item_for_user(request, pk, for_edit=True)
    if item.kind != AgendaItem.Kind.DECISION:
        raise PermissionDenied
    decision = Decision.objects.filter(item=item).first() or Decision(item=item)
    form = DecisionForm(request.POST or None, instance=decision, auto_id=f"id_decision{item.pk}_%s")
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            conflict = save_or_conflict(form, lambda: drafting.decision_save(
                decision=form.save(commit=False), stands=form.stands(),
                expected_version=form.cleaned_data["version"], union_inputs=form.union_inputs(),
            ))
        except EditConflict:
            messages.error(request, _("The decision was deleted by someone else while you were editing it."))
            return item_response(request, item)
        if conflict is None:
            if not request.htmx:
                messages.success(request, _("The decision has been saved."))
            return item_response(request, item)
    context = {"form": form, "meeting": item.meeting, "item": item, "conflict": conflict}
    return render_partial(request, "meetings/decision_form_page.html", "meetings/_decision_form.html", context)


@require_POST
def decision_delete(request, pk):
    item = access.get_item_for_user(request, pk, for_edit=True)
    decision = get_object_or_404(Decision, item=item)
    drafting.decision_delete(decision=decision)
    return item_response(request, item)
