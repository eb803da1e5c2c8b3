from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communaute.models import Poll
from communaute.models.polls import MAX_OPTIONS, MIN_OPTIONS
from passerelles.core.forms import RadioChoicesForm, SiteForm


class PollForm(RadioChoicesForm, SiteForm):
    question = forms.CharField(label=_("Question"), max_length=200)
    options = forms.CharField(
        label=_("Réponses possibles"),
        max_length=MAX_OPTIONS * 201,
        help_text=_("Une réponse par ligne, de 2 à 10 réponses."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    multiple = forms.BooleanField(
        label=_("Permettre de choisir plusieurs réponses"), required=False
    )
    closes_at = forms.DateTimeField(
        label=_("Date de clôture (facultatif)"),
        required=False,
        help_text=_("Après cette date, le sondage ne reçoit plus de votes."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    results = forms.ChoiceField(
        label=_("Les résultats sont visibles"),
        choices=Poll.Results.choices,
        initial=Poll.Results.AFTER_VOTE,
        widget=forms.RadioSelect,
    )

    def clean_options(self):
        labels = [" ".join(line.split()) for line in self.cleaned_data["options"].splitlines()]
        # The same answer twice, whatever its case, is one answer.
        first_of_each = {}
        for label in labels:
            if label:
                first_of_each.setdefault(label.casefold(), label)
        unique = list(first_of_each.values())
        if not MIN_OPTIONS <= len(unique) <= MAX_OPTIONS:
            raise ValidationError(
                _("Donnez de %(min)d à %(max)d réponses différentes, une par ligne."),
                params={"min": MIN_OPTIONS, "max": MAX_OPTIONS},
            )
        if any(len(label) > 200 for label in unique):
            raise ValidationError(_("Chaque réponse tient en 200 caractères au plus."))
        return unique

    def clean_closes_at(self):
        closes_at = self.cleaned_data["closes_at"]
        if closes_at is not None and closes_at <= timezone.now():
            raise ValidationError(_("Choisissez une date de clôture à venir."))
        return closes_at
