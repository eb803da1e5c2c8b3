from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communaute.models import StoredFile
from ressources.models.catalogue import Service


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
    # Closed by the member (withdrawn) or a representative: read-only from then on.
    closed_at = models.DateTimeField(_("close le"), null=True, blank=True)

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

    def get_management_url(self):
        """The organization's side of the request: its representatives' page (behind their
        second factor, as the dashboard), where they also change its status."""
        return reverse("ressources:request_manage", kwargs={"pk": self.pk})

    def url_for(self, member) -> str:
        """The page of the request for one of its two sides."""
        if member.pk == self.member_id:
            return self.get_absolute_url()
        return self.get_management_url()

    @property
    def is_open(self):
        """Waiting for an answer: a representative may close a request before answering."""
        return self.status in self.OPEN_STATUSES and self.closed_at is None

    @property
    def is_closed(self):
        return self.closed_at is not None


class AccessRequestEvent(models.Model):
    """One entry of a request's timeline: its sending, a status change (with an optional
    message), a message from either side, its closing. Ordered by id, the order of writing."""

    class Kind(models.TextChoices):
        STATUS = "status", _("Changement de statut")
        MESSAGE = "message", _("Message")
        CLOSED = "closed", _("Clôture")

    request = models.ForeignKey(AccessRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(
        _("type d'entrée"), max_length=10, choices=Kind.choices, default=Kind.STATUS
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Which side wrote: the organization's (a representative) or the member who asked. Kept
    # apart from the actor, who may delete their account.
    by_organization = models.BooleanField(default=False)
    from_status = models.CharField(max_length=20, choices=AccessRequest.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=AccessRequest.Status.choices, blank=True)
    # As typed (Markdown), and as shown: rendered once, on writing (passerelles/core/markdown.py).
    message = models.TextField(_("message"), blank=True, max_length=3000)
    message_html = models.TextField(blank=True, editable=False)
    # The form's one-time token: a form sent twice (double click, reload) writes one message.
    client_token = models.CharField(max_length=36, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("étape d'une demande")
        verbose_name_plural = _("historique des demandes")
        indexes = [models.Index(fields=["request", "id"], name="request_event_timeline_idx")]

    def __str__(self):
        return f"{self.request_id}: {self.kind} {self.from_status} → {self.to_status}"


class RequestAttachment(StoredFile):
    """A file joined to a message of an access request, sent only to its two sides."""

    event = models.ForeignKey(
        AccessRequestEvent, on_delete=models.CASCADE, related_name="attachments"
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("pièce jointe d'une demande")
        verbose_name_plural = _("pièces jointes des demandes")


# Needs ----------------------------------------------------------------------------------
# A need is declared by one member and joined by others ("moi aussi"). Every person who
# shares it, its author included, has one NeedSupport row: counts, places and disciplines
# all come from that one table, and a deleted account takes only its own row with it.


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
