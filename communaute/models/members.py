from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from communaute.notifications import kinds as notifications
from passerelles.core.links import kept_reverse
from passerelles.core.search import name_document
from passerelles.core.slugs import free_slug
from passerelles.core.storage import private_storage
from passerelles.core.vocabularies import MemberRegion


class MemberManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        member = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        member.set_password(password)
        member.save(using=self._db)
        return member

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class Member(AbstractUser):
    """A registered person. Email is the login; the profile fields live on the same row.

    Content written in shared spaces must never cascade from this model: other apps point at it
    with on_delete=SET_NULL so that a deleted account leaves its posts to "Membre supprimé".
    """

    username = None
    email = models.EmailField(_("adresse courriel"), unique=True)
    display_name = models.CharField(
        _("nom affiché"),
        max_length=80,
        help_text=_("Le nom que les autres membres voient : le vôtre, ou celui de votre projet."),
    )
    handle = models.SlugField(
        _("identifiant public"),
        max_length=40,
        unique=True,
        help_text=_("Sert à l'adresse de votre profil."),
    )
    disciplines = models.ManyToManyField(
        "core.Discipline", verbose_name=_("disciplines"), blank=True, related_name="members"
    )
    province = models.CharField(
        _("province ou territoire"), max_length=8, choices=MemberRegion.choices, blank=True
    )
    organization_name = models.CharField(_("organisation"), max_length=150, blank=True)
    bio = models.TextField(_("présentation"), max_length=1000, blank=True)
    avatar = models.ImageField(_("photo ou logo"), upload_to="avatars/", blank=True)
    # The photo as sent, until the worker has cropped and re-encoded it into `avatar`
    # (communaute/services/pictures.py): private, never shown.
    pending_avatar = models.FileField(
        upload_to="avatars-en-attente/", storage=private_storage, blank=True, editable=False
    )
    website = models.URLField(_("site web"), blank=True)
    in_directory = models.BooleanField(
        _("paraître dans le répertoire des membres"),
        default=False,
        help_text=_("Désactivé par défaut : votre profil n'est listé que si vous le choisissez."),
    )
    # Whether the organization above (and those the member represents) is shown on the
    # profile and the directory card: a consent of the privacy centre (services/consents.py).
    show_organization = models.BooleanField(
        _("afficher mon organisation sur mon profil"), default=True
    )
    # Every email to the member is written in it, with links to the pages in it; set at signup
    # from the language of the signup page.
    language = models.CharField(
        _("langue des courriels"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Les courriels du site vous sont écrits dans cette langue."),
    )

    skills = TaggableManager(
        verbose_name=_("peut aider sur"),
        through="communaute.MemberSkill",
        related_name="skilled_members",
        blank=True,
        help_text=_(
            "Quelques sujets où vous pouvez donner un coup de main, séparés par des virgules."
        ),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    objects = MemberManager()

    class Meta:
        verbose_name = _("membre")
        verbose_name_plural = _("membres")
        ordering = ["display_name"]
        permissions = [
            (
                "reset_two_factor",
                _("Peut réinitialiser la double authentification d'un autre membre"),
            )
        ]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="member_email_ci_unique"),
        ]
        indexes = [
            models.Index(fields=["province"], name="member_province_idx"),
            models.Index(
                fields=["display_name"],
                name="member_directory_idx",
                condition=models.Q(in_directory=True, is_active=True),
            ),
            # The directory's search by name (communaute/selectors/directory.py)
            GinIndex(
                name_document("display_name"),
                name="member_directory_name_gin",
                condition=models.Q(in_directory=True, is_active=True),
            ),
        ]

    def __str__(self):
        return self.display_name or self.email

    def save(self, *args, **kwargs):
        if not self.handle:
            self.handle = self._free_handle()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return kept_reverse("communaute:member", kwargs={"handle": self.handle})

    def get_full_name(self):
        return self.display_name

    def get_short_name(self):
        return self.display_name

    @property
    def public_name(self):
        return self.display_name or _("Membre")

    @property
    def shown_organization(self):
        """The organization others see: none once the member withdrew that consent."""
        return self.organization_name if self.show_organization else ""

    def _free_handle(self):
        return free_slug(
            Member.objects.exclude(pk=self.pk),
            "handle",
            self.display_name or self.email.split("@")[0],
            fallback="membre",
        )


class Notification(models.Model):
    """One line in a member's notification centre, created by notifications.centre.notify().

    It belongs to its recipient (deleted with their account); the sentence it shows comes from
    its kind's describe() at display time, in the reader's language.
    """

    recipient = models.ForeignKey(
        Member,
        verbose_name=_("destinataire"),
        on_delete=models.CASCADE,
        related_name="notifications",
        # Both indexes in Meta start with the recipient: a third one on it alone would be waste.
        db_index=False,
    )
    actor = models.ForeignKey(
        Member,
        verbose_name=_("personne à l'origine"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("type de notification"), max_length=notifications.KIND_MAX_LENGTH)
    url = models.CharField(_("adresse"), max_length=500, help_text=_("Une adresse du site."))
    context = models.JSONField(_("contexte"), default=dict, blank=True)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    read_at = models.DateTimeField(_("lue le"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        # The id breaks ties between notifications created in the same instant, so that
        # pagination never shows a row twice.
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["recipient", "-created_at"], name="notification_recent_idx"),
        ]

    def __str__(self):
        return f"{self.kind} → {self.recipient}"

    @property
    def is_read(self):
        return self.read_at is not None

    def describe(self):
        return notifications.describe(self)
