"""Members' files, whatever they are joined to (a post, a private message, an access request).

store_file keeps an upload under the type read from its content; an image stays hidden until
the background worker has re-encoded it (no camera metadata, no oversized picture, no web
process held while a large photo is decoded: see communaute/services/pictures.py).
stored_file_response sends a file once the view has checked who asks.
"""

import io
import logging
import uuid
from collections.abc import Callable, Sequence

from django.apps import apps
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django_tasks import task

from communaute.models import StoredFile
from communaute.services.pictures import IMAGE_MAX_SIDE, UNREADABLE
from passerelles.core.files import INLINE_TYPES, JoinedFile, clean_file_name, detect
from passerelles.core.images import bounded_webp, thumbnail_webp
from passerelles.core.storage import private_file_response

logger = logging.getLogger(__name__)

# A member's file is never a page of this site: even rendered, it runs nothing and reaches
# nothing. Set on the response, the site-wide policy middleware leaves it as is.
STORED_FILE_POLICY = "sandbox; default-src 'none'"
# A ready image never changes under its address (a new file is a new row): the browser keeps
# it, for the person who asked only. Other files keep the hour they had.
IMAGE_CACHE = "private, max-age=31536000, immutable"
FILE_CACHE = "private, max-age=3600"
# The thumbnail shown in a message: as wide as a column of text on a large screen; a tall picture
# stops at THUMBNAIL_HEIGHT. The full image is a click away.
THUMBNAIL_WIDTH = 800
THUMBNAIL_HEIGHT = 1200


def store_files(
    make: Callable[[], StoredFile], attachments: Sequence[UploadedFile | JoinedFile]
) -> list[StoredFile]:
    """Keep each file joined to a message, in the order chosen; `make` gives a new row with its
    owner's foreign key set (lambda: Attachment(post=post))."""
    stored = []
    for item in attachments:
        joined = item if isinstance(item, JoinedFile) else JoinedFile(item)
        stored.append(store_file(make(), joined.upload, alt_text=joined.alt_text))
    return stored


def store_file(instance: StoredFile, upload: UploadedFile, *, alt_text: str = "") -> StoredFile:
    """Save `instance` (its owner's foreign key already set) with the upload as its file.

    The upload was checked by the form (passerelles/core/forms.py, AttachmentsField)."""
    kind, extension = detect(upload)
    instance.original_name = clean_file_name(upload.name) or _("fichier")
    instance.kind = kind
    if kind == StoredFile.Kind.IMAGE:
        instance.alt_text = alt_text
        instance.ready = False
        instance.file.save(f"{uuid.uuid4().hex}.original", upload, save=False)
        instance.size = instance.file.size
        instance.save()
        label, pk = instance._meta.label, instance.pk
        transaction.on_commit(lambda: prepare_stored_image.enqueue(label, pk), robust=True)
        return instance
    instance.file.save(f"{uuid.uuid4().hex}.{extension}", upload, save=False)
    instance.size = instance.file.size
    instance.save()
    return instance


@task()
def prepare_stored_image(model_label: str, pk: int) -> None:
    """Re-encode a kept image to WebP, the only copy that ever goes out; `model_label` names
    the StoredFile model ("communaute.Attachment")."""
    model = apps.get_model(model_label)
    with transaction.atomic():
        stored = model.objects.select_for_update().filter(pk=pk, ready=False).first()
        if stored is None:  # already done by another run, or its owner is gone
            return
        original = stored.file.name
        try:
            with stored.file.open("rb") as sent:
                content = bounded_webp(sent, IMAGE_MAX_SIDE)
            # From the re-encoded copy: smaller to decode, and already without metadata.
            thumbnail, (width, height) = thumbnail_webp(
                io.BytesIO(content.read()), THUMBNAIL_WIDTH, THUMBNAIL_HEIGHT
            )
            content.seek(0)
        except UNREADABLE:
            logger.warning("%s %s is not a readable image: removed.", model_label, pk)
            stored.delete()
        else:
            stem = stored.stem or _("image")
            stored.file.save(f"{stem}.webp", content, save=False)
            stored.thumbnail.save(f"{stem}.webp", thumbnail, save=False)
            stored.size = stored.file.size
            stored.width, stored.height = width, height
            stored.ready = True
            stored.save(update_fields=["file", "thumbnail", "size", "width", "height", "ready"])
        storage = stored.file.storage
        transaction.on_commit(lambda: storage.delete(original))


def stored_file_models() -> list[type[StoredFile]]:
    """Every concrete model that keeps members' files, whichever app declares it (ressources'
    request files too, without communaute importing ressources)."""
    return [model for model in apps.get_models() if issubclass(model, StoredFile)]


def images_without_thumbnail(model: type[StoredFile]) -> QuerySet:
    # Images kept before thumbnails existed: re-encoded already (ready), but shown as a card.
    return model.objects.filter(kind=StoredFile.Kind.IMAGE, ready=True, thumbnail="")


@task()
def add_missing_thumbnail(model_label: str, pk: int) -> bool:
    """Give an image kept before thumbnails existed its thumbnail and size, so that it shows
    inline; False when there was nothing to do (done already, gone) or the file is unreadable."""
    model = apps.get_model(model_label)
    with transaction.atomic():
        stored = images_without_thumbnail(model).select_for_update().filter(pk=pk).first()
        if stored is None:
            return False
        try:
            with stored.file.open("rb") as full:
                thumbnail, (width, height) = thumbnail_webp(
                    io.BytesIO(full.read()), THUMBNAIL_WIDTH, THUMBNAIL_HEIGHT
                )
        except UNREADABLE:
            # Left as it is: the card still offers the file, which someone may want.
            logger.warning("%s %s is not a readable image: no thumbnail.", model_label, pk)
            return False
        stored.thumbnail.save(f"{stored.stem or _('image')}.webp", thumbnail, save=False)
        stored.width, stored.height = width, height
        stored.save(update_fields=["thumbnail", "width", "height"])
    return True


def delete_stored_file(sender: type[StoredFile], instance: StoredFile, **kwargs: object) -> None:
    """A post_delete receiver: a file's row gone (an account deleted with what it owned), the
    file goes too, once the deletion is committed. Connect it for each StoredFile model."""
    storage = instance.file.storage
    names = [name for name in (instance.file.name, instance.thumbnail.name) if name]
    if names:
        transaction.on_commit(lambda: [storage.delete(name) for name in names])


def stored_file_response(stored: StoredFile, *, thumbnail: bool = False) -> HttpResponse:
    """The response that sends a member's file (or its thumbnail); call it only once
    permission is checked."""
    # The type is the one detected at upload, never guessed from the member's file name.
    content_type = stored.content_type
    # An image from before thumbnails existed goes out whole.
    response = private_file_response(
        stored.thumbnail if thumbnail and stored.thumbnail else stored.file,
        as_attachment=content_type not in INLINE_TYPES,
        filename=stored.download_name,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = STORED_FILE_POLICY
    # A signed address from object storage says no-store: it must not outlive its signature.
    is_image = stored.kind == StoredFile.Kind.IMAGE
    response.setdefault("Cache-Control", IMAGE_CACHE if is_image else FILE_CACHE)
    return response
