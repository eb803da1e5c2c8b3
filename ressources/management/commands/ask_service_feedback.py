from django.core.management.base import BaseCommand
from django.utils import timezone

from ressources.services.needs import FEEDBACK_DELAY_DAYS, ask_due_feedback


class Command(BaseCommand):
    help = (
        "Asks members, some time after their access request was accepted, whether the service "
        "met their need (one signed link per answer). Each request is asked once. The "
        "scheduler (`run_scheduler`) runs it every morning; this runs it by hand."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=FEEDBACK_DELAY_DAYS,
            help=f"Days after acceptance before asking (default {FEEDBACK_DELAY_DAYS}).",
        )

    def handle(self, *args, days, **options):
        asked = ask_due_feedback(timezone.now(), delay_days=days)
        self.stdout.write(f"Feedback asked for {asked} accepted request(s).")
