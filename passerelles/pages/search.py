from django.utils.html import strip_tags
from wagtail.models import Page

from passerelles.core.search import HitSequence, SearchHit, highlight


def search_pages(query, user):
    """Live pages open to everyone (no view restriction), best match first."""
    results = Page.objects.live().public().specific().search(query)

    def to_hit(page):
        summary = getattr(page, "search_summary", "") or page.search_description
        return SearchHit(title=page.title, url=page.url, text=highlight(strip_tags(summary), query))

    return HitSequence(results, to_hit)
