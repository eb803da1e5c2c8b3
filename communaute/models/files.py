"""Files members join to what they write: forum posts, private messages, access requests.

Each owner is a concrete model on StoredFile with its own foreign key; storing, re-encoding
images and sending go through communaute/services/files.py, whoever owns the file.
"""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from passerelles.core.files import ALT_TEXT_MAX_LENGTH, served_type
from passerelles.core.storage import private_storage


def stored_file_path(instance, filename):
    # A random folder and name: a file's address reveals nothing and cannot be guessed.
    return f"{uuid.uuid4().hex}/{filename}"


class StoredFile(models.Model):
    """A member's file in private storage: it goes out only through a view that checked who
    may read what it is joined to (communaute/services/files.py, stored_file_response)."""

    class Kind(models.TextChoices):
        PDF = "pdf", _("PDF")
        IMAGE = "image", _("Image")
        OFFICE = "office", _("Document de bureautique")
        AUDIO = "audio", _("Audio")

    file = models.FileField(upload_to=stored_file_path, storage=private_storage, max_length=200)
    original_name = models.CharField(_("nom du fichier"), max_length=200)
    kind = models.CharField(_("type de fichier"), max_length=10, choices=Kind.choices)
    size = models.PositiveIntegerField(_("taille"))
    # False while the worker re-encodes an image (communaute/services/files.py): until then
    # the file is the one sent, which never goes out.
    ready = models.BooleanField(_("prête"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Images only. The thumbnail shown in the message (at most THUMBNAIL_WIDTH pixels wide),
    # written by the worker with the full copy; its size lets the page keep its room while it
    # loads. The words describing it default to the file's name (alt).
    alt_text = models.CharField(
        _("texte de remplacement"), max_length=ALT_TEXT_MAX_LENGTH, blank=True
    )
    thumbnail = models.FileField(
        upload_to=stored_file_path, storage=private_storage, max_length=200, blank=True
    )
    width = models.PositiveIntegerField(_("largeur de la vignette"), null=True, blank=True)
    height = models.PositiveIntegerField(_("hauteur de la vignette"), null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name

    @property
    def extension(self) -> str:
        # Chosen at upload from the detected content (communaute/services/files.py).
        stored = self.file.name.rsplit("/", 1)[-1]
        return stored.rsplit(".", 1)[-1].lower() if "." in stored else ""

    @property
    def content_type(self) -> str:
        return served_type(self.extension)

    @property
    def shows_inline(self) -> bool:
        return self.kind == self.Kind.IMAGE and self.ready and bool(self.thumbnail)

    @property
    def stem(self) -> str:
        return self.original_name.rsplit(".", 1)[0].strip()

    @property
    def alt(self) -> str:
        return self.alt_text or self.stem or gettext("image")

    @property
    def download_name(self) -> str:
        """The member's name for the file, with the extension of what the file really is."""
        stem = self.stem or gettext("fichier")
        return f"{stem}.{self.extension}" if self.extension else stem
