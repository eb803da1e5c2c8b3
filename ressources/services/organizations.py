"""Writes for organizations: who represents them, who follows them.

The Partenaire group follows the Representative rows (ressources/signals.py), whatever writes
them: these functions, the admin's inline, or an account deletion.
"""

from django.db import transaction

from communaute.models import Member
from communaute.permissions.viewer import Viewer
from ressources.models import Organization, OrganizationFollow, Representative
from ressources.permissions.organizations import check_follow_organization_permission


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


@transaction.atomic
def follow_organization(member: Member, organization: Organization) -> OrganizationFollow:
    check_follow_organization_permission(Viewer.of(member))
    follow, _created = OrganizationFollow.objects.get_or_create(
        member=member, organization=organization
    )
    return follow


@transaction.atomic
def stop_following_organization(member: Member, organization: Organization) -> None:
    OrganizationFollow.objects.filter(member=member, organization=organization).delete()
