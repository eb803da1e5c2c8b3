"""Funding calls (« Appels et financements »): who funds what, for whom, until when; the members
who follow a call; and those who look for partners to apply together.

A call is kept by the editorial team: members suggest one (status SUGGESTED, seen by editors
only) and an editor checks it in the admin, names its funder and publishes it. A closed call is
archived, never deleted: its partner searches and followers stay with it.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The zones of Canada a deadline may be stated in, from the Pacific to Newfoundland.
TIME_ZONES = [
    ("America/Vancouver", _("Heure du Pacifique")),
    ("America/Edmonton", _("Heure des Rocheuses")),
    ("America/Winnipeg", _("Heure du Centre")),
    ("America/Regina", _("Heure de la Saskatchewan")),
    ("America/Toronto", _("Heure de l'Est")),
    ("America/Halifax", _("Heure de l'Atlantique")),
    ("America/St_Johns", _("Heure de Terre-Neuve")),
]
DEFAULT_TIME_ZONE = "America/Toronto"


class FundingCallQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=FundingCall.Status.PUBLISHED)


class FundingCall(models.Model):
    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("Proposé (à vérifier)")
        PUBLISHED = "published", _("Publié")
        ARCHIVED = "archived", _("Archivé")

    funder = models.ForeignKey(
        "ressources.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funding_calls",
        verbose_name=_("bailleur de fonds"),
        help_text=_("Une organisation du portail, partenaire ou non. Requis pour publier."),
    )
    # What the member who suggested the call typed, until an editor links the organization.
    funder_name = models.CharField(_("bailleur de fonds (tel que proposé)"), max_length=200)
    program = models.CharField(_("programme"), max_length=200)
    summary = models.TextField(
        _("résumé"),
        max_length=1500,
        help_text=_("Quelques lignes dans les mots du portail : ce qui est financé, pour qui."),
    )
    official_url = models.URLField(_("page officielle"), max_length=500)
    amount_min = models.PositiveIntegerField(_("montant minimal ($)"), null=True, blank=True)
    amount_max = models.PositiveIntegerField(_("montant maximal ($)"), null=True, blank=True)
    for_artists = models.BooleanField(_("artistes (individus)"), default=False)
    for_organizations = models.BooleanField(_("organisations"), default=False)
    for_collectives = models.BooleanField(_("collectifs"), default=False)
    # Empty means every discipline, every province.
    disciplines = models.ManyToManyField(
        "core.Discipline", verbose_name=_("disciplines"), blank=True, related_name="+"
    )
    provinces = models.ManyToManyField(
        "core.Region", verbose_name=_("provinces et territoires"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.SUGGESTED
    )
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposé par"),
    )
    follower_count = models.PositiveIntegerField(_("personnes qui suivent"), default=0)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = FundingCallQuerySet.as_manager()

    class Meta:
        ordering = ["program"]
        verbose_name = _("appel de financement")
        verbose_name_plural = _("appels de financement")
        indexes = [
            models.Index(fields=["status", "program"], name="funding_status_program_idx"),
            models.Index(fields=["status", "for_artists"], name="funding_artists_idx"),
            models.Index(fields=["status", "for_organizations"], name="funding_orgs_idx"),
            models.Index(fields=["status", "for_collectives"], name="funding_collectives_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_min__isnull=True)
                | models.Q(amount_max__isnull=True)
                | models.Q(amount_min__lte=models.F("amount_max")),
                name="funding_amount_range",
            ),
        ]

    def __str__(self):
        return self.program

    def get_absolute_url(self):
        return reverse("ressources:funding_call", kwargs={"pk": self.pk})

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def funder_label(self):
        return self.funder.name if self.funder_id else self.funder_name


class FundingDeadline(models.Model):
    """One intake of a call: a day, with the funder's time and zone when they give one."""

    call = models.ForeignKey(FundingCall, on_delete=models.CASCADE, related_name="deadlines")
    date = models.DateField(_("date limite"))
    time = models.TimeField(_("heure limite"), null=True, blank=True)
    time_zone = models.CharField(
        _("fuseau horaire"), max_length=40, choices=TIME_ZONES, default=DEFAULT_TIME_ZONE
    )
    label = models.CharField(_("volet"), max_length=120, blank=True)
    # Bumped at every change, so that calendar clients replace the entry (iCalendar SEQUENCE).
    sequence = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date", "time"]
        verbose_name = _("date limite")
        verbose_name_plural = _("dates limites")
        indexes = [
            models.Index(fields=["date"], name="funding_deadline_date_idx"),
            models.Index(fields=["call", "date"], name="funding_deadline_call_idx"),
        ]

    def __str__(self):
        return f"{self.call} — {self.date:%Y-%m-%d}"


class FundingFollow(models.Model):
    # Following is the member's own data: it leaves with the account.
    call = models.ForeignKey(FundingCall, on_delete=models.CASCADE, related_name="follows")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="funding_follows"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("suivi d'un appel")
        verbose_name_plural = _("suivis d'appels")
        constraints = [
            models.UniqueConstraint(fields=["call", "member"], name="one_follow_per_call")
        ]
        indexes = [models.Index(fields=["member", "-created_at"], name="funding_follow_member_idx")]

    def __str__(self):
        return f"{self.member} → {self.call}"


class FundingReminder(models.Model):
    """A reminder that left: its unique key makes each one leave once, even when the job runs
    twice or two schedulers overlap."""

    deadline = models.ForeignKey(FundingDeadline, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    days_before = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("rappel de date limite")
        verbose_name_plural = _("rappels de dates limites")
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "member", "days_before"], name="one_reminder_per_step"
            )
        ]

    def __str__(self):
        return f"{self.deadline} − {self.days_before} j → {self.member}"


class PartnerSearch(models.Model):
    """« Je cherche des partenaires »: what a member (or their organization) plans for a call,
    and whom they look for. Others answer in a private conversation."""

    call = models.ForeignKey(FundingCall, on_delete=models.CASCADE, related_name="partner_searches")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="partner_searches",
        verbose_name=_("personne"),
    )
    organization = models.ForeignKey(
        "ressources.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("au nom de l'organisation"),
    )
    plan = models.TextField(_("votre projet"), max_length=2000)
    skills = models.CharField(_("compétences recherchées"), max_length=300, blank=True)
    disciplines = models.ManyToManyField(
        "core.Discipline", verbose_name=_("disciplines recherchées"), blank=True, related_name="+"
    )
    provinces = models.ManyToManyField(
        "core.Region", verbose_name=_("provinces recherchées"), blank=True, related_name="+"
    )
    is_open = models.BooleanField(_("toujours ouverte"), default=True)
    created_at = models.DateTimeField(_("publiée le"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("recherche de partenaires")
        verbose_name_plural = _("recherches de partenaires")
        indexes = [
            models.Index(fields=["call", "is_open", "-created_at"], name="partner_search_call_idx"),
            models.Index(fields=["author", "-created_at"], name="partner_search_author_idx"),
        ]

    def __str__(self):
        return f"{self.call} — {self.author}"
