"""Reads for organizations: the list, an organization's page, and what the community's
directory and profiles show of representatives."""

from django.db.models import Count, Q, QuerySet

from communaute.hooks.directory import register_organizations
from communaute.hooks.profiles import register_affiliations
from ressources.models import Organization, OrganizationFollow, Representative, Service


def organizations_with_counts():
    return (
        Organization.objects.annotate(
            published_services=Count(
                "services", filter=Q(services__status=Service.Status.PUBLISHED), distinct=True
            )
        )
        .order_by("name")
        .prefetch_related("regions")
    )


def portal_partners() -> QuerySet[Organization]:
    """The organizations that pool resources here: those with representatives or services, and
    any other the admins added, but not a funder known only for its calls (« Conseil des arts
    du Canada » funds; it is not a partner of the portal)."""
    return (
        Organization.objects.filter(
            Q(members__isnull=False) | Q(services__isnull=False) | Q(funding_calls__isnull=True)
        )
        .distinct()
        .order_by("name")
    )


def organization_detail_queryset() -> QuerySet[Organization]:
    return Organization.objects.prefetch_related("regions", "disciplines")


def organization_page(organization):
    services = (
        organization.services.published()
        .order_by("title")
        .prefetch_related("regions", "organizations")
    )
    representatives = (
        # Both the organization's agreement and the member's consent (privacy centre).
        Representative.objects.filter(
            organization=organization, shown_on_page=True, member__show_organization=True
        )
        .select_related("member")
        .order_by("member__display_name")
    )
    return services, representatives


def follows_organization(member, organization: Organization) -> bool:
    return (
        member.is_authenticated
        and OrganizationFollow.objects.filter(member=member, organization=organization).exists()
    )


@register_affiliations
def represented_organizations(member):
    """On a representative's profile, the organization becomes a link to its page, when the
    person agreed to be shown as its representative."""
    rows = Representative.objects.filter(
        member=member, shown_on_page=True, member__show_organization=True
    )
    return [
        {"label": row.organization.name, "url": row.organization.get_absolute_url()}
        for row in rows.select_related("organization")
    ]


def _directory_organizations():
    # Only organizations with someone who agreed to be shown as their representative.
    return list(
        Organization.objects.filter(
            representatives__shown_on_page=True,
            representatives__member__show_organization=True,
        )
        .distinct()
        .values_list("slug", "name")
    )


def _directory_members(slug):
    return Representative.objects.filter(
        organization__slug=slug, shown_on_page=True, member__show_organization=True
    ).values("member_id")


register_organizations(choices=_directory_organizations, members=_directory_members)
