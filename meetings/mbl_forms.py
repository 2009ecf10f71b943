"""Forms of the rules around the minutes: central negotiations, secrecy marks (Swedish labels via i18n)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.forms import NoFormTagMixin
from meetings.models import OSL_REFERENCES, Party, SecrecyMark
from meetings.secrecy import paragraph_choices

OTHER = "other"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class CentralRequestForm(NoFormTagMixin, forms.Form):
    party = forms.ModelChoiceField(label=_("Union"), queryset=Party.objects.none(), empty_label=None)
    requested_on = forms.DateField(label=_("Requested on"), widget=DateInput())

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = parties
        self.initial.setdefault("requested_on", timezone.localdate())


class CentralCloseForm(NoFormTagMixin, forms.Form):
    closed_on = forms.DateField(label=_("Closed on"), widget=DateInput())
    outcome = forms.CharField(label=_("Outcome"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("closed_on", timezone.localdate())


class SecrecyMarkForm(NoFormTagMixin, forms.Form):
    """What is secret (one of the meeting's parts), under which reference and why."""

    target = forms.ChoiceField(label=_("What is secret"))
    reference_choice = forms.ChoiceField(
        label=_("Legal reference"),
        choices=[(ref, ref) for ref in OSL_REFERENCES] + [(OTHER, _("Other (type below)"))],
    )
    reference_other = forms.CharField(label=_("Other legal reference"), max_length=100, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.targets = {}
        choices = []
        for item in meeting.items.all():
            self._add(choices, f"item-{item.pk}", _("Item: %(title)s") % {"title": item.title},
                      {"kind": SecrecyMark.Kind.ITEM, "item": item})
            for index, text in paragraph_choices(item):
                self._add(choices, f"para-{item.pk}-{index}",
                          _("Paragraph %(n)s of “%(title)s”: %(text)s") % {
                              "n": index + 1, "title": item.title, "text": text[:60]},
                          {"kind": SecrecyMark.Kind.PARAGRAPH, "item": item, "block_index": index})
            for union_input in item.union_inputs.all():
                self._add(choices, f"input-{union_input.pk}",
                          _("Union input on “%(title)s”: %(text)s") % {"title": item.title,
                                                                       "text": union_input.text[:60]},
                          {"kind": SecrecyMark.Kind.UNION_INPUT, "union_input": union_input})
        for attachment in meeting.attachments.all():
            self._add(choices, f"file-{attachment.pk}", _("Attachment: %(title)s") % {"title": attachment.title},
                      {"kind": SecrecyMark.Kind.ATTACHMENT, "attachment": attachment})
        self.fields["target"].choices = choices

    def _add(self, choices, key, label, target):
        choices.append((key, label))
        self.targets[key] = target

    def clean(self):
        data = super().clean()
        if data.get("reference_choice") == OTHER:
            if not (data.get("reference_other") or "").strip():
                self.add_error("reference_other", _("Type the legal reference."))
            data["reference"] = (data.get("reference_other") or "").strip()
        else:
            data["reference"] = data.get("reference_choice", "")
        return data

    def mark(self):
        """The unsaved SecrecyMark."""
        return SecrecyMark(
            meeting=self.meeting, reference=self.cleaned_data["reference"], reason=self.cleaned_data["reason"],
            **self.targets[self.cleaned_data["target"]],
        )
