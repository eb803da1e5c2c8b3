from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communaute.models import Member


def members_for_profile():
    """Active members with what a profile page shows, in one query plus one for disciplines."""
    return Member.objects.filter(is_active=True).prefetch_related("disciplines")


def missing_profile_details(member: Member) -> list[str]:
    """What the member's profile still lacks, as phrases for the completion hint.

    The one definition of a complete profile: a display name, a province or territory, and
    either a discipline or a few words of presentation. At most one query (the disciplines,
    asked only when the presentation is empty).
    """
    missing = []
    if not member.display_name.strip():
        missing.append(_("votre nom affiché"))
    if not member.province:
        missing.append(_("votre province ou territoire"))
    if not member.bio.strip() and not member.disciplines.exists():
        missing.append(_("vos disciplines ou quelques mots de présentation"))
    return missing


def is_profile_complete(member: Member) -> bool:
    return not missing_profile_details(member)


def member_by_address_or_handle(who: str) -> Member | None:
    """The active member whose email (any case) or handle is ``who`` (``@handle`` too)."""
    who = who.strip()
    if not who:
        return None
    return (
        Member.objects.filter(is_active=True)
        .filter(Q(email__iexact=who) | Q(handle=who.lstrip("@")))
        .first()
    )
