from communaute.hooks.directory import register_organizations
from communaute.hooks.profiles import register_affiliations
from ressources.models import Organization, Representative


@register_affiliations
def represented_organizations(member):
    """On a representative's profile, the organization becomes a link to its page, when the
    person agreed to be shown as its representative."""
    rows = Representative.objects.filter(member=member, shown_on_page=True)
    return [
        {"label": row.organization.name, "url": row.organization.get_absolute_url()}
        for row in rows.select_related("organization")
    ]


def _directory_organizations():
    # Only organizations with someone who agreed to be shown as their representative.
    return list(
        Organization.objects.filter(representatives__shown_on_page=True)
        .distinct()
        .values_list("slug", "name")
    )


def _directory_members(slug):
    return Representative.objects.filter(organization__slug=slug, shown_on_page=True).values(
        "member_id"
    )


register_organizations(choices=_directory_organizations, members=_directory_members)
