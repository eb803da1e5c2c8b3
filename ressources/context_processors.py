from django.core.cache import cache

from ressources.selectors.organizations import portal_partners

CACHE_KEY = "ressources:footer-partners"


def partner_organizations(request):
    """The partner organizations every footer links to, cached (ressources/signals.py clears it)."""
    partners = cache.get(CACHE_KEY)
    if partners is None:
        partners = [
            {"name": organization.name, "url": organization.get_absolute_url()}
            for organization in portal_partners().only("name", "slug")
        ]
        cache.set(CACHE_KEY, partners, 3600)
    return {"partner_organizations": partners}
