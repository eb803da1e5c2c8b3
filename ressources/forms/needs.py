from django import forms
from django.utils.translation import gettext_lazy as _

from passerelles.core.forms import SiteForm, SiteModelForm, VocabularyMultipleChoiceField
from passerelles.core.models import Discipline
from ressources.forms.access import OnBehalfFormMixin
from ressources.models import AccessRequest, Need, NeedSupport, ServiceFeedback


class DisciplineChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class NeedForm(OnBehalfFormMixin, SiteModelForm):
    disciplines = VocabularyMultipleChoiceField(
        label=_("Disciplines concernées"),
        queryset=Discipline.objects.all(),
        required=False,
        help_text=_("Laissez vide si le besoin touche toutes les disciplines."),
    )
    on_behalf = forms.ChoiceField(
        label=_("Au nom de"),
        choices=AccessRequest.OnBehalf.choices,
        initial=AccessRequest.OnBehalf.SELF,
        widget=forms.RadioSelect,
    )
    organization_name = forms.CharField(
        label=_("Nom de l'organisation"),
        max_length=150,
        required=False,
        help_text=_("Seulement si vous parlez au nom d'une organisation."),
    )
    show_name = forms.BooleanField(
        label=_("Afficher mon nom sur ce besoin"),
        required=False,
        help_text=_("Sinon, le besoin paraît sans votre nom : seuls les nombres sont publics."),
    )
    # Set once the similar needs and services have been shown: the next submission declares.
    checked_similar = forms.BooleanField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Need
        fields = ["title", "description", "category", "disciplines", "province", "urgency"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "urgency": forms.RadioSelect,
        }
        labels = {"title": _("Votre besoin en une phrase")}
        error_messages = {
            "title": {"required": _("Dites votre besoin en une phrase.")},
            "description": {"required": _("Décrivez votre besoin en quelques lignes.")},
            "category": {"required": _("Choisissez la catégorie la plus proche de votre besoin.")},
            "province": {"required": _("Indiquez où le besoin se fait sentir.")},
        }
        help_texts = {
            "title": _("Par exemple : « Un local de répétition à partager à Moncton »."),
            "description": _("Ce qui vous manque, pour quel projet, ce que vous avez déjà essayé."),
            "province": _("Où le besoin se fait sentir."),
        }


class NeedSupportForm(OnBehalfFormMixin, SiteModelForm):
    discipline = DisciplineChoiceField(
        label=_("Votre discipline"),
        queryset=Discipline.objects.all(),
        required=False,
        empty_label=_("Toutes ou aucune en particulier"),
    )

    class Meta:
        model = NeedSupport
        fields = ["province", "discipline", "on_behalf", "organization_name", "show_name"]
        widgets = {"on_behalf": forms.RadioSelect}
        help_texts = {
            "organization_name": _("Seulement si vous parlez au nom d'une organisation."),
        }


class MarkNeedMetForm(SiteForm):
    service = forms.ModelChoiceField(
        label=_("Le service qui répond à ce besoin"),
        queryset=None,
        empty_label=None,
    )

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services


class FeedbackForm(SiteForm):
    answer = forms.ChoiceField(
        label=_("Le service a-t-il répondu à votre besoin ?"),
        choices=ServiceFeedback.Answer.choices,
        widget=forms.RadioSelect,
    )
