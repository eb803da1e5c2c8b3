"""What a member set aside (« Mis de côté »): a post, a topic, or anything another app
registers (a service, a need), named by its kind and id.

The kinds and how to find each object for a reader live in communaute/hooks/bookmarks.py:
communaute never imports the apps whose objects are set aside. A bookmark whose object the
member may no longer see is kept but never shown.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Bookmark(models.Model):
    # The member's own list: it goes with the account.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks"
    )
    kind = models.CharField(_("type d'élément"), max_length=32)
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(_("mis de côté le"), default=timezone.now)
    remind_on = models.DateField(_("me le rappeler le"), null=True, blank=True)
    # Set when the reminder left: it leaves once, whatever the scheduler's runs.
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("élément mis de côté")
        verbose_name_plural = _("éléments mis de côté")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "kind", "object_id"], name="one_bookmark_per_object"
            )
        ]
        indexes = [
            models.Index(fields=["member", "-created_at"], name="bookmark_member_idx"),
            models.Index(
                fields=["remind_on"],
                condition=models.Q(reminded_at__isnull=True, remind_on__isnull=False),
                name="bookmark_reminder_due_idx",
            ),
        ]

    def __str__(self):
        return f"{self.member} — {self.kind} {self.object_id}"
