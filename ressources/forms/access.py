from django import forms
from django.utils.translation import gettext_lazy as _

from passerelles.core.forms import SiteForm, SiteModelForm
from ressources.models import AccessRequest


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


class AccessRequestForm(OnBehalfFormMixin, SiteModelForm):
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


class RequestStatusForm(SiteForm):
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
