from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from passerelles.core.vocabularies import Province, ServiceCategory
from ressources.models.access import AccessRequest
from ressources.models.catalogue import Service

# The conversations about needs gather in one public space: everyone who can read a need
# (visitors included) can read its conversation, and the discussions of the sector's
# demand stay together instead of scattering across thematic spaces.
NEEDS_SPACE_SLUG = "besoins-du-milieu"


class NeedQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Need.Status.OPEN)


class Need(models.Model):
    class Urgency(models.TextChoices):
        LOW = "low", _("Peut attendre")
        MEDIUM = "medium", _("D'ici quelques mois")
        HIGH = "high", _("Urgent")

    class Status(models.TextChoices):
        OPEN = "open", _("Non comblé")
        MET = "met", pgettext_lazy("need status", "Comblé")

    title = models.CharField(_("titre"), max_length=150)
    description = models.TextField(_("description"), max_length=3000)
    category = models.CharField(_("catégorie"), max_length=32, choices=ServiceCategory.choices)
    disciplines = models.ManyToManyField(
        "core.Discipline", verbose_name=_("disciplines"), blank=True, related_name="needs"
    )
    province = models.CharField(_("province ou territoire"), max_length=2, choices=Province.choices)
    urgency = models.CharField(
        _("urgence"), max_length=10, choices=Urgency.choices, default=Urgency.MEDIUM
    )
    # Shared content: it stays when its author leaves, as forum posts do.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="declared_needs",
        verbose_name=_("déclaré par"),
    )
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.OPEN)
    met_by_service = models.ForeignKey(
        Service,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="met_needs",
        verbose_name=_("service qui y répond"),
    )
    met_at = models.DateTimeField(_("comblé le"), null=True, blank=True)
    topic = models.ForeignKey(
        "communaute.Topic",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("conversation"),
    )
    # Kept by the services that add or remove a support, so lists sort without counting.
    supporter_count = models.PositiveIntegerField(_("personnes"), default=0, editable=False)
    organization_count = models.PositiveIntegerField(_("organisations"), default=0, editable=False)
    created_at = models.DateTimeField(_("déclaré le"), default=timezone.now)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = NeedQuerySet.as_manager()

    class Meta:
        ordering = ["-supporter_count", "-created_at"]
        verbose_name = _("besoin")
        verbose_name_plural = _("besoins")
        indexes = [
            models.Index(
                fields=["status", "-supporter_count", "-created_at"], name="need_shared_idx"
            ),
            models.Index(fields=["status", "-created_at"], name="need_recent_idx"),
            models.Index(fields=["status", "category"], name="need_status_category_idx"),
            models.Index(fields=["province"], name="need_province_idx"),
            models.Index(fields=["created_at"], name="need_created_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("ressources:need", kwargs={"pk": self.pk})

    @property
    def is_open(self):
        return self.status == self.Status.OPEN


class NeedSupport(models.Model):
    """One person who shares a need, from their own place and discipline."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="supports")
    # Joining a need is the member's own data: it leaves with the account.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="need_supports"
    )
    province = models.CharField(
        _("votre province ou territoire"), max_length=2, choices=Province.choices
    )
    discipline = models.ForeignKey(
        "core.Discipline",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("votre discipline"),
    )
    on_behalf = models.CharField(
        _("au nom de"),
        max_length=20,
        choices=AccessRequest.OnBehalf.choices,
        default=AccessRequest.OnBehalf.SELF,
    )
    organization_name = models.CharField(_("nom de l'organisation"), max_length=150, blank=True)
    show_name = models.BooleanField(
        _("afficher mon nom sur ce besoin"),
        default=False,
        help_text=_("Sinon, vous êtes comptée ou compté sans que votre nom paraisse."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("personne qui partage un besoin")
        verbose_name_plural = _("personnes qui partagent un besoin")
        constraints = [
            models.UniqueConstraint(fields=["need", "member"], name="one_support_per_need")
        ]
        indexes = [
            models.Index(fields=["member", "-created_at"], name="support_member_idx"),
            models.Index(fields=["province"], name="support_province_idx"),
            models.Index(fields=["created_at"], name="support_created_idx"),
        ]

    def __str__(self):
        return f"{self.need} — {self.member}"


class ServiceMatchNotice(models.Model):
    """A member was told that a service may answer one of their needs: told once only."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("avis de service correspondant")
        verbose_name_plural = _("avis de services correspondants")
        constraints = [
            models.UniqueConstraint(fields=["service", "member"], name="one_match_notice")
        ]

    def __str__(self):
        return f"{self.service} → {self.member}"
