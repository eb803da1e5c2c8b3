import json
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, route
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from communaute.permissions.viewer import Viewer
from communaute.selectors.forum import spaces_for_home
from communaute.selectors.home import cached_home
from communaute.selectors.news import whats_new, window_for
from passerelles.core import read_ahead
from passerelles.core.links import kept_reverse
from passerelles.core.slugs import free_slug
from passerelles.core.vocabularies import MemberRegion
from passerelles.pages.blocks import ArticleBodyBlock, BodyBlock
from passerelles.pages.feeds import ArticleFeed
from passerelles.pages.forms import ArticlePageForm
from passerelles.pages.permissions import OwnOrganizationPermissionTester
from passerelles.pages.views import suggest_initiative
from ressources.permissions.needs import can_declare_need
from ressources.selectors.access import requests_of_member
from ressources.selectors.catalogue import featured_services
from ressources.selectors.gatherings import upcoming_gatherings
from ressources.selectors.needs import needs_of_member
from ressources.selectors.organizations import organizations_with_counts


def home_url():
    # The portal is one site whose root page is the home page, served at / (or /en/).
    return kept_reverse("wagtail_serve", args=("",))


def articles_url():
    """The publications index, for the main navigation: its path is cached, the URL reversed
    in the current language, so the header costs no query."""
    path = read_ahead.get(ARTICLES_PATH_CACHE_KEY)
    if path is None:
        index_page = ArticleIndexPage.objects.live().public().order_by("path").first()
        # A page's url_path starts with the home page's own slug ("/accueil/actualites/").
        path = "/".join(index_page.url_path.strip("/").split("/")[1:]) + "/" if index_page else ""
        cache.set(ARTICLES_PATH_CACHE_KEY, path, 300)
    return kept_reverse("wagtail_serve", args=(path,)) if path else None


ARTICLES_PATH_CACHE_KEY = "pages:articles-index-path"


