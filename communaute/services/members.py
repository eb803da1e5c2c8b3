"""Writes on members' accounts: profile updates, personal data export, account deletion."""

import io
import json
import zipfile
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communaute.hooks import privacy
from communaute.models import Member
from communaute.permissions.members import (
    check_delete_account_permission,
    check_edit_profile_permission,
)
from communaute.permissions.viewer import Viewer
from communaute.services import consents
from passerelles.core.formats import format_time
from passerelles.core.images import square_webp
from passerelles.core.models import Discipline

PROFILE_FIELDS = (
    "display_name",
    "province",
    "organization_name",
    "bio",
    "website",
)
# Profile fields that are also consents: changed from the profile form, they are recorded in
# the consent history like a change made in the privacy centre.
CONSENT_FIELDS = {"in_directory": consents.DIRECTORY}
AVATAR_CHANGES_PER_HOUR = 10
AVATAR_CHANGES_WINDOW = 3600  # seconds


def _check_avatar_changes(member: Member) -> None:
    """Count this photo change; refuse it past AVATAR_CHANGES_PER_HOUR within the clock hour.

    Each new photo is decoded and re-encoded, which costs the server real time: a member
    changes theirs a few times, a script would change it all day. The count lives in the cache
    (shared by every server when it is Redis), added to atomically."""
    now = timezone.now()
    window = int(now.timestamp()) // AVATAR_CHANGES_WINDOW
    key = f"avatar-changes:{member.pk}:{window}"
    cache.add(key, 0, timeout=AVATAR_CHANGES_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: a new window begins
        cache.add(key, 1, timeout=AVATAR_CHANGES_WINDOW)
        count = 1
    if count > AVATAR_CHANGES_PER_HOUR:
        retry_at = datetime.fromtimestamp((window + 1) * AVATAR_CHANGES_WINDOW, tz=UTC)
        raise ValidationError(
            {
                "avatar": _(
                    "Vous avez déjà changé de photo %(count)s fois cette heure-ci : vous pourrez "
                    "en envoyer une nouvelle à %(time)s. Vos autres changements sont conservés "
                    "ci-dessous."
                )
                % {
                    "count": AVATAR_CHANGES_PER_HOUR,
                    "time": format_time(timezone.localtime(retry_at)),
                }
            }
        )


def _delete_file_on_commit(storage: Storage, name: str) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def update_profile(
    member: Member,
    *,
    actor: Member,
    changes: Mapping[str, Any],
    disciplines: Iterable[Discipline] | None = None,
    skills: Iterable[str] | None = None,
    avatar: UploadedFile | None = None,
    remove_avatar: bool = False,
) -> Member:
    check_edit_profile_permission(Viewer.of(actor), member)
    if avatar is not None:
        _check_avatar_changes(member)
    for field in PROFILE_FIELDS:
        if field in changes:
            setattr(member, field, changes[field])
    # Compared with the stored row, locked: a ModelForm has already set the new value on the
    # instance, and two saves at once must not both record the same change.
    stored = Member.objects.select_for_update().filter(pk=member.pk).values(*CONSENT_FIELDS).get()
    consent_changes = {}
    for field, key in CONSENT_FIELDS.items():
        if field in changes and bool(changes[field]) != stored[field]:
            consent_changes[key] = bool(changes[field])
        setattr(member, field, bool(changes.get(field, stored[field])))
    old_avatar = member.avatar.name
    if avatar is not None:
        processed = square_webp(avatar, settings.AVATAR_SIZE)
        member.avatar.save(processed.name, processed, save=False)
    elif remove_avatar:
        member.avatar = ""
    member.save()
    for key, given in consent_changes.items():
        consents.record_consent(member, key, given, source=consents.Source.PROFILE)
    if disciplines is not None:
        member.disciplines.set(disciplines)
    if skills is not None:
        member.skills.set(skills)
    if old_avatar and old_avatar != member.avatar.name:
        _delete_file_on_commit(member.avatar.storage, old_avatar)
    return member


def export_personal_data(member: Member) -> bytes:
    """A ZIP archive: donnees.json with every registered section, and the member's files."""
    data, files = privacy.collect(member)
    document = {
        "site": settings.WAGTAIL_SITE_NAME,
        "exported_at": timezone.now(),
        "member_id": member.pk,
        **data,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "donnees.json",
            json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        )
        for field_file in files:
            with field_file.open("rb") as handle:
                archive.writestr(f"fichiers/{PurePosixPath(field_file.name)}", handle.read())
    return buffer.getvalue()


def _erase(member: Member) -> None:
    # Shared content points at members with SET_NULL: it stays, shown as "Membre supprimé".
    _delete_file_on_commit(member.avatar.storage, member.avatar.name)
    member.delete()


@transaction.atomic
def delete_account(member: Member, *, actor: Member) -> None:
    """A member removes their own account and its personal data."""
    check_delete_account_permission(Viewer.of(actor), member)
    _erase(member)


@transaction.atomic
def remove_member(member: Member, *, actor: Member) -> None:
    """An administrator removes an account (from Django admin)."""
    if not actor.has_perm("communaute.delete_member"):
        raise PermissionDenied(_("Vous n'avez pas la permission de supprimer des comptes."))
    _erase(member)
