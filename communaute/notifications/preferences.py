"""Writes on a member's notification settings."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communaute.models import EmailFrequency, EmailPreference, Member
from communaute.selectors.following import frequency_of
from communaute.services import consents


@transaction.atomic
def set_email_frequency(
    member: Member, frequency: str, *, actor: Member | None, token_checked: bool = False
) -> EmailPreference:
    """The member's own choice, or an unsubscribe link whose signed token was checked."""
    if not token_checked and (actor is None or actor.pk != member.pk):
        raise PermissionDenied(_("Vous ne pouvez changer que vos propres préférences."))
    EmailFrequency(frequency)
    # The frequency "none" is the withdrawn consent to emails: the two never disagree.
    was_given = frequency_of(member) != EmailFrequency.NONE
    preference, _created = EmailPreference.objects.update_or_create(
        member=member, defaults={"frequency": frequency, "updated_at": timezone.now()}
    )
    given = frequency != EmailFrequency.NONE
    if given != was_given:
        source = consents.Source.UNSUBSCRIBE if token_checked else consents.Source.EMAIL_PREFERENCES
        consents.record_consent(member, consents.EMAILS, given, source=source)
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
