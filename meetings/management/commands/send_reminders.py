"""Email adjusters whose deadline is near or past. Run daily from cron:

    15 7 * * 1-5  cd /srv/samverkan && .venv/bin/python manage.py send_reminders

At most one reminder per adjuster and day, however often it runs.
"""

from django.core.management.base import BaseCommand

from meetings import signing


class Command(BaseCommand):
    help = "Remind adjusters whose adjustment deadline is near or past (at most once a day each)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List who would be reminded; send nothing.")

    def handle(self, *args, dry_run=False, **options):
        reminded = signing.send_reminders(dry_run=dry_run)
        for adjuster in reminded:
            meeting = adjuster.meeting
            self.stdout.write(
                f"{'Would remind' if dry_run else 'Reminded'} {adjuster.name} <{adjuster.user.email}> "
                f"about {meeting.group.name} {meeting.date:%Y-%m-%d} (deadline {meeting.adjustment_deadline:%Y-%m-%d})"
            )
        self.stdout.write(f"{len(reminded)} reminder(s){' would be' if dry_run else ''} sent.")
