"""Forms of the drafting UI, laid out by crispy-forms (Bootstrap 5)."""

import json
import os
import re

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.template.defaultfilters import filesizeformat
from django.utils import formats, timezone
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
    """Give every text field a stated length limit, refused with a message, never applied silently.

    A text field without a limit gets LONG_TEXT_MAX. The browser's `maxlength`
    would cut pasted text without a word, so the limit goes to `data-maxlength`
    (static/js/drafting.js counts the characters against it), to the help text,
    and to the validator, whose Swedish message refuses an overlong post.

    (NUL characters, which PostgreSQL cannot store, are refused by every CharField with
    Django's own "Null-tecken är inte tillåtna.")
    """
    for field in form.fields.values():
        if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.HiddenInput):
            continue
        if field.max_length is None:
            field.max_length = LONG_TEXT_MAX
            field.validators.append(MaxLengthValidator(LONG_TEXT_MAX))
        field.widget.attrs.pop("maxlength", None)
        field.widget.attrs["data-maxlength"] = str(field.max_length)
        if not getattr(field, "_limit_stated", False):
            limit = _("At most %(limit)s characters.") % {"limit": formats.number_format(field.max_length, force_grouping=True)}
            field.help_text = f"{field.help_text} {limit}".strip() if field.help_text else limit
            field._limit_stated = True


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


def _confirmation(label):
    """A checkbox that stays hidden until the form has a question for it (see `_ask`)."""
    return forms.BooleanField(label=label, required=False, widget=forms.HiddenInput)


EARLIEST_YEAR = 1950
LATEST_YEARS_AHEAD = 2


class MeetingForm(VersionedForm):
    confirm_date = _confirmation(_("Yes, the date is right"))

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

    def _ask(self, confirmation, field, message):
        """Refuse until `confirmation` is ticked: the question goes on `field`, the checkbox is shown."""
        if self.cleaned_data.get(confirmation):
            return
        self.fields[confirmation].widget = forms.CheckboxInput()
        self.add_error(field, message)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The meeting must end after it starts."))
        date = data.get("date")
        if date is not None:
            today = timezone.localdate()
            if date.year < EARLIEST_YEAR:
                self._ask("confirm_date", "date", _(
                    "The date %(date)s is before %(year)s. Check it, or tick “Yes, the date is right”."
                ) % {"date": formats.date_format(date, "j F Y"), "year": EARLIEST_YEAR})
            elif date > today.replace(year=today.year + LATEST_YEARS_AHEAD, day=min(today.day, 28)):
                self._ask("confirm_date", "date", _(
                    "The date %(date)s is more than %(years)s years ahead. Check it, or tick “Yes, the date is right”."
                ) % {"date": formats.date_format(date, "j F Y"), "years": LATEST_YEARS_AHEAD})
        number = data.get("protocol_number", "")
        group = data.get("group") or getattr(self.instance, "group", None)
        if number and group:
            clash = Meeting.objects.filter(group=group, protocol_number=number)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                message = _("The group already has minutes with protocol number %(number)s.") % {"number": number}
                if date is not None:
                    message = "{} {}".format(message, _("The next free number is %(number)s.") % {
                        "number": next_free_protocol_number(group, date.year),
                    })
                self.add_error("protocol_number", message)
        return data


def next_free_protocol_number(group, year):
    """The group's next protocol number for `year`, from the numbers it already has ("4/2026" → "5/2026")."""
    numbers = Meeting.objects.filter(group=group, protocol_number__endswith=str(year)).values_list(
        "protocol_number", flat=True
    )
    highest = 0
    for number in numbers:
        match = re.fullmatch(r"\s*0*(\d+)\s*/\s*(\d{4})\s*", number or "")
        if match and int(match.group(2)) == year:
            highest = max(highest, int(match.group(1)))
    return f"{highest + 1}/{year}"


class MeetingCreateForm(MeetingForm):
    copy_previous = forms.BooleanField(
        label=_("Start from the group's previous meeting"),
        required=False,
        initial=True,
        help_text=_(
            "Copies the agenda (titles, sections, presenters; decision items only when they were deferred), "
            "chair, secretary and place."
        ),
    )
    confirm_duplicate = _confirmation(_("Yes, create another draft for the same group and date"))

    class Meta(MeetingForm.Meta):
        fields = ["group", "date", "start_time", "end_time", "place", "protocol_number", "dnr", "chair", "secretary"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The next number of every group for this year and the next, so the proposal follows the
        # group and date chosen (static/js/drafting.js); a number typed by hand is left alone.
        year = timezone.localdate().year
        proposals = {
            str(group.pk): {str(y): next_free_protocol_number(group, y) for y in (year, year + 1)}
            for group in self.fields["group"].queryset
        }
        self.fields["protocol_number"].widget.attrs["data-proposals"] = json.dumps(proposals)

    def clean(self):
        data = super().clean()
        group, date = data.get("group"), data.get("date")
        if group is not None and date is not None:
            existing = Meeting.objects.filter(group=group, date=date).order_by("id").first()
            if existing is not None:
                self.existing = existing
                self._ask("confirm_duplicate", None, _(
                    "The group already has minutes dated %(date)s (%(status)s). Open them from the start page, "
                    "or tick “Yes, create another draft for the same group and date”."
                ) % {"date": formats.date_format(date, "j F Y"), "status": existing.get_status_display()})
        return data


class AgendaItemForm(VersionedForm):
    class Meta:
        model = AgendaItem
        fields = ["kind", "title", "presenter", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            # A new item's form opens with the cursor in its title.
            self.fields["title"].widget.attrs["autofocus"] = True


class PasteItemsForm(NoFormTagMixin, forms.Form):
    """Quick entry: pasted text in the minutes' usual shape, for one section."""

    kind = forms.ChoiceField(label=_("Section"), choices=AgendaItem.Kind.choices)
    text = forms.CharField(
        label=_("Text of the items"),
        widget=forms.Textarea(attrs={"rows": 14, "autofocus": True}),
        help_text=_(
            "One item after another: its title on a line of its own, a presenter after a comma "
            "(“Ekonomisk uppföljning, Ekonomichef”), then its paragraphs. A blank line separates paragraphs."
        ),
    )


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
    """The decision in one step: its text, every party's position as a radio group, the
    unions' input per party, and the outcome, which follows from the positions.

    The outcome may be left to the positions (the default): all agree gives
    "Parterna är eniga", any disagreement "Oenighet noterad". A chosen outcome that
    contradicts the positions is refused.
    """

    # The outcome's empty choice: derived from the positions.
    DERIVED = ""

    class Meta:
        model = Decision
        fields = ["text", "outcome", "deferred_to", "mbl", "effective_date", "follow_up_date"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4, "autofocus": True}),
            "effective_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "follow_up_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.parties = list(Party.objects.all())
        existing = {}
        if self.instance.pk:
            existing = {p.party_id: p for p in self.instance.positions.all()}
        outcome = self.fields["outcome"]
        outcome.required = False
        outcome.choices = [(self.DERIVED, _("From the positions"))] + [
            choice for choice in Decision.Outcome.choices if choice[0] != Decision.Outcome.UNKNOWN
        ]
        outcome.help_text = _(
            "Left to the positions: all agree gives “All parties agree”, any disagreement "
            "“Disagreement noted”."
        )
        if not self.instance.pk or self.instance.outcome == Decision.Outcome.UNKNOWN:
            outcome.initial = self.DERIVED
        self.initial.setdefault("outcome", outcome.initial)
        if self.initial.get("outcome") == Decision.Outcome.UNKNOWN:
            self.initial["outcome"] = self.DERIVED
        self.rows = []
        for party in self.parties:
            current = existing.get(party.pk)
            stand = f"stand_{party.pk}"
            self.fields[stand] = forms.ChoiceField(
                label=_("Position of %(party)s") % {"party": party.name},
                choices=[("", _("Not stated"))] + list(Position.Stand.choices),
                required=False,
                initial=current.stand if current else "",
                widget=forms.RadioSelect(attrs={"class": "form-check-input", "data-stand": "1"}),
            )
            comment = f"text_{party.pk}"
            self.fields[comment] = forms.CharField(
                label=_("Comment or demand from %(party)s") % {"party": party.label},
                required=False,
                max_length=2000,
                initial=current.text if current else "",
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )
            row = {"party": party, "stand": self[stand], "comment": self[comment], "input": None}
            if party.kind == Party.Kind.UNION:
                union_input = f"input_{party.pk}"
                self.fields[union_input] = forms.CharField(
                    label=_("Union input from %(party)s") % {"party": party.label},
                    required=False,
                    max_length=LONG_TEXT_MAX,
                    widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
                    help_text=_("Added to the item's union input when saved."),
                )
                row["input"] = self[union_input]
            self.rows.append(row)
        self.fields["input_joint"] = forms.CharField(
            label=_("Union input from the unions jointly"),
            required=False,
            max_length=LONG_TEXT_MAX,
            widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
        )
        limit_text_fields(self)

    @staticmethod
    def derive_outcome(stands):
        """The outcome the stated positions give, or None when they decide nothing."""
        stated = [stand for stand in stands if stand]
        if not stated:
            return None
        if Position.Stand.DISAGREE in stated:
            return Decision.Outcome.DISAGREED
        if all(stand == Position.Stand.AGREE for stand in stated):
            return Decision.Outcome.AGREED
        if all(stand in (Position.Stand.AGREE, Position.Stand.NO_OBJECTION) for stand in stated):
            return Decision.Outcome.NO_OBJECTION
        return None

    def clean(self):
        data = super().clean()
        stands = [data.get(f"stand_{party.pk}", "") for party in self.parties]
        by_party = {party: data.get(f"stand_{party.pk}", "") for party in self.parties}
        disagreeing = [party.label for party, stand in by_party.items() if stand == Position.Stand.DISAGREE]
        stated = [stand for stand in stands if stand]
        outcome = data.get("outcome") or self.DERIVED
        if outcome == self.DERIVED:
            outcome = self.derive_outcome(stands) or Decision.Outcome.UNKNOWN
        elif outcome in (Decision.Outcome.AGREED, Decision.Outcome.NO_OBJECTION) and disagreeing:
            self.add_error("outcome", _(
                "The outcome “%(outcome)s” contradicts the positions: %(parties)s disagree. "
                "Change the outcome or the positions."
            ) % {"outcome": Decision.Outcome(outcome).label, "parties": ", ".join(disagreeing)})
        elif outcome == Decision.Outcome.DISAGREED and stated and all(s == Position.Stand.AGREE for s in stated):
            self.add_error("outcome", _(
                "The outcome “Disagreement noted” contradicts the positions: every party stated agrees. "
                "Change the outcome or the positions."
            ))
        data["outcome"] = outcome
        self.instance.outcome = outcome
        if outcome == Decision.Outcome.DEFERRED and not data.get("deferred_to"):
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

    def union_inputs(self):
        """The union input typed in the decision card: [(party or None for jointly, text)]."""
        inputs = [
            (party, self.cleaned_data.get(f"input_{party.pk}", "").strip())
            for party in self.parties if party.kind == Party.Kind.UNION
        ]
        inputs.append((None, self.cleaned_data.get("input_joint", "").strip()))
        return [(party, text) for party, text in inputs if text]


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


class CorrectionForm(NoFormTagMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why are the minutes corrected?"),
        max_length=250,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The reason is logged, shown on both versions and emailed to the adjusters and the group's secretaries."),
    )
