from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from communaute.models import EmailFrequency
from passerelles.core.forms import BODY_HELP, ComposerTextarea, SiteForm


class EmailPreferenceForm(SiteForm):
    frequency = forms.ChoiceField(
        label=_("Courriels de notification"),
        choices=EmailFrequency.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Vos notifications restent toujours dans votre centre de notifications ; "
            "ce choix ne concerne que les courriels."
        ),
    )
    language = forms.ChoiceField(
        label=_("Langue des courriels"),
        # Each language named in itself, so that anyone finds theirs.
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
        help_text=_(
            "Les courriels du site vous sont écrits dans cette langue, avec des liens vers "
            "les pages dans cette langue."
        ),
    )


class AnnouncementForm(SiteForm):
    title = forms.CharField(label=_("Titre de l'annonce"), max_length=150)
    body = forms.CharField(
        label=_("Texte de l'annonce"),
        max_length=5000,
        help_text=BODY_HELP,
        widget=ComposerTextarea(attrs={"rows": 8}),
    )
