"""Forms of signing and correcting (the drafting forms are in meetings.forms)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from meetings.forms import NoFormTagMixin


class CorrectionForm(NoFormTagMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why are the minutes corrected?"),
        max_length=250,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The reason is logged, shown on both versions and emailed to the adjusters and the group's secretaries."),
    )
