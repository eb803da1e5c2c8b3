"""Invitations by email: a member brings someone who has no account yet into the community.

The link in the email carries a random token; only its SHA-256 is stored, so the table alone
opens no door. An address whose owner asked for no more invitations is remembered as a keyed
hash (InvitationOptOut), never in clear, and honoured whoever invites next.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

INVITATION_LIFETIME = timedelta(days=30)
# A fixed salt rather than SECRET_KEY: rotating the key must not forget who refused.
_ADDRESS_SALT = "passerelles.invitations.address"


def normalize_address(address: str) -> str:
    return address.strip().lower()


def address_hash(address: str) -> str:
    return hashlib.sha256(f"{_ADDRESS_SALT}:{normalize_address(address)}".encode()).hexdigest()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Envoyée")
        ACCEPTED = "accepted", _("Acceptée")
        EXPIRED = "expired", _("Expirée")
        REVOKED = "revoked", _("Retirée")
        REFUSED = "refused", _("Refusée")

    email = models.EmailField(_("adresse invitée"))
    inviter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invitation de"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="sent_invitations",
    )
    space = models.ForeignKey(
        "communaute.Space",
        verbose_name=_("espace"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="email_invitations",
    )
    note = models.TextField(_("mot personnel"), max_length=1000, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    # False when the address already had an account: nothing was sent, and the inviter's list
    # shows the invitation like any other (no enumeration); only admins see the difference.
    emailed = models.BooleanField(_("courriel envoyé"), default=True)
    created_at = models.DateTimeField(_("envoyée le"), default=timezone.now)
    decided_at = models.DateTimeField(_("réglée le"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte créé"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation par courriel")
        verbose_name_plural = _("invitations par courriel")
        constraints = [
            models.UniqueConstraint(
                fields=["email"],
                condition=models.Q(status="pending"),
                name="one_pending_invitation_per_address",
            )
        ]
        indexes = [models.Index(fields=["inviter", "-created_at"], name="invitation_inviter_idx")]

    def __str__(self):
        return f"{self.inviter} → {self.email}"

    @property
    def expires_at(self):
        return self.created_at + INVITATION_LIFETIME

    @property
    def is_expired(self) -> bool:
        return self.status == self.Status.EXPIRED or (
            self.status == self.Status.PENDING and self.expires_at <= timezone.now()
        )

    @property
    def current_status(self) -> str:
        """The status as the inviter should read it: a pending one past its 30 days is over."""
        return self.Status.EXPIRED if self.is_expired else self.status

    @property
    def current_status_label(self):
        return self.Status(self.current_status).label


class InvitationOptOut(models.Model):
    """An address that receives no more invitations, from anyone (kept as a hash)."""

    address_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("enregistré le"), default=timezone.now)

    class Meta:
        verbose_name = _("refus des invitations")
        verbose_name_plural = _("refus des invitations")

    def __str__(self):
        return self.address_hash[:12]
