"""The register of confidentiality incidents that Québec's Law 25 (art. 3.8) asks every
organization to keep.

The register is a history, never rewritten: an entry may be completed as the facts come in (the
date the Commission d'accès à l'information was told, the measures taken), but every save goes
through communaute/services/privacy.py, which writes an immutable snapshot of the whole entry
(who, when, every field). Neither entries nor their versions can be deleted: not in the admin,
not through a model or a queryset.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# What a version records: every field someone fills in, in the order of the form.
INCIDENT_FIELDS = (
    "occurred_at",
    "discovered_at",
    "description",
    "personal_information",
    "people_count",
    "serious_injury_risk",
    "risk_assessment",
    "commission_notified_at",
    "people_notified_at",
    "measures",
)


class UndeletableQuerySet(models.QuerySet):
    def delete(self):
        raise PermissionDenied(_("Le registre des incidents de confidentialité ne s'efface pas."))

    delete.queryset_only = True


class ImmutableQuerySet(UndeletableQuerySet):
    def update(self, **kwargs):
        raise PermissionDenied(_("Une version du registre ne se modifie pas."))


class ConfidentialityIncident(models.Model):
    """One confidentiality incident: what happened, to whose information, and what was done."""

    occurred_at = models.DateTimeField(
        _("date de l'incident"),
        null=True,
        blank=True,
        help_text=_("Date et heure où l'incident s'est produit, si elles sont connues."),
    )
    discovered_at = models.DateTimeField(
        _("date où l'incident a été constaté"),
        help_text=_("Date et heure où l'organisation a pris connaissance de l'incident."),
    )
    description = models.TextField(
        _("ce qui s'est passé"),
        help_text=_(
            "Les circonstances de l'incident : accès, utilisation, communication ou perte."
        ),
    )
    personal_information = models.TextField(
        _("renseignements personnels concernés"),
        help_text=_(
            "Les types de renseignements touchés, ou leur description si elle est inconnue."
        ),
    )
    people_count = models.PositiveIntegerField(
        _("nombre de personnes concernées"),
        help_text=_("Le nombre connu, ou une estimation si le nombre exact est inconnu."),
    )
    serious_injury_risk = models.BooleanField(
        _("risque de préjudice sérieux"),
        default=False,
        help_text=_(
            "Cochez si l'évaluation conclut à un risque de préjudice sérieux pour les personnes "
            "concernées : la Commission et les personnes doivent alors être avisées avec diligence."
        ),
    )
    risk_assessment = models.TextField(
        _("évaluation du risque"),
        help_text=_(
            "Le raisonnement : sensibilité des renseignements, conséquences appréhendées de leur "
            "utilisation et probabilité qu'ils soient utilisés à des fins préjudiciables."
        ),
    )
    commission_notified_at = models.DateTimeField(
        _("Commission d'accès à l'information avisée le"),
        null=True,
        blank=True,
        help_text=_("Laissez vide si la Commission n'a pas été avisée."),
    )
    people_notified_at = models.DateTimeField(
        _("personnes concernées avisées le"),
        null=True,
        blank=True,
        help_text=_("Laissez vide si les personnes concernées n'ont pas été avisées."),
    )
    measures = models.TextField(
        _("mesures prises"),
        help_text=_(
            "Les mesures prises pour diminuer les risques de préjudice et éviter un autre incident."
        ),
    )
    # SET_NULL keeps the entry if the staff account is removed; each version keeps the name.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consigné par"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("consigné le"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("modifié le"), default=timezone.now, editable=False)

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        ordering = ["-discovered_at", "-id"]
        verbose_name = _("incident de confidentialité")
        verbose_name_plural = _("registre des incidents de confidentialité")
        # No "delete": nobody is ever granted it, and the admin refuses it even to superusers.
        default_permissions = ("add", "change", "view")

    def __str__(self):
        return _("Incident du %(date)s") % {
            "date": timezone.localtime(self.discovered_at).strftime("%Y-%m-%d")
        }

    def delete(self, *args, **kwargs):
        raise PermissionDenied(_("Le registre des incidents de confidentialité ne s'efface pas."))


class ConfidentialityIncidentVersion(models.Model):
    """The whole incident as it stood after one save: written once, never changed."""

    incident = models.ForeignKey(
        ConfidentialityIncident,
        verbose_name=_("incident"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("who took the action", "par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    # The name as it was: the version still says who wrote it once the account is gone.
    changed_by_name = models.CharField(_("nom de la personne"), max_length=300)
    changed_at = models.DateTimeField(_("le"), default=timezone.now)
    snapshot = models.JSONField(_("contenu"))

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["incident", "changed_at", "id"]
        verbose_name = _("version d'un incident de confidentialité")
        verbose_name_plural = _("versions des incidents de confidentialité")
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.incident} ({self.changed_at:%Y-%m-%d %H:%M})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied(_("Une version du registre ne se modifie pas."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied(_("Le registre des incidents de confidentialité ne s'efface pas."))
