"""Load the demo data: parties, groups, one user per role, three adjusted minutes,
a draft and minutes out for adjustment, all written for the project (meetings.demo_minutes).

Safe to run again: nothing is duplicated, the demo users get their demo
passwords back and unsigned demo minutes are entered afresh (see meetings.demo).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from meetings import demo, sealing


class Command(BaseCommand):
    help = (
        "Create the demo parties, groups and users (with known passwords), three adjusted minutes "
        "(signed by the demo adjusters), a draft and minutes out for adjustment. Refuses to run "
        "with DEBUG off unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true",
            help="Load the demo data even though DEBUG is off (it creates known passwords).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: load_demo creates users with known passwords. "
                "Use --force if you really want them on this installation."
            )
        # Adjusted demo minutes are sealed: with no certificate configured, a demo one.
        sealing.ensure_demo_certificate()
        loaded = demo.load()

        self.stdout.write("Demo data loaded.\n")
        self.stdout.write("Minutes:")
        for meeting in loaded.meetings:
            self.stdout.write(
                f"  {meeting.group.name:<8} {meeting.date.isoformat()}  "
                f"protocol {meeting.protocol_number:<8} {meeting.status:<19}"
                f"{meeting.items.count()} items"
            )
        self.stdout.write("\nUsers (the passwords are reset on every run):")
        width = max(len(spec.username) for spec, _user in loaded.users) + 2
        pw_width = max(len(spec.password) for spec, _user in loaded.users) + 2
        self.stdout.write(f"  {'username':<{width}}{'password':<{pw_width}}role")
        for spec, _user in loaded.users:
            self.stdout.write(f"  {spec.username:<{width}}{spec.password:<{pw_width}}{spec.description}")
