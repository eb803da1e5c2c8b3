from django import forms
from django.utils.translation import gettext_lazy as _

from passerelles.core.forms import RadioChoicesForm, SiteModelForm, VocabularyMultipleChoiceField
from passerelles.core.models import Discipline, Region
from ressources.models import Organization, Service


class OrganizationChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class ServiceForm(RadioChoicesForm, SiteModelForm):
    organizations = OrganizationChoiceField(
        label=_("Organisations qui offrent ce service"), queryset=Organization.objects.none()
    )
    disciplines = VocabularyMultipleChoiceField(
        label=_("Disciplines"),
        queryset=Discipline.objects.all(),
        required=False,
        help_text=_("Laissez vide si le service convient à toutes les disciplines."),
    )
    regions = VocabularyMultipleChoiceField(
        label=_("Où le service est offert"),
        queryset=Region.objects.all(),
        help_text=_(
            "Cochez « Partout / à distance » pour un service offert en ligne à tout le pays."
        ),
    )

    class Meta:
        model = Service
        fields = [
            "title", "summary", "description", "category", "organizations", "disciplines",
            "regions", "audience", "delivery", "in_french", "in_english",
            "french_outside_quebec", "cost_model", "price_note", "eligibility_note",
            "capacity_note", "availability", "how_to_access",
        ]  # fmt: skip
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 10}),
            "eligibility_note": forms.Textarea(attrs={"rows": 3}),
            "how_to_access": forms.Textarea(attrs={"rows": 3}),
            "audience": forms.RadioSelect,
            "delivery": forms.RadioSelect,
            "cost_model": forms.RadioSelect,
            "availability": forms.RadioSelect,
        }

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = organizations
        if not self.instance.pk and organizations.count() == 1:
            self.initial.setdefault("organizations", list(organizations))
