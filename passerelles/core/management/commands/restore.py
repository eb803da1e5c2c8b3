from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from passerelles.core.backups import DEFAULT_TIMEOUT, BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restores a backup folder into an EMPTY database (the one of DATABASE_URL, or "
        "--database-name on the same server) and an EMPTY media folder. Checks the checksums "
        "first, restores the database in one transaction, then compares every table's row "
        "count with the manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="The backup folder.")
        parser.add_argument(
            "--media-root",
            type=Path,
            help="Where the media go (default: MEDIA_ROOT). Must be empty or absent.",
        )
        parser.add_argument(
            "--database-name",
            help="Restore into this database of the same server, with the same credentials "
            "(a restore drill beside the live site). Default: the database of DATABASE_URL.",
        )
        parser.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT, help="Seconds.")

    def handle(
        self,
        *args,
        backup,
        media_root=None,
        database_name=None,
        timeout=DEFAULT_TIMEOUT,
        **options,
    ):
        media_root = media_root or Path(settings.MEDIA_ROOT)
        settings_dict = connections["default"].settings_dict
        try:
            result = restore_backup(
                backup,
                settings_dict,
                media_root=media_root,
                dbname=database_name,
                timeout=timeout,
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        target = database_name or settings_dict["NAME"]
        self.stdout.write(
            f"Restored the backup of {result.manifest['created_at']} into the database "
            f"{target!r} and {media_root} ({result.media_members} archive members)."
        )
        if result.differences:
            lines = [
                f"  {table}: {expected} in the manifest, {found} restored"
                for table, (expected, found) in result.differences.items()
            ]
            raise CommandError(
                "The restored row counts differ from the manifest:\n" + "\n".join(lines)
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Every table has the row count of the manifest "
                f"({len(result.row_counts)} tables, {sum(result.row_counts.values())} rows). "
                f"Next: `manage.py migrate` if this code is newer than the backup."
            )
        )
