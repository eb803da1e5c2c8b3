from django.core.management.base import BaseCommand

from ressources.services.needs import (
    FEEDBACK_DELAY_DAYS,
    ask_for_feedback,
    requests_due_for_feedback,
)


class Command(BaseCommand):
    help = (
        "Asks members, some time after their access request was accepted, whether the service "
        "met their need (one signed link per answer). Each request is asked once: run it daily "
        "from cron or the worker."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=FEEDBACK_DELAY_DAYS,
            help=f"Days after acceptance before asking (default {FEEDBACK_DELAY_DAYS}).",
        )

    def handle(self, *args, days, **options):
        asked = 0
        # One transaction per request: a failure leaves the others asked.
        for access_request in requests_due_for_feedback(delay_days=days).iterator():
            if ask_for_feedback(access_request) is not None:
                asked += 1
        self.stdout.write(f"Feedback asked for {asked} accepted request(s).")
