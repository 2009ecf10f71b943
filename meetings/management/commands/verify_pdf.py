"""Verify a PDF: is it minutes archived here, byte for byte, and is its seal valid? Exit 1 when not."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from meetings.verification import verify_pdf


class Command(BaseCommand):
    help = ("Check a PDF as /verify/ does: which adjusted minutes it is, whether it is identical to the "
            "archived copy, the seal's validity against SEAL_TRUST_ROOTS and the recorded signatures. "
            "Exits with status 1 unless the file is unchanged and its seal valid.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="the PDF file to check")

    def handle(self, *args, file, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror or exc}") from None
        if b"%PDF-" not in data[:1024]:
            raise CommandError(f"{file} is not a PDF file.")
        with translation.override("en"):
            result = verify_pdf(data)
            marks = {True: "ok  ", False: "FAIL", None: "    "}
            for good, sentence in result.findings():
                self.stdout.write(f"{marks[good]} {sentence}")
            self.stdout.write(f"     SHA-256 of the file: {result.sha256}")
            verdict = ("VALID: the file is unchanged and its seal is valid." if result.ok
                       else "NOT VALID: the file has been changed after sealing." if result.changed
                       else "NOT VALID: the file could not be verified.")
        self.stdout.write(verdict)
        if not result.ok:
            raise SystemExit(1)
