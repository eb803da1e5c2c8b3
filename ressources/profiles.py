from communaute.profiles import register_affiliations

from .models import Representative


@register_affiliations
def represented_organizations(member):
    """On a representative's profile, the organization becomes a link to its page, when the
    person agreed to be shown as its representative."""
    rows = Representative.objects.filter(member=member, shown_on_page=True)
    return [
        {"label": row.organization.name, "url": row.organization.get_absolute_url()}
        for row in rows.select_related("organization")
    ]
