from django.core.management.base import BaseCommand

from communaute.services.files import (
    add_missing_thumbnail,
    images_without_thumbnail,
    stored_file_models,
)


class Command(BaseCommand):
    help = (
        "Make the missing thumbnails of images joined before thumbnails existed (forum posts, "
        "private messages, access requests), so that they show inline instead of as a card. "
        "Safe to run again: an image that has its thumbnail is left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Hand each image to the tasks worker instead of doing it here.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count the images without a thumbnail."
        )

    def handle(self, *args, queue=False, dry_run=False, **options):
        for model in stored_file_models():
            label = model._meta.label
            # The keys first: each image is then read, shrunk and saved in its own transaction.
            keys = list(images_without_thumbnail(model).order_by("pk").values_list("pk", flat=True))
            if dry_run:
                self.stdout.write(f"{label}: {len(keys)} image(s) without a thumbnail.")
            elif queue:
                for pk in keys:
                    add_missing_thumbnail.enqueue(label, pk)
                self.stdout.write(f"{label}: {len(keys)} thumbnail(s) queued.")
            else:
                made = sum(add_missing_thumbnail.call(label, pk) for pk in keys)
                self.stdout.write(f"{label}: {made} thumbnail(s) made, of {len(keys)}.")
