"""Rebuild the search text of every agenda item (e.g. for minutes imported before the index existed).

    python manage.py reindex_search
"""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from meetings.archive.search import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the search index (ItemSearch) of all agenda items."

    def handle(self, *args, **options):
        started = time.monotonic()
        with transaction.atomic():
            count = rebuild_index()
        self.stdout.write(f"Indexed {count} agenda items in {time.monotonic() - started:.1f} s.")
