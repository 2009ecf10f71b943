"""python manage.py import_archive DIR: fill an empty database from an archive made by export_archive."""

from django.core.management.base import BaseCommand, CommandError

from meetings.backup import ArchiveError, import_archive, verify_signatures


class Command(BaseCommand):
    help = "Import an archive made by export_archive into an empty, migrated database."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="The archive folder (holding manifest.json).")

    def handle(self, *args, directory, **options):
        try:
            loaded = import_archive(directory, stdout=self.stdout if options["verbosity"] > 1 else None)
        except ArchiveError as exc:
            raise CommandError(f"Nothing was imported: {exc}") from None
        broken = verify_signatures()
        meetings = loaded.get("meetings.meeting", 0)
        users = loaded.get("meetings.user", 0)
        self.stdout.write(self.style.SUCCESS(
            f"Imported {meetings} meetings and {users} users from {directory}; "
            f"every content hash and final PDF matches the export."
        ))
        if broken:
            self.stdout.write(self.style.WARNING(
                f"{len(broken)} active signatures did not match their minutes already in the source database: "
                + ", ".join(f"meeting {m} ({name})" for m, name in broken)
            ))
