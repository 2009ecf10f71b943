"""Write the PDF of one meeting's minutes to a file: the same bytes as the web view
(for adjusted minutes, the PDF stored when the last adjuster signed)."""

from django.core.management.base import BaseCommand, CommandError

from meetings.models import Meeting
from meetings.signing import minutes_pdf_bytes


class Command(BaseCommand):
    help = "Write the minutes of a meeting as PDF/A (attachments appended) to a file."

    def add_arguments(self, parser):
        parser.add_argument("meeting_id", type=int, help="The id of the meeting.")
        parser.add_argument("output", help="The PDF file to write, e.g. minnesanteckningar.pdf.")

    def handle(self, *args, meeting_id, output, **options):
        try:
            meeting = Meeting.objects.get(pk=meeting_id)
        except Meeting.DoesNotExist:
            raise CommandError(f"There is no meeting with id {meeting_id}.") from None
        data = minutes_pdf_bytes(meeting)
        try:
            with open(output, "wb") as handle:
                handle.write(data)
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror or exc}.") from None
        self.stdout.write(f"Wrote {output} ({len(data)} bytes, meeting {meeting_id}).")
