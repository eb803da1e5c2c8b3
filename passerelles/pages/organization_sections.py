from django.utils.formats import date_format
from django.utils.translation import gettext as _

from passerelles.pages.models import ArticlePage
from ressources.hooks.organizations import register_organization_section

LATEST = 5


@register_organization_section
def publications(organization):
    """An organization's page lists its latest publications."""
    articles = list(
        ArticlePage.objects.live()
        .public()
        .filter(organization=organization)
        .order_by("-date", "-first_published_at")[:LATEST]
    )
    if not articles:
        return None
    return {
        "title": _("Publications"),
        "items": [
            {
                "title": article.title,
                "url": article.url,
                "meta": f"{article.get_kind_display()}, {date_format(article.date, 'j F Y')}",
            }
            for article in articles
        ],
        "more_url": None,
    }
