from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from passerelles.core.vocabularies import ServiceCategory
from ressources.models.organizations import Organization


class ServiceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Service.Status.PUBLISHED)

    def managed_by(self, member):
        return self.filter(organizations__representatives__member=member).distinct()


class Service(models.Model):
    """A pooled service that one or more organizations offer to the sector."""

    class Audience(models.TextChoices):
        ARTISTS = "artists", _("Artistes")
        ORGANIZATIONS = "organizations", _("Organismes")
        BOTH = "both", _("Artistes et organismes")

    class Delivery(models.TextChoices):
        ONLINE = "online", _("En ligne")
        IN_PERSON = "in-person", _("En personne")
        HYBRID = "hybrid", _("Hybride")

    class CostModel(models.TextChoices):
        FREE = "free", _("Gratuit")
        MEMBER_RATE = "member-rate", _("Tarif membre")
        COST_SHARING = "cost-sharing", _("Partage des coûts")
        REGULAR = "regular", _("Tarif régulier")

    class Availability(models.TextChoices):
        AVAILABLE = "available", _("Disponible")
        WAITING_LIST = "waiting-list", _("Liste d'attente")
        FULL = "full", _("Complet")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        PUBLISHED = "published", _("Publié")
        ARCHIVED = "archived", _("Archivé")

    title = models.CharField(_("titre"), max_length=150)
    slug = models.SlugField(_("identifiant d'adresse"), max_length=160, unique=True)
    summary = models.CharField(
        _("résumé"), max_length=300, help_text=_("Une ou deux phrases, affichées dans la liste.")
    )
    description = models.TextField(
        _("description"), help_text=_("Mise en forme Markdown : **gras**, listes, liens.")
    )
    description_html = models.TextField(editable=False, default="")
    category = models.CharField(_("catégorie"), max_length=32, choices=ServiceCategory.choices)
    disciplines = models.ManyToManyField(
        "core.Discipline", verbose_name=_("disciplines"), blank=True, related_name="services"
    )
    regions = models.ManyToManyField(
        "core.Region", verbose_name=_("où le service est offert"), related_name="services"
    )
    audience = models.CharField(
        pgettext_lazy("who a service is for", "public"), max_length=20, choices=Audience.choices
    )
    delivery = models.CharField(_("formule"), max_length=20, choices=Delivery.choices)
    in_french = models.BooleanField(_("offert en français"), default=True)
    in_english = models.BooleanField(_("offert en anglais"), default=False)
    french_outside_quebec = models.BooleanField(_("offert en français hors Québec"), default=False)
    cost_model = models.CharField(_("coût"), max_length=20, choices=CostModel.choices)
    price_note = models.CharField(_("précisions sur le prix"), max_length=200, blank=True)
    eligibility_note = models.TextField(_("admissibilité"), blank=True)
    capacity_note = models.CharField(_("capacité"), max_length=200, blank=True)
    availability = models.CharField(
        _("disponibilité"),
        max_length=20,
        choices=Availability.choices,
        default=Availability.AVAILABLE,
    )
    how_to_access = models.TextField(_("comment y accéder"), blank=True)
    organizations = models.ManyToManyField(
        Organization, verbose_name=_("organisations qui l'offrent"), related_name="services"
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    last_reviewed = models.DateField(_("dernière révision"), default=timezone.localdate)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("créé par"),
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)
    # French full-text document (PostgreSQL), kept up to date by the services that write.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("service mutualisé")
        verbose_name_plural = _("services mutualisés")
        indexes = [
            models.Index(fields=["status", "category"], name="service_status_category_idx"),
            models.Index(fields=["status", "audience"], name="service_status_audience_idx"),
            models.Index(fields=["status", "delivery"], name="service_status_delivery_idx"),
            models.Index(fields=["status", "cost_model"], name="service_status_cost_idx"),
            models.Index(fields=["status", "-published_at"], name="service_status_recent_idx"),
            models.Index(fields=["status", "in_english"], name="service_status_english_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("ressources:service", kwargs={"slug": self.slug})

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED
