from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from passerelles.core.forms import SiteForm


class BookmarkReminderForm(SiteForm):
    remind_on = forms.DateField(
        label=_("Me le rappeler le"),
        required=False,
        help_text=_("Laissez vide pour ne pas recevoir de rappel."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_remind_on(self):
        remind_on = self.cleaned_data["remind_on"]
        if remind_on is not None and remind_on < timezone.localdate():
            raise ValidationError(_("Choisissez une date à venir (ou aujourd'hui)."))
        return remind_on
