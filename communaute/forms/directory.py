from django import forms
from django.utils.translation import gettext_lazy as _

from passerelles.core.forms import SiteForm
from passerelles.core.vocabularies import DisciplineChoice, MemberRegion


def _with_all(choices):
    return [("", _("Toutes")), *choices]


class DirectoryFilterForm(SiteForm):
    """The directory's filters, read from the address (GET): an unknown value is ignored."""

    q = forms.CharField(
        label=_("Nom"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Le début d'un mot suffit, avec ou sans accents."),
    )
    discipline = forms.ChoiceField(label=_("Discipline"), required=False)
    province = forms.ChoiceField(label=_("Province ou territoire"), required=False)
    organization = forms.ChoiceField(label=_("Organisation"), required=False)
    skill = forms.ChoiceField(label=_("Peut aider sur"), required=False)

    def __init__(self, data, *, organizations, skills):
        super().__init__(data)
        self.fields["discipline"].choices = _with_all(DisciplineChoice.choices)
        self.fields["province"].choices = _with_all(MemberRegion.choices)
        self.fields["organization"].choices = _with_all(organizations)
        self.fields["skill"].choices = [("", _("Tous les sujets")), *skills]

    def filters(self):
        # cleaned_data keeps the valid fields of an invalid form: one stale value in an old
        # address drops that filter alone.
        self.is_valid()
        return {key: value.strip() for key, value in self.cleaned_data.items() if value.strip()}
