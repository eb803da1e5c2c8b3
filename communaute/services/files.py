"""Members' files, whatever they are joined to (a post, a private message, an access request).

store_file keeps an upload under the type read from its content; an image stays hidden until
the background worker has re-encoded it (no camera metadata, no oversized picture, no web
process held while a large photo is decoded: see communaute/services/pictures.py).
stored_file_response sends a file once the view has checked who asks.
"""

import logging
import uuid

from django.apps import apps
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django_tasks import task

from communaute.models import StoredFile
from communaute.services.pictures import IMAGE_MAX_SIDE, UNREADABLE
from passerelles.core.files import INLINE_TYPES, clean_file_name, detect
from passerelles.core.images import bounded_webp
from passerelles.core.storage import private_file_response

logger = logging.getLogger(__name__)

# A member's file is never a page of this site: even rendered, it runs nothing and reaches
# nothing. Set on the response, the site-wide policy middleware leaves it as is.
STORED_FILE_POLICY = "sandbox; default-src 'none'"


def store_file(instance: StoredFile, upload: UploadedFile) -> StoredFile:
    """Save `instance` (its owner's foreign key already set) with the upload as its file.

    The upload was checked by the form (passerelles/core/forms.py, AttachmentField)."""
    kind, extension = detect(upload)
    instance.original_name = clean_file_name(upload.name) or _("fichier")
    instance.kind = kind
    if kind == StoredFile.Kind.IMAGE:
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
        except UNREADABLE:
            logger.warning("%s %s is not a readable image: removed.", model_label, pk)
            stored.delete()
        else:
            stem = stored.original_name.rsplit(".", 1)[0] or _("image")
            stored.file.save(f"{stem}.webp", content, save=False)
            stored.size = stored.file.size
            stored.ready = True
            stored.save(update_fields=["file", "size", "ready"])
        storage = stored.file.storage
        transaction.on_commit(lambda: storage.delete(original))


def delete_stored_file(sender: type[StoredFile], instance: StoredFile, **kwargs: object) -> None:
    """A post_delete receiver: a file's row gone (an account deleted with what it owned), the
    file goes too, once the deletion is committed. Connect it for each StoredFile model."""
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def stored_file_response(stored: StoredFile) -> HttpResponse:
    """The response that sends a member's file; call it only once permission is checked."""
    # The type is the one detected at upload, never guessed from the member's file name.
    content_type = stored.content_type
    response = private_file_response(
        stored.file,
        as_attachment=content_type not in INLINE_TYPES,
        filename=stored.download_name,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = STORED_FILE_POLICY
    # A signed address from object storage says no-store: it must not outlive its signature.
    response.setdefault("Cache-Control", "private, max-age=3600")
    return response
