"""Tell the secretaries when a window to request central negotiation has closed. Run daily from cron:

    20 7 * * *  cd /srv/samverkan && .venv/bin/python manage.py mbl_reminders

Each window is reminded on the day after its last day.
"""

from django.core.management.base import BaseCommand

from meetings import mbl


class Command(BaseCommand):
    help = "Email the secretaries about MBL windows (central negotiation) that closed yesterday."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List the windows; send nothing.")

    def handle(self, *args, dry_run=False, **options):
        reminded = mbl.send_window_reminders(dry_run=dry_run)
        for decision, state in reminded:
            meeting = decision.item.meeting
            self.stdout.write(
                f"{'Would remind' if dry_run else 'Reminded'} about {decision.item.title!r} "
                f"({meeting.group.name} {meeting.date:%Y-%m-%d}), window closed {state.window_ends:%Y-%m-%d}"
            )
        self.stdout.write(f"{len(reminded)} reminder(s){' would be' if dry_run else ''} sent.")
