"""The shared vocabularies of the portal (see the brief): codes in code, French labels via gettext.

Every app filters with these same codes, so that a member's province, a service's provinces and a
need's province can be compared directly.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.TextChoices):
    AB = "AB", _("Alberta")
    BC = "BC", _("Colombie-Britannique")
    MB = "MB", _("Manitoba")
    NB = "NB", _("Nouveau-Brunswick")
    NL = "NL", _("Terre-Neuve-et-Labrador")
    NS = "NS", _("Nouvelle-Écosse")
    NT = "NT", _("Territoires du Nord-Ouest")
    NU = "NU", _("Nunavut")
    ON = "ON", _("Ontario")
    PE = "PE", _("Île-du-Prince-Édouard")
    QC = "QC", _("Québec")
    SK = "SK", _("Saskatchewan")
    YT = "YT", _("Yukon")


def _provinces_and(name, code, label):
    """A choice list of the provinces and territories plus one extra place."""
    members = [(province.name, (province.value, province.label)) for province in Province]
    return models.TextChoices(name, [*members, (code.upper(), (code, label))])


# Where a member lives: a province or territory, or outside Canada.
MemberRegion = _provinces_and("MemberRegion", "outside", _("Hors Canada"))
# Where a service is offered: a province or territory, or anywhere at a distance.
ServiceRegion = _provinces_and("ServiceRegion", "remote", _("Partout / à distance"))


class DisciplineChoice(models.TextChoices):
    VISUAL_ARTS = "visual-arts", _("Arts visuels")
    MEDIA_ARTS = "media-arts", _("Arts médiatiques et numériques")
    FILM = "film", _("Cinéma et audiovisuel")
    DANCE = "dance", _("Danse")
    THEATRE = "theatre", _("Théâtre")
    MUSIC = "music", _("Musique")
    CIRCUS = "circus", _("Arts du cirque et de la rue")
    LITERATURE = "literature", _("Littérature et conte")
    CRAFTS = "crafts", _("Métiers d'art")
    HERITAGE = "heritage", _("Patrimoine et muséologie")
    MULTIDISCIPLINARY = "multidisciplinary", _("Multidisciplinaire")


class ServiceCategory(models.TextChoices):
    MANAGEMENT = "management", _("Gestion et comptabilité")
    LEGAL = "legal", _("Juridique")
    MARKETING = "marketing", _("Communication et marketing numérique")
    DISCOVERABILITY = "discoverability", _("Découvrabilité et métadonnées")
    TECHNOLOGY = "technology", _("Technologies et logiciels")
    EQUIPMENT = "equipment", _("Équipements et matériel")
    SPACES = "spaces", _("Espaces et locaux")
    HUMAN_RESOURCES = "human-resources", _("Ressources humaines partagées")
    TRAINING = "training", _("Formation et accompagnement")
    FUNDING = "funding", _("Financement")
    DISTRIBUTION = "distribution", _("Diffusion et distribution")
