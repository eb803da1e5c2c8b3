from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from passerelles.core.backups import DEFAULT_TIMEOUT, BackupError, create_backup, prune_backups


class Command(BaseCommand):
    help = (
        "Writes a backup folder: a PostgreSQL custom-format dump of the database, an archive "
        "of MEDIA_ROOT (private files included) and manifest.json (checksums, versions, row "
        "counts). Restore it with `manage.py restore`; check it with `manage.py verify_backup`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="Folder that receives the backup folder (default: BACKUP_ROOT, var/backups/).",
        )
        parser.add_argument(
            "--keep",
            type=int,
            help="Then delete the oldest backups of that folder, keeping this many.",
        )
        parser.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT, help="Seconds.")

    def handle(self, *args, output=None, keep=None, timeout=DEFAULT_TIMEOUT, **options):
        if keep is not None and keep < 1:
            raise CommandError("--keep must be 1 or more: the backup just made is kept.")
        output = output or Path(settings.BACKUP_ROOT)
        if not isinstance(default_storage, FileSystemStorage):
            self.stderr.write(
                "The uploads live in object storage, not in MEDIA_ROOT: the media archive holds "
                "only what MEDIA_ROOT has. Copy the bucket with the object store's own tools."
            )
        try:
            result = create_backup(
                connections["default"].settings_dict,
                output,
                media_root=Path(settings.MEDIA_ROOT),
                timeout=timeout,
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = result.manifest
        self.stdout.write(
            f"Backup written: {result.path}\n"
            f"  database {manifest['database']['name']}: {len(manifest['row_counts'])} tables, "
            f"{sum(manifest['row_counts'].values())} rows, "
            f"{manifest['files']['database.dump']['size']} bytes\n"
            f"  media: {manifest['media']['files']} files, {manifest['media']['bytes']} bytes"
        )
        if keep is not None:
            for path in prune_backups(output, keep):
                self.stdout.write(f"Older backup deleted: {path}")
        self.stdout.write(self.style.SUCCESS("Backup complete."))
