"""Members' pictures (photos, images joined to what they write: communaute/services/files.py)
are re-encoded by the background worker, never during the request.

Decoding a large photo costs the server up to a second; done in the request, a few members
sending pictures at once would hold every web process. The request checks the header (type,
pixel count: passerelles/core/images.py) and keeps the file as sent, privately; the worker
then writes the re-encoded copy, the only one that ever goes out, and deletes the original.
"""

import logging
import uuid

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django_tasks import task
from PIL import UnidentifiedImageError

from communaute.models import Member
from passerelles.core.images import square_webp

logger = logging.getLogger(__name__)

IMAGE_MAX_SIDE = 2000
# What Pillow raises on a file whose header was sound but whose pixels are not.
UNREADABLE = (UnidentifiedImageError, OSError, SyntaxError, ValueError)


def keep_avatar(member: Member, upload: UploadedFile) -> None:
    """Store a new photo as sent; the current one shows until the worker has replaced it."""
    previous = member.pending_avatar.name
    member.pending_avatar.save(f"{uuid.uuid4().hex}.original", upload, save=False)
    if previous:
        storage = member.pending_avatar.storage
        transaction.on_commit(lambda: storage.delete(previous))
    member_id, pending = member.pk, member.pending_avatar.name
    transaction.on_commit(lambda: prepare_avatar.enqueue(member_id, pending), robust=True)


@task()
def prepare_avatar(member_id: int, pending: str) -> None:
    with transaction.atomic():
        member = Member.objects.select_for_update().filter(pk=member_id).first()
        # A newer photo sent meanwhile has its own run; this one has nothing left to do.
        if member is None or member.pending_avatar.name != pending:
            return
        old_avatar = member.avatar.name
        try:
            with member.pending_avatar.open("rb") as sent:
                content = square_webp(sent, settings.AVATAR_SIZE)
        except UNREADABLE:
            logger.warning("Member %s sent a photo that is not a readable image.", member_id)
        else:
            member.avatar.save(content.name, content, save=False)
        member.pending_avatar = ""
        member.save(update_fields=["avatar", "pending_avatar"])
        storages = [(member.pending_avatar.storage, pending)]
        if old_avatar and old_avatar != member.avatar.name:
            storages.append((member.avatar.storage, old_avatar))
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in storages])
