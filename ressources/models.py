from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from passerelles.core.images import validate_image
from passerelles.core.vocabularies import Province, ServiceCategory


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
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
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
    audience = models.CharField(_("public"), max_length=20, choices=Audience.choices)
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


class AccessRequest(models.Model):
    """A member asks an organization for access to one of its services."""

    class OnBehalf(models.TextChoices):
        SELF = "self", _("Moi-même")
        ORGANIZATION = "organization", _("Mon organisation")

    class Status(models.TextChoices):
        NEW = "new", _("Nouvelle")
        IN_DISCUSSION = "in-discussion", _("En discussion")
        ACCEPTED = "accepted", _("Acceptée")
        DECLINED = "declined", _("Refusée")
        WITHDRAWN = "withdrawn", _("Retirée")

    OPEN_STATUSES = (Status.NEW, Status.IN_DISCUSSION)

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="access_requests")
    # A request is a private exchange between a member and an organization: it is the
    # member's personal data and leaves with the account.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_requests"
    )
    on_behalf = models.CharField(
        _("au nom de"), max_length=20, choices=OnBehalf.choices, default=OnBehalf.SELF
    )
    organization_name = models.CharField(_("nom de l'organisation"), max_length=150, blank=True)
    message = models.TextField(_("message"), max_length=3000)
    timeframe = models.CharField(_("échéance souhaitée"), max_length=150, blank=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    created_at = models.DateTimeField(_("envoyée le"), default=timezone.now)
    updated_at = models.DateTimeField(_("mise à jour le"), default=timezone.now)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("demande d'accès")
        verbose_name_plural = _("demandes d'accès")
        indexes = [
            models.Index(fields=["member", "-updated_at"], name="request_member_idx"),
            models.Index(fields=["service", "status"], name="request_service_status_idx"),
            models.Index(fields=["status", "-updated_at"], name="request_status_idx"),
        ]

    def __str__(self):
        return f"{self.service} — {self.member}"

    def get_absolute_url(self):
        return reverse("ressources:request", kwargs={"pk": self.pk})

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES


class AccessRequestEvent(models.Model):
    """One step in a request's history: who changed what, when, with an optional message."""

    request = models.ForeignKey(AccessRequest, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_status = models.CharField(max_length=20, choices=AccessRequest.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=AccessRequest.Status.choices)
    message = models.TextField(_("message"), blank=True, max_length=3000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("étape d'une demande")
        verbose_name_plural = _("historique des demandes")

    def __str__(self):
        return f"{self.request_id}: {self.from_status} → {self.to_status}"


# Needs ----------------------------------------------------------------------------------
# A need is declared by one member and joined by others ("moi aussi"). Every person who
# shares it, its author included, has one NeedSupport row: counts, places and disciplines
# all come from that one table, and a deleted account takes only its own row with it.


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
        MET = "met", _("Comblé")

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


class ServiceFeedback(models.Model):
    """Some time after a request is accepted, the member says whether the service met the
    need. Answers are only ever shown aggregated (the portrait), never one by one."""

    class Answer(models.TextChoices):
        YES = "oui", _("Oui")
        PARTLY = "en-partie", _("En partie")
        NO = "non", _("Non")

    access_request = models.OneToOneField(
        AccessRequest, on_delete=models.CASCADE, related_name="feedback"
    )
    asked_at = models.DateTimeField(default=timezone.now)
    answer = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("avis sur un service")
        verbose_name_plural = _("avis sur les services")
        indexes = [models.Index(fields=["answer"], name="feedback_answer_idx")]

    def __str__(self):
        return f"{self.access_request_id}: {self.answer or '—'}"
