from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from passerelles.core.search import words_document


class LinkPreview(models.Model):
    """The card of a page members linked to, read once on the server and kept for all posts.

    One row per address: a failure is kept too, so a page that does not answer is not asked
    again at every post that links to it.
    """

    class Status(models.TextChoices):
        OK = "ok", pgettext_lazy("link preview status", "lu")
        FAILED = "failed", _("illisible")

    PER_POST = 3  # the first links of a post get a card; a list of links is not a gallery

    url = models.URLField(_("adresse"), max_length=1000, unique=True)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices)
    title = models.CharField(_("titre"), max_length=200, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    site_name = models.CharField(_("site"), max_length=100, blank=True)
    image = models.ImageField(_("image"), upload_to="apercus/", blank=True)
    fetched_at = models.DateTimeField(_("lu le"), default=timezone.now)

    class Meta:
        verbose_name = _("aperçu de lien")
        verbose_name_plural = _("aperçus de liens")
        # The library finds a link by the title of its page.
        indexes = [GinIndex(words_document("title"), name="linkpreview_title_search_gin")]

    def __str__(self):
        return self.title or self.url

    @property
    def shows_card(self):
        return self.status == self.Status.OK and bool(self.title)
