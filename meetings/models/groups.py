"""The people and groups around the minutes: users with their role and party, cooperation groups, parties.

The names of groups and parties are printed in the minutes, and signatures
cover them: once minutes naming them were sent, they cannot change
(`guard_printed_names`; on PostgreSQL a trigger too).
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    class Role(models.TextChoices):
        SECRETARY = "secretary", _("Secretary")
        ADJUSTER = "adjuster", _("Union or employer representative")
        MANAGER = "manager", _("Manager")

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MANAGER)
    party = models.ForeignKey(
        "Party",
        verbose_name=_("party"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("The union or the employer this person represents."),
    )

    class Meta:
        ordering = ["first_name", "last_name", "username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def is_secretary(self):
        return self.role == self.Role.SECRETARY or self.is_superuser


class CooperationGroup(models.Model):
    """A samverkansgrupp, e.g. "FSG/VSG" of "Socialförvaltningen"."""

    name = models.CharField(_("name"), max_length=100)
    administration = models.CharField(_("administration"), max_length=200)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        related_name="cooperation_groups",
        blank=True,
        help_text=_("People who may see this group's minutes."),
    )
    # MBL and the public version (meetings.mbl, meetings.secrecy).
    central_request_days = models.PositiveSmallIntegerField(
        _("days to request central negotiation"), null=True, blank=True,
        help_text=_("Calendar days after the adjustment; empty: the default (MBL_CENTRAL_REQUEST_DAYS)."),
    )
    publish_public_versions = models.BooleanField(
        _("publish public versions"), default=False,
        help_text=_("The public versions of adjusted minutes are listed on a page that needs no login."),
    )

    class Meta:
        ordering = ["administration", "name"]
        verbose_name = _("cooperation group")
        verbose_name_plural = _("cooperation groups")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "administration"], name="meetings_cooperationgroup_unique_name"
            ),
        ]

    def __str__(self):
        return f"{self.name} – {self.administration}"

    def save(self, *args, **kwargs):
        if self.pk:
            guard_printed_names(
                self, ["name", "administration"],
                lambda: self.meetings.exclude(status=self.meetings.model.Status.DRAFT).exists(),
            )
        super().save(*args, **kwargs)


class Party(models.Model):
    """A union (Vision, Kommunal, …) or the employer (Arbetsgivaren)."""

    class Kind(models.TextChoices):
        UNION = "union", _("Union")
        EMPLOYER = "employer", _("Employer")

    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.UNION)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self):
        return self.name

    @property
    def label(self):
        return self.short_name or self.name

    def canonical_content(self):
        """The party as it is printed in minutes (see Meeting.canonical_content)."""
        return {"name": self.name, "short_name": self.short_name}

    def is_in_sent_minutes(self):
        """Whether minutes that left the draft state name this party (their signatures cover its names)."""
        Meeting = self._meta.apps.get_model("meetings", "Meeting")  # defined in models.core, which imports this
        sent = ~Q(status=Meeting.Status.DRAFT)
        return (
            Meeting.objects.filter(sent, adjusters__party=self).exists()
            or Meeting.objects.filter(sent, items__union_inputs__party=self).exists()
            or Meeting.objects.filter(sent, items__decision__positions__party=self).exists()
        )

    def save(self, *args, **kwargs):
        if self.pk:
            guard_printed_names(self, ["name", "short_name"], self.is_in_sent_minutes)
        super().save(*args, **kwargs)


class PrintedNameLocked(ValueError):
    """A name that is printed in sent or adjusted minutes cannot change: signatures cover it."""


def guard_printed_names(instance, fields, in_use):
    """Refuse to save a changed `fields` value of `instance` while `in_use()` is true."""
    stored = type(instance).objects.filter(pk=instance.pk).values(*fields).first()
    if stored is None or all(stored[f] == getattr(instance, f) for f in fields):
        return
    if in_use():
        raise PrintedNameLocked(
            _("%(object)s is named in minutes that have been sent for adjustment or adjusted, "
              "and signatures cover the name: it cannot be changed. Create a new one instead.")
            % {"object": stored.get("name", instance)}
        )
