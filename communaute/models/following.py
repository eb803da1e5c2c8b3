"""What members follow and mute, how they want their emails, and the emails waiting to leave.

A member with no EmailPreference row has the default: a daily digest. Emails are rows first
(EmailDelivery), written in the same transaction as the notification that causes them: a
background task sends them, and a failure leaves the row to be tried again, never lost.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communaute.models.forum import Space, Topic
from communaute.models.members import Notification


class TopicSubscription(models.Model):
    """A member follows a topic (they hear of its replies) or mutes it (they never do)."""

    class Level(models.TextChoices):
        FOLLOWING = "following", pgettext_lazy("topic subscription", "Suivi")
        MUTED = "muted", _("Mis en sourdine")

    class Reason(models.TextChoices):
        POSTED = "posted", _("Message dans le sujet")
        MENTIONED = "mentioned", _("Mention dans le sujet")
        CHOSEN = "chosen", _("Choix de la personne")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="topic_subscriptions"
    )
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="subscriptions")
    level = models.CharField(
        _("niveau"), max_length=10, choices=Level.choices, default=Level.FOLLOWING
    )
    reason = models.CharField(_("raison"), max_length=10, choices=Reason.choices)
    created_at = models.DateTimeField(_("depuis le"), default=timezone.now)

    class Meta:
        verbose_name = _("abonnement à un sujet")
        verbose_name_plural = _("abonnements aux sujets")
        constraints = [
            models.UniqueConstraint(fields=["member", "topic"], name="one_subscription_per_topic")
        ]
        # Fan-out reads a topic's followers; the preferences page reads a member's rows.
        indexes = [models.Index(fields=["topic", "level"], name="topic_subscription_fanout_idx")]

    def __str__(self):
        return f"{self.member} — {self.topic} ({self.level})"


class SpaceSubscription(models.Model):
    """A member follows a space: each new topic there reaches their notifications."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="space_subscriptions"
    )
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="subscriptions")
    created_at = models.DateTimeField(_("depuis le"), default=timezone.now)

    class Meta:
        verbose_name = _("abonnement à un espace")
        verbose_name_plural = _("abonnements aux espaces")
        constraints = [
            models.UniqueConstraint(fields=["member", "space"], name="one_subscription_per_space")
        ]
        indexes = [models.Index(fields=["space"], name="space_subscription_fanout_idx")]

    def __str__(self):
        return f"{self.member} — {self.space}"


class NewsVisit(models.Model):
    """How far a member has looked at « Quoi de neuf »: the page shows what came after."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="news_visit",
    )
    seen_until = models.DateTimeField(_("vu jusqu'au"))

    class Meta:
        verbose_name = _("visite de « Quoi de neuf »")
        verbose_name_plural = _("visites de « Quoi de neuf »")

    def __str__(self):
        return f"{self.member} — {self.seen_until:%Y-%m-%d %H:%M}"


class EmailFrequency(models.TextChoices):
    EACH_EVENT = "each", _("Un courriel à chaque notification")
    DAILY = "daily", _("Un résumé par jour")
    WEEKLY = "weekly", _("Un résumé par semaine")
    NONE = "none", _("Aucun courriel")


class EmailPreference(models.Model):
    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="email_preference",
    )
    frequency = models.CharField(
        _("courriels de notification"),
        max_length=10,
        choices=EmailFrequency.choices,
        default=EmailFrequency.DAILY,
    )
    # Notifications created after this instant go into the next digest.
    last_digest_at = models.DateTimeField(_("dernier résumé envoyé le"), null=True, blank=True)
    updated_at = models.DateTimeField(_("modifiée le"), default=timezone.now)

    class Meta:
        verbose_name = _("préférence de courriel")
        verbose_name_plural = _("préférences de courriel")
        indexes = [models.Index(fields=["frequency"], name="email_preference_frequency_idx")]

    def __str__(self):
        return f"{self.member} — {self.frequency}"


class EmailDelivery(models.Model):
    """One email to send: a single notification's, or a digest already written out."""

    class Status(models.TextChoices):
        PENDING = "pending", _("À envoyer")
        SENT = "sent", _("Envoyé")
        ABANDONED = "abandoned", _("Abandonné après plusieurs essais")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_deliveries"
    )
    notification = models.ForeignKey(
        Notification,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="email_deliveries",
    )
    # Filled for digests, which are written when they are assembled.
    subject = models.CharField(pgettext_lazy("email subject", "objet"), max_length=300, blank=True)
    body = models.TextField(_("texte"), blank=True)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("essais"), default=0)
    next_attempt_at = models.DateTimeField(_("prochain essai"), default=timezone.now)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("courriel de notification")
        verbose_name_plural = _("courriels de notification")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="email_delivery_pending_idx",
                condition=models.Q(status="pending"),
            )
        ]

    def __str__(self):
        return f"{self.recipient} ({self.status})"


class Announcement(models.Model):
    """A word from a space's animators to every member of the space."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="announcements")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(_("titre"), max_length=150)
    body = models.TextField(_("texte"), max_length=5000)
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(_("publiée le"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("annonce")
        verbose_name_plural = _("annonces")
        indexes = [models.Index(fields=["space", "-created_at"], name="announcement_space_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("communaute:announcement", kwargs={"pk": self.pk})
