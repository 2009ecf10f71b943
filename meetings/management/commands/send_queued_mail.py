"""Send every queued email that is due and that no worker holds (e.g. from cron, or without a worker)."""

from django.core.management.base import BaseCommand

from meetings.mail import mail_send_due


class Command(BaseCommand):
    help = "Send the queued emails that are due now, over one connection."

    def handle(self, *args, **options):
        sent = mail_send_due()
        self.stdout.write(f"{sent} email(s) sent.")
