from django.conf import settings
from django.core.cache import cache
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from wagtail.models import Site

from passerelles.core import read_ahead
from passerelles.pages.models import FooterLinks

LINK_FIELDS = ("about_page", "code_of_conduct_page", "privacy_page", "accessibility_page")
FOOTER_LINKS_TIMEOUT = 3600


def footer_links_key(language: str) -> str:
    # Per language only: the portal is one Wagtail site, whose links are relative addresses.
    return f"pages:footer-links:{language}"


def forget_footer_links(**kwargs) -> None:
    """A page, the footer's setting or the site changed: every footer reads its links afresh."""
    keys = [footer_links_key(code) for code, _name in settings.LANGUAGES]
    for key in keys:
        read_ahead.discard(key)
    cache.delete_many(keys)


def read_footer_links(request) -> list[dict]:
    """The fixed pages the editors chose, as titles and addresses, read once per language:
    otherwise every page finds its Wagtail site, reads the setting with its four pages, then
    the site's root paths, for four links that change a few times a year."""
    key = footer_links_key(get_language())
    links = read_ahead.get(key)
    if links is None:
        site = Site.find_for_request(request)
        if site is None:
            # An address no Wagtail site answers (a database without one, a test server).
            return []
        setting = FooterLinks.for_site(site)
        pages = (getattr(setting, field) for field in LINK_FIELDS)
        links = [
            {"title": page.title, "url": page.get_url(request)}
            for page in pages
            if page is not None and page.live
        ]
        cache.set(key, links, FOOTER_LINKS_TIMEOUT)
    return links


def footer_links(request):
    # Lazy: fragments and emails never show the footer.
    return {"footer_links": SimpleLazyObject(lambda: read_footer_links(request))}