class HomePage(Page):
    """The portal's front page. The editorial issue adds the lists assembled automatically."""

    lead = models.CharField(
        _("phrase d'accroche"),
        max_length=250,
        blank=True,
        help_text=_("Une phrase sous le titre, qui dit en quelques mots ce qu'est le portail."),
    )
    introduction = RichTextField(
        _("introduction"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
    )

    content_panels = [*Page.content_panels, FieldPanel("lead"), FieldPanel("introduction")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("introduction"),
    ]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["pages.StandardPage", "pages.ArticleIndexPage", "pages.InitiativeIndexPage"]

    class Meta:
        verbose_name = _("page d'accueil")

    @property
    def search_summary(self):
        return self.lead

    # A signed-in member's home: their spaces, requests and needs, and what is new for them.
    member_template = "pages/home_page_member.html"
    MEMBER_LIST_LENGTH = 5
    NEWS_LENGTH = 6
    GATHERINGS_LENGTH = 3

    @staticmethod
    def shows_member_home(request):
        # An editor previewing the page edits the visitors' home: the preview shows that one.
        return request.user.is_authenticated and not getattr(request, "is_preview", False)

    def get_template(self, request, *args, **kwargs):
        if self.shows_member_home(request):
            return self.member_template
        return super().get_template(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_articles"] = (
            ArticlePage.objects.live()
            .public()
            .select_related("organization")
            .order_by("-date", "-first_published_at")[:3]
        )
        context["articles_url"] = articles_url()
        context["upcoming_gatherings"] = upcoming_gatherings(
            getattr(request, "viewer", None) or Viewer(request.user), limit=self.GATHERINGS_LENGTH
        )
        if self.shows_member_home(request):
            context.update(self.member_context(request))
        else:
            context["featured_services"] = featured_services(limit=3)
            context["organizations"] = organizations_with_counts()
        return context

    def member_context(self, request):
        """The blocks of a member's home, each a bounded list read in one query, kept per
        member (communaute/selectors/home.py)."""
        member = request.user
        viewer = getattr(request, "viewer", None) or Viewer(member)
        return {
            **cached_home(member.pk, lambda: self.member_blocks(member)),
            "can_declare": can_declare_need(viewer),
        }

    def member_blocks(self, member):
        length = self.MEMBER_LIST_LENGTH
        return {
            "my_spaces": list(spaces_for_home(member, mine=True)),
            "my_requests": list(requests_of_member(member)[:length]),
            "my_needs": list(needs_of_member(member)[:length]),
            # The first few of « Quoi de neuf », without marking them seen: the page does.
            "news": whats_new(member, window_for(member), limit=self.NEWS_LENGTH),
        }


class StandardPage(Page):
    """Fixed pages: about, code of conduct, privacy policy, accessibility statement."""

    introduction = models.TextField(_("introduction"), blank=True, max_length=500)
    body = StreamField(BodyBlock(), verbose_name=_("contenu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    subpage_types = ["pages.StandardPage"]

    class Meta:
        verbose_name = _("page fixe")
        verbose_name_plural = _("pages fixes")

    @property
    def search_summary(self):
        return self.introduction


def _fixed_page_link(label):
    return models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=label,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


@register_setting(icon="list-ul")
class FooterLinks(BaseSiteSetting):
    """The fixed pages every footer links to, chosen by editors."""

    about_page = _fixed_page_link(_("à propos"))
    code_of_conduct_page = _fixed_page_link(_("charte de la communauté"))
    privacy_page = _fixed_page_link(_("politique de confidentialité"))
    accessibility_page = _fixed_page_link(_("déclaration d'accessibilité"))

    select_related = ["about_page", "code_of_conduct_page", "privacy_page", "accessibility_page"]
    panels = [
        FieldPanel("about_page"),
        FieldPanel("code_of_conduct_page"),
        FieldPanel("privacy_page"),
        FieldPanel("accessibility_page"),
    ]

    class Meta:
        verbose_name = _("liens du pied de page")


ARTICLES_PER_PAGE = 10
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
WORDS_PER_MINUTE = 200


class ArticleKind(models.TextChoices):
    REFLECTION = "reflexion", _("Réflexion")
    UPDATE = "mise-a-jour", _("Mise à jour du projet")
    DONE = "action-realisee", _("Action réalisée")
    IN_PROGRESS = "action-en-cours", _("Action en cours")


class ArticleIndexPage(RoutablePageMixin, Page):
    """ "Actualités et réflexions": the partners' publications, newest first, with feeds."""

    introduction = models.TextField(_("introduction"), blank=True, max_length=500)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.ArticlePage"]

    class Meta:
        verbose_name = _("index des publications")

    def articles(self):
        return (
            ArticlePage.objects.live()
            .public()
            .child_of(self)
            .select_related("organization")
            .order_by("-date", "-first_published_at")
        )

    @route(r"^$")
    def index(self, request):
        articles = self.articles()
        kind = request.GET.get("sorte", "")
        if kind in ArticleKind.values:
            articles = articles.filter(kind=kind)
        else:
            kind = ""
        tag = request.GET.get("etiquette", "")[:100]
        if tag:
            articles = articles.filter(tags__slug=tag)
        page = Paginator(articles.prefetch_related("tags"), ARTICLES_PER_PAGE).get_page(
            request.GET.get("page")
        )
        return self.render(
            request,
            context_overrides={
                "page_obj": page,
                "kinds": ArticleKind.choices,
                "kind": kind,
                "tag": tag,
                "extra_query": urlencode(
                    {key: value for key, value in (("sorte", kind), ("etiquette", tag)) if value}
                ),
                "tags": Tag.objects.filter(
                    pages_articlepagetag_items__content_object__in=self.articles()
                )
                .distinct()
                .order_by("name"),
            },
        )

    @route(r"^(?P<feed_format>rss|atom)/$")
    @route(r"^(?P<feed_format>rss|atom)/(?P<kind>[a-z-]+)/$")
    def feed(self, request, feed_format, kind=""):
        if kind and kind not in ArticleKind.values:
            raise Http404
        feed = ArticleFeed(self, feed_format=feed_format, kind=ArticleKind(kind) if kind else None)
        return feed(request)


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "pages.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ArticlePage(Page):
    """A publication of a partner organization: reflection, project update, action."""

    kind = models.CharField(_("type de publication"), max_length=20, choices=ArticleKind.choices)
    date = models.DateField(_("date de publication"), default=timezone.localdate)
    introduction = models.TextField(
        _("introduction"),
        max_length=500,
        help_text=_("Deux ou trois phrases, montrées dans les listes."),
    )
    body = StreamField(ArticleBodyBlock(), verbose_name=_("contenu"))
    organization = models.ForeignKey(
        "ressources.Organization",
        verbose_name=_("organisation partenaire"),
        on_delete=models.PROTECT,
        related_name="articles",
    )
    authors = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteurs et autrices"),
        blank=True,
        related_name="+",
    )
    tags = ClusterTaggableManager(through=ArticlePageTag, verbose_name=_("étiquettes"), blank=True)
    related_articles = ParentalManyToManyField(
        "self", verbose_name=_("publications liées"), blank=True, symmetrical=False
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("date"),
                FieldPanel("organization"),
                FieldPanel("authors"),
            ],
            heading=_("Publication"),
        ),
        FieldPanel("introduction"),
        FieldPanel("body"),
        FieldPanel("tags"),
        FieldPanel("related_articles"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("kind"),
        index.FilterField("date"),
    ]
    parent_page_types = ["pages.ArticleIndexPage"]
    subpage_types = []
    base_form_class = ArticlePageForm

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        indexes = [models.Index(fields=["kind", "-date"], name="article_kind_date_idx")]

    @property
    def search_summary(self):
        return self.introduction

    def permissions_for_user(self, user):
        return OwnOrganizationPermissionTester(user, self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        related = self.related_articles.all()
        if hasattr(related, "public"):
            related = related.live().public().select_related("organization")
        else:
            # A preview holds the relations in memory, without queryset methods.
            related = [article for article in related if article.live]
        context["related"] = related
        data = {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": self.title,
            "description": self.introduction,
            "datePublished": self.date.isoformat(),
            "inLanguage": "fr-CA",
            "url": self.get_full_url(request),
            "publisher": {"@type": "Organization", "name": self.organization.name},
        }
        # Escaped like json_script does, so the text can never close the <script> element.
        context["structured_data"] = mark_safe(
            json.dumps(data, ensure_ascii=False).translate(JSON_ESCAPES)
        )
        return context

    @property
    def reading_minutes(self):
        text = " ".join(
            strip_tags(str(block.render())) if block.block_type != "image" else ""
            for block in self.body
        )
        words = len(f"{self.introduction} {text}".split())
        return max(1, round(words / WORDS_PER_MINUTE))


class InitiativeStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("initiative status", "Active")
    ENDED = "ended", _("Terminée")


class InitiativeIndexPage(RoutablePageMixin, Page):
    """The watch ("veille"): what already exists elsewhere, so nobody builds it twice."""

    introduction = models.TextField(_("introduction"), blank=True, max_length=500)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.InitiativePage"]

    class Meta:
        verbose_name = _("index de la veille")

    @route(r"^$")
    def index(self, request):
        initiatives = (
            InitiativePage.objects.live().public().child_of(self).order_by("status", "title")
        )
        region = request.GET.get("region", "")
        if region in MemberRegion.values:
            initiatives = initiatives.filter(region=region)
        else:
            region = ""
        page = Paginator(initiatives.prefetch_related("disciplines"), ARTICLES_PER_PAGE).get_page(
            request.GET.get("page")
        )
        return self.render(
            request,
            context_overrides={"page_obj": page, "regions": MemberRegion.choices, "region": region},
        )

    @route(r"^proposer/$")
    def suggest(self, request):
        return suggest_initiative(request, self)

    def add_suggestion(self, member, *, title, organization_name, link, description, region):
        """A member's suggestion, filed under the watch as a draft for editors to check."""
        initiative = InitiativePage(
            title=title,
            # Wagtail would make it from an ASCII-only slugify: "文化" and "!!!" would give none.
            slug=free_slug(
                self.get_children(), "slug", title, fallback="initiative", max_length=80
            ),
            organization_name=organization_name,
            link=link,
            description=description,
            region=region,
            suggested_by=member,
            owner=member,
            live=False,
        )
        self.add_child(instance=initiative)
        initiative.save_revision(user=member)
        return initiative


class InitiativePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "pages.InitiativePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class InitiativePage(Page):
    """Something that already exists: who runs it, where, for which disciplines, still active?"""

    organization_name = models.CharField(_("organisation derrière l'initiative"), max_length=200)
    link = models.URLField(_("lien"), blank=True)
    description = models.TextField(_("description"), max_length=2000)
    region = models.CharField(_("région"), max_length=8, choices=MemberRegion.choices, blank=True)
    disciplines = ParentalManyToManyField(
        "core.Discipline", verbose_name=_("disciplines"), blank=True, related_name="+"
    )
    tags = ClusterTaggableManager(
        through=InitiativePageTag, verbose_name=_("étiquettes"), blank=True
    )
    status = models.CharField(
        _("statut"),
        max_length=10,
        choices=InitiativeStatus.choices,
        default=InitiativeStatus.ACTIVE,
    )
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("organization_name"),
        FieldPanel("link"),
        FieldPanel("description"),
        FieldPanel("region"),
        FieldPanel("disciplines"),
        FieldPanel("tags"),
        FieldPanel("status"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("organization_name"),
        index.SearchField("description"),
    ]
    parent_page_types = ["pages.InitiativeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("initiative existante")
        verbose_name_plural = _("initiatives existantes")

    @property
    def search_summary(self):
        return self.description
