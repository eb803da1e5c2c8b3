from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from passerelles.core import read_ahead
from ressources.selectors.organizations import portal_partners

CACHE_KEY = "ressources:footer-partners"


def read_partner_organizations() -> list[dict]:
    partners = read_ahead.get(CACHE_KEY)
    if partners is None:
        partners = [
            {"name": organization.name, "url": organization.get_absolute_url()}
            for organization in portal_partners().only("name", "slug")
        ]
        cache.set(CACHE_KEY, partners, 3600)
    return partners


def partner_organizations(request):
    """The partner organizations every footer links to, cached (ressources/signals.py clears
    it); read only when a template shows them (fragments and emails never do)."""
    return {"partner_organizations": SimpleLazyObject(read_partner_organizations)}
