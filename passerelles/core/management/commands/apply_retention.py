from django.core.management.base import BaseCommand

from passerelles.core.retention import apply_retention


class Command(BaseCommand):
    help = (
        "Destroy the personal data past its retention period (the rules of "
        "passerelles/core/retention.py and each app's services/retention.py). The scheduler "
        "runs it every night; --dry-run only counts what each rule would delete."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what each rule would delete, delete nothing.",
        )

    def handle(self, *args, dry_run, **options):
        outcomes = apply_retention(dry_run=dry_run)
        verb = "would delete" if dry_run else "deleted"
        for outcome in outcomes:
            rule = outcome.rule
            kept = f"{rule.days} day(s)" if rule.days else "until expiry"
            self.stdout.write(f"{rule.name} (kept {kept}): {verb} {outcome.count}")
        total = sum(outcome.count for outcome in outcomes)
        self.stdout.write(f"Total: {verb} {total} row(s).")
