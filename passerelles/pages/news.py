"""What the editorial pages add to « Quoi de neuf » (communaute/hooks/news.py): the
publications of the organizations a member follows (every publication belongs to one), and the
initiatives newly listed anywhere (they name an organization but link to none)."""

from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.models import Page

from communaute.hooks.news import NewsItem, Position, Window, after_q, register_source
from communaute.models import Member
from passerelles.pages.models import ArticlePage, InitiativePage
from ressources.selectors.news import followed_organization_ids, organization_group


def _item(page: Page) -> NewsItem:
    common = {
        "kind": "publications",
        "pk": page.pk,
        "at": page.first_published_at,
        "title": page.title,
        "url": page.get_url(),
    }
    if hasattr(page, "articlepage"):
        return NewsItem(
            **common,
            lead=_("Nouvelle publication :"),
            **organization_group(page.articlepage.organization),
        )
    return NewsItem(
        **common,
        lead=_("Nouvelle initiative :"),
        meta=page.initiativepage.organization_name,
        group_key="initiatives",
        group_label=_("Initiatives du milieu"),
    )


def new_publications(
    member: Member, window: Window, after: Position | None, limit: int
) -> list[NewsItem]:
    """Both kinds of page in one query: their specific rows come joined, not one by one."""
    pages = (
        Page.objects.live()
        .public()
        .type(ArticlePage, InitiativePage)
        .filter(
            Q(articlepage__organization__in=followed_organization_ids(member))
            | Q(initiativepage__isnull=False),
            first_published_at__gt=window.since,
            first_published_at__lte=window.until,
        )
        .filter(after_q(after, "publications", "first_published_at"))
        .select_related("articlepage__organization", "initiativepage")
        .order_by("-first_published_at", "-pk")[:limit]
    )
    return [_item(page) for page in pages]


register_source("publications", new_publications)
