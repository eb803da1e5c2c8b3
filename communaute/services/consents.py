"""Consents per purpose: giving, withdrawing, and the purposes communaute itself needs.

One write path for each purpose's state: the privacy centre, the profile form, the email
preferences and the unsubscribe link all change it here, in their own transaction, together with
a ConsentRecord holding the date and the sentence shown. The pages read the state where they
always did (Member.in_directory, Member.show_organization, the email frequency), so a
withdrawal is honoured by the directory, the mention suggestions, the profile and the emails
from the moment it is committed.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from communaute.hooks.consents import Purpose, get_purpose, register_purpose
from communaute.models import ConsentRecord, EmailFrequency, EmailPreference, Member
from communaute.permissions.members import check_manage_consents_permission
from communaute.permissions.viewer import Viewer
from communaute.selectors.consents import consent_given
from communaute.selectors.following import frequency_of

DIRECTORY = "directory"
EMAILS = "emails"
ORGANIZATION = "organization"
Source = ConsentRecord.Source


def _set_in_directory(member: Member, given: bool) -> None:
    member.in_directory = given
    member.save(update_fields=["in_directory"])


def _emails_given(member: Member) -> bool:
    return frequency_of(member) != EmailFrequency.NONE


def _set_emails(member: Member, given: bool) -> None:
    # Giving them back brings the default rhythm; the preferences page changes it.
    frequency = EmailFrequency.DAILY if given else EmailFrequency.NONE
    EmailPreference.objects.update_or_create(
        member=member, defaults={"frequency": frequency, "updated_at": timezone.now()}
    )


def _set_show_organization(member: Member, given: bool) -> None:
    member.show_organization = given
    member.save(update_fields=["show_organization"])


register_purpose(
    Purpose(
        key=DIRECTORY,
        label=_("Répertoire des membres"),
        text=_(
            "J'accepte que mon profil (nom affiché, photo, disciplines, province ou territoire, "
            "compétences) soit listé dans le répertoire des membres et proposé quand un membre "
            "en mentionne un autre. Seuls les membres connectés le voient."
        ),
        order=10,
        is_given=lambda member: member.in_directory,
        apply=_set_in_directory,
    )
)
register_purpose(
    Purpose(
        key=EMAILS,
        label=_("Courriels et résumés"),
        text=_(
            "J'accepte que le portail utilise mon adresse courriel pour m'envoyer mes "
            "notifications et leurs résumés. Les courriels nécessaires à mon compte (confirmation "
            "d'adresse, mot de passe oublié) sont envoyés dans tous les cas."
        ),
        order=20,
        is_given=_emails_given,
        apply=_set_emails,
    )
)
register_purpose(
    Purpose(
        key=ORGANIZATION,
        label=_("Mon organisation sur mon profil"),
        text=_(
            "J'accepte que l'organisation inscrite à mon profil, et celles que je représente, "
            "soient affichées sur mon profil et dans le répertoire des membres."
        ),
        order=30,
        is_given=lambda member: member.show_organization,
        apply=_set_show_organization,
    )
)


def record_consent(member: Member, key: str, given: bool, *, source: str) -> ConsentRecord:
    """Write down a decision whose state the caller has just written, in its transaction."""
    purpose = get_purpose(key)
    return ConsentRecord.objects.create(
        member=member,
        purpose=purpose.key,
        given=given,
        # The sentence as the member read it, in the language of the page.
        text=str(purpose.text),
        language=translation.get_language() or "fr",
        source=source,
    )


@transaction.atomic
def set_consent(
    member: Member, key: str, given: bool, *, actor: Member, source: str = Source.PRIVACY_CENTRE
) -> ConsentRecord | None:
    """The member gives or withdraws a consent; None when it already stood that way (a second
    click changes nothing and adds no line to the history)."""
    check_manage_consents_permission(Viewer.of(actor), member)
    purpose = get_purpose(key)
    # Two clicks at once must not both write a decision: the member's row serializes them.
    locked = Member.objects.select_for_update().get(pk=member.pk)
    if consent_given(locked, key) == given:
        return None
    if purpose.apply is not None:
        purpose.apply(locked, given)
    record = record_consent(locked, key, given, source=source)
    for field in ("in_directory", "show_organization"):
        setattr(member, field, getattr(locked, field))
    return record


@transaction.atomic
def record_signup_consents(member: Member, choices: dict[str, bool]) -> list[ConsentRecord]:
    """The consents a new member gave (or not) on the signup form, each applied and recorded."""
    records = []
    for key, given in choices.items():
        purpose = get_purpose(key)
        if purpose.apply is not None:
            purpose.apply(member, given)
        records.append(record_consent(member, key, given, source=Source.SIGNUP))
    return records
