"""Writes on members' accounts: profile updates, personal data export, account deletion."""

import io
import json
import zipfile
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from communaute.hooks import privacy
from communaute.models import Member
from communaute.permissions.members import (
    check_delete_account_permission,
    check_edit_profile_permission,
)
from communaute.permissions.viewer import Viewer
from communaute.services import consents
from communaute.services.pictures import keep_avatar
from passerelles.core.formats import format_time
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
        keep_avatar(member, avatar)
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


def _summary_text(value: Any) -> str:
    if value is None or value == "" or value == {}:
        return "—"
    if isinstance(value, bool):
        return _("Oui") if value else _("Non")
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value, "DATE_FORMAT")
    return str(value)


def _summary_node(value: Any, section: privacy.Section, key: str = "") -> dict[str, Any]:
    """A section's data as a tree the summary template draws: fields of a dict as a definition
    list, a list of dicts as a table, other lists as a list, anything else as text (a stored
    code turned into its words when the section gives them)."""

    def label(name: str) -> str:
        return str(section.labels.get(name) or name.replace("_", " ").capitalize())

    if isinstance(value, Mapping) and value:
        return {
            "kind": "fields",
            "items": [
                (label(name), _summary_node(item, section, name)) for name, item in value.items()
            ],
        }
    if isinstance(value, list | tuple):
        if not value:
            return {"kind": "empty"}
        if all(isinstance(item, Mapping) for item in value):
            names = list(dict.fromkeys(name for item in value for name in item))
            return {
                "kind": "table",
                "headers": [label(name) for name in names],
                "rows": [
                    [_summary_node(item.get(name), section, name) for name in names]
                    for item in value
                ],
            }
        return {"kind": "list", "items": [_summary_node(item, section, key) for item in value]}
    if isinstance(value, str) and value in section.choices.get(key, {}):
        value = section.choices[key][value]
    return {"kind": "text", "text": _summary_text(value)}


def _summary_html(member: Member, data: Mapping[str, Any], exported_at: datetime) -> str:
    """resume.html: the same data as donnees.json, for a person, in the member's language."""
    with translation.override(member.language):
        sections = [
            {
                "name": section.name,
                "label": str(section.label),
                "node": _summary_node(data[section.name], section),
            }
            for section in privacy.sections()
            if section.name in data
        ]
        return render_to_string(
            "communaute/members/export_summary.html",
            {
                "site_name": settings.WAGTAIL_SITE_NAME,
                "member": member,
                "language": member.language,
                "exported_at": _summary_text(exported_at),
                "sections": sections,
            },
        )


def export_personal_data(member: Member) -> bytes:
    """A ZIP archive: donnees.json with every registered section, resume.html saying the same
    for a person, and the member's files."""
    data, files = privacy.collect(member)
    exported_at = timezone.now()
    document = {
        "site": settings.WAGTAIL_SITE_NAME,
        "exported_at": exported_at,
        "member_id": member.pk,
        **data,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "donnees.json",
            json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        )
        archive.writestr("resume.html", _summary_html(member, data, exported_at))
        for field_file in files:
            with field_file.open("rb") as handle:
                archive.writestr(f"fichiers/{PurePosixPath(field_file.name)}", handle.read())
    return buffer.getvalue()


def _erase(member: Member) -> None:
    # Shared content points at members with SET_NULL: it stays, shown as "Membre supprimé".
    _delete_file_on_commit(member.avatar.storage, member.avatar.name)
    _delete_file_on_commit(member.pending_avatar.storage, member.pending_avatar.name)
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
