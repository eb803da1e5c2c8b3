from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

DRAFT_MAX_LENGTH = 20_000
PLACE_MAX_LENGTH = 64


class Draft(models.Model):
    """What a member started writing in one place (a new topic in a space, a reply in a topic,
    a message in a conversation or a request), kept on the server so that it comes back on any
    device. One per member and place; deleted when what it became is published."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts"
    )
    # "<kind>:<id>", e.g. "reply:42": the kinds are registered in communaute/hooks/drafts.py.
    place = models.CharField(_("lieu"), max_length=PLACE_MAX_LENGTH)
    body = models.TextField(_("texte"), max_length=DRAFT_MAX_LENGTH)
    updated_at = models.DateTimeField(_("enregistré le"))

    class Meta:
        verbose_name = _("brouillon")
        verbose_name_plural = _("brouillons")
        constraints = [
            models.UniqueConstraint(fields=["member", "place"], name="draft_one_per_member_place")
        ]
        # « Mes brouillons » lists a member's drafts, the latest first; retention reads the date.
        indexes = [
            models.Index(fields=["member", "-updated_at"], name="draft_member_recent_idx"),
            models.Index(fields=["updated_at"], name="draft_updated_idx"),
        ]

    def __str__(self):
        return self.place

    @property
    def kind(self) -> str:
        return self.place.partition(":")[0]

    @property
    def target_id(self) -> int:
        return int(self.place.partition(":")[2])
