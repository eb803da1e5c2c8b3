from django.core.management.base import BaseCommand

from communaute.notifications.digests import send_due_digests
from communaute.notifications.tasks import send_due_emails


class Command(BaseCommand):
    help = (
        "Send the daily and weekly digests that are due, and the notification emails waiting "
        "for another try. Run it every hour (cron, or a scheduler beside `make worker`)."
    )

    def handle(self, *args, **options):
        digests = send_due_digests()
        retried = send_due_emails()
        self.stdout.write(f"{digests} digest(s) queued, {retried} pending email(s) sent.")
