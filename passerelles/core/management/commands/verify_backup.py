from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from passerelles.core.backups import DEFAULT_TIMEOUT, BackupError, verify_backup


class Command(BaseCommand):
    help = (
        "Checks a backup folder without touching any database: the checksums and sizes of its "
        "manifest, a media archive safe to extract and a dump that pg_restore can read."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="The backup folder.")
        parser.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT, help="Seconds.")

    def handle(self, *args, backup, timeout=DEFAULT_TIMEOUT, **options):
        try:
            manifest = verify_backup(backup, timeout=timeout)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"The backup of {manifest['created_at']} is intact "
                f"({len(manifest['row_counts'])} tables, {manifest['media']['files']} media "
                f"files)."
            )
        )
