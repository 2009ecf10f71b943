from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _install_revision(sender, using, **kwargs):
    # After every migrate (and flush): the content revision row and its triggers.
    from meetings.models import revision

    revision.install(connections[using])


class MeetingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "meetings"
    verbose_name = _("Minutes")

    def ready(self):
        post_migrate.connect(_install_revision, sender=self, dispatch_uid="meetings_install_revision")
