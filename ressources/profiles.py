from communaute.profiles import register_affiliations

from .models import Representative


@register_affiliations
def represented_organizations(member):
    """On a representative's profile, the organization becomes a link to its page."""
    return [
        {"label": row.organization.name, "url": row.organization.get_absolute_url()}
        for row in Representative.objects.filter(member=member).select_related("organization")
    ]
