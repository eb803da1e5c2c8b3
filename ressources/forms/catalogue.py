from django import forms
from django.utils.translation import gettext_lazy as _

from passerelles.core.forms import RadioChoicesForm, VocabularyMultipleChoiceField
from passerelles.core.models import Discipline, Region
from ressources.models import AccessRequest, Organization, Service


class OrganizationChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class ServiceForm(RadioChoicesForm, forms.ModelForm):
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


class OnBehalfFormMixin:
    """Speaking for an organization (an access request, a need) asks for its name."""

    organization_name_missing = _(
        "Indiquez le nom de l'organisation au nom de laquelle vous parlez."
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("on_behalf") == AccessRequest.OnBehalf.ORGANIZATION
            and not cleaned.get("organization_name", "").strip()
        ):
            self.add_error("organization_name", self.organization_name_missing)
        return cleaned


class AccessRequestForm(OnBehalfFormMixin, forms.ModelForm):
    class Meta:
        model = AccessRequest
        fields = ["on_behalf", "organization_name", "message", "timeframe"]
        widgets = {
            "on_behalf": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 6}),
        }
        labels = {
            "message": _("Votre message"),
            "timeframe": _("Échéance souhaitée"),
        }
        help_texts = {
            "message": _("Décrivez votre projet et ce dont vous avez besoin."),
            "timeframe": _("Par exemple : « avant la tournée d'avril » ou « dès que possible »."),
            "organization_name": _(
                "Seulement si vous faites la demande au nom d'une organisation."
            ),
        }

    organization_name_missing = _(
        "Indiquez le nom de l'organisation au nom de laquelle vous faites la demande."
    )


class RequestStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Nouveau statut"), widget=forms.RadioSelect)
    message = forms.CharField(
        label=_("Message à la personne (facultatif)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, allowed, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (value, label) for value, label in AccessRequest.Status.choices if value in allowed
        ]
