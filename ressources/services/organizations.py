"""Writes for organizations: who represents them.

The Partenaire group follows the Representative rows (ressources/signals.py), whatever writes
them: these functions, the admin's inline, or an account deletion.
"""

from django.db import transaction

from communaute.models import Member
from ressources.models import Organization, Representative


@transaction.atomic
def add_representative(
    organization: Organization,
    member: Member,
    *,
    role: str = Representative.Role.STAFF,
    shown_on_page: bool = False,
) -> Representative:
    representative, _created = Representative.objects.update_or_create(
        organization=organization,
        member=member,
        defaults={"role": role, "shown_on_page": shown_on_page},
    )
    return representative


@transaction.atomic
def remove_representative(representative: Representative) -> None:
    representative.delete()
