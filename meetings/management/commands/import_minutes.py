"""python manage.py import_minutes FILE... [--group NAME] [--dry-run] [--json]

Imports existing minutes (.txt, .docx, .doc, .odt, .pdf, scanned PDFs by OCR) as adjusted, imported meetings;
see README "Import of existing minutes". Each file is one transaction: a bad
file is reported and skipped, the others still import. With --json, stdout
holds one JSON object and nothing else; messages and the progress bar go to
stderr. The exit status is 1 when a file could not be imported.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from meetings.importer.errors import MinutesImportError
from meetings.importer.readers import check_size
from meetings.importer.saving import find_group, import_file


class Command(BaseCommand):
    help = "Import existing minutes (.txt, .docx, .doc, .odt, .pdf) as adjusted historical records."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--group", help="The cooperation group, e.g. 'FSG/VSG' or 'FSG/VSG – Socialförvaltningen' "
                                            "(default: the group named in each file's heading).")
        parser.add_argument("--dry-run", action="store_true",
                            help="Parse and make every check of the import (group, duplicates, date); save nothing.")
        parser.add_argument("--json", action="store_true", help="Print the parsed minutes as one JSON object.")

    def handle(self, *args, files, group=None, dry_run=False, json=False, **options):
        target = None
        if group:
            target = find_group(group)
            if target is None:
                raise CommandError(_("No cooperation group called “%(group)s”.") % {"group": group})
        err = self.stderr
        verbosity = options.get("verbosity", 1)
        results = []
        failed = 0
        progress = ProgressBar(len(files), stream=err, enabled=len(files) > 1 and verbosity > 0)
        for number, name in enumerate(files, start=1):
            progress.update(number - 1, name)
            outcome = self._import(name, target, dry_run)
            if outcome is None or outcome.error:
                failed += 1
                message = outcome.error if outcome is not None else ""
                progress.clear()
                err.write(_("%(file)s: not imported: %(error)s") % {"file": name, "error": message})
                continue
            results.append(outcome.as_dict())
            progress.clear()
            for warning in outcome.warnings:
                err.write(f"{name}: {warning}")
            if verbosity > 0 and not json:
                self._report(outcome, dry_run)
            elif outcome.duplicate and verbosity > 0:
                err.write(_("%(file)s: already imported as minutes #%(id)s.") % {"file": name, "id": outcome.meeting.pk})
        progress.finish()
        if json:
            self.stdout.write(_json_dumps({"meetings": results}))
        elif verbosity > 0 and len(files) > 1:
            self.stdout.write(_("%(ok)s of %(total)s files imported.") % {"ok": len(files) - failed, "total": len(files)})
        if failed:
            raise CommandError(
                _("%(failed)s of %(total)s files could not be imported.") % {"failed": failed, "total": len(files)}
            )

    def _import(self, name, target, dry_run):
        path = Path(name)
        from meetings.importer.saving import ImportOutcome

        try:
            if not path.is_file():
                raise MinutesImportError(_("The file does not exist."))
            check_size(path.stat().st_size)
            data = path.read_bytes()
        except MinutesImportError as exc:
            return ImportOutcome(source=path.name, error=str(exc))
        except OSError as exc:
            return ImportOutcome(source=path.name, error=exc.strerror or str(exc))
        return import_file(data=data, filename=path.name, group=target, dry_run=dry_run)

    def _report(self, outcome, dry_run):
        parsed = outcome.parsed
        if outcome.duplicate:
            line = _("%(file)s: already imported as minutes #%(id)s.")
            self.stdout.write(line % {"file": outcome.source, "id": outcome.meeting.pk})
            return
        facts = {
            "file": outcome.source,
            "group": parsed.group or "?",
            "date": parsed.date.isoformat() if parsed.date else "?",
            "items": len(parsed.items),
            "adjusters": len(parsed.adjusters),
        }
        if dry_run:
            self.stdout.write(_("%(file)s: %(group)s %(date)s, %(items)s items, %(adjusters)s adjusters "
                                "(dry run, nothing saved).") % facts)
        else:
            facts["id"] = outcome.meeting.pk
            self.stdout.write(_("%(file)s: imported as minutes #%(id)s: %(group)s %(date)s, %(items)s items, "
                                "%(adjusters)s adjusters.") % facts)
        if outcome.ocr_confidence is not None:
            self.stdout.write("  " + _("Scanned file read by OCR (confidence %(confidence)s %%).")
                              % {"confidence": outcome.ocr_confidence})
        if parsed.unclassified_text:
            self.stdout.write("  " + _("Text that could not be placed is kept for review (%(chars)s characters).")
                              % {"chars": len(parsed.unclassified_text)})


def _json_dumps(value):
    return json.dumps(value, ensure_ascii=False, indent=2)


class ProgressBar:
    """A one-line progress bar on stderr: [#####.....] 5/10 name."""

    def __init__(self, total, *, stream, enabled, width=30):
        self.total = total
        self.stream = stream
        self.enabled = enabled
        self.width = width
        self.shown = False

    def update(self, done, label=""):
        if not self.enabled:
            return
        filled = int(self.width * done / self.total) if self.total else self.width
        label = Path(label).name[:40]
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.width - filled)}] {done}/{self.total} {label}\033[K",
                          ending="")
        self.stream.flush()
        self.shown = True

    def clear(self):
        if self.enabled and self.shown:
            self.stream.write("\r\033[K", ending="")
            self.stream.flush()
            self.shown = False

    def finish(self):
        if self.enabled:
            self.update(self.total, "")
            self.stream.write("")
            self.stream.flush()
