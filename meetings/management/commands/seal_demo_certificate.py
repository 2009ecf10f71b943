"""Create the demo seal certificate ("Samverkan testsigill – ej för produktion") unless one is configured."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from meetings import sealing


class Command(BaseCommand):
    help = (
        "Create a local demo CA and seal certificate in SEAL_DEMO_DIR (default MEDIA_ROOT/seal-demo) "
        "unless SEAL_PKCS12_PATH names a certificate. Refuses with DEBUG off."
    )

    def handle(self, *args, **options):
        if settings.SEAL_PKCS12_PATH:
            self.stdout.write(f"Sealing with {settings.SEAL_PKCS12_PATH}; no demo certificate needed.")
            return
        if not settings.DEBUG:
            raise CommandError("DEBUG is off: a production installation needs SEAL_PKCS12_PATH, not a demo seal.")
        path = sealing.ensure_demo_certificate()
        self.stdout.write(f"Demo seal certificate ({sealing.DEMO_SEAL_NAME}): {path}")
