"""The Django admin, for master data: groups, parties and users.

Minutes themselves are edited in the app, where the workflow rules apply;
the admin shows them read-only.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
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


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + ((_("Samverkan"), {"fields": ("role", "party")}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        (_("Samverkan"), {"fields": ("first_name", "last_name", "email", "role", "party")}),
    )
    list_display = ("username", "first_name", "last_name", "role", "party", "is_active")
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
    list_display = ("date", "group", "protocol_number", "status", "is_imported")
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
