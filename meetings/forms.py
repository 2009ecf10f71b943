"""Forms of the drafting UI, laid out by crispy-forms (Bootstrap 5)."""

import os

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from meetings import filetypes
from meetings.models import (
    Adjuster,
    AgendaItem,
    Attachment,
    CooperationGroup,
    Decision,
    Meeting,
    Party,
    Position,
    ReviewComment,
    UnionInput,
    User,
)

# The longest text any one field takes (an item's text runs to a few thousand characters).
LONG_TEXT_MAX = 100_000


def limit_text_fields(form):
    """Give every text field without a length limit one, so an overlong post gets a message.

    (NUL characters, which PostgreSQL cannot store, are refused by every CharField with
    Django's own "Null-tecken är inte tillåtna.")
    """
    for field in form.fields.values():
        if isinstance(field, forms.CharField) and field.max_length is None:
            field.max_length = LONG_TEXT_MAX
            field.validators.append(MaxLengthValidator(LONG_TEXT_MAX))
            field.widget.attrs.setdefault("maxlength", str(LONG_TEXT_MAX))


class NoFormTagMixin:
    """Crispy renders the fields; the template owns the <form> tag (for htmx attributes)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        limit_text_fields(self)


class VersionedForm(NoFormTagMixin, forms.ModelForm):
    """Carries the version the user started from, for optimistic locking."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            self.fields["version"].required = False

    def clean(self):
        data = super().clean()
        # The hidden version field is not shown, so its error is told where it is seen.
        if "version" in self._errors:
            del self._errors["version"]
            self.add_error(None, _("The form is damaged or out of date. Reload the page and try again."))
        return data

    @property
    def saved_fields(self):
        """The model fields this form may write (the others stay as they are in the database)."""
        return [name for name in self._meta.fields if not self.fields[name].disabled]


