"""Importing existing minutes on the web: upload one or more files, review each beside its text, save.

The upload returns at once: each file is imported by a background task
(meetings.tasks), and the page shows a progress bar and each file's result,
polled with htmx. An uploaded file becomes an imported draft (nothing of a bad
file is saved; every file is its own transaction). The secretary reviews it beside the
original text, corrects it in the ordinary editor, and saves it: then the
minutes are adjusted, a historical record. A draft import can be discarded.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from meetings import access, drafting, tasks
from meetings.exceptions import WorkflowError
from meetings.importer.saving import import_finish
from meetings.models import CooperationGroup, ImportFile, Meeting

MAX_FILES = 50


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files; each is checked by the importer, so one bad file fails alone."""

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if not files:
            raise forms.ValidationError(_("Choose at least one file."))
        if len(files) > MAX_FILES:
            raise forms.ValidationError(_("At most %(count)s files at a time.") % {"count": MAX_FILES})
        return files


class ImportForm(forms.Form):
    files = MultipleFileField(
        label=gettext_lazy("Files"), widget=MultipleFileInput(attrs={"accept": ".txt,.docx,.pdf,.doc,.odt", "multiple": True}),
        help_text=gettext_lazy("Minutes as .txt, .docx, .doc, .odt or .pdf (also scanned); choose or drop several at once."),
    )
    group = forms.ModelChoiceField(
        label=gettext_lazy("Cooperation group"), queryset=CooperationGroup.objects.none(), required=False,
        empty_label=gettext_lazy("The group named in each file's heading"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = access.managed_groups(user)


@require_http_methods(["GET", "POST"])
def import_upload(request):
    access.require_secretary(request)
    bound = request.method == "POST"
    form = ImportForm(request.POST if bound else None, request.FILES if bound else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        batch = tasks.import_batch_create(user=request.user, group=form.cleaned_data["group"],
                                          uploads=form.cleaned_data["files"])
        if request.htmx:
            return render(request, "meetings/import_progress.html", _progress(request, batch))
        return redirect("meetings:import_batch", pk=batch.pk)
    return render(request, "meetings/import_upload.html", {"form": form})


def _progress(request, batch):
    results = tasks.import_batch_results(batch, request.user)
    done = sum(1 for r in results if r["status"] in ImportFile.DONE)
    return {"batch": batch, "results": results, "done": done, "total": len(results),
            "finished": done == len(results),
            "imported": sum(1 for r in results if r["status"] == ImportFile.Status.IMPORTED)}


@require_GET
def import_batch(request, pk):
    """The upload page with a batch's progress and results (without htmx, or after a reload)."""
    access.require_secretary(request)
    batch = access.get_import_batch_for_user(request, pk)
    return render(request, "meetings/import_upload.html", {
        "form": ImportForm(user=request.user), **_progress(request, batch),
    })


@require_GET
def import_progress(request, pk):
    """The progress bar and the results so far: polled by the page until every file is done."""
    access.require_secretary(request)
    batch = access.get_import_batch_for_user(request, pk)
    return render(request, "meetings/import_progress.html", _progress(request, batch))


@require_GET
def import_review(request, pk):
    meeting = access.get_import_for_user(request, pk)
    meeting = Meeting.objects.with_contents().get(pk=meeting.pk)
    return render(request, "meetings/import_review.html", {
        "meeting": meeting,
        "sections": meeting.items_by_section(),
        "in_review": meeting.status == meeting.Status.DRAFT,
        "attachment": meeting.attachments.filter(sha256=meeting.source_sha256).first(),
    })


@require_POST
def import_save(request, pk):
    meeting = access.get_import_for_user(request, pk, for_edit=True)
    try:
        import_finish(meeting=meeting, user=request.user)
    except WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect("meetings:import_review", pk=meeting.pk)
    messages.success(request, _("The imported minutes have been saved as adjusted minutes."))
    return redirect(meeting)


@require_POST
def import_discard(request, pk):
    meeting = access.get_import_for_user(request, pk, for_edit=True)
    try:
        drafting.meeting_delete(meeting=meeting)
    except WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect("meetings:import_review", pk=meeting.pk)
    messages.success(request, _("The import of %(file)s has been discarded.") % {"file": meeting.source_name})
    return redirect("meetings:import_upload")
