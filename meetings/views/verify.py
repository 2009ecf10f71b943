"""/verify/: upload a PDF and learn whether it is our minutes, unchanged, with a valid seal."""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from meetings import access
from meetings.verification import verify_pdf


class VerifyForm(forms.Form):
    file = forms.FileField(label=_("PDF file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError(_("The file is too large to check."))
        data = upload.read()
        if b"%PDF-" not in data[:1024]:
            raise forms.ValidationError(_("The file is not a PDF."))
        return data


@login_not_required
def verify(request):
    """Anyone logged in (everyone when VERIFY_PUBLIC) may check a file; nothing is stored."""
    if not access.can_verify_pdf(request.user):
        return redirect_to_login(request.get_full_path())
    result = None
    form = VerifyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        result = verify_pdf(form.cleaned_data["file"])
    can_open = bool(result and result.meeting and access.visible_meetings(request.user).filter(
        pk=result.meeting.pk).exists())
    response = render(request, "meetings/verify_pdf.html", {
        "form": form, "result": result, "findings": result.findings() if result else [], "can_open": can_open,
    })
    response["Cache-Control"] = "private, no-store"
    return response
