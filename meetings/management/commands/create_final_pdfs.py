"""Make the archival copy of every adjusted minutes that is still without one (a failed or lost task)."""

from django.core.management.base import BaseCommand

from meetings import signing
from meetings.models import Meeting


class Command(BaseCommand):
    help = "Create the final PDF of adjusted minutes that have none yet (normally a background task does it)."

    def handle(self, *args, **options):
        made = 0
        for meeting in Meeting.objects.filter(status=Meeting.Status.ADJUSTED, final_pdf="").order_by("pk"):
            try:
                if signing.final_pdf_create(meeting=meeting):
                    made += 1
            except Exception as exc:  # noqa: BLE001 - one failure must not stop the others
                self.stderr.write(f"Minutes {meeting.pk}: the final PDF could not be made: {exc}")
        self.stdout.write(f"{made} final PDF(s) created.")
