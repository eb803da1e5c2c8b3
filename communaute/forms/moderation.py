from django import forms
from django.utils.translation import gettext_lazy as _

from communaute.models import Flag
from passerelles.core.forms import SiteForm

REASON_HELP = _(
    "Quelques mots clairs et respectueux : la personne concernée les recevra avec la décision."
)


class FlagForm(SiteForm):
    reason = forms.ChoiceField(
        label=_("Pourquoi signalez-vous ce message ?"),
        choices=Flag.Reason.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Précisions pour l'équipe d'animation (facultatif)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReasonForm(SiteForm):
    reason = forms.CharField(
        label=_("Raison"),
        max_length=1000,
        help_text=REASON_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TopicModerationForm(ReasonForm):
    PIN, UNPIN, LOCK, UNLOCK, MOVE = "pin", "unpin", "lock", "unlock", "move"

    action = forms.ChoiceField(label=_("Action"), widget=forms.RadioSelect)
    space = forms.ModelChoiceField(
        label=_("Espace de destination (pour un déplacement)"),
        queryset=None,
        required=False,
        empty_label=_("Choisir un espace"),
    )
    field_order = ["action", "space", "reason"]

    def __init__(self, *args, topic, spaces, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the gestures that change something are offered.
        choices = [
            (self.UNPIN, _("Désépingler le sujet"))
            if topic.is_pinned
            else (self.PIN, _("Épingler le sujet en haut de l'espace")),
            (self.UNLOCK, _("Rouvrir le sujet aux réponses"))
            if topic.is_locked
            else (self.LOCK, _("Verrouiller le sujet (plus de réponses)")),
        ]
        if spaces:
            choices.append((self.MOVE, _("Déplacer le sujet dans un autre espace")))
        self.fields["action"].choices = choices
        self.fields["space"].queryset = spaces
        if not spaces:
            del self.fields["space"]

    def clean(self):
        data = super().clean()
        if data.get("action") == self.MOVE and not data.get("space"):
            self.add_error("space", _("Choisissez l'espace où déplacer le sujet."))
        return data


class MessageFlagForm(SiteForm):
    reason = forms.ChoiceField(
        label=_("Pourquoi signalez-vous ce message ?"),
        # "Off topic" means nothing in a private conversation.
        choices=[choice for choice in Flag.Reason.choices if choice[0] != Flag.Reason.OFF_TOPIC],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Précisions pour l'équipe de modération (facultatif)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class MessageFlagDecisionForm(SiteForm):
    UPHELD, DISMISSED = "upheld", "dismissed"

    outcome = forms.ChoiceField(
        label=_("Décision"),
        choices=[
            (UPHELD, _("Mesure prise (avertissement, suspension…)")),
            (DISMISSED, _("Classer sans suite")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note pour le registre"),
        max_length=1000,
        help_text=_(
            "Gardée avec le signalement ; la personne qui a signalé apprend seulement si une "
            "mesure a été prise."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
