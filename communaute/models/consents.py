"""What a member agreed to, purpose by purpose, and when (Québec's Law 25).

Each row is one decision: given or withdrawn, with the exact sentence the member was shown, so
that the history proves what was agreed to even after the wording changes. The current state of
each purpose lives where the site reads it (Member.in_directory, Member.show_organization, the
email frequency) and only changes together with a new row (services/consents.py).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ConsentRecord(models.Model):
    class Source(models.TextChoices):
        PRIVACY_CENTRE = "centre", _("Centre de confidentialité")
        PROFILE = "profile", _("Modification du profil")
        EMAIL_PREFERENCES = "email_preferences", _("Préférences de courriel")
        UNSUBSCRIBE = "unsubscribe", _("Lien de désabonnement d'un courriel")
        SIGNUP = "signup", _("Formulaire d'inscription")
        CARRIED_OVER = "carried_over", _("Report des réglages antérieurs")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("membre"),
        on_delete=models.CASCADE,
        related_name="consent_records",
        # The index in Meta starts with the member.
        db_index=False,
    )
    purpose = models.CharField(_("finalité"), max_length=40)
    given = models.BooleanField(_("consentement donné"))
    text = models.TextField(_("texte présenté"))
    language = models.CharField(_("langue du texte"), max_length=8)
    source = models.CharField(_("origine"), max_length=20, choices=Source.choices)
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        verbose_name = _("consentement")
        verbose_name_plural = _("consentements")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["member", "purpose", "-created_at"], name="consent_history_idx")
        ]

    def __str__(self):
        return f"{self.member} — {self.purpose} ({'oui' if self.given else 'non'})"
