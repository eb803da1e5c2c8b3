"""Gatherings (« Rencontres »): workshops, webinars, meetings and co-design sessions held by a
partner organization, a community space or the portal itself, with registration, a capacity and
a waiting list.

Times are stored in UTC; time_zone is the zone the organizers think in, the one every page and
calendar file shows first.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from passerelles.core.vocabularies import Province


class GatheringTimeZone(models.TextChoices):
    """The zones of the francophone sector, from Newfoundland to the Yukon, named as people say
    them; Saskatchewan keeps Central time all year, hence a zone of its own."""

    NEWFOUNDLAND = "America/St_Johns", _("heure de Terre-Neuve")
    ATLANTIC = "America/Halifax", _("heure de l'Atlantique")
    EASTERN = "America/Toronto", _("heure de l'Est")
    CENTRAL = "America/Winnipeg", _("heure du Centre")
    SASKATCHEWAN = "America/Regina", _("heure de la Saskatchewan")
    MOUNTAIN = "America/Edmonton", _("heure des Rocheuses")
    PACIFIC = "America/Vancouver", _("heure du Pacifique")
    YUKON = "America/Whitehorse", _("heure du Yukon")


# A member's zone is derived from the province of their profile rather than asked: the profile
# already has it, and a member who travels reads "chez vous" as where they live. Nunavut and the
# Northwest Territories span several zones: the capital's is taken.
PROVINCE_TIME_ZONES = {
    Province.NL: GatheringTimeZone.NEWFOUNDLAND,
    Province.NS: GatheringTimeZone.ATLANTIC,
    Province.NB: GatheringTimeZone.ATLANTIC,
    Province.PE: GatheringTimeZone.ATLANTIC,
    Province.QC: GatheringTimeZone.EASTERN,
    Province.ON: GatheringTimeZone.EASTERN,
    Province.NU: GatheringTimeZone.EASTERN,
    Province.MB: GatheringTimeZone.CENTRAL,
    Province.SK: GatheringTimeZone.SASKATCHEWAN,
    Province.AB: GatheringTimeZone.MOUNTAIN,
    Province.NT: GatheringTimeZone.MOUNTAIN,
    Province.BC: GatheringTimeZone.PACIFIC,
    Province.YT: GatheringTimeZone.YUKON,
}


class GatheringQuerySet(models.QuerySet):
    def scheduled(self):
        return self.filter(status=Gathering.Status.SCHEDULED)

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now())


class Gathering(models.Model):
    class Organizer(models.TextChoices):
        ORGANIZATION = "organization", _("Une organisation partenaire")
        SPACE = "space", _("Un espace de la communauté")
        PORTAL = "portal", _("Le portail")

    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Atelier")
        WEBINAR = "webinar", _("Webinaire")
        MEETING = "meeting", _("Rencontre")
        CODESIGN = "codesign", _("Séance de cocréation")

    class Attendance(models.TextChoices):
        IN_PERSON = "in_person", _("En personne")
        ONLINE = "online", _("En ligne")
        BOTH = "both", _("En personne et en ligne")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Prévue")
        CANCELLED = "cancelled", _("Annulée")

    organizer = models.CharField(_("organisée par"), max_length=12, choices=Organizer.choices)
    organization = models.ForeignKey(
        "ressources.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="gatherings",
        verbose_name=_("organisation"),
    )
    space = models.ForeignKey(
        "communaute.Space",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("espace"),
    )
    title = models.CharField(_("titre"), max_length=150)
    description = models.TextField(_("description"), max_length=5000)
    # The description through the site's Markdown sanitizer, rendered once at each write.
    description_html = models.TextField(editable=False, default="")
    kind = models.CharField(_("type de rencontre"), max_length=10, choices=Kind.choices)
    attendance = models.CharField(_("participation"), max_length=10, choices=Attendance.choices)
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    province = models.CharField(
        _("province ou territoire"), max_length=2, choices=Province.choices, blank=True
    )
    # Shown to registered people only (and to the organizers).
    online_url = models.URLField(_("lien de la rencontre en ligne"), blank=True)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    time_zone = models.CharField(
        _("fuseau horaire"),
        max_length=40,
        choices=GatheringTimeZone.choices,
        default=GatheringTimeZone.EASTERN,
    )
    disciplines = models.ManyToManyField(
        "core.Discipline", verbose_name=_("disciplines"), blank=True, related_name="gatherings"
    )
    capacity = models.PositiveIntegerField(
        _("nombre de places"), null=True, blank=True, help_text=_("Laissez vide : sans limite.")
    )
    registration_closes_at = models.DateTimeField(_("inscriptions jusqu'au"), null=True, blank=True)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    # Bumped at every change a calendar client must see (the iCalendar SEQUENCE).
    sequence = models.PositiveIntegerField(default=0, editable=False)
    minutes_url = models.URLField(
        _("compte rendu"),
        blank=True,
        help_text=_("L'adresse d'une publication ou d'un sujet du forum, après la rencontre."),
    )
    # Kept by the registration services under the row's lock, so lists show seats left
    # without counting.
    registered_count = models.PositiveIntegerField(default=0, editable=False)
    waiting_count = models.PositiveIntegerField(default=0, editable=False)
    # When the reminders and the follow-up left: each once (moving the gathering clears the
    # reminders, so that they leave again before the new time).
    day_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    hour_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    follow_up_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("créée par"),
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifiée le"), default=timezone.now)

    objects = GatheringQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("rencontre")
        verbose_name_plural = _("rencontres")
        indexes = [
            models.Index(fields=["status", "starts_at"], name="gathering_upcoming_idx"),
            models.Index(fields=["province", "starts_at"], name="gathering_province_idx"),
            models.Index(fields=["attendance", "starts_at"], name="gathering_attendance_idx"),
            models.Index(fields=["organization", "starts_at"], name="gathering_org_idx"),
            models.Index(fields=["space", "starts_at"], name="gathering_space_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="gathering_ends_after_start"
            ),
            models.CheckConstraint(
                condition=(
                    Q(organizer="organization", organization__isnull=False, space__isnull=True)
                    | Q(organizer="space", space__isnull=False, organization__isnull=True)
                    | Q(organizer="portal", space__isnull=True, organization__isnull=True)
                ),
                name="gathering_one_organizer",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("ressources:gathering", kwargs={"pk": self.pk})

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def is_online(self):
        return self.attendance in (self.Attendance.ONLINE, self.Attendance.BOTH)

    @property
    def is_in_person(self):
        return self.attendance in (self.Attendance.IN_PERSON, self.Attendance.BOTH)

    @property
    def seats_left(self):
        if self.capacity is None:
            return None
        return max(self.capacity - self.registered_count, 0)

    def registration_open(self, now=None):
        now = now or timezone.now()
        if self.is_cancelled or self.starts_at <= now:
            return False
        return self.registration_closes_at is None or now < self.registration_closes_at


class GatheringRegistration(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("Inscrite ou inscrit")
        WAITING = "waiting", _("En liste d'attente")
        CANCELLED = "cancelled", _("Désistement")

    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="registrations")
    # A registration is the member's own data: it leaves with the account.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="gathering_registrations"
    )
    status = models.CharField(_("état"), max_length=10, choices=Status.choices)
    share_contact = models.BooleanField(
        _("les organisateurs peuvent avoir mon nom, mon courriel et mon organisation"),
        default=False,
    )
    # The waiting list's order: when the member (last) asked for a seat.
    created_at = models.DateTimeField(_("inscription le"), default=timezone.now)
    promoted_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("inscription à une rencontre")
        verbose_name_plural = _("inscriptions à des rencontres")
        constraints = [
            models.UniqueConstraint(
                fields=["gathering", "member"], name="one_registration_per_gathering"
            )
        ]
        indexes = [
            models.Index(
                fields=["gathering", "status", "created_at"], name="registration_queue_idx"
            ),
            models.Index(fields=["member", "status"], name="registration_member_idx"),
        ]

    def __str__(self):
        return f"{self.gathering} — {self.member}"


class CalendarFeedToken(models.Model):
    """The secret address of a member's "mes inscriptions" feed: calendar clients fetch it
    without signing in. Renewing it (a new token) cuts off every copy of the old address."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("adresse privée d'agenda")
        verbose_name_plural = _("adresses privées d'agenda")

    def __str__(self):
        return str(self.member)
