"""Forms of meeting preparation: calendar points and follow-ups."""

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from meetings import access
from meetings.forms import NoFormTagMixin
from meetings.models import FollowUp, Meeting, RecurringPoint


class MonthChoiceField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        from meetings.preparation.calendar import month_name

        super().__init__(coerce=int, choices=lambda: [(m, month_name(m)) for m in range(1, 13)], **kwargs)


class RecurringPointForm(NoFormTagMixin, forms.ModelForm):
    month = MonthChoiceField(label=_("month"))

    class Meta:
        model = RecurringPoint
        fields = ["month", "kind", "title", "presenter"]


class FollowUpForm(NoFormTagMixin, forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["what", "who", "due_date"]
        widgets = {
            "what": forms.Textarea(attrs={"rows": 2}),
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "who": _("For example: HR-enheten or VC BUF."),
        }

    def clean_what(self):
        what = self.cleaned_data["what"].strip()
        if not what:
            raise forms.ValidationError(_("Describe what is to be followed up."))
        return what


class FollowUpCloseForm(NoFormTagMixin, forms.Form):
    handled_in = forms.ModelChoiceField(
        label=_("Handled in"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("No meeting (closed without being taken up)"),
    )

    def __init__(self, *args, follow_up, user, **kwargs):
        super().__init__(*args, **kwargs)
        origin = follow_up.item.meeting
        meetings = (
            access.visible_meetings(user)
            .filter(group=origin.group, date__gte=origin.date)
            .exclude(pk=origin.pk)
            .select_related("group")
            .order_by("-date", "-id")
        )
        field = self.fields["handled_in"]
        field.queryset = meetings
        field.label_from_instance = lambda m: formats.date_format(m.date, "j F Y") + (
            f" ({m.protocol_number})" if m.protocol_number else ""
        )
