from django.core.cache import cache

from ressources.models import Organization

CACHE_KEY = "ressources:footer-partners"


def partner_organizations(request):
    """The partner organizations every footer links to, cached (ressources/signals.py clears it)."""
    partners = cache.get(CACHE_KEY)
    if partners is None:
        partners = [
            {"name": organization.name, "url": organization.get_absolute_url()}
            for organization in Organization.objects.order_by("name").only("name", "slug")
        ]
        cache.set(CACHE_KEY, partners, 3600)
    return {"partner_organizations": partners}
