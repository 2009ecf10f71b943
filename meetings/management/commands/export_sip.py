"""Write E-ARK SIP 2.1.0 packages (FGS Paketstruktur 2.0) of adjusted minutes, one folder each."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings.earchive import package


class Command(BaseCommand):
    help = ("Write one E-ARK SIP 2.1.0 package (FGS Paketstruktur 2.0) per adjusted minutes into DIR, "
            "as a folder named by its OBJID. Without ids or filters every adjusted minutes are exported.")

    def add_arguments(self, parser):
        parser.add_argument("meeting_ids", nargs="*", type=int, metavar="MEETING_ID")
        parser.add_argument("--output", required=True, metavar="DIR", help="the folder to write the packages in")
        parser.add_argument("--group", help='a cooperation group: "FSG/VSG" or "FSG/VSG – Socialförvaltningen"')
        parser.add_argument("--year", type=int, help="the meeting year")

    def handle(self, *args, meeting_ids, output, group, year, **options):
        output_dir = Path(output)
        try:
            output_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CommandError(f"Cannot create the output folder {output}: {exc.strerror or exc}") from None
        meetings = list(package.exportable(ids=meeting_ids, group=group, year=year))
        if meeting_ids:
            missing = sorted(set(meeting_ids) - {m.pk for m in meetings})
            if missing:
                raise CommandError("Not adjusted minutes (or no such minutes): "
                                   + ", ".join(str(pk) for pk in missing) + "; nothing was exported.")
        if not meetings:
            self.stdout.write("No adjusted minutes match; nothing was exported.")
            return
        for meeting in meetings:
            path = package.write_package(meeting, output_dir)
            self.stdout.write(f"{meeting.pk}\t{meeting.date.isoformat()}\t{meeting.group.name}\t{path}")
        self.stdout.write(f"{len(meetings)} package(s) written to {output_dir}.")
