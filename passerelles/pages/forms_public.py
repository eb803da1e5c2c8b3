from django import forms
from django.utils.translation import gettext_lazy as _

from passerelles.core.vocabularies import MemberRegion


class InitiativeSuggestionForm(forms.Form):
    title = forms.CharField(label=_("Nom de l'initiative"), max_length=200)
    organization_name = forms.CharField(label=_("Qui la porte"), max_length=200)
    link = forms.URLField(label=_("Lien"), required=False, assume_scheme="https")
    description = forms.CharField(
        label=_("En quoi elle consiste"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Ce qu'elle offre, à qui, et pourquoi elle peut servir à d'autres."),
    )
    region = forms.ChoiceField(
        label=_("Région"), choices=[("", _("Non précisée")), *MemberRegion.choices], required=False
    )
