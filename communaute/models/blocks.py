"""A member blocks another: the blocked member can no longer write to them privately nor add
them to a conversation, and is never told (communaute/permissions/messaging_rules.py)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Block(models.Model):
    # Both sides are personal links between two accounts: they go with either account.
    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bloqué par"),
        on_delete=models.CASCADE,
        related_name="blocks_made",
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("membre bloqué"),
        on_delete=models.CASCADE,
        related_name="blocks_received",
    )
    created_at = models.DateTimeField(_("bloqué le"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("blocage")
        verbose_name_plural = _("blocages")
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="one_block_per_pair"),
            models.CheckConstraint(
                condition=~models.Q(blocker=models.F("blocked")), name="no_self_block"
            ),
        ]
        # "Did either block the other?" reads the pair from the blocked side too.
        indexes = [models.Index(fields=["blocked", "blocker"], name="block_blocked_idx")]

    def __str__(self):
        return f"{self.blocker} ⊘ {self.blocked}"
