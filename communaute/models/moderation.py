"""Moderation and trust: reports (signalements), suspensions and the audit log.

Every moderation write goes through communaute/services/moderation.py, whether it comes from
the site or from Django admin, so each one leaves exactly one audit row.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Report(models.Model):
    """What every report says, whatever it points at: who, why, and who decided when."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Publicité ou message indésirable")
        DISRESPECT = "disrespect", _("Propos irrespectueux ou blessants")
        PERSONAL = "personal", _("Renseignements personnels exposés")
        OFF_TOPIC = "off_topic", _("Hors sujet dans cet espace")
        OTHER = "other", _("Autre raison")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signalé par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    reason = models.CharField(_("raison"), max_length=12, choices=Reason.choices)
    comment = models.TextField(_("précisions"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("signalé le"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décidé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_reason_display()} — {self.reported}"


class Flag(Report):
    """A member reports a post to the moderators, with a reason."""

    class Status(models.TextChoices):
        OPEN = "open", _("À examiner")
        RESOLVED = "resolved", _("Traité : message masqué")
        DISMISSED = "dismissed", _("Classé sans suite")

    post = models.ForeignKey(
        "communaute.Post",
        verbose_name=pgettext_lazy("forum post", "message"),
        on_delete=models.CASCADE,
        related_name="flags",
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.OPEN
    )

    class Meta(Report.Meta):
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        constraints = [
            # A second click on "Signaler" adds nothing while the first report is open.
            models.UniqueConstraint(
                fields=["post", "reporter"],
                condition=models.Q(status="open"),
                name="one_open_flag_per_reporter",
            )
        ]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="flag_queue_idx"),
            models.Index(fields=["post", "status"], name="flag_post_idx"),
        ]

    @property
    def reported(self):
        return self.post


class MessageFlag(Report):
    """A participant reports a private message to the moderators. They see that message and
    the few around it (communaute/selectors/reports.py), never the rest of the inbox."""

    class Status(models.TextChoices):
        OPEN = "open", _("À examiner")
        UPHELD = "upheld", _("Traité : mesure prise")
        DISMISSED = "dismissed", _("Classé sans suite")

    message = models.ForeignKey(
        "communaute.PrivateMessage",
        verbose_name=pgettext_lazy("private message", "message"),
        on_delete=models.CASCADE,
        related_name="flags",
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    # The moderator's words for the record; the reporter learns only the outcome.
    decision = models.TextField(_("note de décision"), max_length=1000, blank=True)

    class Meta(Report.Meta):
        verbose_name = _("signalement de message privé")
        verbose_name_plural = _("signalements de messages privés")
        constraints = [
            models.UniqueConstraint(
                fields=["message", "reporter"],
                condition=models.Q(status="open"),
                name="one_open_message_flag_per_reporter",
            )
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="message_flag_queue_idx")]

    @property
    def reported(self):
        return self.message_id


class Suspension(models.Model):
    """A member may read but not write until `ends_at`, unless it is lifted earlier."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("membre"),
        on_delete=models.CASCADE,
        related_name="suspensions",
    )
    reason = models.TextField(_("raison"), max_length=1000)
    starts_at = models.DateTimeField(_("depuis le"), default=timezone.now)
    ends_at = models.DateTimeField(_("jusqu'au"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décidée par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    lifted_at = models.DateTimeField(_("levée le"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        indexes = [models.Index(fields=["member", "-ends_at"], name="suspension_member_idx")]

    def __str__(self):
        return f"{self.member} → {self.ends_at:%Y-%m-%d %H:%M}"

    @property
    def is_active(self):
        return self.lifted_at is None and self.starts_at <= timezone.now() < self.ends_at


class ModerationAction(models.Model):
    """The audit log: who did what, to what, why and when. Written only by the services."""

    class Kind(models.TextChoices):
        HIDE_POST = "hide_post", _("Message masqué")
        RESTORE_POST = "restore_post", _("Message rétabli")
        DISMISS_FLAG = "dismiss_flag", _("Signalement classé sans suite")
        PIN_TOPIC = "pin_topic", _("Sujet épinglé")
        UNPIN_TOPIC = "unpin_topic", _("Sujet désépinglé")
        LOCK_TOPIC = "lock_topic", _("Sujet verrouillé")
        UNLOCK_TOPIC = "unlock_topic", _("Sujet déverrouillé")
        MOVE_TOPIC = "move_topic", _("Sujet déplacé")
        SUSPEND_MEMBER = "suspend_member", _("Membre suspendu")
        LIFT_SUSPENSION = "lift_suspension", _("Suspension levée")
        RESET_TWO_FACTOR = "reset_two_factor", _("Double authentification réinitialisée")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("who took the action", "par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    kind = models.CharField(_("action"), max_length=20, choices=Kind.choices)
    # The member the decision concerns (author of the post or topic, suspended member).
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("membre concerné"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    space = models.ForeignKey(
        "communaute.Space",
        verbose_name=_("espace"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    topic = models.ForeignKey(
        "communaute.Topic",
        verbose_name=_("sujet"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    post = models.ForeignKey(
        "communaute.Post",
        verbose_name=pgettext_lazy("forum post", "message"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # What the target was called at the time: the log still reads once the target is gone.
    target = models.CharField(_("cible"), max_length=250)
    reason = models.TextField(_("raison"), max_length=1000)
    details = models.JSONField(_("détails"), default=dict, blank=True)
    created_at = models.DateTimeField(
        pgettext_lazy("when an action was taken", "le"), default=timezone.now
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("action de modération")
        verbose_name_plural = _("journal de modération")
        indexes = [
            models.Index(fields=["-created_at"], name="moderation_recent_idx"),
            models.Index(fields=["space", "-created_at"], name="moderation_space_idx"),
            models.Index(fields=["member", "-created_at"], name="moderation_member_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.target}"
