from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BodyBlock


def home_url():
    # The portal is one site whose root page is the home page, served at / (or /en/).
    return reverse("wagtail_serve", args=("",))


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

    class Meta:
        verbose_name = _("page d'accueil")

    @property
    def search_summary(self):
        return self.lead


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