class MeetingForm(VersionedForm):
    class Meta:
        model = Meeting
        fields = [
            "group", "date", "start_time", "end_time", "place", "protocol_number", "dnr",
            "document_date", "chair", "secretary", "closing_text",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "document_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "closing_text": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        groups = CooperationGroup.objects.all()
        if not user.is_superuser:
            groups = groups.filter(members=user)
        self.fields["group"].queryset = groups
        if self.instance.pk:
            # A meeting does not change group once created.
            self.fields["group"].disabled = True

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The meeting must end after it starts."))
        number = data.get("protocol_number", "")
        group = data.get("group") or getattr(self.instance, "group", None)
        if number and group:
            clash = Meeting.objects.filter(group=group, protocol_number=number)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error(
                    "protocol_number",
                    _("The group already has minutes with protocol number %(number)s.")
                    % {"number": number},
                )
        return data


class MeetingCreateForm(MeetingForm):
    copy_previous = forms.BooleanField(
        label=_("Start from the group's previous meeting"),
        required=False,
        initial=True,
        help_text=_("Copies the agenda (titles, sections, presenters), chair, secretary and place."),
    )

    class Meta(MeetingForm.Meta):
        fields = ["group", "date", "start_time", "end_time", "place", "protocol_number", "dnr", "chair", "secretary"]


class AgendaItemForm(VersionedForm):
    class Meta:
        model = AgendaItem
        fields = ["kind", "title", "presenter", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}


class UnionInputForm(VersionedForm):
    class Meta:
        model = UnionInput
        fields = ["party", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = Party.objects.filter(kind=Party.Kind.UNION)
        self.fields["party"].empty_label = _("The unions jointly")


class DecisionForm(VersionedForm):
    """The decision and, per party, its position: one pair of fields per party."""

    class Meta:
        model = Decision
        fields = ["text", "outcome", "deferred_to", "mbl", "effective_date", "follow_up_date"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 5}),
            "effective_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "follow_up_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.parties = list(Party.objects.all())
        existing = {}
        if self.instance.pk:
            existing = {p.party_id: p for p in self.instance.positions.all()}
        for party in self.parties:
            current = existing.get(party.pk)
            self.fields[f"stand_{party.pk}"] = forms.ChoiceField(
                label=_("Position of %(party)s") % {"party": party.name},
                choices=[("", _("Not stated"))] + list(Position.Stand.choices),
                required=False,
                initial=current.stand if current else "",
            )
            self.fields[f"text_{party.pk}"] = forms.CharField(
                label=_("Comment or demand from %(party)s") % {"party": party.label},
                required=False,
                max_length=2000,
                initial=current.text if current else "",
                widget=forms.TextInput,
            )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Decision.Outcome.DEFERRED and not data.get("deferred_to"):
            self.add_error(
                "deferred_to", _("Say where the question was deferred to, e.g. an MBL §11 negotiation.")
            )
        for party in self.parties:
            if data.get(f"stand_{party.pk}") == Position.Stand.DEMAND and not data.get(f"text_{party.pk}"):
                self.add_error(f"text_{party.pk}", _("Write down the demand (yrkande)."))
        return data

    def stands(self):
        return {
            party: (self.cleaned_data.get(f"stand_{party.pk}", ""), self.cleaned_data.get(f"text_{party.pk}", ""))
            for party in self.parties
        }


class AdjusterForm(NoFormTagMixin, forms.ModelForm):
    """An adjuster is a person's account: the printed name and party are the account's.

    Name and party may be typed (as on the paper minutes) but must then be the
    account's; one adjuster per party.
    """

    class Meta:
        model = Adjuster
        fields = ["user", "name", "party"]

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["user"].queryset = User.objects.filter(
            role=User.Role.ADJUSTER, is_active=True, party__isnull=False
        ).select_related("party")
        self.fields["user"].required = True
        self.fields["user"].label_from_instance = (
            lambda u: f"{u.get_full_name() or u.username}, {u.party.name} ({u.username})"
        )
        self.fields["user"].help_text = _("The adjuster signs with this account; name and party are taken from it.")
        self.fields["name"].required = False
        self.fields["name"].help_text = _("Filled in from the user account; if typed, it must be the account's name.")
        self.fields["party"].required = False
        self.fields["party"].help_text = _("Filled in from the user account; if chosen, it must be the account's party.")

    def clean(self):
        data = super().clean()
        user = data.get("user")
        if user is None:
            return data
        account_name = user.get_full_name() or user.username
        typed = " ".join((data.get("name") or "").split())
        if typed and typed.casefold() != account_name.casefold():
            self.add_error("name", _(
                "The name does not match the account: %(account)s is %(name)s. An adjuster signs "
                "with their own account."
            ) % {"account": user.username, "name": account_name})
        party = data.get("party")
        if party is not None and party != user.party:
            self.add_error("party", _(
                "The party does not match the account: %(name)s represents %(party)s."
            ) % {"name": account_name, "party": user.party.name})
        if self.meeting.adjusters.filter(user=user).exists():
            self.add_error("user", _("This account already signs for another adjuster of this meeting."))
        elif self.meeting.adjusters.filter(party=user.party).exists():
            self.add_error("user", _("%(party)s already has an adjuster in these minutes: one per party.")
                           % {"party": user.party.name})
        elif self.meeting.adjusters.filter(name=account_name).exists():
            self.add_error("user", _("%(name)s is already an adjuster of this meeting.") % {"name": account_name})
        data["name"], data["party"] = account_name[:200], user.party
        return data


class AttachmentForm(NoFormTagMixin, forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["title", "file", "item"]

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = meeting.items.all()
        self.fields["item"].empty_label = _("The whole meeting")
        self.fields["title"].required = False
        self.fields["title"].help_text = _("The file name is used when left empty.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        if upload.size > settings.ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large (%(size)s); the limit is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES)}
            )
        # The type is decided by the content; the name's extension must agree with it.
        extension = os.path.splitext(upload.name)[1].lower()
        allowed = ", ".join(filetypes.ALLOWED_EXTENSIONS)
        if extension not in filetypes.ALLOWED_EXTENSIONS:
            raise forms.ValidationError(
                _("Files of this type cannot be attached. Allowed: %(allowed)s.") % {"allowed": allowed}
            )
        kind = filetypes.sniff(upload, extension)
        if kind is None:
            raise forms.ValidationError(
                _("The content of the file is not a document, image or text file that can be attached "
                  "(allowed: %(allowed)s). Text files must be saved as UTF-8.") % {"allowed": allowed}
            )
        if extension not in kind.extensions:
            raise forms.ValidationError(
                _("The file is named %(extension)s but its content is a %(kind)s file. Check that it is the right file.")
                % {"extension": extension, "kind": kind.name}
            )
        # What the content showed, not what the browser claimed, is stored and served.
        upload.content_type = kind.mime
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("title") and data.get("file"):
            data["title"] = data["file"].name
            self.instance.title = data["title"]
        return data


class SendForAdjustmentForm(NoFormTagMixin, forms.Form):
    deadline = forms.DateField(
        label=_("Deadline for adjustment"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The adjusters are reminded by email when the deadline is near."),
    )


class SignForm(NoFormTagMixin, forms.Form):
    content_hash = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Confirm with your password that you sign the version shown on this page."),
    )


class CommentForm(NoFormTagMixin, forms.ModelForm):
    class Meta:
        model = ReviewComment
        fields = ["item", "text", "is_change_request"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = meeting.items.all()
        self.fields["item"].empty_label = _("The minutes as a whole")
        self.fields["item"].required = False


class ReopenForm(NoFormTagMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why are the minutes reopened?"),
        max_length=250,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The reason is logged. Every signature becomes void and the adjusters are told."),
    )
