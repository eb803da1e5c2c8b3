from django import forms
from django.utils.translation import gettext_lazy as _

from passerelles.core.forms import SiteForm, SiteModelForm, VocabularyMultipleChoiceField
from passerelles.core.models import Discipline, Region
from passerelles.core.vocabularies import ServiceRegion
from ressources.models import FundingCall, Organization, PartnerSearch


def _provinces():
    # A call, or a search, is for places: "anywhere at a distance" is what leaving it empty says.
    return Region.objects.exclude(code=ServiceRegion.REMOTE.value)


class FundingSuggestionForm(SiteModelForm):
    disciplines = VocabularyMultipleChoiceField(
        label=_("Disciplines admissibles"),
        queryset=Discipline.objects.all(),
        required=False,
        help_text=_("Laissez vide si l'appel est ouvert à toutes les disciplines."),
    )
    provinces = VocabularyMultipleChoiceField(
        label=_("Provinces et territoires admissibles"),
        queryset=_provinces(),
        required=False,
        help_text=_("Laissez vide si l'appel est ouvert partout au Canada."),
    )
    official_url = forms.URLField(
        label=_("Page officielle"),
        max_length=500,
        assume_scheme="https",
        help_text=_("La page du programme chez le bailleur de fonds."),
        error_messages={"required": _("Donnez le lien de la page officielle.")},
    )
    deadline = forms.DateField(
        label=_("Prochaine date limite"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Laissez vide si l'appel est ouvert en continu."),
    )

    class Meta:
        model = FundingCall
        fields = [
            "funder_name", "program", "summary", "official_url", "amount_min", "amount_max",
            "for_artists", "for_organizations", "for_collectives", "disciplines", "provinces",
        ]  # fmt: skip
        labels = {"funder_name": _("Bailleur de fonds")}
        help_texts = {
            "funder_name": _("Par exemple : Conseil des arts du Canada."),
        }
        widgets = {"summary": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "funder_name": {"required": _("Indiquez qui finance.")},
            "program": {"required": _("Indiquez le nom du programme.")},
            "summary": {"required": _("Résumez l'appel en quelques lignes.")},
        }

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("amount_min"), cleaned.get("amount_max")
        if low is not None and high is not None and low > high:
            self.add_error("amount_max", _("Le montant maximal est plus petit que le minimal."))
        if not any(
            cleaned.get(name) for name in ("for_artists", "for_organizations", "for_collectives")
        ):
            self.add_error(None, _("Indiquez qui peut déposer une demande."))
        return cleaned


class PartnerSearchForm(SiteModelForm):
    disciplines = VocabularyMultipleChoiceField(
        label=_("Disciplines recherchées"),
        queryset=Discipline.objects.all(),
        required=False,
        help_text=_("Laissez vide si toutes les disciplines vous intéressent."),
    )
    provinces = VocabularyMultipleChoiceField(
        label=_("Provinces ou territoires recherchés"),
        queryset=_provinces(),
        required=False,
        help_text=_("Laissez vide si le lieu importe peu."),
    )
    organization = forms.ModelChoiceField(
        label=_("Au nom de"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("En mon nom"),
    )

    class Meta:
        model = PartnerSearch
        fields = ["plan", "skills", "disciplines", "provinces", "organization"]
        widgets = {"plan": forms.Textarea(attrs={"rows": 5})}
        labels = {"plan": _("Ce que vous préparez pour cet appel")}
        help_texts = {
            "skills": _("Par exemple : diffusion en ligne, sous-titrage, gestion de projet."),
        }
        error_messages = {"plan": {"required": _("Dites en quelques lignes ce que vous préparez.")}}

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None and organizations.exists():
            self.fields["organization"].queryset = organizations
        else:
            del self.fields["organization"]


class PartnerAnswerForm(SiteForm):
    body = forms.CharField(
        label=_("Votre message privé"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Écrivez quelques mots avant d'envoyer.")},
    )
