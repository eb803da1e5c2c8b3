"""Writes on a member's notification settings."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communaute.models import EmailFrequency, EmailPreference, Member


@transaction.atomic
def set_email_frequency(
    member: Member, frequency: str, *, actor: Member | None, token_checked: bool = False
) -> EmailPreference:
    """The member's own choice, or an unsubscribe link whose signed token was checked."""
    if not token_checked and (actor is None or actor.pk != member.pk):
        raise PermissionDenied(_("Vous ne pouvez changer que vos propres préférences."))
    EmailFrequency(frequency)
    preference, _created = EmailPreference.objects.update_or_create(
        member=member, defaults={"frequency": frequency, "updated_at": timezone.now()}
    )
    return preference


@transaction.atomic
def set_email_language(member: Member, language: str, *, actor: Member) -> Member:
    """The language every email to the member is written in (and its links lead to)."""
    if actor.pk != member.pk:
        raise PermissionDenied(_("Vous ne pouvez changer que vos propres préférences."))
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"Not a language of the site: {language!r}")
    if member.language != language:
        member.language = language
        member.save(update_fields=["language"])
    return member
