"""RSS 2.0 and Atom feeds of the publications, all kinds or one kind."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

FEED_LENGTH = 20


class ArticleFeed(Feed):
    """The index page hands its kind over already checked: an ArticleKind, or None for all."""

    def __init__(self, index_page, *, feed_format, kind=None):
        super().__init__()
        self.index_page = index_page
        self.kind = kind
        self.feed_type = Atom1Feed if feed_format == "atom" else Rss201rev2Feed

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        if self.kind:
            return f"{self.index_page.title} — {self.kind.label}"
        return f"{self.index_page.title} — Passerelles Culture"

    def link(self):
        return self.index_page.get_full_url(self.request)

    def description(self):
        return self.index_page.introduction or _(
            "Les publications des partenaires de Passerelles Culture."
        )

    def items(self):
        articles = self.index_page.articles()
        if self.kind:
            articles = articles.filter(kind=self.kind)
        return articles[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.introduction

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_author_name(self, item):
        return item.organization.name

    def item_categories(self, item):
        return [item.get_kind_display()]
