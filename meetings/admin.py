"""The Django admin, for master data: groups, parties and users.

Minutes themselves are edited in the app, where the workflow rules apply;
the admin shows them read-only.
"""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from meetings.models import (
    Adjuster,
    AgendaItem,
    Attachment,
    CooperationGroup,
    Decision,
    Meeting,
    Party,
    ReviewComment,
    Signature,
    User,
)


# --- Swedish throughout: permissions and yes/no -------------------------------------------
# Permission names are stored in English when the tables are made ("Can add party"), and
# the admin writes booleans as icons with alt="True": both are shown in Swedish here.

PERMISSION_ACTIONS = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}


def permission_label(permission):
    model = permission.content_type.model_class()
    action, _sep, _rest = permission.codename.partition("_")
    if model is None or action not in PERMISSION_ACTIONS:
        return str(permission)
    return f"{model._meta.app_config.verbose_name} | {PERMISSION_ACTIONS[action] % {'model': model._meta.verbose_name}}"


class SwedishPermissionsMixin:
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions") and field is not None:
            field.label_from_instance = permission_label
        return field


def yes_no(name, label):
    """A column or read-only field showing a boolean as "Ja"/"Nej"."""
    def show(obj):
        return gettext("yes") if getattr(obj, name) else gettext("no")
    show.short_description = label
    show.admin_order_field = name
    show.__name__ = f"{name}_yes_no"
    return show


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(SwedishPermissionsMixin, BaseGroupAdmin):
    pass


@admin.register(User)
class UserAdmin(SwedishPermissionsMixin, BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + ((_("Samverkan"), {"fields": ("role", "party")}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        (_("Samverkan"), {"fields": ("first_name", "last_name", "email", "role", "party")}),
    )
    list_display = ("username", "first_name", "last_name", "role", "party",
                    yes_no("is_active", _("active")))
    list_filter = ("role", "party", "is_active")


@admin.register(CooperationGroup)
class CooperationGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "administration")
    filter_horizontal = ("members",)
    search_fields = ("name", "administration")

    def get_readonly_fields(self, request, obj=None):
        # Signed minutes print the group's names: they stay as they were signed.
        if obj is not None and obj.meetings.exclude(status=Meeting.Status.DRAFT).exists():
            return ("name", "administration")
        return ()


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "kind")
    list_filter = ("kind",)

    def get_readonly_fields(self, request, obj=None):
        # Signed minutes print the party's names: they stay as they were signed.
        if obj is not None and obj.is_in_sent_minutes():
            return ("name", "short_name")
        return ()


class ReadOnlyAdmin(admin.ModelAdmin):
    """Minutes are changed through the app only, where the workflow rules hold."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        # Read-only booleans as "Ja"/"Nej", not as icons whose text is "True".
        self._yes_no = {
            field.name: yes_no(field.name, field.verbose_name)
            for field in model._meta.concrete_fields if isinstance(field, models.BooleanField)
        }

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *self._yes_no.values()]

    def get_fields(self, request, obj=None):
        fields = []
        for name in super().get_fields(request, obj):
            shown = self._yes_no.get(name, name) if isinstance(name, str) else name
            if shown not in fields:
                fields.append(shown)
        return fields


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    fields = ("position", "kind", "title", "presenter")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("date", "group", "protocol_number", "status", yes_no("is_imported", _("imported")))
    list_filter = ("status", "group", "is_imported")
    date_hierarchy = "date"
    inlines = [AgendaItemInline]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("item", "outcome")
    list_filter = ("outcome",)


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdmin):
    list_display = ("adjuster_name", "party_name", "meeting", "signed_at", "voided_at")
    list_filter = ("voided_at",)


admin.site.register(Adjuster, ReadOnlyAdmin)
admin.site.register(Attachment, ReadOnlyAdmin)
admin.site.register(ReviewComment, ReadOnlyAdmin)
admin.site.site_header = _("Samverkan administration")


# --- Meeting preparation: the annual calendar is master data; follow-ups are read-only here.
from meetings.models import FollowUp, RecurringPoint  # noqa: E402


@admin.register(RecurringPoint)
class RecurringPointAdmin(admin.ModelAdmin):
    list_display = ("title", "group", "month", "kind", "presenter")
    list_filter = ("group", "month", "kind")
    search_fields = ("title", "presenter")


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    list_display = ("what", "kind", "who", "due_date", "item", "handled_in", "closed_at")
    list_filter = ("kind", "item__meeting__group")
    search_fields = ("what", "who")
# --- end of meeting preparation
