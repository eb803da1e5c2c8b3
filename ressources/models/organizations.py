from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from passerelles.core.images import validate_image


def validate_logo(file):
    validate_image(file, max_bytes=2 * 1024 * 1024)


class Organization(models.Model):
    """A partner organization: it offers pooled services and has representatives."""

    class Kind(models.TextChoices):
        NONPROFIT = "nonprofit", _("Organisme à but non lucratif")
        COOPERATIVE = "cooperative", _("Coopérative")
        COMPANY = "company", _("Entreprise")
        NETWORK = "network", _("Réseau ou association")
        PUBLIC = "public", _("Institution publique")

    name = models.CharField(_("nom"), max_length=200, unique=True)
    slug = models.SlugField(_("identifiant d'adresse"), max_length=80, unique=True)
    kind = models.CharField(_("type d'organisation"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    logo = models.ImageField(
        _("logo"), upload_to="organisations/", blank=True, validators=[validate_logo]
    )
    website = models.URLField(_("site web"), blank=True)
    contact_email = models.EmailField(_("courriel public"), blank=True)
    regions = models.ManyToManyField(
        "core.Region", verbose_name=_("provinces et territoires desservis"), blank=True
    )
    disciplines = models.ManyToManyField(
        "core.Discipline", verbose_name=_("disciplines desservies"), blank=True
    )
    serves_in_french = models.BooleanField(_("services en français"), default=True)
    serves_in_english = models.BooleanField(_("services en anglais"), default=False)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Representative",
        related_name="represented_organizations",
        verbose_name=_("personnes représentantes"),
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("ressources:organization", kwargs={"slug": self.slug})


class Representative(models.Model):
    """A member who speaks for an organization: manages its services and answers requests."""

    class Role(models.TextChoices):
        MANAGER = "manager", _("Responsable")
        STAFF = "staff", _("Membre de l'équipe")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="representatives"
    )
    # The link itself is the member's personal data: it goes with the account.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="representations"
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices, default=Role.STAFF)
    shown_on_page = models.BooleanField(
        _("paraît sur la page de l'organisation"),
        default=False,
        help_text=_("Seulement si la personne l'accepte."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("personne représentante")
        verbose_name_plural = _("personnes représentantes")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "member"], name="one_representation_per_member"
            )
        ]

    def __str__(self):
        return f"{self.member} — {self.organization}"


class OrganizationFollow(models.Model):
    """A member follows an organization: its new services and publications reach their
    « Quoi de neuf » page and digest."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="followers"
    )
    # The member's own choice: it goes with the account.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followed_organizations"
    )
    created_at = models.DateTimeField(_("depuis le"), default=timezone.now)

    class Meta:
        verbose_name = _("abonnement à une organisation")
        verbose_name_plural = _("abonnements aux organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "organization"], name="one_follow_per_organization"
            )
        ]
        indexes = [models.Index(fields=["organization"], name="organization_follow_org_idx")]

    def __str__(self):
        return f"{self.member} — {self.organization}"
