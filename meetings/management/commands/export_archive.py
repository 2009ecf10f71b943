"""python manage.py export_archive DIR: everything Samverkan holds, into a new or empty folder."""

from django.core.management.base import BaseCommand, CommandError

from meetings.backup import ArchiveError, export_archive


class Command(BaseCommand):
    help = "Export every meeting, signature, attachment, history record, group, party and user into DIR."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="A new or empty folder for the archive.")

    def handle(self, *args, directory, **options):
        try:
            manifest = export_archive(directory, stdout=self.stdout if options["verbosity"] > 1 else None)
        except ArchiveError as exc:
            raise CommandError(str(exc)) from None
        meetings = len(manifest["meetings"])
        files = len(manifest["files"])
        self.stdout.write(self.style.SUCCESS(
            f"Exported {meetings} meetings and {files} stored files to {directory} (see manifest.json)."
        ))
