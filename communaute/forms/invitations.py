from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from communaute.selectors.invitations import LIST_MAX_ADDRESSES, split_addresses
from passerelles.core.forms import SiteForm


class InvitationForm(SiteForm):
    """One address for a member; a pasted list for partners and animators (list=True)."""

    addresses = forms.CharField(
        label=_("Adresse courriel de la personne"),
        max_length=LIST_MAX_ADDRESSES * 100,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "maxlength": 254}),
    )
    note = forms.CharField(
        label=_("Mot personnel"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Facultatif. Il figure dans le courriel, sous votre nom."),
    )
    space = forms.ChoiceField(label=_("Espace à rejoindre"), required=False)

    def __init__(self, *args, spaces=(), list_allowed=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.list_allowed = list_allowed
        self.spaces = {str(space.pk): space for space in spaces}
        self.fields["space"].choices = [("", _("Aucun : la communauté seulement"))] + [
            (key, space.name) for key, space in self.spaces.items()
        ]
        if list_allowed:
            field = self.fields["addresses"]
            field.label = _("Adresses courriel")
            field.help_text = _(
                "Une adresse par ligne (ou séparées par des virgules), %(count)s au plus. "
                "Vous verrez la liste triée avant l'envoi."
            ) % {"count": LIST_MAX_ADDRESSES}
            field.widget = forms.Textarea(attrs={"rows": 8})

    def clean_addresses(self):
        lines = split_addresses(self.cleaned_data["addresses"])
        if not lines:
            raise ValidationError(_("Indiquez au moins une adresse courriel."))
        if len(lines) > 1 and not self.list_allowed:
            raise ValidationError(_("Indiquez une seule adresse courriel."))
        if len(lines) > LIST_MAX_ADDRESSES:
            raise ValidationError(
                _("%(count)s adresses au plus à la fois.") % {"count": LIST_MAX_ADDRESSES}
            )
        return lines

    def clean_space(self):
        key = self.cleaned_data.get("space") or ""
        return self.spaces.get(key)
